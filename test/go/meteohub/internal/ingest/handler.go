package ingest

import (
	"bufio"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"meteo.example.net/hub/internal/web"
)

// Handler accepts "unix-seconds value" lines for one station.
type Handler struct {
	Pool *Pool
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	station := web.Param(r, "id")
	var batch []Sample
	sc := bufio.NewScanner(http.MaxBytesReader(w, r.Body, 1<<20))
	for line := 1; sc.Scan(); line++ {
		s, err := parseLine(station, sc.Text())
		if err != nil {
			web.Fail(w, http.StatusBadRequest, "line %d: %v", line, err)
			return
		}
		batch = append(batch, s)
	}
	if err := sc.Err(); err != nil {
		web.Fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	if err := h.Pool.Enqueue(r.Context(), batch); err != nil {
		return
	}
	web.WriteJSON(w, http.StatusAccepted, map[string]int{"queued": len(batch)})
}

func parseLine(station, line string) (Sample, error) {
	f := strings.Fields(line)
	if len(f) != 2 {
		return Sample{}, fmt.Errorf("want 2 fields, got %d", len(f))
	}
	at, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		return Sample{}, err
	}
	v, err := strconv.ParseFloat(f[1], 64)
	if err != nil {
		return Sample{}, err
	}
	return Sample{Station: station, At: time.Unix(at, 0), Value: v}, nil
}
