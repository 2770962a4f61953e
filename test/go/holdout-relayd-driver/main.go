// Command relayd-driver runs test/go/holdout-relayd against dependencies
// of its own (the relay database, a hung link preview service, a slow
// translation service), holds healthy clients, sends leaking load with
// client timeouts, checks every outcome, captures the service's profiles
// at three moments and writes GROUND_TRUTH.json: every goroutine of every
// debug=2 dump in exactly one group, with counts checked against the load
// and against debug=1 and the protobuf profile. Any failed check exits
// non-zero before GROUND_TRUTH.json is written.
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
	bin := flag.String("bin", "", "relayd binary")
	dir := flag.String("dir", "", "working directory of the service (where it was built)")
	out := flag.String("out", "", "output directory")
	leak := flag.Bool("goroutineleak", false, "also capture /debug/pprof/goroutineleak (Go 1.26+)")
	build := flag.String("build", "", "how the binary was built (recorded)")
	settle := flag.Duration("settle", 2*time.Second, "wait after the initial load before t1")
	gap := flag.Duration("gap", 15*time.Second, "t2 - t1")
	leave := flag.Duration("leave", 3*time.Second, "wait after the healthy clients left before t3")
	translateDelay := flag.Duration("translate-delay", 12*time.Second, "how long the translation service takes")
	recheck := flag.Bool("recheck", false, "only recompute the checks of the captures in -out (from its driver_state.json, kept when a run fails)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("relayd-driver: ")
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
		log.Fatal("usage: relayd-driver -bin RELAYD -out DIR [-dir SRC] [-goroutineleak]")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	start := time.Now()

	db, err := startDB()
	if err != nil {
		log.Fatal(err)
	}
	previews, err := startHold()
	if err != nil {
		log.Fatal(err)
	}
	translatorURL, err := startTranslator(*translateDelay)
	if err != nil {
		log.Fatal(err)
	}

	cmd := exec.Command(*bin, "-addr", "127.0.0.1:0", "-admin", "127.0.0.1:0", "-db", db.dsn(),
		"-db-conns", fmt.Sprint(dbConns), "-previews", "http://"+previews.ln.Addr().String(), "-translator", translatorURL,
		"-delivery-workers", fmt.Sprint(deliveryWorkers), "-thumb-workers", fmt.Sprint(thumbWorkers), "-poll-timeout", "10m")
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

	h, err := hold(base)
	if err != nil {
		fail("holding healthy clients: %v", err)
	}
	marks := map[string]map[int]bool{}
	markTimes := map[string]float64{}
	mark := func(name string) {
		b, err := capturekit.Get(admin + "/debug/pprof/goroutine?debug=2")
		if err != nil {
			fail("mark %s: %v", name, err)
		}
		gs, err := capturekit.ParseDump(b)
		if err != nil {
			fail("mark %s: %v", name, err)
		}
		marks[name] = map[int]bool{}
		for _, g := range gs {
			marks[name][g.ID] = true
		}
		markTimes[name] = capturekit.Round1(time.Since(start).Seconds())
	}
	time.Sleep(time.Second)
	mark("held")

	o := &capturekit.Outcomes{}
	l := &loader{base: base, o: o}
	translate := call{Route: "translate", Method: "GET", Path: "/v1/rooms/lobby/translate?lang=%s", Timeout: 30 * time.Second, Expect: "200"}
	var translating sync.WaitGroup
	for _, lang := range []string{"de", "fr", "ja"}[:translations] {
		path := fmt.Sprintf(translate.Path, lang)
		translating.Add(1)
		go func() {
			defer translating.Done()
			o.Add("translate", path, l.do(translate, path), translate.Expect)
		}()
	}
	time.Sleep(700 * time.Millisecond)
	mark("translating")

	l.send(map[string]int{"export": initialLoad["export"]})
	for deadline := time.Now().Add(5 * time.Second); db.stalledExports() < dbConns; {
		if time.Now().After(deadline) {
			fail("the exports hold %d database connections after 5 s, want %d", db.stalledExports(), dbConns)
		}
		time.Sleep(50 * time.Millisecond)
	}
	rest := map[string]int{}
	for r, n := range initialLoad {
		if r != "export" {
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
		time.Sleep(300 * time.Millisecond) // let the last post settle everywhere
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
	translating.Wait()
	t2 := time.Now()
	capture("t2")
	h.release()
	time.Sleep(*leave)
	t3 := time.Now()
	capture("t3")
	cmd.Process.Kill()
	cmd.Wait()
	// Only now may the stalled uploads' connections go (an unreachable
	// net.Conn is closed by its finalizer at the next GC: the service would
	// see EOF and its stuck handlers would return).
	l.closeRaw()

	if os.Getenv("RELAYD_DRIVER_LOG") != "" {
		log.Printf("service stderr (last lines):\n%s", stderr.String())
	}
	var problems []string
	problems = append(problems, o.Bad...)
	problems = append(problems, h.errs...)
	if got := previews.held(); got != initialLoad["unfurl"]+extraLoad["unfurl"] {
		problems = append(problems, fmt.Sprintf("the preview service holds %d connections, want %d", got, initialLoad["unfurl"]+extraLoad["unfurl"]))
	}
	if capEnd.Sub(t1) > *translateDelay-3*time.Second {
		problems = append(problems, fmt.Sprintf("t1 took %s: the translations may have ended during it", capEnd.Sub(t1)))
	}

	both := map[string]int{}
	for r, n := range initialLoad {
		both[r] = n + extraLoad[r]
	}
	st := &capturekit.State[moment]{Marks: marks, Files: files, Leak: *leak, Moments: []capturekit.Named[moment]{
		{Name: "t1", Moment: moment{Description: "under load: healthy clients connected, translations in flight, the initial leaking load sent and given up on", Sent: initialLoad, Held: true, Translating: true}},
		{Name: "t2", Moment: moment{Description: "after the load: the extra leaking batch sent, translations answered, healthy clients still connected", Sent: both, Held: true}},
		{Name: "t3", Moment: moment{Description: "after the healthy clients left (event streams, long polls, the lobby socket, keep-alive connections, the bot)", Sent: both}},
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
		"service":     "relayd",
		"description": "test/go/holdout-relayd (a chat relay) under test/go/holdout-relayd-driver's load; every goroutine of every debug=2 dump is in exactly one group, counts checked against the load and against debug=1 and the protobuf profile",
		"go_version":  goVersion,
		"build":       *build,
		"env":         map[string]string{"GODEBUG": os.Getenv("GODEBUG"), "GOMAXPROCS": os.Getenv("GOMAXPROCS")},
		"kinds":       kindDescriptions,
		"load": map[string]interface{}{
			"initial": initialLoad, "extra_after_t1": extraLoad, "calls": calls,
			"held":      map[string]int{"event_streams": holdEvents, "long_polls": holdPolls, "idle_keepalive": holdIdle, "lobby_socket": 1, "bot_keepalive": 1},
			"slow":      map[string]interface{}{"translations": translations, "translation_delay_seconds": translateDelay.Seconds()},
			"service":   map[string]int{"db_conns": dbConns, "delivery_workers": deliveryWorkers, "thumb_workers": thumbWorkers},
			"outcomes":  o.M,
			"bot_posts": h.posted, "socket_pings": h.pings,
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
