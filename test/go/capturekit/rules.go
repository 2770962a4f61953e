package capturekit

import "strings"

// Marks are the goroutine ids of the debug=2 dumps a driver takes at named
// moments of its run ("held", "translating"), by mark name.
type Marks = map[string]map[int]bool

// Rule selects goroutines by function names in their stack. Every field
// that is set must hold; a group matches when any of its rules does.
type Rule struct {
	Func       string   `json:"func,omitempty"`
	AnyFunc    []string `json:"any_func,omitempty"`
	FuncPrefix string   `json:"func_prefix,omitempty"`
	OnlyGoexit bool     `json:"only_goexit,omitempty"`
	EmptyStack bool     `json:"empty_stack,omitempty"`
	// PresentAt: the goroutine's id was in the debug=2 dump the driver took
	// at that mark (see "marks"). Without ids (debug=1, proto) the group's
	// route label stands in for it.
	PresentAt string `json:"present_at,omitempty"`
}

// HasFrame tells whether f is one of the frames' functions.
func HasFrame(frames []string, f string) bool {
	for _, x := range frames {
		if x == f {
			return true
		}
	}
	return false
}

// Matches tells whether a goroutine (id >= 0) or a debug=1/proto record
// (id < 0, labels as printed) satisfies the rule; route is the route of
// the rule's group.
func (r Rule) Matches(frames []string, id int, labels string, route string, marks Marks) bool {
	if r.Func != "" && !HasFrame(frames, r.Func) {
		return false
	}
	if len(r.AnyFunc) > 0 {
		ok := false
		for _, f := range r.AnyFunc {
			ok = ok || HasFrame(frames, f)
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
	if r.PresentAt != "" {
		if id >= 0 {
			return marks[r.PresentAt][id]
		}
		return route != "" && strings.Contains(labels, `"route":"`+route+`"`)
	}
	return true
}
