// Command pastekit writes the "pasted" parsing fixtures of one Go version:
// it copies real runtime output (a goroutine dump, a crash, race reports, a
// go test timeout, tracebackancestors, a dump logged by go test -v), derives
// from the dump and the crash what browsers, chats, terminals, loggers and
// test runners make of them (expanded tabs, indentation, quoting, CRLF,
// kubectl/journalctl/timestamp prefixes, cut and damaged lines), and writes
// GROUND_TRUTH.json: per file the goroutines and frames a parser must find,
// and the warnings it must give (line, kind, the line's text).
//
//	pastekit -out DIR name=path...
//
// The names it knows: dump, crash, race, hang, ancestors, logdump.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

type warning struct {
	Line  int    `json:"line"`
	Kind  string `json:"kind"`
	Text  string `json:"text,omitempty"`
	Count int    `json:"count,omitempty"`
}

type fileTruth struct {
	File        string       `json:"file"`
	Source      string       `json:"source,omitempty"`
	How         string       `json:"how"`
	Goroutines  []goroutine  `json:"goroutines"`
	Races       []raceReport `json:"races"`
	TestTimeout *testTimeout `json:"test_timeout"`
	Warnings    []warning    `json:"warnings"`
}

func main() {
	out := flag.String("out", "", "directory to write the fixtures and GROUND_TRUTH.json into")
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: pastekit -out DIR name=path...")
		os.Exit(2)
	}
	if err := run(*out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "pastekit:", err)
		os.Exit(1)
	}
}

var howReal = map[string]string{
	"dump":      "real: runtime.Stack(all) of crashers dump (the debug=2 format; Go 1.27 with GODEBUG=tracebacklabels=1)",
	"crash":     "real: GOTRACEBACK=all crashers busy (panic, then every goroutine; stdout and stderr)",
	"race":      "real: go test -race -v ./racy (CGO_ENABLED=1): race reports inside go test output",
	"hang":      "real: go test -timeout 2s ./hangingtests (test timeout with parallel subtests)",
	"ancestors": "real: GODEBUG=tracebackancestors=5 crashers ancestors (runtime.Stack(all))",
	"logdump":   "real: go test -v ./logdump (a dump logged with t.Logf: go test's indentation and file:line on its first line)",
}

func run(dir string, args []string) error {
	sources := map[string][]string{}
	var truths []fileTruth
	names := []string{}
	for _, a := range args {
		name, path, ok := strings.Cut(a, "=")
		if !ok || howReal[name] == "" {
			return fmt.Errorf("want name=path with a known name, got %q", a)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lines := splitLines(string(data))
		read := lines
		if name == "logdump" {
			read = undecorate(lines)
		}
		p, err := parseOutput(read)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if len(p.Goroutines)+len(p.Races) == 0 {
			return fmt.Errorf("%s: neither goroutines nor race reports", path)
		}
		sources[name] = lines
		names = append(names, name)
		file := name + ".txt"
		if err := os.WriteFile(filepath.Join(dir, file), data, 0o644); err != nil {
			return err
		}
		truths = append(truths, fileTruth{File: file, How: howReal[name], Goroutines: p.Goroutines, Races: p.Races,
			TestTimeout: p.TestTimeout, Warnings: []warning{}})
	}
	sort.Strings(names)
	derived, err := derive(sources)
	if err != nil {
		return err
	}
	for _, d := range derived {
		if err := os.WriteFile(filepath.Join(dir, d.truth.File), []byte(d.text), 0o644); err != nil {
			return err
		}
		truths = append(truths, d.truth)
	}
	b, err := json.MarshalIndent(map[string]interface{}{
		"description": "per file: the goroutines (id, state, labels, frames, created_by with parent id, tracebackancestors' ancestors), race reports and go test timeout a parser must find, and the warnings it must give (line, kind, text of the line). Real files are the runtime's own output; derived files name their source and what was done to it.",
		"files":       truths,
	}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "GROUND_TRUTH.json"), append(b, '\n'), 0o644)
}

// splitLines splits on \n; a final newline ends the last line.
func splitLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	return strings.Split(s, "\n")
}

// undecorate undoes go test's decoration of a t.Log message (testing's
// decorate): `    file.go:N: ` before its first line, 8 spaces before the
// others. Lines of go test itself (=== RUN, --- PASS, ok) stay as they are.
func undecorate(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		switch {
		case decoratedRe.MatchString(l):
			out[i] = decoratedRe.ReplaceAllString(l, "")
		case strings.HasPrefix(l, "        "):
			out[i] = l[8:]
		case strings.TrimSpace(l) == "":
			out[i] = ""
		default:
			out[i] = l
		}
	}
	return out
}

var decoratedRe = regexp.MustCompile(`^    [\w.-]+\.go:\d+: `)
