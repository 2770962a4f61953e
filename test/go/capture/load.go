package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// oneShot clients never reuse a connection: each request is its own
// connection, closed when the client gives up or the response is read.
func oneShot(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
}

// outcomes counts "route -> outcome" where outcome is a status or "gave up".
type outcomes struct {
	mu  sync.Mutex
	m   map[string]map[string]int
	bad []string
}

func (o *outcomes) add(c call, got string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.m == nil {
		o.m = map[string]map[string]int{}
	}
	if o.m[c.Route] == nil {
		o.m[c.Route] = map[string]int{}
	}
	o.m[c.Route][got]++
	want := "gave up"
	if c.Expect != gaveUp {
		want = fmt.Sprint(c.Expect)
	}
	if got != want {
		o.bad = append(o.bad, fmt.Sprintf("%s %s: got %s, want %s", c.Method, c.Path, got, want))
	}
}

// send fires n[route] requests of every kind at once and waits for all
// outcomes.
func send(base string, n map[string]int, o *outcomes) {
	var wg sync.WaitGroup
	for _, c := range calls {
		for i := 0; i < n[c.Route]; i++ {
			c := c
			wg.Add(1)
			go func() {
				defer wg.Done()
				o.add(c, do(base, c))
			}()
		}
	}
	wg.Wait()
}

func do(base string, c call) string {
	req, err := c.newRequest(base)
	if err != nil {
		return "error: " + err.Error()
	}
	resp, err := oneShot(c.Timeout).Do(req)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return "gave up"
		}
		return "error: " + err.Error()
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return fmt.Sprint(resp.StatusCode)
}

// holds are the healthy clients kept connected through every capture.
type holds struct {
	idle []*http.Transport // kept so their connections stay open and idle
}

func hold(base string) (*holds, error) {
	h := &holds{}
	ready := make(chan error)
	longPoll := func(path string) {
		resp, err := oneShot(0).Get(base + path)
		ready <- err
		if err == nil {
			io.Copy(io.Discard, resp.Body) // until the service exits
			resp.Body.Close()
		}
	}
	for i := 0; i < holdEvents; i++ {
		go longPoll("/v1/events")
	}
	for i := 0; i < holdSubscribe; i++ {
		go longPoll("/v1/ledger/subscribe")
	}
	for i := 0; i < holdEvents+holdSubscribe; i++ {
		if err := <-ready; err != nil {
			return nil, fmt.Errorf("long poll: %w", err)
		}
	}
	for i := 0; i < holdIdle; i++ {
		tr := &http.Transport{}
		resp, err := (&http.Client{Transport: tr, Timeout: 2 * time.Second}).Get(base + "/healthz")
		if err != nil {
			return nil, fmt.Errorf("keep-alive connection: %w", err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		h.idle = append(h.idle, tr)
	}
	resp, err := oneShot(2 * time.Second).Get(base + "/v1/health/deps")
	if err != nil {
		return nil, fmt.Errorf("dependency health: %w", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("dependency health: status %d", resp.StatusCode)
	}
	return h, nil
}

func (o *outcomes) summary() string {
	var lines []string
	for r, m := range o.m {
		lines = append(lines, fmt.Sprintf("%s=%v", r, m))
	}
	sort.Strings(lines)
	return strings.Join(lines, " ")
}
