package main

// dump_damaged.txt: the real dump with the damage a careless copy, a
// truncating logger or a hand edit does, one kind per goroutine, each where
// the program's known goroutines put it. The truth records what a parser
// keeps of each damaged goroutine and the warning (line, kind, text) it owes.

import (
	"fmt"
	"strings"
)

type edit struct {
	at      int     // 0-based source line
	replace *string // new text; nil keeps the line
	drop    bool
	insert  []string // lines inserted after it
}

func ptr(s string) *string { return &s }

func damage(src []string) (derived, error) {
	p, err := parseOutput(src)
	if err != nil {
		return derived{}, err
	}
	gs := p.Goroutines
	edits := map[int]*edit{}
	at := func(i int) *edit {
		if edits[i] == nil {
			edits[i] = &edit{at: i}
		}
		return edits[i]
	}
	type warnAt struct {
		src  int // source line the warning is about (for an insert: the line it follows)
		kind string
		text string
		ins  bool
	}
	var warns []warnAt
	// find: the first goroutine (not yet damaged) with a frame whose function starts with fn.
	used := map[int]bool{}
	find := func(fn string) (*goroutine, int, error) {
		for gi := range gs {
			if used[gi] {
				continue
			}
			for fi, f := range gs[gi].Frames {
				if strings.HasPrefix(f.Function, fn) {
					used[gi] = true
					return &gs[gi], fi, nil
				}
			}
		}
		return nil, 0, fmt.Errorf("damage: no goroutine left with a frame %s", fn)
	}

	// 1. A function line cut inside its arguments: the name is read, the frame kept.
	g, fi, err := find("main.serveSlow")
	if err != nil {
		return derived{}, err
	}
	f := g.Frames[fi]
	line := src[f.fnAt]
	cut := line[:strings.LastIndex(line, "(")+4]
	at(f.fnAt).replace = ptr(cut)
	warns = append(warns, warnAt{src: f.fnAt, kind: "function-line", text: cut})

	// 2. A file line without its line number: the frame is kept with line 0.
	g, fi, err = find("main.consume")
	if err != nil {
		return derived{}, err
	}
	f = g.Frames[fi]
	noLine := "\t" + f.File + fileSuffix(src[f.fileAt])
	at(f.fileAt).replace = ptr(noLine)
	g.Frames[fi].Line = 0
	warns = append(warns, warnAt{src: f.fileAt, kind: "no-line-number", text: noLine})

	// 3. A line number that overflows: kept with line 0.
	g, fi, err = find("main.consume")
	if err != nil {
		return derived{}, err
	}
	f = g.Frames[fi]
	overflow := "\t" + f.File + ":99999999999999999999" + fileSuffix(src[f.fileAt])
	at(f.fileAt).replace = ptr(overflow)
	g.Frames[fi].Line = 0
	warns = append(warns, warnAt{src: f.fileAt, kind: "line-overflow", text: overflow})

	// 4. A log line between two frames: skipped, every frame kept.
	g, fi, err = find("time.Sleep")
	if err != nil {
		return derived{}, err
	}
	if fi+1 >= len(g.Frames) {
		return derived{}, fmt.Errorf("damage: time.Sleep is the last frame of goroutine %d", g.ID)
	}
	junk := "2024/12/06 09:52:01 db: reconnecting (attempt 3)"
	at(g.Frames[fi].fileAt).insert = []string{junk}
	warns = append(warns, warnAt{src: g.Frames[fi].fileAt, kind: "junk", text: junk, ins: true})

	// 5. A created-by line cut short. With ` in goroutine N` (Go 1.21+) the cut
	// falls in it and the creator's name survives; without, only `created by`
	// is left and the creator's function is unknown.
	g, _, err = find("main.consume")
	if err != nil {
		return derived{}, err
	}
	if g.CreatedBy == nil {
		return derived{}, fmt.Errorf("damage: goroutine %d has no creator", g.ID)
	}
	var cutCreator string
	if g.CreatedBy.ParentID != nil {
		full := src[g.CreatedBy.at]
		cutCreator = full[:strings.Index(full, " in goroutine ")+7]
	} else {
		cutCreator = "created by"
		g.CreatedBy.Function = "?"
	}
	g.CreatedBy.ParentID = nil
	at(g.CreatedBy.at).replace = ptr(cutCreator)
	warns = append(warns, warnAt{src: g.CreatedBy.at, kind: "created-by-cut", text: cutCreator})

	// 6. A function line behind a terminal escape: Go prints no control
	// characters, but the name is kept as it is (and shown escaped), with a
	// warning.
	g, fi, err = find("main.labelledDump")
	if err != nil {
		return derived{}, err
	}
	f = g.Frames[fi]
	garbled := "\x1b[2J" + src[f.fnAt]
	at(f.fnAt).replace = ptr(garbled)
	g.Frames[fi].Function = "\x1b[2J" + f.Function
	warns = append(warns, warnAt{src: f.fnAt, kind: "control-name", text: garbled})

	// 7. A frame whose file line is gone: kept without file and line.
	g, fi, err = find("sync.(*Mutex).Lock")
	if err != nil {
		return derived{}, err
	}
	f = g.Frames[fi]
	at(f.fileAt).drop = true
	g.Frames[fi].File, g.Frames[fi].Line = "", 0
	warns = append(warns, warnAt{src: f.fnAt, kind: "no-file-line", text: src[f.fnAt]})

	// 8. The input ends after a function line of the last goroutine: what was
	// read is kept, marked incomplete; the warning does not blame net/http/pprof.
	last := &gs[len(gs)-1]
	if used[len(gs)-1] || len(last.Frames) < 2 {
		return derived{}, fmt.Errorf("damage: the last goroutine is already damaged or too short")
	}
	end := last.Frames[1].fnAt
	last.Frames = last.Frames[:2]
	last.Frames[1].File, last.Frames[1].Line = "", 0
	last.CreatedBy = nil
	last.Ancestors = []ancestor{}
	last.Truncated = true

	// Apply, numbering the output lines.
	var out []string
	outLine := map[int]int{} // source line → its 1-based output line
	insLine := map[int]int{} // source line → the 1-based output line of its first insert
	for i := 0; i <= end; i++ {
		e := edits[i]
		if e != nil && e.drop {
			continue
		}
		l := src[i]
		if e != nil && e.replace != nil {
			l = *e.replace
		}
		out = append(out, l)
		outLine[i] = len(out)
		if e != nil && len(e.insert) > 0 {
			insLine[i] = len(out) + 1
			out = append(out, e.insert...)
		}
	}
	var ws []warning
	for _, w := range warns {
		n := outLine[w.src]
		if w.ins {
			n = insLine[w.src]
		}
		ws = append(ws, warning{Line: n, Kind: w.kind, Text: w.text})
	}
	ws = append(ws, warning{Line: len(out), Kind: "cut"})
	sortWarnings(ws)
	return derived{
		text: strings.Join(out, "\n") + "\n",
		truth: fileTruth{File: "dump_damaged.txt", Source: "dump.txt",
			How:        "the dump damaged once per goroutine: a function line cut in its arguments, a file line without its line number, a line number of 20 digits, a log line between two frames, a created-by line cut short, a function name behind a terminal escape, a frame without its file line, and the input ending after a function line",
			Goroutines: gs, Races: []raceReport{}, TestTimeout: p.TestTimeout, Warnings: ws},
	}, nil
}

// fileSuffix is what follows the line number of a file line (` +0x…`, or nothing).
func fileSuffix(fileLine string) string {
	i := strings.LastIndex(fileLine, ":")
	rest := fileLine[i+1:]
	if j := strings.IndexByte(rest, ' '); j >= 0 {
		return rest[j:]
	}
	return ""
}

func sortWarnings(ws []warning) {
	for i := 1; i < len(ws); i++ {
		for j := i; j > 0 && ws[j].Line < ws[j-1].Line; j-- {
			ws[j], ws[j-1] = ws[j-1], ws[j]
		}
	}
}
