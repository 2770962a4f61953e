package capturekit

import "strings"

// Group is one row of a ground-truth design, for a driver whose captures
// are described by moments of type M (what the load implies at a capture).
type Group[M any] struct {
	ID      string
	Route   string // the route whose requests created it ("" for background goroutines)
	Kind    string
	Handler string
	What    string
	Why     string // why it leaks, or why it is healthy, in Go terms
	Match   []Rule
	Count   func(m M) (lo, hi int)
	// KindAt overrides Kind at some moments (by moment name): a goroutine
	// can outlive what kept it healthy, or go from in flight to idle.
	KindAt map[string]string
	// Debug1With names the group this one is counted together with in
	// debug=1 and proto, where they cannot be told apart (no ids, no labels).
	Debug1With string
}

// KindFor is the group's kind at the named moment.
func (g Group[M]) KindFor(moment string) string {
	if k, ok := g.KindAt[moment]; ok {
		return k
	}
	return g.Kind
}

// IsLeakFor tells whether the group's goroutines are leaked at the named
// moment: every kind but the "healthy…" ones and "runtime" is a leak.
func (g Group[M]) IsLeakFor(moment string) bool {
	k := g.KindFor(moment)
	return !strings.HasPrefix(k, "healthy") && k != "runtime"
}

// Design is a driver's ground-truth design: its groups, in matching order,
// and what the checks need to know of the capture requests' own
// goroutines.
type Design[M any] struct {
	Groups []Group[M]
	// CaptureGroups are the capture's own goroutines: each profile request
	// has its own, so their counts are not compared across formats.
	CaptureGroups map[string]bool
	// ReaderGroups are the groups of connections' background readers
	// (started or not yet) that the capture request's connection adds one
	// to, besides HeldReaders.
	ReaderGroups []string
	// HeldReaders is the number of background readers of connections whose
	// client is connected at the moment, besides the capture's own.
	HeldReaders func(m M) int
}

// GroupOf returns the index of the first group matching a goroutine (id
// >= 0, with marks) or a debug=1/proto record (id < 0, labels as
// printed), or -1.
func (d *Design[M]) GroupOf(frames []string, id int, labels string, marks Marks) int {
	for i, g := range d.Groups {
		for _, r := range g.Match {
			if r.Matches(frames, id, labels, g.Route, marks) {
				return i
			}
		}
	}
	return -1
}
