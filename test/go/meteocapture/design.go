package main

import (
	"strings"
	"time"
)

// The service's packages, as function names in stacks spell them.
const pkg = "meteo.example.net/hub/internal/"

// call is one kind of request the driver sends and the outcome it must see:
// "gave up" (the client timed out), a status code, "200 then gave up" (the
// body never ended), "stalled" (a body upload the client stopped sending,
// connection kept open) or "101" (upgraded link, station silent after).
type call struct {
	Route   string
	Admin   bool // sent to the admin listener
	Method  string
	Path    string
	Body    string
	Timeout time.Duration
	Expect  string
}

const short = 300 * time.Millisecond

var calls = map[string]call{
	"history":  {"history", false, "GET", "/v2/stations/st-010/history", "", short, "gave up"},
	"summary":  {"summary", false, "GET", "/v2/stations/st-011/summary", "", short, "gave up"},
	"export":   {"export", false, "GET", "/v2/stations/st-001/export.csv", "", short, "gave up"},
	"replay":   {"replay", false, "GET", "/v2/stations/st-001/replay?day=" + time.Now().UTC().Format("2006-01-02"), "", short, "gave up"},
	"firmware": {"firmware", false, "PUT", "/v2/stations/st-012/firmware", "", short, "stalled"},
	"link1":    {"link1", false, "GET", "/v2/stations/st-013/link", "", short, "101"},
	"report":   {"report", false, "GET", "/v2/stations/st-005/report?window=1h", "", 2 * time.Second, "503"},
	"window":   {"window", false, "GET", "/v2/stations/st-007/next-window", "", short, "gave up"},
	"watch":    {"watch", false, "POST", "/v2/stations/st-009/watch?above=30", "", 2 * time.Second, "202"},
	"forecast": {"forecast", false, "GET", "/v1/forecast/alps-north", "", short, "gave up"},
	"exports":  {"exports", false, "POST", "/v1/exports", `{"dataset":"readings","format":"parquet"}`, short, "gave up"},
	"preview":  {"preview", false, "GET", "/v1/exports/readings/preview", "", short, "gave up"},
	"radar":    {"radar", false, "POST", "/v1/stations/st-016/radar", "", short, "gave up"},
	"rekey":    {"rekey", true, "POST", "/admin/keys/rotate", "", 2 * time.Second, "202"},
	"list":     {"list", false, "GET", "/v2/stations", "", short, "gave up"},
	"alerts":   {"alerts", false, "POST", "/v1/alerts", `{"station":"st-003","kind":"gust","value":31.5}`, 2 * time.Second, "202"},
	"sse1":     {"sse1", false, "GET", "/v1/dashboards/ops/stream", "", short, "200 then gave up"},
	"info":     {"info", false, "GET", "/v2/stations/st-002", "", 2 * time.Second, "200"},
}

// The load: wave 1 takes the resources (the readings pool's 2 connections,
// the 2 export slots, the forecast connection, the registry lock), wave 2
// is the rest of the initial load; the extra batch is sent after t1.
var (
	wave1 = map[string]int{"history": 2, "exports": 2, "forecast": 1, "rekey": 1}
	wave2 = map[string]int{
		"summary": 4, "export": 3, "replay": 3, "firmware": 2, "link1": 2, "report": 3, "window": 3,
		"watch": 3, "forecast": 2, "exports": 1, "preview": 2, "radar": 2, "list": 4, "alerts": 3,
		"sse1": 3, "info": 3,
	}
	extra = map[string]int{
		"history": 1, "summary": 2, "export": 1, "replay": 1, "firmware": 1, "link1": 1, "report": 1,
		"window": 1, "watch": 1, "forecast": 1, "exports": 1, "preview": 1, "radar": 1, "list": 2,
		"alerts": 1, "sse1": 1, "info": 1,
	}
)

// Healthy clients held from before t0 until the release before t3.
const (
	holdWindow  = 2 // long polls on next-window (the handler does not watch its context)
	holdEvents  = 2 // SSE v2 (watches its context)
	holdGeocode = 3 // geocoding requests queued on the slow geocoder's one connection
	holdLinkV2  = 2 // v2 station links sending heartbeats
	holdArchive = 1 // archive download read slowly
	holdIdle    = 2 // idle keep-alive connections
	ingestConns = 2 // keep-alive connections posting readings during t1 ("under load")
	workers     = 4 // -ingest-workers
	poolConns   = 2 // readings pool MaxOpenConns (the service's constant)
	exportSlots = 2 // export semaphore (the service's constant)
)

// moment is what the load implies at a capture.
type moment struct {
	Name    string
	N       map[string]int // requests sent so far per route
	Held    bool           // the healthy clients are connected
	Loaders bool           // ingest traffic is running
}

// group is one row of the ground truth.
type group struct {
	ID, Route, Kind string
	IsLeak          bool
	Handler         string
	What            string
	Match           []rule
	Count           func(m moment) (lo, hi int)
	// Volatile groups come and go with traffic: each dump is checked against
	// the range, not against the other dumps.
	Volatile bool
	// Merge names groups that share a stack and no label tells apart: the
	// dumps without ids are checked against their sum.
	Merge string
	// Released is the verdict once the held clients left (t3), when it differs.
	Released *released
}

type released struct {
	Kind   string
	IsLeak bool
	What   string
}

func exact(k int) (int, int) { return k, k }

func per(route string) func(moment) (int, int) {
	return func(m moment) (int, int) { return exact(m.N[route]) }
}

func upTo(route string, k int) func(moment) (int, int) {
	return func(m moment) (int, int) { return exact(min(m.N[route], k)) }
}

func beyond(route string, k int) func(moment) (int, int) {
	return func(m moment) (int, int) { return exact(max(m.N[route]-k, 0)) }
}

func fixed(k int) func(moment) (int, int) {
	return func(moment) (int, int) { return exact(k) }
}

func held(k int) func(moment) (int, int) {
	return func(m moment) (int, int) {
		if m.Held {
			return exact(k)
		}
		return exact(0)
	}
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func max(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func f(name string) []rule { return []rule{{Func: name}} }

func fs(names ...string) []rule {
	var rs []rule
	for _, n := range names {
		rs = append(rs, rule{Func: n})
	}
	return rs
}

var roundTrip = "net/http.(*persistConn).roundTrip"

// groups in match order: the first group whose rules match a goroutine owns it.
var groups = []group{
	{ID: "pprof-capture", Kind: "healthy-background", What: "the goroutine serving this capture request",
		Match: f("net/http/pprof.handler.ServeHTTP"), Count: fixed(1)},

	// --- class 1: a context that is not the request's, and its victims
	{ID: "history-holder", Route: "history", Kind: "ctx-not-request", IsLeak: true, Handler: pkg + "stations.(*Service).History",
		What:  "QueryContext(context.Background()) on the archive tier, parked in the memdb driver until the archive is mounted (never): holds one of the readings pool's 2 connections",
		Match: f(pkg + "memdb.(*Table).awaitMount"), Count: upTo("history", poolConns)},
	{ID: "history-queued", Route: "history", Kind: "ctx-not-request", IsLeak: true, Handler: pkg + "stations.(*Service).History",
		What:  "the same call, queued in database/sql.(*DB).conn for a connection of the exhausted pool (context.Background never ends the wait)",
		Match: f(pkg + "stations.(*Service).History"), Count: beyond("history", poolConns)},
	{ID: "summary-victim", Route: "summary", Kind: "held-resource-victim", IsLeak: true, Handler: pkg + "stations.(*Service).Summary",
		What:  "db.Query without a context (database/sql uses context.Background) queued in (*DB).conn for a connection held by the history queries",
		Match: f(pkg + "stations.(*Service).Summary"), Count: per("summary")},
	{ID: "forecast-holder", Route: "forecast", Kind: "ctx-not-request", IsLeak: true, Handler: pkg + "forecast.Handler.func1",
		What:  "http.NewRequestWithContext with the client's lifetime context (not the request's), http.Client without Timeout, model API accepts and never answers: in persistConn.roundTrip on the transport's only connection (MaxConnsPerHost 1)",
		Match: []rule{{Func: pkg + "forecast.(*Client).Hourly", AnyFunc: []string{roundTrip}}}, Count: upTo("forecast", 1)},
	{ID: "forecast-queued", Route: "forecast", Kind: "ctx-not-request", IsLeak: true, Handler: pkg + "forecast.Handler.func1",
		What:  "the same call queued in Transport.getConn for the host's single connection; the lifetime context never ends the wait",
		Match: f(pkg + "forecast.(*Client).Hourly"), Count: beyond("forecast", 1)},
	{ID: "geocode-inflight", Route: "geocode", Kind: "healthy-slow-upstream", Handler: pkg + "stations.(*Service).Geocode",
		What:  "held client still connected: request-context call in persistConn.roundTrip to the slow but live geocoder (answers after 60 s)",
		Match: []rule{{Func: pkg + "geo.(*Client).Reverse", AnyFunc: []string{roundTrip}}}, Count: held(1)},
	{ID: "geocode-queued", Route: "geocode", Kind: "healthy-slow-upstream", Handler: pkg + "stations.(*Service).Geocode",
		What:  "held clients still connected: queued in Transport.getConn behind the in-flight geocoding request (MaxConnsPerHost 1), with the request context",
		Match: f(pkg + "geo.(*Client).Reverse"), Count: held(holdGeocode - 1)},
	{ID: "geocode-conn-readloop", Route: "geocode", Kind: "healthy-slow-upstream", Handler: pkg + "stations.(*Service).Geocode",
		What:  "the geocoder connection's readLoop; same stack as forecast-conn-readloop, told apart by existing at t0 (label endpoint=stations.geocode in debug=1/proto and go1.27 headers)",
		Match: []rule{{Func: "net/http.(*persistConn).readLoop", PresentBeforeLoad: true, Label: "endpoint=stations.geocode"}}, Count: held(1)},
	{ID: "geocode-conn-writeloop", Route: "geocode", Kind: "healthy-slow-upstream", Handler: pkg + "stations.(*Service).Geocode",
		What:  "the geocoder connection's writeLoop",
		Match: []rule{{Func: "net/http.(*persistConn).writeLoop", PresentBeforeLoad: true, Label: "endpoint=stations.geocode"}}, Count: held(1)},
	{ID: "forecast-conn-readloop", Route: "forecast", Kind: "ctx-not-request", IsLeak: true, Handler: pkg + "forecast.Handler.func1",
		What:  "the stalled model API connection's readLoop (IO wait for a response that never comes)",
		Match: f("net/http.(*persistConn).readLoop"), Count: upTo("forecast", 1)},
	{ID: "forecast-conn-writeloop", Route: "forecast", Kind: "ctx-not-request", IsLeak: true, Handler: pkg + "forecast.Handler.func1",
		What:  "the stalled model API connection's writeLoop",
		Match: f("net/http.(*persistConn).writeLoop"), Count: upTo("forecast", 1)},
	{ID: "exports-holder", Route: "exports", Kind: "ctx-not-request", IsLeak: true, Handler: pkg + "exports.(*Handlers).Create",
		What:  "own ctx-taking call given a detached context (request values, no cancellation): holds an export slot and waits in Snapshots.Await for a snapshot nobody takes",
		Match: f(pkg + "exports.(*Snapshots).Await"), Count: upTo("exports", exportSlots)},
	{ID: "exports-queued", Route: "exports", Kind: "ctx-not-request", IsLeak: true, Handler: pkg + "exports.(*Handlers).Create",
		What:  "the same call waiting in acquire (select on the semaphore and ctx.Done of the detached context, which is nil)",
		Match: f(pkg + "exports.(*Service).acquire"), Count: beyond("exports", exportSlots)},
	{ID: "preview-victim", Route: "preview", Kind: "held-resource-victim", IsLeak: true, Handler: pkg + "exports.(*Handlers).Preview",
		What:  "plain send on the export semaphore (no select), full because the export holders never release",
		Match: f(pkg + "exports.(*Handlers).Preview"), Count: per("preview")},
	{ID: "radar-dial", Route: "radar", Kind: "ctx-not-request", IsLeak: true, Handler: pkg + "radar.(*Handler).ServeHTTP",
		What:  "Dialer.DialContext(context.TODO()) with a zero Dialer to a radar server whose accept backlog is full: IO wait in connect until the kernel gives up (about 2 minutes, longer than the run)",
		Match: f(pkg + "radar.(*Feed).Subscribe"), Count: per("radar")},

	// --- class 2: producers that vanished
	{ID: "export-csv-reader", Route: "export", Kind: "producer-vanished", IsLeak: true, Handler: pkg + "stations.(*Service).ExportCSV",
		What:  "io.Copy from an io.Pipe whose writer goroutine returned without Close (station without calibration)",
		Match: f(pkg + "stations.(*Service).ExportCSV"), Count: per("export")},
	{ID: "replay-reader", Route: "replay", Kind: "producer-vanished", IsLeak: true, Handler: pkg + "stations.(*Service).Replay",
		What:  "range over a channel whose sender (Archive.Stream) returned before its defer close (no segment for that day)",
		Match: f(pkg + "stations.(*Service).Replay"), Count: per("replay")},
	{ID: "rekey-holder", Route: "rekey", Kind: "producer-vanished", IsLeak: true, Handler: pkg + "stations.(*Registry).Rekey",
		What:  "started by the admin handler: holds the registry's write lock while receiving a key from the key service, whose goroutine returned at start-up (no key store) without closing the channel",
		Match: f(pkg + "stations.(*Registry).Rekey"), Count: per("rekey")},
	{ID: "list-lock-waiter", Route: "list", Kind: "lock-wait", IsLeak: true, Handler: pkg + "stations.(*Service).List",
		What:  "RWMutex.RLock behind the stuck rekey goroutine's write lock",
		Match: f(pkg + "stations.(*Registry).List"), Count: per("list")},

	// --- class 3: blocking IO with no deadline
	{ID: "firmware-body-read", Route: "firmware", Kind: "blocking-io-no-deadline", IsLeak: true, Handler: pkg + "stations.(*Service).UploadFirmware",
		What:  "io.ReadAll of a request body the station stopped sending (connection open); the server has ReadHeaderTimeout but no ReadTimeout, so the body read has no deadline; no background reader (body not read to its end)",
		Match: f(pkg + "stations.(*Service).UploadFirmware"), Count: per("firmware")},
	{ID: "link-v1-read", Route: "link1", Kind: "blocking-io-no-deadline", IsLeak: true, Handler: pkg + "stationlink.(*Server).ServeHTTP",
		What:  "read loop on a hijacked connection without SetReadDeadline; the v1 station went silent with its connection open",
		Match: f(pkg + "stationlink.(*Server).readFramesV1"), Count: per("link1")},
	{ID: "alerts-webhook", Route: "alerts", Kind: "blocking-io-no-deadline", IsLeak: true, Handler: pkg + "alerts.(*Handler).ServeHTTP",
		What:  "fan-out goroutine in http.ReadResponse on a net.Dial connection without deadline; the webhook endpoint reads the request and never answers",
		Match: f(pkg + "alerts.(*Webhook).Notify"), Count: per("alerts")},

	// --- class 4: the client is gone
	{ID: "window-held", Route: "window", Kind: "healthy-client-connected", Handler: pkg + "stations.(*Service).NextWindow",
		What:  "long poll on the maintenance window (no ctx.Done case); its client is still connected (its background reader runs)",
		Match: []rule{{Func: pkg + "stations.(*Service).NextWindow", PresentBeforeLoad: true}}, Count: fixed(holdWindow), Merge: "next-window",
		Released: &released{Kind: "client-gone", IsLeak: true, What: "the held long polls after their clients disconnected: the handler does not watch its context and stays parked; background reader ended"}},
	{ID: "window-gone", Route: "window", Kind: "client-gone", IsLeak: true, Handler: pkg + "stations.(*Service).NextWindow",
		What:  "the same long poll whose client gave up after 300 ms: parked on the window channel (opens in 6 h), background reader ended",
		Match: f(pkg + "stations.(*Service).NextWindow"), Count: per("window"), Merge: "next-window"},

	// --- classic shapes
	{ID: "report-timeout-orphan", Route: "report", Kind: "timeout-handler-orphan", IsLeak: true, Handler: pkg + "reports.(*Handler).Report",
		What:  "inner handler of http.TimeoutHandler in sync.Cond.Wait for samples of a station that sends none, still parked after the 503",
		Match: f(pkg + "reports.(*Handler).Report"), Count: per("report")},
	{ID: "watch-ticker", Route: "watch", Kind: "ticker-not-stopped", IsLeak: true, Handler: pkg + "stations.(*Service).Watch",
		What:  "for range ticker.C started per request, never stopped (the handler answered 202)",
		Match: f(pkg + "stations.(*Watcher).follow"), Count: per("watch")},
	{ID: "alerts-orphan-sender", Route: "alerts", Kind: "chan-send-orphan", IsLeak: true, Handler: pkg + "alerts.(*Handler).ServeHTTP",
		What:  "fan-out goroutine blocked sending its result on the unbuffered channel after the handler returned with the first success",
		Match: f(pkg + "alerts.(*Dispatcher).Fire.func1"), Count: per("alerts")},
	{ID: "sse-legacy", Route: "sse1", Kind: "select-no-ctx", IsLeak: true, Handler: pkg + "dashboards.(*Legacy).ServeHTTP",
		What:  "SSE loop selecting on readings and a heartbeat ticker, no ctx.Done case, write errors ignored: keeps ticking after the client left",
		Match: f(pkg + "dashboards.(*Legacy).ServeHTTP"), Count: per("sse1")},

	// --- healthy
	{ID: "sse-events", Route: "events", Kind: "healthy-ctx-wait", Handler: pkg + "dashboards.(*Events).ServeHTTP",
		What:  "SSE loop with a ctx.Done case; client connected",
		Match: f(pkg + "dashboards.(*Events).ServeHTTP"), Count: held(holdEvents)},
	{ID: "link-v2-read", Route: "link2", Kind: "healthy-live-peer", Handler: pkg + "stationlink.(*Server).ServeHTTP",
		What:  "read loop on a hijacked connection with a read deadline renewed per frame; the v2 station sends a heartbeat every 500 ms",
		Match: f(pkg + "stationlink.(*Server).readFramesV2"), Count: held(holdLinkV2)},
	{ID: "archive-download", Route: "archive", Kind: "healthy-live-peer", Handler: pkg + "stations.(*Service).ArchiveDump",
		What:  "io.Copy from a pipe to a client that reads slowly (32 KiB every 100 ms): mostly in IO wait writing the response",
		Match: f(pkg + "stations.(*Service).ArchiveDump"), Count: held(holdArchive)},
	{ID: "archive-producer", Route: "archive", Kind: "healthy-live-peer", Handler: pkg + "stations.(*Service).ArchiveDump",
		What:  "the pipe's writer, blocked in io.(*pipe).write while its reader (the handler) is alive and draining",
		Match: f(pkg + "stations.(*Service).encodeArchive"), Count: held(holdArchive)},
	{ID: "ingest-workers", Kind: "healthy-background", What: "worker pool ranging over the ingest queue",
		Match: f(pkg + "ingest.(*Pool).worker"), Count: fixed(workers)},
	{ID: "ingest-flusher", Kind: "healthy-background", What: "buffer flusher in sync.Cond.Wait for samples (or sleeping between flushes)",
		Match: f(pkg + "ingest.(*Buffer).FlushLoop"), Count: fixed(1)},
	{ID: "window-scheduler", Kind: "healthy-background", What: "maintenance window timer loop, ends with the service's context",
		Match: f(pkg + "stations.(*Scheduler).Run"), Count: fixed(1)},
	{ID: "metrics-loop", Kind: "healthy-background", What: "metrics ticker loop, ends with the service's context",
		Match: f(pkg + "web.(*Metrics).Run"), Count: fixed(1)},
	{ID: "shutdown-watcher", Kind: "healthy-background", What: "waits for SIGTERM to shut the server down",
		Match: f("main.shutdownOnSignal"), Count: fixed(1)},
	{ID: "signal-notify-ctx", Kind: "healthy-background", What: "signal.NotifyContext's goroutine",
		Match: f("os/signal.NotifyContext.func1"), Count: fixed(1)},
	{ID: "signal-loop", Kind: "runtime", What: "os/signal's own goroutine receiving signals from the runtime",
		Match: f("os/signal.loop"), Count: fixed(1)},
	{ID: "db-connection-opener", Kind: "healthy-background", What: "database/sql's connection opener of the two pools (catalog idle, readings exhausted)",
		Match: f("database/sql.(*DB).connectionOpener"), Count: fixed(2)},
	{ID: "accept-loops", Kind: "healthy-background", What: "accept loops of the public and admin servers",
		Match: f("net/http.(*Server).Serve"), Count: fixed(2)},
	{ID: "server-keepalive-conns", Kind: "healthy-background", What: "server connections kept alive: idle between requests, or serving an ingest POST under load",
		Match: []rule{
			{Func: pkg + "ingest.(*Handler).ServeHTTP"},
			{Func: "net/http.(*conn).readRequest"},
			{Func: "bufio.(*Reader).Peek", AnyFunc: []string{"net/http.(*conn).serve"}},
		},
		Count: func(m moment) (int, int) {
			n := 0
			if m.Held {
				n += holdIdle
			}
			if m.Loaders {
				n += ingestConns
			}
			return exact(n)
		}},
	{ID: "capture-bgread-not-started", Kind: "healthy-background", Volatile: true,
		What:  "the capture connection's background reader, started but not yet run (sum with conn-background-read is checked)",
		Match: []rule{{OnlyGoexit: true}, {EmptyStack: true}, {FuncPrefix: "net/http.(*connReader).startBackgroundRead"}},
		Count: func(moment) (int, int) { return 0, 1 }},
	{ID: "conn-background-read", Kind: "healthy-background", Volatile: true,
		What:  "per-connection background readers: the held GET requests', the capture's once it runs, an in-flight ingest POST's under load",
		Match: f("net/http.(*connReader).backgroundRead"),
		Count: func(m moment) (int, int) {
			n := 0
			if m.Held {
				n = holdWindow + holdEvents + holdGeocode + holdArchive
			}
			hi := n + 1
			if m.Loaders {
				hi += ingestConns
			}
			return n, hi
		}},
}

var kindDescriptions = map[string]string{
	"ctx-not-request":          "issue 11 class 1: parked inside a ctx-taking call (database/sql *Context, http.NewRequestWithContext, Dialer.DialContext, the service's own functions) given context.Background/TODO or a context not derived from the request, or queued inside that call for the resource it needs",
	"held-resource-victim":     "issue 11 class 1, the effect: queued for a resource (pool connection, semaphore slot) held forever by class-1 goroutines, with no context of its own to end the wait",
	"producer-vanished":        "issue 11 class 2: receiving from an io.Pipe or channel whose writer returned without Close/close (no writer left in the dump)",
	"blocking-io-no-deadline":  "issue 11 class 3: reading a request body, a hijacked connection or an outbound connection that has no deadline, from a peer that stalled with its connection open",
	"client-gone":              "issue 11 class 4: handler parked on something other than its request context after its client closed the connection (its HTTP/1 background reader has ended)",
	"select-no-ctx":            "handler in a select loop without a ctx.Done case after the client left",
	"chan-send-orphan":         "goroutine started by a handler, blocked sending on an unbuffered channel nobody reads any more",
	"timeout-handler-orphan":   "http.TimeoutHandler's goroutine still running the inner handler after the 503",
	"lock-wait":                "waiting for a lock held forever by a stuck goroutine",
	"ticker-not-stopped":       "ticker loop started per request and never stopped",
	"healthy-ctx-wait":         "parked, returns as soon as the request context is done (client connected)",
	"healthy-client-connected": "long poll whose handler does not watch its context, while its client is still connected (becomes client-gone once the client leaves)",
	"healthy-slow-upstream":    "queued or waiting for a slow but live upstream with the request's context, client connected",
	"healthy-live-peer":        "IO on a connection whose peer is alive (heartbeats, a slow but steady reader), with a deadline or a live reader",
	"healthy-background":       "long-lived background or infrastructure goroutine expected to exist",
	"runtime":                  "the standard library's own goroutine (os/signal)",
}

// issue11Class maps kinds to the classes of issue 11 ("classic" for the
// shapes the analysis already knew).
func issue11Class(kind string) string {
	switch kind {
	case "ctx-not-request", "held-resource-victim":
		return "1 context not the request's"
	case "producer-vanished":
		return "2 producer vanished"
	case "blocking-io-no-deadline":
		return "3 blocking IO without deadline"
	case "client-gone":
		return "4 client gone"
	}
	if strings.HasPrefix(kind, "healthy") || kind == "runtime" {
		return "healthy"
	}
	return "classic"
}
