package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"chat.example.net/relayd/internal/hub"
	"chat.example.net/relayd/internal/web"
)

const maxAttachment = 8 << 20

var attachmentTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true, "application/pdf": true}

// attach stores an attachment and posts a link to it in the room.
func (a *api) attach(w http.ResponseWriter, r *http.Request, p web.Params) error {
	key := fmt.Sprintf("%s/%d-%s", p["room"], time.Now().UnixNano(), r.Header.Get("X-Request-Id"))
	up := a.bucket.NewWriter(key)
	head := make([]byte, 512)
	n, err := io.ReadFull(r.Body, head)
	if err != nil && err != io.ErrUnexpectedEOF {
		return web.Errorf(http.StatusBadRequest, "reading the attachment: %v", err)
	}
	ctype := http.DetectContentType(head[:n])
	if !attachmentTypes[strings.Split(ctype, ";")[0]] {
		return web.Errorf(http.StatusUnsupportedMediaType, "attachments of type %s are not accepted", ctype)
	}
	if _, err := up.Write(head[:n]); err != nil {
		return err
	}
	if _, err := io.Copy(up, io.LimitReader(r.Body, maxAttachment)); err != nil {
		return up.CloseWithError(err)
	}
	if err := up.Close(); err != nil {
		return err
	}
	obj, _ := a.bucket.Stat(key)
	select {
	case a.thumbs <- thumbJob{key: key, ctype: ctype}:
	default:
	}
	m := a.hub.Room(p["room"]).Publish(hub.Message{Kind: "attachment", From: r.URL.Query().Get("from"), Text: key})
	return web.WriteJSON(w, http.StatusCreated, map[string]interface{}{"key": key, "size": obj.Size, "sha256": obj.SHA256, "seq": m.Seq})
}

// importHistory replays messages exported from another relay (NDJSON).
func (a *api) importHistory(w http.ResponseWriter, r *http.Request, p web.Params) error {
	room := a.hub.Room(p["room"])
	dec := json.NewDecoder(r.Body)
	n := 0
	for {
		var m hub.Message
		err := dec.Decode(&m)
		if err == io.EOF {
			break
		}
		if err != nil {
			return web.Errorf(http.StatusBadRequest, "message %d: %v", n+1, err)
		}
		a.persist.Add(room.Publish(m))
		n++
	}
	return web.WriteJSON(w, http.StatusOK, map[string]int{"imported": n})
}

// export writes the room's whole history as CSV.
func (a *api) export(w http.ResponseWriter, r *http.Request, p web.Params) error {
	w.Header().Set("Content-Type", "text/csv")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", p["room"]+".csv"))
	// A half-written export is useless to the compliance archive, so the
	// query is not tied to this request: it runs until done or shutdown.
	n, err := a.history.Export(a.lifetime, p["room"], w)
	if err != nil {
		return err
	}
	a.cfg.logf("exported %d messages of %s", n, p["room"])
	return nil
}

// socket upgrades to the line protocol: each line the client sends is a
// command ("say <text>", "ping"), each line it receives is a JSON message.
func (a *api) socket(w http.ResponseWriter, r *http.Request, p web.Params) error {
	if !strings.EqualFold(r.Header.Get("Upgrade"), "relay-lines") {
		return web.Errorf(http.StatusUpgradeRequired, "use Upgrade: relay-lines")
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		return web.Errorf(http.StatusInternalServerError, "connection cannot be upgraded")
	}
	nc, brw, err := hj.Hijack()
	if err != nil {
		return err
	}
	defer nc.Close()
	brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: relay-lines\r\nConnection: Upgrade\r\n\r\n")
	if err := brw.Flush(); err != nil {
		return nil
	}
	user := r.URL.Query().Get("user")
	room := a.hub.Room(p["room"])
	out := &lineWriter{w: nc}
	sub := room.Subscribe(32)
	go a.pump(out, sub)
	for {
		nc.SetReadDeadline(time.Now().Add(socketIdle))
		line, err := brw.ReadString('\n')
		if err != nil {
			var ne net.Error
			if !errors.Is(err, io.EOF) && !(errors.As(err, &ne) && ne.Timeout()) {
				a.cfg.logf("socket %s: %v", room.ID, err)
			}
			return nil
		}
		cmd, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch cmd {
		case "ping":
			out.line([]byte("pong"))
		case "say":
			m := room.Publish(hub.Message{From: user, Text: arg})
			a.persist.Add(m)
		}
	}
}

// pump writes the room's messages to a socket.
func (a *api) pump(out *lineWriter, sub *hub.Subscription) {
	for m := range sub.C() {
		if err := out.line(mustJSON(m)); err != nil {
			return
		}
	}
}

// lineWriter serialises writes of the pump and the command loop.
type lineWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lineWriter) line(b []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err := l.w.Write(append(b, '\n'))
	return err
}
