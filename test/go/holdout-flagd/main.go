// Command flagd is a small feature-flag server. Its clients (SDKs in other
// services) talk HTTP/2 over TLS to the public listener: they read flags,
// stream changes, long-poll, import flag sets. A plain HTTP/1 admin
// listener serves net/http/pprof.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"syscall"
	"time"

	"flags.example.net/flagd/internal/api"
	"flags.example.net/flagd/internal/store"
	"flags.example.net/flagd/internal/upstream"
)

type config struct {
	addr, admin, cert, key, rules string
	workers                       int
	refresh                       time.Duration
}

func main() {
	var c config
	flag.StringVar(&c.addr, "addr", "127.0.0.1:8443", "public HTTPS (HTTP/2) address")
	flag.StringVar(&c.admin, "admin", "127.0.0.1:6060", "admin (pprof) address")
	flag.StringVar(&c.cert, "cert", "cert.pem", "TLS certificate (PEM)")
	flag.StringVar(&c.key, "key", "key.pem", "TLS key (PEM)")
	flag.StringVar(&c.rules, "rules", "http://127.0.0.1:9090", "targeting rules service")
	flag.IntVar(&c.workers, "workers", 3, "evaluation pool workers")
	flag.DurationVar(&c.refresh, "refresh", 500*time.Millisecond, "flag refresh period")
	flag.Parse()
	if err := run(c); err != nil {
		log.Fatal(err)
	}
}

func run(c config) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	flags := store.New()
	flags.Set(store.Flag{Name: "checkout-v2", On: true})
	flags.Set(store.Flag{Name: "dark-mode", On: false})
	pool := store.NewPool(c.workers)
	go pool.Run(ctx)
	refresher := &store.Refresher{Flags: flags, Every: c.refresh}
	go refresher.Run(ctx)

	a := api.New(ctx, flags, &store.Rollouts{}, pool, upstream.New(c.rules))

	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	adminLn, err := net.Listen("tcp", c.admin)
	if err != nil {
		return err
	}
	// No ReadTimeout: imports stream large flag sets and may take long.
	srv := &http.Server{Handler: a.Routes(), IdleTimeout: 2 * time.Minute}
	admin := &http.Server{Handler: http.DefaultServeMux}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
		admin.Shutdown(sctx)
	}()
	go admin.Serve(adminLn)
	fmt.Printf("listening on https://%s\n", ln.Addr())
	fmt.Printf("admin on http://%s\n", adminLn.Addr())
	if err := srv.ServeTLS(ln, c.cert, c.key); err != http.ErrServerClosed {
		return err
	}
	return nil
}
