// Package stations serves the /v2/stations API: metadata, readings,
// exports, firmware and the maintenance schedule of each station.
package stations

import (
	"context"
	"errors"
	"net/http"

	"meteo.example.net/hub/internal/geo"
	"meteo.example.net/hub/internal/store"
	"meteo.example.net/hub/internal/web"
)

// Service holds what the station endpoints need.
type Service struct {
	Readings     *store.Readings
	Catalog      *store.Catalog
	Registry     *Registry
	Archive      *Archive
	Calibrations *Calibrations
	Firmware     *FirmwareStore
	Windows      *Scheduler
	Watcher      *Watcher
	Geo          *geo.Client
}

// Info answers the catalog entry of a station.
func (s *Service) Info(w http.ResponseWriter, r *http.Request) {
	st, err := s.Catalog.Station(r.Context(), web.Param(r, "id"))
	if errors.Is(err, store.ErrNoStation) {
		web.Fail(w, http.StatusNotFound, "unknown station")
		return
	}
	if err != nil {
		web.Fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	web.WriteJSON(w, http.StatusOK, st)
}

// History answers the archived readings of a station.
func (s *Service) History(w http.ResponseWriter, r *http.Request) {
	id := web.Param(r, "id")
	// The archive scan also warms the tier cache for the next callers, so a
	// client that disconnects must not abort it.
	rs, err := s.Readings.History(context.Background(), id)
	if err != nil {
		web.Fail(w, http.StatusBadGateway, "%v", err)
		return
	}
	web.WriteJSON(w, http.StatusOK, rs)
}

// Summary answers min/max/mean of the recent readings.
func (s *Service) Summary(w http.ResponseWriter, r *http.Request) {
	sum, err := s.Readings.Summary(web.Param(r, "id"))
	if err != nil {
		web.Fail(w, http.StatusBadGateway, "%v", err)
		return
	}
	web.WriteJSON(w, http.StatusOK, sum)
}

// List answers every registered station.
func (s *Service) List(w http.ResponseWriter, r *http.Request) {
	web.WriteJSON(w, http.StatusOK, s.Registry.List())
}

// Geocode answers the place name of a station's position.
func (s *Service) Geocode(w http.ResponseWriter, r *http.Request) {
	st, err := s.Catalog.Station(r.Context(), web.Param(r, "id"))
	if err != nil {
		web.Fail(w, http.StatusNotFound, "%v", err)
		return
	}
	place, err := s.Geo.Reverse(r.Context(), st.Lat, st.Lon)
	if err != nil {
		web.Fail(w, http.StatusBadGateway, "%v", err)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]string{"station": st.ID, "place": place})
}
