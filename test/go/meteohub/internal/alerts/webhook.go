package alerts

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
)

// Webhook posts alerts to the operator's endpoint.
type Webhook struct {
	Addr string
	Path string
}

func (wh *Webhook) Name() string { return "webhook" }

func (wh *Webhook) Notify(a Alert) error {
	body, err := json.Marshal(a)
	if err != nil {
		return err
	}
	conn, err := net.Dial("tcp", wh.Addr)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	defer conn.Close()
	var req bytes.Buffer
	fmt.Fprintf(&req, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n",
		wh.Path, wh.Addr, len(body))
	req.Write(body)
	if _, err := conn.Write(req.Bytes()); err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook: %s", resp.Status)
	}
	return nil
}
