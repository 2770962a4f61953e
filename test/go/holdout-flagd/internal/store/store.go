// Package store keeps the flags in memory and tells watchers about changes.
package store

import (
	"sort"
	"sync"
)

// Flag is one feature flag.
type Flag struct {
	Name    string `json:"name"`
	On      bool   `json:"on"`
	Version uint64 `json:"version"`
}

// Store holds the flags and their subscribers.
type Store struct {
	mu       sync.Mutex
	flags    map[string]Flag
	version  uint64
	subs     map[string]map[chan Flag]bool
	watchers map[string][]chan Flag
}

// New returns an empty store.
func New() *Store {
	return &Store{flags: map[string]Flag{}, subs: map[string]map[chan Flag]bool{}, watchers: map[string][]chan Flag{}}
}

// Get returns the named flag.
func (s *Store) Get(name string) (Flag, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flags[name]
	return f, ok
}

// All returns every flag, by name.
func (s *Store) All() []Flag {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Flag, 0, len(s.flags))
	for _, f := range s.flags {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Set stores a flag and notifies its subscribers and watchers without
// blocking (a slow one misses the change and rereads).
func (s *Store) Set(f Flag) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.version++
	f.Version = s.version
	s.flags[f.Name] = f
	for ch := range s.subs[f.Name] {
		select {
		case ch <- f:
		default:
		}
	}
	for _, ch := range s.watchers[f.Name] {
		select {
		case ch <- f:
		default:
		}
	}
}

// Subscribe returns a channel of the flag's next changes and a function
// that ends the subscription.
func (s *Store) Subscribe(name string) (<-chan Flag, func()) {
	ch := make(chan Flag, 1)
	s.mu.Lock()
	if s.subs[name] == nil {
		s.subs[name] = map[chan Flag]bool{}
	}
	s.subs[name][ch] = true
	s.mu.Unlock()
	return ch, func() {
		s.mu.Lock()
		delete(s.subs[name], ch)
		s.mu.Unlock()
	}
}

// Watch registers a channel that receives every change of the flag for
// the life of the store.
func (s *Store) Watch(name string) <-chan Flag {
	ch := make(chan Flag, 4)
	s.mu.Lock()
	s.watchers[name] = append(s.watchers[name], ch)
	s.mu.Unlock()
	return ch
}

// Touch bumps nothing but proves the store is reachable (refresher).
func (s *Store) Touch() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.flags)
}
