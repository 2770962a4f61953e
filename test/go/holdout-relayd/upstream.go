package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"chat.example.net/relayd/internal/syncx"
	"chat.example.net/relayd/internal/web"
)

// --- link previews -----------------------------------------------------------

type preview struct {
	URL   string `json:"url"`
	Title string `json:"title"`
	Image string `json:"image,omitempty"`
}

// previewClient asks the link preview service. Callers bound each call
// with their context; the client itself has no timeout.
type previewClient struct {
	base   string
	client *http.Client
}

func newPreviewClient(base string) *previewClient {
	return &previewClient{base: base, client: &http.Client{Transport: &http.Transport{
		MaxIdleConnsPerHost: 8,
		IdleConnTimeout:     5 * time.Minute,
	}}}
}

func (c *previewClient) Fetch(ctx context.Context, link string) (preview, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/preview?url="+url.QueryEscape(link), nil)
	if err != nil {
		return preview{}, err
	}
	if id := traceID(ctx); id != "" {
		req.Header.Set("X-Trace-Id", id)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return preview{}, fmt.Errorf("preview of %s: %w", link, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return preview{}, fmt.Errorf("preview of %s: %s", link, resp.Status)
	}
	var p preview
	return p, json.NewDecoder(resp.Body).Decode(&p)
}

type traceKey struct{}

func withTraceID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, traceKey{}, id)
}

func traceID(ctx context.Context) string {
	id, _ := ctx.Value(traceKey{}).(string)
	return id
}

// unfurl returns the preview of ?url=.
func (a *api) unfurl(w http.ResponseWriter, r *http.Request, _ web.Params) error {
	link := r.URL.Query().Get("url")
	if !strings.HasPrefix(link, "https://") && !strings.HasPrefix(link, "http://") {
		return web.Errorf(http.StatusBadRequest, "url must be http(s)")
	}
	// Previews are cached and shared by every room that posts the link, so
	// the fetch must not fail because one client went away; it keeps the
	// trace id for the logs.
	ctx := withTraceID(context.Background(), r.Header.Get("X-Request-Id"))
	p, err := a.previews.Fetch(ctx, link)
	if err != nil {
		return web.Errorf(http.StatusBadGateway, "%v", err)
	}
	return web.WriteJSON(w, http.StatusOK, p)
}

// --- translation ---------------------------------------------------------------

// translator calls the translation service, which can take several
// seconds for long messages.
type translator struct {
	base   string
	client *http.Client
}

func newTranslator(base string) *translator {
	return &translator{base: base, client: &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConnsPerHost: 16,
			IdleConnTimeout:     5 * time.Minute,
		},
	}}
}

func (t *translator) Translate(ctx context.Context, text, lang string) (string, error) {
	body, _ := json.Marshal(map[string]string{"text": text, "target": lang})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.base+"/translate", strings.NewReader(string(body)))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := t.client.Do(req)
	if err != nil {
		return "", fmt.Errorf("translating to %s: %w", lang, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("translating to %s: %s", lang, resp.Status)
	}
	var out struct {
		Text string `json:"text"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return "", fmt.Errorf("translating to %s: %w", lang, err)
	}
	return out.Text, nil
}

// translate translates the room's last message into ?lang=.
func (a *api) translate(w http.ResponseWriter, r *http.Request, p web.Params) error {
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		return web.Errorf(http.StatusBadRequest, "lang is required")
	}
	m, ok := a.hub.Room(p["room"]).Last()
	if !ok {
		return web.Errorf(http.StatusNotFound, "no message to translate")
	}
	text, err := a.translator.Translate(r.Context(), m.Text, lang)
	if err != nil {
		if r.Context().Err() != nil {
			return nil
		}
		return web.Errorf(http.StatusBadGateway, "%v", err)
	}
	return web.WriteJSON(w, http.StatusOK, map[string]interface{}{"seq": m.Seq, "lang": lang, "text": text})
}

// --- presence ------------------------------------------------------------------

type presence struct {
	User     string    `json:"user"`
	Online   bool      `json:"online"`
	LastSeen time.Time `json:"last_seen"`
	Replica  string    `json:"replica"`
}

// presenceReplica is one region's presence cache; lookups take its latency.
type presenceReplica struct {
	name    string
	latency time.Duration
}

func (p *presenceReplica) Lookup(ctx context.Context, user string) (presence, error) {
	select {
	case <-time.After(p.latency):
	case <-ctx.Done():
		return presence{}, ctx.Err()
	}
	if strings.HasPrefix(user, "ghost") {
		return presence{}, errors.New("unknown user")
	}
	return presence{User: user, Online: true, LastSeen: time.Now().Add(-time.Minute), Replica: p.name}, nil
}

// presence asks every replica and answers with the fastest.
func (a *api) presence(w http.ResponseWriter, r *http.Request, p web.Params) error {
	user := p["user"]
	lookups := make([]func(context.Context) (presence, error), len(a.replicas))
	for i, rep := range a.replicas {
		rep := rep
		lookups[i] = func(ctx context.Context) (presence, error) { return rep.Lookup(ctx, user) }
	}
	pr, err := syncx.First(r.Context(), lookups...)
	if err != nil {
		return web.Errorf(http.StatusNotFound, "%s: %v", user, err)
	}
	return web.WriteJSON(w, http.StatusOK, pr)
}

// --- directory -----------------------------------------------------------------

type person struct {
	ID, Name string
}

// directory is the in-memory copy of the user directory.
type directory struct{ people map[string]person }

var errNoSuchUser = errors.New("no such user")

func newDirectory() *directory {
	d := &directory{people: map[string]person{}}
	for _, n := range []string{"ada", "brian", "chen", "dana", "emeka", "farah", "goran", "hana"} {
		d.people[n] = person{ID: n, Name: strings.ToUpper(n[:1]) + n[1:]}
	}
	return d
}

func (d *directory) lookup(ctx context.Context, id string) (person, error) {
	if err := ctx.Err(); err != nil {
		return person{}, err
	}
	p, ok := d.people[id]
	if !ok {
		return person{}, fmt.Errorf("%q: %w", id, errNoSuchUser)
	}
	return p, nil
}
