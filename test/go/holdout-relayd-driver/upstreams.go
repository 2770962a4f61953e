package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The service's dependencies run in this process, so the service's dump
// holds only its own goroutines, as in production.

// dbServer is the relay database: it answers pings, execs and queries at
// once, except a full-history export of a room ("FROM messages WHERE
// room"), which waits on a table lock that is never released (a stuck
// maintenance job), so the client's connection stays busy.
type dbServer struct {
	*tcpServer
	stalled int // guarded by tcpServer.mu
}

func startDB() (*dbServer, error) {
	s := &dbServer{}
	var err error
	s.tcpServer, err = listenTCP(func(c net.Conn) { go s.serve(c) })
	return s, err
}

func (s *dbServer) dsn() string { return "tcp://" + s.ln.Addr().String() }

func (s *dbServer) stalledExports() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stalled
}

func (s *dbServer) serve(c net.Conn) {
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		fields := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
		query := ""
		if len(fields) > 1 {
			query, _ = strconv.Unquote(fields[1])
		}
		var reply string
		switch {
		case fields[0] == "P":
			reply = "OK 0\n"
		case fields[0] == "X":
			reply = "OK " + strconv.Itoa(strings.Count(query, "(?")+1) + "\n"
		case fields[0] == "Q" && strings.Contains(query, "FROM messages WHERE room"):
			s.mu.Lock()
			s.stalled++
			s.mu.Unlock()
			select {} // the lock is never released
		case fields[0] == "Q":
			reply = "ROWS 1\n\"n\"\nEND\n"
		default:
			reply = "ERR unknown verb\n"
		}
		if _, err := io.WriteString(c, reply); err != nil {
			return
		}
	}
}

// tcpServer accepts connections on a local port and keeps every one of
// them (open, and reachable: an unreachable net.Conn is closed by its
// finalizer) until the process exits.
type tcpServer struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

// listenTCP starts accepting; serve (if not nil) is called with each
// connection in the accept loop.
func listenTCP(serve func(net.Conn)) (*tcpServer, error) {
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
			if serve != nil {
				serve(c)
			}
		}
	}()
	return s, nil
}

// startHold is the link preview service, hung: it accepts connections
// and never answers.
func startHold() (*tcpServer, error) { return listenTCP(nil) }

func (s *tcpServer) held() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// startTranslator is the translation service: slow (delay per request)
// but alive.
func startTranslator(delay time.Duration) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/translate", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"text":"übersetzt"}`)
	})
	go http.Serve(ln, mux)
	return "http://" + ln.Addr().String(), nil
}
