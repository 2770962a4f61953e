package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

type order struct {
	ID    int
	Items []string
}

// store is the checkout service's state, shared by every handler.
type store struct {
	carrierURL string

	prices       chan float64 // filled by a pricing feed that is not wired up yet
	stockReplies chan int     // answers from the warehouse
	updates      chan string  // events published to long-poll subscribers

	cartMu     sync.Mutex
	carts      map[string][]string
	reindexNow chan struct{}

	orders chan order
	mu     sync.Mutex
	placed int
}

func newStore(carrierURL string) *store {
	return &store{
		carrierURL:   carrierURL,
		prices:       make(chan float64),
		stockReplies: make(chan int),
		updates:      make(chan string),
		carts:        map[string][]string{},
		reindexNow:   make(chan struct{}),
		orders:       make(chan order, 16),
	}
}

func (s *store) start(workers int) {
	for i := 0; i < workers; i++ {
		go s.fulfil()
	}
	locked := make(chan struct{})
	go s.reindexCarts(locked)
	<-locked
}

// quote returns the current price of an item.
func (s *store) quote(w http.ResponseWriter, r *http.Request) {
	select {
	case p := <-s.prices:
		fmt.Fprintf(w, "%.2f\n", p)
	case <-time.After(15 * time.Minute):
		http.Error(w, "no price", http.StatusServiceUnavailable)
	}
}

// exportOrders renders the order history as CSV in the background and
// streams it when it is ready.
func (s *store) exportOrders(w http.ResponseWriter, r *http.Request) {
	result := make(chan []byte)
	go func() {
		result <- renderCSV(200)
	}()
	select {
	case csv := <-result:
		w.Header().Set("Content-Type", "text/csv")
		w.Write(csv)
	case <-r.Context().Done():
		return
	}
}

func renderCSV(rows int) []byte {
	var b bytes.Buffer
	b.WriteString("id,item,qty\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&b, "%d,item-%d,%d\n", i, i%17, 1+i%3)
		time.Sleep(2 * time.Millisecond) // row by row from the order database
	}
	return b.Bytes()
}

// stockLevel asks the warehouse how many items are left. It is mounted
// behind http.TimeoutHandler.
func (s *store) stockLevel(w http.ResponseWriter, r *http.Request) {
	n := <-s.stockReplies
	fmt.Fprintln(w, n)
}

// shippingRates fetches rates from the carrier.
func (s *store) shippingRates(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get(s.carrierURL + "/rates?zip=" + r.URL.Query().Get("zip"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}

// updateCart adds an item to a cart.
func (s *store) updateCart(w http.ResponseWriter, r *http.Request) {
	s.cartMu.Lock()
	defer s.cartMu.Unlock()
	id := r.URL.Query().Get("cart")
	s.carts[id] = append(s.carts[id], r.URL.Query().Get("item"))
	fmt.Fprintln(w, len(s.carts[id]))
}

// reindexCarts rebuilds the cart index; it holds the cart lock until the
// index is swapped in.
func (s *store) reindexCarts(locked chan<- struct{}) {
	s.cartMu.Lock()
	defer s.cartMu.Unlock()
	close(locked)
	<-s.reindexNow
	s.carts = map[string][]string{}
}

// events is a long poll: it answers with the next update or returns when
// the subscriber goes away.
func (s *store) events(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
	select {
	case u := <-s.updates:
		fmt.Fprintln(w, u)
	case <-r.Context().Done():
	}
}

// placeOrder queues an order for the fulfilment workers.
func (s *store) placeOrder(w http.ResponseWriter, r *http.Request) {
	var o order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		http.Error(w, "bad order: "+err.Error(), http.StatusBadRequest)
		return
	}
	select {
	case s.orders <- o:
		w.WriteHeader(http.StatusAccepted)
	case <-r.Context().Done():
	}
}

// fulfil is one worker of the fulfilment pool.
func (s *store) fulfil() {
	for o := range s.orders {
		s.mu.Lock()
		s.placed++
		s.mu.Unlock()
		_ = strconv.Itoa(o.ID)
	}
}
