package main

import (
	"strings"

	"example.com/capturekit"
)

// assignRecord is assign for a debug=1 record: a rule that needs "present
// before the load" (which debug=1 cannot tell) is decided by the record's
// route label instead.
func assignRecord(r capturekit.Record) int {
	g := capturekit.Goroutine{Frames: r.Frames}
	if len(r.Frames) == 0 {
		g.Frames = nil
	}
	for i, grp := range groups {
		for _, ru := range grp.Match {
			if ru.PresentBeforeLoad {
				ru.PresentBeforeLoad = false
				if !strings.Contains(r.Labels, `"route":"`+grp.Route+`"`) {
					continue
				}
			}
			if ru.matches(g, nil) {
				return i
			}
		}
	}
	return -1
}
