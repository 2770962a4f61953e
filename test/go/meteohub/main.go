// Command meteohub collects readings from weather stations and serves them
// to dashboards, exports and alerting. The public API and the stations'
// links are served on -addr; -admin serves key rotation and /debug/pprof.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

type config struct {
	addr, adminAddr string
	forecastURL     string
	geocoderURL     string
	webhookAddr     string
	radarAddr       string
	keyStore        string
	workers         int
	stations        int
}

func main() {
	var cfg config
	flag.StringVar(&cfg.addr, "addr", "127.0.0.1:0", "public listen address")
	flag.StringVar(&cfg.adminAddr, "admin", "127.0.0.1:0", "admin listen address (key rotation, /debug/pprof)")
	flag.StringVar(&cfg.forecastURL, "forecast-url", "http://127.0.0.1:8701", "weather model API")
	flag.StringVar(&cfg.geocoderURL, "geocoder-url", "http://127.0.0.1:8702", "geocoding service")
	flag.StringVar(&cfg.webhookAddr, "webhook-addr", "127.0.0.1:8703", "operator webhook host:port")
	flag.StringVar(&cfg.radarAddr, "radar-addr", "127.0.0.1:8704", "radar distribution server host:port")
	flag.StringVar(&cfg.keyStore, "key-store", os.Getenv("METEOHUB_KEY_STORE"), "hardware key store device")
	flag.IntVar(&cfg.workers, "ingest-workers", 4, "ingest workers")
	flag.IntVar(&cfg.stations, "stations", 40, "stations in the seed catalog")
	flag.Parse()
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	a, err := newApp(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		log.Fatalf("listening on %s: %v", cfg.addr, err)
	}
	adminLn, err := net.Listen("tcp", cfg.adminAddr)
	if err != nil {
		log.Fatalf("listening on %s: %v", cfg.adminAddr, err)
	}
	srv := &http.Server{
		Handler:           a.routes(),
		ReadHeaderTimeout: 5 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	go serveAdmin(adminLn, a.adminRoutes())
	go shutdownOnSignal(ctx, srv)
	fmt.Printf("listening on http://%s\n", ln.Addr())
	fmt.Printf("admin on http://%s\n", adminLn.Addr())
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		log.Fatal(err)
	}
}

func serveAdmin(ln net.Listener, h http.Handler) {
	log.Fatal(http.Serve(ln, h))
}

func shutdownOnSignal(ctx context.Context, srv *http.Server) {
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Shutdown(sctx)
}
