package main

import "example.com/capturekit"

// moment is what the driver knows about the service when it captures:
// how many requests of each leaking route it has sent so far, whether the
// healthy clients are still connected, whether the slow translations are
// still in flight. Its name (t1, t2, t3) is kept next to it, in
// capturekit.Named.
type moment struct {
	Description string         `json:"moment"`
	Sent        map[string]int `json:"leaking_requests_sent"`
	Held        bool           `json:"healthy_clients_connected"`
	Translating bool           `json:"translations_in_flight"`
}

// Requests per leaking route: before t1, and between t1 and t2. Export
// goes first: its two requests take both database connections (the
// service runs with -db-conns 2), so every later export and topic update
// queues behind them.
var (
	initialLoad = map[string]int{"export": 2, "topic": 4, "unfurl": 3, "attachments": 3, "presence": 3, "invite": 3,
		"typing": 3, "digest": 3, "import": 2, "socket": 3, "report": 3}
	extraLoad = map[string]int{"export": 1, "topic": 2, "unfurl": 1, "attachments": 1, "presence": 1, "invite": 1,
		"typing": 1, "digest": 1, "import": 1, "socket": 1, "report": 1}
)

const (
	dbConns         = 2
	translations    = 3 // slow but alive requests, in flight at t1 only
	deliveryWorkers = 3
	thumbWorkers    = 2
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

func f(name string) []rule   { return []rule{{Func: name}} }
func prefix(p string) []rule { return []rule{{FuncPrefix: p}} }
func mod(name string) string { return "chat.example.net/relayd/internal/" + name }

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
	{ID: "conn-background-read", Kind: "healthy-background", What: "per-connection background readers: the held event streams and long polls, the in-flight translations, and the capture request once it runs",
		Why:   "each request whose body is read to its end has a reader in IO wait on its connection; it ends and cancels the request context when the client closes, so every one of these has a connected client",
		Match: f("net/http.(*connReader).backgroundRead"),
		Count: func(m moment) (int, int) { n := heldReaders(m); return n, n + 1 }},

	// --- leaks ------------------------------------------------------------------------
	{ID: "export-holder", Route: "export", Kind: "ctx-not-request", Handler: "main.(*api).export",
		What:  "export handler inside the relaydb driver, in IO wait for the reply to the history query, holding one of the pool's two connections",
		Why:   "the handler passes the service's lifetime context (a.lifetime), not r.Context(), to History.Export → db.QueryContext; the database never answers (table lock), so the query waits until shutdown although the client left after 500 ms, and its connection is never returned to the pool",
		Match: []rule{{Func: "main.(*api).export", AnyFunc: []string{mod("store.(*conn).roundTrip")}}},
		Count: func(m moment) (int, int) {
			k := m.Sent["export"]
			if k > dbConns {
				k = dbConns
			}
			return k, k
		}},
	{ID: "export-cancel-watcher", Route: "export", Kind: "ctx-not-request", Handler: "main.(*api).export",
		What:  "the relaydb driver's watchCancel goroutine of each stuck export query, in select on ctx.Done() and the query's end",
		Why:   "the driver watches every cancellable context while a query is in flight; the lifetime context is only cancelled at shutdown and the query never ends, so the watcher lives as long as its leaked export",
		Match: prefix(mod("store.(*conn).watchCancel.")),
		Count: func(m moment) (int, int) {
			k := m.Sent["export"]
			if k > dbConns {
				k = dbConns
			}
			return k, k
		}},
	{ID: "export-queued", Route: "export", Kind: "queued-behind-holder", Handler: "main.(*api).export",
		What:  "a later export waiting in database/sql.(*DB).conn for a pool connection",
		Why:   "both connections are held by the stuck exports; this one also waits with the lifetime context (no request deadline, no ctx.Done from its client), so it waits until shutdown",
		Match: f("main.(*api).export"),
		Count: func(m moment) (int, int) {
			k := m.Sent["export"] - dbConns
			if k < 0 {
				k = 0
			}
			return k, k
		}},
	{ID: "topic-queued", Route: "topic", Kind: "queued-behind-holder", Handler: "main.(*api).setTopic",
		What:  "topic updates waiting in database/sql.(*DB).conn for a pool connection",
		Why:   "Rooms.SetTopic calls db.Exec, i.e. ExecContext(context.Background()): with both connections held by the stuck exports the wait has no end; the client left after 500 ms",
		Match: f("main.(*api).setTopic"), Count: sent("topic", 1)},
	{ID: "unfurl-handler", Route: "unfurl", Kind: "ctx-not-request", Handler: "main.(*api).unfurl",
		What:  "unfurl handler in net/http.(*persistConn).roundTrip waiting for the link preview service",
		Why:   "the handler builds its context from context.Background() (withTraceID) instead of r.Context(), and the preview client has no Timeout; the preview service accepted the connection and never answers, so nothing ends the round trip after the client left",
		Match: f("main.(*api).unfurl"), Count: sent("unfurl", 1)},
	{ID: "translate-conn-readloop", Route: "translate", Kind: "healthy-in-flight", Handler: "main.(*api).translate",
		What:   "readLoop of the translation client's connections: in flight at t1, idle in the pool afterwards",
		KindAt: map[string]string{"t2": "healthy-background", "t3": "healthy-background"},
		Why:    "the translation service is slow but answers; its transport keeps the connections for reuse (IdleConnTimeout 5 min); same stack as unfurl-conn-readloop, told apart by the route label (debug=1, proto, go1.27 headers) or by existing before the unfurl load (ids)",
		Match:  []rule{{Func: "net/http.(*persistConn).readLoop", PresentAt: "translating"}}, Count: fixed(translations)},
	{ID: "translate-conn-writeloop", Route: "translate", Kind: "healthy-in-flight", Handler: "main.(*api).translate",
		What: "writeLoop of the translation client's connections", Why: "as translate-conn-readloop",
		Match: []rule{{Func: "net/http.(*persistConn).writeLoop", PresentAt: "translating"}}, Count: fixed(translations)},
	{ID: "unfurl-conn-readloop", Route: "unfurl", Kind: "ctx-not-request", Handler: "main.(*api).unfurl",
		What:  "readLoop of each stuck preview connection, in IO wait for a response that never comes",
		Why:   "it belongs to the leaked unfurl round trip and ends only with it",
		Match: f("net/http.(*persistConn).readLoop"), Count: sent("unfurl", 1)},
	{ID: "unfurl-conn-writeloop", Route: "unfurl", Kind: "ctx-not-request", Handler: "main.(*api).unfurl",
		What: "writeLoop of each stuck preview connection", Why: "it belongs to the leaked unfurl round trip and ends only with it",
		Match: f("net/http.(*persistConn).writeLoop"), Count: sent("unfurl", 1)},
	{ID: "attachment-upload", Route: "attachments", Kind: "chan-receive-orphan", Handler: "main.(*api).attach",
		What:  "the bucket writer's upload goroutine (store.(*Bucket).NewWriter.func1) reading its io.Pipe",
		Why:   "the handler created the writer before sniffing the content type and returned 415 without Close or CloseWithError: the pipe's writer is gone, nobody will write or close it, io.Copy waits in (*pipe).read forever",
		Match: prefix(mod("store.(*Bucket).NewWriter.")), Count: sent("attachments", 1)},
	{ID: "presence-loser", Route: "presence", Kind: "chan-send-orphan", Handler: "main.(*api).presence",
		What:  "the two slower replica lookups of syncx.First, blocked sending their result (2 per request)",
		Why:   "First returns on the first success and its unbuffered results channel is never read again: the losers block in chan send forever",
		Match: prefix(mod("syncx.First[")), Count: sent("presence", 2)},
	{ID: "invite-wait", Route: "invite", Kind: "waitgroup-wait", Handler: "main.(*api).invite",
		What:  "invite handler in syncx.(*Group).Wait → sync.(*WaitGroup).Wait",
		Why:   "the Group's goroutine skips wg.Done() when its function fails (the unknown user \"zed\"), so Wait never returns; the client left after 500 ms",
		Match: f("main.(*api).invite"), Count: sent("invite", 1)},
	{ID: "typing-beacon", Route: "typing", Kind: "ticker-not-stopped", Handler: "main.(*api).typing",
		What:  "hub typing beacon: a loop on an embedded *time.Ticker publishing \"typing\" every 3 s",
		Why:   "the handler discards the stop func StartTyping returns; nothing else can close the beacon's done channel, so the loop runs for the life of the process",
		Match: f(mod("hub.(*beacon).run")), Count: sent("typing", 1)},
	{ID: "digest-orphan", Route: "digest", Kind: "timeout-handler-orphan", Handler: "main.(*api).digest",
		What:  "digest handler run by http.TimeoutHandler, in a select on room.Changed() and a 10-minute time.After",
		Why:   "the select has no ctx.Done() case: TimeoutHandler answered 503 after 1 s and cancelled the context, but the handler goroutine keeps waiting for a message in a quiet room",
		Match: f("main.(*api).digest"), Count: sent("digest", 1)},
	{ID: "import-stalled-body", Route: "import", Kind: "blocking-io-no-deadline", Handler: "main.(*api).importHistory",
		What:  "import handler in IO wait reading the request body (json.Decoder over r.Body)",
		Why:   "the server sets ReadHeaderTimeout but no ReadTimeout, so once the headers are read the body read has no deadline; the uploader sent 2 of 65536 announced bytes and went silent with the connection open",
		Match: f("main.(*api).importHistory"), Count: sent("import", 1)},
	{ID: "socket-lobby-pump", Route: "socket", Kind: "healthy-ctx-wait", Handler: "main.(*api).socket",
		What:  "the pump of the held lobby socket, receiving room messages (range sub.C())",
		Why:   "healthy while its client is connected (the lobby gets a message every 400 ms and the pump writes them); at t3 the client has left, the handler returned without sub.Cancel() and the lobby is quiet: the same goroutine is now an orphan like socket-pump-orphan",
		Match: []rule{{Func: "main.(*api).pump", PresentAt: "held"}}, Count: fixed(1),
		KindAt: map[string]string{"t3": "chan-receive-orphan"}, Debug1With: "socket-pump-orphan"},
	{ID: "socket-pump-orphan", Route: "socket", Kind: "chan-receive-orphan", Handler: "main.(*api).socket",
		What:  "socket pumps whose client has gone, receiving on the subscription of a quiet room",
		Why:   "the socket handler returns on EOF without sub.Cancel(), so the subscription stays in the room and its channel is never closed; the pump only ends on the room's next message (a write error), and the room is quiet",
		Match: f("main.(*api).pump"), Count: sent("socket", 1), Debug1With: "socket-pump-orphan"},
	{ID: "report-nil-chan", Route: "report", Kind: "nil-channel", Handler: "main.(*api).report",
		What:  "report handler sending on moderation.queue, which is nil",
		Why:   "the service runs without -moderation, so the queue channel is never made; a send on a nil channel blocks forever",
		Match: f("main.(*moderation).submit"), Count: sent("report", 1)},

	// --- healthy, parked ---------------------------------------------------------------
	{ID: "translate-handler", Route: "translate", Kind: "healthy-in-flight", Handler: "main.(*api).translate",
		What:  "translate handler in persistConn.roundTrip waiting for the slow translation service (t1 only)",
		Why:   "the request carries r.Context() and the client has a 30 s Timeout; the service answers after 12 s and the client waits up to 30 s",
		Match: f("main.(*api).translate"), Count: func(m moment) (int, int) {
			if m.Translating {
				return translations, translations
			}
			return 0, 0
		}},
	{ID: "events-stream", Route: "events", Kind: "healthy-ctx-wait", Handler: "main.(*api).events",
		What: "server-sent event streams of the lobby with a connected client", Why: "select on the subscription, a heartbeat ticker and r.Context().Done(); returns when the client leaves",
		Match: f("main.(*api).events"), Count: whileHeld(holdEvents)},
	{ID: "poll-wait", Route: "poll", Kind: "healthy-ctx-wait", Handler: "main.(*api).poll",
		What: "long polls on a quiet room with a connected client", Why: "select on room.Changed(), the poll timeout and r.Context().Done()",
		Match: f("main.(*api).poll"), Count: whileHeld(holdPolls)},
	{ID: "socket-lobby-reader", Route: "socket", Kind: "healthy-ctx-wait", Handler: "main.(*api).socket",
		What:  "the held lobby socket's command loop, in IO wait on the hijacked connection",
		Why:   "its client is connected and pings every 5 s; the read has a deadline (SetReadDeadline 90 s, refreshed per line)",
		Match: f("main.(*api).socket"), Count: whileHeld(1)},
	{ID: "idle-keepalive-conn", Kind: "healthy-background", What: "idle keep-alive server connections: 2 held by the driver and the stand-up bot's",
		Why:   "conn.serve waits for the next request on a connection its client keeps open",
		Match: []rule{{Func: "net/http.(*conn).readRequest"}, {Func: "bufio.(*Reader).Peek", AnyFunc: []string{"net/http.(*conn).serve"}}}, Count: whileHeld(holdIdle + 1)},
	{ID: "delivery-workers", Kind: "healthy-background", What: "push delivery workers in sync.Cond.Wait on the outbox",
		Why:   "every posted message Signals the condition (the bot posts every 400 ms until t3) and close() Broadcasts on shutdown",
		Match: f("main.(*outbox).deliver"), Count: fixed(deliveryWorkers)},
	{ID: "thumbnail-workers", Kind: "healthy-background", What: "idle thumbnail worker pool ranging over a job channel",
		Why: "main owns the channel and closes it on shutdown", Match: f("main.thumbnailer"), Count: fixed(thumbWorkers)},
	{ID: "history-batcher", Kind: "healthy-background", What: "the generic store.Batcher[hub.Message] loop persisting messages (ticker, input, quit)",
		Why:   "started and closed by main; its flushes use a 2 s timeout, so while the exports hold the pool it may be found waiting in database/sql.(*DB).conn, but it always comes back",
		Match: prefix(mod("store.(*Batcher[")), Count: fixed(1)},
	{ID: "hub-janitor", Kind: "healthy-background", What: "the hub's janitor ticker loop dropping idle rooms",
		Why: "started by hub.New, stopped by Hub.Close (deferred in main)", Match: f(mod("hub.(*Hub).janitor")), Count: fixed(1)},
	{ID: "config-watcher", Kind: "healthy-background", What: "liveConfig.watch ranging over the configuration channel",
		Why: "reloadOnHangup sends a configuration on every SIGHUP and closes the channel on shutdown", Match: f("main.(*liveConfig).watch"), Count: fixed(1)},
	{ID: "hangup-reloader", Kind: "healthy-background", What: "reloadOnHangup: select on SIGHUP and the lifetime context",
		Why: "signal.Notify loop owned by main", Match: f("main.reloadOnHangup"), Count: fixed(1)},
	{ID: "signal-notify-context", Kind: "runtime", What: "os/signal.NotifyContext's goroutine waiting for SIGINT/SIGTERM",
		Why: "the standard library's watcher of the process context", Match: prefix("os/signal.NotifyContext."), Count: fixed(1)},
	{ID: "signal-loop", Kind: "runtime", What: "os/signal's own goroutine receiving signals from the runtime",
		Why: "started by the first signal.Notify", Match: f("os/signal.loop"), Count: fixed(1)},
	{ID: "sql-connection-opener", Kind: "runtime", What: "database/sql's connectionOpener of the relay database pool",
		Why: "started by sql.OpenDB for the life of the *sql.DB", Match: f("database/sql.(*DB).connectionOpener"), Count: fixed(1)},
	{ID: "accept-loops", Kind: "healthy-background", What: "accept loops: the public server (main goroutine) and the admin server",
		Why: "IO wait in Accept", Match: f("net/http.(*Server).Serve"), Count: fixed(2)},
	{ID: "shutdown-waiter", Kind: "healthy-background", What: "main's goroutine waiting on the lifetime context to shut the server down",
		Why: "chan receive on ctx.Done() of the process context", Match: prefix("main.run."), Count: fixed(1)},
}

var kindDescriptions = map[string]string{
	"ctx-not-request":         "a blocking call inside a request gets a context not derived from the request (context.Background, the service's lifetime context): it does not end when the client leaves; the goroutines it keeps (driver watchers, client connection loops) leak with it",
	"queued-behind-holder":    "waiting, without a request deadline, for a resource (a database/sql pool connection) held by a leaked goroutine",
	"chan-send-orphan":        "goroutine blocked forever sending on an unbuffered channel nobody reads any more",
	"chan-receive-orphan":     "goroutine blocked forever receiving from a channel or io.Pipe whose writer is gone without closing it",
	"timeout-handler-orphan":  "the inner handler of http.TimeoutHandler still running after the 503, in a select without ctx.Done",
	"blocking-io-no-deadline": "network read with no deadline from a peer that went silent (request body on a server without ReadTimeout)",
	"waitgroup-wait":          "sync.WaitGroup.Wait where a Done is skipped on an error path",
	"ticker-not-stopped":      "ticker loop started per request that nothing can stop",
	"nil-channel":             "send on a nil channel: never wakes",
	"healthy-ctx-wait":        "parked, but returns as soon as its request context is done or its client sends (client connected)",
	"healthy-in-flight":       "waiting on a slow upstream that answers, with a deadline and the request's context",
	"healthy-background":      "long-lived background or infrastructure goroutine owned by main or the server",
	"runtime":                 "the Go standard library's own goroutine (os/signal, database/sql)",
}
