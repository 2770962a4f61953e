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
	// Every client but the captures talks HTTP/2: no held connection has
	// an HTTP/1 background reader.
	HeldReaders: func(moment) int { return 0 },
}
