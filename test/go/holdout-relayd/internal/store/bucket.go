package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"sync"
)

// Object is a stored attachment.
type Object struct {
	Size   int
	SHA256 string
	Data   []byte
}

// Bucket stores attachments in memory. Its writer works like the cloud
// storage clients': the upload runs in its own goroutine, fed through a
// pipe, and the object exists once the writer is closed.
type Bucket struct {
	mu      sync.Mutex
	objects map[string]Object
}

// NewBucket returns an empty bucket.
func NewBucket() *Bucket { return &Bucket{objects: map[string]Object{}} }

// Writer uploads one object; Close commits it, CloseWithError discards it.
type Writer struct {
	pw   *io.PipeWriter
	done chan error
}

// NewWriter starts an upload of key.
func (b *Bucket) NewWriter(key string) *Writer {
	pr, pw := io.Pipe()
	w := &Writer{pw: pw, done: make(chan error, 1)}
	go func() {
		var buf bytes.Buffer
		h := sha256.New()
		_, err := io.Copy(io.MultiWriter(&buf, h), pr)
		if err == nil {
			b.mu.Lock()
			b.objects[key] = Object{Size: buf.Len(), SHA256: hex.EncodeToString(h.Sum(nil)), Data: buf.Bytes()}
			b.mu.Unlock()
		}
		pr.CloseWithError(err)
		w.done <- err
	}()
	return w
}

func (w *Writer) Write(p []byte) (int, error) { return w.pw.Write(p) }

// Close commits the object.
func (w *Writer) Close() error {
	w.pw.Close()
	return <-w.done
}

// CloseWithError abandons the upload.
func (w *Writer) CloseWithError(err error) error {
	w.pw.CloseWithError(err)
	<-w.done
	return err
}

// Stat returns the stored object's size and digest.
func (b *Bucket) Stat(key string) (Object, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	o, ok := b.objects[key]
	return Object{Size: o.Size, SHA256: o.SHA256}, ok
}
