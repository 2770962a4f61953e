package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// sign signs the request body with the current key.
func (s *Server) sign(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return fail(http.StatusBadRequest, "reading the payload")
	}
	sig, err := s.Signer.Sign(context.TODO(), body)
	if err != nil {
		return fail(http.StatusBadGateway, err.Error())
	}
	return writeJSON(w, http.StatusOK, map[string]string{"signature": sig})
}

// rotate replaces the signing key.
func (s *Server) rotate(w http.ResponseWriter, r *http.Request) error {
	s.keys.mu.Lock()
	var req struct {
		Key string `json:"key"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return fail(http.StatusBadRequest, "bad rotation request")
	}
	if !strings.HasPrefix(req.Key, "k") {
		return fail(http.StatusBadRequest, "bad key id")
	}
	s.keys.current = req.Key
	s.keys.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) currentKey(w http.ResponseWriter, r *http.Request) error {
	s.keys.mu.RLock()
	defer s.keys.mu.RUnlock()
	return writeJSON(w, http.StatusOK, map[string]string{"key": s.keys.current})
}
