package main

import "example.com/capturekit"

// moment is what the driver knows about the service when it captures:
// how many requests of each leaking route it has sent so far and whether
// the healthy clients (event streams, long polls) are still connected.
type moment struct {
	Description string         `json:"moment"`
	Sent        map[string]int `json:"leaking_requests_sent"`
	Held        bool           `json:"healthy_clients_connected"`
}

// Requests per leaking route: before t1, and between t1 and t2. The one
// bad rollout goes first and leaves the rollouts lock locked.
var (
	initialLoad = map[string]int{"rollout": 1, "rollouts": 3, "explain": 3, "watch": 3, "bulk": 3, "subscribe": 3, "audit": 3, "sync": 3, "import": 2}
	extraLoad   = map[string]int{"rollouts": 1, "explain": 1, "watch": 1, "bulk": 1, "subscribe": 1, "audit": 1, "sync": 1, "import": 1}
)

const (
	holdStreams = 2
	holdPolls   = 2
	poolWorkers = 3
)

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

// h2Conns is the number of HTTP/2 connections the service serves: the
// healthy clients' (while held) and the stalled imports' (they stay).
func h2Conns(m moment) (int, int) {
	n := 0
	if m.Held {
		n++
	}
	if m.Sent["import"] > 0 {
		n++
	}
	return n, n
}

func f(name string) []rule   { return []rule{{Func: name}} }
func prefix(p string) []rule { return []rule{{FuncPrefix: p}} }
func mod(name string) string { return "flags.example.net/flagd/internal/" + name }
func api(name string) string { return mod("api.(*API)." + name) }

// The HTTP/2 server's per-connection goroutines: bundled into net/http up
// to Go 1.26, net/http/internal/http2 from Go 1.27 on.
func h2Server(method string) []rule {
	return []rule{{Func: "net/http.(*http2serverConn)." + method}, {Func: "net/http/internal/http2.(*serverConn)." + method}}
}

const (
	readLoop  = "net/http.(*persistConn).readLoop"
	writeLoop = "net/http.(*persistConn).writeLoop"
)

// groups in match order: the first group whose rules match a goroutine owns it.
var groups = []group{
	// --- the capture's own goroutines (the HTTP/1 admin listener) ------------------
	{ID: "pprof-capture", Kind: "healthy-background", What: "the admin server goroutine serving this capture request",
		Why: "it is running the profile handler that prints this dump", Match: f("net/http/pprof.handler.ServeHTTP"), Count: fixed(1)},
	{ID: "capture-bgread-not-started", Kind: "healthy-background", What: "the capture request's connection reader, created but not run yet",
		Why:   "net/http starts (*connReader).backgroundRead for every request without a body; this one has not been scheduled yet (sum with conn-background-read is exact)",
		Match: []rule{{OnlyGoexit: true}, {EmptyStack: true}, {FuncPrefix: "net/http.(*connReader).startBackgroundRead."}}, Count: func(moment) (int, int) { return 0, 1 }},
	{ID: "capture-previous-conn", Kind: "healthy-background", What: "the connection of the previous profile request, still writing its last bytes or closing",
		Why:   "the driver reads each profile to its end and sends the next request at once; the server side of the finished request may not have returned yet",
		Match: []rule{{Func: "net/http.(*response).finishRequest"}, {Func: "net/http.(*conn).close"}, {Func: "net/http.(*conn).closeWriteAndWait"}}, Count: func(moment) (int, int) { return 0, 1 }},
	{ID: "conn-background-read", Kind: "healthy-background", What: "the capture request's HTTP/1 connection reader once it runs",
		Why:   "the only HTTP/1 clients are the captures: every other client talks HTTP/2, whose connections have no per-request background reader",
		Match: f("net/http.(*connReader).backgroundRead"), Count: func(moment) (int, int) { return 0, 1 }},

	// --- class 1: a context that is not the request's -----------------------------
	{ID: "sync-roundtrip", Route: "sync", Kind: "ctx-not-request", Handler: api("sync"),
		What:  "sync handler in net/http.(*persistConn).roundTrip to the targeting rules service (upstream.(*Client).Rules)",
		Why:   "the handler passes the service's lifetime context (a.life, stored in the API struct) instead of r.Context(); the rules client has no Timeout and the rules service accepted the connection and never answers; the HTTP/2 client reset its stream after 500 ms, which cancels only r.Context()",
		Match: f(api("sync")), Count: sent("sync", 1)},
	{ID: "sync-conn-readloop", Route: "sync", Kind: "ctx-not-request", Handler: api("sync"),
		What: "readLoop of each stuck rules connection", Why: "it belongs to the leaked round trip and ends only with it",
		Match: f(readLoop), Count: sent("sync", 1)},
	{ID: "sync-conn-writeloop", Route: "sync", Kind: "ctx-not-request", Handler: api("sync"),
		What: "writeLoop of each stuck rules connection", Why: "it belongs to the leaked round trip and ends only with it",
		Match: f(writeLoop), Count: sent("sync", 1)},

	// --- class 3: blocking IO with no deadline ----------------------------------------
	{ID: "import-stalled-body", Route: "import", Kind: "blocking-io-no-deadline", Handler: api("importFlags"),
		What:  "import handler in io.ReadAll of the HTTP/2 request body, waiting in the stream's pipe (sync.Cond.Wait) for DATA frames",
		Why:   "the public server has no ReadTimeout and the handler sets no read deadline; the client streamed two lines of its flag set and went silent with its stream open",
		Match: f(api("importFlags")), Count: sent("import", 1)},

	// --- class 4: the client is gone (HTTP/2 stream reset) ----------------------------
	{ID: "explain-poll-loop", Route: "explain", Kind: "client-gone", Handler: api("explain"),
		What:  "explain handler in time.Sleep, polling every 250 ms for an explanation that never comes",
		Why:   "the loop never looks at r.Context(); the HTTP/2 client gave up after 500 ms and reset its stream (RST_STREAM cancels the request's context), but the handler polls forever for an unknown evaluation id",
		Match: f(api("explain")), Count: sent("explain", 1)},

	// --- classic shapes ------------------------------------------------------------------
	{ID: "watch-select", Route: "watch", Kind: "select-no-ctx", Handler: api("watch"),
		What:  "watch handler in a select on the flag's subscription and a 10-minute time.After",
		Why:   "the select has no r.Context().Done() case: the client reset its stream after 500 ms and nothing changes the watched flag; it waits 10 minutes per request (longer than any capture)",
		Match: f(api("watch")), Count: sent("watch", 1)},
	{ID: "bulk-losers", Route: "bulk", Kind: "chan-send-orphan", Handler: api("bulk"),
		What:  "the two validators of the good names of each bulk request, blocked sending on the unbuffered results channel (2 per request)",
		Why:   "bulk answers 422 on the first error (the bad name is reported at once) and never reads the channel again",
		Match: f(api("validate")), Count: sent("bulk", 2)},
	{ID: "subscribe-forward", Route: "subscribe", Kind: "chan-receive-orphan", Handler: api("subscribe"),
		What:  "api.(*API).forward, started per subscribe request, ranging over the store's watch channel",
		Why:   "Store.Watch registers the channel for the life of the store and nobody ever closes it; nothing changes these flags either: one goroutine per request, forever",
		Match: f(api("forward")), Count: sent("subscribe", 1)},
	{ID: "audit-flush-ticker", Route: "audit", Kind: "ticker-not-stopped", Handler: api("recordAudit"),
		What:  "api.(*API).flushAudit ranging over a time.NewTicker(1 s) started per audit request",
		Why:   "nothing keeps or stops the ticker and the loop has no exit: one goroutine (and ticker) per request for the life of the process",
		Match: f(api("flushAudit")), Count: sent("audit", 1)},
	{ID: "rollouts-lock", Route: "rollouts", Kind: "lock-wait", Handler: api("listRollouts"),
		What:  "rollout listings waiting in sync.(*Mutex).Lock (store.(*Rollouts).List)",
		Why:   "the bad rollout request locked Rollouts.Mu and returned 400 on its validation error path without Unlock: the lock is held by nobody and never released; the clients reset their streams after 500 ms",
		Match: f(api("listRollouts")), Count: sent("rollouts", 1)},

	// --- healthy, parked ---------------------------------------------------------------
	{ID: "event-stream", Route: "stream", Kind: "healthy-ctx-wait", Handler: api("stream"),
		What: "HTTP/2 event streams with a connected client", Why: "select on r.Context().Done(), the subscription and a heartbeat ticker (stopped on return); returns when the client resets its stream",
		Match: f(api("stream")), Count: whileHeld(holdStreams)},
	{ID: "long-poll", Route: "poll", Kind: "healthy-ctx-wait", Handler: api("poll"),
		What: "long polls on a quiet flag with a connected client", Why: "select on the subscription, a 5-minute timer (stopped on return) and r.Context().Done()",
		Match: f(api("poll")), Count: whileHeld(holdPolls)},
	{ID: "h2-conn-serve", Kind: "healthy-background", What: "the HTTP/2 server loop of each connected client's connection (the healthy clients' while held; the stalled imports' for the whole run)",
		Why:   "serverConn.serve runs as long as its client keeps the TLS connection open; it ends when the connection closes (IdleTimeout 2 min once idle)",
		Match: h2Server("serve"), Count: h2Conns},
	{ID: "h2-conn-readframes", Kind: "healthy-background", What: "the HTTP/2 frame reader of each connected client's connection",
		Why: "IO wait for the next frame of a connection whose client is connected; ends with the connection", Match: h2Server("readFrames"), Count: h2Conns},
	{ID: "eval-pool", Kind: "healthy-background", What: "store.(*Pool).Run in sync.WaitGroup.Wait and its idle workers selecting on ctx.Done() and the job channel",
		Why: "started by main with the lifetime context; the workers return at shutdown and Run's Wait with them", Match: prefix(mod("store.(*Pool).")), Count: fixed(poolWorkers + 1)},
	{ID: "refresher", Kind: "healthy-background", What: "store.(*Refresher).Run: a ticker loop rechecking the store",
		Why: "select on the lifetime context; the ticker is stopped on return", Match: f(mod("store.(*Refresher).Run")), Count: fixed(1)},
	{ID: "signal-notify-context", Kind: "runtime", What: "os/signal.NotifyContext's goroutine waiting for SIGINT/SIGTERM",
		Why: "the standard library's watcher of the process context", Match: prefix("os/signal.NotifyContext."), Count: fixed(1)},
	{ID: "signal-loop", Kind: "runtime", What: "os/signal's own goroutine receiving signals from the runtime",
		Why: "started by the first signal.Notify", Match: f("os/signal.loop"), Count: fixed(1)},
	{ID: "accept-loops", Kind: "healthy-background", What: "accept loops: the public TLS server (main goroutine, in ServeTLS) and the admin listener",
		Why: "IO wait in Accept", Match: f("net/http.(*Server).Serve"), Count: fixed(2)},
	{ID: "shutdown-waiter", Kind: "healthy-background", What: "run's goroutine waiting on the lifetime context to shut the servers down",
		Why: "chan receive on ctx.Done() of the process context", Match: prefix("main.run."), Count: fixed(1)},
}

var kindDescriptions = map[string]string{
	"ctx-not-request":         "issue 11 class 1: a blocking call inside a request gets a context not derived from the request (the service's lifetime context stored in a struct): it does not end when the client leaves; the connection loops of its round trip leak with it",
	"blocking-io-no-deadline": "issue 11 class 3: reading a request body with no deadline from a client that went silent (HTTP/2 stream open, no DATA frames)",
	"client-gone":             "issue 11 class 4: handler parked on something other than its request context after its HTTP/2 client reset the stream",
	"select-no-ctx":           "handler parked in a select that has no ctx.Done case; the client is gone",
	"chan-send-orphan":        "goroutine blocked forever sending on an unbuffered channel nobody reads any more",
	"chan-receive-orphan":     "goroutine blocked forever receiving on a channel nobody sends on or closes",
	"ticker-not-stopped":      "ticker loop started per request that nothing can stop",
	"lock-wait":               "waiting for a sync.Mutex that is never released (Unlock skipped on an error path)",
	"healthy-ctx-wait":        "parked, but returns as soon as its request context is done (client connected)",
	"healthy-background":      "long-lived background or infrastructure goroutine owned by main or the server",
	"runtime":                 "the Go standard library's own goroutine (os/signal)",
}
