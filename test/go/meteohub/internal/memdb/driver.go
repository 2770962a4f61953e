// Package memdb is a database/sql driver over in-memory tables, with a
// "recent" tier kept in memory and an "archive" tier that must be mounted
// before it can be scanned. It understands one statement shape:
//
//	SELECT col, col FROM table [WHERE col = ? [AND col = ?]]
package memdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"
)

func init() {
	sql.Register("memdb", &Driver{})
}

// Driver opens connections to named databases; all connections of one name
// share its tables.
type Driver struct{}

var (
	dbsMu sync.Mutex
	dbs   = map[string]*Database{}
)

// Database is a set of tables; Lookup returns the one a DSN names.
type Database struct {
	mu     sync.RWMutex
	tables map[string]*Table
}

// Lookup returns (creating it) the database called name.
func Lookup(name string) *Database {
	dbsMu.Lock()
	defer dbsMu.Unlock()
	d, ok := dbs[name]
	if !ok {
		d = &Database{tables: map[string]*Table{}}
		dbs[name] = d
	}
	return d
}

// Open implements driver.Driver.
func (*Driver) Open(dsn string) (driver.Conn, error) {
	return &Conn{db: Lookup(dsn)}, nil
}

// Conn is one connection; it holds no state of its own beyond its database.
type Conn struct {
	db     *Database
	closed bool
}

var errClosed = errors.New("memdb: connection closed")

func (c *Conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *Conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if c.closed {
		return nil, errClosed
	}
	q, err := parse(query)
	if err != nil {
		return nil, err
	}
	return &Stmt{conn: c, q: q}, nil
}

func (c *Conn) Close() error {
	c.closed = true
	return nil
}

func (c *Conn) Begin() (driver.Tx, error) {
	return nil, errors.New("memdb: transactions are not supported")
}

// QueryContext runs a query without preparing it first.
func (c *Conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if c.closed {
		return nil, errClosed
	}
	q, err := parse(query)
	if err != nil {
		return nil, err
	}
	return c.run(ctx, q, args)
}

func (c *Conn) run(ctx context.Context, q *query, args []driver.NamedValue) (driver.Rows, error) {
	if len(args) != len(q.where) {
		return nil, fmt.Errorf("memdb: %d arguments for %d placeholders", len(args), len(q.where))
	}
	c.db.mu.RLock()
	t, ok := c.db.tables[q.table]
	c.db.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("memdb: no table %q", q.table)
	}
	return t.scan(ctx, q, args)
}

// Stmt is a parsed statement.
type Stmt struct {
	conn *Conn
	q    *query
}

func (s *Stmt) Close() error  { return nil }
func (s *Stmt) NumInput() int { return len(s.q.where) }

func (s *Stmt) Exec(args []driver.Value) (driver.Result, error) {
	return nil, errors.New("memdb: read-only statements")
}

func (s *Stmt) Query(args []driver.Value) (driver.Rows, error) {
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return s.conn.run(context.Background(), s.q, named)
}

func (s *Stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.conn.run(ctx, s.q, args)
}

var (
	_ driver.QueryerContext     = (*Conn)(nil)
	_ driver.ConnPrepareContext = (*Conn)(nil)
	_ driver.StmtQueryContext   = (*Stmt)(nil)
)
