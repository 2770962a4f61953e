package api

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// ingest accepts a batch of events from an upstream source.
func (s *Server) ingest(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 8<<20))
	if err != nil {
		return fail(http.StatusBadRequest, "reading the batch: "+err.Error())
	}
	n := strings.Count(string(body), "\n")
	s.Journal.Append("ingested %d events from %s", n, Param(r, "source"))
	return writeJSON(w, http.StatusAccepted, map[string]int{"events": n})
}

// hijacker finds the connection's hijacker under wrapping writers.
func hijacker(w http.ResponseWriter) (http.Hijacker, bool) {
	for {
		if h, ok := w.(http.Hijacker); ok {
			return h, true
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return nil, false
		}
		w = u.Unwrap()
	}
}

// tail upgrades to a line protocol: the client sends a source name per
// line and gets back the source's last event.
func (s *Server) tail(w http.ResponseWriter, r *http.Request) error {
	if r.Header.Get("Upgrade") != "hookd-tail" {
		return fail(http.StatusUpgradeRequired, "upgrade to hookd-tail")
	}
	hj, ok := hijacker(w)
	if !ok {
		return fail(http.StatusInternalServerError, "cannot hijack")
	}
	conn, rw, err := hj.Hijack()
	if err != nil {
		return err
	}
	defer conn.Close()
	fmt.Fprint(rw, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: hookd-tail\r\nConnection: Upgrade\r\n\r\n")
	rw.Flush()
	br := bufio.NewReader(rw)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return nil
		}
		st, _ := s.tracker.status(strings.TrimSpace(line))
		fmt.Fprintf(rw, "%s %s\n", strings.TrimSpace(line), st.State)
		rw.Flush()
	}
}
