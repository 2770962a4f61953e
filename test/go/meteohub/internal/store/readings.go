// Package store reads stations and their readings from the SQL databases.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"
)

// Reading is one measurement of a station.
type Reading struct {
	At    time.Time `json:"at"`
	Value float64   `json:"value"`
}

// Readings is the readings database: a recent tier and an archive.
type Readings struct {
	db *sql.DB
}

// OpenReadings opens the readings database with at most maxOpen connections.
func OpenReadings(dsn string, maxOpen int) (*Readings, error) {
	db, err := sql.Open("memdb", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening readings: %w", err)
	}
	db.SetMaxOpenConns(maxOpen)
	db.SetMaxIdleConns(maxOpen)
	return &Readings{db: db}, nil
}

const (
	qTier = "SELECT at, value FROM readings WHERE station = ? AND tier = ?"
)

// History returns the archived readings of a station.
func (r *Readings) History(ctx context.Context, station string) ([]Reading, error) {
	rows, err := r.db.QueryContext(ctx, qTier, station, "archive")
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", station, err)
	}
	return collect(rows)
}

// Summary is the range and mean of the recent readings.
type Summary struct {
	Count int     `json:"count"`
	Min   float64 `json:"min"`
	Max   float64 `json:"max"`
	Avg   float64 `json:"avg"`
}

// Summary summarises the recent tier of a station.
func (r *Readings) Summary(station string) (Summary, error) {
	rows, err := r.db.Query(qTier, station, "recent")
	if err != nil {
		return Summary{}, fmt.Errorf("summary of %s: %w", station, err)
	}
	rs, err := collect(rows)
	if err != nil {
		return Summary{}, err
	}
	if len(rs) == 0 {
		return Summary{}, nil
	}
	s := Summary{Count: len(rs), Min: math.Inf(1), Max: math.Inf(-1)}
	for _, x := range rs {
		s.Min = math.Min(s.Min, x.Value)
		s.Max = math.Max(s.Max, x.Value)
		s.Avg += x.Value / float64(len(rs))
	}
	return s, nil
}

func collect(rows *sql.Rows) ([]Reading, error) {
	defer rows.Close()
	var out []Reading
	for rows.Next() {
		var x Reading
		var at int64
		if err := rows.Scan(&at, &x.Value); err != nil {
			return nil, err
		}
		x.At = time.Unix(at, 0).UTC()
		out = append(out, x)
	}
	return out, rows.Err()
}
