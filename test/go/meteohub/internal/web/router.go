package web

import (
	"context"
	"net/http"
	"strings"
)

// Router matches "METHOD /path/{param}/..." patterns segment by segment. It
// serves toolchains whose http.ServeMux has no method or wildcard patterns.
type Router struct {
	routes []route
}

type route struct {
	method   string
	segments []string
	handler  http.Handler
}

// Handle registers h for a pattern such as "GET /v2/stations/{id}".
func (rt *Router) Handle(pattern string, h http.Handler) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		panic("web: pattern without method: " + pattern)
	}
	rt.routes = append(rt.routes, route{method: method, segments: split(path), handler: h})
}

func split(path string) []string {
	return strings.Split(strings.Trim(path, "/"), "/")
}

func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	segs := split(r.URL.Path)
	allowed := false
	for _, ro := range rt.routes {
		params, ok := ro.match(segs)
		if !ok {
			continue
		}
		if ro.method != r.Method && !(ro.method == http.MethodGet && r.Method == http.MethodHead) {
			allowed = true
			continue
		}
		if len(params) > 0 {
			r = r.WithContext(context.WithValue(r.Context(), paramsKey, params))
		}
		ro.handler.ServeHTTP(w, r)
		return
	}
	if allowed {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	http.NotFound(w, r)
}

func (ro route) match(segs []string) (map[string]string, bool) {
	if len(segs) != len(ro.segments) {
		return nil, false
	}
	var params map[string]string
	for i, s := range ro.segments {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			if params == nil {
				params = map[string]string{}
			}
			params[s[1:len(s)-1]] = segs[i]
			continue
		}
		if s != segs[i] {
			return nil, false
		}
	}
	return params, true
}
