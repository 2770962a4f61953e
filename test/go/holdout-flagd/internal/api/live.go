package api

import (
	"fmt"
	"net/http"
	"time"
)

// stream sends every change of a flag as a server-sent event until the
// client goes away.
func (a *API) stream(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("flag")
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	changes, cancel := a.flags.Subscribe(name)
	defer cancel()
	heartbeat := time.NewTicker(time.Minute)
	defer heartbeat.Stop()
	w.Header().Set("Content-Type", "text/event-stream")
	f, _ := a.flags.Get(name)
	fmt.Fprintf(w, "data: {\"name\":%q,\"on\":%v}\n\n", f.Name, f.On)
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-heartbeat.C:
			fmt.Fprint(w, ": heartbeat\n\n")
			fl.Flush()
		case f := <-changes:
			fmt.Fprintf(w, "data: {\"name\":%q,\"on\":%v}\n\n", f.Name, f.On)
			fl.Flush()
		}
	}
}

// poll answers when the flag changes, after 5 minutes, or never if the
// client leaves first.
func (a *API) poll(w http.ResponseWriter, r *http.Request) {
	changes, cancel := a.flags.Subscribe(r.URL.Query().Get("flag"))
	defer cancel()
	timer := time.NewTimer(5 * time.Minute)
	defer timer.Stop()
	select {
	case <-r.Context().Done():
	case f := <-changes:
		writeJSON(w, http.StatusOK, f)
	case <-timer.C:
		w.WriteHeader(http.StatusNoContent)
	}
}

// watch waits for the next change of a flag, for at most 10 minutes.
func (a *API) watch(w http.ResponseWriter, r *http.Request) {
	changes, cancel := a.flags.Subscribe(r.URL.Query().Get("flag"))
	defer cancel()
	select {
	case f := <-changes:
		writeJSON(w, http.StatusOK, f)
	case <-time.After(10 * time.Minute):
		w.WriteHeader(http.StatusNoContent)
	}
}

// explain waits for the evaluation pool to explain a past evaluation.
func (a *API) explain(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	for {
		a.explainMu.Lock()
		text, ok := a.explanations[id]
		a.explainMu.Unlock()
		if ok {
			fmt.Fprintln(w, text)
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
}
