package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// exchangeRate answers with the latest rate for a currency pair.
func (a *api) exchangeRate(w http.ResponseWriter, r *http.Request) {
	pair := r.URL.Query().Get("pair")
	select {
	case rate := <-a.rateFeed:
		fmt.Fprintf(w, "%s %.4f\n", pair, rate)
	case <-time.After(20 * time.Minute):
		http.Error(w, "rate feed stale", http.StatusServiceUnavailable)
	}
}

// search queries every shard and answers with the fastest one.
func (a *api) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	hits := make(chan []string)
	for _, sh := range a.shards {
		sh := sh
		go func() {
			hits <- sh.lookup(q)
		}()
	}
	json.NewEncoder(w).Encode(<-hits)
}

func (s shard) lookup(q string) []string {
	time.Sleep(s.latency)
	return []string{s.name + ":" + q}
}

// importLedger applies ledger entries posted one per line.
func (a *api) importLedger(w http.ResponseWriter, r *http.Request) {
	rows := make(chan entry)
	applied := make(chan int, 1)
	go a.applyEntries(rows, applied)
	sc := bufio.NewScanner(r.Body)
	line := 0
	for sc.Scan() {
		line++
		e, err := parseEntry(sc.Text())
		if err != nil {
			http.Error(w, fmt.Sprintf("line %d: %v", line, err), http.StatusBadRequest)
			return
		}
		rows <- e
	}
	close(rows)
	fmt.Fprintln(w, "applied", <-applied)
}

func (a *api) applyEntries(rows <-chan entry, applied chan<- int) {
	n := 0
	for e := range rows {
		a.ledgerMu.Lock()
		a.ledger[e.account] += e.cents
		a.ledgerMu.Unlock()
		n++
	}
	applied <- n
}

func parseEntry(s string) (entry, error) {
	f := strings.Fields(s)
	if len(f) != 2 {
		return entry{}, fmt.Errorf("want 2 fields, got %d", len(f))
	}
	c, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return entry{}, err
	}
	return entry{account: f[0], cents: c}, nil
}

// ledgerBalance reads an account balance; it runs behind
// http.TimeoutHandler.
func (a *api) ledgerBalance(w http.ResponseWriter, r *http.Request) {
	select {
	case b := <-a.balanceReplies:
		fmt.Fprintln(w, b)
	case <-time.After(time.Hour):
		http.Error(w, "ledger unavailable", http.StatusServiceUnavailable)
	}
}

// convertCurrency asks the FX provider for a conversion.
func (a *api) convertCurrency(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequest(http.MethodGet, a.cfg.fxURL+"/convert?"+r.URL.RawQuery, nil)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}

// auditTrail fetches an account's audit trail over the audit service's
// line protocol.
func (a *api) auditTrail(w http.ResponseWriter, r *http.Request) {
	conn, err := net.Dial("tcp", a.cfg.auditAddr)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer conn.Close()
	fmt.Fprintf(conn, "TRAIL %s\n", r.URL.Query().Get("account"))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	io.WriteString(w, line)
}

// updateAccount changes an account's balance.
func (a *api) updateAccount(w http.ResponseWriter, r *http.Request) {
	a.accountsMu.Lock()
	defer a.accountsMu.Unlock()
	a.accounts[r.URL.Query().Get("id")]++
	w.WriteHeader(http.StatusNoContent)
}

// migrateAccounts moves accounts to the new schema once an operator
// approves; it holds the accounts lock meanwhile.
func (a *api) migrateAccounts(ready chan<- struct{}) {
	a.accountsMu.Lock()
	defer a.accountsMu.Unlock()
	ready <- struct{}{}
	<-a.migrationApproved
	a.accounts = map[string]int64{}
}

// monthlyReport serves a cached report.
func (a *api) monthlyReport(w http.ResponseWriter, r *http.Request) {
	a.reportsMu.RLock()
	defer a.reportsMu.RUnlock()
	io.WriteString(w, a.reports[r.URL.Query().Get("month")])
}

// rebuildReports regenerates all reports under the write lock.
func (a *api) rebuildReports(ready chan<- struct{}) {
	a.reportsMu.Lock()
	defer a.reportsMu.Unlock()
	ready <- struct{}{}
	<-a.rebuildTrigger
	a.reports = map[string]string{}
}

var errInvalidPayment = errors.New("invalid payment")

// batchPayments settles a batch of payments in parallel.
func (a *api) batchPayments(w http.ResponseWriter, r *http.Request) {
	var batch []payment
	if err := json.NewDecoder(r.Body).Decode(&batch); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var wg sync.WaitGroup
	failed := make(chan error, len(batch))
	wg.Add(len(batch))
	for _, p := range batch {
		p := p
		go func() {
			if p.Cents <= 0 {
				failed <- fmt.Errorf("%s: %w", p.ID, errInvalidPayment)
				return
			}
			defer wg.Done()
			a.ledgerMu.Lock()
			a.ledger[p.Account] -= p.Cents
			a.ledgerMu.Unlock()
		}()
	}
	wg.Wait()
	close(failed)
	for err := range failed {
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// nextJob hands the next pending job to a worker machine.
func (a *api) nextJob(w http.ResponseWriter, r *http.Request) {
	a.queueMu.Lock()
	for len(a.pending) == 0 {
		a.queueCond.Wait()
	}
	job := a.pending[0]
	a.pending = a.pending[1:]
	a.queueMu.Unlock()
	io.WriteString(w, job)
}

// watchAccount starts refreshing an account's balance in the background.
func (a *api) watchAccount(w http.ResponseWriter, r *http.Request) {
	stop := make(chan struct{})
	go a.pollBalance(r.URL.Query().Get("id"), stop)
	w.WriteHeader(http.StatusAccepted)
}

func (a *api) pollBalance(id string, stop <-chan struct{}) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			a.ledgerMu.Lock()
			_ = a.ledger[id]
			a.ledgerMu.Unlock()
		case <-stop:
			return
		}
	}
}

type webhookSender struct{ url string }

func (s *webhookSender) send(event string) chan error {
	ack := make(chan error, 1)
	ack <- nil
	return ack
}

// notifyWebhook delivers an event to the customer's webhook and waits for
// the acknowledgement.
func (a *api) notifyWebhook(w http.ResponseWriter, r *http.Request) {
	var ack chan error
	if a.webhooks != nil {
		ack = a.webhooks.send(r.URL.Query().Get("event"))
	}
	if err := <-ack; err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// openStream registers a server-side stream and keeps it alive.
func (a *api) openStream(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	go func() {
		a.streamsMu.Lock()
		a.streams[id] = time.Now()
		a.streamsMu.Unlock()
		select {}
	}()
	w.WriteHeader(http.StatusCreated)
}

var errProcessorDown = errors.New("payment processor unavailable")

// retryPayment charges a payment again, backing off between attempts.
func (a *api) retryPayment(w http.ResponseWriter, r *http.Request) {
	for attempt := 0; attempt < 5; attempt++ {
		if err := a.charge(r.URL.Query().Get("id")); err == nil {
			w.WriteHeader(http.StatusOK)
			return
		}
		time.Sleep(time.Duration(attempt+1) * 10 * time.Minute)
	}
	http.Error(w, errProcessorDown.Error(), http.StatusBadGateway)
}

func (a *api) charge(id string) error { return errProcessorDown }

// uploadStatement streams an uploaded statement to storage.
func (a *api) uploadStatement(w http.ResponseWriter, r *http.Request) {
	pr, pw := io.Pipe()
	stored := make(chan error, 1)
	go a.storeStatement(pr, stored)
	if _, err := io.Copy(pw, r.Body); err != nil {
		pw.CloseWithError(err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if r.Header.Get("X-Checksum") == "" {
		http.Error(w, "missing checksum", http.StatusUnprocessableEntity)
		return
	}
	pw.Close()
	if err := <-stored; err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func (a *api) storeStatement(r io.Reader, stored chan<- error) {
	data, err := io.ReadAll(r)
	if err == nil {
		a.ledgerMu.Lock()
		a.ledger["statements"] += int64(len(data))
		a.ledgerMu.Unlock()
	}
	stored <- err
}
