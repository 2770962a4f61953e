package main

import (
	"strings"

	"example.com/capturekit"
)

// rule selects goroutines by function names in their stack. Every field
// that is set must hold; a group matches when any of its rules does.
type rule struct {
	Func              string   `json:"func,omitempty"`
	AnyFunc           []string `json:"any_func,omitempty"`
	FuncPrefix        string   `json:"func_prefix,omitempty"`
	OnlyGoexit        bool     `json:"only_goexit,omitempty"`
	EmptyStack        bool     `json:"empty_stack,omitempty"`
	PresentBeforeLoad bool     `json:"present_before_load,omitempty"`
}

func hasFrame(g capturekit.Goroutine, f string) bool {
	for _, x := range g.Frames {
		if x == f {
			return true
		}
	}
	return false
}

func (r rule) matches(g capturekit.Goroutine, beforeLoad map[int]bool) bool {
	if r.Func != "" && !hasFrame(g, r.Func) {
		return false
	}
	if len(r.AnyFunc) > 0 {
		ok := false
		for _, f := range r.AnyFunc {
			ok = ok || hasFrame(g, f)
		}
		if !ok {
			return false
		}
	}
	if r.FuncPrefix != "" {
		ok := false
		for _, x := range g.Frames {
			ok = ok || strings.HasPrefix(x, r.FuncPrefix)
		}
		if !ok {
			return false
		}
	}
	if r.OnlyGoexit && !(len(g.Frames) == 1 && g.Frames[0] == "runtime.goexit") {
		return false
	}
	if r.EmptyStack && len(g.Frames) != 0 {
		return false
	}
	if r.PresentBeforeLoad && !beforeLoad[g.ID] {
		return false
	}
	return true
}
