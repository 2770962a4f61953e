package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"flags.example.net/flagd/internal/store"
)

// bulk validates several flag names at once and fails on the first bad one.
func (a *API) bulk(w http.ResponseWriter, r *http.Request) {
	names := strings.Split(r.URL.Query().Get("names"), ",")
	results := make(chan error)
	for _, n := range names {
		go a.validate(n, results)
	}
	for range names {
		if err := <-results; err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) validate(name string, results chan<- error) {
	if name == "" || strings.ContainsAny(name, " /") {
		results <- errors.New("bad flag name " + strconv.Quote(name))
		return
	}
	time.Sleep(50 * time.Millisecond) // the naming policy check
	results <- nil
}

// subscribe forwards a flag's changes to the audit log from now on.
func (a *API) subscribe(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("flag")
	go a.forward(name, a.flags.Watch(name))
	w.WriteHeader(http.StatusAccepted)
}

func (a *API) forward(name string, changes <-chan store.Flag) {
	for f := range changes {
		a.note("changed " + f.Name)
	}
}

// recordAudit notes an entry and makes sure the audit log is flushed
// every second.
func (a *API) recordAudit(w http.ResponseWriter, r *http.Request) {
	a.note(r.URL.Query().Get("entry"))
	t := time.NewTicker(time.Second)
	go a.flushAudit(t)
	w.WriteHeader(http.StatusOK)
}

func (a *API) flushAudit(t *time.Ticker) {
	for range t.C {
		a.auditMu.Lock()
		a.audit = a.audit[:0]
		a.auditMu.Unlock()
	}
}

func (a *API) note(s string) {
	a.auditMu.Lock()
	a.audit = append(a.audit, s)
	a.auditMu.Unlock()
}

// setRollout sets a flag's rollout percentage.
func (a *API) setRollout(w http.ResponseWriter, r *http.Request) {
	a.rollouts.Mu.Lock()
	pct, err := strconv.Atoi(r.URL.Query().Get("pct"))
	if err != nil || pct < 0 || pct > 100 {
		http.Error(w, "pct must be 0..100", http.StatusBadRequest)
		return
	}
	if a.rollouts.Plans == nil {
		a.rollouts.Plans = map[string]int{}
	}
	a.rollouts.Plans[r.URL.Query().Get("flag")] = pct
	a.rollouts.Mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) listRollouts(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, a.rollouts.List())
}

// sync refreshes a flag's targeting rules from the rules service.
func (a *API) sync(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("flag")
	rules, err := a.rules.Rules(a.life, name)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	a.pool.Submit(func() { a.note("rules " + name + " " + strconv.Itoa(len(rules))) })
	w.WriteHeader(http.StatusNoContent)
}

// importFlags reads a flag set, one "name on|off" line each.
func (a *API) importFlags(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	n := 0
	for _, line := range strings.Split(string(body), "\n") {
		if fs := strings.Fields(line); len(fs) == 2 {
			a.flags.Set(store.Flag{Name: fs[0], On: fs[1] == "on"})
			n++
		}
	}
	writeJSON(w, http.StatusOK, map[string]int{"imported": n})
}
