package main

import (
	"context"
	"net/http"
	"time"

	"chat.example.net/relayd/internal/hub"
	"chat.example.net/relayd/internal/store"
	"chat.example.net/relayd/internal/web"
)

type api struct {
	lifetime     context.Context
	cfg          *liveConfig
	hub          *hub.Hub
	history      *store.History
	rooms        *store.Rooms
	persist      *store.Batcher[hub.Message]
	outbox       *outbox
	bucket       *store.Bucket
	thumbs       chan<- thumbJob
	mod          *moderation
	previews     *previewClient
	translator   *translator
	replicas     []*presenceReplica
	directory    *directory
	pollTimeout  time.Duration
	digestWindow time.Duration
}

const (
	typingEvery = 3 * time.Second
	socketIdle  = 90 * time.Second
)

func (a *api) routes(verbose bool) http.Handler {
	rt := web.NewRouter()
	rt.Use(web.RequestID(), web.Recover(), web.AccessLog(5*time.Second, verbose))

	rt.Get("/healthz", func(w http.ResponseWriter, r *http.Request, _ web.Params) error {
		_, err := w.Write([]byte("ok\n"))
		return err
	})

	// Rooms: reading.
	rt.Get("/v1/rooms/{room}/events", a.events, web.Labeled("events"))
	rt.Get("/v1/rooms/{room}/poll", a.poll)
	rt.Get("/v1/rooms/{room}/socket", a.socket)
	rt.Get("/v1/rooms/{room}/digest", a.digest, web.Timeout(time.Second, "digest not ready, try again later"))
	rt.Get("/v1/rooms/{room}/export", a.export, web.Labeled("export"))
	rt.Get("/v1/rooms/{room}/translate", a.translate, web.Labeled("translate"))

	// Rooms: writing.
	rt.Post("/v1/rooms/{room}/messages", a.postMessage)
	rt.Put("/v1/rooms/{room}/topic", a.setTopic)
	rt.Post("/v1/rooms/{room}/typing", a.typing, web.Labeled("typing"))
	rt.Post("/v1/rooms/{room}/invite", a.invite)
	rt.Post("/v1/rooms/{room}/report", a.report)
	rt.Post("/v1/rooms/{room}/attachments", a.attach)
	rt.Post("/v1/rooms/{room}/import", a.importHistory)

	// Users and links.
	rt.Get("/v1/users/{user}/presence", a.presence, web.Labeled("presence"))
	rt.Get("/v1/unfurl", a.unfurl, web.Labeled("unfurl"))
	return rt.Handler()
}
