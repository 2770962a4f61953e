// Package outbound holds hookd's clients of other services: the key
// management service that signs payloads, the audit sink, and the
// endpoints' verification handshake.
package outbound

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
)

// Signer signs payloads with the key management service. The service
// allows one signing session at a time per client, so Signer holds a slot
// for the whole round trip.
type Signer struct {
	URL    string
	client *http.Client
	slots  chan struct{}
}

func NewSigner(url string, sessions int) *Signer {
	return &Signer{URL: url, client: &http.Client{Transport: &http.Transport{}}, slots: make(chan struct{}, sessions)}
}

// Sign returns the signature of payload; ctx bounds the wait for a slot
// and the round trip.
func (s *Signer) Sign(ctx context.Context, payload []byte) (string, error) {
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-s.slots }()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/sign", bytes.NewReader(payload))
	if err != nil {
		return "", err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return "", fmt.Errorf("sign: %w", err)
	}
	defer resp.Body.Close()
	sig, err := io.ReadAll(resp.Body)
	return string(sig), err
}
