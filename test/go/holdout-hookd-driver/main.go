// Command hookd-driver runs test/go/holdout-hookd (a webhook dispatcher)
// against dependencies of its own (a hung key management service, a hung
// audit sink, a slow verification relay), holds healthy clients, sends
// leaking load with client timeouts, checks every outcome, captures the
// service's profiles at three moments and writes GROUND_TRUTH.json: every
// goroutine of every debug=2 dump in exactly one group, with counts checked
// against the load and against debug=1 and the protobuf profile. Any
// failed check exits non-zero before GROUND_TRUTH.json is written.
// The capture, parsing and truth machinery is test/go/capturekit's.
package main

import (
	"debug/buildinfo"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"example.com/capturekit"
)

func main() {
	bin := flag.String("bin", "", "hookd binary")
	dir := flag.String("dir", "", "working directory of the service (where it was built)")
	out := flag.String("out", "", "output directory")
	leak := flag.Bool("goroutineleak", false, "also capture /debug/pprof/goroutineleak (Go 1.26+)")
	build := flag.String("build", "", "how the binary was built (recorded)")
	settle := flag.Duration("settle", 2*time.Second, "wait after the initial load before t1")
	gap := flag.Duration("gap", 15*time.Second, "t2 - t1")
	leave := flag.Duration("leave", 3*time.Second, "wait after the healthy clients left before t3")
	relayDelay := flag.Duration("relay-delay", 12*time.Second, "how long the verification relay takes")
	recheck := flag.Bool("recheck", false, "only recompute the checks of the captures in -out (from its driver_state.json, kept when a run fails)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("hookd-driver: ")
	if *recheck {
		st, err := capturekit.ReadState[moment](*out)
		if err != nil {
			log.Fatal(err)
		}
		_, problems := design.CheckAll(*out, st)
		if len(problems) > 0 {
			log.Fatalf("ground truth checks failed:\n  %s", strings.Join(problems, "\n  "))
		}
		return
	}
	if *bin == "" || *out == "" {
		log.Fatal("usage: hookd-driver -bin HOOKD -out DIR [-dir SRC] [-goroutineleak]")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	start := time.Now()

	kms, err := startHung()
	if err != nil {
		log.Fatal(err)
	}
	auditSink, err := startHung()
	if err != nil {
		log.Fatal(err)
	}
	relayURL, err := startRelay(*relayDelay)
	if err != nil {
		log.Fatal(err)
	}

	cmd := exec.Command(*bin, "-addr", "127.0.0.1:0", "-ingest", "127.0.0.1:0", "-admin", "127.0.0.1:0",
		"-ledger", "hookd?locked=replay_log", "-db-conns", fmt.Sprint(dbConns),
		"-kms", kms.url(), "-audit", auditSink.url(), "-verify-relay", relayURL,
		"-workers", fmt.Sprint(poolWorkers), "-rate", "0", "-report-timeout", "1s")
	cmd.Dir = *dir
	// The service dies with the driver, even when the driver crashes.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stderr := &capturekit.Tail{}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		log.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		log.Fatalf("starting %s: %v", *bin, err)
	}
	fail := func(format string, args ...interface{}) {
		cmd.Process.Kill()
		log.Printf("service stderr (last lines):\n%s", stderr.String())
		log.Fatalf(format, args...)
	}
	addrs, err := capturekit.WaitListening(stdout, "listening", "ingest", "admin")
	if err != nil {
		fail("%s: %v", *bin, err)
	}
	base, ingest, admin := addrs[0], addrs[1], addrs[2]

	h, err := hold(base)
	if err != nil {
		fail("holding healthy clients: %v", err)
	}
	marks := map[string]map[int]bool{}
	markTimes := map[string]float64{}
	dump := func(what string) []capturekit.Goroutine {
		b, err := capturekit.Get(admin + "/debug/pprof/goroutine?debug=2")
		if err != nil {
			fail("%s: %v", what, err)
		}
		gs, err := capturekit.ParseDump(b)
		if err != nil {
			fail("%s: %v", what, err)
		}
		return gs
	}
	mark := func(name string) {
		marks[name] = map[int]bool{}
		for _, g := range dump("mark " + name) {
			marks[name][g.ID] = true
		}
		markTimes[name] = capturekit.Round1(time.Since(start).Seconds())
	}
	// waitFrames waits until n goroutines have fn in their stacks.
	waitFrames := func(fn string, n int) {
		for deadline := time.Now().Add(5 * time.Second); ; {
			k := 0
			for _, g := range dump("waiting for " + fn) {
				if capturekit.HasFrame(g.Frames, fn) {
					k++
				}
			}
			if k == n {
				return
			}
			if time.Now().After(deadline) {
				fail("%d goroutines in %s after 5 s, want %d", k, fn, n)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	time.Sleep(time.Second)
	mark("held")

	o := &capturekit.Outcomes{}
	l := &loader{base: base, ingest: ingest, o: o}
	verify := call{Route: "verify", Method: "POST", Path: "/v1/endpoints/partner-%d/verify", Body: `{"secret":"whsec_1"}`, Timeout: 30 * time.Second, Expect: "200"}
	var verifying sync.WaitGroup
	for i := 1; i <= verifications; i++ {
		path := fmt.Sprintf(verify.Path, i)
		verifying.Add(1)
		go func() {
			defer verifying.Done()
			o.Add("verify", path, l.do(verify, path, 0), verify.Expect)
		}()
	}
	time.Sleep(700 * time.Millisecond)
	mark("verifying")

	// Ordered first: the holders, then what queues behind them.
	l.send(map[string]int{"replay": initialLoad["replay"]})
	waitFrames(mod("ledger/memdb.(*Database).waitUnlocked"), dbConns)
	l.send(map[string]int{"sign": 1})
	if kms.held() != 1 {
		fail("the key management service holds %d connections after the first sign, want 1", kms.held())
	}
	mark("signed")
	l.send(map[string]int{"rotate": initialLoad["rotate"]})
	rest := map[string]int{}
	for r, n := range initialLoad {
		switch r {
		case "replay", "rotate":
		case "sign":
			rest[r] = n - 1
		default:
			rest[r] = n
		}
	}
	l.send(rest)
	loadEnd := time.Now()
	time.Sleep(*settle)

	files := map[string]map[string]string{}
	capture := func(m string) {
		h.quiet.Lock()
		defer h.quiet.Unlock()
		time.Sleep(300 * time.Millisecond) // let the last sample settle everywhere
		files[m] = map[string]string{}
		list := capturekit.GoroutineFiles
		if *leak {
			list = append(append([]capturekit.ProfileFile{}, capturekit.GoroutineFiles...), capturekit.LeakFiles...)
		}
		for _, p := range list {
			name := m + "_" + capturekit.FileName(p)
			b, err := capturekit.Get(admin + "/debug/pprof/" + p.Path)
			if err != nil {
				fail("capturing %s: %v", p.Path, err)
			}
			if err := os.WriteFile(filepath.Join(*out, name), b, 0o644); err != nil {
				fail("%v", err)
			}
			files[m][p.Name] = name
			// Let the finished request's connection close before the next.
			time.Sleep(100 * time.Millisecond)
		}
	}
	t1 := time.Now()
	capture("t1")
	capEnd := time.Now()
	l.send(extraLoad)
	time.Sleep(time.Until(t1.Add(*gap)))
	verifying.Wait()
	t2 := time.Now()
	capture("t2")
	h.release()
	time.Sleep(*leave)
	t3 := time.Now()
	capture("t3")
	cmd.Process.Kill()
	cmd.Wait()
	// Only now may the stalled uploads' and silent tails' connections go
	// (an unreachable net.Conn is closed by its finalizer at the next GC:
	// the service would see EOF and its stuck handlers would return).
	l.closeRaw()

	if os.Getenv("HOOKD_DRIVER_LOG") != "" {
		log.Printf("service stderr (last lines):\n%s", stderr.String())
	}
	var problems []string
	problems = append(problems, o.Bad...)
	problems = append(problems, h.errs...)
	if got := kms.held(); got != 1 {
		problems = append(problems, fmt.Sprintf("the key management service holds %d connections, want 1 (one signing session)", got))
	}
	if got, want := auditSink.held(), initialLoad["disable"]+extraLoad["disable"]; got != want {
		problems = append(problems, fmt.Sprintf("the audit sink holds %d connections, want %d", got, want))
	}
	if capEnd.Sub(t1) > *relayDelay-3*time.Second {
		problems = append(problems, fmt.Sprintf("t1 took %s: the verifications may have ended during it", capEnd.Sub(t1)))
	}

	both := map[string]int{}
	for r, n := range initialLoad {
		both[r] = n + extraLoad[r]
	}
	st := &capturekit.State[moment]{Marks: marks, Files: files, Leak: *leak, Moments: []capturekit.Named[moment]{
		{Name: "t1", Moment: moment{Description: "under load: healthy clients connected, verifications in flight, the initial leaking load sent and given up on", Sent: initialLoad, Held: true, InFlight: true}},
		{Name: "t2", Moment: moment{Description: "after the load: the extra leaking batch sent, verifications answered, healthy clients still connected", Sent: both, Held: true}},
		{Name: "t3", Moment: moment{Description: "after the healthy clients left (event streams, long polls, the payload sampler, keep-alive connections)", Sent: both}},
	}}
	if err := st.Write(*out); err != nil {
		log.Fatal(err)
	}
	caps, p := design.CheckAll(*out, st)
	problems = append(problems, p...)
	at := map[string]time.Time{"t1": t1, "t2": t2, "t3": t3}
	for name, c := range caps {
		c.SecondsAfterLoad = capturekit.Round1(at[name].Sub(loadEnd).Seconds())
	}
	if len(problems) > 0 {
		log.Fatalf("ground truth checks failed:\n  %s", strings.Join(problems, "\n  "))
	}
	// Compress the dumps once every check has read them.
	os.Remove(filepath.Join(*out, capturekit.StateFile))
	for _, m := range st.Moments {
		for k, name := range files[m.Name] {
			if strings.HasSuffix(name, "_debug2.txt") {
				if err := capturekit.GzipFile(filepath.Join(*out, name)); err != nil {
					log.Fatal(err)
				}
				files[m.Name][k] = name + ".gz"
			}
		}
	}

	goVersion := "unknown"
	if bi, err := buildinfo.ReadFile(*bin); err == nil {
		goVersion = bi.GoVersion
	}
	markOut := map[string]interface{}{}
	for name, ids := range marks {
		list := make([]int, 0, len(ids))
		for id := range ids {
			list = append(list, id)
		}
		sort.Ints(list)
		markOut[name] = map[string]interface{}{"seconds_after_start": markTimes[name], "goroutine_ids": list}
	}
	truth := map[string]interface{}{
		"service":     "hookd",
		"description": "test/go/holdout-hookd (a webhook dispatcher, the second held-out corpus) under test/go/holdout-hookd-driver's load; every goroutine of every debug=2 dump is in exactly one group, counts checked against the load and against debug=1 and the protobuf profile",
		"go_version":  goVersion,
		"build":       *build,
		"env":         map[string]string{"GODEBUG": os.Getenv("GODEBUG"), "GOMAXPROCS": os.Getenv("GOMAXPROCS")},
		"kinds":       kindDescriptions,
		"load": map[string]interface{}{
			"initial": initialLoad, "extra_after_t1": extraLoad, "calls": append(calls, verify),
			"held":          map[string]int{"event_streams": holdStreams, "long_polls": holdPolls, "idle_keepalive": holdIdle, "payload_sampler": 1},
			"slow":          map[string]interface{}{"verifications": verifications, "relay_delay_seconds": relayDelay.Seconds()},
			"service":       map[string]int{"db_conns": dbConns, "pool_workers": poolWorkers, "signer_sessions": 1},
			"outcomes":      o.M,
			"sampler_lines": h.lines, "event_stream_bytes": h.events,
		},
		"marks":        markOut,
		"driver_go":    runtime.Version(),
		"wall_seconds": capturekit.Round1(time.Since(start).Seconds()),
		"captures":     caps,
	}
	b, _ := json.MarshalIndent(truth, "", "  ")
	if err := os.WriteFile(filepath.Join(*out, "GROUND_TRUTH.json"), append(b, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println("outcomes:", o.Summary())
}
