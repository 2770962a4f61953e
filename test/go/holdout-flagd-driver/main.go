// Command flagd-driver runs test/go/holdout-flagd (a feature-flag server
// whose clients talk HTTP/2 over TLS) against a hung targeting rules
// service, holds healthy HTTP/2 clients (event streams, long polls), sends
// leaking load whose clients reset their streams on timeout, checks every
// outcome, captures the service's profiles on its HTTP/1 admin listener at
// three moments and writes GROUND_TRUTH.json: every goroutine of every
// debug=2 dump in exactly one group, with counts checked against the load
// and against debug=1 and the protobuf profile. Any failed check exits
// non-zero before GROUND_TRUTH.json is written. The certificate is
// self-signed, made fresh by each run. The capture, parsing and truth
// machinery is test/go/capturekit's.
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
	"syscall"
	"time"

	"example.com/capturekit"
)

func main() {
	bin := flag.String("bin", "", "flagd binary")
	dir := flag.String("dir", "", "working directory of the service (where it was built)")
	out := flag.String("out", "", "output directory")
	leak := flag.Bool("goroutineleak", false, "also capture /debug/pprof/goroutineleak (Go 1.26+)")
	build := flag.String("build", "", "how the binary was built (recorded)")
	settle := flag.Duration("settle", 2*time.Second, "wait after the initial load before t1")
	gap := flag.Duration("gap", 8*time.Second, "t2 - t1")
	leave := flag.Duration("leave", 3*time.Second, "wait after the healthy clients left before t3")
	recheck := flag.Bool("recheck", false, "only recompute the checks of the captures in -out (from its driver_state.json, kept when a run fails)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("flagd-driver: ")
	if *recheck {
		st, err := capturekit.ReadState[moment](*out)
		if err != nil {
			log.Fatal(err)
		}
		if _, problems := design.CheckAll(*out, st); len(problems) > 0 {
			log.Fatalf("ground truth checks failed:\n  %s", strings.Join(problems, "\n  "))
		}
		return
	}
	if *bin == "" || *out == "" {
		log.Fatal("usage: flagd-driver -bin FLAGD -out DIR [-dir SRC] [-goroutineleak]")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	start := time.Now()
	certDir, err := os.MkdirTemp("", "flagd-cert")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(certDir)
	certFile, keyFile, roots, err := selfSigned(certDir)
	if err != nil {
		log.Fatal(err)
	}
	rules, err := startHung()
	if err != nil {
		log.Fatal(err)
	}

	cmd := exec.Command(*bin, "-addr", "127.0.0.1:0", "-admin", "127.0.0.1:0", "-cert", certFile, "-key", keyFile,
		"-rules", rules.url(), "-workers", fmt.Sprint(poolWorkers))
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
	addrs, err := capturekit.WaitListening(stdout, "listening", "admin")
	if err != nil {
		fail("%s: %v", *bin, err)
	}
	base, admin := addrs[0], addrs[1]

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
	// waitGroup waits until the design's group id holds n goroutines.
	waitGroup := func(id string, n int) {
		i := -1
		for k, g := range groups {
			if g.ID == id {
				i = k
			}
		}
		for deadline := time.Now().Add(5 * time.Second); ; {
			k := 0
			for _, g := range dump("waiting for " + id) {
				if design.GroupOf(g.Frames, g.ID, "", nil) == i {
					k++
				}
			}
			if k == n {
				return
			}
			if time.Now().After(deadline) {
				fail("%d goroutines in group %s after 5 s, want %d", k, id, n)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	h, err := hold(base, roots)
	if err != nil {
		fail("holding healthy clients: %v", err)
	}
	waitGroup("long-poll", holdPolls)
	waitGroup("h2-conn-serve", 1)
	mark("held")

	o := &capturekit.Outcomes{}
	l := &loader{base: base, leak: h2(roots), stall: h2(roots), o: o}
	// The leaking load's clients have all given up (their streams reset):
	// close its connection so only connected clients' connections remain.
	sendAndClose := func(load map[string]int, conns int) {
		l.send(load)
		time.Sleep(300 * time.Millisecond)
		l.leak.CloseIdleConnections()
		waitGroup("h2-conn-serve", conns)
	}
	sendAndClose(initialLoad, 2)
	loadEnd := time.Now()
	time.Sleep(*settle)

	files := map[string]map[string]string{}
	capture := func(m string) {
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
	sendAndClose(extraLoad, 2)
	time.Sleep(time.Until(t1.Add(*gap)))
	t2 := time.Now()
	capture("t2")
	h.release()
	waitGroup("h2-conn-serve", 1)
	time.Sleep(*leave)
	t3 := time.Now()
	capture("t3")
	cmd.Process.Kill()
	cmd.Wait()
	// Only now may the stalled imports' bodies end.
	for _, pw := range l.pipes {
		pw.Close()
	}

	if os.Getenv("FLAGD_DRIVER_LOG") != "" {
		log.Printf("service stderr (last lines):\n%s", stderr.String())
	}
	var problems []string
	problems = append(problems, o.Bad...)
	problems = append(problems, h.errs...)
	if got, want := rules.held(), initialLoad["sync"]+extraLoad["sync"]; got != want {
		problems = append(problems, fmt.Sprintf("the rules service holds %d connections, want %d", got, want))
	}

	both := map[string]int{}
	for r, n := range initialLoad {
		both[r] = n + extraLoad[r]
	}
	st := &capturekit.State[moment]{Marks: marks, Files: files, Leak: *leak, Moments: []capturekit.Named[moment]{
		{Name: "t1", Moment: moment{Description: "under load: healthy HTTP/2 clients connected, the initial leaking load sent and given up on (streams reset), imports stalled", Sent: initialLoad, Held: true}},
		{Name: "t2", Moment: moment{Description: "after the load: the extra leaking batch sent, healthy clients still connected", Sent: both, Held: true}},
		{Name: "t3", Moment: moment{Description: "after the healthy clients left (event streams and long polls reset, their connection closed)", Sent: both}},
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
		"service":     "flagd",
		"description": "test/go/holdout-flagd (a feature-flag server whose clients talk HTTP/2 over TLS, the third held-out corpus) under test/go/holdout-flagd-driver's load; every goroutine of every debug=2 dump is in exactly one group, counts checked against the load and against debug=1 and the protobuf profile",
		"go_version":  goVersion,
		"build":       *build,
		"env":         map[string]string{"GODEBUG": os.Getenv("GODEBUG"), "GOMAXPROCS": os.Getenv("GOMAXPROCS")},
		"kinds":       kindDescriptions,
		"load": map[string]interface{}{
			"initial": initialLoad, "extra_after_t1": extraLoad, "calls": calls, "protocol": "HTTP/2 over TLS (self-signed, ALPN h2); captures over HTTP/1 on the admin listener",
			"held":     map[string]int{"event_streams": holdStreams, "long_polls": holdPolls},
			"service":  map[string]int{"pool_workers": poolWorkers},
			"outcomes": o.M,
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
