package hub

import (
	"sync"
	"time"
)

// beacon repeats "user is typing" in a room until stopped; clients show
// the indicator for a little longer than the interval.
type beacon struct {
	*time.Ticker
	room *Room
	user string
	done chan struct{}
	once sync.Once
}

// StartTyping announces that user is typing, every interval, until the
// returned stop is called.
func (r *Room) StartTyping(user string, every time.Duration) (stop func()) {
	b := &beacon{Ticker: time.NewTicker(every), room: r, user: user, done: make(chan struct{})}
	r.Publish(Message{Kind: "typing", From: user})
	go b.run()
	return b.stop
}

func (b *beacon) run() {
	for {
		select {
		case <-b.C:
			b.room.Publish(Message{Kind: "typing", From: b.user})
		case <-b.done:
			b.Stop()
			return
		}
	}
}

func (b *beacon) stop() { b.once.Do(func() { close(b.done) }) }
