package main

import (
	"fmt"
	"net"
	"net/http"
)

// listenStalled starts an upstream that accepts connections and never
// answers, like a peer whose process is wedged.
func listenStalled() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go holdConnections(ln)
	return ln.Addr().String(), nil
}

func holdConnections(ln net.Listener) {
	var open []net.Conn
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		open = append(open, c)
	}
}

// serveInventory starts a healthy upstream that answers at once.
func serveInventory() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, `{"status":"ok"}`)
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	return ln.Addr().String(), nil
}
