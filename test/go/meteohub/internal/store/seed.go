package store

import (
	"database/sql/driver"
	"fmt"
	"time"

	"meteo.example.net/hub/internal/memdb"
)

// Seed fills the catalog and readings databases with n stations. Stations
// with an odd number have no calibration record.
func Seed(catalogDSN, readingsDSN string, n int, now time.Time) {
	cat := memdb.Lookup(catalogDSN).CreateTable("stations", "id", "name", "lat", "lon", "calibrated")
	rd := memdb.Lookup(readingsDSN).CreateTable("readings", "station", "tier", "at", "value")
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("st-%03d", i)
		cal := "yes"
		if i%2 == 1 {
			cal = "no"
		}
		cat.Insert(id, fmt.Sprintf("Station %d", i), 46.0+float64(i)/100, 7.0+float64(i)/100, cal)
		var archive [][]driver.Value
		for h := 0; h < 48; h++ {
			at := now.Add(-time.Duration(h) * time.Hour).Unix()
			if h < 6 {
				rd.Insert(id, "recent", at, 10+float64((i*h)%7))
			}
			archive = append(archive, []driver.Value{id, "archive", at, 9 + float64((i+h)%5)})
		}
		rd.LoadArchive(archive)
	}
}
