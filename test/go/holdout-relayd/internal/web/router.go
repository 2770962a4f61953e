// Package web is relayd's small HTTP framework: a router with {param}
// segments, handlers that return errors, per-route options and a middleware
// chain. It predates Go 1.22's ServeMux patterns and still builds with 1.19.
package web

import (
	"context"
	"net/http"
	"strings"
)

// Params are the {name} segments of the matched pattern.
type Params map[string]string

// Handler serves one route. A returned error is written as the response
// unless the handler already wrote one (or hijacked the connection).
type Handler func(w http.ResponseWriter, r *http.Request, p Params) error

// Middleware wraps every route of a router.
type Middleware func(http.Handler) http.Handler

// Option changes how one route is served.
type Option func(*route)

type route struct {
	method   string
	segments []string
	name     string
	handler  Handler
	wrap     []func(http.Handler) http.Handler
	served   http.Handler
}

// Router dispatches on method and path. Patterns are matched in the order
// they were registered.
type Router struct {
	routes     []*route
	middleware []Middleware
	// NotFound answers requests no route matches (404 by default).
	NotFound http.Handler
}

// NewRouter returns an empty router.
func NewRouter() *Router { return &Router{} }

// Use adds middleware around every route, outermost first.
func (rt *Router) Use(mw ...Middleware) { rt.middleware = append(rt.middleware, mw...) }

// Handle registers h for method and pattern ("/v1/rooms/{room}/events").
func (rt *Router) Handle(method, pattern string, h Handler, opts ...Option) {
	r := &route{method: method, segments: split(pattern), name: pattern, handler: h}
	for _, o := range opts {
		o(r)
	}
	var served http.Handler = adapter{r}
	for i := len(r.wrap) - 1; i >= 0; i-- {
		served = r.wrap[i](served)
	}
	r.served = served
	rt.routes = append(rt.routes, r)
}

// Get, Post and Put are shorthands for Handle.
func (rt *Router) Get(p string, h Handler, o ...Option)  { rt.Handle(http.MethodGet, p, h, o...) }
func (rt *Router) Post(p string, h Handler, o ...Option) { rt.Handle(http.MethodPost, p, h, o...) }
func (rt *Router) Put(p string, h Handler, o ...Option)  { rt.Handle(http.MethodPut, p, h, o...) }

type paramsKey struct{}

// Handler returns the router with its middleware applied.
func (rt *Router) Handler() http.Handler {
	var h http.Handler = http.HandlerFunc(rt.dispatch)
	for i := len(rt.middleware) - 1; i >= 0; i-- {
		h = rt.middleware[i](h)
	}
	return h
}

func (rt *Router) dispatch(w http.ResponseWriter, r *http.Request) {
	path := split(r.URL.Path)
	allowed := false
	for _, rr := range rt.routes {
		p, ok := rr.match(path)
		if !ok {
			continue
		}
		if rr.method != r.Method {
			allowed = true
			continue
		}
		ctx := context.WithValue(r.Context(), paramsKey{}, p)
		rr.served.ServeHTTP(w, r.WithContext(ctx))
		return
	}
	if allowed {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if rt.NotFound != nil {
		rt.NotFound.ServeHTTP(w, r)
		return
	}
	http.NotFound(w, r)
}

func (rr *route) match(path []string) (Params, bool) {
	if len(path) != len(rr.segments) {
		return nil, false
	}
	var p Params
	for i, s := range rr.segments {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			if path[i] == "" {
				return nil, false
			}
			if p == nil {
				p = Params{}
			}
			p[s[1:len(s)-1]] = path[i]
			continue
		}
		if s != path[i] {
			return nil, false
		}
	}
	return p, true
}

func split(p string) []string { return strings.Split(strings.Trim(p, "/"), "/") }

// adapter turns a route's Handler into an http.Handler.
type adapter struct{ r *route }

func (a adapter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p, _ := r.Context().Value(paramsKey{}).(Params)
	if err := a.r.handler(w, r, p); err != nil {
		writeError(w, r, err)
	}
}
