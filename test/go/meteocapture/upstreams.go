package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"
)

// upstreams are the service's dependencies, run by the driver so that the
// service's dumps hold only its own goroutines.
type upstreams struct {
	forecast, geocoder, webhook, radar string // addresses
	closers                            []io.Closer
	mu                                 sync.Mutex
	conns                              []net.Conn
}

// startUpstreams starts: a model API and a webhook endpoint that read
// requests and never answer; a geocoder that answers after 60 s (slow but
// live); a radar server whose accept backlog is full, so connects hang.
func startUpstreams() (*upstreams, error) {
	u := &upstreams{}
	var err error
	if u.forecast, err = u.stalled(); err != nil {
		return nil, err
	}
	if u.webhook, err = u.stalled(); err != nil {
		return nil, err
	}
	geo, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(60 * time.Second):
			fmt.Fprintln(w, "Lac Léman")
		case <-r.Context().Done():
		}
	})}
	go srv.Serve(geo)
	u.geocoder = geo.Addr().String()
	u.closers = append(u.closers, srv)
	if u.radar, err = u.fullBacklog(); err != nil {
		return nil, err
	}
	return u, nil
}

func (u *upstreams) keep(c net.Conn) {
	u.mu.Lock()
	u.conns = append(u.conns, c)
	u.mu.Unlock()
}

// stalled accepts connections and reads whatever comes, never answering.
func (u *upstreams) stalled() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	u.closers = append(u.closers, ln)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			u.keep(c)
			go io.Copy(io.Discard, c)
		}
	}()
	return ln.Addr().String(), nil
}

// fullBacklog listens with a backlog of 0, never accepts, and fills the
// accept queue with one connection: further SYNs are dropped and a connect
// without deadline waits for the kernel's retries (about 2 minutes).
func (u *upstreams) fullBacklog() (string, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return "", err
	}
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		return "", err
	}
	if err := syscall.Listen(fd, 0); err != nil {
		return "", err
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		return "", err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", sa.(*syscall.SockaddrInet4).Port)
	u.closers = append(u.closers, fdCloser(fd))
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return "", fmt.Errorf("filling the radar backlog: %w", err)
	}
	u.keep(c)
	probe, err := net.DialTimeout("tcp", addr, 300*time.Millisecond)
	if err == nil {
		probe.Close()
		return "", fmt.Errorf("radar backlog is not full: a second connect succeeded")
	}
	return addr, nil
}

type fdCloser int

func (f fdCloser) Close() error { return syscall.Close(int(f)) }

func (u *upstreams) close() {
	for _, c := range u.closers {
		c.Close()
	}
	u.mu.Lock()
	for _, c := range u.conns {
		c.Close()
	}
	u.mu.Unlock()
}
