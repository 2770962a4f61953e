package stations

import (
	"net/http"
	"strconv"
	"time"

	"meteo.example.net/hub/internal/ingest"
	"meteo.example.net/hub/internal/web"
)

// Watcher checks watched stations against their thresholds.
type Watcher struct {
	Every  time.Duration
	Latest *ingest.Aggregator
	Notify func(station string, value float64)
}

// Watch starts watching a station; the caller gets 202 at once.
func (s *Service) Watch(w http.ResponseWriter, r *http.Request) {
	th, err := strconv.ParseFloat(r.URL.Query().Get("above"), 64)
	if err != nil {
		web.Fail(w, http.StatusBadRequest, "above: %v", err)
		return
	}
	go s.Watcher.follow(web.Param(r, "id"), th)
	w.WriteHeader(http.StatusAccepted)
}

func (wt *Watcher) follow(station string, threshold float64) {
	t := time.NewTicker(wt.Every)
	for range t.C {
		if v, ok := wt.Latest.Latest(station); ok && v > threshold {
			wt.Notify(station, v)
		}
	}
}
