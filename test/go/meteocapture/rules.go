package main

import (
	"sort"
	"strings"
)

// rule selects goroutines by the functions in their stack. Every field that
// is set must hold; a group matches when any of its rules does.
type rule struct {
	Func       string   `json:"func,omitempty"`
	AnyFunc    []string `json:"any_func,omitempty"`
	FuncPrefix string   `json:"func_prefix,omitempty"`
	OnlyGoexit bool     `json:"only_goexit,omitempty"`
	EmptyStack bool     `json:"empty_stack,omitempty"`
	// PresentBeforeLoad: the goroutine id was already in the t0 dump (debug=2
	// only; profiles without ids use Label instead, or count the group
	// together with its Merge siblings when there is no label to tell).
	PresentBeforeLoad bool `json:"present_before_load,omitempty"`
	// Label "k=v" the goroutine carries; used where there are no ids.
	Label string `json:"label,omitempty"`
}

func hasFrame(frames []string, f string) bool {
	for _, x := range frames {
		if x == f {
			return true
		}
	}
	return false
}

// matchFrames checks the stack-only conditions.
func (r rule) matchFrames(frames []string) bool {
	if r.Func != "" && !hasFrame(frames, r.Func) {
		return false
	}
	if len(r.AnyFunc) > 0 {
		ok := false
		for _, f := range r.AnyFunc {
			ok = ok || hasFrame(frames, f)
		}
		if !ok {
			return false
		}
	}
	if r.FuncPrefix != "" {
		ok := false
		for _, x := range frames {
			ok = ok || strings.HasPrefix(x, r.FuncPrefix)
		}
		if !ok {
			return false
		}
	}
	if r.OnlyGoexit && !(len(frames) == 1 && frames[0] == "runtime.goexit") {
		return false
	}
	if r.EmptyStack && len(frames) != 0 {
		return false
	}
	return true
}

// matchGoroutine: a debug=2 goroutine, with the ids present at t0.
func (r rule) matchGoroutine(g goroutine, before map[int]bool) bool {
	if !r.matchFrames(g.Frames) {
		return false
	}
	return !r.PresentBeforeLoad || before[g.ID]
}

// matchRecord: a debug=1 or proto record (no ids).
func (r rule) matchRecord(rec record) bool {
	if !r.matchFrames(rec.Frames) {
		return false
	}
	if r.Label != "" {
		return hasLabel(rec.Labels, r.Label)
	}
	return true
}

func hasLabel(labels, kv string) bool {
	for _, l := range strings.Split(labels, ",") {
		if l == kv {
			return true
		}
	}
	return false
}

// assignGoroutine returns the index of the first group matching g, or -1.
func assignGoroutine(g goroutine, before map[int]bool) int {
	for i, grp := range groups {
		for _, r := range grp.Match {
			if r.matchGoroutine(g, before) {
				return i
			}
		}
	}
	return -1
}

func assignRecord(rec record) int {
	for i, grp := range groups {
		for _, r := range grp.Match {
			if r.matchRecord(rec) {
				return i
			}
		}
	}
	return -1
}

func sortStrings(s []string) { sort.Strings(s) }
