//go:build !go1.22

package main

import (
	"net/http"

	"meteo.example.net/hub/internal/web"
)

// routes serves the endpoints with web.Router: this toolchain's
// http.ServeMux has no method or wildcard patterns.
func (a *app) routes() http.Handler {
	rt := &web.Router{}
	for _, e := range a.endpoints() {
		rt.Handle(e.pattern, e.handler)
	}
	return a.middleware(rt)
}
