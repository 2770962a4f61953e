//go:build go1.22

//go:debug httpmuxgo121=0

package main

import "net/http"

// routes serves the endpoints with http.ServeMux's method and wildcard
// patterns.
func (a *app) routes() http.Handler {
	mux := http.NewServeMux()
	for _, e := range a.endpoints() {
		mux.Handle(e.pattern, e.handler)
	}
	return a.middleware(mux)
}
