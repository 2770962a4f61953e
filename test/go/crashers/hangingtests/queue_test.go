// Package hangingtests is a job queue whose tests hang: drain waits for
// workers that wait for jobs nobody closes, and a handshake waits for a
// reply the server never sends. `go test -timeout 2s` ends them with the
// runtime's dump of every goroutine.
package hangingtests

import (
	"sync"
	"testing"
)

type queue struct {
	jobs chan int
	wg   sync.WaitGroup
}

func newQueue(workers int) *queue {
	q := &queue{jobs: make(chan int)}
	for i := 0; i < workers; i++ {
		q.wg.Add(1)
		go q.work()
	}
	return q
}

func (q *queue) work() {
	defer q.wg.Done()
	for j := range q.jobs {
		_ = j
	}
}

// drain waits for the workers; it forgets to close the jobs channel first.
func (q *queue) drain() {
	q.wg.Wait()
}

type server struct {
	requests chan string
	replies  chan string
}

// start runs the server's loop in the background, as a listener would.
func (s *server) start() {
	go s.loop()
}

func (s *server) loop() {
	for r := range s.requests {
		if r == "hello" {
			continue // the reply is never sent
		}
		s.replies <- r
	}
}

func TestQuick(t *testing.T) {
	q := newQueue(1)
	close(q.jobs)
	q.drain()
}

func TestDrain(t *testing.T) {
	t.Parallel()
	t.Run("empty", func(t *testing.T) {
		t.Parallel()
		newQueue(2).drain()
	})
	t.Run("one job", func(t *testing.T) {
		t.Parallel()
		q := newQueue(1)
		q.jobs <- 1
		q.drain()
	})
}

func TestHandshake(t *testing.T) {
	t.Parallel()
	s := &server{requests: make(chan string), replies: make(chan string)}
	s.start()
	s.requests <- "hello"
	if got := <-s.replies; got != "welcome" {
		t.Fatalf("got %q", got)
	}
}
