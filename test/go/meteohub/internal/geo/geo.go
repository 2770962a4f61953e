// Package geo resolves coordinates to place names with the geocoding
// service, which serves one request at a time per client.
package geo

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// Client is a reverse-geocoding client.
type Client struct {
	base string
	hc   *http.Client
}

// New returns a client of the service at base.
func New(base string) *Client {
	return &Client{base: base, hc: &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1}}}
}

// Reverse returns the place name at lat, lon.
func (c *Client) Reverse(ctx context.Context, lat, lon float64) (string, error) {
	u := c.base + "/reverse?lat=" + strconv.FormatFloat(lat, 'f', 4, 64) + "&lon=" + strconv.FormatFloat(lon, 'f', 4, 64)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("geocoding: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err != nil {
		return "", fmt.Errorf("geocoding: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("geocoding: %s", resp.Status)
	}
	return string(b), nil
}
