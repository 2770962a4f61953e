package api

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// verify runs the verification handshake with the endpoint, within the
// request's context.
func (s *Server) verify(w http.ResponseWriter, r *http.Request) error {
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		return fail(http.StatusBadRequest, "reading the request")
	}
	answer, err := s.Verifier.Verify(r.Context(), Param(r, "id"))
	if err != nil {
		return fail(http.StatusBadGateway, err.Error())
	}
	return writeJSON(w, http.StatusOK, map[string]string{"challenge": answer})
}

// disable switches an endpoint off and reports it to the audit sink in
// the background.
func (s *Server) disable(w http.ResponseWriter, r *http.Request) error {
	id := Param(r, "id")
	s.tracker.set(id, deliveryStatus{State: "disabled", final: true})
	go s.Auditor.Record("endpoint.disabled", id)
	w.WriteHeader(http.StatusAccepted)
	return nil
}

// subscribe turns on an endpoint; it stays warm (its status refreshed)
// while it is subscribed.
func (s *Server) subscribe(w http.ResponseWriter, r *http.Request) error {
	id := Param(r, "id")
	s.tracker.set(id, deliveryStatus{State: "subscribed"})
	s.bus.publish("all", event{Endpoint: id, Kind: "subscribed"})
	go s.keepWarm(id)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) keepWarm(id string) {
	for range time.Tick(2 * time.Second) {
		s.tracker.touch(id)
	}
}

// lease reserves an endpoint's delivery slot for this process.
func (s *Server) lease(w http.ResponseWriter, r *http.Request) error {
	id := Param(r, "id")
	if !s.leases.take(id) {
		return fail(http.StatusConflict, "already leased")
	}
	go s.leases.hold(id)
	w.WriteHeader(http.StatusCreated)
	return nil
}

type leases struct {
	mu   sync.Mutex
	held map[string]bool
}

func (l *leases) take(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held == nil {
		l.held = map[string]bool{}
	}
	if l.held[id] {
		return false
	}
	l.held[id] = true
	return true
}

// hold keeps the lease until the process exits.
func (l *leases) hold(id string) {
	defer func() {
		l.mu.Lock()
		delete(l.held, id)
		l.mu.Unlock()
	}()
	select {}
}

type mirror struct {
	region  string
	latency time.Duration
}

type probeResult struct {
	Region string `json:"region"`
	OK     bool   `json:"ok"`
}

func (m mirror) probe(id string) probeResult {
	time.Sleep(m.latency)
	return probeResult{Region: m.region, OK: true}
}

// probe asks every mirror whether it reaches the endpoint and answers
// with the fastest.
func (s *Server) probe(w http.ResponseWriter, r *http.Request) error {
	id := Param(r, "id")
	results := make(chan probeResult)
	for _, m := range s.mirrors {
		m := m
		go func() { results <- m.probe(id) }()
	}
	first := <-results
	return writeJSON(w, http.StatusOK, first)
}

// payloads accepts a stream of sample payloads, one per line.
func (s *Server) payloads(w http.ResponseWriter, r *http.Request) error {
	sc := bufio.NewScanner(r.Body)
	n := 0
	for sc.Scan() {
		n++
	}
	if err := sc.Err(); err != nil {
		return fail(http.StatusBadRequest, "reading payloads: "+err.Error())
	}
	return writeJSON(w, http.StatusOK, map[string]int{"payloads": n})
}

// poll waits for the endpoint's next event, for at most ?wait.
func (s *Server) poll(w http.ResponseWriter, r *http.Request) error {
	wait, err := time.ParseDuration(r.URL.Query().Get("wait"))
	if err != nil || wait <= 0 {
		wait = 30 * time.Second
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	sub := s.bus.subscribe(Param(r, "id"))
	defer s.bus.unsubscribe(Param(r, "id"), sub)
	select {
	case ev := <-sub:
		return writeJSON(w, http.StatusOK, ev)
	case <-timer.C:
		w.WriteHeader(http.StatusNoContent)
		return nil
	case <-r.Context().Done():
		return nil
	}
}

// next answers with the endpoint's next event.
func (s *Server) next(w http.ResponseWriter, r *http.Request) error {
	sub := s.bus.subscribe(Param(r, "id"))
	defer s.bus.unsubscribe(Param(r, "id"), sub)
	select {
	case ev := <-sub:
		return writeJSON(w, http.StatusOK, ev)
	case <-time.After(10 * time.Minute):
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

// stream sends every event as server-sent events, with a heartbeat.
func (s *Server) stream(w http.ResponseWriter, r *http.Request) error {
	f, ok := w.(http.Flusher)
	if !ok {
		return fail(http.StatusInternalServerError, "streaming unsupported")
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	f.Flush()
	sub := s.bus.subscribe("all")
	defer s.bus.unsubscribe("all", sub)
	beat := time.NewTicker(time.Second)
	defer beat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-beat.C:
			fmt.Fprint(w, ": heartbeat\n\n")
		case ev := <-sub:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Kind, ev.Endpoint)
		}
		f.Flush()
	}
}
