package store

import (
	"context"
	"sync"
	"time"
)

// Pool runs evaluation jobs on a fixed set of workers.
type Pool struct {
	n    int
	jobs chan func()
}

// NewPool returns a pool of n workers (started by Run).
func NewPool(n int) *Pool { return &Pool{n: n, jobs: make(chan func(), 16)} }

// Submit queues a job, or reports false if the queue is full.
func (p *Pool) Submit(job func()) bool {
	select {
	case p.jobs <- job:
		return true
	default:
		return false
	}
}

// Run starts the workers and waits for them; they return when ctx ends.
func (p *Pool) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for i := 0; i < p.n; i++ {
		wg.Add(1)
		go p.worker(ctx, &wg)
	}
	wg.Wait()
}

func (p *Pool) worker(ctx context.Context, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case job := <-p.jobs:
			job()
		}
	}
}

// Refresher periodically rechecks the store until ctx ends.
type Refresher struct {
	Flags *Store
	Every time.Duration
	seen  int
}

// Run loops until ctx is done.
func (r *Refresher) Run(ctx context.Context) {
	t := time.NewTicker(r.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.seen = r.Flags.Touch()
		}
	}
}
