package queue

import "sync"

// Backlog is a FIFO of items waiting for a consumer (dead letters, say).
// Drained blocks until a consumer has taken every item.
type Backlog struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []string
}

func NewBacklog(items ...string) *Backlog {
	b := &Backlog{items: items}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *Backlog) Push(item string) {
	b.mu.Lock()
	b.items = append(b.items, item)
	b.mu.Unlock()
}

// Pop takes the oldest item; it wakes the drainers.
func (b *Backlog) Pop() (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.items) == 0 {
		return "", false
	}
	it := b.items[0]
	b.items = b.items[1:]
	b.cond.Broadcast()
	return it, true
}

// Drained returns once the backlog is empty.
func (b *Backlog) Drained() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.items) > 0 {
		b.cond.Wait()
	}
}

func (b *Backlog) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.items)
}
