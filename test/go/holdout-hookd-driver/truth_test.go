package main

import (
	"os"
	"path/filepath"
	"testing"

	"example.com/capturekit"
)

// TestCommittedTruth recomputes the committed GROUND_TRUTH.json of every
// Go version from its own captures: the design and the truth machinery
// must give the same captures, field for field, that the run which wrote
// them did.
func TestCommittedTruth(t *testing.T) {
	for _, v := range []string{"go1.19", "go1.23", "go1.27"} {
		t.Run(v, func(t *testing.T) {
			dir := filepath.Join("..", "..", "fixtures", v, "holdout-hookd")
			if _, err := os.Stat(filepath.Join(dir, "GROUND_TRUTH.json")); err != nil {
				t.Skipf("no committed captures: %v", err)
			}
			got, want, problems, err := design.Recompute(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Errorf("check: %s", p)
			}
			if len(got) != 3 {
				t.Errorf("%d captures, want t1, t2, t3", len(got))
			}
			for name := range want {
				if d := capturekit.FirstDifference(got[name], want[name]); d != "" {
					t.Errorf("capture %s differs from the committed one %s", name, d)
				}
			}
		})
	}
}
