package web

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"
)

// Metrics aggregates request counts and latencies, written out periodically.
type Metrics struct {
	mu      sync.Mutex
	byClass [6]uint64
	total   time.Duration
	out     io.Writer
}

// NewMetrics writes its summaries to out.
func NewMetrics(out io.Writer) *Metrics { return &Metrics{out: out} }

func (m *Metrics) observe(status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c := status / 100; c >= 0 && c < len(m.byClass) {
		m.byClass[c]++
	}
	m.total += d
}

// Run writes a summary every interval until ctx is done.
func (m *Metrics) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			m.flush()
		case <-ctx.Done():
			m.flush()
			return
		}
	}
}

func (m *Metrics) flush() {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintf(m.out, "requests 2xx=%d 3xx=%d 4xx=%d 5xx=%d time=%s\n",
		m.byClass[2], m.byClass[3], m.byClass[4], m.byClass[5], m.total)
}
