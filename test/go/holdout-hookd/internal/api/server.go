package api

import (
	"context"
	"net/http"
	"sync"
	"time"

	"hooks.example.io/hookd/internal/ledger"
	"hooks.example.io/hookd/internal/outbound"
	"hooks.example.io/hookd/internal/queue"
)

// Job is one webhook delivery handed to the delivery pool.
type Job struct {
	Endpoint string
	Payload  []byte
}

// Server holds hookd's dependencies; its handlers are its methods.
type Server struct {
	// life is the service's lifetime: cancelled at shutdown.
	life        context.Context
	Store       *ledger.Store
	Journal     *ledger.Journal
	Exporter    *ledger.Exporter
	Signer      *outbound.Signer
	Auditor     *outbound.Auditor
	Verifier    *outbound.Verifier
	DeadLetters *queue.Backlog
	Pool        *queue.Pool[Job]

	keys    keyring
	tracker tracker
	bus     bus
	reports reports
	limit   *limiter
	leases  leases
	mirrors []mirror
}

// Options configure New.
type Options struct {
	// RatePerSecond limits delivery listings per second; 0 disables the limit.
	RatePerSecond int
	// ReportTimeout bounds report rendering (http.TimeoutHandler).
	ReportTimeout time.Duration
}

func New(life context.Context, o Options) *Server {
	s := &Server{life: life, limit: newLimiter(life, o.RatePerSecond)}
	s.keys.current = "k1"
	s.mirrors = []mirror{{"eu", 5 * time.Millisecond}, {"us", 20 * time.Millisecond}, {"ap", 40 * time.Millisecond}}
	return s
}

// Routes is the public API.
func (s *Server) Routes(o Options, mw ...Middleware) http.Handler {
	rt := &Router{}
	rt.Use(mw...)
	rt.Handle("GET /healthz", "healthz", Handler(s.healthz))
	// deliveries and history
	rt.Handle("POST /v1/endpoints/{id}/replay", "replay", Handler(s.replay))
	rt.Handle("GET /v1/endpoints/{id}/stats", "stats", Handler(s.stats))
	rt.Handle("GET /v1/endpoints/{id}/deliveries", "deliveries", Handler(s.deliveries))
	rt.Handle("GET /v1/deliveries/{id}/await", "await", Handler(s.await))
	rt.Handle("POST /v1/exports/{id}", "export", Handler(s.export))
	rt.Handle("POST /v1/batches", "collect", Handler(s.collect))
	rt.Handle("POST /v1/broadcast", "broadcast", Handler(s.broadcast))
	rt.Handle("POST /v1/queues/{name}/drain", "drain", Handler(s.drain))
	rt.Handle("GET /v1/reports/{id}", "report", http.TimeoutHandler(Handler(s.report), o.ReportTimeout, "report timed out\n"))
	// endpoints
	rt.Handle("POST /v1/endpoints/{id}/verify", "verify", Handler(s.verify))
	rt.Handle("POST /v1/endpoints/{id}/disable", "disable", Handler(s.disable))
	rt.Handle("POST /v1/endpoints/{id}/subscribe", "subscribe", Handler(s.subscribe))
	rt.Handle("POST /v1/endpoints/{id}/lease", "lease", Handler(s.lease))
	rt.Handle("GET /v1/endpoints/{id}/probe", "probe", Handler(s.probe))
	rt.Handle("POST /v1/endpoints/{id}/payloads", "payloads", Handler(s.payloads))
	rt.Handle("GET /v1/endpoints/{id}/poll", "poll", Handler(s.poll))
	rt.Handle("GET /v1/endpoints/{id}/next", "next", Handler(s.next))
	rt.Handle("GET /v1/stream", "stream", Handler(s.stream))
	// signing keys
	rt.Handle("POST /v1/sign", "sign", Handler(s.sign))
	rt.Handle("POST /v1/keys/rotate", "rotate", Handler(s.rotate))
	rt.Handle("GET /v1/keys/current", "keys", Handler(s.currentKey))
	return rt
}

// IngestRoutes is the ingestion listener for upstream event sources.
func (s *Server) IngestRoutes(mw ...Middleware) http.Handler {
	rt := &Router{}
	rt.Use(mw...)
	rt.Handle("POST /ingest/{source}", "ingest", Handler(s.ingest))
	rt.Handle("GET /tail", "tail", Handler(s.tail))
	return rt
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	_, err := w.Write([]byte("ok\n"))
	return err
}

// keyring holds the signing key in use.
type keyring struct {
	mu      sync.RWMutex
	current string
}
