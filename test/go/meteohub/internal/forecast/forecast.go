// Package forecast fetches hourly forecasts from the numerical weather
// model's HTTP API.
package forecast

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"meteo.example.net/hub/internal/web"
)

// Client talks to the model API over one connection (the API allows one
// concurrent request per client).
type Client struct {
	base string
	life context.Context
	hc   *http.Client
}

// New returns a client whose requests end when life ends (shutdown).
func New(life context.Context, base string) *Client {
	return &Client{
		base: base,
		life: life,
		hc:   &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1}},
	}
}

// Hour is one forecast step.
type Hour struct {
	Temp float64 `json:"temp"`
	Rain float64 `json:"rain"`
}

// Hourly returns the next hours for a region.
func (c *Client) Hourly(region string) ([]Hour, error) {
	req, err := http.NewRequestWithContext(c.life, http.MethodGet, c.base+"/v3/hourly?region="+url.QueryEscape(region), nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("forecast for %s: %w", region, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("forecast for %s: %s", region, resp.Status)
	}
	var hours []Hour
	return hours, json.NewDecoder(resp.Body).Decode(&hours)
}

// Handler serves GET /v1/forecast/{region}.
func Handler(c *Client) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		hours, err := c.Hourly(web.Param(r, "region"))
		if err != nil {
			web.Fail(w, http.StatusBadGateway, "%v", err)
			return
		}
		web.WriteJSON(w, http.StatusOK, hours)
	}
}
