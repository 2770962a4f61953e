// Command fixkinds is a small catalog service whose handlers leak in the ways Goroutine
// Inspector's quick fixes repair and that test/go/leakyapi and demo/service do not show: a call
// given a context that is not the request's, a ticker loop that nothing stops, a request body read
// on a server built without read timeouts, and an io.Pipe left open by an early return.
// test/integration/fixProof.test.ts runs it under load, applies the fixes, and checks that the
// leaks are gone.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof" // /debug/pprof/ on http.DefaultServeMux
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback: /debug/pprof is served here)")
	flag.Parse()

	s := newServer()
	mux := http.NewServeMux()
	mux.HandleFunc("/lookup", s.lookup)
	mux.HandleFunc("/follow", s.follow)
	mux.HandleFunc("/upload", s.upload)
	mux.HandleFunc("/archive", s.archive)
	mux.Handle("/debug/pprof/", http.DefaultServeMux)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("listening on %s: %v", *addr, err)
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	log.Fatal(http.Serve(ln, mux)) // the package helper: no read timeouts
}
