package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// oneShot clients never reuse a connection: each request is its own
// connection, closed when the client gives up or the response is read.
func oneShot(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
}

// outcomes counts "route -> outcome" and collects the unexpected ones.
type outcomes struct {
	mu  sync.Mutex
	m   map[string]map[string]int
	bad []string
}

func (o *outcomes) add(c call, got string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.m == nil {
		o.m = map[string]map[string]int{}
	}
	if o.m[c.Route] == nil {
		o.m[c.Route] = map[string]int{}
	}
	o.m[c.Route][got]++
	if got != c.Expect {
		o.bad = append(o.bad, fmt.Sprintf("%s %s: got %q, want %q", c.Method, c.Path, got, c.Expect))
	}
}

func (o *outcomes) summary() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var lines []string
	for r, m := range o.m {
		lines = append(lines, fmt.Sprintf("%s=%v", r, m))
	}
	sort.Strings(lines)
	return strings.Join(lines, " ")
}

// driver sends requests to the service and keeps what must stay open.
type driver struct {
	base, admin string
	o           outcomes
	mu          sync.Mutex
	stalled     []net.Conn // stalled uploads and silent v1 links: open until the end
}

func (d *driver) keep(c net.Conn) {
	d.mu.Lock()
	d.stalled = append(d.stalled, c)
	d.mu.Unlock()
}

func (d *driver) closeStalled() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, c := range d.stalled {
		c.Close()
	}
}

// send fires n[route] requests of every route at once and waits for all
// outcomes.
func (d *driver) send(n map[string]int) {
	var wg sync.WaitGroup
	for route, k := range n {
		c, ok := calls[route]
		if !ok {
			panic("no call " + route)
		}
		for i := 0; i < k; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d.o.add(c, d.do(c))
			}()
		}
	}
	wg.Wait()
}

func (d *driver) do(c call) string {
	switch c.Route {
	case "firmware":
		return d.stallUpload(c)
	case "link1":
		return d.silentLink(c)
	}
	base := d.base
	if c.Admin {
		base = d.admin
	}
	var body io.Reader
	if c.Body != "" {
		body = strings.NewReader(c.Body)
	}
	req, err := http.NewRequest(c.Method, base+c.Path, body)
	if err != nil {
		return "error: " + err.Error()
	}
	resp, err := oneShot(c.Timeout).Do(req)
	if err != nil {
		if isTimeout(err) {
			return "gave up"
		}
		return "error: " + err.Error()
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		if isTimeout(err) {
			return fmt.Sprintf("%d then gave up", resp.StatusCode)
		}
		return fmt.Sprintf("%d then error: %v", resp.StatusCode, err)
	}
	return fmt.Sprint(resp.StatusCode)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func (d *driver) dial() (net.Conn, error) {
	u, err := url.Parse(d.base)
	if err != nil {
		return nil, err
	}
	return net.DialTimeout("tcp", u.Host, 2*time.Second)
}

// stallUpload sends the headers of a 1 MiB upload and 4 KiB of it, then
// stops sending with the connection open (a station that lost its uplink).
func (d *driver) stallUpload(c call) string {
	conn, err := d.dial()
	if err != nil {
		return "error: " + err.Error()
	}
	d.keep(conn)
	fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: meteohub\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n", c.Method, c.Path, 1<<20)
	conn.Write(make([]byte, 4096))
	conn.SetReadDeadline(time.Now().Add(c.Timeout))
	if _, err := conn.Read(make([]byte, 1)); err != nil && isTimeout(err) {
		return "stalled"
	} else if err != nil {
		return "error: " + err.Error()
	}
	return "answered"
}

// upgrade opens a meteolink connection and reads the 101.
func (d *driver) upgrade(path, version string) (net.Conn, string, error) {
	conn, err := d.dial()
	if err != nil {
		return nil, "", err
	}
	v := ""
	if version != "" {
		v = "Meteolink-Version: " + version + "\r\n"
	}
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: meteohub\r\nConnection: Upgrade\r\nUpgrade: meteolink\r\n%s\r\n", path, v)
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	br := bufio.NewReader(conn)
	status, err := br.ReadString('\n')
	if err != nil {
		conn.Close()
		return nil, "", err
	}
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			conn.Close()
			return nil, "", err
		}
		if line == "\r\n" {
			break
		}
	}
	conn.SetReadDeadline(time.Time{})
	f := strings.Fields(status)
	if len(f) < 2 {
		conn.Close()
		return nil, "", fmt.Errorf("bad status line %q", status)
	}
	return conn, f[1], nil
}

// silentLink upgrades like a v1 station, then sends nothing.
func (d *driver) silentLink(c call) string {
	conn, status, err := d.upgrade(c.Path, "")
	if err != nil {
		return "error: " + err.Error()
	}
	d.keep(conn)
	return status
}

// holds are the healthy clients kept connected from before t0 to the
// release.
type holds struct {
	cancel []context.CancelFunc
	conns  []net.Conn
	idle   []*http.Transport
	wg     sync.WaitGroup
}

func (d *driver) hold() (*holds, error) {
	h := &holds{}
	errs := make(chan error, 16)
	ctxFor := func() context.Context {
		ctx, cancel := context.WithCancel(context.Background())
		h.cancel = append(h.cancel, cancel)
		return ctx
	}
	get := func(ctx context.Context, path string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, "GET", d.base+path, nil)
		if err != nil {
			return nil, err
		}
		return oneShot(0).Do(req)
	}
	// Long polls with no answer before the release: in flight until cancelled.
	pending := func(path string, n int) {
		for i := 0; i < n; i++ {
			ctx := ctxFor()
			h.wg.Add(1)
			go func() {
				defer h.wg.Done()
				resp, err := get(ctx, path)
				if err == nil {
					resp.Body.Close()
					errs <- fmt.Errorf("%s answered %s before the release", path, resp.Status)
				}
			}()
			time.Sleep(50 * time.Millisecond)
		}
	}
	pending("/v2/stations/st-007/next-window", holdWindow)
	pending("/v2/stations/st-014/geocode", holdGeocode)
	// Streams: read until the release.
	stream := func(path string, slow bool) error {
		ctx := ctxFor()
		resp, err := get(ctx, path)
		if err != nil {
			return err
		}
		if resp.StatusCode != 200 {
			resp.Body.Close()
			return fmt.Errorf("%s: %s", path, resp.Status)
		}
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			defer resp.Body.Close()
			if !slow {
				io.Copy(io.Discard, resp.Body)
				return
			}
			buf := make([]byte, 32<<10)
			for {
				if _, err := io.ReadFull(resp.Body, buf); err != nil {
					return
				}
				select {
				case <-time.After(100 * time.Millisecond):
				case <-ctx.Done():
					return
				}
			}
		}()
		return nil
	}
	for i := 0; i < holdEvents; i++ {
		if err := stream("/v2/dashboards/ops/events", false); err != nil {
			return nil, err
		}
	}
	for i := 0; i < holdArchive; i++ {
		if err := stream("/v2/stations/st-015/archive.ndjson", true); err != nil {
			return nil, err
		}
	}
	// v2 station links with heartbeats.
	for i := 0; i < holdLinkV2; i++ {
		conn, status, err := d.upgrade(fmt.Sprintf("/v2/stations/st-%03d/link", 20+i), "2")
		if err != nil {
			return nil, fmt.Errorf("v2 link: %w", err)
		}
		if status != "101" {
			conn.Close()
			return nil, fmt.Errorf("v2 link: status %s", status)
		}
		h.conns = append(h.conns, conn)
		ctx := ctxFor()
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			t := time.NewTicker(500 * time.Millisecond)
			defer t.Stop()
			for n := 0; ; n++ {
				select {
				case <-t.C:
					frame := "HB\n"
					if n%4 == 3 {
						frame = "T 12.5\n"
					}
					if _, err := io.WriteString(conn, frame); err != nil {
						return
					}
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	// Idle keep-alive connections.
	for i := 0; i < holdIdle; i++ {
		tr := &http.Transport{}
		resp, err := (&http.Client{Transport: tr, Timeout: 2 * time.Second}).Get(d.base + "/healthz")
		if err != nil {
			return nil, fmt.Errorf("keep-alive connection: %w", err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		h.idle = append(h.idle, tr)
	}
	select {
	case err := <-errs:
		return nil, err
	case <-time.After(300 * time.Millisecond):
	}
	return h, nil
}

// release disconnects every held client and waits for their goroutines.
// Requests are cancelled newest first, one at a time: a geocoding request
// queued for the transport's single connection must be gone before the
// in-flight one is cancelled, or the transport dials a new connection for
// it, which then stays in the idle pool.
func (h *holds) release() {
	for i := len(h.cancel) - 1; i >= 0; i-- {
		h.cancel[i]()
		time.Sleep(50 * time.Millisecond)
	}
	for _, c := range h.conns {
		c.Close()
	}
	for _, tr := range h.idle {
		tr.CloseIdleConnections()
	}
	h.wg.Wait()
}

// loaders post readings over keep-alive connections until stopped: the
// traffic the t1 capture is taken under.
type loaders struct {
	stop chan struct{}
	wg   sync.WaitGroup
	tr   []*http.Transport
	mu   sync.Mutex
	n    map[string]int
}

func (d *driver) startLoaders() *loaders {
	l := &loaders{stop: make(chan struct{}), n: map[string]int{}}
	for i := 0; i < ingestConns; i++ {
		tr := &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1}
		l.tr = append(l.tr, tr)
		client := &http.Client{Transport: tr, Timeout: 2 * time.Second}
		station := fmt.Sprintf("st-%03d", 2+2*i)
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for k := 0; ; k++ {
				select {
				case <-l.stop:
					return
				case <-time.After(50 * time.Millisecond):
				}
				var b strings.Builder
				for j := 0; j < 5; j++ {
					fmt.Fprintf(&b, "%d %.1f\n", time.Now().Unix()-int64(j*60), 10+float64((k+j)%9))
				}
				got := "error"
				resp, err := client.Post(d.base+"/v2/stations/"+station+"/readings", "text/plain", strings.NewReader(b.String()))
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					got = fmt.Sprint(resp.StatusCode)
				}
				l.mu.Lock()
				l.n[got]++
				l.mu.Unlock()
			}
		}()
	}
	return l
}

func (l *loaders) halt() map[string]int {
	close(l.stop)
	l.wg.Wait()
	for _, tr := range l.tr {
		tr.CloseIdleConnections()
	}
	return l.n
}
