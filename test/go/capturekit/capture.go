package capturekit

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// ProfileFile is one profile a capture takes: its file name stem and its
// path under /debug/pprof/.
type ProfileFile struct{ Name, Path string }

// GoroutineFiles are the profiles of every capture, debug=2 first: the
// others are checked against it.
var GoroutineFiles = []ProfileFile{
	{"goroutine_debug2", "goroutine?debug=2"},
	{"goroutine_debug1", "goroutine?debug=1"},
	{"goroutine_debug0", "goroutine"},
	{"heap_debug0", "heap?gc=1"},
}

// LeakFiles are the goroutineleak profiles (Go 1.26+), taken after
// GoroutineFiles when a driver runs with -goroutineleak.
var LeakFiles = []ProfileFile{
	{"goroutineleak_debug2", "goroutineleak?debug=2"},
	{"goroutineleak_debug1", "goroutineleak?debug=1"},
	{"goroutineleak_debug0", "goroutineleak"},
}

// FileName is the profile's file name: debug=0 profiles are gzipped
// protobuf, the others text.
func FileName(p ProfileFile) string {
	if strings.HasSuffix(p.Name, "debug0") {
		return p.Name + ".pb.gz"
	}
	return p.Name + ".txt"
}

// OneShot clients never reuse a connection: each request is its own
// connection, closed when the client gives up or the response is read.
func OneShot(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
}

// Get fetches url on a connection of its own (so no idle connection of
// the driver's stays in the next capture) and fails on any status but 200.
func Get(url string) ([]byte, error) {
	resp, err := OneShot(60 * time.Second).Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: status %s", url, resp.Status)
	}
	return io.ReadAll(resp.Body)
}

// WaitListening reads the service's stdout until it has printed a "NAME
// on ADDR" line for every name, and returns the addresses in the names'
// order; it gives up after 20 s.
func WaitListening(r io.Reader, names ...string) ([]string, error) {
	found := make(chan []string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		got := map[string]string{}
		for sc.Scan() {
			line := sc.Text()
			for _, n := range names {
				if strings.HasPrefix(line, n+" on ") {
					got[n] = strings.TrimPrefix(line, n+" on ")
				}
			}
			if len(got) == len(names) {
				out := make([]string, len(names))
				for i, n := range names {
					out[i] = got[n]
				}
				found <- out
				got = map[string]string{}
			}
		}
	}()
	select {
	case f := <-found:
		return f, nil
	case <-time.After(20 * time.Second):
		return nil, fmt.Errorf("no %q lines within 20 s", names)
	}
}

// GzipFile replaces path by path.gz (best compression, the original name
// in the header).
func GzipFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	f, err := os.Create(path + ".gz")
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	zw.Name = filepath.Base(path)
	if _, err := zw.Write(b); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Remove(path)
}

// Tail keeps the last 8 KiB of what is written to it (a service's stderr,
// for error reports).
type Tail struct {
	mu sync.Mutex
	b  []byte
}

func (t *Tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > 8<<10 {
		t.b = t.b[len(t.b)-8<<10:]
	}
	return len(p), nil
}

func (t *Tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

// Round1 rounds x to one decimal, for the seconds the truth records.
func Round1(x float64) float64 { return float64(int(x*10+0.5)) / 10 }
