// Command relayd relays chat rooms between clients over server-sent events,
// long polls and line sockets, keeps their history in the relay database
// and their attachments in a bucket.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"chat.example.net/relayd/internal/hub"
	"chat.example.net/relayd/internal/store"
)

type options struct {
	addr, adminAddr string
	db              string
	dbConns         int
	previews        string
	translator      string
	moderation      string
	configPath      string
	deliveryWorkers int
	thumbWorkers    int
	pollTimeout     time.Duration
	digestWindow    time.Duration
	replicas        string
	verbose         bool
}

func main() {
	var o options
	flag.StringVar(&o.addr, "addr", ":8080", "public listen address")
	flag.StringVar(&o.adminAddr, "admin", "127.0.0.1:6060", "admin listen address (pprof, health)")
	flag.StringVar(&o.db, "db", "tcp://127.0.0.1:7070", "relay database DSN")
	flag.IntVar(&o.dbConns, "db-conns", 4, "open connections to the relay database")
	flag.StringVar(&o.previews, "previews", "http://127.0.0.1:7071", "link preview service")
	flag.StringVar(&o.translator, "translator", "http://127.0.0.1:7072", "translation service")
	flag.StringVar(&o.moderation, "moderation", "", "moderation service (empty: reports are not forwarded)")
	flag.StringVar(&o.configPath, "config", "", "JSON configuration reloaded on SIGHUP")
	flag.IntVar(&o.deliveryWorkers, "delivery-workers", 3, "push delivery workers")
	flag.IntVar(&o.thumbWorkers, "thumb-workers", 2, "thumbnail workers")
	flag.DurationVar(&o.pollTimeout, "poll-timeout", 55*time.Second, "long poll timeout")
	flag.DurationVar(&o.digestWindow, "digest-window", 10*time.Minute, "how long a digest waits for activity")
	flag.StringVar(&o.replicas, "presence-replicas", "eu=5ms,us=40ms,ap=80ms", "presence replicas and their latency")
	flag.BoolVar(&o.verbose, "v", false, "log every request")
	flag.Parse()
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	if err := run(o); err != nil {
		log.Fatal(err)
	}
}

func run(o options) error {
	// The process context: cancelled on SIGINT/SIGTERM, it bounds work that
	// belongs to the service rather than to one request.
	lifetime, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	db, err := sql.Open("relaydb", o.db)
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(o.dbConns)
	db.SetMaxIdleConns(o.dbConns)
	pingCtx, cancel := context.WithTimeout(lifetime, 5*time.Second)
	err = db.PingContext(pingCtx)
	cancel()
	if err != nil {
		return fmt.Errorf("relay database %s: %w", o.db, err)
	}

	cfg := newLiveConfig()
	if err := cfg.load(o.configPath); err != nil {
		return err
	}
	updates := make(chan config)
	go cfg.watch(updates)
	go reloadOnHangup(lifetime, o.configPath, updates)

	rooms := hub.New(hub.Options{})
	defer rooms.Close()
	history := store.NewHistory(db)
	persist := store.NewBatcher(64, time.Second, 2*time.Second, history.Append)
	defer persist.Close()
	push := newOutbox()
	for i := 0; i < o.deliveryWorkers; i++ {
		go push.deliver(i, cfg)
	}
	defer push.close()
	thumbs := make(chan thumbJob, 16)
	for i := 0; i < o.thumbWorkers; i++ {
		go thumbnailer(thumbs)
	}
	defer close(thumbs)
	replicas, err := parseReplicas(o.replicas)
	if err != nil {
		return err
	}

	a := &api{
		lifetime:     lifetime,
		cfg:          cfg,
		hub:          rooms,
		history:      history,
		rooms:        store.NewRooms(db),
		persist:      persist,
		outbox:       push,
		bucket:       store.NewBucket(),
		thumbs:       thumbs,
		mod:          newModeration(o.moderation),
		previews:     newPreviewClient(o.previews),
		translator:   newTranslator(o.translator),
		replicas:     replicas,
		directory:    newDirectory(),
		pollTimeout:  o.pollTimeout,
		digestWindow: o.digestWindow,
	}

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	adminLn, err := net.Listen("tcp", o.adminAddr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           a.routes(o.verbose),
		ReadHeaderTimeout: 5 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          log.New(os.Stderr, "http: ", log.LstdFlags),
	}
	go func() {
		if err := http.Serve(adminLn, adminMux(db)); err != nil {
			log.Printf("admin server: %v", err)
		}
	}()
	go func() {
		<-lifetime.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}()
	fmt.Printf("listening on http://%s\n", ln.Addr())
	fmt.Printf("admin on http://%s\n", adminLn.Addr())
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}

func adminMux(db *sql.DB) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		s := db.Stats()
		fmt.Fprintf(w, "ok db_open=%d db_in_use=%d db_wait_count=%d\n", s.OpenConnections, s.InUse, s.WaitCount)
	})
	return mux
}

func parseReplicas(spec string) ([]*presenceReplica, error) {
	var out []*presenceReplica
	for _, part := range strings.Split(spec, ",") {
		name, lat, ok := strings.Cut(part, "=")
		d, err := time.ParseDuration(lat)
		if !ok || err != nil {
			return nil, fmt.Errorf("presence replica %q: want name=latency", part)
		}
		out = append(out, &presenceReplica{name: name, latency: d})
	}
	return out, nil
}
