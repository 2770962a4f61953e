// heapgen writes a large, real Go heap profile for bench/decodeProfile.ts: every allocation is
// recorded (MemProfileRate = 1) and each of 2^depth allocations has a call stack of its own, a
// path of stepA/stepB calls given by the bits of its index, like a service with very many
// distinct allocation sites. Usage: go run . DEPTH OUT.pb.gz [COUNT]: COUNT allocations (default
// 2^DEPTH), allocation i along the path of the low DEPTH bits of i. Depth 19 with 2^19 allocations
// is bench/decodeProfile's 31.9 MB profile; depth 19 with 300,000 is bench/topProfile's (~25 MB
// raw, 300k samples, every one its own stack of 42 frames).
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
)

var sink [][]byte

//go:noinline
func leaf(n int) { sink = append(sink, make([]byte, 16+n%2048)) }

//go:noinline
func stepA(path, depth, n int) { step(path, depth, n) }

//go:noinline
func stepB(path, depth, n int) { step(path, depth, n) }

//go:noinline
func step(path, depth, n int) {
	if depth == 0 {
		leaf(n)
		return
	}
	if path&1 == 1 {
		stepA(path>>1, depth-1, n)
	} else {
		stepB(path>>1, depth-1, n)
	}
}

func main() {
	runtime.MemProfileRate = 1
	if len(os.Args) != 3 && len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: heapgen DEPTH OUT.pb.gz [COUNT]")
		os.Exit(2)
	}
	depth, err := strconv.Atoi(os.Args[1])
	count := 1 << depth
	if err == nil && len(os.Args) == 4 {
		count, err = strconv.Atoi(os.Args[3])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "usage: heapgen DEPTH OUT.pb.gz [COUNT]")
		os.Exit(2)
	}
	for i := 0; i < count; i++ {
		step(i, depth, i)
	}
	runtime.GC()
	f, err := os.Create(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	f.Close()
}
