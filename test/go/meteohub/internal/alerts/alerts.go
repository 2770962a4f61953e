// Package alerts delivers alerts through every configured channel; an
// alert counts as delivered as soon as one channel has taken it.
package alerts

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"meteo.example.net/hub/internal/web"
)

// Alert is what stations and watchers raise.
type Alert struct {
	Station string  `json:"station"`
	Kind    string  `json:"kind"`
	Value   float64 `json:"value"`
}

// Notifier is one delivery channel.
type Notifier interface {
	Name() string
	Notify(a Alert) error
}

// Dispatcher fans an alert out to its notifiers.
type Dispatcher struct {
	Notifiers []Notifier
}

// Fire delivers a to every notifier and returns the first that succeeded.
func (d *Dispatcher) Fire(a Alert) (string, error) {
	type result struct {
		via string
		err error
	}
	results := make(chan result)
	for _, n := range d.Notifiers {
		go func(n Notifier) {
			results <- result{n.Name(), n.Notify(a)}
		}(n)
	}
	var failed []string
	for range d.Notifiers {
		r := <-results
		if r.err == nil {
			return r.via, nil
		}
		failed = append(failed, r.err.Error())
	}
	return "", fmt.Errorf("no channel took the alert: %s", strings.Join(failed, "; "))
}

// Handler serves POST /v1/alerts.
type Handler struct {
	D *Dispatcher
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var a Alert
	if err := json.NewDecoder(r.Body).Decode(&a); err != nil {
		web.Fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	via, err := h.D.Fire(a)
	if err != nil {
		web.Fail(w, http.StatusBadGateway, "%v", err)
		return
	}
	web.WriteJSON(w, http.StatusAccepted, map[string]string{"delivered_via": via})
}

// Outbox keeps messages for a gateway that polls them (SMS).
type Outbox struct {
	name string
	msgs chan string
}

// NewOutbox returns an outbox holding up to n messages.
func NewOutbox(name string, n int) *Outbox { return &Outbox{name: name, msgs: make(chan string, n)} }

func (o *Outbox) Name() string { return o.name }

func (o *Outbox) Notify(a Alert) error {
	select {
	case o.msgs <- fmt.Sprintf("%s %s %.1f", a.Station, a.Kind, a.Value):
		return nil
	default:
		return fmt.Errorf("%s outbox full", o.name)
	}
}

// Spool writes mail to the local spool directory (slow disk).
type Spool struct {
	Delay time.Duration
	out   []string
}

func (s *Spool) Name() string { return "email" }

func (s *Spool) Notify(a Alert) error {
	time.Sleep(s.Delay)
	s.out = append(s.out, a.Station)
	return nil
}
