package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"example.com/capturekit"
)

// call is one kind of request the load sends, with the outcome it must
// see: a status, "gave up" (the client timed out), "stalled" (a raw client
// that sent part of its body and went silent: no answer may come) or
// "upgraded" (a tail socket that got one answer and then went silent with
// its connection open).
type call struct {
	Route   string        `json:"route"`
	Ingest  bool          `json:"ingest_listener,omitempty"`
	Method  string        `json:"method"`
	Path    string        `json:"path"` // %d: the request's number on this route
	Body    string        `json:"body,omitempty"`
	Timeout time.Duration `json:"timeout_ns"`
	Expect  string        `json:"expect"`
	Raw     string        `json:"raw,omitempty"` // "stalled-body" or "silent-tail"
}

const (
	gaveUp   = "gave up"
	stalled  = "stalled"
	upgraded = "upgraded"
	quick    = 500 * time.Millisecond
)

// calls is the load: the routes that leak, each as a client would call it.
var calls = []call{
	{Route: "replay", Method: "POST", Path: "/v1/endpoints/ep-%d/replay", Timeout: quick, Expect: gaveUp},
	{Route: "stats", Method: "GET", Path: "/v1/endpoints/ep-%d/stats", Timeout: quick, Expect: gaveUp},
	{Route: "sign", Method: "POST", Path: "/v1/sign", Body: `{"event":"invoice.paid","n":%d}`, Timeout: quick, Expect: gaveUp},
	{Route: "rotate", Method: "POST", Path: "/v1/keys/rotate", Body: `{"key":"x%d"}`, Timeout: 2 * time.Second, Expect: "400"},
	{Route: "keys", Method: "GET", Path: "/v1/keys/current?n=%d", Timeout: quick, Expect: gaveUp},
	{Route: "disable", Method: "POST", Path: "/v1/endpoints/gone-%d/disable", Timeout: 2 * time.Second, Expect: "202"},
	{Route: "export", Method: "POST", Path: "/v1/exports/ep-%d", Body: `{"format":"parquet","since":0}`, Timeout: 2 * time.Second, Expect: "400"},
	{Route: "collect", Method: "POST", Path: "/v1/batches?n=%d", Body: "{\"endpoint\":\"a\",\"status\":200}\n{\"endpoint\":\"b\",\"status\":500}\n{\"endpoint\":\n", Timeout: 2 * time.Second, Expect: "400"},
	{Route: "broadcast", Method: "POST", Path: "/v1/broadcast?n=%d", Body: `{"targets":["https://a.example.org/hook","http://b.example.org/hook","https://c.example.org/hook"]}`, Timeout: quick, Expect: gaveUp},
	{Route: "drain", Method: "POST", Path: "/v1/queues/dead-letters/drain?n=%d", Timeout: quick, Expect: gaveUp},
	{Route: "report", Method: "GET", Path: "/v1/reports/weekly-%d", Timeout: 5 * time.Second, Expect: "503"},
	{Route: "subscribe", Method: "POST", Path: "/v1/endpoints/warm-%d/subscribe", Timeout: 2 * time.Second, Expect: "204"},
	{Route: "lease", Method: "POST", Path: "/v1/endpoints/lease-%d/lease", Timeout: 2 * time.Second, Expect: "201"},
	{Route: "probe", Method: "GET", Path: "/v1/endpoints/ep-%d/probe", Timeout: 2 * time.Second, Expect: "200"},
	{Route: "next", Method: "GET", Path: "/v1/endpoints/quiet-%d/next", Timeout: quick, Expect: gaveUp},
	{Route: "deliveries", Method: "GET", Path: "/v1/endpoints/ep-%d/deliveries", Timeout: quick, Expect: gaveUp},
	{Route: "await", Method: "GET", Path: "/v1/deliveries/dl-%d/await", Timeout: quick, Expect: gaveUp},
	{Route: "ingest", Ingest: true, Method: "POST", Path: "/ingest/billing-%d", Raw: "stalled-body", Expect: stalled},
	{Route: "tail", Ingest: true, Method: "GET", Path: "/tail?n=%d", Raw: "silent-tail", Expect: upgraded},
}

func callFor(route string) call {
	for _, c := range calls {
		if c.Route == route {
			return c
		}
	}
	panic("no call " + route)
}

// loader sends the load; it numbers requests per route so every request
// gets an endpoint of its own.
type loader struct {
	base, ingest string
	o            *capturekit.Outcomes
	mu           sync.Mutex
	next         map[string]int
	raw          []net.Conn // stalled uploads and silent tails, open until the service exits
}

func (l *loader) number(route string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.next == nil {
		l.next = map[string]int{}
	}
	l.next[route]++
	return l.next[route]
}

// send fires n[route] requests of every route at once and waits for all
// outcomes.
func (l *loader) send(n map[string]int) {
	var wg sync.WaitGroup
	for _, c := range calls {
		for i := 0; i < n[c.Route]; i++ {
			c, k := c, l.number(c.Route)
			wg.Add(1)
			go func() {
				defer wg.Done()
				path := c.Path
				if strings.Contains(path, "%d") {
					path = fmt.Sprintf(path, k)
				}
				l.o.Add(c.Route, path, l.do(c, path, k), c.Expect)
			}()
		}
	}
	wg.Wait()
}

func (l *loader) do(c call, path string, k int) string {
	base := l.base
	if c.Ingest {
		base = l.ingest
	}
	switch c.Raw {
	case "stalled-body":
		return l.stalledUpload(base, path)
	case "silent-tail":
		return l.silentTail(base, path)
	}
	var body io.Reader
	if c.Body != "" {
		b := c.Body
		if strings.Contains(b, "%d") {
			b = fmt.Sprintf(b, k)
		}
		body = strings.NewReader(b)
	}
	req, err := http.NewRequest(c.Method, base+path, body)
	if err != nil {
		return "error: " + err.Error()
	}
	if c.Body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := capturekit.OneShot(c.Timeout).Do(req)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return gaveUp
		}
		return "error: " + err.Error()
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return fmt.Sprint(resp.StatusCode)
}

func (l *loader) closeRaw() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range l.raw {
		c.Close()
	}
}

func (l *loader) dial(base string) (net.Conn, error) {
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err == nil {
		l.mu.Lock()
		l.raw = append(l.raw, c)
		l.mu.Unlock()
	}
	return c, err
}

// stalledUpload sends the headers and the first events of a 256 KiB
// batch, then nothing: a source that hung with its connection open. No
// answer may come.
func (l *loader) stalledUpload(base, path string) string {
	c, err := l.dial(base)
	if err != nil {
		return "error: " + err.Error()
	}
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: hookd\r\nContent-Type: application/x-ndjson\r\nContent-Length: 262144\r\n\r\n", path)
	fmt.Fprint(c, `{"type":"invoice.paid","id":"in_1"}`+"\n"+`{"type":"invoice.paid","id":"in_2"}`+"\n")
	c.SetReadDeadline(time.Now().Add(1500 * time.Millisecond))
	buf := make([]byte, 64)
	n, err := c.Read(buf)
	if err == nil || n > 0 {
		return fmt.Sprintf("answered %q", buf[:n])
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return stalled
	}
	return "error: " + err.Error()
}

// silentTail upgrades, asks for one source, reads the answer and then
// says nothing more, keeping the connection open (a dashboard tab left in
// the background).
func (l *loader) silentTail(base, path string) string {
	c, err := l.dial(base)
	if err != nil {
		return "error: " + err.Error()
	}
	c.SetReadDeadline(time.Now().Add(3 * time.Second))
	br, err := upgrade(c, path)
	if err != nil {
		return "error: " + err.Error()
	}
	fmt.Fprint(c, "billing\n")
	line, err := br.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "billing") {
		return fmt.Sprintf("no answer: %q %v", line, err)
	}
	return upgraded
}

func upgrade(c net.Conn, path string) (*bufio.Reader, error) {
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: hookd\r\nUpgrade: hookd-tail\r\nConnection: Upgrade\r\n\r\n", path)
	br := bufio.NewReader(c)
	status, err := br.ReadString('\n')
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(status, "HTTP/1.1 101") {
		return nil, fmt.Errorf("upgrade: %q", status)
	}
	for {
		h, err := br.ReadString('\n')
		if err != nil {
			return nil, err
		}
		if h == "\r\n" {
			return br, nil
		}
	}
}

// held are the healthy clients: connected before the load, gone before t3.
type held struct {
	quiet   sync.RWMutex // write-locked while a capture is taken: no client activity then
	bodies  []io.Closer  // event streams and long polls
	idle    []*http.Transport
	sampler net.Conn
	stop    chan struct{}
	done    sync.WaitGroup
	lines   int
	events  int
	mu      sync.Mutex
	errs    []string
}

const (
	holdStreams  = 2 // server-sent event streams (dashboards)
	holdPolls    = 2 // long polls on a quiet endpoint
	holdIdle     = 2 // idle keep-alive connections
	sampleEvery  = 300 * time.Millisecond
	pollDuration = "10m"
)

func (h *held) fail(format string, args ...interface{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.errs = append(h.errs, fmt.Sprintf(format, args...))
}

func hold(base string) (*held, error) {
	h := &held{stop: make(chan struct{})}
	ready := make(chan error)
	for i := 0; i < holdStreams; i++ {
		go func() {
			resp, err := capturekit.OneShot(0).Get(base + "/v1/stream")
			if err == nil && resp.StatusCode != http.StatusOK {
				err = fmt.Errorf("stream: %s", resp.Status)
			}
			if err != nil {
				ready <- err
				return
			}
			h.mu.Lock()
			h.bodies = append(h.bodies, resp.Body)
			h.mu.Unlock()
			ready <- nil
			n, _ := io.Copy(io.Discard, resp.Body)
			h.mu.Lock()
			h.events += int(n)
			h.mu.Unlock()
		}()
	}
	for i := 0; i < holdStreams; i++ {
		if err := <-ready; err != nil {
			return nil, fmt.Errorf("event stream: %w", err)
		}
	}
	// Long polls: the request is sent on a raw connection whose answer is
	// never awaited (an answer would end the poll: none may come).
	for i := 0; i < holdPolls; i++ {
		c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(c, "GET /v1/endpoints/quiet-dashboard/poll?wait=%s HTTP/1.1\r\nHost: hookd\r\n\r\n", pollDuration)
		h.bodies = append(h.bodies, c)
	}
	for i := 0; i < holdIdle; i++ {
		tr := &http.Transport{}
		resp, err := (&http.Client{Transport: tr, Timeout: 2 * time.Second}).Get(base + "/healthz")
		if err != nil {
			return nil, fmt.Errorf("keep-alive connection: %w", err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		h.idle = append(h.idle, tr)
	}
	// The sampler uploads payload samples, one line every 300 ms, on a
	// server with ReadTimeout: slow, steady, alive.
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		return nil, err
	}
	h.sampler = c
	fmt.Fprintf(c, "POST /v1/endpoints/sampler/payloads HTTP/1.1\r\nHost: hookd\r\nContent-Type: application/x-ndjson\r\nContent-Length: 10000000\r\n\r\n")
	h.done.Add(1)
	go func() {
		defer h.done.Done()
		t := time.NewTicker(sampleEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				h.quiet.RLock()
				_, err := fmt.Fprintf(c, "{\"sample\":%d}\n", h.lines)
				h.lines++
				h.quiet.RUnlock()
				if err != nil {
					h.fail("sampler: %v", err)
					return
				}
			case <-h.stop:
				return
			}
		}
	}()
	return h, nil
}

// release makes every healthy client leave.
func (h *held) release() {
	close(h.stop)
	h.done.Wait()
	h.sampler.Close()
	for _, b := range h.bodies {
		b.Close()
	}
	for _, tr := range h.idle {
		tr.CloseIdleConnections()
	}
}
