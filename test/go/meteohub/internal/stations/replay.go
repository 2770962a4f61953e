package stations

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"sync"
	"time"

	"meteo.example.net/hub/internal/web"
)

// Frame is one replayed observation.
type Frame struct {
	At       time.Time `json:"at"`
	Pressure float64   `json:"pressure"`
	Wind     float64   `json:"wind"`
}

// Archive holds the recorded frames of stations, in day segments.
type Archive struct {
	mu       sync.RWMutex
	segments map[string][]Frame // key: station/day
}

// NewArchive returns an empty archive.
func NewArchive() *Archive { return &Archive{segments: map[string][]Frame{}} }

// Record stores the frames of one station and day.
func (a *Archive) Record(station string, day time.Time, frames []Frame) {
	a.mu.Lock()
	a.segments[segmentKey(station, day)] = frames
	a.mu.Unlock()
}

func segmentKey(station string, day time.Time) string {
	return station + "/" + day.UTC().Format("2006-01-02")
}

func (a *Archive) segment(station string, day time.Time) ([]Frame, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	seg, ok := a.segments[segmentKey(station, day)]
	if !ok {
		return nil, fmt.Errorf("no segment %s", segmentKey(station, day))
	}
	return seg, nil
}

// Stream sends the frames of a station's day to out, then closes it.
func (a *Archive) Stream(station string, day time.Time, out chan<- Frame) {
	seg, err := a.segment(station, day)
	if err != nil {
		log.Printf("replay: %v", err)
		return
	}
	defer close(out)
	for _, f := range seg {
		out <- f
	}
}

// Replay streams one recorded day of a station as NDJSON.
func (s *Service) Replay(w http.ResponseWriter, r *http.Request) {
	day, err := time.Parse("2006-01-02", r.URL.Query().Get("day"))
	if err != nil {
		web.Fail(w, http.StatusBadRequest, "day: %v", err)
		return
	}
	frames := make(chan Frame)
	go s.Archive.Stream(web.Param(r, "id"), day, frames)
	w.Header().Set("Content-Type", "application/x-ndjson")
	enc := json.NewEncoder(w)
	for f := range frames {
		if err := enc.Encode(f); err != nil {
			return
		}
	}
}
