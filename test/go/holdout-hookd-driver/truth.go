package main

import "example.com/capturekit"

// design is the ground truth's design: groups and the capture's own
// goroutines, checked by capturekit.
var design = &capturekit.Design[moment]{
	Groups: groups,
	// The capture's own goroutines: each profile request has its own, so
	// their counts are not compared across formats.
	CaptureGroups: map[string]bool{"pprof-capture": true, "capture-bgread-not-started": true, "capture-previous-conn": true, "conn-background-read": true},
	ReaderGroups:  []string{"capture-bgread-not-started", "conn-background-read"},
	HeldReaders:   heldReaders,
}

// heldReaders is the number of background readers of connections whose
// client is connected, besides the capture's own.
func heldReaders(m moment) int {
	n := 0
	if m.Held {
		n += holdStreams + holdPolls
	}
	if m.InFlight {
		n += verifications
	}
	return n
}
