package web

import (
	"bufio"
	"errors"
	"log"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// RequestID sets X-Request-Id on the response (the caller's, or a new one).
func RequestID() Middleware {
	var n atomic.Int64
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id := r.Header.Get("X-Request-Id")
			if id == "" {
				id = "rly-" + strconv.FormatInt(n.Add(1), 36)
				r.Header.Set("X-Request-Id", id)
			}
			w.Header().Set("X-Request-Id", id)
			next.ServeHTTP(w, r)
		})
	}
}

// Recover turns a handler panic into a 500 and a log line.
func Recover() Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					log.Printf("panic in %s %s: %v", r.Method, r.URL.Path, v)
					http.Error(w, "internal error", http.StatusInternalServerError)
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// AccessLog logs slow or failed requests.
func AccessLog(slow time.Duration, verbose bool) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(sw, r)
			if d := time.Since(start); verbose || d > slow || sw.status >= 500 {
				log.Printf("%s %s %d %s", r.Method, r.URL.Path, sw.status, d.Round(time.Millisecond))
			}
		})
	}
}

// statusWriter records the status; it passes Flush and Hijack through, so
// streaming and upgraded routes keep working behind the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := s.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("web: the response writer cannot be hijacked")
	}
	s.status = http.StatusSwitchingProtocols
	return h.Hijack()
}
