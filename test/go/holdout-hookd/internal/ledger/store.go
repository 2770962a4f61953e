// Package ledger keeps the delivery history of every endpoint in the
// database, journals events and archives exports.
package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"time"

	_ "hooks.example.io/hookd/internal/ledger/memdb"
)

// Store is the delivery history.
type Store struct {
	db *sql.DB
}

// Open opens the ledger database with at most conns connections.
func Open(dsn string, conns int) (*Store, error) {
	db, err := sql.Open("memdb", dsn)
	if err != nil {
		return nil, fmt.Errorf("ledger: open %s: %w", dsn, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	return &Store{db: db}, nil
}

func (s *Store) Close() error { return s.db.Close() }

// Attempt is one recorded delivery attempt.
type Attempt struct {
	Seq    int64
	Status int64
}

// Replay reads every attempt of an endpoint from the replay log, for
// resending. The replay log can be large; the caller decides how long it
// may take through ctx.
func (s *Store) Replay(ctx context.Context, endpoint string) ([]Attempt, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT seq, status FROM replay_log WHERE endpoint = ?", endpoint)
	if err != nil {
		return nil, fmt.Errorf("ledger: replay %s: %w", endpoint, err)
	}
	defer rows.Close()
	var out []Attempt
	for rows.Next() {
		var a Attempt
		if err := rows.Scan(&a.Seq); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Stats counts the deliveries of an endpoint.
func (s *Store) Stats(endpoint string) (int64, error) {
	var n int64
	err := s.db.QueryRow("SELECT count FROM deliveries WHERE endpoint = ?", endpoint).Scan(&n)
	return n, err
}

// Record stores one delivery attempt.
func (s *Store) Record(ctx context.Context, endpoint string, status int) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO deliveries VALUES (?, ?)", endpoint, int64(status))
	return err
}

// Retrier looks for deliveries due for a retry every Every, each look
// bounded by Budget, until ctx ends.
type Retrier struct {
	Store  *Store
	Every  time.Duration
	Budget time.Duration
	Found  func(n int)
}

func (r *Retrier) Run(ctx context.Context) error {
	t := time.NewTicker(r.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		n, err := r.due(ctx)
		if err != nil {
			log.Printf("retrier: %v", err)
			continue
		}
		if r.Found != nil && n > 0 {
			r.Found(n)
		}
	}
}

func (r *Retrier) due(ctx context.Context) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, r.Budget)
	defer cancel()
	rows, err := r.Store.db.QueryContext(ctx, "SELECT seq FROM outbox WHERE due")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}
