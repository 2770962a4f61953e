package capturekit

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Outcomes counts what the load's requests got, per route, and keeps a
// problem line for every request that did not get what it should.
type Outcomes struct {
	mu  sync.Mutex
	M   map[string]map[string]int // route -> outcome -> requests
	Bad []string
}

// Add records one request's outcome; got != want is a problem.
func (o *Outcomes) Add(route, path, got, want string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.M == nil {
		o.M = map[string]map[string]int{}
	}
	if o.M[route] == nil {
		o.M[route] = map[string]int{}
	}
	o.M[route][got]++
	if got != want {
		o.Bad = append(o.Bad, fmt.Sprintf("%s %s: got %s, want %s", route, path, got, want))
	}
}

// Summary is one line, routes sorted: route=map[outcome:requests].
func (o *Outcomes) Summary() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var lines []string
	for r, m := range o.M {
		lines = append(lines, fmt.Sprintf("%s=%v", r, m))
	}
	sort.Strings(lines)
	return strings.Join(lines, " ")
}
