// Package hub keeps relayd's rooms in memory: the recent messages of each
// room, its subscribers (event streams, sockets) and its typing indicators.
package hub

import (
	"sync"
	"time"
)

// Message is one event in a room.
type Message struct {
	Seq  uint64    `json:"seq"`
	Room string    `json:"room"`
	Kind string    `json:"kind"` // "message", "typing", "topic", "invite"
	From string    `json:"from"`
	Text string    `json:"text,omitempty"`
	At   time.Time `json:"at"`
}

// Options configure a Hub.
type Options struct {
	// Recent is how many messages each room keeps for long polls (default 200).
	Recent int
	// SweepEvery is how often rooms nobody used for IdleAfter are dropped
	// (default 1 minute; IdleAfter defaults to 30 minutes).
	SweepEvery time.Duration
	IdleAfter  time.Duration
}

// Hub owns the rooms. Close stops its janitor.
type Hub struct {
	opts  Options
	mu    sync.Mutex
	rooms map[string]*Room
	quit  chan struct{}
	done  chan struct{}
}

// New returns a hub and starts its janitor.
func New(opts Options) *Hub {
	if opts.Recent <= 0 {
		opts.Recent = 200
	}
	if opts.SweepEvery <= 0 {
		opts.SweepEvery = time.Minute
	}
	if opts.IdleAfter <= 0 {
		opts.IdleAfter = 30 * time.Minute
	}
	h := &Hub{opts: opts, rooms: map[string]*Room{}, quit: make(chan struct{}), done: make(chan struct{})}
	go h.janitor()
	return h
}

// Close stops the janitor and waits for it.
func (h *Hub) Close() {
	close(h.quit)
	<-h.done
}

// Room returns the room with this id, creating it on first use.
func (h *Hub) Room(id string) *Room {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.rooms[id]
	if r == nil {
		r = &Room{ID: id, keep: h.opts.Recent, subs: map[*Subscription]struct{}{}, changed: make(chan struct{}), used: time.Now()}
		h.rooms[id] = r
	}
	return r
}

func (h *Hub) janitor() {
	defer close(h.done)
	t := time.NewTicker(h.opts.SweepEvery)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			h.sweep(now)
		case <-h.quit:
			return
		}
	}
}

func (h *Hub) sweep(now time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for id, r := range h.rooms {
		if r.idleSince(now) > h.opts.IdleAfter {
			delete(h.rooms, id)
		}
	}
}

// Room is one chat room.
type Room struct {
	ID string

	mu      sync.Mutex
	keep    int
	seq     uint64
	recent  []Message
	topic   string
	subs    map[*Subscription]struct{}
	changed chan struct{} // closed and replaced on every message
	used    time.Time
}

func (r *Room) idleSince(now time.Time) time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.subs) > 0 {
		return 0
	}
	return now.Sub(r.used)
}

// Publish numbers m, keeps it, and hands it to every subscriber that has
// room in its buffer (a slow subscriber misses messages rather than
// slowing the room down).
func (r *Room) Publish(m Message) Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seq++
	m.Seq, m.Room, r.used = r.seq, r.ID, time.Now()
	if m.At.IsZero() {
		m.At = r.used
	}
	if m.Kind == "" {
		m.Kind = "message"
	}
	r.recent = append(r.recent, m)
	if len(r.recent) > r.keep {
		r.recent = append(r.recent[:0], r.recent[len(r.recent)-r.keep:]...)
	}
	for s := range r.subs {
		select {
		case s.c <- m:
		default:
			s.dropped++
		}
	}
	close(r.changed)
	r.changed = make(chan struct{})
	return m
}

// Changed returns a channel closed by the next Publish.
func (r *Room) Changed() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.changed
}

// Since returns the kept messages after seq.
func (r *Room) Since(seq uint64) []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Message
	for _, m := range r.recent {
		if m.Seq > seq {
			out = append(out, m)
		}
	}
	return out
}

// Last returns the newest message of kind "message", if any.
func (r *Room) Last() (Message, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.recent) - 1; i >= 0; i-- {
		if r.recent[i].Kind == "message" {
			return r.recent[i], true
		}
	}
	return Message{}, false
}

// Seq returns the number of the newest message.
func (r *Room) Seq() uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seq
}

// SetTopic changes the topic and tells the room.
func (r *Room) SetTopic(by, topic string) {
	r.mu.Lock()
	r.topic = topic
	r.mu.Unlock()
	r.Publish(Message{Kind: "topic", From: by, Text: topic})
}

// Subscription receives the room's messages until Cancel.
type Subscription struct {
	room    *Room
	c       chan Message
	dropped int
	once    sync.Once
}

// Subscribe registers a subscriber with a buffer of buf messages.
func (r *Room) Subscribe(buf int) *Subscription {
	s := &Subscription{room: r, c: make(chan Message, buf)}
	r.mu.Lock()
	r.subs[s] = struct{}{}
	r.used = time.Now()
	r.mu.Unlock()
	return s
}

// C delivers the messages; it is closed by Cancel.
func (s *Subscription) C() <-chan Message { return s.c }

// Cancel unregisters the subscriber and closes C.
func (s *Subscription) Cancel() {
	s.once.Do(func() {
		s.room.mu.Lock()
		delete(s.room.subs, s)
		s.room.mu.Unlock()
		close(s.c)
	})
}
