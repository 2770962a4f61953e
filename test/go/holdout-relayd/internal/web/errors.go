package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
)

// StatusError is an error with the HTTP status it should be answered with.
type StatusError struct {
	Status int
	Msg    string
}

func (e *StatusError) Error() string { return fmt.Sprintf("%d %s", e.Status, e.Msg) }

// Errorf returns a StatusError.
func Errorf(status int, format string, args ...interface{}) error {
	return &StatusError{Status: status, Msg: fmt.Sprintf(format, args...)}
}

func writeError(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	msg := "internal error"
	var se *StatusError
	if errors.As(err, &se) {
		status, msg = se.Status, se.Msg
	} else {
		log.Printf("%s %s: %v", r.Method, r.URL.Path, err)
	}
	WriteJSON(w, status, map[string]string{"error": msg})
}

// WriteJSON writes v as the JSON response with the given status.
func WriteJSON(w http.ResponseWriter, status int, v interface{}) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// DecodeJSON reads a JSON request body of at most max bytes into v.
func DecodeJSON(r *http.Request, max int64, v interface{}) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, max))
	if err := dec.Decode(v); err != nil {
		return Errorf(http.StatusBadRequest, "bad request body: %v", err)
	}
	return nil
}
