package main

import (
	"net/http"
	"sync"
	"time"
)

type config struct {
	fxURL        string
	auditAddr    string
	inventoryURL string
}

type entry struct {
	account string
	cents   int64
}

type payment struct {
	ID      string `json:"id"`
	Account string `json:"account"`
	Cents   int64  `json:"cents"`
}

type shard struct {
	name    string
	latency time.Duration
}

// api is the state shared by the handlers.
type api struct {
	cfg config

	rateFeed       chan float64 // fed by the market data connector
	balanceReplies chan int64   // answers from the ledger database
	shards         []shard

	accountsMu        sync.Mutex
	accounts          map[string]int64
	migrationApproved chan struct{}

	reportsMu      sync.RWMutex
	reports        map[string]string
	rebuildTrigger chan struct{}

	queueMu   sync.Mutex
	queueCond *sync.Cond
	pending   []string

	webhooks *webhookSender // nil unless webhooks are configured

	streamsMu sync.Mutex
	streams   map[string]time.Time

	ledgerMu sync.Mutex
	ledger   map[string]int64

	updates     chan string
	settlements chan payment
	quit        chan struct{}
	shutdown    chan struct{}

	depsClient *http.Client

	statsMu sync.Mutex
	stats   map[string]int
}

func newAPI(cfg config) *api {
	a := &api{
		cfg:               cfg,
		rateFeed:          make(chan float64),
		balanceReplies:    make(chan int64),
		shards:            []shard{{"eu", 5 * time.Millisecond}, {"us", 15 * time.Millisecond}, {"ap", 25 * time.Millisecond}},
		accounts:          map[string]int64{},
		migrationApproved: make(chan struct{}),
		reports:           map[string]string{},
		rebuildTrigger:    make(chan struct{}),
		streams:           map[string]time.Time{},
		ledger:            map[string]int64{},
		updates:           make(chan string),
		settlements:       make(chan payment, 64),
		quit:              make(chan struct{}),
		shutdown:          make(chan struct{}),
		depsClient: &http.Client{
			Timeout:   2 * time.Second,
			Transport: &http.Transport{MaxIdleConnsPerHost: 2, IdleConnTimeout: 0},
		},
		stats: map[string]int{},
	}
	a.queueCond = sync.NewCond(&a.queueMu)
	return a
}

// start launches the background goroutines that live as long as the
// process.
func (a *api) start(workers int) {
	for i := 0; i < workers; i++ {
		go a.settleWorker()
	}
	go a.refreshRates()
	ready := make(chan struct{}, 2)
	go a.migrateAccounts(ready)
	go a.rebuildReports(ready)
	<-ready
	<-ready
}

func (a *api) reloadConfig() {
	a.statsMu.Lock()
	a.stats["reloads"]++
	a.statsMu.Unlock()
}
