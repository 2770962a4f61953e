package main

import (
	"context"
	"io"
	"log"
	"net/http"
	"strings"
	"time"
)

// impatient is a client like a browser or a Node service with a short
// deadline: it gives up and closes the connection.
var impatient = &http.Client{
	Timeout:   300 * time.Millisecond,
	Transport: &http.Transport{DisableKeepAlives: true},
}

// runLoad plays the service's clients: a burst of requests that time out,
// a few long-poll subscribers that stay connected, then a trickle of one
// request per period.
func runLoad(base string, period time.Duration) {
	for i := 0; i < 3; i++ {
		go subscribe(base + "/api/events")
	}
	burst := map[string]int{
		"/api/quote?item=42":       12,
		"/api/export":              15,
		"/api/stock?item=42":       8,
		"/api/shipping?zip=75011":  4,
		"/api/cart?cart=7&item=42": 6,
	}
	for path, n := range burst {
		for i := 0; i < n; i++ {
			go call(base + path)
		}
	}
	for i := 0; i < 20; i++ {
		go postOrder(base + "/api/orders")
	}
	log.Printf("load: burst sent; a request every %s from now on", period)
	paths := []string{"/api/quote?item=7", "/api/export", "/api/stock?item=7", "/api/cart?cart=9&item=7", "/api/shipping?zip=10115"}
	for i := 0; ; i++ {
		time.Sleep(period)
		go call(base + paths[i%len(paths)])
	}
}

func call(url string) {
	c := impatient
	if strings.Contains(url, "/api/stock") {
		c = &http.Client{Timeout: 2 * time.Second, Transport: impatient.Transport}
	}
	resp, err := c.Get(url)
	if err != nil {
		return // the client gave up: that is the point
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

func postOrder(url string) {
	resp, err := impatient.Post(url, "application/json", strings.NewReader(`{"ID":1,"Items":["tea"]}`))
	if err == nil {
		resp.Body.Close()
	}
}

// subscribe keeps a long poll open, reconnecting every ten minutes.
func subscribe(url string) {
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		cancel()
		if err != nil {
			time.Sleep(time.Second)
		}
	}
}
