// Package memdb is a tiny in-process database/sql driver: a few named
// tables of rows held in memory. A table can be locked (a maintenance job
// holds it); a query on a locked table waits until the lock is released or
// the query's context is done, exactly like a real server-side lock wait.
package memdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
)

func init() { sql.Register("memdb", &Driver{dbs: map[string]*Database{}}) }

// Driver opens connections to the database named by the DSN, e.g.
// "hookd?locked=replay_log,archive".
type Driver struct {
	mu  sync.Mutex
	dbs map[string]*Database
}

// Database is shared by every connection of one DSN.
type Database struct {
	mu     sync.Mutex
	tables map[string][][]driver.Value
	locks  map[string]chan struct{}
}

func (d *Driver) Open(dsn string) (driver.Conn, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	db, ok := d.dbs[dsn]
	if !ok {
		db = &Database{tables: map[string][][]driver.Value{}, locks: map[string]chan struct{}{}}
		if i := strings.Index(dsn, "?locked="); i >= 0 {
			for _, t := range strings.Split(dsn[i+len("?locked="):], ",") {
				db.locks[t] = make(chan struct{}) // never closed: the maintenance job does not end
			}
		}
		d.dbs[dsn] = db
	}
	return &conn{db: db}, nil
}

type conn struct {
	db     *Database
	closed bool
}

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return nil, errors.New("memdb: prepared statements are not supported")
}
func (c *conn) Close() error              { c.closed = true; return nil }
func (c *conn) Begin() (driver.Tx, error) { return nil, errors.New("memdb: no transactions") }

// tableOf finds the table a statement names after FROM or INTO.
func tableOf(query string) string {
	f := strings.Fields(query)
	for i := 0; i+1 < len(f); i++ {
		if k := strings.ToUpper(f[i]); k == "FROM" || k == "INTO" || k == "UPDATE" {
			return f[i+1]
		}
	}
	return ""
}

// waitUnlocked blocks while table is locked, until ctx is done.
func (db *Database) waitUnlocked(ctx context.Context, table string) error {
	db.mu.Lock()
	lock := db.locks[table]
	db.mu.Unlock()
	if lock == nil {
		return nil
	}
	select {
	case <-lock:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("memdb: waiting for the lock on %s: %w", table, ctx.Err())
	}
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	t := tableOf(query)
	if err := c.db.waitUnlocked(ctx, t); err != nil {
		return nil, err
	}
	c.db.mu.Lock()
	rows := append([][]driver.Value(nil), c.db.tables[t]...)
	c.db.mu.Unlock()
	if len(rows) == 0 {
		rows = [][]driver.Value{{int64(0)}}
	}
	return &result{rows: rows}, nil
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	t := tableOf(query)
	if err := c.db.waitUnlocked(ctx, t); err != nil {
		return nil, err
	}
	row := make([]driver.Value, len(args))
	for i, a := range args {
		row[i] = a.Value
	}
	c.db.mu.Lock()
	c.db.tables[t] = append(c.db.tables[t], row)
	c.db.mu.Unlock()
	return driver.RowsAffected(1), nil
}

type result struct {
	rows [][]driver.Value
	i    int
}

func (r *result) Columns() []string {
	if len(r.rows) == 0 {
		return nil
	}
	cols := make([]string, len(r.rows[0]))
	for i := range cols {
		cols[i] = fmt.Sprintf("c%d", i)
	}
	return cols
}
func (r *result) Close() error { return nil }
func (r *result) Next(dest []driver.Value) error {
	if r.i >= len(r.rows) {
		return io.EOF
	}
	copy(dest, r.rows[r.i])
	r.i++
	return nil
}
