// Command crashers ends in the ways Go programs end badly, so that their
// tracebacks can be kept as fixtures: crashers <scenario>. The scenarios
// look like small pieces of real services (a job runner, a cache, a
// config loader); scripts/generateFixtures.sh runs each with the
// GOTRACEBACK setting it needs.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"time"
)

var scenarios = map[string]func(){
	"panic":     panicInWorker,
	"nilderef":  nilDeref,
	"busy":      busyThenPanic,
	"sigquit":   waitForSignal,
	"deadlock":  deadlock,
	"deep":      deepPanic,
	"deepdump":  deepDump,
	"locked":    lockedThenPanic,
	"logs":      logThenPanic,
	"dump":      labelledDump,
	"ancestors": ancestorsDump,
	"profiles":  writeProfiles,
}

func main() {
	if len(os.Args) < 2 || scenarios[os.Args[1]] == nil {
		var names []string
		for n := range scenarios {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintf(os.Stderr, "usage: crashers %s\n", strings.Join(names, "|"))
		os.Exit(2)
	}
	scenarios[os.Args[1]]()
}

type job struct {
	id      int
	payload map[string]string
}

// panicInWorker: a worker goroutine panics on a job it cannot handle.
func panicInWorker() {
	jobs := make(chan job)
	done := make(chan struct{})
	go runJobs(jobs, done)
	jobs <- job{id: 1, payload: map[string]string{"kind": "invoice"}}
	jobs <- job{id: 2, payload: map[string]string{"kind": "refund"}}
	<-done
}

func runJobs(jobs <-chan job, done chan<- struct{}) {
	for j := range jobs {
		handle(j)
	}
	close(done)
}

func handle(j job) {
	switch j.payload["kind"] {
	case "invoice":
		return
	default:
		panic(fmt.Errorf("job %d: unsupported kind %q", j.id, j.payload["kind"]))
	}
}

type cache struct {
	mu      sync.Mutex
	entries map[string]*entry
}

type entry struct {
	value   string
	expires time.Time
}

// nilDeref: a cache lookup dereferences a missing entry.
func nilDeref() {
	c := &cache{entries: map[string]*entry{}}
	fmt.Println(c.get("user:42"))
}

func (c *cache) get(key string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[key]
	if e.expires.Before(time.Now()) {
		return ""
	}
	return e.value
}

// service starts goroutines that park in the usual ways, so a traceback
// of all goroutines has something to show.
func service() {
	var mu sync.Mutex
	mu.Lock()
	queue := make(chan int)
	for i := 0; i < 3; i++ {
		go consume(queue)
	}
	go func() {
		mu.Lock() // waits for the lock main holds
		mu.Unlock()
	}()
	go func() {
		time.Sleep(time.Hour)
	}()
	go func() {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for range t.C {
		}
	}()
	time.Sleep(100 * time.Millisecond) // let them park
}

func consume(queue <-chan int) {
	for v := range queue {
		_ = v
	}
}

// busyThenPanic: a service with several parked goroutines panics.
func busyThenPanic() {
	service()
	var limits []int
	fmt.Println(limits[3])
}

// waitForSignal: a running service waits for SIGQUIT (the dump is the
// runtime's, on stderr).
func waitForSignal() {
	service()
	fmt.Println("ready")
	select {}
}

// deadlock: main waits for workers that wait for main.
func deadlock() {
	var wg sync.WaitGroup
	results := make(chan int)
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results <- i * i
		}(i)
	}
	wg.Wait() // nobody reads results before Wait returns
	close(results)
}

type node struct {
	name     string
	children []*node
}

func buildChain(depth int) *node {
	root := &node{name: "n0"}
	cur := root
	for i := 1; i < depth; i++ {
		n := &node{name: fmt.Sprintf("n%d", i)}
		cur.children = append(cur.children, n)
		cur = n
	}
	return root
}

// walk visits a tree recursively; at the leaf it calls leaf.
func walk(n *node, depth int, leaf func(depth int)) {
	if len(n.children) == 0 {
		leaf(depth)
		return
	}
	for _, c := range n.children {
		walk(c, depth+1, leaf)
	}
}

// deepPanic: a panic 300 calls deep.
func deepPanic() {
	walk(buildChain(300), 0, func(depth int) {
		panic(fmt.Sprintf("cycle detected at depth %d", depth))
	})
}

// deepDump: a goroutine parked 300 calls deep, dumped with
// runtime.Stack(all) as net/http/pprof's debug=2 does.
func deepDump() {
	parked := make(chan struct{})
	release := make(chan struct{})
	go walk(buildChain(300), 0, func(int) {
		close(parked)
		<-release
	})
	<-parked
	time.Sleep(50 * time.Millisecond)
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	os.Stdout.Write(buf[:n])
}

// lockedThenPanic: goroutines locked to their OS thread (as cgo callers and
// GUI loops are) when another goroutine panics.
func lockedThenPanic() {
	ready := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		close(ready)
		select {}
	}()
	<-ready
	runtime.LockOSThread()
	service()
	panic("renderer: surface lost")
}

// logThenPanic: a program that logs to stderr, as services do, then
// panics; the log lines and the traceback share the stream.
func logThenPanic() {
	log.SetFlags(log.Ldate | log.Ltime | log.Lmicroseconds)
	log.Printf("config: loaded 3 sources")
	log.Printf("db: pool opened (max 10)")
	service()
	log.Printf("http: listening on 127.0.0.1:8080")
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		log.Printf("migrations: applying 0042_add_index")
		var m map[string]int
		m["applied"]++ // assignment to entry in nil map
	}()
	wg.Wait()
}

// printAllStacks writes runtime.Stack(all) to stdout, the debug=2 format of
// net/http/pprof.
func printAllStacks() {
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	os.Stdout.Write(buf[:n])
}

// labelledDump: the parked service plus request goroutines under pprof
// labels (shown in headers with Go 1.27's GODEBUG=tracebacklabels=1),
// dumped with runtime.Stack(all).
func labelledDump() {
	service()
	block := make(chan struct{})
	for _, route := range []string{"/orders", "/orders", "/refunds"} {
		route := route
		go pprof.Do(context.Background(), pprof.Labels("route", route), func(ctx context.Context) {
			serveSlow(ctx, block)
		})
	}
	time.Sleep(100 * time.Millisecond)
	printAllStacks()
}

func serveSlow(ctx context.Context, block <-chan struct{}) {
	select {
	case <-block:
	case <-time.After(time.Hour):
	}
}

// ancestorsDump: a dispatcher starts workers that start fetches, all parked;
// run with GODEBUG=tracebackancestors=N, the dump shows each goroutine's
// ancestors' stacks at the go statements that led to it.
func ancestorsDump() {
	ready := make(chan struct{})
	block := make(chan struct{})
	go dispatch(2, ready, block)
	for i := 0; i < 2; i++ {
		<-ready
	}
	time.Sleep(50 * time.Millisecond)
	printAllStacks()
}

func dispatch(workers int, ready chan<- struct{}, block chan struct{}) {
	for i := 0; i < workers; i++ {
		go worker(i, ready, block)
	}
	<-block
}

func worker(i int, ready chan<- struct{}, block chan struct{}) {
	go fetch(i, ready, block)
	<-block
}

func fetch(i int, ready chan<- struct{}, block <-chan struct{}) {
	ready <- struct{}{}
	<-block
}

// writeProfiles: profiles in other units than bytes and counts, for `top`: a CPU profile
// (samples/count, cpu/nanoseconds) of a checksum loop, and block and mutex profiles
// (contentions/count, delay/nanoseconds) of workers queueing on one lock. Written to the
// directory named by the next argument.
func writeProfiles() {
	dir := os.Args[2]
	runtime.SetBlockProfileRate(1)
	runtime.SetMutexProfileFraction(1)
	f, err := os.Create(dir + "/cpu.pb.gz")
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Fatal(err)
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sums := make([]uint64, 4)
	deadline := time.Now().Add(1500 * time.Millisecond)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for time.Now().Before(deadline) {
				mu.Lock()
				sums[w] += checksum(20000 + w)
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	pprof.StopCPUProfile()
	f.Close()
	for _, name := range []string{"block", "mutex"} {
		out, err := os.Create(dir + "/" + name + ".pb.gz")
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.Lookup(name).WriteTo(out, 0); err != nil {
			log.Fatal(err)
		}
		out.Close()
	}
	fmt.Println(sums[0] > 0)
}

func checksum(n int) uint64 {
	var h uint64 = 14695981039346656037
	for i := 0; i < n; i++ {
		h ^= uint64(i)
		h *= 1099511628211
	}
	return h
}
