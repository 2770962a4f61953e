// Package ingest accepts readings from stations: a handler queues batches,
// a worker pool applies them to the aggregator and a buffer flushes them to
// the recent tier.
package ingest

import (
	"sync"
	"time"
)

// Sample is one reading as received.
type Sample struct {
	Station string
	At      time.Time
	Value   float64
}

// Aggregator keeps the samples of the current hour per station and wakes
// the readers waiting for more.
type Aggregator struct {
	mu     sync.Mutex
	cond   *sync.Cond
	series map[string][]Sample
}

// NewAggregator returns an empty aggregator.
func NewAggregator() *Aggregator {
	a := &Aggregator{series: map[string][]Sample{}}
	a.cond = sync.NewCond(&a.mu)
	return a
}

// Add appends samples and wakes every waiter.
func (a *Aggregator) Add(batch []Sample) {
	a.mu.Lock()
	for _, s := range batch {
		a.series[s.Station] = append(a.series[s.Station], s)
	}
	a.mu.Unlock()
	a.cond.Broadcast()
}

// WaitSamples blocks until the station has at least n samples and returns
// a copy of them.
func (a *Aggregator) WaitSamples(station string, n int) []Sample {
	a.mu.Lock()
	defer a.mu.Unlock()
	for len(a.series[station]) < n {
		a.cond.Wait()
	}
	return append([]Sample(nil), a.series[station]...)
}

// Latest returns the last value of a station.
func (a *Aggregator) Latest(station string) (float64, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.series[station]
	if len(s) == 0 {
		return 0, false
	}
	return s[len(s)-1].Value, true
}
