package ingest

import (
	"context"
	"sync"
)

// Publisher receives every applied batch (dashboards).
type Publisher interface {
	Publish(station string, value float64)
}

// Pool applies queued batches with a fixed number of workers.
type Pool struct {
	jobs chan []Sample
	agg  *Aggregator
	buf  *Buffer
	pub  Publisher
	wg   sync.WaitGroup
}

// NewPool creates a pool with a queue of the given depth.
func NewPool(depth int, agg *Aggregator, buf *Buffer, pub Publisher) *Pool {
	return &Pool{jobs: make(chan []Sample, depth), agg: agg, buf: buf, pub: pub}
}

// Start runs n workers.
func (p *Pool) Start(n int) {
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.worker()
	}
}

// Stop closes the queue and waits for the workers.
func (p *Pool) Stop() {
	close(p.jobs)
	p.wg.Wait()
}

// Enqueue queues a batch unless ctx ends first.
func (p *Pool) Enqueue(ctx context.Context, batch []Sample) error {
	select {
	case p.jobs <- batch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *Pool) worker() {
	defer p.wg.Done()
	for batch := range p.jobs {
		p.agg.Add(batch)
		p.buf.Append(batch)
		for _, s := range batch {
			p.pub.Publish(s.Station, s.Value)
		}
	}
}
