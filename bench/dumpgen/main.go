// dumpgen writes a large, real goroutine dump for bench/treePath.ts: N goroutines parked by this
// program's own code, printed by runtime.Stack(buf, true) (the text of goroutine?debug=2 without
// its 64 MiB cap), so that the extension finds this file as the dump's source when the bench opens
// bench/dumpgen as its workspace. The mix, for N goroutines:
//
//   - 60% leaked request handlers, served through a real http.ServeMux by one goroutine per
//     request whose context is already cancelled (the client left): 24% parked in a select
//     without ctx.Done (checkout), 18% started a goroutine that sends on an unbuffered channel
//     nobody reads (report), 12% wait for a mutex held forever (inventory), 6% receive on a
//     channel without ctx.Done (search);
//   - 40% background workers over 2,000 distinct stacks (a path of stepA/stepB calls given by the
//     bits of the worker's index), parked in a channel receive, a select, a sync.Cond or a sleep.
//
// Usage: go run . -n 100000 -o OUT.txt [-copies 10]. -copies writes the dump that many times, the
// goroutine ids of copy k (and their `in goroutine N` parents) raised by k times the largest id:
// a 1M-goroutine dump from 100k parked goroutines, without the 5 GiB a million of them take.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"time"
)

type shop struct {
	mu     sync.Mutex
	orders chan int
	ready  chan string
	parked sync.WaitGroup
}

// checkout waits for an order or an hour, but not for its request's context: it outlives the client.
func (s *shop) checkout(w http.ResponseWriter, r *http.Request) {
	s.parked.Done()
	select {
	case <-time.After(time.Hour):
	case o := <-s.orders:
		fmt.Fprint(w, o)
	}
}

// report hands its result to a goroutine that sends on an unbuffered channel and returns.
func (s *shop) report(w http.ResponseWriter, r *http.Request) {
	results := make(chan string)
	go func() {
		s.parked.Done()
		results <- "report"
	}()
}

// inventory waits for a lock that hold keeps for ever.
func (s *shop) inventory(w http.ResponseWriter, r *http.Request) {
	s.parked.Done()
	s.mu.Lock()
	defer s.mu.Unlock()
}

// search receives on a channel nobody sends on, without a ctx.Done case.
func (s *shop) search(w http.ResponseWriter, r *http.Request) {
	s.parked.Done()
	fmt.Fprint(w, <-s.ready)
}

func (s *shop) hold(locked chan<- struct{}) {
	s.mu.Lock()
	close(locked)
	select {}
}

// serve plays net/http's connection goroutine: one request, whose client has already gone.
func serve(mux *http.ServeMux, route string) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest(http.MethodGet, route, nil).WithContext(ctx)
	mux.ServeHTTP(httptest.NewRecorder(), req)
}

//go:noinline
func stepA(path, depth int, park func()) { step(path, depth, park) }

//go:noinline
func stepB(path, depth int, park func()) { step(path, depth, park) }

//go:noinline
func step(path, depth int, park func()) {
	if depth == 0 {
		park()
		return
	}
	if path&1 == 1 {
		stepA(path>>1, depth-1, park)
	} else {
		stepB(path>>1, depth-1, park)
	}
}

// worker i descends the path of the bits of i+2 below its leading one, then parks by i mod 4.
func worker(i int, parked *sync.WaitGroup, jobs chan int, cond *sync.Cond) {
	path, depth := i+2, 0
	for p := path; p > 1; p >>= 1 {
		depth++
	}
	step(path, depth, func() {
		parked.Done()
		switch i % 4 {
		case 0:
			<-jobs
		case 1:
			select {
			case <-jobs:
			case <-time.After(24 * time.Hour):
			}
		case 2:
			cond.L.Lock()
			cond.Wait()
			cond.L.Unlock()
		default:
			time.Sleep(24 * time.Hour)
		}
	})
}

var idLine = regexp.MustCompile(`^goroutine (\d+) \[|in goroutine (\d+)$`)

// writeCopies writes dump `copies` times, the ids of copy k raised by k*maxID.
func writeCopies(out *bufio.Writer, dump []byte, copies int) error {
	maxID := 0
	for _, line := range bytes.Split(dump, []byte("\n")) {
		if m := idLine.FindSubmatch(line); m != nil && m[1] != nil {
			if id, _ := strconv.Atoi(string(m[1])); id > maxID {
				maxID = id
			}
		}
	}
	for k := 0; k < copies; k++ {
		if k > 0 {
			out.WriteString("\n")
		}
		shift := k * maxID
		lines := bytes.Split(bytes.TrimRight(dump, "\n"), []byte("\n"))
		for _, line := range lines {
			if shift > 0 {
				if m := idLine.FindSubmatchIndex(line); m != nil {
					g := 2
					if m[2] < 0 {
						g = 4
					}
					id, _ := strconv.Atoi(string(line[m[g]:m[g+1]]))
					line = append(append(append([]byte{}, line[:m[g]]...), strconv.Itoa(id+shift)...), line[m[g+1]:]...)
				}
			}
			out.Write(line)
			out.WriteString("\n")
		}
	}
	return out.Flush()
}

func main() {
	n := flag.Int("n", 100000, "goroutines to park")
	outPath := flag.String("o", "", "file to write the dump to")
	copies := flag.Int("copies", 1, "times to write the dump, ids renumbered")
	flag.Parse()
	if *outPath == "" {
		fmt.Fprintln(os.Stderr, "usage: dumpgen -n N -o OUT.txt [-copies K]")
		os.Exit(2)
	}
	s := &shop{orders: make(chan int), ready: make(chan string)}
	locked := make(chan struct{})
	go s.hold(locked)
	<-locked
	mux := http.NewServeMux()
	mux.HandleFunc("/checkout", s.checkout)
	mux.HandleFunc("/report", s.report)
	mux.HandleFunc("/inventory", s.inventory)
	mux.Handle("/search", http.TimeoutHandler(http.HandlerFunc(s.search), time.Hour, "timeout"))
	routes := []struct {
		path  string
		share int // per mille of N
	}{{"/checkout", 240}, {"/report", 180}, {"/inventory", 120}, {"/search", 60}}
	for _, r := range routes {
		count := *n * r.share / 1000
		s.parked.Add(count)
		for i := 0; i < count; i++ {
			go serve(mux, r.path)
		}
	}
	workers := *n * 400 / 1000
	jobs := make(chan int)
	cond := sync.NewCond(&sync.Mutex{})
	s.parked.Add(workers)
	for i := 0; i < workers; i++ {
		go worker(i%2000, &s.parked, jobs, cond)
	}
	s.parked.Wait()
	// Let the last ones reach their wait (Done comes just before it).
	time.Sleep(500 * time.Millisecond)
	buf := make([]byte, 64<<20)
	for {
		k := runtime.Stack(buf, true)
		if k < len(buf) {
			buf = buf[:k]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	f, err := os.Create(*outPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := writeCopies(bufio.NewWriterSize(f, 1<<20), buf, *copies); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
