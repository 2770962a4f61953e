package capturekit

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// GroupTruth is one group of a capture's ground truth: the goroutines of
// the debug=2 dump it holds, next to what the load implies.
type GroupTruth struct {
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
	Match              []Rule            `json:"match"`
	GoroutineIDs       []int             `json:"goroutine_ids"`
	What               string            `json:"what"`
	Why                string            `json:"why"`
	RuntimeLeak        *RuntimeLeakTruth `json:"runtime_leak_detector,omitempty"`
}

// RuntimeLeakTruth is what the runtime's leak detector (Go 1.26+
// goroutineleak profile) said of a group.
type RuntimeLeakTruth struct {
	Flagged      int   `json:"flagged"`
	InGroup      int   `json:"in_group"`
	FlaggedIDs   []int `json:"flagged_goroutine_ids"`
	MarkedInDump int   `json:"marked_leaked_in_goroutine_debug2"`
}

// CaptureTruth is the ground truth of one capture, without its moment
// (see Capture).
type CaptureTruth struct {
	SecondsAfterLoad float64           `json:"seconds_after_initial_load_end"`
	Files            map[string]string `json:"files"`
	Total            int               `json:"total_goroutines"`
	Leaked           int               `json:"leaked_goroutines"`
	Healthy          int               `json:"healthy_goroutines"`
	Totals           map[string]int    `json:"totals_by_format"`
	RuntimeFlagged   *int              `json:"runtime_leak_detector_flagged,omitempty"`
	Groups           []*GroupTruth     `json:"groups"`
}

// Capture is a capture's ground truth with the driver's moment; in JSON
// the moment's fields come first, in the same object.
type Capture[M any] struct {
	Moment M
	*CaptureTruth
}

// MarshalJSON writes the moment's fields, then the truth's.
func (c Capture[M]) MarshalJSON() ([]byte, error) {
	return joinObjects(c.Moment, c.CaptureTruth)
}

// Group returns the truth of the group with that id; the id is one of the
// design's, so a missing one is a bug of the caller.
func (c *CaptureTruth) Group(id string) *GroupTruth {
	for _, g := range c.Groups {
		if g.ID == id {
			return g
		}
	}
	panic("no group " + id)
}

// Truth assigns every goroutine of the moment's debug=2 dump (files
// names the moment's captures in dir) to exactly one group and checks the
// counts against the load, against the debug=1 and protobuf profiles
// taken right after it and, with leak, against the goroutineleak profile.
// It returns the truth and the problems found, each prefixed by name.
func (d *Design[M]) Truth(dir, name string, m M, files map[string]string, marks Marks, leak bool) (*CaptureTruth, []string) {
	var problems []string
	bad := func(format string, args ...interface{}) {
		problems = append(problems, name+": "+fmt.Sprintf(format, args...))
	}
	data, err := os.ReadFile(filepath.Join(dir, files["goroutine_debug2"]))
	if err != nil {
		return &CaptureTruth{}, []string{err.Error()}
	}
	gs, err := ParseDump(data)
	if err != nil {
		return &CaptureTruth{}, []string{name + ": " + err.Error()}
	}
	c := &CaptureTruth{Files: files, Total: len(gs), Totals: map[string]int{"debug2": len(gs)}}
	byID := map[int]int{}
	for _, g := range gs {
		byID[g.ID] = d.GroupOf(g.Frames, g.ID, "", marks)
		if byID[g.ID] < 0 {
			bad("goroutine %d [%s] matches no group: %s", g.ID, g.RawState, strings.Join(g.Frames, " < "))
		}
	}
	for i, grp := range d.Groups {
		lo, hi := grp.Count(m)
		gt := &GroupTruth{ID: grp.ID, Route: strp(grp.Route), Handler: strp(grp.Handler), Kind: grp.KindFor(name), IsLeak: grp.IsLeakFor(name),
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
	held := d.HeldReaders(m)
	own := -held
	for _, id := range d.ReaderGroups {
		own += c.Group(id).Count
	}
	if own < 0 || own > 1 {
		bad("the capture request has %d connection readers", own)
	}
	for _, f := range []struct{ key, name string }{{"debug1", "goroutine_debug1"}, {"debug0", "goroutine_debug0"}} {
		if file := files[f.name]; file != "" {
			problems = append(problems, d.crossCheck(c, dir, name, f.key, file, held)...)
		}
	}
	if leak {
		problems = append(problems, d.addRuntimeLeaks(c, dir, name, marks)...)
	}
	for _, g := range gs { // stale (leaked) marks left by an earlier leak profile request
		if g.Leaked {
			if rl := c.Group(d.Groups[byID[g.ID]].ID).RuntimeLeak; rl != nil {
				rl.MarkedInDump++
			} else {
				bad("goroutine %d is marked (leaked) in goroutine debug=2 but no leak profile was taken", g.ID)
			}
		}
	}
	return c, problems
}

// ReadRecords reads a debug=1 text or a protobuf profile (named *.pb.gz).
func ReadRecords(path string) (int, []Record, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, nil, err
	}
	if strings.HasSuffix(path, ".pb.gz") {
		return ParseProto(data)
	}
	total, recs := ParseDebug1(data)
	return total, recs, nil
}

// crossCheck counts a debug=1 or protobuf profile (taken right after the
// debug=2 dump, with no client activity in between) per group: every
// group but the capture's own must have the same count as in debug=2.
func (d *Design[M]) crossCheck(c *CaptureTruth, dir, moment, key, name string, held int) []string {
	total, recs, err := ReadRecords(filepath.Join(dir, name))
	if err != nil {
		return []string{fmt.Sprintf("%s %s: %v", moment, key, err)}
	}
	var problems []string
	counts := make([]int, len(d.Groups))
	sum := 0
	for _, r := range recs {
		sum += r.Count
		i := d.GroupOf(r.Frames, -1, r.Labels, nil)
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
	for i, grp := range d.Groups {
		g := c.Group(grp.ID)
		g.Observed[key] = counts[i]
		switch {
		case d.CaptureGroups[grp.ID]:
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
	if own < held+1 || own > held+3 {
		problems = append(problems, fmt.Sprintf("%s %s: the capture's own groups count %d, want %d..%d", moment, key, own, held+1, held+3))
	}
	return problems
}

// addRuntimeLeaks records which goroutines the runtime's leak detector
// flagged, from the leak profile's full debug=2 dump, and checks its
// debug=1 and protobuf totals against the (leaked) marks.
func (d *Design[M]) addRuntimeLeaks(c *CaptureTruth, dir, moment string, marks Marks) []string {
	data, err := os.ReadFile(filepath.Join(dir, c.Files["goroutineleak_debug2"]))
	if err != nil {
		return []string{err.Error()}
	}
	gs, err := ParseDump(data)
	if err != nil {
		return []string{moment + " goroutineleak: " + err.Error()}
	}
	var problems []string
	total := 0
	for i, grp := range d.Groups {
		rl := &RuntimeLeakTruth{FlaggedIDs: []int{}}
		for _, g := range gs {
			if d.GroupOf(g.Frames, g.ID, "", marks) != i {
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
		gt := c.Group(grp.ID)
		gt.RuntimeLeak = rl
		if rl.Flagged > 0 && !gt.IsLeak {
			problems = append(problems, fmt.Sprintf("%s: the runtime flags %d goroutines of healthy group %s", moment, rl.Flagged, grp.ID))
		}
	}
	c.RuntimeFlagged = &total
	for _, f := range []struct{ key, name string }{{"debug1", "goroutineleak_debug1"}, {"debug0", "goroutineleak_debug0"}} {
		n, _, err := ReadRecords(filepath.Join(dir, c.Files[f.name]))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s goroutineleak %s: %v", moment, f.key, err))
		} else if n != total {
			problems = append(problems, fmt.Sprintf("%s: goroutineleak %s says total %d, its debug=2 dump marks %d (leaked)", moment, f.key, n, total))
		}
	}
	return problems
}

// strp is nil for "" (JSON null: no route, no handler, no wait state).
func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
