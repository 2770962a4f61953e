// Command leakyshop is the demo service of Goroutine Inspector: a small
// checkout API with the goroutine leaks that real services grow when their
// clients give up early. Run it, point the extension at
// http://127.0.0.1:6060 and capture.
//
// With -load (the default) it also plays its own impatient clients, so a
// capture always finds something to explain.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof" // /debug/pprof/ on http.DefaultServeMux
	"os"
	"runtime/pprof"
	"strconv"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:6060", "listen address (keep it on loopback: /debug/pprof is served here)")
	load := flag.Bool("load", true, "generate client traffic that gives up early, so leaks build up")
	workers := flag.Int("workers", 4, "order fulfilment workers")
	deadlines := flag.Bool("deadline-header", false, "give each request's context the deadline its client sends in X-Request-Deadline (Unix ms)")
	trickle := flag.Duration("trickle", 5*time.Second, "with -load, one impatient request per this period after the burst")
	park := flag.Int("park", 0, "park this many idle goroutines (a large, healthy service: what a watch's captures cost it)")
	flag.Parse()
	log.SetFlags(log.Ltime)

	carrier, err := startCarrier()
	if err != nil {
		log.Fatalf("starting the carrier stub: %v", err)
	}
	s := newStore("http://" + carrier)
	s.start(*workers)
	parkIdle(*park)

	mux := http.DefaultServeMux
	mux.Handle("/api/quote", withRoute("quote", http.HandlerFunc(s.quote)))
	mux.Handle("/api/export", withRoute("export", http.HandlerFunc(s.exportOrders)))
	mux.Handle("/api/stock", withRoute("stock",
		http.TimeoutHandler(http.HandlerFunc(s.stockLevel), 100*time.Millisecond, "stock service busy\n")))
	mux.Handle("/api/shipping", withRoute("shipping", http.HandlerFunc(s.shippingRates)))
	mux.Handle("/api/cart", withRoute("cart", http.HandlerFunc(s.updateCart)))
	mux.Handle("/api/events", withRoute("events", http.HandlerFunc(s.events)))
	mux.Handle("/api/orders", withRoute("orders", http.HandlerFunc(s.placeOrder)))
	mux.HandleFunc("/api/ping", ping)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("listening on %s: %v", *addr, err)
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(os.Stdout, "listening on %s (pprof: %s/debug/pprof/)\n", base, base)
	if *load {
		go runLoad(base, *trickle)
	}
	var handler http.Handler = mux
	if *deadlines {
		handler = withClientDeadline(handler)
	}
	srv := &http.Server{Handler: handler} // no server timeouts, like many real services
	log.Fatal(srv.Serve(ln))
}

// withRoute labels everything the request does (and every goroutine it
// starts) with its route, so profiles can be read per endpoint.
func withRoute(route string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pprof.Do(r.Context(), pprof.Labels("route", route), func(ctx context.Context) {
			h.ServeHTTP(w, r.WithContext(ctx))
		})
	})
}

// withClientDeadline gives the request's context the deadline its client announced in the
// X-Request-Deadline header (Unix milliseconds), as a Node front end with AbortSignal.timeout
// can send it. A handler that honours its context then stops when the client would have given
// up, even where the client's connection stays open (a proxy, a keep-alive pool), which is the
// only other way net/http learns that a client has left.
func withClientDeadline(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ms, err := strconv.ParseInt(r.Header.Get("X-Request-Deadline"), 10, 64)
		if err != nil || ms <= 0 {
			h.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithDeadline(r.Context(), time.UnixMilli(ms))
		defer cancel()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// startCarrier runs a stand-in for the shipping carrier's API that accepts
// connections and never answers, as an overloaded upstream does.
func startCarrier() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go func() {
		var open []net.Conn // kept so the connections stay open
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			open = append(open, c)
		}
	}()
	return ln.Addr().String(), nil
}

// ping answers at once: the request the watch-cost benchmark times.
func ping(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprintln(w, "pong")
}

// parkIdle starts n goroutines that wait on a channel nobody closes, like the
// idle connections and subscribers of a busy service: each one is a stack that
// goroutine?debug=2 prints with the world stopped.
func parkIdle(n int) {
	idle := make(chan struct{})
	for i := 0; i < n; i++ {
		go func() { <-idle }()
	}
}
