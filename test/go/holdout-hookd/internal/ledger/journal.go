package ledger

import (
	"compress/gzip"
	"fmt"
	"io"
	"log"
	"sync"
)

// Journal appends events to an audit trail from one goroutine, fed by a
// buffered channel; Close ends it.
type Journal struct {
	entries chan string
	done    chan struct{}
	mu      sync.Mutex
	n       int
}

func NewJournal(buffer int) *Journal {
	j := &Journal{entries: make(chan string, buffer), done: make(chan struct{})}
	go j.run()
	return j
}

func (j *Journal) run() {
	defer close(j.done)
	for e := range j.entries {
		j.mu.Lock()
		j.n++
		j.mu.Unlock()
		_ = e
	}
}

// Append journals an event, dropping it when the journal is behind.
func (j *Journal) Append(format string, args ...interface{}) {
	select {
	case j.entries <- fmt.Sprintf(format, args...):
	default:
		log.Printf("journal: dropped an event")
	}
}

func (j *Journal) Close() {
	close(j.entries)
	<-j.done
}

// Exporter compresses export streams into the archive.
type Exporter struct {
	mu    sync.Mutex
	sizes map[string]int64
}

func NewExporter() *Exporter { return &Exporter{sizes: map[string]int64{}} }

// Store reads src to its end and archives it under name.
func (e *Exporter) Store(name string, src io.Reader) {
	cw := &countWriter{}
	zw := gzip.NewWriter(cw)
	if _, err := io.Copy(zw, src); err != nil {
		log.Printf("export %s: %v", name, err)
		return
	}
	zw.Close()
	e.mu.Lock()
	e.sizes[name] = cw.n
	e.mu.Unlock()
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }
