// Package upstream is the client of the targeting rules service.
package upstream

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// Client fetches targeting rules.
type Client struct {
	base string
	hc   *http.Client
}

// New returns a client of the rules service at base.
func New(base string) *Client {
	return &Client{base: base, hc: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}}
}

// Rules fetches the rules of a flag; it lasts as long as ctx allows.
func (c *Client) Rules(ctx context.Context, flag string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/rules/"+flag, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("rules %s: %s", flag, resp.Status)
	}
	return io.ReadAll(resp.Body)
}
