// Command leakyapi is a payments API written to produce goroutine profiles
// whose contents are known exactly: its handlers block in the ways real
// handlers do once their client has given up, next to goroutines that are
// parked but healthy. test/go/capture drives it and records the ground
// truth; this program itself knows nothing about fixtures.
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
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback: /debug/pprof is served here)")
	workers := flag.Int("workers", 6, "settlement workers")
	flag.Parse()

	stalled, err := listenStalled()
	if err != nil {
		log.Fatalf("starting the stalled upstream: %v", err)
	}
	inventory, err := serveInventory()
	if err != nil {
		log.Fatalf("starting the inventory upstream: %v", err)
	}
	a := newAPI(config{
		fxURL:        "http://" + stalled,
		auditAddr:    stalled,
		inventoryURL: "http://" + inventory,
	})
	a.start(*workers)
	go handleSignals(a)

	mux := http.DefaultServeMux
	route := func(name, pattern string, h http.Handler) {
		mux.Handle(pattern, withRoute(name, h))
	}
	route("rates", "/v1/rates", http.HandlerFunc(a.exchangeRate))
	route("search", "/v1/search", http.HandlerFunc(a.search))
	route("import", "/v1/ledger/import", http.HandlerFunc(a.importLedger))
	route("balance", "/v1/balance", http.TimeoutHandler(http.HandlerFunc(a.ledgerBalance), 100*time.Millisecond, "ledger busy\n"))
	route("convert", "/v1/convert", http.HandlerFunc(a.convertCurrency))
	route("audit", "/v1/audit", http.HandlerFunc(a.auditTrail))
	route("accounts", "/v1/accounts", http.HandlerFunc(a.updateAccount))
	route("reports", "/v1/reports/monthly", http.HandlerFunc(a.monthlyReport))
	route("batch", "/v1/payments/batch", http.HandlerFunc(a.batchPayments))
	route("jobs", "/v1/jobs/next", http.HandlerFunc(a.nextJob))
	route("watch", "/v1/accounts/watch", http.HandlerFunc(a.watchAccount))
	route("webhooks", "/v1/webhooks/notify", http.HandlerFunc(a.notifyWebhook))
	route("streams", "/v1/streams", http.HandlerFunc(a.openStream))
	route("retry", "/v1/payments/retry", http.HandlerFunc(a.retryPayment))
	route("statements", "/v1/statements", http.HandlerFunc(a.uploadStatement))
	route("events", "/v1/events", http.HandlerFunc(a.events))
	route("subscribe", "/v1/ledger/subscribe", http.HandlerFunc(a.subscribeLedger))
	route("settle", "/v1/settle", http.HandlerFunc(a.settle))
	route("deps", "/v1/health/deps", http.HandlerFunc(a.dependencyHealth))
	route("healthz", "/healthz", http.HandlerFunc(healthz))

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("listening on %s: %v", *addr, err)
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	srv := &http.Server{Handler: mux}
	log.Fatal(srv.Serve(ln))
}

// withRoute labels the request and everything it starts with its route.
func withRoute(name string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pprof.Do(r.Context(), pprof.Labels("route", name), func(ctx context.Context) {
			h.ServeHTTP(w, r.WithContext(ctx))
		})
	})
}

func healthz(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, "ok")
}

// handleSignals reloads the configuration on SIGHUP.
func handleSignals(a *api) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	for range hup {
		a.reloadConfig()
	}
}
