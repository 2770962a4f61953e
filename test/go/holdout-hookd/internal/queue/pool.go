// Package queue runs work: a generic worker pool with a Run(ctx)
// lifecycle, and a backlog that can be drained.
package queue

import (
	"context"
	"sync"
)

// Pool runs Work for every job submitted, on Workers goroutines, until
// the context given to Run ends.
type Pool[T any] struct {
	Workers int
	Work    func(context.Context, T)
	jobs    chan T
	once    sync.Once
}

func (p *Pool[T]) init() { p.once.Do(func() { p.jobs = make(chan T) }) }

// Submit hands a job to an idle worker or gives up when ctx ends.
func (p *Pool[T]) Submit(ctx context.Context, job T) error {
	p.init()
	select {
	case p.jobs <- job:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Run starts the workers and returns when ctx ends and they have stopped.
func (p *Pool[T]) Run(ctx context.Context) {
	p.init()
	var wg sync.WaitGroup
	for i := 0; i < p.Workers; i++ {
		wg.Add(1)
		go p.worker(ctx, &wg)
	}
	wg.Wait()
}

func (p *Pool[T]) worker(ctx context.Context, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case job := <-p.jobs:
			p.Work(ctx, job)
		}
	}
}
