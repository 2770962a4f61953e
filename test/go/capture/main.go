// Command capture runs test/go/leakyapi under a known load, captures its
// profiles from /debug/pprof/ at fixed moments and writes GROUND_TRUTH.json:
// every goroutine of every debug=2 dump assigned to exactly one group, with
// counts checked against what the load must have produced. It exits non-zero
// when any check fails, so a fixture is never written from a wrong run.
package main

import (
	"bufio"
	"debug/buildinfo"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"example.com/capturekit"
)

type profileFile struct {
	name, path string
}

var goroutineFiles = []profileFile{
	{"goroutine_debug2", "goroutine?debug=2"},
	{"goroutine_debug1", "goroutine?debug=1"},
	{"goroutine_debug0", "goroutine"},
	{"heap_debug0", "heap?gc=1"},
}

var leakFiles = []profileFile{
	{"goroutineleak_debug2", "goroutineleak?debug=2"},
	{"goroutineleak_debug1", "goroutineleak?debug=1"},
	{"goroutineleak_debug0", "goroutineleak"},
}

func fileName(p profileFile) string {
	if strings.HasSuffix(p.name, "debug0") {
		return p.name + ".pb.gz"
	}
	return p.name + ".txt"
}

func main() {
	bin := flag.String("bin", "", "leakyapi binary")
	dir := flag.String("dir", "", "working directory for the service (where its source was built)")
	out := flag.String("out", "", "output directory")
	leak := flag.Bool("goroutineleak", false, "also capture /debug/pprof/goroutineleak (Go 1.26+ with the profile)")
	build := flag.String("build", "", "how the binary was built (recorded)")
	settle := flag.Duration("settle", 3*time.Second, "wait after the initial load before t1")
	gap := flag.Duration("gap", 15*time.Second, "t2 - t1")
	summary := flag.String("summarize", "", "instead of capturing: write the ground truth of the crash dumps given as scenario=path arguments to this file")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("capture: ")
	if *summary != "" {
		if err := summarize(*summary, flag.Args()); err != nil {
			log.Fatal(err)
		}
		return
	}
	if *bin == "" || *out == "" {
		log.Fatal("usage: capture -bin LEAKYAPI -out DIR [-dir SRC] [-goroutineleak]")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	start := time.Now()

	cmd := exec.Command(*bin, "-addr", "127.0.0.1:0", "-workers", fmt.Sprint(workers))
	cmd.Dir = *dir
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		log.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		log.Fatalf("starting %s: %v", *bin, err)
	}
	defer cmd.Process.Kill()
	base, err := waitListening(stdout)
	if err != nil {
		cmd.Process.Kill()
		log.Fatalf("%s: %v", *bin, err)
	}
	fail := func(format string, args ...interface{}) {
		cmd.Process.Kill()
		log.Fatalf(format, args...)
	}

	if _, err := hold(base); err != nil {
		fail("holding healthy clients: %v", err)
	}
	time.Sleep(500 * time.Millisecond)
	if err := fetch(base, profileFile{"goroutine_debug2", "goroutine?debug=2"}, filepath.Join(*out, "t0_goroutine_debug2.txt")); err != nil {
		fail("%v", err)
	}

	var o outcomes
	send(base, initialLoad, &o)
	loadEnd := time.Now()
	time.Sleep(*settle)
	t1 := time.Now()
	files := map[string]map[string]string{"t0": {"goroutine_debug2": "t0_goroutine_debug2.txt"}}
	capture := func(moment string) {
		files[moment] = map[string]string{}
		list := goroutineFiles
		if *leak {
			list = append(append([]profileFile{}, goroutineFiles...), leakFiles...)
		}
		for _, p := range list {
			name := moment + "_" + fileName(p)
			if err := fetch(base, p, filepath.Join(*out, name)); err != nil {
				fail("%v", err)
			}
			files[moment][p.name] = name
		}
	}
	capture("t1")
	send(base, extraLoad, &o)
	time.Sleep(time.Until(t1.Add(*gap)))
	t2 := time.Now()
	capture("t2")
	cmd.Process.Kill()
	cmd.Wait()
	if len(o.bad) > 0 {
		log.Fatalf("unexpected request outcomes:\n  %s", strings.Join(o.bad, "\n  "))
	}

	both := map[string]int{}
	for r, n := range initialLoad {
		both[r] = n + extraLoad[r]
	}
	goVersion := "unknown"
	if bi, err := buildinfo.ReadFile(*bin); err == nil {
		goVersion = bi.GoVersion
	}
	truth := map[string]interface{}{
		"service":     "leakyapi",
		"description": "test/go/leakyapi under test/go/capture's load; every goroutine of every debug=2 dump is in exactly one group, counts checked against the load",
		"go_version":  goVersion,
		"build":       *build,
		"env":         map[string]string{"GODEBUG": os.Getenv("GODEBUG"), "GOMAXPROCS": os.Getenv("GOMAXPROCS")},
		"kinds":       kindDescriptions,
		"load": map[string]interface{}{
			"initial": initialLoad, "extra_after_t1": extraLoad,
			"held":     map[string]int{"events": holdEvents, "subscribe": holdSubscribe, "idle_keepalive": holdIdle, "deps_pool_conn": 1},
			"outcomes": o.m,
			"calls":    calls,
		},
		"driver_go": runtime.Version(),
	}
	beforeLoad := map[int]bool{}
	caps := map[string]interface{}{}
	var problems []string
	for _, m := range []struct {
		name  string
		n     map[string]int
		after float64
	}{{"t0", map[string]int{}, -1}, {"t1", initialLoad, t1.Sub(loadEnd).Seconds()}, {"t2", both, t2.Sub(loadEnd).Seconds()}} {
		c, p := truthFor(*out, m.name, files[m.name], m.n, beforeLoad, *leak && m.name != "t0")
		if m.name == "t0" {
			for _, g := range c.all {
				beforeLoad[g.ID] = true
			}
			// recompute now that t0's own goroutines count as present before the load
			c, p = truthFor(*out, m.name, files[m.name], m.n, beforeLoad, false)
		}
		if m.after >= 0 {
			c.SecondsAfterLoad = round1(m.after)
		}
		caps[m.name] = c
		problems = append(problems, p...)
		fmt.Printf("%s: %d goroutines, %d leaked, %d healthy\n", m.name, c.Total, c.Leaked, c.Healthy)
	}
	truth["captures"] = caps
	truth["wall_seconds"] = round1(time.Since(start).Seconds())
	if len(problems) > 0 {
		log.Fatalf("ground truth checks failed:\n  %s", strings.Join(problems, "\n  "))
	}
	b, _ := json.MarshalIndent(truth, "", "  ")
	if err := os.WriteFile(filepath.Join(*out, "GROUND_TRUTH.json"), append(b, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println("outcomes:", o.summary())
}

func round1(x float64) float64 { return float64(int(x*10+0.5)) / 10 }

func waitListening(r io.Reader) (string, error) {
	sc := bufio.NewScanner(r)
	found := make(chan string, 1)
	go func() {
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "listening on ") {
				found <- strings.TrimPrefix(line, "listening on ")
			}
		}
	}()
	select {
	case base := <-found:
		return base, nil
	case <-time.After(20 * time.Second):
		return "", fmt.Errorf("no \"listening on\" line within 20 s")
	}
}

func fetch(base string, p profileFile, dst string) error {
	resp, err := oneShot(60 * time.Second).Get(base + "/debug/pprof/" + p.path)
	if err != nil {
		return fmt.Errorf("capturing %s: %w", p.path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("capturing %s: status %s", p.path, resp.Status)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("capturing %s: %w", p.path, err)
	}
	return os.WriteFile(dst, b, 0o644)
}

type groupTruth struct {
	ID                 string            `json:"id"`
	Route              *string           `json:"route"`
	Handler            *string           `json:"handler"`
	Kind               string            `json:"kind"`
	IsLeak             bool              `json:"is_leak"`
	Count              int               `json:"count"`
	ExpectedCount      [2]int            `json:"expected_count"`
	WaitState          *string           `json:"wait_state"`
	WaitStatesObserved map[string]int    `json:"wait_states_observed"`
	CreatedBy          *string           `json:"created_by"`
	HeaderLabels       map[string]int    `json:"debug2_header_labels,omitempty"`
	Observed           map[string]int    `json:"observed"`
	Match              []rule            `json:"match"`
	GoroutineIDs       []int             `json:"goroutine_ids"`
	What               string            `json:"what"`
	RuntimeLeak        *runtimeLeakTruth `json:"runtime_leak_detector,omitempty"`
}

type runtimeLeakTruth struct {
	Flagged    int   `json:"flagged"`
	InGroup    int   `json:"in_group"`
	FlaggedIDs []int `json:"flagged_goroutine_ids"`
}

type captureTruth struct {
	SecondsAfterLoad float64           `json:"seconds_after_initial_load_end,omitempty"`
	Files            map[string]string `json:"files"`
	GoVersion        string            `json:"go_version,omitempty"`
	Total            int               `json:"total_goroutines"`
	Leaked           int               `json:"leaked_goroutines"`
	Healthy          int               `json:"healthy_goroutines"`
	RuntimeFlagged   *int              `json:"runtime_leak_detector_flagged,omitempty"`
	Groups           []*groupTruth     `json:"groups"`
	all              []capturekit.Goroutine
}

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// assign returns, per goroutine id, the index of its group (-1: none).
func assign(gs []capturekit.Goroutine, beforeLoad map[int]bool) map[int]int {
	out := map[int]int{}
	for _, g := range gs {
		out[g.ID] = -1
		for i, grp := range groups {
			ok := false
			for _, r := range grp.Match {
				ok = ok || r.matches(g, beforeLoad)
			}
			if ok {
				out[g.ID] = i
				break
			}
		}
	}
	return out
}

func truthFor(dir, moment string, files map[string]string, n map[string]int, beforeLoad map[int]bool, leak bool) (*captureTruth, []string) {
	var problems []string
	bad := func(format string, args ...interface{}) {
		problems = append(problems, moment+": "+fmt.Sprintf(format, args...))
	}
	data, err := os.ReadFile(filepath.Join(dir, files["goroutine_debug2"]))
	if err != nil {
		return &captureTruth{}, []string{err.Error()}
	}
	gs, err := capturekit.ParseDump(data)
	if err != nil {
		return &captureTruth{}, []string{moment + ": " + err.Error()}
	}
	c := &captureTruth{Files: files, Total: len(gs), all: gs}
	byGroup := assign(gs, beforeLoad)
	for i, grp := range groups {
		lo, hi := grp.Count(n)
		gt := &groupTruth{ID: grp.ID, Route: strp(grp.Route), Handler: strp(grp.Handler), Kind: grp.Kind, IsLeak: grp.IsLeak,
			ExpectedCount: [2]int{lo, hi}, WaitStatesObserved: map[string]int{}, Match: grp.Match, GoroutineIDs: []int{}, What: grp.What}
		created := map[string]bool{}
		for _, g := range gs {
			if byGroup[g.ID] != i {
				continue
			}
			gt.Count++
			gt.GoroutineIDs = append(gt.GoroutineIDs, g.ID)
			gt.WaitStatesObserved[g.RawState]++
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
		reasons := map[string]int{}
		for _, g := range gs {
			if byGroup[g.ID] == i {
				reasons[g.Reason]++
			}
		}
		best := ""
		for r, k := range reasons {
			if best == "" || k > reasons[best] || (k == reasons[best] && r < best) {
				best = r
			}
		}
		gt.WaitState = strp(best)
		if len(created) == 1 {
			for k := range created {
				gt.CreatedBy = strp(k)
			}
		} else if len(created) > 1 {
			var ks []string
			for k := range created {
				ks = append(ks, k)
			}
			sort.Strings(ks)
			gt.CreatedBy = strp(strings.Join(ks, " | "))
		}
		if gt.Count < lo || gt.Count > hi {
			bad("group %s: %d goroutines, the load implies %d..%d", grp.ID, gt.Count, lo, hi)
		}
		if grp.IsLeak {
			c.Leaked += gt.Count
		} else {
			c.Healthy += gt.Count
		}
		c.Groups = append(c.Groups, gt)
	}
	// the capture request's connection reader is in exactly one of two groups
	if sum := c.group("capture-bgread-not-started").Count + c.group("conn-background-read").Count; sum != holdEvents+holdSubscribe+1 {
		bad("capture-bgread-not-started + conn-background-read = %d, want %d", sum, holdEvents+holdSubscribe+1)
	}
	for _, g := range gs {
		if byGroup[g.ID] < 0 {
			bad("goroutine %d [%s] matches no group: %s", g.ID, g.RawState, strings.Join(g.Frames, " < "))
		}
	}
	if name := files["goroutine_debug1"]; name != "" {
		problems = append(problems, c.crossCheckDebug1(dir, moment, name)...)
	}
	if leak {
		problems = append(problems, c.addRuntimeLeaks(dir, moment, beforeLoad)...)
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

// addRuntimeLeaks records which goroutines the runtime's leak detector
// flagged, from the leak profile's full debug=2 dump.
func (c *captureTruth) addRuntimeLeaks(dir, moment string, beforeLoad map[int]bool) []string {
	data, err := os.ReadFile(filepath.Join(dir, c.Files["goroutineleak_debug2"]))
	if err != nil {
		return []string{err.Error()}
	}
	gs, err := capturekit.ParseDump(data)
	if err != nil {
		return []string{moment + " goroutineleak: " + err.Error()}
	}
	byGroup := assign(gs, beforeLoad)
	total := 0
	for i, grp := range groups {
		rl := &runtimeLeakTruth{FlaggedIDs: []int{}}
		for _, g := range gs {
			if byGroup[g.ID] != i {
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
		c.group(grp.ID).RuntimeLeak = rl
	}
	c.RuntimeFlagged = &total
	if name := c.Files["goroutineleak_debug1"]; name != "" {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return []string{err.Error()}
		}
		if n, _ := capturekit.ParseDebug1(data); n != total {
			return []string{fmt.Sprintf("%s: goroutineleak debug=1 says total %d, its debug=2 dump marks %d (leaked)", moment, n, total)}
		}
	}
	return nil
}

// crossCheckDebug1 counts the debug=1 profile (taken right after the debug=2
// dump) per group; every group but the capture's own must agree.
func (c *captureTruth) crossCheckDebug1(dir, moment, name string) []string {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	total, recs := capturekit.ParseDebug1(data)
	counts := make([]int, len(groups))
	sum := 0
	for _, r := range recs {
		sum += r.Count
		i := assignRecord(r)
		if i < 0 {
			problems = append(problems, fmt.Sprintf("%s debug=1: %d goroutines [%s] match no group: %s", moment, r.Count, r.Labels, strings.Join(r.Frames, " < ")))
			continue
		}
		counts[i] += r.Count
	}
	if sum != total {
		problems = append(problems, fmt.Sprintf("%s debug=1: records sum to %d, header says %d", moment, sum, total))
	}
	for i, grp := range groups {
		g := c.group(grp.ID)
		g.Observed["debug1"] = counts[i]
		switch grp.ID {
		case "pprof-capture", "capture-bgread-not-started", "conn-background-read":
			continue // the capture's own goroutines differ from request to request
		}
		if counts[i] != g.Count {
			problems = append(problems, fmt.Sprintf("%s: group %s has %d goroutines in debug=2 but %d in debug=1", moment, grp.ID, g.Count, counts[i]))
		}
	}
	return problems
}
