// Package radar subscribes stations to the precipitation radar feed.
package radar

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"meteo.example.net/hub/internal/web"
)

// Feed connects to the radar distribution server.
type Feed struct {
	Addr   string
	dialer net.Dialer
}

// Subscribe registers a station for radar tiles around it and returns the
// server's acknowledgement line.
func (f *Feed) Subscribe(station string) (string, error) {
	conn, err := f.dialer.DialContext(context.TODO(), "tcp", f.Addr)
	if err != nil {
		return "", fmt.Errorf("radar: %w", err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := fmt.Fprintf(conn, "SUB %s\n", station); err != nil {
		return "", fmt.Errorf("radar: %w", err)
	}
	ack, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("radar: %w", err)
	}
	return ack, nil
}

// Handler serves POST /v1/stations/{id}/radar.
type Handler struct {
	Feed *Feed
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ack, err := h.Feed.Subscribe(web.Param(r, "id"))
	if err != nil {
		web.Fail(w, http.StatusBadGateway, "%v", err)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]string{"ack": ack})
}
