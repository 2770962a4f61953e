// Package logdump logs a dump of every goroutine with t.Logf when shutdown
// is slow, as tests of servers do: under `go test -v` each line of the dump
// carries the test log's indentation, and the first its file:line.
package logdump

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

type poller struct {
	stop chan struct{}
	wg   sync.WaitGroup
}

func (p *poller) run() {
	defer p.wg.Done()
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
		}
	}
}

func TestSlowShutdown(t *testing.T) {
	p := &poller{stop: make(chan struct{})}
	for i := 0; i < 2; i++ {
		p.wg.Add(1)
		go p.run()
	}
	time.Sleep(20 * time.Millisecond)
	buf := make([]byte, 1<<16)
	n := runtime.Stack(buf, true)
	t.Logf("%s", buf[:n])
	close(p.stop)
	p.wg.Wait()
}
