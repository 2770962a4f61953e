// Command hookd is a webhook dispatcher: it records deliveries to
// subscriber endpoints, signs payloads with a key management service,
// verifies endpoints, streams events to dashboards and ingests events from
// upstream sources.
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

	"hooks.example.io/hookd/internal/api"
	"hooks.example.io/hookd/internal/ledger"
	"hooks.example.io/hookd/internal/outbound"
	"hooks.example.io/hookd/internal/queue"
)

type config struct {
	addr, ingest, admin string
	ledgerDSN           string
	dbConns             int
	kms, audit, relay   string
	workers             int
	rate                int
	reportTimeout       time.Duration
	redrive             bool
}

func main() {
	var c config
	flag.StringVar(&c.addr, "addr", "127.0.0.1:8080", "public API address")
	flag.StringVar(&c.ingest, "ingest", "127.0.0.1:8081", "ingestion address")
	flag.StringVar(&c.admin, "admin", "127.0.0.1:6060", "admin (pprof) address")
	flag.StringVar(&c.ledgerDSN, "ledger", "hookd", "ledger database DSN (memdb)")
	flag.IntVar(&c.dbConns, "db-conns", 4, "ledger connections")
	flag.StringVar(&c.kms, "kms", "http://127.0.0.1:7001", "key management service")
	flag.StringVar(&c.audit, "audit", "http://127.0.0.1:7002", "audit sink")
	flag.StringVar(&c.relay, "verify-relay", "http://127.0.0.1:7003", "verification relay")
	flag.IntVar(&c.workers, "workers", 4, "delivery workers")
	flag.IntVar(&c.rate, "rate", 0, "delivery listings per second (0: unlimited)")
	flag.DurationVar(&c.reportTimeout, "report-timeout", time.Second, "report rendering budget")
	flag.BoolVar(&c.redrive, "redrive", false, "consume the dead-letter backlog")
	flag.Parse()
	if err := run(c); err != nil {
		log.Fatal(err)
	}
}

func listen(addr, what string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s listener: %w", what, err)
	}
	fmt.Printf("%s on http://%s\n", what, ln.Addr())
	return ln, nil
}

func run(c config) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	store, err := ledger.Open(c.ledgerDSN, c.dbConns)
	if err != nil {
		return err
	}
	defer store.Close()
	journal := ledger.NewJournal(64)
	defer journal.Close()

	opts := api.Options{RatePerSecond: c.rate, ReportTimeout: c.reportTimeout}
	s := api.New(ctx, opts)
	s.Store, s.Journal, s.Exporter = store, journal, ledger.NewExporter()
	s.Signer = outbound.NewSigner(c.kms, 1)
	s.Auditor = outbound.NewAuditor(c.audit)
	s.Verifier = outbound.NewVerifier(c.relay, 20*time.Second)
	s.DeadLetters = queue.NewBacklog("dl-1", "dl-2", "dl-3")
	s.Pool = &queue.Pool[api.Job]{Workers: c.workers, Work: func(ctx context.Context, j api.Job) {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		if err := store.Record(ctx, j.Endpoint, 200); err != nil {
			log.Printf("delivery %s: %v", j.Endpoint, err)
		}
	}}
	go s.Pool.Run(ctx)
	retrier := &ledger.Retrier{Store: store, Every: time.Second, Budget: 300 * time.Millisecond}
	go retrier.Run(ctx)
	if c.redrive {
		go func() {
			for range time.Tick(time.Second) {
				s.DeadLetters.Pop()
			}
		}()
	}

	mw := []api.Middleware{api.Labelled(), api.Logged(log.Printf)}
	adminLn, err := listen(c.admin, "admin")
	if err != nil {
		return err
	}
	go http.Serve(adminLn, http.DefaultServeMux)
	ingestLn, err := listen(c.ingest, "ingest")
	if err != nil {
		return err
	}
	go http.Serve(ingestLn, s.IngestRoutes(mw...))

	srv := &http.Server{
		Handler:           s.Routes(opts, mw...),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	ln, err := listen(c.addr, "listening")
	if err != nil {
		return err
	}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}
