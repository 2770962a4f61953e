// Package api is flagd's public HTTP API, served over HTTP/2 (TLS).
package api

import (
	"context"
	"encoding/json"
	"net/http"
	"runtime/pprof"
	"sync"

	"flags.example.net/flagd/internal/store"
	"flags.example.net/flagd/internal/upstream"
)

// API serves the flags.
type API struct {
	life     context.Context // the process's lifetime
	flags    *store.Store
	rollouts *store.Rollouts
	pool     *store.Pool
	rules    *upstream.Client

	explainMu    sync.Mutex
	explanations map[string]string
	auditMu      sync.Mutex
	audit        []string
}

// New returns the API; life ends at shutdown.
func New(life context.Context, flags *store.Store, rollouts *store.Rollouts, pool *store.Pool, rules *upstream.Client) *API {
	return &API{life: life, flags: flags, rollouts: rollouts, pool: pool, rules: rules, explanations: map[string]string{}}
}

// Routes is the public mux; each route's goroutines carry a "route" label.
func (a *API) Routes() http.Handler {
	mux := http.NewServeMux()
	handle := func(path, name string, h http.HandlerFunc) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			pprof.Do(r.Context(), pprof.Labels("route", name), func(ctx context.Context) {
				h(w, r.WithContext(ctx))
			})
		})
	}
	handle("/v1/flags", "flags", a.list)
	handle("/v1/stream", "stream", a.stream)
	handle("/v1/poll", "poll", a.poll)
	handle("/v1/explain", "explain", a.explain)
	handle("/v1/watch", "watch", a.watch)
	handle("/v1/bulk", "bulk", a.bulk)
	handle("/v1/subscribe", "subscribe", a.subscribe)
	handle("/v1/audit", "audit", a.recordAudit)
	handle("/v1/rollout", "rollout", a.setRollout)
	handle("/v1/rollouts", "rollouts", a.listRollouts)
	handle("/v1/sync", "sync", a.sync)
	handle("/v1/import", "import", a.importFlags)
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (a *API) list(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, a.flags.All())
}
