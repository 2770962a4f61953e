// Package dashboards pushes live readings to browser dashboards with
// server-sent events.
package dashboards

import (
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"meteo.example.net/hub/internal/web"
)

// Hub fans readings out to subscribed dashboards; slow subscribers lose
// readings rather than slow the hub down.
type Hub struct {
	mu   sync.Mutex
	subs map[chan reading]string
}

type reading struct {
	station string
	value   float64
}

// NewHub returns a hub without subscribers.
func NewHub() *Hub { return &Hub{subs: map[chan reading]string{}} }

// Publish offers a reading to every subscriber of any dashboard.
func (h *Hub) Publish(station string, value float64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.subs {
		select {
		case c <- reading{station, value}:
		default:
		}
	}
}

func (h *Hub) subscribe(dashboard string) chan reading {
	c := make(chan reading, 16)
	h.mu.Lock()
	h.subs[c] = dashboard
	h.mu.Unlock()
	return c
}

func (h *Hub) unsubscribe(c chan reading) {
	h.mu.Lock()
	delete(h.subs, c)
	h.mu.Unlock()
}

func startStream(w http.ResponseWriter) (http.Flusher, bool) {
	fl, ok := w.(http.Flusher)
	if !ok {
		web.Fail(w, http.StatusInternalServerError, "streaming unsupported")
		return nil, false
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, "retry: 3000\n\n")
	fl.Flush()
	return fl, true
}

// Legacy serves /v1/dashboards/{id}/stream, kept for old wall displays.
type Legacy struct {
	Hub       *Hub
	Heartbeat time.Duration
}

func (l *Legacy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fl, ok := startStream(w)
	if !ok {
		return
	}
	sub := l.Hub.subscribe(web.Param(r, "id"))
	defer l.Hub.unsubscribe(sub)
	hb := time.NewTicker(l.Heartbeat)
	defer hb.Stop()
	for {
		select {
		case rd := <-sub:
			fmt.Fprintf(w, "event: reading\ndata: {\"station\":%q,\"value\":%g}\n\n", rd.station, rd.value)
			fl.Flush()
		case <-hb.C:
			io.WriteString(w, ": keep-alive\n\n")
			fl.Flush()
		}
	}
}

// Events serves /v2/dashboards/{id}/events.
type Events struct {
	Hub       *Hub
	Heartbeat time.Duration
}

func (e *Events) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fl, ok := startStream(w)
	if !ok {
		return
	}
	sub := e.Hub.subscribe(web.Param(r, "id"))
	defer e.Hub.unsubscribe(sub)
	hb := time.NewTicker(e.Heartbeat)
	defer hb.Stop()
	for {
		select {
		case rd := <-sub:
			fmt.Fprintf(w, "event: reading\ndata: {\"station\":%q,\"value\":%g}\n\n", rd.station, rd.value)
			fl.Flush()
		case <-hb.C:
			io.WriteString(w, ": keep-alive\n\n")
			fl.Flush()
		case <-r.Context().Done():
			return
		}
	}
}
