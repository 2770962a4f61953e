package memdb

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"sync"
)

// Table holds rows in two tiers. Rows of the archive tier can only be read
// once the archive has been mounted.
type Table struct {
	cols    []string
	mu      sync.RWMutex
	recent  [][]driver.Value
	archive [][]driver.Value
	mounted chan struct{}
	once    sync.Once
}

// CreateTable adds (or replaces) a table with the given columns; the first
// column named "tier" selects which tier a scan reads.
func (d *Database) CreateTable(name string, cols ...string) *Table {
	t := &Table{cols: cols, mounted: make(chan struct{})}
	d.mu.Lock()
	d.tables[name] = t
	d.mu.Unlock()
	return t
}

// Insert appends a row to the recent tier.
func (t *Table) Insert(row ...driver.Value) {
	t.mu.Lock()
	t.recent = append(t.recent, row)
	t.mu.Unlock()
}

// LoadArchive appends rows to the archive tier (readable after Mount).
func (t *Table) LoadArchive(rows [][]driver.Value) {
	t.mu.Lock()
	t.archive = append(t.archive, rows...)
	t.mu.Unlock()
}

// Mount makes the archive tier readable.
func (t *Table) Mount() {
	t.once.Do(func() { close(t.mounted) })
}

func (t *Table) col(name string) int {
	for i, c := range t.cols {
		if c == name {
			return i
		}
	}
	return -1
}

func (t *Table) scan(ctx context.Context, q *query, args []driver.NamedValue) (driver.Rows, error) {
	var proj []int
	for _, c := range q.cols {
		i := t.col(c)
		if i < 0 {
			return nil, fmt.Errorf("memdb: no column %q", c)
		}
		proj = append(proj, i)
	}
	filter := make(map[int]driver.Value, len(q.where))
	tier := "recent"
	for i, c := range q.where {
		j := t.col(c)
		if j < 0 {
			return nil, fmt.Errorf("memdb: no column %q", c)
		}
		if c == "tier" {
			tier, _ = args[i].Value.(string)
			continue
		}
		filter[j] = args[i].Value
	}
	if tier == "archive" {
		if err := t.awaitMount(ctx); err != nil {
			return nil, err
		}
	}
	t.mu.RLock()
	src := t.recent
	if tier == "archive" {
		src = t.archive
	}
	var out [][]driver.Value
	for _, row := range src {
		ok := true
		for j, v := range filter {
			if fmt.Sprint(row[j]) != fmt.Sprint(v) {
				ok = false
				break
			}
		}
		if ok {
			r := make([]driver.Value, len(proj))
			for k, j := range proj {
				r[k] = row[j]
			}
			out = append(out, r)
		}
	}
	t.mu.RUnlock()
	return &rows{cols: q.cols, data: out}, nil
}

// awaitMount waits until the archive tier is readable or ctx is done.
func (t *Table) awaitMount(ctx context.Context) error {
	select {
	case <-t.mounted:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type rows struct {
	cols []string
	data [][]driver.Value
	pos  int
}

func (r *rows) Columns() []string { return r.cols }
func (r *rows) Close() error      { return nil }

func (r *rows) Next(dest []driver.Value) error {
	if r.pos >= len(r.data) {
		return io.EOF
	}
	copy(dest, r.data[r.pos])
	r.pos++
	return nil
}
