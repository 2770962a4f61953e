package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type groupTruth struct {
	ID                  string            `json:"id"`
	Route               *string           `json:"route"`
	Handler             *string           `json:"handler"`
	Kind                string            `json:"kind"`
	Issue11Class        string            `json:"issue11_class"`
	IsLeak              bool              `json:"is_leak"`
	Count               int               `json:"count"`
	ExpectedCount       [2]int            `json:"expected_count"`
	Observed            map[string]int    `json:"observed"`
	WaitState           *string           `json:"wait_state"`
	WaitStatesObserved  map[string]int    `json:"wait_states_observed"`
	WaitMinutesObserved map[string]int    `json:"wait_minutes_observed,omitempty"`
	CreatedBy           *string           `json:"created_by"`
	HeaderLabels        map[string]int    `json:"debug2_header_labels,omitempty"`
	Labels              map[string]int    `json:"labels_debug1,omitempty"`
	Match               []rule            `json:"match"`
	Merge               string            `json:"same_stack_as,omitempty"`
	Volatile            bool              `json:"volatile,omitempty"`
	GoroutineIDs        []int             `json:"goroutine_ids"`
	What                string            `json:"what"`
	RuntimeLeak         *runtimeLeakTruth `json:"runtime_leak_detector,omitempty"`
}

type runtimeLeakTruth struct {
	Flagged    int   `json:"flagged"`
	InGroup    int   `json:"in_group"`
	FlaggedIDs []int `json:"flagged_goroutine_ids"`
}

type captureTruth struct {
	Moment           string            `json:"moment"`
	SecondsAfterLoad *float64          `json:"seconds_after_initial_load_end,omitempty"`
	Files            map[string]string `json:"files"`
	Total            int               `json:"total_goroutines"`
	TotalsObserved   map[string]int    `json:"totals_observed"`
	Leaked           int               `json:"leaked_goroutines"`
	Healthy          int               `json:"healthy_goroutines"`
	RuntimeFlagged   *int              `json:"runtime_leak_detector_flagged,omitempty"`
	Groups           []*groupTruth     `json:"groups"`
}

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// checker collects problems; any problem stops the fixture from being written.
type checker struct {
	problems []string
}

func (c *checker) bad(format string, args ...interface{}) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

// truthFor assigns every goroutine of the moment's debug=2 dump to a group
// and checks the counts against the load and the other dumps.
func (c *checker) truthFor(dir string, m moment, desc string, files map[string]string, before map[int]bool) *captureTruth {
	bad := func(format string, args ...interface{}) { c.bad(m.Name+": "+format, args...) }
	ct := &captureTruth{Moment: desc, Files: files, TotalsObserved: map[string]int{}}
	gs, err := readDebug2(dir, files["goroutine_debug2"])
	if err != nil {
		bad("%v", err)
		return ct
	}
	ct.Total = len(gs)
	ct.TotalsObserved["debug2"] = len(gs)
	byGroup := make([][]goroutine, len(groups))
	for _, g := range gs {
		i := assignGoroutine(g, before)
		if i < 0 {
			bad("goroutine %d [%s] matches no group: %s", g.ID, g.RawState, strings.Join(g.Frames, " < "))
			continue
		}
		byGroup[i] = append(byGroup[i], g)
	}
	for i, grp := range groups {
		kind, isLeak, what := grp.Kind, grp.IsLeak, grp.What
		if grp.Released != nil && !m.Held {
			kind, isLeak, what = grp.Released.Kind, grp.Released.IsLeak, grp.Released.What
		}
		lo, hi := grp.Count(m)
		gt := &groupTruth{ID: grp.ID, Route: strp(grp.Route), Handler: strp(grp.Handler), Kind: kind, Issue11Class: issue11Class(kind),
			IsLeak: isLeak, ExpectedCount: [2]int{lo, hi}, Observed: map[string]int{}, WaitStatesObserved: map[string]int{},
			Match: grp.Match, Merge: grp.Merge, Volatile: grp.Volatile, GoroutineIDs: []int{}, What: what}
		reasons := map[string]int{}
		created := map[string]bool{}
		for _, g := range byGroup[i] {
			gt.Count++
			gt.GoroutineIDs = append(gt.GoroutineIDs, g.ID)
			gt.WaitStatesObserved[g.RawState]++
			reasons[g.Reason]++
			if g.Minutes != "" {
				if gt.WaitMinutesObserved == nil {
					gt.WaitMinutesObserved = map[string]int{}
				}
				gt.WaitMinutesObserved[g.Minutes]++
			}
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
		gt.Observed["debug2"] = gt.Count
		gt.WaitState = strp(mostCommon(reasons))
		gt.CreatedBy = strp(strings.Join(sortedKeys(created), " | "))
		if gt.Count < lo || gt.Count > hi {
			bad("group %s: %d goroutines, the load implies %d..%d", grp.ID, gt.Count, lo, hi)
		}
		if isLeak {
			ct.Leaked += gt.Count
		} else {
			ct.Healthy += gt.Count
		}
		ct.Groups = append(ct.Groups, gt)
	}
	c.checkLabelsAgree(m, gs, before)
	if files["goroutine_debug1"] != "" {
		c.crossCheck(dir, m, ct, "debug1", files["goroutine_debug1"])
	}
	if files["goroutine_debug0"] != "" {
		c.crossCheck(dir, m, ct, "debug0", files["goroutine_debug0"])
	}
	if files["goroutineleak_debug2"] != "" {
		c.runtimeLeaks(dir, m, ct, before)
	}
	return ct
}

// checkLabelsAgree: where go1.27 headers carry labels, a rule that tells
// goroutines apart by "present at t0" (debug=2) and by a label (profiles
// without ids) must give the same answer for every goroutine.
func (c *checker) checkLabelsAgree(m moment, gs []goroutine, before map[int]bool) {
	if !labelsPrinted(gs) {
		return
	}
	for _, g := range gs {
		if g.Labels == "" && !before[g.ID] {
			continue
		}
		for _, grp := range groups {
			for _, r := range grp.Match {
				if r.Label == "" || !r.PresentBeforeLoad || !r.matchFrames(g.Frames) {
					continue
				}
				if hasLabel(headerLabels(g.Labels), r.Label) != before[g.ID] {
					c.bad("%s: goroutine %d (%s): present at t0 %v, but label %s %v", m.Name, g.ID, grp.ID, before[g.ID], r.Label, !before[g.ID])
				}
			}
		}
	}
}

// labelsPrinted: the dump has header labels at all (go1.27 with tracebacklabels).
func labelsPrinted(gs []goroutine) bool {
	for _, g := range gs {
		if g.Labels != "" {
			return true
		}
	}
	return false
}

func readDebug2(dir, name string) ([]goroutine, error) {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	gs, err := parseDebug2(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return gs, nil
}

func readRecords(dir, name string) (total int, recs []record, err error) {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return 0, nil, err
	}
	if strings.HasSuffix(name, ".pb.gz") {
		recs, err = parseProto(data)
		for _, r := range recs {
			total += r.Count
		}
	} else {
		total, recs, err = parseDebug1(data)
	}
	if err != nil {
		return 0, nil, fmt.Errorf("%s: %w", name, err)
	}
	return total, recs, nil
}

// crossCheck counts a debug=1 or proto profile (taken right after the
// debug=2 dump) per group: fixed groups must agree with debug=2 (groups
// sharing a stack as a sum), volatile ones must lie in their range.
func (c *checker) crossCheck(dir string, m moment, ct *captureTruth, format, name string) {
	bad := func(f string, args ...interface{}) { c.bad(m.Name+" "+format+": "+f, args...) }
	total, recs, err := readRecords(dir, name)
	if err != nil {
		bad("%v", err)
		return
	}
	ct.TotalsObserved[format] = total
	counts := make([]int, len(groups))
	sum := 0
	for _, r := range recs {
		sum += r.Count
		i := assignRecord(r)
		if i < 0 {
			bad("%d goroutines [%s] match no group: %s", r.Count, r.Labels, strings.Join(r.Frames, " < "))
			continue
		}
		counts[i] += r.Count
		if format == "debug1" && r.Labels != "" {
			gt := ct.Groups[i]
			if gt.Labels == nil {
				gt.Labels = map[string]int{}
			}
			gt.Labels[r.Labels] += r.Count
		}
	}
	if sum != total {
		bad("records sum to %d, header says %d", sum, total)
	}
	merged2, mergedN := map[string]int{}, map[string]int{}
	for i, grp := range groups {
		gt := ct.Groups[i]
		gt.Observed[format] = counts[i]
		switch {
		case grp.Volatile:
			if lo, hi := grp.Count(m); counts[i] < lo || counts[i] > hi {
				bad("volatile group %s: %d goroutines, outside %d..%d", grp.ID, counts[i], lo, hi)
			}
		case grp.Merge != "":
			merged2[grp.Merge] += gt.Count
			mergedN[grp.Merge] += counts[i]
		case counts[i] != gt.Count:
			bad("group %s has %d goroutines in debug=2 but %d here", grp.ID, gt.Count, counts[i])
		}
	}
	for k, n := range merged2 {
		if mergedN[k] != n {
			bad("groups sharing the %s stack: %d in debug=2, %d here", k, n, mergedN[k])
		}
	}
}

// runtimeLeaks records what the runtime's leak detector flagged (go1.26+),
// and checks its three files agree and that it flagged no healthy goroutine.
func (c *checker) runtimeLeaks(dir string, m moment, ct *captureTruth, before map[int]bool) {
	bad := func(f string, args ...interface{}) { c.bad(m.Name+" goroutineleak: "+f, args...) }
	gs, err := readDebug2(dir, ct.Files["goroutineleak_debug2"])
	if err != nil {
		bad("%v", err)
		return
	}
	byGroup := make([][]goroutine, len(groups))
	for _, g := range gs {
		i := assignGoroutine(g, before)
		if i < 0 {
			bad("goroutine %d [%s] matches no group: %s", g.ID, g.RawState, strings.Join(g.Frames, " < "))
			continue
		}
		byGroup[i] = append(byGroup[i], g)
	}
	total := 0
	for i, grp := range groups {
		rl := &runtimeLeakTruth{FlaggedIDs: []int{}}
		for _, g := range byGroup[i] {
			rl.InGroup++
			if g.Leaked {
				rl.Flagged++
				rl.FlaggedIDs = append(rl.FlaggedIDs, g.ID)
			}
		}
		sort.Ints(rl.FlaggedIDs)
		total += rl.Flagged
		gt := ct.Groups[i]
		gt.RuntimeLeak = rl
		if rl.Flagged > 0 && !gt.IsLeak {
			bad("the runtime flagged %d goroutines of healthy group %s: the ground truth is wrong", rl.Flagged, grp.ID)
		}
		if !grp.Volatile && grp.Merge == "" && grp.ID != "pprof-capture" && rl.InGroup != gt.Count {
			bad("group %s: %d goroutines in the leak profile's dump, %d in debug=2", grp.ID, rl.InGroup, gt.Count)
		}
	}
	ct.RuntimeFlagged = &total
	for _, key := range []string{"goroutineleak_debug1", "goroutineleak_debug0"} {
		n, recs, err := readRecords(dir, ct.Files[key])
		if err != nil {
			bad("%v", err)
			continue
		}
		if n != total {
			bad("%s says %d, the leak dump marks %d (leaked)", key, n, total)
		}
		for _, r := range recs {
			if i := assignRecord(r); i < 0 || !ct.Groups[i].IsLeak {
				bad("%s: %d flagged goroutines in no leak group: %s", key, r.Count, strings.Join(r.Frames, " < "))
			}
		}
	}
}

func mostCommon(m map[string]int) string {
	best := ""
	for k, n := range m {
		if best == "" || n > m[best] || (n == m[best] && k < best) {
			best = k
		}
	}
	return best
}

func sortedKeys(m map[string]bool) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
