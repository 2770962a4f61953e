package main

import (
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// The service's dependencies run in this process, so the service's dump
// holds only its own goroutines, as in production.

// tcpServer accepts connections on a local port and keeps every one of
// them (open, and reachable: an unreachable net.Conn is closed by its
// finalizer) until the process exits, never answering: a hung key
// management service, a hung audit sink.
type tcpServer struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func startHung() (*tcpServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &tcpServer{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
		}
	}()
	return s, nil
}

func (s *tcpServer) url() string { return "http://" + s.ln.Addr().String() }

func (s *tcpServer) held() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// startRelay is the verification relay: slow (delay per challenge) but
// alive.
func startRelay(delay time.Duration) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/challenge", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		io.WriteString(w, "challenge-accepted")
	})
	go http.Serve(ln, mux)
	return "http://" + ln.Addr().String(), nil
}
