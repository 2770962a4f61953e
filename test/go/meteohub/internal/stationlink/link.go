// Package stationlink serves the stations' own line protocol ("meteolink")
// on connections upgraded from HTTP: after the 101 a station sends one
// frame per line ("T 12.5", "P 1013", "HB" for heartbeats).
package stationlink

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"meteo.example.net/hub/internal/web"
)

// Server accepts station links and counts the frames they send.
type Server struct {
	// IdleTimeout bounds the wait for the next frame of a v2 link (v2
	// stations send a heartbeat at least every few seconds).
	IdleTimeout time.Duration

	mu       sync.Mutex
	sessions map[*session]bool
	frames   map[string]int
}

type session struct {
	station string
	conn    net.Conn
	rd      *bufio.Reader
}

// NewServer returns a server without sessions.
func NewServer(idle time.Duration) *Server {
	return &Server{IdleTimeout: idle, sessions: map[*session]bool{}, frames: map[string]int{}}
}

func (l *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.EqualFold(r.Header.Get("Upgrade"), "meteolink") {
		w.Header().Set("Upgrade", "meteolink")
		web.Fail(w, http.StatusUpgradeRequired, "meteolink upgrade required")
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		web.Fail(w, http.StatusInternalServerError, "connection cannot be upgraded")
		return
	}
	conn, brw, err := hj.Hijack()
	if err != nil {
		return
	}
	brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: meteolink\r\nConnection: Upgrade\r\n\r\n")
	if err := brw.Flush(); err != nil {
		conn.Close()
		return
	}
	s := &session{station: web.Param(r, "id"), conn: conn, rd: brw.Reader}
	l.mu.Lock()
	l.sessions[s] = true
	l.mu.Unlock()
	if r.Header.Get("Meteolink-Version") == "2" {
		go l.readFramesV2(s)
	} else {
		go l.readFramesV1(s)
	}
}

func (l *Server) end(s *session) {
	s.conn.Close()
	l.mu.Lock()
	delete(l.sessions, s)
	l.mu.Unlock()
}

func (l *Server) frame(s *session, line string) {
	if strings.TrimSpace(line) == "HB" {
		return
	}
	l.mu.Lock()
	l.frames[s.station]++
	l.mu.Unlock()
}

// readFramesV1 serves first-generation stations, which send no heartbeat.
func (l *Server) readFramesV1(s *session) {
	defer l.end(s)
	for {
		line, err := s.rd.ReadString('\n')
		if err != nil {
			return
		}
		l.frame(s, line)
	}
}

// readFramesV2 serves stations that send a heartbeat between frames.
func (l *Server) readFramesV2(s *session) {
	defer l.end(s)
	for {
		if err := s.conn.SetReadDeadline(time.Now().Add(l.IdleTimeout)); err != nil {
			return
		}
		line, err := s.rd.ReadString('\n')
		if err != nil {
			return
		}
		l.frame(s, line)
	}
}
