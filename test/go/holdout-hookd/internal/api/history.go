package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

func writeJSON(w http.ResponseWriter, code int, v interface{}) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	return json.NewEncoder(w).Encode(v)
}

// replay resends an endpoint's recorded attempts. Replays outlive the
// request that asked for them, so they run on the service's lifetime.
func (s *Server) replay(w http.ResponseWriter, r *http.Request) error {
	attempts, err := s.Store.Replay(s.life, Param(r, "id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusAccepted, map[string]int{"queued": len(attempts)})
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) error {
	n, err := s.Store.Stats(Param(r, "id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]int64{"deliveries": n})
}

// deliveries lists recent deliveries, rate limited.
func (s *Server) deliveries(w http.ResponseWriter, r *http.Request) error {
	s.limit.wait()
	return writeJSON(w, http.StatusOK, []string{})
}

// await answers once a delivery is final.
func (s *Server) await(w http.ResponseWriter, r *http.Request) error {
	id := Param(r, "id")
	for {
		if st, ok := s.tracker.status(id); ok && st.final {
			return writeJSON(w, http.StatusOK, st)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// export streams the endpoint's history, as the client describes it, into
// the archive.
func (s *Server) export(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Format string `json:"format"`
		Since  int64  `json:"since"`
	}
	pr, pw := io.Pipe()
	go s.Exporter.Store("export-"+Param(r, "id"), pr)
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		pw.CloseWithError(err)
		return fail(http.StatusBadRequest, "bad export request")
	}
	fmt.Fprintf(pw, "# export of %s since %d\n", Param(r, "id"), req.Since)
	if req.Format != "ndjson" && req.Format != "csv" {
		return fail(http.StatusBadRequest, "unknown export format")
	}
	fmt.Fprintf(pw, "seq,status\n")
	pw.Close()
	return writeJSON(w, http.StatusCreated, map[string]string{"export": Param(r, "id")})
}

type deliveryRecord struct {
	Endpoint string `json:"endpoint"`
	Status   int    `json:"status"`
}

type summary struct {
	Count  int            `json:"count"`
	Failed map[string]int `json:"failed"`
}

// summarize counts the records it receives until in is closed.
func summarize(in <-chan deliveryRecord, out chan<- summary) {
	sum := summary{Failed: map[string]int{}}
	for d := range in {
		sum.Count++
		if d.Status >= 400 {
			sum.Failed[d.Endpoint]++
		}
	}
	out <- sum
}

// collect summarizes a batch of NDJSON delivery records.
func (s *Server) collect(w http.ResponseWriter, r *http.Request) error {
	records := make(chan deliveryRecord)
	result := make(chan summary, 1)
	go summarize(records, result)
	dec := json.NewDecoder(r.Body)
	for {
		var d deliveryRecord
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fail(http.StatusBadRequest, "bad record: "+err.Error())
		}
		records <- d
	}
	close(records)
	return writeJSON(w, http.StatusOK, <-result)
}

// broadcast sends a test event to every target at once.
func (s *Server) broadcast(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Targets []string `json:"targets"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return fail(http.StatusBadRequest, "bad broadcast")
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(req.Targets))
	for _, t := range req.Targets {
		wg.Add(1)
		go func(target string) {
			if err := s.sendTest(target); err != nil {
				errs <- err
				return
			}
			wg.Done()
		}(t)
	}
	wg.Wait()
	close(errs)
	var failed []string
	for err := range errs {
		failed = append(failed, err.Error())
	}
	return writeJSON(w, http.StatusOK, map[string]interface{}{"sent": len(req.Targets) - len(failed), "failed": failed})
}

func (s *Server) sendTest(target string) error {
	if len(target) < 8 || target[:8] != "https://" {
		return fmt.Errorf("target %q is not an https URL", target)
	}
	s.Journal.Append("test event to %s", target)
	return nil
}

// drain waits until a queue's backlog has been consumed.
func (s *Server) drain(w http.ResponseWriter, r *http.Request) error {
	if Param(r, "name") != "dead-letters" {
		return fail(http.StatusNotFound, "no such queue")
	}
	s.DeadLetters.Drained()
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// report renders a delivery report once the report generator has it; it
// runs under http.TimeoutHandler.
func (s *Server) report(w http.ResponseWriter, r *http.Request) error {
	rep := <-s.reports.readyChan(Param(r, "id"))
	return writeJSON(w, http.StatusOK, rep)
}

// reports hands out rendered reports by id.
type reports struct {
	mu    sync.Mutex
	ready map[string]chan string
}

func (rs *reports) readyChan(id string) chan string {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.ready == nil {
		rs.ready = map[string]chan string{}
	}
	ch, ok := rs.ready[id]
	if !ok {
		ch = make(chan string, 1)
		rs.ready[id] = ch
	}
	return ch
}
