package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"example.com/capturekit"
)

type dumpSummary struct {
	File            string         `json:"file"`
	Scenario        string         `json:"scenario"`
	Goroutines      int            `json:"goroutines"`
	GoroutineIDs    []int          `json:"goroutine_ids"`
	States          map[string]int `json:"states"`
	LockedToThread  []int          `json:"locked_to_thread_ids"`
	SystemHeaders   bool           `json:"gp_m_headers"`
	FirstGoroutine  *firstG        `json:"first_goroutine"`
	MaxFrames       int            `json:"max_frames"`
	ElidedLines     []string       `json:"elided_lines"`
	OtherLines      int            `json:"non_traceback_lines"`
	FirstOtherLines []string       `json:"non_traceback_first_lines"`
	LastOtherLines  []string       `json:"non_traceback_last_lines"`
}

type firstG struct {
	ID        int    `json:"id"`
	State     string `json:"state"`
	TopFrame  string `json:"top_frame"`
	CreatedBy string `json:"created_by,omitempty"`
}

// summarize writes the ground truth of crash-style dumps: what a parser
// must find in each file. files are "scenario=path".
func summarize(out string, files []string) error {
	var all []dumpSummary
	for _, arg := range files {
		scenario, path, ok := strings.Cut(arg, "=")
		if !ok {
			return fmt.Errorf("want scenario=path, got %q", arg)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		gs, other, err := capturekit.ScanDump(data, true)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if len(gs) == 0 {
			return fmt.Errorf("%s: no goroutine found", path)
		}
		s := dumpSummary{File: filepath.Base(path), Scenario: scenario, Goroutines: len(gs), States: map[string]int{},
			GoroutineIDs: []int{}, LockedToThread: []int{}, ElidedLines: []string{}, OtherLines: len(other)}
		s.SystemHeaders = strings.Contains(string(data), " gp=0x")
		for _, g := range gs {
			s.GoroutineIDs = append(s.GoroutineIDs, g.ID)
			s.States[g.Reason]++
			if strings.Contains(g.RawState, "locked to thread") {
				s.LockedToThread = append(s.LockedToThread, g.ID)
			}
			if len(g.Frames) > s.MaxFrames {
				s.MaxFrames = len(g.Frames)
			}
			s.ElidedLines = append(s.ElidedLines, g.Elided...)
		}
		sort.Ints(s.GoroutineIDs)
		g := gs[0]
		s.FirstGoroutine = &firstG{ID: g.ID, State: g.RawState, CreatedBy: g.CreatedBy}
		if len(g.Frames) > 0 {
			s.FirstGoroutine.TopFrame = g.Frames[0]
		}
		s.FirstOtherLines = head(other, 3)
		s.LastOtherLines = tail(other, 2)
		all = append(all, s)
	}
	b, _ := json.MarshalIndent(map[string]interface{}{
		"description": "per file: what a traceback parser must find (goroutine records, their ids and wait reasons, header flags, elided-frame lines) and how many lines are not part of any goroutine record (panic message, log lines, registers, test output)",
		"dumps":       all,
	}, "", "  ")
	return os.WriteFile(out, append(b, '\n'), 0o644)
}

func head(s []string, n int) []string {
	if len(s) < n {
		n = len(s)
	}
	return append([]string{}, s[:n]...)
}

func tail(s []string, n int) []string {
	if len(s) < n {
		n = len(s)
	}
	return append([]string{}, s[len(s)-n:]...)
}
