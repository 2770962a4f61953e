// Package exports runs dataset exports; a bounded number run at once, each
// from a consistent snapshot of its dataset.
package exports

import (
	"context"
	"encoding/json"
	"net/http"
	"runtime/pprof"
	"sync"
	"time"

	"meteo.example.net/hub/internal/web"
)

// Snapshots publishes consistent snapshots of the datasets.
type Snapshots struct {
	mu    sync.Mutex
	ready map[string]chan struct{}
}

// NewSnapshots returns a registry without any snapshot taken yet.
func NewSnapshots() *Snapshots { return &Snapshots{ready: map[string]chan struct{}{}} }

func (s *Snapshots) ch(dataset string) chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.ready[dataset]
	if !ok {
		c = make(chan struct{})
		s.ready[dataset] = c
	}
	return c
}

// Taken marks the dataset's snapshot as available.
func (s *Snapshots) Taken(dataset string) { close(s.ch(dataset)) }

// Await waits for the dataset's snapshot.
func (s *Snapshots) Await(ctx context.Context, dataset string) error {
	select {
	case <-s.ch(dataset):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Service runs exports, at most cap(slots) at a time.
type Service struct {
	slots chan struct{}
	snaps *Snapshots
}

// New returns a service running at most n exports at once.
func New(n int, snaps *Snapshots) *Service {
	return &Service{slots: make(chan struct{}, n), snaps: snaps}
}

func (s *Service) acquire(ctx context.Context) error {
	select {
	case s.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Service) release() { <-s.slots }

// Spec describes an export.
type Spec struct {
	Dataset string `json:"dataset"`
	Format  string `json:"format"`
}

// Job is a finished export.
type Job struct {
	ID       string    `json:"id"`
	Dataset  string    `json:"dataset"`
	Finished time.Time `json:"finished"`
}

// Run exports spec's dataset from its snapshot.
func (s *Service) Run(ctx context.Context, spec Spec) (job Job, err error) {
	pprof.Do(ctx, pprof.Labels("job", "export"), func(ctx context.Context) {
		if err = s.acquire(ctx); err != nil {
			return
		}
		defer s.release()
		if err = s.snaps.Await(ctx, spec.Dataset); err != nil {
			return
		}
		job = Job{ID: web.RequestIDFrom(ctx), Dataset: spec.Dataset, Finished: time.Now()}
	})
	return job, err
}

// detach keeps the request's values (its id for the logs) without its
// cancellation: an export runs to its end even when the caller goes away.
func detach(ctx context.Context) context.Context {
	return detached{ctx}
}

type detached struct{ parent context.Context }

func (detached) Deadline() (time.Time, bool)         { return time.Time{}, false }
func (detached) Done() <-chan struct{}               { return nil }
func (detached) Err() error                          { return nil }
func (d detached) Value(key interface{}) interface{} { return d.parent.Value(key) }

// Handlers serves /v1/exports.
type Handlers struct {
	S *Service
}

// Create runs an export and answers it.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) {
	var spec Spec
	if err := json.NewDecoder(r.Body).Decode(&spec); err != nil {
		web.Fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	job, err := h.S.Run(detach(r.Context()), spec)
	if err != nil {
		web.Fail(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, job)
}

// Preview answers the first rows of a dataset; it shares the export slots.
func (h *Handlers) Preview(w http.ResponseWriter, r *http.Request) {
	h.S.slots <- struct{}{}
	defer h.S.release()
	web.WriteJSON(w, http.StatusOK, map[string]interface{}{"dataset": web.Param(r, "id"), "rows": []string{}})
}
