package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Station is a catalog entry.
type Station struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	Calibrated bool    `json:"calibrated"`
}

// ErrNoStation is returned for unknown station ids.
var ErrNoStation = errors.New("no such station")

// Catalog is the station metadata database.
type Catalog struct {
	db *sql.DB
}

// OpenCatalog opens the metadata database.
func OpenCatalog(dsn string) (*Catalog, error) {
	db, err := sql.Open("memdb", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening catalog: %w", err)
	}
	db.SetMaxOpenConns(8)
	return &Catalog{db: db}, nil
}

// Ping opens the first connection, so the pool is warm.
func (c *Catalog) Ping(ctx context.Context) error { return c.db.PingContext(ctx) }

// Station looks a station up.
func (c *Catalog) Station(ctx context.Context, id string) (Station, error) {
	var s Station
	var cal string
	err := c.db.QueryRowContext(ctx, "SELECT id, name, lat, lon, calibrated FROM stations WHERE id = ?", id).
		Scan(&s.ID, &s.Name, &s.Lat, &s.Lon, &cal)
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNoStation
	}
	s.Calibrated = cal == "yes"
	return s, err
}
