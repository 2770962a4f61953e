package main

import "example.com/capturekit"

// moment is what the driver knows about the service when it captures:
// how many requests of each leaking route it has sent so far, whether the
// healthy clients are still connected, whether the slow verifications are
// still in flight. Its name (t1, t2, t3) is kept next to it, in
// capturekit.Named.
type moment struct {
	Description string         `json:"moment"`
	Sent        map[string]int `json:"leaking_requests_sent"`
	Held        bool           `json:"healthy_clients_connected"`
	InFlight    bool           `json:"verifications_in_flight"`
}

// Requests per leaking route: before t1, and between t1 and t2. The
// replays go first: their two requests take both ledger connections (the
// service runs with -db-conns 2), so every later replay and stats request
// queues behind them. One signing request goes next and takes the
// signer's only session slot; rotate leaves the key lock locked before the
// key reads come.
var (
	initialLoad = map[string]int{"replay": 2, "stats": 3, "sign": 3, "rotate": 1, "keys": 3, "disable": 3, "export": 3,
		"collect": 3, "broadcast": 3, "drain": 3, "report": 3, "subscribe": 3, "lease": 3, "probe": 3, "next": 3,
		"deliveries": 3, "await": 3, "ingest": 3, "tail": 2}
	extraLoad = map[string]int{"replay": 1, "stats": 1, "sign": 1, "keys": 1, "disable": 1, "export": 1,
		"collect": 1, "broadcast": 1, "drain": 1, "report": 1, "subscribe": 1, "lease": 1, "probe": 1, "next": 1,
		"deliveries": 1, "await": 1, "ingest": 1, "tail": 1}
)

const (
	dbConns       = 2
	verifications = 3 // slow but alive requests, in flight at t1 only
	idlePerHost   = 2 // http.DefaultMaxIdleConnsPerHost: verification connections kept after t1
	poolWorkers   = 3
)

// group is one row of the ground truth; rule selects its goroutines.
type (
	group = capturekit.Group[moment]
	rule  = capturekit.Rule
)

func sent(route string, per int) func(moment) (int, int) {
	return func(m moment) (int, int) { return per * m.Sent[route], per * m.Sent[route] }
}

func fixed(k int) func(moment) (int, int) { return func(moment) (int, int) { return k, k } }

func whileHeld(k int) func(moment) (int, int) {
	return func(m moment) (int, int) {
		if m.Held {
			return k, k
		}
		return 0, 0
	}
}

// upTo is min(sent, k); beyond is sent - k (at least 0).
func upTo(route string, k int) func(moment) (int, int) {
	return func(m moment) (int, int) {
		n := m.Sent[route]
		if n > k {
			n = k
		}
		return n, n
	}
}

func beyond(route string, k int) func(moment) (int, int) {
	return func(m moment) (int, int) {
		n := m.Sent[route] - k
		if n < 0 {
			n = 0
		}
		return n, n
	}
}

func verifyConns(m moment) (int, int) {
	if m.InFlight {
		return verifications, verifications
	}
	return idlePerHost, idlePerHost
}

func f(name string) []rule   { return []rule{{Func: name}} }
func prefix(p string) []rule { return []rule{{FuncPrefix: p}} }
func mod(name string) string { return "hooks.example.io/hookd/internal/" + name }
func api(name string) string { return mod("api.(*Server)." + name) }

const (
	roundTrip = "net/http.(*persistConn).roundTrip"
	readLoop  = "net/http.(*persistConn).readLoop"
	writeLoop = "net/http.(*persistConn).writeLoop"
)

// groups in match order: the first group whose rules match a goroutine owns it.
var groups = []group{
	// --- the capture's own goroutines --------------------------------------------
	{ID: "pprof-capture", Kind: "healthy-background", What: "the admin server goroutine serving this capture request",
		Why: "it is running the profile handler that prints this dump", Match: f("net/http/pprof.handler.ServeHTTP"), Count: fixed(1)},
	{ID: "capture-bgread-not-started", Kind: "healthy-background", What: "the capture request's connection reader, created but not run yet",
		Why:   "net/http starts (*connReader).backgroundRead for every request without a body; this one has not been scheduled yet (sum with conn-background-read is exact)",
		Match: []rule{{OnlyGoexit: true}, {EmptyStack: true}, {FuncPrefix: "net/http.(*connReader).startBackgroundRead."}}, Count: func(moment) (int, int) { return 0, 1 }},
	{ID: "capture-previous-conn", Kind: "healthy-background", What: "the connection of the previous profile request, still writing its last bytes or closing",
		Why:   "the driver reads each profile to its end and sends the next request at once; the server side of the finished request may not have returned yet (nothing else is served while a capture is taken)",
		Match: []rule{{Func: "net/http.(*response).finishRequest"}, {Func: "net/http.(*conn).close"}, {Func: "net/http.(*conn).closeWriteAndWait"}}, Count: func(moment) (int, int) { return 0, 1 }},
	{ID: "conn-background-read", Kind: "healthy-background", What: "per-connection background readers: the held event streams and long polls, the in-flight verifications, and the capture request once it runs",
		Why:   "each request whose body is read to its end has a reader in IO wait on its connection; it ends and cancels the request context when the client closes, so every one of these has a connected client",
		Match: f("net/http.(*connReader).backgroundRead"),
		Count: func(m moment) (int, int) { n := heldReaders(m); return n, n + 1 }},

	// --- class 1: a context that is not the request's, and its victims ------------
	{ID: "replay-holder", Route: "replay", Kind: "ctx-not-request", Handler: api("replay"),
		What:  "replay handler inside the memdb driver (memdb.(*Database).waitUnlocked), holding one of the ledger pool's two connections",
		Why:   "the handler passes the service's lifetime context (s.life, stored in the Server struct) to Store.Replay → db.QueryContext instead of r.Context(); the replay_log table is locked by a maintenance job that never ends, so the query waits until shutdown although the client left after 500 ms, and its pool connection is never returned",
		Match: []rule{{Func: api("replay"), AnyFunc: []string{mod("ledger/memdb.(*Database).waitUnlocked")}}}, Count: upTo("replay", dbConns)},
	{ID: "replay-queued", Route: "replay", Kind: "queued-behind-holder", Handler: api("replay"),
		What:  "a later replay waiting in database/sql.(*DB).conn for a ledger connection",
		Why:   "both connections are held by the stuck replays; it waits with the lifetime context too, so neither its client leaving nor a deadline ends the wait",
		Match: f(api("replay")), Count: beyond("replay", dbConns)},
	{ID: "stats-queued", Route: "stats", Kind: "queued-behind-holder", Handler: api("stats"),
		What:  "stats handlers waiting in database/sql.(*DB).conn for a ledger connection",
		Why:   "Store.Stats calls db.QueryRow, i.e. QueryRowContext(context.Background()): with both connections held by the stuck replays the wait has no end; the client left after 500 ms",
		Match: f(api("stats")), Count: sent("stats", 1)},
	{ID: "sign-holder", Route: "sign", Kind: "ctx-not-request", Handler: api("sign"),
		What:  "the first signing request, in net/http.(*persistConn).roundTrip to the key management service, holding the signer's only session slot",
		Why:   "the handler calls Signer.Sign(context.TODO(), …) and the signer's http.Client has no Timeout; the key management service accepted the connection and never answers, so nothing ends the round trip and the slot (a buffered channel of 1) is never given back",
		Match: []rule{{Func: api("sign"), AnyFunc: []string{roundTrip}}}, Count: upTo("sign", 1)},
	{ID: "sign-victims", Route: "sign", Kind: "held-resource-victim", Handler: api("sign"),
		What:  "later signing requests waiting in outbound.(*Signer).Sign to send on the session slot channel",
		Why:   "the slot is held by the stuck sign-holder; they select on the slot and on ctx.Done() of context.TODO(), which is nil: the wait has no end although their clients left after 500 ms",
		Match: f(api("sign")), Count: beyond("sign", 1)},
	{ID: "verify-conn-readloop", Route: "verify", Kind: "healthy-in-flight", Handler: api("verify"),
		What:   "readLoop of the verification relay's connections: in flight at t1, idle in the pool afterwards (2 kept: DefaultMaxIdleConnsPerHost)",
		KindAt: map[string]string{"t2": "healthy-background", "t3": "healthy-background"},
		Why:    "the relay is slow but answers; the transport keeps idle connections for reuse; same stack as the leaking sign and audit connections' loops, told apart by the route label (debug=1, proto, go1.27 headers) or by existing before the leaking load (ids)",
		Match:  []rule{{Func: readLoop, PresentAt: "verifying"}}, Count: verifyConns},
	{ID: "verify-conn-writeloop", Route: "verify", Kind: "healthy-in-flight", Handler: api("verify"),
		What: "writeLoop of the verification relay's connections", Why: "as verify-conn-readloop",
		KindAt: map[string]string{"t2": "healthy-background", "t3": "healthy-background"},
		Match:  []rule{{Func: writeLoop, PresentAt: "verifying"}}, Count: verifyConns},
	{ID: "sign-conn-readloop", Route: "sign", Kind: "ctx-not-request", Handler: api("sign"),
		What: "readLoop of the stuck key management connection", Why: "it belongs to the leaked signing round trip and ends only with it",
		Match: []rule{{Func: readLoop, PresentAt: "signed"}}, Count: upTo("sign", 1)},
	{ID: "sign-conn-writeloop", Route: "sign", Kind: "ctx-not-request", Handler: api("sign"),
		What: "writeLoop of the stuck key management connection", Why: "it belongs to the leaked signing round trip and ends only with it",
		Match: []rule{{Func: writeLoop, PresentAt: "signed"}}, Count: upTo("sign", 1)},

	// --- class 3: blocking IO with no deadline --------------------------------------
	{ID: "audit-record", Route: "disable", Kind: "blocking-io-no-deadline", Handler: api("disable"),
		What:  "outbound.(*Auditor).Record, started by the disable handler, in persistConn.roundTrip to the audit sink",
		Why:   "the auditor's http.Client has no Timeout and the request has no context (http.NewRequest); the audit sink accepted the connection and never answers",
		Match: f(mod("outbound.(*Auditor).Record")), Count: sent("disable", 1)},
	{ID: "audit-conn-readloop", Route: "disable", Kind: "blocking-io-no-deadline", Handler: api("disable"),
		What: "readLoop of each stuck audit connection, in IO wait for a response that never comes", Why: "it belongs to the leaked audit round trip and ends only with it",
		Match: f(readLoop), Count: sent("disable", 1)},
	{ID: "audit-conn-writeloop", Route: "disable", Kind: "blocking-io-no-deadline", Handler: api("disable"),
		What: "writeLoop of each stuck audit connection", Why: "it belongs to the leaked audit round trip and ends only with it",
		Match: f(writeLoop), Count: sent("disable", 1)},
	{ID: "ingest-stalled-body", Route: "ingest", Kind: "blocking-io-no-deadline", Handler: api("ingest"),
		What:  "ingest handler in IO wait reading the request body (io.ReadAll over http.MaxBytesReader)",
		Why:   "the ingestion listener is served by http.Serve (a zero http.Server: no ReadTimeout, no ReadHeaderTimeout); the source sent 2 events of a 256 KiB body and went silent with the connection open",
		Match: f(api("ingest")), Count: sent("ingest", 1)},
	{ID: "tail-silent-read", Route: "tail", Kind: "blocking-io-no-deadline", Handler: api("tail"),
		What:  "tail handler in IO wait reading the hijacked connection (bufio.Reader.ReadString)",
		Why:   "the handler hijacks the connection and reads commands with no SetReadDeadline, on the ingestion listener whose server has no timeouts either; the client asked once and then stayed silent with the connection open",
		Match: f(api("tail")), Count: sent("tail", 1)},

	// --- class 2: producers that vanished --------------------------------------------
	{ID: "export-pipe-reader", Route: "export", Kind: "producer-vanished", Handler: api("export"),
		What:  "ledger.(*Exporter).Store, started by the export handler, reading its io.Pipe (io.Copy into gzip)",
		Why:   "the handler wrote the export's header line and returned 400 on an unknown format without pw.Close or CloseWithError: the pipe's writer is gone, the read never ends",
		Match: f(mod("ledger.(*Exporter).Store")), Count: sent("export", 1)},
	{ID: "collect-summarizer", Route: "collect", Kind: "producer-vanished", Handler: api("collect"),
		What:  "api.summarize ranging over the records channel of a batch",
		Why:   "the collect handler is the only sender; on a malformed record it returned 400 without close(records), so the range never ends",
		Match: f(mod("api.summarize")), Count: sent("collect", 1)},

	// --- class 4: the client is gone ---------------------------------------------------
	{ID: "await-poll-loop", Route: "await", Kind: "client-gone", Handler: api("await"),
		What:  "await handler in time.Sleep, polling the tracker every 250 ms for a delivery that never becomes final",
		Why:   "the loop never looks at r.Context(); its client gave up after 500 ms and closed the connection (its background reader ended and cancelled the context), but the handler polls forever for an unknown delivery",
		Match: f(api("await")), Count: sent("await", 1)},

	// --- classic shapes ------------------------------------------------------------------
	{ID: "keys-rlock", Route: "keys", Kind: "lock-wait", Handler: api("currentKey"),
		What:  "key reads waiting in sync.(*RWMutex).RLock on the keyring",
		Why:   "rotate took keys.mu.Lock() and returned 400 on a bad key id without Unlock: the write lock is held by nobody and never released",
		Match: f(api("currentKey")), Count: sent("keys", 1)},
	{ID: "broadcast-wait", Route: "broadcast", Kind: "waitgroup-wait", Handler: api("broadcast"),
		What:  "broadcast handler in sync.(*WaitGroup).Wait",
		Why:   "the fan-out goroutine of the non-https target returns on its error path without wg.Done(), so Wait never returns; the client left after 500 ms",
		Match: f(api("broadcast")), Count: sent("broadcast", 1)},
	{ID: "drain-cond", Route: "drain", Kind: "cond-wait", Handler: api("drain"),
		What:  "drain handler in sync.(*Cond).Wait until the dead-letter backlog is empty",
		Why:   "only Backlog.Pop broadcasts the condition and nothing pops (the redrive consumer runs only with -redrive): never signalled",
		Match: f(api("drain")), Count: sent("drain", 1)},
	{ID: "report-orphan", Route: "report", Kind: "timeout-handler-orphan", Handler: api("report"),
		What:  "report handler run by http.TimeoutHandler, receiving on the report's ready channel",
		Why:   "TimeoutHandler answered 503 after 1 s and cancelled the context, but the handler only receives from a channel nobody will send on (no generator for these reports) and never looks at ctx.Done()",
		Match: f(api("report")), Count: sent("report", 1)},
	{ID: "subscribe-keepwarm", Route: "subscribe", Kind: "ticker-not-stopped", Handler: api("subscribe"),
		What:  "keepWarm: a for-range over time.Tick(2 s) started per subscribe request",
		Why:   "time.Tick's ticker can never be stopped and the loop has no exit: one goroutine per request for the life of the process",
		Match: f(api("keepWarm")), Count: sent("subscribe", 1)},
	{ID: "lease-hold", Route: "lease", Kind: "empty-select", Handler: api("lease"),
		What: "leases.hold, started per lease request, in select {}", Why: "an empty select never wakes; the deferred release never runs",
		Match: f(mod("api.(*leases).hold")), Count: sent("lease", 1)},
	{ID: "probe-losers", Route: "probe", Kind: "chan-send-orphan", Handler: api("probe"),
		What:  "the two slower mirror probes of each request, blocked sending on the unbuffered results channel (2 per request)",
		Why:   "probe answers with the first result and never reads the channel again",
		Match: prefix(api("probe.")), Count: sent("probe", 2)},
	{ID: "next-select", Route: "next", Kind: "select-no-ctx", Handler: api("next"),
		What:  "next handler in a select on the endpoint's subscription and a 10-minute time.After",
		Why:   "the select has no r.Context().Done() case: the client left after 500 ms and nothing is ever published for the endpoint; it waits 10 minutes per request (longer than any capture)",
		Match: f(api("next")), Count: sent("next", 1)},
	{ID: "deliveries-nil-chan", Route: "deliveries", Kind: "nil-channel", Handler: api("deliveries"),
		What:  "deliveries handler receiving from limiter.tokens, which is nil",
		Why:   "the service runs with -rate 0, so the limiter's channel is never made; a receive on a nil channel blocks forever",
		Match: f(api("deliveries")), Count: sent("deliveries", 1)},

	// --- healthy, parked ---------------------------------------------------------------
	{ID: "verify-handler", Route: "verify", Kind: "healthy-in-flight", Handler: api("verify"),
		What:  "verify handler in persistConn.roundTrip waiting for the slow verification relay (t1 only)",
		Why:   "the request carries r.Context() with a 20 s timeout and the client waits up to 30 s; the relay answers after 12 s",
		Match: f(api("verify")), Count: func(m moment) (int, int) {
			if m.InFlight {
				return verifications, verifications
			}
			return 0, 0
		}},
	{ID: "event-stream", Route: "stream", Kind: "healthy-ctx-wait", Handler: api("stream"),
		What: "server-sent event streams with a connected dashboard", Why: "select on r.Context().Done(), a heartbeat ticker (stopped on return) and the bus; returns when the client leaves",
		Match: f(api("stream")), Count: whileHeld(holdStreams)},
	{ID: "long-poll", Route: "poll", Kind: "healthy-ctx-wait", Handler: api("poll"),
		What: "long polls on a quiet endpoint with a connected client", Why: "select on the subscription, the poll timer and r.Context().Done()",
		Match: f(api("poll")), Count: whileHeld(holdPolls)},
	{ID: "payload-sampler", Route: "payloads", Kind: "healthy-live-peer", Handler: api("payloads"),
		What:  "payloads handler in IO wait reading a request body that arrives one line every 300 ms",
		Why:   "the public server has ReadTimeout (2 min): the body read has a deadline, and the client is alive and sending",
		Match: f(api("payloads")), Count: whileHeld(1)},
	{ID: "idle-keepalive-conn", Kind: "healthy-background", What: "idle keep-alive server connections held by the driver",
		Why:   "conn.serve waits for the next request on a connection its client keeps open (IdleTimeout 2 min)",
		Match: []rule{{Func: "net/http.(*conn).readRequest"}, {Func: "bufio.(*Reader).Peek", AnyFunc: []string{"net/http.(*conn).serve"}}}, Count: whileHeld(holdIdle)},
	{ID: "delivery-pool", Kind: "healthy-background", What: "the generic queue.Pool[api.Job]: its Run in sync.WaitGroup.Wait and its idle workers selecting on ctx.Done() and the job channel",
		Why: "started by main with the lifetime context; the workers return at shutdown and Run's Wait with them", Match: prefix(mod("queue.(*Pool[")), Count: fixed(poolWorkers + 1)},
	{ID: "retrier", Kind: "healthy-background", What: "ledger.(*Retrier).Run: a ticker loop looking for due deliveries",
		Why:   "select on the lifetime context; each look has a 300 ms deadline, so while the replays hold the pool it may be found waiting in database/sql.(*DB).conn, but it always comes back",
		Match: f(mod("ledger.(*Retrier).Run")), Count: fixed(1)},
	{ID: "journal", Kind: "healthy-background", What: "ledger.(*Journal).run ranging over the journal's entries channel",
		Why: "handlers send to it (non-blocking) at any time and main closes it on shutdown (deferred Journal.Close)", Match: f(mod("ledger.(*Journal).run")), Count: fixed(1)},
	{ID: "signal-notify-context", Kind: "runtime", What: "os/signal.NotifyContext's goroutine waiting for SIGINT/SIGTERM",
		Why: "the standard library's watcher of the process context", Match: prefix("os/signal.NotifyContext."), Count: fixed(1)},
	{ID: "signal-loop", Kind: "runtime", What: "os/signal's own goroutine receiving signals from the runtime",
		Why: "started by the first signal.Notify", Match: f("os/signal.loop"), Count: fixed(1)},
	{ID: "sql-connection-opener", Kind: "runtime", What: "database/sql's connectionOpener of the ledger pool",
		Why: "started by sql.OpenDB for the life of the *sql.DB", Match: f("database/sql.(*DB).connectionOpener"), Count: fixed(1)},
	{ID: "accept-loops", Kind: "healthy-background", What: "accept loops: the public server (main goroutine), the ingestion and the admin listeners",
		Why: "IO wait in Accept", Match: f("net/http.(*Server).Serve"), Count: fixed(3)},
	{ID: "shutdown-waiter", Kind: "healthy-background", What: "run's goroutine waiting on the lifetime context to shut the server down",
		Why: "chan receive on ctx.Done() of the process context", Match: prefix("main.run."), Count: fixed(1)},
}

var kindDescriptions = map[string]string{
	"ctx-not-request":         "issue 11 class 1: a blocking call inside a request gets a context not derived from the request (the service's lifetime context stored in a struct, context.TODO): it does not end when the client leaves; the goroutines it keeps (client connection loops) leak with it",
	"queued-behind-holder":    "issue 11 class 1, the effect: waiting without a request deadline for a database/sql pool connection held by a leaked goroutine",
	"held-resource-victim":    "issue 11 class 1, the effect: waiting without a usable context for a semaphore slot held by a leaked goroutine",
	"blocking-io-no-deadline": "issue 11 class 3: network IO with no deadline from a peer that went silent (request body or hijacked connection on a server without timeouts, an http.Client without Timeout)",
	"producer-vanished":       "issue 11 class 2: receiving from an io.Pipe or channel whose only writer returned without Close/close",
	"client-gone":             "issue 11 class 4: handler parked on something other than its request context after its client closed the connection",
	"lock-wait":               "waiting for a sync.RWMutex that is never released (Unlock skipped on an error path)",
	"waitgroup-wait":          "sync.WaitGroup.Wait where a Done is skipped on an error path",
	"cond-wait":               "sync.Cond.Wait that is never signalled",
	"timeout-handler-orphan":  "the inner handler of http.TimeoutHandler still running after the 503",
	"ticker-not-stopped":      "ticker loop started per request that nothing can stop",
	"empty-select":            "select {}: never wakes",
	"chan-send-orphan":        "goroutine blocked forever sending on an unbuffered channel nobody reads any more",
	"select-no-ctx":           "handler parked in a select that has no ctx.Done case; the client is gone",
	"nil-channel":             "receive from a nil channel: never wakes",
	"healthy-ctx-wait":        "parked, but returns as soon as its request context is done (client connected)",
	"healthy-in-flight":       "waiting on a slow upstream that answers, with a deadline and the request's context",
	"healthy-live-peer":       "reading from a peer that is alive and sending, with a deadline",
	"healthy-background":      "long-lived background or infrastructure goroutine owned by main or the server",
	"runtime":                 "the Go standard library's own goroutine (os/signal, database/sql)",
}
