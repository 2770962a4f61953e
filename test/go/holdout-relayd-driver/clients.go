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
// "upgraded" (a socket that echoed one line and was closed by the client).
type call struct {
	Route   string        `json:"route"`
	Method  string        `json:"method"`
	Path    string        `json:"path"` // %d: the request's number on this route
	Body    string        `json:"body,omitempty"`
	Timeout time.Duration `json:"timeout_ns"`
	Expect  string        `json:"expect"`
	Raw     string        `json:"raw,omitempty"` // "stalled-body" or "socket-abandon"
}

const (
	gaveUp   = "gave up"
	stalled  = "stalled"
	upgraded = "upgraded"
)

// calls is the load: the routes that leak, each as a client would call it.
var calls = []call{
	{Route: "export", Method: "GET", Path: "/v1/rooms/archive-%d/export", Timeout: 500 * time.Millisecond, Expect: gaveUp},
	{Route: "topic", Method: "PUT", Path: "/v1/rooms/topic-%d/topic", Body: `{"by":"ada","topic":"release train 42"}`, Timeout: 500 * time.Millisecond, Expect: gaveUp},
	{Route: "unfurl", Method: "GET", Path: "/v1/unfurl?url=https%%3A%%2F%%2Fblog.example.org%%2Fpost%%2F%d", Timeout: 500 * time.Millisecond, Expect: gaveUp},
	{Route: "attachments", Method: "POST", Path: "/v1/rooms/files-%d/attachments?from=brian", Body: "meeting notes\n- ship the relay\n- fix the pager rota\n", Timeout: 2 * time.Second, Expect: "415"},
	{Route: "presence", Method: "GET", Path: "/v1/users/user-%d/presence", Timeout: 2 * time.Second, Expect: "200"},
	{Route: "invite", Method: "POST", Path: "/v1/rooms/team-%d/invite", Body: `{"by":"ada","users":["brian","zed","chen"]}`, Timeout: 500 * time.Millisecond, Expect: gaveUp},
	{Route: "typing", Method: "POST", Path: "/v1/rooms/design-%d/typing?user=typist-%[1]d", Timeout: 2 * time.Second, Expect: "204"},
	{Route: "digest", Method: "GET", Path: "/v1/rooms/digest-%d/digest", Timeout: 5 * time.Second, Expect: "503"},
	{Route: "import", Method: "POST", Path: "/v1/rooms/imports-%d/import", Raw: "stalled-body", Expect: stalled},
	{Route: "socket", Method: "GET", Path: "/v1/rooms/quiet-%d/socket?user=mobile-%[1]d", Raw: "socket-abandon", Expect: upgraded},
	{Route: "report", Method: "POST", Path: "/v1/rooms/general-%d/report", Body: `{"seq":1,"by":"dana","reason":"spam"}`, Timeout: 500 * time.Millisecond, Expect: gaveUp},
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
// of a route that takes a room gets a room of its own.
type loader struct {
	base string
	o    *capturekit.Outcomes
	mu   sync.Mutex
	next map[string]int
	raw  []net.Conn // stalled uploads, open until the service exits
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
				path := fmt.Sprintf(c.Path, k)
				l.o.Add(c.Route, path, l.do(c, path), c.Expect)
			}()
		}
	}
	wg.Wait()
}

func (l *loader) do(c call, path string) string {
	switch c.Raw {
	case "stalled-body":
		return l.stalledUpload(path)
	case "socket-abandon":
		return l.abandonSocket(path)
	}
	var body io.Reader
	if c.Body != "" {
		body = strings.NewReader(c.Body)
	}
	req, err := http.NewRequest(c.Method, l.base+path, body)
	if err != nil {
		return "error: " + err.Error()
	}
	if c.Body != "" && strings.HasPrefix(c.Body, "{") {
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

func (l *loader) dial() (net.Conn, error) {
	return net.Dial("tcp", strings.TrimPrefix(l.base, "http://"))
}

// stalledUpload sends the headers and two lines of a 64 KiB NDJSON body,
// then nothing: an uploader that hung (or a proxy that lost it) with the
// connection still open. No answer may come.
func (l *loader) stalledUpload(path string) string {
	c, err := l.dial()
	if err != nil {
		return "error: " + err.Error()
	}
	l.mu.Lock()
	l.raw = append(l.raw, c)
	l.mu.Unlock()
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: relayd\r\nContent-Type: application/x-ndjson\r\nContent-Length: 65536\r\n\r\n", path)
	fmt.Fprint(c, `{"from":"ada","text":"hello from the old relay"}`+"\n"+`{"from":"brian","text":"hi"}`+"\n")
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

// abandonSocket upgrades, says one line, reads its echo and closes: a
// mobile client going away.
func (l *loader) abandonSocket(path string) string {
	c, err := l.dial()
	if err != nil {
		return "error: " + err.Error()
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(3 * time.Second))
	br, err := upgrade(c, path)
	if err != nil {
		return "error: " + err.Error()
	}
	fmt.Fprint(c, "say back in a minute\n")
	line, err := br.ReadString('\n')
	if err != nil || !strings.Contains(line, "back in a minute") {
		return fmt.Sprintf("no echo: %q %v", line, err)
	}
	return upgraded
}

func upgrade(c net.Conn, path string) (*bufio.Reader, error) {
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: relayd\r\nUpgrade: relay-lines\r\nConnection: Upgrade\r\n\r\n", path)
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
	sock    net.Conn
	botTr   *http.Transport
	stop    chan struct{}
	tickers sync.WaitGroup // the bot and the socket's pings
	reader  sync.WaitGroup // the socket's reader
	posted  int
	pings   int
	streams int
	mu      sync.Mutex
	errs    []string
}

const (
	holdEvents = 3 // server-sent event streams on the lobby
	holdPolls  = 2 // long polls on a quiet room
	holdIdle   = 2 // idle keep-alive connections
	botEvery   = 400 * time.Millisecond
	pingEvery  = 5 * time.Second
)

func (h *held) fail(format string, args ...interface{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.errs = append(h.errs, fmt.Sprintf(format, args...))
}

func hold(base string) (*held, error) {
	h := &held{stop: make(chan struct{})}
	bot := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{}}
	h.botTr = bot.Transport.(*http.Transport)
	post := func() error {
		resp, err := bot.Post(base+"/v1/rooms/lobby/messages", "application/json",
			strings.NewReader(`{"from":"standup-bot","text":"daily standup in 5 minutes"}`))
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			return fmt.Errorf("post: %s", resp.Status)
		}
		return nil
	}
	if err := post(); err != nil { // the lobby has a message to translate
		return nil, err
	}
	ready := make(chan error)
	stream := func(path string, sse bool) {
		resp, err := capturekit.OneShot(0).Get(base + path)
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("%s: %s", path, resp.Status)
		}
		if err == nil && !sse {
			// A long poll's answer would end it: the headers must not come.
			err = fmt.Errorf("%s answered %s", path, resp.Status)
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
		h.streams += int(n)
		h.mu.Unlock()
	}
	for i := 0; i < holdEvents; i++ {
		go stream("/v1/rooms/lobby/events", true)
	}
	for i := 0; i < holdEvents; i++ {
		if err := <-ready; err != nil {
			return nil, fmt.Errorf("event stream: %w", err)
		}
	}
	// Long polls: the request is sent on a raw connection whose answer is
	// never awaited (the client's read is the stream it keeps open).
	for i := 0; i < holdPolls; i++ {
		c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(c, "GET /v1/rooms/announcements/poll?since=0 HTTP/1.1\r\nHost: relayd\r\n\r\n")
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
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		return nil, err
	}
	br, err := upgrade(c, "/v1/rooms/lobby/socket?user=lobby-display")
	if err != nil {
		return nil, fmt.Errorf("lobby socket: %w", err)
	}
	h.sock = c
	h.reader.Add(1)
	h.tickers.Add(2)
	go func() { // the socket's reader: room messages and pongs
		defer h.reader.Done()
		for {
			if _, err := br.ReadString('\n'); err != nil {
				return
			}
		}
	}()
	go func() { // the socket's keep-alive
		defer h.tickers.Done()
		t := time.NewTicker(pingEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				h.quiet.RLock()
				_, err := fmt.Fprint(c, "ping\n")
				h.pings++
				h.quiet.RUnlock()
				if err != nil {
					h.fail("lobby socket ping: %v", err)
					return
				}
			case <-h.stop:
				return
			}
		}
	}()
	go func() { // the stand-up bot
		defer h.tickers.Done()
		t := time.NewTicker(botEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				h.quiet.RLock()
				err := post()
				h.posted++
				h.quiet.RUnlock()
				if err != nil {
					h.fail("bot: %v", err)
					return
				}
			case <-h.stop:
				return
			}
		}
	}()
	return h, nil
}

// release makes every healthy client leave: the bot and the pings stop
// first (a message after the lobby socket closed would end its pump).
func (h *held) release() {
	close(h.stop)
	h.tickers.Wait()
	h.botTr.CloseIdleConnections()
	h.sock.Close()
	h.reader.Wait()
	for _, b := range h.bodies {
		b.Close()
	}
	for _, tr := range h.idle {
		tr.CloseIdleConnections()
	}
}
