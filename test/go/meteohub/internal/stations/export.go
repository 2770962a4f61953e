package stations

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"
	"sync"
	"time"

	"meteo.example.net/hub/internal/store"
	"meteo.example.net/hub/internal/web"
)

// Calibrations maps station ids to sensor offsets.
type Calibrations struct {
	mu      sync.RWMutex
	offsets map[string]float64
}

// NewCalibrations returns an empty table.
func NewCalibrations() *Calibrations { return &Calibrations{offsets: map[string]float64{}} }

// Set records the offset of a station.
func (c *Calibrations) Set(id string, off float64) {
	c.mu.Lock()
	c.offsets[id] = off
	c.mu.Unlock()
}

// For returns the offset of a station.
func (c *Calibrations) For(id string) (float64, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	off, ok := c.offsets[id]
	return off, ok
}

// ExportCSV streams the calibrated recent readings of a station as CSV.
func (s *Service) ExportCSV(w http.ResponseWriter, r *http.Request) {
	st, err := s.Catalog.Station(r.Context(), web.Param(r, "id"))
	if err != nil {
		web.Fail(w, http.StatusNotFound, "%v", err)
		return
	}
	pr, pw := io.Pipe()
	go s.writeCSV(pw, st)
	w.Header().Set("Content-Type", "text/csv")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", st.ID+".csv"))
	if _, err := io.Copy(w, pr); err != nil {
		log.Printf("export %s: %v", st.ID, err)
	}
}

func (s *Service) writeCSV(pw *io.PipeWriter, st store.Station) {
	off, ok := s.Calibrations.For(st.ID)
	if !ok {
		log.Printf("export %s: no calibration on file", st.ID)
		return
	}
	rs, err := s.Readings.Summary(st.ID)
	if err != nil {
		pw.CloseWithError(err)
		return
	}
	cw := csv.NewWriter(pw)
	cw.Write([]string{"station", "count", "min", "max", "avg"})
	cw.Write([]string{st.ID, strconv.Itoa(rs.Count), ftoa(rs.Min + off), ftoa(rs.Max + off), ftoa(rs.Avg + off)})
	cw.Flush()
	pw.CloseWithError(cw.Error())
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// ArchiveDump streams every archived reading of a station as NDJSON,
// generated on the fly (the full archive does not fit in memory).
func (s *Service) ArchiveDump(w http.ResponseWriter, r *http.Request) {
	id := web.Param(r, "id")
	pr, pw := io.Pipe()
	defer pr.Close()
	go s.encodeArchive(r.Context(), pw, id)
	w.Header().Set("Content-Type", "application/x-ndjson")
	if _, err := io.Copy(w, pr); err != nil && !errors.Is(err, context.Canceled) {
		log.Printf("archive dump %s: %v", id, err)
	}
}

func (s *Service) encodeArchive(ctx context.Context, pw *io.PipeWriter, id string) {
	enc := json.NewEncoder(pw)
	start := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 40_000_000; i++ {
		if i%4096 == 0 && ctx.Err() != nil {
			pw.CloseWithError(ctx.Err())
			return
		}
		rec := store.Reading{At: start.Add(time.Duration(i) * time.Minute), Value: float64(i%300) / 10}
		if err := enc.Encode(rec); err != nil {
			pw.CloseWithError(err)
			return
		}
	}
	pw.Close()
}
