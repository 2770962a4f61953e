//go:build !go1.22

package web

import "net/http"

// Param returns the path parameter name captured by Router.
func Param(r *http.Request, name string) string {
	return legacyParam(r, name)
}
