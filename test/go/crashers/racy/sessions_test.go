// Package racy is a session store written the way such code often is before
// anyone runs the race detector: a hit counter bumped from request goroutines
// and a token cache refreshed in the background while it is read. Its tests
// pass without -race; `go test -race` reports the data races.
package racy

import (
	"sync"
	"testing"
	"time"
)

type stats struct {
	hits int
}

// record counts a hit (no lock: the race).
func (s *stats) record() {
	s.hits++
}

type tokenCache struct {
	tokens map[string]string
}

func (c *tokenCache) get(key string) string {
	return c.tokens[key]
}

func (c *tokenCache) refresh() {
	c.tokens["api"] = "rotated"
}

// startRefresher refreshes the cache once in the background and closes done.
func startRefresher(c *tokenCache, done chan<- struct{}) {
	go func() {
		c.refresh()
		close(done)
	}()
}

func TestHitCounter(t *testing.T) {
	s := &stats{}
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.record()
			time.Sleep(20 * time.Millisecond)
		}()
	}
	wg.Wait()
	if s.hits == 0 {
		t.Fatal("no hits recorded")
	}
}

func TestTokenCache(t *testing.T) {
	c := &tokenCache{tokens: map[string]string{"api": "initial"}}
	done := make(chan struct{})
	startRefresher(c, done)
	time.Sleep(20 * time.Millisecond)
	if c.get("api") == "" {
		t.Error("no token")
	}
	<-done
}
