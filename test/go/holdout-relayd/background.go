package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"chat.example.net/relayd/internal/hub"
)

// --- configuration reloaded on SIGHUP ------------------------------------------

type duration struct{ time.Duration }

func (d *duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	d.Duration = v
	return err
}

type config struct {
	Heartbeat  duration `json:"heartbeat"`
	Verbose    bool     `json:"verbose"`
	PushDryRun bool     `json:"push_dry_run"`
}

func defaultConfig() config {
	return config{Heartbeat: duration{15 * time.Second}, PushDryRun: true}
}

type liveConfig struct{ v atomic.Value }

func newLiveConfig() *liveConfig {
	c := &liveConfig{}
	c.v.Store(defaultConfig())
	return c
}

func (c *liveConfig) get() config { return c.v.Load().(config) }

func (c *liveConfig) load(path string) error {
	cfg, err := readConfig(path)
	if err != nil {
		return err
	}
	c.v.Store(cfg)
	return nil
}

func (c *liveConfig) logf(format string, args ...interface{}) {
	if c.get().Verbose {
		log.Printf(format, args...)
	}
}

// watch applies configurations as they arrive.
func (c *liveConfig) watch(updates <-chan config) {
	for cfg := range updates {
		c.v.Store(cfg)
		log.Printf("configuration reloaded: heartbeat %s, verbose %v", cfg.Heartbeat, cfg.Verbose)
	}
}

func readConfig(path string) (config, error) {
	cfg := defaultConfig()
	if path == "" {
		return cfg, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return cfg, fmt.Errorf("configuration: %w", err)
	}
	if err := json.Unmarshal(b, &cfg); err != nil {
		return cfg, fmt.Errorf("configuration %s: %w", path, err)
	}
	return cfg, nil
}

// reloadOnHangup rereads the configuration on every SIGHUP.
func reloadOnHangup(ctx context.Context, path string, updates chan<- config) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-hup:
			cfg, err := readConfig(path)
			if err != nil {
				log.Printf("reload: %v", err)
				continue
			}
			updates <- cfg
		case <-ctx.Done():
			close(updates)
			return
		}
	}
}

// --- push delivery -------------------------------------------------------------

// outbox queues messages for push delivery to members who are offline.
// Workers sleep on the condition variable until push signals them.
type outbox struct {
	mu     sync.Mutex
	cond   *sync.Cond
	queue  []hub.Message
	closed bool
	sent   atomic.Int64
}

func newOutbox() *outbox {
	o := &outbox{}
	o.cond = sync.NewCond(&o.mu)
	return o
}

func (o *outbox) push(m hub.Message) {
	o.mu.Lock()
	o.queue = append(o.queue, m)
	o.mu.Unlock()
	o.cond.Signal()
}

func (o *outbox) close() {
	o.mu.Lock()
	o.closed = true
	o.mu.Unlock()
	o.cond.Broadcast()
}

func (o *outbox) next() (hub.Message, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for len(o.queue) == 0 && !o.closed {
		o.cond.Wait()
	}
	if len(o.queue) == 0 {
		return hub.Message{}, false
	}
	m := o.queue[0]
	o.queue = o.queue[1:]
	return m, true
}

func (o *outbox) deliver(worker int, cfg *liveConfig) {
	for {
		m, ok := o.next()
		if !ok {
			return
		}
		if !cfg.get().PushDryRun {
			log.Printf("push worker %d: %s/%d", worker, m.Room, m.Seq)
		}
		o.sent.Add(1)
	}
}

// --- moderation ----------------------------------------------------------------

type report struct {
	Room   string    `json:"room"`
	Seq    uint64    `json:"seq"`
	By     string    `json:"by"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// moderation forwards reports to the moderation service, when one is
// configured.
type moderation struct {
	url   string
	queue chan report
}

func newModeration(url string) *moderation {
	m := &moderation{url: url}
	if url != "" {
		m.queue = make(chan report, 64)
		go m.forward()
	}
	return m
}

func (m *moderation) submit(r report) { m.queue <- r }

func (m *moderation) forward() {
	for r := range m.queue {
		log.Printf("moderation: report on %s/%d to %s", r.Room, r.Seq, m.url)
	}
}

// --- thumbnails ----------------------------------------------------------------

type thumbJob struct{ key, ctype string }

func thumbnailer(jobs <-chan thumbJob) {
	for j := range jobs {
		_ = j // thumbnails are rendered by the media service; we only mark them pending
	}
}

func mustJSON(v interface{}) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
