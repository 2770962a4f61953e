package web

import (
	"context"
	"net/http"
	"runtime/pprof"
	"time"
)

// Labeled runs the route under the pprof label route=name, so CPU and
// goroutine profiles (and the goroutines the handler starts) say which route
// they belong to. Only the routes we profile carry it.
func Labeled(name string) Option {
	return func(r *route) {
		r.wrap = append(r.wrap, func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				pprof.Do(req.Context(), pprof.Labels("route", name), func(ctx context.Context) {
					next.ServeHTTP(w, req.WithContext(ctx))
				})
			})
		})
	}
}

// Timeout answers 503 with msg when the handler has not answered within d
// (http.TimeoutHandler).
func Timeout(d time.Duration, msg string) Option {
	return func(r *route) {
		r.wrap = append(r.wrap, func(next http.Handler) http.Handler {
			return http.TimeoutHandler(next, d, msg)
		})
	}
}
