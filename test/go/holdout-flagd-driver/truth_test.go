package main

import (
	"testing"

	"example.com/capturekit"
)

// The design and the truth machinery must recompute the committed
// captures of every Go version as the runs that wrote them did.
func TestCommittedTruth(t *testing.T) {
	capturekit.TestCommitted(t, design, "../../fixtures", "holdout-flagd")
}
