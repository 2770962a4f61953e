package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// events is a long poll: the next update, or nothing once the client leaves.
func (a *api) events(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
	select {
	case u := <-a.updates:
		fmt.Fprintln(w, u)
	case <-r.Context().Done():
	}
}

// shutdownCtx is done when either the request or the service ends.
type shutdownCtx struct {
	context.Context
	done chan struct{}
}

func (c *shutdownCtx) Done() <-chan struct{} { return c.done }

func (c *shutdownCtx) Err() error {
	select {
	case <-c.done:
		return context.Canceled
	default:
		return nil
	}
}

func withShutdown(req context.Context, shutdown <-chan struct{}) *shutdownCtx {
	c := &shutdownCtx{Context: req, done: make(chan struct{})}
	go func() {
		select {
		case <-req.Done():
		case <-shutdown:
		}
		close(c.done)
	}()
	return c
}

// subscribeLedger streams ledger updates until the client leaves or the
// service shuts down.
func (a *api) subscribeLedger(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithCancel(withShutdown(r.Context(), a.shutdown))
	defer cancel()
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
	select {
	case u := <-a.updates:
		fmt.Fprintln(w, u)
	case <-ctx.Done():
	}
}

// settle queues a payment for the settlement workers.
func (a *api) settle(w http.ResponseWriter, r *http.Request) {
	var p payment
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	select {
	case a.settlements <- p:
		w.WriteHeader(http.StatusAccepted)
	case <-r.Context().Done():
	}
}

func (a *api) settleWorker() {
	for p := range a.settlements {
		a.ledgerMu.Lock()
		a.ledger[p.Account] -= p.Cents
		a.ledgerMu.Unlock()
	}
}

// refreshRates refreshes cached statistics until the service quits.
func (a *api) refreshRates() {
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			a.statsMu.Lock()
			a.stats["refreshes"]++
			a.statsMu.Unlock()
		case <-a.quit:
			return
		}
	}
}

// dependencyHealth checks the inventory upstream with a pooled client.
func (a *api) dependencyHealth(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, a.cfg.inventoryURL+"/status", nil)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	resp, err := a.depsClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}
