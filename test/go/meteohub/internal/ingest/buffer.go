package ingest

import (
	"sync"
	"time"
)

// Sink stores flushed samples.
type Sink func(batch []Sample)

// Buffer collects samples and hands them to the sink in batches.
type Buffer struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []Sample
	closed bool
	sink   Sink
}

// NewBuffer returns a buffer that flushes into sink.
func NewBuffer(sink Sink) *Buffer {
	b := &Buffer{sink: sink}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// Append adds samples and wakes the flusher.
func (b *Buffer) Append(s []Sample) {
	b.mu.Lock()
	b.items = append(b.items, s...)
	b.mu.Unlock()
	b.cond.Signal()
}

// Close makes FlushLoop return once the buffer is empty.
func (b *Buffer) Close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.cond.Signal()
}

// FlushLoop waits for samples and flushes them, at most every interval.
func (b *Buffer) FlushLoop(interval time.Duration) {
	for {
		b.mu.Lock()
		for len(b.items) == 0 && !b.closed {
			b.cond.Wait()
		}
		batch, closed := b.items, b.closed
		b.items = nil
		b.mu.Unlock()
		if len(batch) > 0 {
			b.sink(batch)
		}
		if closed {
			return
		}
		time.Sleep(interval)
	}
}
