package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"example.com/capturekit"
)

// selfSigned writes a fresh self-signed certificate for 127.0.0.1 and its
// key into dir, and returns a pool that trusts it.
func selfSigned(dir string) (certFile, keyFile string, roots *x509.CertPool, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", "", nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "flagd test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return "", "", nil, err
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return "", "", nil, err
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		return "", "", nil, err
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		return "", "", nil, err
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return "", "", nil, err
	}
	roots = x509.NewCertPool()
	roots.AddCert(c)
	return certFile, keyFile, roots, nil
}

// h2 is an HTTP/2-over-TLS transport of its own (its own connection).
func h2(roots *x509.CertPool) *http.Transport {
	return &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}, ForceAttemptHTTP2: true}
}

// hung is the targeting rules service: it accepts connections, reads the
// request and never answers; it counts the connections it holds.
type hung struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func startHung() (*hung, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	h := &hung{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			h.mu.Lock()
			h.conns = append(h.conns, c)
			h.mu.Unlock()
			go io.Copy(io.Discard, c)
		}
	}()
	return h, nil
}

func (h *hung) url() string { return "http://" + h.ln.Addr().String() }

func (h *hung) held() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.conns)
}

// call is one kind of leaking request, with the outcome it must see: a
// status, "gave up" (the client timed out and reset its HTTP/2 stream) or
// "stalled" (the client sent part of a streamed body and went silent with
// its stream open: no answer may come).
type call struct {
	Route   string        `json:"route"`
	Method  string        `json:"method"`
	Path    string        `json:"path"` // %d: the request's number on this route
	Timeout time.Duration `json:"timeout_ns"`
	Expect  string        `json:"expect"`
}

const (
	gaveUp  = "gave up"
	stalled = "stalled"
	quick   = 500 * time.Millisecond
)

var calls = []call{
	{Route: "rollout", Method: "PUT", Path: "/v1/rollout?flag=checkout-v2&pct=1%d0", Timeout: 2 * time.Second, Expect: "400"},
	{Route: "rollouts", Method: "GET", Path: "/v1/rollouts?n=%d", Timeout: quick, Expect: gaveUp},
	{Route: "explain", Method: "GET", Path: "/v1/explain?id=ev-%d", Timeout: quick, Expect: gaveUp},
	{Route: "watch", Method: "GET", Path: "/v1/watch?flag=quiet-%d", Timeout: quick, Expect: gaveUp},
	{Route: "bulk", Method: "POST", Path: "/v1/bulk?names=bad%%20name-%d,new-search,beta-banner", Timeout: 2 * time.Second, Expect: "422"},
	{Route: "subscribe", Method: "POST", Path: "/v1/subscribe?flag=pricing-%d", Timeout: 2 * time.Second, Expect: "202"},
	{Route: "audit", Method: "POST", Path: "/v1/audit?entry=login-%d", Timeout: 2 * time.Second, Expect: "200"},
	{Route: "sync", Method: "POST", Path: "/v1/sync?flag=checkout-%d", Timeout: quick, Expect: gaveUp},
	{Route: "import", Method: "POST", Path: "/v1/import?n=%d", Expect: stalled},
}

// loader sends the leaking load over one HTTP/2 connection (leak), the
// stalled imports over another (stall), checking that both are HTTP/2.
type loader struct {
	base        string
	leak, stall *http.Transport
	o           *capturekit.Outcomes
	n           map[string]int
	mu          sync.Mutex
	pipes       []*io.PipeWriter
}

func (l *loader) do(c call, path string) string {
	req, err := http.NewRequest(c.Method, l.base+path, nil)
	if err != nil {
		return err.Error()
	}
	resp, err := (&http.Client{Transport: l.leak, Timeout: c.Timeout}).Do(req)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return gaveUp
		}
		return err.Error()
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.ProtoMajor != 2 {
		return "not HTTP/2: " + resp.Proto
	}
	return fmt.Sprint(resp.StatusCode)
}

// startImport streams a flag set's first lines and then goes silent: the
// stream stays open until the driver exits.
func (l *loader) startImport(path string) error {
	pr, pw := io.Pipe()
	req, err := http.NewRequest("POST", l.base+path, pr)
	if err != nil {
		return err
	}
	l.mu.Lock()
	l.pipes = append(l.pipes, pw)
	l.mu.Unlock()
	answered := make(chan string, 1)
	go func() {
		resp, err := l.stall.RoundTrip(req)
		if err != nil {
			answered <- err.Error()
			return
		}
		resp.Body.Close()
		answered <- resp.Status
	}()
	if _, err := pw.Write([]byte("search-v3 on\nbeta-banner off\n")); err != nil {
		return err
	}
	select {
	case got := <-answered:
		l.o.Add("import", path, got, stalled)
	case <-time.After(300 * time.Millisecond):
		l.o.Add("import", path, stalled, stalled)
	}
	return nil
}

// send sends n requests of each route; routes in order, the requests of a
// route at once; it returns when every non-stalled request has its outcome.
func (l *loader) send(load map[string]int) {
	if l.n == nil {
		l.n = map[string]int{}
	}
	for _, c := range calls {
		var wg sync.WaitGroup
		for i := 0; i < load[c.Route]; i++ {
			l.n[c.Route]++
			path := fmt.Sprintf(c.Path, l.n[c.Route])
			if c.Expect == stalled {
				if err := l.startImport(path); err != nil {
					l.o.Add(c.Route, path, err.Error(), c.Expect)
				}
				continue
			}
			wg.Add(1)
			go func(c call) {
				defer wg.Done()
				l.o.Add(c.Route, path, l.do(c, path), c.Expect)
			}(c)
		}
		wg.Wait()
	}
}

// held are the healthy clients: event streams and long polls over one
// HTTP/2 connection.
type held struct {
	t      *http.Transport
	cancel context.CancelFunc
	errs   []string
	mu     sync.Mutex
	wg     sync.WaitGroup
}

func hold(base string, roots *x509.CertPool) (*held, error) {
	h := &held{t: h2(roots)}
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	c := &http.Client{Transport: h.t}
	for i := 0; i < holdStreams; i++ {
		req, _ := http.NewRequestWithContext(ctx, "GET", base+"/v1/stream?flag=checkout-v2", nil)
		resp, err := c.Do(req)
		if err != nil {
			cancel()
			return nil, err
		}
		if resp.ProtoMajor != 2 {
			cancel()
			return nil, fmt.Errorf("stream: %s, want HTTP/2", resp.Proto)
		}
		first := make([]byte, 64)
		n, err := resp.Body.Read(first)
		if err != nil || !strings.HasPrefix(string(first[:n]), "data: ") {
			cancel()
			return nil, fmt.Errorf("stream: first event %q, %v", first[:n], err)
		}
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}()
	}
	for i := 0; i < holdPolls; i++ {
		req, _ := http.NewRequestWithContext(ctx, "GET", base+"/v1/poll?flag=dark-mode", nil)
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			resp, err := c.Do(req)
			if err == nil {
				resp.Body.Close()
				h.mu.Lock()
				h.errs = append(h.errs, "long poll answered "+resp.Status+" while held")
				h.mu.Unlock()
			}
		}()
	}
	return h, nil
}

// release disconnects the healthy clients: streams reset, the connection
// closed.
func (h *held) release() {
	h.cancel()
	h.wg.Wait()
	h.t.CloseIdleConnections()
}
