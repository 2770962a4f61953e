package outbound

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Verifier performs the verification handshake with a subscriber's
// endpoint (through the verification relay). Relays are slow; every
// handshake is bounded by the caller's context and by Timeout.
type Verifier struct {
	URL     string
	Timeout time.Duration
	client  *http.Client
}

func NewVerifier(url string, timeout time.Duration) *Verifier {
	return &Verifier{URL: url, Timeout: timeout, client: &http.Client{Timeout: timeout, Transport: &http.Transport{}}}
}

func (v *Verifier) Verify(ctx context.Context, endpoint string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, v.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.URL+"/challenge?endpoint="+endpoint, nil)
	if err != nil {
		return "", err
	}
	resp, err := v.client.Do(req)
	if err != nil {
		return "", fmt.Errorf("verify %s: %w", endpoint, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}
