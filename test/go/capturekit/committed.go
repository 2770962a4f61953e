package capturekit

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCommitted recomputes the committed GROUND_TRUTH.json of corpus (a
// folder of test/fixtures/go1.XX/) for every Go version with the design
// (see Recompute): the captures must come out field for field as the run
// that wrote them computed them, and pass its checks. fixtures is the path
// of test/fixtures from the test's directory; a version without captures
// is skipped with the reason.
func TestCommitted[M any](t *testing.T, d *Design[M], fixtures, corpus string) {
	for _, v := range []string{"go1.19", "go1.23", "go1.27"} {
		t.Run(v, func(t *testing.T) {
			dir := filepath.Join(fixtures, v, corpus)
			if _, err := os.Stat(filepath.Join(dir, "GROUND_TRUTH.json")); err != nil {
				t.Skipf("no committed captures: %v", err)
			}
			got, want, problems, err := d.Recompute(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Errorf("check: %s", p)
			}
			if len(got) == 0 {
				t.Error("no captures")
			}
			for name := range want {
				if diff := FirstDifference(got[name], want[name]); diff != "" {
					t.Errorf("capture %s differs from the committed one %s", name, diff)
				}
			}
		})
	}
}
