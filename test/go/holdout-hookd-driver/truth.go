package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type groupTruth struct {
	ID                 string            `json:"id"`
	Route              *string           `json:"route"`
	Handler            *string           `json:"handler"`
	Kind               string            `json:"kind"`
	IsLeak             bool              `json:"is_leak"`
	Count              int               `json:"count"`
	ExpectedCount      [2]int            `json:"expected_count"`
	Observed           map[string]int    `json:"observed"`
	Debug1CountedWith  string            `json:"debug1_counted_with,omitempty"`
	WaitState          *string           `json:"wait_state"`
	WaitStatesObserved map[string]int    `json:"wait_states_observed"`
	CreatedBy          *string           `json:"created_by"`
	HeaderLabels       map[string]int    `json:"debug2_header_labels,omitempty"`
	Match              []rule            `json:"match"`
	GoroutineIDs       []int             `json:"goroutine_ids"`
	What               string            `json:"what"`
	Why                string            `json:"why"`
	RuntimeLeak        *runtimeLeakTruth `json:"runtime_leak_detector,omitempty"`
}

type runtimeLeakTruth struct {
	Flagged      int   `json:"flagged"`
	InGroup      int   `json:"in_group"`
	FlaggedIDs   []int `json:"flagged_goroutine_ids"`
	MarkedInDump int   `json:"marked_leaked_in_goroutine_debug2"`
}

type captureTruth struct {
	moment
	SecondsAfterLoad float64           `json:"seconds_after_initial_load_end"`
	Files            map[string]string `json:"files"`
	Total            int               `json:"total_goroutines"`
	Leaked           int               `json:"leaked_goroutines"`
	Healthy          int               `json:"healthy_goroutines"`
	Totals           map[string]int    `json:"totals_by_format"`
	RuntimeFlagged   *int              `json:"runtime_leak_detector_flagged,omitempty"`
	Groups           []*groupTruth     `json:"groups"`
}

// captureGroups are the capture's own goroutines: each profile request has
// its own, so their counts are not compared across formats.
var captureGroups = map[string]bool{"pprof-capture": true, "capture-bgread-not-started": true, "capture-previous-conn": true, "conn-background-read": true}

func truthFor(dir string, m moment, files map[string]string, marks map[string]map[int]bool, leak bool) (*captureTruth, []string) {
	var problems []string
	bad := func(format string, args ...interface{}) {
		problems = append(problems, m.Name+": "+fmt.Sprintf(format, args...))
	}
	data, err := os.ReadFile(filepath.Join(dir, files["goroutine_debug2"]))
	if err != nil {
		return &captureTruth{}, []string{err.Error()}
	}
	gs, err := parseDump(data)
	if err != nil {
		return &captureTruth{}, []string{m.Name + ": " + err.Error()}
	}
	c := &captureTruth{moment: m, Files: files, Total: len(gs), Totals: map[string]int{"debug2": len(gs)}}
	byID := map[int]int{}
	for _, g := range gs {
		byID[g.ID] = groupOf(g.Frames, g.ID, "", marks)
		if byID[g.ID] < 0 {
			bad("goroutine %d [%s] matches no group: %s", g.ID, g.RawState, strings.Join(g.Frames, " < "))
		}
	}
	for i, grp := range groups {
		lo, hi := grp.Count(m)
		gt := &groupTruth{ID: grp.ID, Route: strp(grp.Route), Handler: strp(grp.Handler), Kind: grp.kind(m), IsLeak: grp.isLeak(m),
			ExpectedCount: [2]int{lo, hi}, WaitStatesObserved: map[string]int{}, Match: grp.Match, GoroutineIDs: []int{},
			What: grp.What, Why: grp.Why, Debug1CountedWith: grp.Debug1With}
		created := map[string]bool{}
		reasons := map[string]int{}
		for _, g := range gs {
			if byID[g.ID] != i {
				continue
			}
			gt.Count++
			gt.GoroutineIDs = append(gt.GoroutineIDs, g.ID)
			gt.WaitStatesObserved[g.RawState]++
			reasons[g.Reason]++
			if g.CreatedBy != "" {
				created[g.CreatedBy] = true
			}
			if g.Labels != "" {
				if gt.HeaderLabels == nil {
					gt.HeaderLabels = map[string]int{}
				}
				gt.HeaderLabels[g.Labels]++
			}
		}
		sort.Ints(gt.GoroutineIDs)
		gt.Observed = map[string]int{"debug2": gt.Count}
		best := ""
		for r, k := range reasons {
			if best == "" || k > reasons[best] || (k == reasons[best] && r < best) {
				best = r
			}
		}
		gt.WaitState = strp(best)
		var ks []string
		for k := range created {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		gt.CreatedBy = strp(strings.Join(ks, " | "))
		if gt.Count < lo || gt.Count > hi {
			bad("group %s: %d goroutines, the load implies %d..%d (ids %v)", grp.ID, gt.Count, lo, hi, gt.GoroutineIDs)
		}
		if gt.IsLeak {
			c.Leaked += gt.Count
		} else {
			c.Healthy += gt.Count
		}
		c.Groups = append(c.Groups, gt)
	}
	if own := c.group("capture-bgread-not-started").Count + c.group("conn-background-read").Count - heldReaders(m); own < 0 || own > 1 {
		bad("the capture request has %d connection readers", own)
	}
	for _, f := range []struct{ key, name string }{{"debug1", "goroutine_debug1"}, {"debug0", "goroutine_debug0"}} {
		if name := files[f.name]; name != "" {
			problems = append(problems, c.crossCheck(dir, m.Name, f.key, name)...)
		}
	}
	if leak {
		problems = append(problems, c.addRuntimeLeaks(dir, m.Name, marks)...)
	}
	for _, g := range gs { // stale (leaked) marks left by an earlier leak profile request
		if g.Leaked {
			if rl := c.group(groups[byID[g.ID]].ID).RuntimeLeak; rl != nil {
				rl.MarkedInDump++
			} else {
				bad("goroutine %d is marked (leaked) in goroutine debug=2 but no leak profile was taken", g.ID)
			}
		}
	}
	return c, problems
}

func (c *captureTruth) group(id string) *groupTruth {
	for _, g := range c.Groups {
		if g.ID == id {
			return g
		}
	}
	panic("no group " + id)
}

// readRecords reads a debug=1 text or a protobuf profile.
func readRecords(path string) (int, []record, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, nil, err
	}
	if strings.HasSuffix(path, ".pb.gz") {
		return parseProto(data)
	}
	total, recs := parseDebug1(data)
	return total, recs, nil
}

// crossCheck counts a debug=1 or protobuf profile (taken right after the
// debug=2 dump, with no client activity in between) per group: every
// group but the capture's own must have the same count as in debug=2.
func (c *captureTruth) crossCheck(dir, moment, key, name string) []string {
	total, recs, err := readRecords(filepath.Join(dir, name))
	if err != nil {
		return []string{fmt.Sprintf("%s %s: %v", moment, key, err)}
	}
	var problems []string
	counts := make([]int, len(groups))
	sum := 0
	for _, r := range recs {
		sum += r.Count
		i := groupOf(r.Frames, -1, r.Labels, nil)
		if i < 0 {
			problems = append(problems, fmt.Sprintf("%s %s: %d goroutines [%s] match no group: %s", moment, key, r.Count, r.Labels, strings.Join(r.Frames, " < ")))
			continue
		}
		counts[i] += r.Count
	}
	if sum != total {
		problems = append(problems, fmt.Sprintf("%s %s: records sum to %d, header says %d", moment, key, sum, total))
	}
	c.Totals[key] = total
	together := map[string][2]int{} // Debug1With key -> debug2 sum, this format's sum
	own := 0
	for i, grp := range groups {
		g := c.group(grp.ID)
		g.Observed[key] = counts[i]
		switch {
		case captureGroups[grp.ID]:
			own += counts[i]
		case grp.Debug1With != "":
			t := together[grp.Debug1With]
			together[grp.Debug1With] = [2]int{t[0] + g.Count, t[1] + counts[i]}
		case counts[i] != g.Count:
			problems = append(problems, fmt.Sprintf("%s: group %s has %d goroutines in debug=2 but %d in %s", moment, grp.ID, g.Count, counts[i], key))
		}
	}
	for k, t := range together {
		if t[0] != t[1] {
			problems = append(problems, fmt.Sprintf("%s: groups counted with %s have %d goroutines in debug=2 but %d in %s", moment, k, t[0], t[1], key))
		}
	}
	// The capture's own goroutines: the profile handler, its connection's
	// reader (not started yet, or running) and maybe the previous
	// request's connection, next to the readers of the held and in-flight
	// requests.
	if base := heldReaders(c.moment); own < base+1 || own > base+3 {
		problems = append(problems, fmt.Sprintf("%s %s: the capture's own groups count %d, want %d..%d", moment, key, own, base+1, base+3))
	}
	return problems
}

// addRuntimeLeaks records which goroutines the runtime's leak detector
// flagged, from the leak profile's full debug=2 dump, and checks its
// debug=1 and protobuf totals against the (leaked) marks.
func (c *captureTruth) addRuntimeLeaks(dir, moment string, marks map[string]map[int]bool) []string {
	data, err := os.ReadFile(filepath.Join(dir, c.Files["goroutineleak_debug2"]))
	if err != nil {
		return []string{err.Error()}
	}
	gs, err := parseDump(data)
	if err != nil {
		return []string{moment + " goroutineleak: " + err.Error()}
	}
	var problems []string
	total := 0
	for i, grp := range groups {
		rl := &runtimeLeakTruth{FlaggedIDs: []int{}}
		for _, g := range gs {
			if groupOf(g.Frames, g.ID, "", marks) != i {
				continue
			}
			rl.InGroup++
			if g.Leaked {
				rl.Flagged++
				rl.FlaggedIDs = append(rl.FlaggedIDs, g.ID)
			}
		}
		sort.Ints(rl.FlaggedIDs)
		total += rl.Flagged
		gt := c.group(grp.ID)
		gt.RuntimeLeak = rl
		if rl.Flagged > 0 && !gt.IsLeak {
			problems = append(problems, fmt.Sprintf("%s: the runtime flags %d goroutines of healthy group %s", moment, rl.Flagged, grp.ID))
		}
	}
	c.RuntimeFlagged = &total
	for _, f := range []struct{ key, name string }{{"debug1", "goroutineleak_debug1"}, {"debug0", "goroutineleak_debug0"}} {
		n, _, err := readRecords(filepath.Join(dir, c.Files[f.name]))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s goroutineleak %s: %v", moment, f.key, err))
		} else if n != total {
			problems = append(problems, fmt.Sprintf("%s: goroutineleak %s says total %d, its debug=2 dump marks %d (leaked)", moment, f.key, n, total))
		}
	}
	return problems
}

// heldReaders is the number of background readers of connections whose
// client is connected, besides the capture's own.
func heldReaders(m moment) int {
	n := 0
	if m.Held {
		n += holdStreams + holdPolls
	}
	if m.InFlight {
		n += verifications
	}
	return n
}
