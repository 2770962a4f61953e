package store

import (
	"context"
	"log"
	"sync/atomic"
	"time"
)

// Batcher collects items and flushes them in batches: when max items are
// waiting or every interval, whichever comes first. Add never blocks: when
// the buffer is full (the database is slow), items are dropped and counted.
type Batcher[T any] struct {
	in      chan T
	max     int
	every   time.Duration
	timeout time.Duration
	flush   func(context.Context, []T) error
	quit    chan struct{}
	done    chan struct{}
	dropped atomic.Int64
}

// NewBatcher starts the batching loop; Close stops it after a last flush.
func NewBatcher[T any](max int, every, timeout time.Duration, flush func(context.Context, []T) error) *Batcher[T] {
	b := &Batcher[T]{in: make(chan T, 4*max), max: max, every: every, timeout: timeout, flush: flush,
		quit: make(chan struct{}), done: make(chan struct{})}
	go b.run()
	return b
}

// Add queues v for the next flush.
func (b *Batcher[T]) Add(v T) bool {
	select {
	case b.in <- v:
		return true
	default:
		b.dropped.Add(1)
		return false
	}
}

// Dropped is the number of items Add could not queue.
func (b *Batcher[T]) Dropped() int64 { return b.dropped.Load() }

// Close flushes what is queued and stops the loop.
func (b *Batcher[T]) Close() {
	close(b.quit)
	<-b.done
}

func (b *Batcher[T]) run() {
	defer close(b.done)
	t := time.NewTicker(b.every)
	defer t.Stop()
	var buf []T
	for {
		select {
		case v := <-b.in:
			buf = append(buf, v)
			if len(buf) >= b.max {
				buf = b.write(buf)
			}
		case <-t.C:
			buf = b.write(buf)
		case <-b.quit:
			for {
				select {
				case v := <-b.in:
					buf = append(buf, v)
				default:
					b.write(buf)
					return
				}
			}
		}
	}
}

// write flushes buf within the timeout; a failed batch is kept for the
// next attempt unless it has grown past 4*max (then it is dropped).
func (b *Batcher[T]) write(buf []T) []T {
	if len(buf) == 0 {
		return buf
	}
	ctx, cancel := context.WithTimeout(context.Background(), b.timeout)
	defer cancel()
	if err := b.flush(ctx, buf); err != nil {
		if len(buf) >= 4*b.max {
			log.Printf("batcher: dropping %d items: %v", len(buf), err)
			b.dropped.Add(int64(len(buf)))
			return buf[:0]
		}
		return buf
	}
	return buf[:0]
}
