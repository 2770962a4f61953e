package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof/ on http.DefaultServeMux
	"time"

	"meteo.example.net/hub/internal/alerts"
	"meteo.example.net/hub/internal/dashboards"
	"meteo.example.net/hub/internal/exports"
	"meteo.example.net/hub/internal/forecast"
	"meteo.example.net/hub/internal/geo"
	"meteo.example.net/hub/internal/ingest"
	"meteo.example.net/hub/internal/keys"
	"meteo.example.net/hub/internal/radar"
	"meteo.example.net/hub/internal/reports"
	"meteo.example.net/hub/internal/stationlink"
	"meteo.example.net/hub/internal/stations"
	"meteo.example.net/hub/internal/store"
	"meteo.example.net/hub/internal/web"
)

type app struct {
	metrics  *web.Metrics
	stations *stations.Service
	ingest   *ingest.Handler
	reports  *reports.Handler
	links    *stationlink.Server
	forecast *forecast.Client
	alerts   *alerts.Handler
	exports  *exports.Handlers
	radar    *radar.Handler
	legacy   *dashboards.Legacy
	events   *dashboards.Events
	keys     *keys.Service
}

func newApp(ctx context.Context, cfg config) (*app, error) {
	now := time.Now()
	store.Seed("catalog", "readings", cfg.stations, now)
	readings, err := store.OpenReadings("readings", 2)
	if err != nil {
		return nil, err
	}
	catalog, err := store.OpenCatalog("catalog")
	if err != nil {
		return nil, err
	}
	if err := catalog.Ping(ctx); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}

	var ids []string
	cal := stations.NewCalibrations()
	archive := stations.NewArchive()
	for i := 1; i <= cfg.stations; i++ {
		id := fmt.Sprintf("st-%03d", i)
		ids = append(ids, id)
		if i%2 == 0 {
			cal.Set(id, 0.1*float64(i%5))
		}
		if i%3 == 0 {
			day := now.Truncate(24 * time.Hour)
			archive.Record(id, day, []stations.Frame{{At: day, Pressure: 1013, Wind: 3.5}})
		}
	}

	hub := dashboards.NewHub()
	agg := ingest.NewAggregator()
	buf := ingest.NewBuffer(func([]ingest.Sample) {})
	pool := ingest.NewPool(64, agg, buf, hub)
	pool.Start(cfg.workers)
	go buf.FlushLoop(200 * time.Millisecond)

	metrics := web.NewMetrics(io.Discard)
	go metrics.Run(ctx, 30*time.Second)

	windows := stations.NewScheduler(6 * time.Hour)
	go windows.Run(ctx)

	disp := &alerts.Dispatcher{Notifiers: []alerts.Notifier{
		alerts.NewOutbox("sms", 256),
		&alerts.Spool{Delay: 20 * time.Millisecond},
		&alerts.Webhook{Addr: cfg.webhookAddr, Path: "/hooks/meteohub"},
	}}

	return &app{
		metrics: metrics,
		stations: &stations.Service{
			Readings:     readings,
			Catalog:      catalog,
			Registry:     stations.NewRegistry(ids),
			Archive:      archive,
			Calibrations: cal,
			Firmware:     stations.NewFirmwareStore(),
			Windows:      windows,
			Watcher: &stations.Watcher{Every: 2 * time.Second, Latest: agg, Notify: func(st string, v float64) {
				disp.Fire(alerts.Alert{Station: st, Kind: "threshold", Value: v})
			}},
			Geo: geo.New(cfg.geocoderURL),
		},
		ingest:   &ingest.Handler{Pool: pool},
		reports:  &reports.Handler{Agg: agg, Interval: time.Minute},
		links:    stationlink.NewServer(15 * time.Second),
		forecast: forecast.New(ctx, cfg.forecastURL),
		alerts:   &alerts.Handler{D: disp},
		exports:  &exports.Handlers{S: exports.New(2, exports.NewSnapshots())},
		radar:    &radar.Handler{Feed: &radar.Feed{Addr: cfg.radarAddr}},
		legacy:   &dashboards.Legacy{Hub: hub, Heartbeat: time.Second},
		events:   &dashboards.Events{Hub: hub, Heartbeat: time.Second},
		keys:     keys.Start(cfg.keyStore),
	}, nil
}

// endpoint is one route of the public API.
type endpoint struct {
	pattern string // "METHOD /path/{param}"
	handler http.Handler
}

func (a *app) endpoints() []endpoint {
	st := a.stations
	// The station API is labelled per endpoint for profiling.
	v2 := func(name string, h http.Handler) http.Handler {
		return web.Chain(h, web.Label("endpoint", name))
	}
	hf := func(f func(http.ResponseWriter, *http.Request)) http.Handler { return http.HandlerFunc(f) }
	return []endpoint{
		{"GET /v2/stations", v2("stations.list", hf(st.List))},
		{"GET /v2/stations/{id}", v2("stations.info", hf(st.Info))},
		{"GET /v2/stations/{id}/history", v2("stations.history", hf(st.History))},
		{"GET /v2/stations/{id}/summary", v2("stations.summary", hf(st.Summary))},
		{"GET /v2/stations/{id}/export.csv", v2("stations.export", hf(st.ExportCSV))},
		{"GET /v2/stations/{id}/archive.ndjson", v2("stations.archive", hf(st.ArchiveDump))},
		{"GET /v2/stations/{id}/replay", v2("stations.replay", hf(st.Replay))},
		{"PUT /v2/stations/{id}/firmware", v2("stations.firmware", hf(st.UploadFirmware))},
		{"GET /v2/stations/{id}/next-window", v2("stations.window", hf(st.NextWindow))},
		{"POST /v2/stations/{id}/watch", v2("stations.watch", hf(st.Watch))},
		{"GET /v2/stations/{id}/geocode", v2("stations.geocode", hf(st.Geocode))},
		{"GET /v2/stations/{id}/report", v2("stations.report",
			http.TimeoutHandler(hf(a.reports.Report), 150*time.Millisecond, "report not ready\n"))},
		{"GET /v2/stations/{id}/link", a.links},
		{"POST /v2/stations/{id}/readings", a.ingest},
		{"GET /v1/forecast/{region}", forecast.Handler(a.forecast)},
		{"POST /v1/alerts", a.alerts},
		{"POST /v1/exports", hf(a.exports.Create)},
		{"GET /v1/exports/{id}/preview", hf(a.exports.Preview)},
		{"POST /v1/stations/{id}/radar", a.radar},
		{"GET /v1/dashboards/{id}/stream", a.legacy},
		{"GET /v2/dashboards/{id}/events", a.events},
		{"GET /healthz", hf(healthz)},
	}
}

// middleware wraps every public route.
func (a *app) middleware(h http.Handler) http.Handler {
	return web.Chain(h, web.Recover, web.RequestID, web.AccessLog(a.metrics))
}

func healthz(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, "ok\n")
}

// adminRoutes serves key rotation and the profiler.
func (a *app) adminRoutes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/debug/pprof/", http.DefaultServeMux)
	mux.HandleFunc("/admin/keys/rotate", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		go a.stations.Registry.Rekey(a.keys)
		w.WriteHeader(http.StatusAccepted)
	})
	return mux
}
