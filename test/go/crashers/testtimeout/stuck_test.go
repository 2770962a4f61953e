package testtimeout

import (
	"sync"
	"testing"
)

type pool struct {
	mu    sync.Mutex
	conns []int
	cond  *sync.Cond
}

func newPool() *pool {
	p := &pool{}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// acquire waits for a free connection.
func (p *pool) acquire() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.conns) == 0 {
		p.cond.Wait()
	}
	c := p.conns[0]
	p.conns = p.conns[1:]
	return c
}

func TestAcquireAfterClose(t *testing.T) {
	p := newPool()
	got := make(chan int)
	go func() { got <- p.acquire() }()
	if c := <-got; c != 0 {
		t.Fatalf("got conn %d", c)
	}
}
