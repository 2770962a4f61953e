package api

import (
	"context"
	"sync"
	"time"
)

type deliveryStatus struct {
	State   string    `json:"state"`
	Touched time.Time `json:"touched"`
	final   bool
}

// tracker knows the status of deliveries and endpoints.
type tracker struct {
	mu sync.Mutex
	m  map[string]deliveryStatus
}

func (t *tracker) status(id string) (deliveryStatus, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	st, ok := t.m[id]
	return st, ok
}

func (t *tracker) set(id string, st deliveryStatus) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]deliveryStatus{}
	}
	st.Touched = time.Now()
	t.m[id] = st
}

func (t *tracker) touch(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if st, ok := t.m[id]; ok {
		st.Touched = time.Now()
		t.m[id] = st
	}
}

type event struct {
	Endpoint string `json:"endpoint"`
	Kind     string `json:"kind"`
}

// bus fans events out to subscribers of a topic; a slow subscriber
// misses events rather than blocking the publisher.
type bus struct {
	mu   sync.Mutex
	subs map[string][]chan event
}

func (b *bus) subscribe(topic string) chan event {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs == nil {
		b.subs = map[string][]chan event{}
	}
	ch := make(chan event, 1)
	b.subs[topic] = append(b.subs[topic], ch)
	return ch
}

func (b *bus) unsubscribe(topic string, ch chan event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	list := b.subs[topic]
	for i, c := range list {
		if c == ch {
			b.subs[topic] = append(list[:i:i], list[i+1:]...)
			return
		}
	}
}

func (b *bus) publish(topic string, ev event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, ch := range b.subs[topic] {
		select {
		case ch <- ev:
		default:
		}
	}
}

// limiter hands out tokens at a fixed rate; a rate of 0 disables it.
type limiter struct {
	tokens chan struct{}
}

func newLimiter(ctx context.Context, perSecond int) *limiter {
	l := &limiter{}
	if perSecond > 0 {
		l.tokens = make(chan struct{}, perSecond)
		go l.refill(ctx, time.Second/time.Duration(perSecond))
	}
	return l
}

func (l *limiter) refill(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			select {
			case l.tokens <- struct{}{}:
			default:
			}
		}
	}
}

func (l *limiter) wait() { <-l.tokens }
