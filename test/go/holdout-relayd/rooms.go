package main

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"chat.example.net/relayd/internal/hub"
	"chat.example.net/relayd/internal/syncx"
	"chat.example.net/relayd/internal/web"
)

// events streams a room as server-sent events until the client leaves.
func (a *api) events(w http.ResponseWriter, r *http.Request, p web.Params) error {
	fl, ok := w.(http.Flusher)
	if !ok {
		return web.Errorf(http.StatusInternalServerError, "streaming unsupported")
	}
	sub := a.hub.Room(p["room"]).Subscribe(64)
	defer sub.Cancel()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	fl.Flush()
	heartbeat := time.NewTicker(a.cfg.get().Heartbeat.Duration)
	defer heartbeat.Stop()
	for {
		select {
		case m, ok := <-sub.C():
			if !ok {
				return nil
			}
			fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", m.Seq, m.Kind, mustJSON(m))
			fl.Flush()
		case <-heartbeat.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			fl.Flush()
		case <-r.Context().Done():
			return nil
		}
	}
}

// poll answers with the messages after ?since=, waiting for the next one
// when there are none yet (204 after the poll timeout).
func (a *api) poll(w http.ResponseWriter, r *http.Request, p web.Params) error {
	since, _ := strconv.ParseUint(r.URL.Query().Get("since"), 10, 64)
	room := a.hub.Room(p["room"])
	timeout := time.NewTimer(a.pollTimeout)
	defer timeout.Stop()
	for {
		changed := room.Changed()
		if msgs := room.Since(since); len(msgs) > 0 {
			return web.WriteJSON(w, http.StatusOK, msgs)
		}
		select {
		case <-changed:
		case <-timeout.C:
			w.WriteHeader(http.StatusNoContent)
			return nil
		case <-r.Context().Done():
			return nil
		}
	}
}

// digest summarises the room's activity: it waits for the next message so
// the digest is not empty.
func (a *api) digest(w http.ResponseWriter, r *http.Request, p web.Params) error {
	room := a.hub.Room(p["room"])
	from := room.Seq()
	select {
	case <-room.Changed():
	case <-time.After(a.digestWindow):
	}
	msgs := room.Since(from)
	senders := map[string]int{}
	for _, m := range msgs {
		senders[m.From]++
	}
	return web.WriteJSON(w, http.StatusOK, map[string]interface{}{"room": room.ID, "messages": len(msgs), "senders": senders})
}

type postedMessage struct {
	From string `json:"from"`
	Text string `json:"text"`
}

// postMessage publishes a message; it is persisted and pushed to offline
// members in the background.
func (a *api) postMessage(w http.ResponseWriter, r *http.Request, p web.Params) error {
	var in postedMessage
	if err := web.DecodeJSON(r, 64<<10, &in); err != nil {
		return err
	}
	if in.From == "" || in.Text == "" {
		return web.Errorf(http.StatusBadRequest, "from and text are required")
	}
	m := a.hub.Room(p["room"]).Publish(hub.Message{From: in.From, Text: in.Text})
	a.persist.Add(m)
	a.outbox.push(m)
	return web.WriteJSON(w, http.StatusCreated, m)
}

// setTopic saves and announces a room's topic.
func (a *api) setTopic(w http.ResponseWriter, r *http.Request, p web.Params) error {
	var in struct {
		By    string `json:"by"`
		Topic string `json:"topic"`
	}
	if err := web.DecodeJSON(r, 4<<10, &in); err != nil {
		return err
	}
	if err := a.rooms.SetTopic(p["room"], in.Topic, in.By); err != nil {
		return err
	}
	a.hub.Room(p["room"]).SetTopic(in.By, in.Topic)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// typing shows the typing indicator of ?user= in the room.
func (a *api) typing(w http.ResponseWriter, r *http.Request, p web.Params) error {
	user := r.URL.Query().Get("user")
	if user == "" {
		return web.Errorf(http.StatusBadRequest, "user is required")
	}
	a.hub.Room(p["room"]).StartTyping(user, typingEvery)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// invite adds users to a room after looking each one up in the directory.
func (a *api) invite(w http.ResponseWriter, r *http.Request, p web.Params) error {
	var in struct {
		By    string   `json:"by"`
		Users []string `json:"users"`
	}
	if err := web.DecodeJSON(r, 16<<10, &in); err != nil {
		return err
	}
	room := a.hub.Room(p["room"])
	g, _ := syncx.WithContext(r.Context())
	g.SetLimit(4)
	for _, u := range in.Users {
		u := u
		g.Go(func(ctx context.Context) error {
			who, err := a.directory.lookup(ctx, u)
			if err != nil {
				return fmt.Errorf("inviting %s: %w", u, err)
			}
			room.Publish(hub.Message{Kind: "invite", From: in.By, Text: who.Name})
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return web.Errorf(http.StatusBadRequest, "%v", err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// report forwards a report about a message to moderation.
func (a *api) report(w http.ResponseWriter, r *http.Request, p web.Params) error {
	var in report
	if err := web.DecodeJSON(r, 8<<10, &in); err != nil {
		return err
	}
	in.Room = p["room"]
	in.At = time.Now()
	a.mod.submit(in)
	return web.WriteJSON(w, http.StatusAccepted, map[string]string{"status": "queued"})
}
