// Command heldmem leaks goroutines that each keep an allocation of a known size, next to leaked
// goroutines that keep nothing and healthy ones, and writes a capture of that moment with its
// truth, for the test of the memory a group holds:
//
//	heldmem -out DIR
//
// writes DIR/goroutine_debug2.txt, goroutine_debug0.pb.gz, heap_debug0.pb.gz (after a GC, like
// heap?gc=1) and truth.json. MemProfileRate = 1: every allocation is in the heap profile, so the
// truth is exact. Standard library only.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"
)

// The sizes each leaked goroutine keeps alive.
const (
	uploadBytes   = 256 << 10 // allocated by the goroutine an /upload request starts
	reportBytes   = 64 << 10  // allocated by the /report handler itself, which stays parked
	consumerBytes = 32 << 10  // allocated by each consumer goroutine (no request involved)
)

// How many of each.
const (
	uploads   = 40
	reports   = 25
	consumers = 20
	idlers    = 30
	pool      = 6
)

type server struct {
	refresh chan struct{} // nobody ever sends: /report waits on it without its context
	work    chan int      // fed by feed(): the pool is healthy
}

// upload hands the body to a checker goroutine and gives up after 20 ms; the checker, slower,
// then blocks forever on the unbuffered send, keeping its buffer.
func (s *server) upload(w http.ResponseWriter, r *http.Request) {
	results := make(chan []byte)
	go func() {
		data := make([]byte, uploadBytes)
		copy(data, "checked")
		time.Sleep(50 * time.Millisecond)
		results <- data
	}()
	select {
	case data := <-results:
		fmt.Fprintln(w, len(data))
	case <-time.After(20 * time.Millisecond):
		http.Error(w, "checker busy", http.StatusServiceUnavailable)
	}
}

// report builds its rows, then waits for a refresh nobody sends, without its request's context.
func (s *server) report(w http.ResponseWriter, r *http.Request) {
	rows := make([]byte, reportBytes)
	copy(rows, "monthly")
	select {
	case <-s.refresh:
	case <-time.After(time.Hour):
	}
	w.Write(rows[:7])
}

// startConsumers starts consumers of a channel it never closes and returns: each keeps its buffer
// (of a size given at run time: a constant-size slice that does not escape lives on the stack).
func startConsumers(n, size int) {
	jobs := make(chan []byte)
	for i := 0; i < n; i++ {
		go func() {
			buf := make([]byte, size)
			for j := range jobs {
				copy(buf, j)
			}
			runtime.KeepAlive(buf)
		}()
	}
}

// idle waits on a nil channel: leaked, holding nothing.
func idle() {
	var never chan int
	<-never
}

func startIdlers(n int) {
	for i := 0; i < n; i++ {
		go idle()
	}
}

// worker is the healthy pool: fed every few milliseconds.
func (s *server) worker() {
	for n := range s.work {
		_ = n * n
	}
}

func (s *server) feed() {
	for i := 0; ; i++ {
		s.work <- i
		time.Sleep(5 * time.Millisecond)
	}
}

type group struct {
	ID string `json:"id"`
	// Goroutine function and, for request goroutines, the handler, as named in stacks.
	Function string `json:"function"`
	Handler  string `json:"handler,omitempty"`
	Leak     bool   `json:"is_leak"`
	Count    int    `json:"count"`
	// What each goroutine keeps alive by design, and all of them together.
	BytesEach     int    `json:"held_bytes_each"`
	HeldBytes     int    `json:"held_bytes"`
	HeldObjects   int    `json:"held_objects"`
	StackInuseAdd int    `json:"stack_inuse_added"`
	What          string `json:"what"`
}

type truth struct {
	GoVersion      string  `json:"go_version"`
	Goroutines     int     `json:"total_goroutines"`
	MemProfileRate int     `json:"mem_profile_rate"`
	StackInuse     uint64  `json:"stack_inuse"`
	Groups         []group `json:"groups"`
	Notes          string  `json:"notes"`
}

// settle waits until the goroutine count stops moving: everything started has parked.
func settle() int {
	last := -1
	for stable := 0; stable < 5; time.Sleep(20 * time.Millisecond) {
		n := runtime.NumGoroutine()
		if n == last {
			stable++
		} else {
			stable = 0
		}
		last = n
	}
	return last
}

func stackInuse() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.StackInuse
}

// batch runs start, waits for the goroutines to park, and reports how much stack they added.
func batch(start func()) int {
	before := stackInuse()
	start()
	settle()
	return int(stackInuse()) - int(before)
}

func get(client *http.Client, url string) {
	resp, err := client.Get(url)
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func writeProfile(dir, name, profile string, debug int) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.Lookup(profile).WriteTo(f, debug); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

func main() {
	runtime.MemProfileRate = 1
	out := flag.String("out", "", "directory for the capture and truth.json")
	flag.Parse()
	if *out == "" {
		log.Fatal("usage: heldmem -out DIR")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}

	s := &server{refresh: make(chan struct{}), work: make(chan int)}
	mux := http.NewServeMux()
	mux.HandleFunc("/upload", s.upload)
	mux.HandleFunc("/report", s.report)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go http.Serve(ln, mux)
	base := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

	for i := 0; i < pool; i++ {
		go s.worker()
	}
	go s.feed()
	settle()

	uploadStack := batch(func() {
		for i := 0; i < uploads; i++ {
			get(client, base+"/upload")
		}
		time.Sleep(100 * time.Millisecond) // the checkers reach their send
	})
	impatient := &http.Client{Timeout: 100 * time.Millisecond, Transport: &http.Transport{DisableKeepAlives: true}}
	reportStack := batch(func() {
		for i := 0; i < reports; i++ {
			get(impatient, base+"/report")
		}
	})
	consumerStack := batch(func() {
		done := make(chan struct{})
		go func() { startConsumers(consumers, consumerBytes); close(done) }()
		<-done
	})
	idleStack := batch(func() {
		done := make(chan struct{})
		go func() { startIdlers(idlers); close(done) }()
		<-done
	})
	total := settle()

	t := truth{
		GoVersion:      runtime.Version(),
		Goroutines:     total,
		MemProfileRate: runtime.MemProfileRate,
		StackInuse:     stackInuse(),
		Notes: "held_bytes is what each group's goroutines keep alive by design (the slices they allocate); " +
			"the heap profile also holds the runtime's and net/http's small objects of the same stacks " +
			"(channels, timers, closures). stack_inuse_added is runtime.MemStats.StackInuse after the batch " +
			"that started the group minus before it (it includes the goroutines the batch started besides " +
			"the group's, e.g. a request's connection reader).",
		Groups: []group{
			{ID: "upload-checker", Function: "main.(*server).upload.func1", Handler: "main.(*server).upload", Leak: true,
				Count: uploads, BytesEach: uploadBytes, HeldBytes: uploads * uploadBytes, HeldObjects: uploads, StackInuseAdd: uploadStack,
				What: "started by /upload, blocked sending its 256 KiB buffer to a handler that gave up"},
			{ID: "report-handler", Function: "net/http.(*conn).serve", Handler: "main.(*server).report", Leak: true,
				Count: reports, BytesEach: reportBytes, HeldBytes: reports * reportBytes, HeldObjects: reports, StackInuseAdd: reportStack,
				What: "/report handlers parked in a select without ctx.Done(), each keeping the 64 KiB rows it built"},
			{ID: "consumer", Function: "main.startConsumers.func1", Leak: true,
				Count: consumers, BytesEach: consumerBytes, HeldBytes: consumers * consumerBytes, HeldObjects: consumers, StackInuseAdd: consumerStack,
				What: "consumers of a channel their creator never closes, each keeping a 32 KiB buffer"},
			{ID: "idle", Function: "main.idle", Leak: true,
				Count: idlers, BytesEach: 0, HeldBytes: 0, HeldObjects: 0, StackInuseAdd: idleStack,
				What: "blocked on a nil channel, holding nothing"},
			{ID: "worker-pool", Function: "main.(*server).worker", Leak: false,
				Count: pool, What: "healthy pool fed every 5 ms"},
		},
	}

	writeProfile(*out, "goroutine_debug2.txt", "goroutine", 2)
	writeProfile(*out, "goroutine_debug0.pb.gz", "goroutine", 0) // debug=0 is gzipped protobuf
	runtime.GC()
	writeProfile(*out, "heap_debug0.pb.gz", "heap", 0)
	b, _ := json.MarshalIndent(t, "", " ")
	if err := os.WriteFile(filepath.Join(*out, "truth.json"), append(b, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("heldmem: %d goroutines, capture in %s\n", total, *out)
}
