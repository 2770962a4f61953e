package main

import (
	"net/http"
	"strings"
	"time"
)

// call is one kind of request the driver sends, with the outcome it must
// see: a client timeout (the client gave up) or a status code.
type call struct {
	Route   string
	Method  string
	Path    string
	Body    string
	Timeout time.Duration
	Expect  int // HTTP status, or 0 for "the client timed out"
}

func (c call) newRequest(base string) (*http.Request, error) {
	var body *strings.Reader
	if c.Body != "" {
		body = strings.NewReader(c.Body)
	}
	if body == nil {
		return http.NewRequest(c.Method, base+c.Path, nil)
	}
	return http.NewRequest(c.Method, base+c.Path, body)
}

const gaveUp = 0

var calls = []call{
	{"rates", "GET", "/v1/rates?pair=EURUSD", "", 300 * time.Millisecond, gaveUp},
	{"search", "GET", "/v1/search?q=invoice", "", 2 * time.Second, 200},
	{"import", "POST", "/v1/ledger/import", "acct-1 1200\nacct-2 -300\nacct-3 12,50\n", 2 * time.Second, 400},
	{"balance", "GET", "/v1/balance?account=acct-1", "", 2 * time.Second, 503},
	{"convert", "GET", "/v1/convert?from=EUR&to=JPY&amount=100", "", 300 * time.Millisecond, gaveUp},
	{"audit", "GET", "/v1/audit?account=acct-2", "", 300 * time.Millisecond, gaveUp},
	{"accounts", "POST", "/v1/accounts?id=acct-3", "", 300 * time.Millisecond, gaveUp},
	{"reports", "GET", "/v1/reports/monthly?month=2026-10", "", 300 * time.Millisecond, gaveUp},
	{"batch", "POST", "/v1/payments/batch", `[{"id":"p1","account":"acct-1","cents":500},{"id":"p2","account":"acct-2","cents":0},{"id":"p3","account":"acct-3","cents":70}]`, 300 * time.Millisecond, gaveUp},
	{"jobs", "GET", "/v1/jobs/next", "", 300 * time.Millisecond, gaveUp},
	{"watch", "POST", "/v1/accounts/watch?id=acct-4", "", 2 * time.Second, 202},
	{"webhooks", "POST", "/v1/webhooks/notify?event=payment.settled", "", 300 * time.Millisecond, gaveUp},
	{"streams", "POST", "/v1/streams?id=s1", "", 2 * time.Second, 201},
	{"retry", "POST", "/v1/payments/retry?id=p9", "", 300 * time.Millisecond, gaveUp},
	{"statements", "POST", "/v1/statements", strings.Repeat("2026-10-01;acct-1;-12.50\n", 40), 2 * time.Second, 422},
}

// Requests per route: the initial load (before t1) and the extra batch
// (between t1 and t2).
var initialLoad = map[string]int{
	"rates": 6, "search": 4, "import": 5, "balance": 4, "convert": 3, "audit": 3, "accounts": 5,
	"reports": 4, "batch": 3, "jobs": 3, "watch": 4, "webhooks": 3, "streams": 3, "retry": 3, "statements": 4,
}
var extraLoad = map[string]int{
	"rates": 2, "search": 2, "import": 2, "balance": 2, "convert": 1, "audit": 1, "accounts": 2,
	"reports": 2, "batch": 1, "jobs": 1, "watch": 2, "webhooks": 1, "streams": 1, "retry": 1, "statements": 2,
}

// Healthy clients held open from before t0 until after t2.
const (
	holdEvents    = 4 // long polls on /v1/events
	holdSubscribe = 2 // long polls on /v1/ledger/subscribe (custom context)
	holdIdle      = 3 // idle keep-alive connections
	workers       = 6 // settlement workers (-workers)
)

// group is one row of the ground truth: which goroutines, and how many the
// load must have produced (min == max unless said otherwise).
type group struct {
	ID      string
	Route   string
	Kind    string
	IsLeak  bool
	Handler string
	What    string
	Match   []rule
	Count   func(n map[string]int) (int, int)
}

func per(route string, k int) func(map[string]int) (int, int) {
	return func(n map[string]int) (int, int) { return k * n[route], k * n[route] }
}

func fixed(k int) func(map[string]int) (int, int) {
	return func(map[string]int) (int, int) { return k, k }
}

func between(lo, hi int) func(map[string]int) (int, int) {
	return func(map[string]int) (int, int) { return lo, hi }
}

func f(name string) []rule { return []rule{{Func: name}} }

// groups in match order: the first group whose rules match a goroutine owns it.
var groups = []group{
	{"pprof-capture", "", "healthy-background", false, "", "the goroutine serving this capture request", f("net/http/pprof.handler.ServeHTTP"), fixed(1)},
	{"rates-select", "rates", "select-no-ctx", true, "main.(*api).exchangeRate", "handler in a select on the rate feed and a 20-minute timer, no ctx.Done case", f("main.(*api).exchangeRate"), per("rates", 1)},
	{"search-orphan-sender", "search", "chan-send-orphan", true, "main.(*api).search", "shard lookups that lost the race, blocked sending on the handler's unbuffered channel after it answered with the first hit (2 per request)", f("main.(*api).search.func1"), per("search", 2)},
	{"import-orphan-receiver", "import", "chan-receive-orphan", true, "main.(*api).importLedger", "consumer ranging over a channel the handler never closed (it returned 400 on a bad line)", f("main.(*api).applyEntries"), per("import", 1)},
	{"balance-timeout-orphan", "balance", "timeout-handler-orphan", true, "main.(*api).ledgerBalance", "inner handler of http.TimeoutHandler in a select without ctx.Done, still running after the 503", f("main.(*api).ledgerBalance"), per("balance", 1)},
	{"convert-handler", "convert", "blocking-io-no-deadline", true, "main.(*api).convertCurrency", "http.DefaultClient.Do without context or timeout, upstream accepts and never answers: handler in persistConn.roundTrip", f("main.(*api).convertCurrency"), per("convert", 1)},
	{"deps-pool-readloop", "deps", "healthy-background", false, "main.(*api).dependencyHealth", "idle pooled client connection to the healthy inventory upstream (readLoop); same stack as convert-readloop, told apart by existing before the load (route=deps label in debug=1/proto and go1.27 headers)", []rule{{Func: "net/http.(*persistConn).readLoop", PresentBeforeLoad: true}}, fixed(1)},
	{"deps-pool-writeloop", "deps", "healthy-background", false, "main.(*api).dependencyHealth", "idle pooled client connection to the healthy inventory upstream (writeLoop)", []rule{{Func: "net/http.(*persistConn).writeLoop", PresentBeforeLoad: true}}, fixed(1)},
	{"convert-readloop", "convert", "blocking-io-no-deadline", true, "main.(*api).convertCurrency", "the stalled FX connection's readLoop, in IO wait for a response that never comes", f("net/http.(*persistConn).readLoop"), per("convert", 1)},
	{"convert-writeloop", "convert", "blocking-io-no-deadline", true, "main.(*api).convertCurrency", "the stalled FX connection's writeLoop", f("net/http.(*persistConn).writeLoop"), per("convert", 1)},
	{"audit-read", "audit", "blocking-io-no-deadline", true, "main.(*api).auditTrail", "raw net.Conn read (bufio ReadString) without SetReadDeadline from an upstream that never answers", f("main.(*api).auditTrail"), per("audit", 1)},
	{"accounts-lock-waiter", "accounts", "lock-wait", true, "main.(*api).updateAccount", "sync.Mutex.Lock on a mutex held forever by migrateAccounts", f("main.(*api).updateAccount"), per("accounts", 1)},
	{"accounts-lock-holder", "", "healthy-background", false, "", "background goroutine holding accountsMu while it waits for an approval (one, started by main)", f("main.(*api).migrateAccounts"), fixed(1)},
	{"reports-rlock-waiter", "reports", "lock-wait", true, "main.(*api).monthlyReport", "sync.RWMutex.RLock while rebuildReports holds the write lock forever", f("main.(*api).monthlyReport"), per("reports", 1)},
	{"reports-lock-holder", "", "healthy-background", false, "", "background goroutine holding the reports write lock while it waits for a trigger (one, started by main)", f("main.(*api).rebuildReports"), fixed(1)},
	{"batch-waitgroup", "batch", "waitgroup-wait", true, "main.(*api).batchPayments", "sync.WaitGroup.Wait: the invalid payment's goroutine returned without Done", f("main.(*api).batchPayments"), per("batch", 1)},
	{"jobs-cond", "jobs", "cond-wait", true, "main.(*api).nextJob", "sync.Cond.Wait for a job that is never enqueued or signalled", f("main.(*api).nextJob"), per("jobs", 1)},
	{"watch-ticker", "watch", "ticker-not-stopped", true, "main.(*api).watchAccount", "per-request ticker loop whose stop channel is never closed (the handler returned 202)", f("main.(*api).pollBalance"), per("watch", 1)},
	{"webhooks-nil-chan", "webhooks", "nil-channel", true, "main.(*api).notifyWebhook", "receive on a nil channel (webhooks not configured)", f("main.(*api).notifyWebhook"), per("webhooks", 1)},
	{"streams-empty-select", "streams", "empty-select", true, "main.(*api).openStream", "goroutine started per request that ends in select {}", f("main.(*api).openStream.func1"), per("streams", 1)},
	{"retry-sleep", "retry", "sleep", true, "main.(*api).retryPayment", "handler in time.Sleep(10 minutes) of a retry backoff; the client is gone", f("main.(*api).retryPayment"), per("retry", 1)},
	{"statements-pipe-reader", "statements", "chan-receive-orphan", true, "main.(*api).uploadStatement", "io.Pipe reader (io.ReadAll) whose writer the handler never closed (it returned 422)", f("main.(*api).storeStatement"), per("statements", 1)},
	{"events-longpoll", "events", "healthy-ctx-wait", false, "main.(*api).events", "long poll selecting on r.Context().Done(); client still connected", f("main.(*api).events"), fixed(holdEvents)},
	{"subscribe-handler", "subscribe", "healthy-ctx-wait", false, "main.(*api).subscribeLedger", "long poll on a context derived from a custom context; client still connected", f("main.(*api).subscribeLedger"), fixed(holdSubscribe)},
	{"subscribe-shutdown-watcher", "subscribe", "healthy-ctx-wait", false, "main.(*api).subscribeLedger", "withShutdown's watcher: select on the request context and the shutdown channel", f("main.withShutdown.func1"), fixed(holdSubscribe)},
	{"subscribe-propagate-cancel", "subscribe", "healthy-ctx-wait", false, "main.(*api).subscribeLedger", "the context package's watcher for a parent that is not a *cancelCtx", []rule{{AnyFunc: []string{"context.propagateCancel.func1", "context.(*cancelCtx).propagateCancel.func2"}}}, fixed(holdSubscribe)},
	{"capture-bgread-not-started", "", "healthy-background", false, "", "the capture request's connection reader, started but not yet run (sum with conn-background-read is exact)", []rule{{OnlyGoexit: true}, {EmptyStack: true}, {FuncPrefix: "net/http.(*connReader).startBackgroundRead."}}, between(0, 1)},
	{"conn-background-read", "", "healthy-background", false, "", "per-connection background reader of the held long polls (and of the capture request once it runs)", f("net/http.(*connReader).backgroundRead"), between(holdEvents+holdSubscribe, holdEvents+holdSubscribe+1)},
	{"idle-keepalive-conn", "", "healthy-background", false, "", "idle keep-alive server connections: 3 held by the driver, 1 from the service's own pooled client on the inventory upstream", []rule{{Func: "net/http.(*conn).readRequest"}, {Func: "bufio.(*Reader).Peek", AnyFunc: []string{"net/http.(*conn).serve"}}}, fixed(holdIdle + 1)},
	{"settle-workers", "", "healthy-background", false, "", "worker pool ranging over the settlement queue", f("main.(*api).settleWorker"), fixed(workers)},
	{"rates-refresher", "", "healthy-background", false, "", "ticker loop owned by main, stopped on quit", f("main.(*api).refreshRates"), fixed(1)},
	{"signal-handler", "", "healthy-background", false, "", "signal.Notify loop reloading the configuration on SIGHUP", f("main.handleSignals"), fixed(1)},
	{"signal-loop", "", "runtime", false, "", "os/signal's own goroutine receiving signals from the runtime", f("os/signal.loop"), fixed(1)},
	{"stalled-upstream-accept", "", "healthy-background", false, "", "accept loop of the in-process stalled upstream (holds its connections without goroutines)", f("main.holdConnections"), fixed(1)},
	{"accept-loop", "", "healthy-background", false, "", "accept loops: the API server (main.main) and the inventory upstream", f("net/http.(*Server).Serve"), fixed(2)},
}

var kindDescriptions = map[string]string{
	"select-no-ctx":           "handler parked in a select that has no ctx.Done case; the client is gone",
	"chan-send-orphan":        "goroutine started by a handler, blocked forever sending on an unbuffered channel nobody reads",
	"chan-receive-orphan":     "goroutine started by a handler, blocked forever receiving from a channel (or io.Pipe) whose writer returned without closing it",
	"timeout-handler-orphan":  "goroutine started by http.TimeoutHandler still running the inner handler after the 503",
	"blocking-io-no-deadline": "network I/O (raw net.Conn or the HTTP client round trip) with no context and no deadline against an upstream that never answers",
	"lock-wait":               "handler waiting for a sync.Mutex / RWMutex that is never released",
	"waitgroup-wait":          "sync.WaitGroup.Wait where a Done is skipped on an error path",
	"cond-wait":               "sync.Cond.Wait that is never signalled",
	"ticker-not-stopped":      "ticker loop started per request whose stop channel is never closed",
	"nil-channel":             "receive from a nil channel: never wakes",
	"empty-select":            "select {}: never wakes",
	"sleep":                   "handler sleeping for minutes after the client left",
	"healthy-ctx-wait":        "parked, but returns as soon as the request context is done (client still connected)",
	"healthy-background":      "long-lived background or infrastructure goroutine that is expected to exist",
	"runtime":                 "the Go standard library's own goroutine (os/signal)",
}
