package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// catalog answers lookups from a backend that is slow today: nothing arrives on slow.
type catalog struct {
	slow chan string
}

// find waits for the backend's answer or for its context to end.
func (c *catalog) find(ctx context.Context, id string) (string, error) {
	select {
	case v := <-c.slow:
		return id + ": " + v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

type server struct {
	catalog *catalog
	notices chan string

	mu       sync.Mutex
	touched  map[string]int
	uploaded int
}

func newServer() *server {
	return &server{
		catalog: &catalog{slow: make(chan string)},
		notices: make(chan string),
		touched: map[string]int{},
	}
}

// lookup looks an item up in the catalog.
func (s *server) lookup(w http.ResponseWriter, r *http.Request) {
	item, err := s.catalog.find(context.Background(), r.URL.Query().Get("id"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusGatewayTimeout)
		return
	}
	fmt.Fprintln(w, item)
}

// follow refreshes an item every 50 ms in the background and forwards its notices.
func (s *server) follow(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	go func() {
		t := time.NewTicker(50 * time.Millisecond)
		for {
			select {
			case <-t.C:
				s.touch(id)
			case n := <-s.notices:
				s.touch(id + "/" + n)
			}
		}
	}()
	w.WriteHeader(http.StatusAccepted)
}

func (s *server) touch(id string) {
	s.mu.Lock()
	s.touched[id]++
	s.mu.Unlock()
}

// upload stores the document sent as the request body.
func (s *server) upload(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.uploaded += len(data)
	s.mu.Unlock()
	w.WriteHeader(http.StatusCreated)
}

// archive streams the catalog to storage through a pipe, once the format is known.
func (s *server) archive(w http.ResponseWriter, r *http.Request) {
	pr, pw := io.Pipe()
	done := make(chan int64, 1)
	go s.storeArchive(pr, done)
	if r.URL.Query().Get("format") != "tar" {
		http.Error(w, "unsupported format", http.StatusBadRequest)
		return
	}
	fmt.Fprintln(pw, "item 42")
	pw.Close()
	fmt.Fprintln(w, <-done)
}

func (s *server) storeArchive(r io.Reader, done chan<- int64) {
	n, _ := io.Copy(io.Discard, r)
	done <- n
}
