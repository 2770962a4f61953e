//go:build go1.22

package web

import "net/http"

// Param returns the path wildcard name of the matched pattern.
func Param(r *http.Request, name string) string {
	if v := r.PathValue(name); v != "" {
		return v
	}
	return legacyParam(r, name)
}
