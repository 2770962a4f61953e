// Package capturekit is what the project's corpus capture programs share:
// reading the goroutine profiles they capture (debug=2 dumps, debug=1
// text, pprof's protobuf form), the per-goroutine matching rules of a
// ground-truth design, the ground truth computed from a capture and
// checked across formats, and the state a failed run keeps for -recheck.
//
// Standard library only and go 1.19: the capture programs are built
// offline (GOPROXY=off) with every toolchain the fixtures are made with,
// and reach this module through a directory replace in their go.mod.
package capturekit
