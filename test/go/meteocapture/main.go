// Command meteocapture runs test/go/meteohub under a known load, captures
// its profiles from /debug/pprof/ at three moments (under load, after the
// load, after the held clients left) and writes GROUND_TRUTH.json: every
// goroutine of every debug=2 dump assigned to exactly one group, counts
// checked against the load and across debug=2, debug=1 and proto. It exits
// non-zero, writing no ground truth, when any check fails.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
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
	"strings"
	"time"
)

type profileFile struct{ name, path string }

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
	bin := flag.String("bin", "", "meteohub binary")
	dir := flag.String("dir", "", "working directory for the service (where its source was built)")
	out := flag.String("out", "", "output directory")
	leak := flag.Bool("goroutineleak", false, "also capture /debug/pprof/goroutineleak (Go 1.26+ with the profile)")
	build := flag.String("build", "", "how the binary was built (recorded)")
	settle := flag.Duration("settle", 2*time.Second, "wait after the initial load before t1")
	gap := flag.Duration("gap", 15*time.Second, "t2 - t1")
	after := flag.Duration("after-release", 3*time.Second, "wait after the release before t3")
	gz := flag.Bool("gzip-debug2", true, "gzip the debug=2 text files once checked (.txt.gz)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("meteocapture: ")
	if *bin == "" || *out == "" {
		log.Fatal("usage: meteocapture -bin METEOHUB -out DIR [-dir SRC] [-goroutineleak]")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	start := time.Now()

	ups, err := startUpstreams()
	if err != nil {
		log.Fatalf("starting upstreams: %v", err)
	}
	defer ups.close()
	cmd := exec.Command(*bin, "-addr", "127.0.0.1:0", "-admin", "127.0.0.1:0",
		"-forecast-url", "http://"+ups.forecast, "-geocoder-url", "http://"+ups.geocoder,
		"-webhook-addr", ups.webhook, "-radar-addr", ups.radar, "-ingest-workers", fmt.Sprint(workers))
	cmd.Dir = *dir
	cmd.Env = append(os.Environ(), "METEOHUB_KEY_STORE=")
	var serviceLog bytes.Buffer
	cmd.Stderr = &serviceLog
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		log.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		log.Fatalf("starting %s: %v", *bin, err)
	}
	fail := func(format string, args ...interface{}) {
		cmd.Process.Kill()
		cmd.Wait()
		log.Printf("service log:\n%s", serviceLog.String())
		log.Fatalf(format, args...)
	}
	base, admin, err := waitListening(stdout)
	if err != nil {
		fail("%s: %v", *bin, err)
	}
	d := &driver{base: base, admin: admin}

	h, err := d.hold()
	if err != nil {
		fail("holding healthy clients: %v", err)
	}
	time.Sleep(700 * time.Millisecond)
	files := map[string]map[string]string{}
	capture := func(moment string, list []profileFile) {
		files[moment] = map[string]string{}
		for _, p := range list {
			name := moment + "_" + fileName(p)
			if err := fetch(admin, p, filepath.Join(*out, name)); err != nil {
				fail("%v", err)
			}
			files[moment][p.name] = name
			time.Sleep(100 * time.Millisecond)
		}
	}
	all := goroutineFiles
	if *leak {
		all = append(append([]profileFile{}, goroutineFiles...), leakFiles...)
	}
	capture("t0", goroutineFiles[:1])

	ld := d.startLoaders()
	d.send(wave1)
	time.Sleep(200 * time.Millisecond)
	d.send(wave2)
	loadEnd := time.Now()
	time.Sleep(*settle)
	t1 := time.Now()
	capture("t1", all)
	ingest := ld.halt()
	time.Sleep(500 * time.Millisecond)
	d.send(extra)
	time.Sleep(time.Until(t1.Add(*gap)))
	t2 := time.Now()
	capture("t2", all)
	h.release()
	time.Sleep(*after)
	t3 := time.Now()
	capture("t3", all)
	cmd.Process.Kill()
	cmd.Wait()
	d.closeStalled()
	if len(d.o.bad) > 0 {
		log.Printf("service log:\n%s", serviceLog.String())
		log.Fatalf("unexpected request outcomes:\n  %s", strings.Join(d.o.bad, "\n  "))
	}
	if ingest["202"] == 0 || len(ingest) != 1 {
		log.Fatalf("ingest traffic under load: %v, want only 202s", ingest)
	}

	sum := func(ms ...map[string]int) map[string]int {
		out := map[string]int{}
		for _, m := range ms {
			for k, v := range m {
				out[k] += v
			}
		}
		return out
	}
	initial := sum(wave1, wave2)
	moments := []struct {
		m    moment
		desc string
		at   *time.Time
	}{
		{moment{"t0", map[string]int{}, true, false}, "baseline: healthy clients held, before any leaking request (debug=2 only)", nil},
		{moment{"t1", initial, true, true}, "under load: initial leaking load sent, readings still being posted on keep-alive connections, healthy clients held", &t1},
		{moment{"t2", sum(initial, extra), true, false}, "after the load: ingest traffic stopped, extra batch sent, healthy clients still held", &t2},
		{moment{"t3", sum(initial, extra), false, false}, "after the held clients left (disconnected)", &t3},
	}
	c := &checker{}
	before := map[int]bool{} // goroutine ids of the t0 dump
	if gs, err := readDebug2(*out, files["t0"]["goroutine_debug2"]); err != nil {
		log.Fatal(err)
	} else {
		for _, g := range gs {
			before[g.ID] = true
		}
	}
	caps := map[string]*captureTruth{}
	for _, x := range moments {
		ct := c.truthFor(*out, x.m, x.desc, files[x.m.Name], before)
		if x.at != nil {
			s := round1(x.at.Sub(loadEnd).Seconds())
			ct.SecondsAfterLoad = &s
		}
		caps[x.m.Name] = ct
		fmt.Printf("%s: %d goroutines, %d leaked, %d healthy\n", x.m.Name, ct.Total, ct.Leaked, ct.Healthy)
	}
	if len(c.problems) > 0 {
		log.Fatalf("ground truth checks failed:\n  %s", strings.Join(c.problems, "\n  "))
	}
	if *gz {
		for _, fs := range files {
			for k, name := range fs {
				if strings.HasSuffix(name, "_debug2.txt") {
					if err := gzipFile(filepath.Join(*out, name)); err != nil {
						log.Fatal(err)
					}
					fs[k] = name + ".gz"
				}
			}
		}
	}

	goVersion := "unknown"
	if bi, err := buildinfo.ReadFile(*bin); err == nil {
		goVersion = bi.GoVersion
	}
	kinds := map[string]string{}
	for _, g := range groups {
		kinds[g.Kind] = kindDescriptions[g.Kind]
		if g.Released != nil {
			kinds[g.Released.Kind] = kindDescriptions[g.Released.Kind]
		}
	}
	truth := map[string]interface{}{
		"service":     "meteohub",
		"description": "test/go/meteohub under test/go/meteocapture's load; every goroutine of every debug=2 dump is in exactly one group, counts checked against the load and across debug=2, debug=1 and proto",
		"go_version":  goVersion,
		"build":       *build,
		"env":         map[string]string{"GODEBUG": os.Getenv("GODEBUG"), "GOMAXPROCS": os.Getenv("GOMAXPROCS")},
		"kinds":       kinds,
		"load": map[string]interface{}{
			"wave1_before_t1": wave1, "wave2_before_t1": wave2, "extra_after_t1": extra,
			"held_until_release": map[string]int{"next_window": holdWindow, "sse_events": holdEvents, "geocode": holdGeocode,
				"link_v2": holdLinkV2, "archive_download": holdArchive, "idle_keepalive": holdIdle},
			"ingest_under_load": map[string]interface{}{"connections": ingestConns, "outcomes": ingest},
			"outcomes":          d.o.m,
			"calls":             calls,
		},
		"captures":     caps,
		"driver_go":    runtime.Version(),
		"wall_seconds": round1(time.Since(start).Seconds()),
	}
	b, _ := json.MarshalIndent(truth, "", "  ")
	if err := os.WriteFile(filepath.Join(*out, "GROUND_TRUTH.json"), append(b, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println("outcomes:", d.o.summary())
}

func round1(x float64) float64 { return float64(int(x*10+0.5)) / 10 }

func gzipFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(path+".gz", buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Remove(path)
}

// waitListening reads the service's "listening on" and "admin on" lines.
func waitListening(r io.Reader) (base, admin string, err error) {
	sc := bufio.NewScanner(r)
	found := make(chan [2]string, 1)
	go func() {
		var b, a string
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "listening on ") {
				b = strings.TrimPrefix(line, "listening on ")
			}
			if strings.HasPrefix(line, "admin on ") {
				a = strings.TrimPrefix(line, "admin on ")
			}
			if a != "" && b != "" {
				found <- [2]string{b, a}
				a = "done"
				b = "done"
				io.Copy(io.Discard, r)
				return
			}
		}
	}()
	select {
	case x := <-found:
		return x[0], x[1], nil
	case <-time.After(20 * time.Second):
		return "", "", fmt.Errorf("no \"listening on\"/\"admin on\" lines within 20 s")
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
