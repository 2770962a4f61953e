// Package store persists relayd's data: message history and room settings
// in the relay database (through database/sql and the small driver below),
// and attachments in a bucket.
package store

import (
	"bufio"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// The relay database speaks a line protocol over TCP:
//
//	request:  VERB \t query \t arg... \n      (VERB: Q query, X exec, P ping; fields strconv.Quote'd)
//	response: OK n \n                        (exec: rows affected; ping: 0)
//	          ROWS ncol \n col... \n (row \n)* END \n
//	          ERR message \n
func init() { sql.Register("relaydb", Driver{}) }

// Driver opens connections to a relay database; the DSN is "tcp://host:port".
type Driver struct{}

// Open dials the database.
func (Driver) Open(dsn string) (driver.Conn, error) {
	addr := strings.TrimPrefix(dsn, "tcp://")
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("relaydb: %w", err)
	}
	return &conn{nc: nc, r: bufio.NewReader(nc)}, nil
}

type conn struct {
	nc     net.Conn
	r      *bufio.Reader
	broken bool
}

var (
	_ driver.QueryerContext = (*conn)(nil)
	_ driver.ExecerContext  = (*conn)(nil)
	_ driver.Pinger         = (*conn)(nil)
	_ driver.Validator      = (*conn)(nil)
)

func (c *conn) Prepare(query string) (driver.Stmt, error) { return &stmt{c: c, query: query}, nil }
func (c *conn) Close() error                              { return c.nc.Close() }
func (c *conn) Begin() (driver.Tx, error) {
	return nil, errors.New("relaydb: transactions are not supported")
}
func (c *conn) IsValid() bool { return !c.broken }

func (c *conn) Ping(ctx context.Context) error {
	_, err := c.roundTrip(ctx, "P", "", nil)
	return err
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	lines, err := c.roundTrip(ctx, "X", query, args)
	if err != nil {
		return nil, err
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "OK "), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("relaydb: bad exec reply %q", lines[0])
	}
	return driver.RowsAffected(n), nil
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	lines, err := c.roundTrip(ctx, "Q", query, args)
	if err != nil {
		return nil, err
	}
	if len(lines) < 2 {
		return nil, fmt.Errorf("relaydb: bad query reply %q", lines)
	}
	rs := &rows{cols: strings.Split(lines[1], "\t")}
	for _, l := range lines[2:] {
		rs.data = append(rs.data, strings.Split(l, "\t"))
	}
	return rs, nil
}

// roundTrip sends one request and reads its whole reply. Like the common
// drivers, it honours ctx by closing the socket's deadline when ctx is done
// (a watcher goroutine exists only while a request with a cancellable
// context is in flight).
func (c *conn) roundTrip(ctx context.Context, verb, query string, args []driver.NamedValue) ([]string, error) {
	if c.broken {
		return nil, driver.ErrBadConn
	}
	if ctx.Done() != nil {
		stop := c.watchCancel(ctx)
		defer stop()
	}
	var b strings.Builder
	b.WriteString(verb)
	b.WriteString("\t" + strconv.Quote(query))
	for _, a := range args {
		b.WriteString("\t" + strconv.Quote(fmt.Sprint(a.Value)))
	}
	b.WriteByte('\n')
	if _, err := io.WriteString(c.nc, b.String()); err != nil {
		c.broken = true
		return nil, c.ctxErr(ctx, err)
	}
	first, err := c.r.ReadString('\n')
	if err != nil {
		c.broken = true
		return nil, c.ctxErr(ctx, err)
	}
	first = strings.TrimSuffix(first, "\n")
	switch {
	case strings.HasPrefix(first, "ERR "):
		return nil, fmt.Errorf("relaydb: %s", strings.TrimPrefix(first, "ERR "))
	case strings.HasPrefix(first, "OK "):
		return []string{first}, nil
	case strings.HasPrefix(first, "ROWS "):
		lines := []string{first}
		for {
			l, err := c.r.ReadString('\n')
			if err != nil {
				c.broken = true
				return nil, c.ctxErr(ctx, err)
			}
			l = strings.TrimSuffix(l, "\n")
			if l == "END" {
				return lines, nil
			}
			lines = append(lines, l)
		}
	}
	c.broken = true
	return nil, fmt.Errorf("relaydb: unexpected reply %q", first)
}

func (c *conn) watchCancel(ctx context.Context) (stop func()) {
	finished := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			c.nc.SetDeadline(time.Unix(1, 0))
		case <-finished:
		}
	}()
	return func() { close(finished) }
}

func (c *conn) ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("relaydb: %w", err)
}

type stmt struct {
	c     *conn
	query string
}

func (s *stmt) Close() error  { return nil }
func (s *stmt) NumInput() int { return -1 }
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.c.ExecContext(context.Background(), s.query, named(args))
}
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.c.QueryContext(context.Background(), s.query, named(args))
}

func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, a := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return out
}

type rows struct {
	cols []string
	data [][]string
	i    int
}

func (r *rows) Columns() []string { return r.cols }
func (r *rows) Close() error      { return nil }
func (r *rows) Next(dest []driver.Value) error {
	if r.i >= len(r.data) {
		return io.EOF
	}
	for j := range dest {
		if j < len(r.data[r.i]) {
			v, err := strconv.Unquote(r.data[r.i][j])
			if err != nil {
				v = r.data[r.i][j]
			}
			dest[j] = v
		}
	}
	r.i++
	return nil
}
