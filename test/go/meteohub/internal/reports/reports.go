// Package reports builds per-station reports over a window of samples.
package reports

import (
	"net/http"
	"time"

	"meteo.example.net/hub/internal/ingest"
	"meteo.example.net/hub/internal/web"
)

// Handler answers /v2/stations/{id}/report?window=...
type Handler struct {
	Agg      *ingest.Aggregator
	Interval time.Duration // one sample per interval is expected
}

type report struct {
	Station string    `json:"station"`
	Samples int       `json:"samples"`
	Mean    float64   `json:"mean"`
	From    time.Time `json:"from"`
}

// Report waits until the window is complete and summarises it.
func (h *Handler) Report(w http.ResponseWriter, r *http.Request) {
	win, err := time.ParseDuration(r.URL.Query().Get("window"))
	if err != nil || win <= 0 {
		web.Fail(w, http.StatusBadRequest, "window: %v", err)
		return
	}
	id := web.Param(r, "id")
	samples := h.Agg.WaitSamples(id, int(win/h.Interval))
	rep := report{Station: id, Samples: len(samples), From: samples[0].At}
	for _, s := range samples {
		rep.Mean += s.Value / float64(len(samples))
	}
	web.WriteJSON(w, http.StatusOK, rep)
}
