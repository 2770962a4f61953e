// Package api is hookd's HTTP surface: a small router with path
// parameters, handlers that return errors, and middleware built from
// closures.
package api

import (
	"context"
	"errors"
	"log"
	"net/http"
	"runtime/pprof"
	"strings"
)

// Handler is a handler that reports failure by returning an error; an
// *Error chooses the status.
type Handler func(w http.ResponseWriter, r *http.Request) error

// Error is an error with an HTTP status.
type Error struct {
	Code int
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

func fail(code int, format string) error { return &Error{Code: code, Msg: format} }

func (h Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	err := h(w, r)
	if err == nil {
		return
	}
	var he *Error
	if errors.As(err, &he) {
		http.Error(w, he.Msg, he.Code)
		return
	}
	log.Printf("%s %s: %v", r.Method, r.URL.Path, err)
	http.Error(w, "internal error", http.StatusInternalServerError)
}

// Middleware wraps the handler of the route called name.
type Middleware func(name string, next http.Handler) http.Handler

// Router matches "METHOD /a/{param}/b" patterns segment by segment.
type Router struct {
	routes []route
	use    []Middleware
}

type route struct {
	method string
	segs   []string
	h      http.Handler
}

type paramsKey struct{}

// Use adds middleware; the first added runs outermost.
func (rt *Router) Use(m ...Middleware) { rt.use = append(rt.use, m...) }

// Handle registers h for pattern ("GET /v1/x/{id}") under name.
func (rt *Router) Handle(pattern, name string, h http.Handler) {
	parts := strings.SplitN(pattern, " ", 2)
	for i := len(rt.use) - 1; i >= 0; i-- {
		h = rt.use[i](name, h)
	}
	rt.routes = append(rt.routes, route{method: parts[0], segs: strings.Split(strings.Trim(parts[1], "/"), "/"), h: h})
}

func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	for _, rte := range rt.routes {
		if params, ok := rte.match(segs); ok && rte.method == r.Method {
			rte.h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), paramsKey{}, params)))
			return
		}
	}
	http.NotFound(w, r)
}

func (rte route) match(segs []string) (map[string]string, bool) {
	if len(segs) != len(rte.segs) {
		return nil, false
	}
	params := map[string]string{}
	for i, s := range rte.segs {
		switch {
		case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}"):
			params[s[1:len(s)-1]] = segs[i]
		case s != segs[i]:
			return nil, false
		}
	}
	return params, true
}

// Param is the value of a path parameter of the matched route.
func Param(r *http.Request, name string) string {
	p, _ := r.Context().Value(paramsKey{}).(map[string]string)
	return p[name]
}

// Labelled runs every request with a "route" profiler label, so profiles
// group goroutines by route (goroutines a handler starts inherit it).
func Labelled() Middleware {
	return func(name string, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			pprof.Do(r.Context(), pprof.Labels("route", name), func(ctx context.Context) {
				next.ServeHTTP(w, r.WithContext(ctx))
			})
		})
	}
}

// Logged logs failed requests (status >= 500) with their route.
func Logged(logf func(format string, args ...interface{})) Middleware {
	return func(name string, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
			next.ServeHTTP(sw, r)
			if sw.code >= 500 {
				logf("%s %s -> %d", name, r.URL.Path, sw.code)
			}
		})
	}
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (s *statusWriter) WriteHeader(code int) { s.code = code; s.ResponseWriter.WriteHeader(code) }

// Flush passes through, for event streams.
func (s *statusWriter) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets hijackers reach the original writer.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
