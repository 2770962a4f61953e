package main

// A strict reader of the runtime's own output, independent of the
// extension's parser: goroutine tracebacks (with GODEBUG=tracebackancestors
// blocks), race detector reports and go test's timeout header. It reads the
// real files as the runtime wrote them (tabs, no prefixes) and fails on any
// line it cannot place inside a record, so the ground truth it writes is
// what is in the file.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

type frame struct {
	Function string `json:"function"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	// Where its function and file lines are (0-based), for derive.go.
	fnAt, fileAt int
}

type creator struct {
	Function string `json:"function"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	ParentID *int   `json:"parent_id"`
	at       int
}

type ancestor struct {
	GoroutineID int      `json:"goroutine_id"`
	Frames      []frame  `json:"frames"`
	CreatedBy   *creator `json:"created_by"`
	Elided      bool     `json:"elided"`
}

type goroutine struct {
	ID           int               `json:"id"`
	State        string            `json:"state"`
	WaitMinutes  *int              `json:"wait_minutes"`
	Labels       map[string]string `json:"labels"`
	Frames       []frame           `json:"frames"`
	ElidedFrames int               `json:"elided_frames"`
	Truncated    bool              `json:"truncated"`
	CreatedBy    *creator          `json:"created_by"`
	Ancestors    []ancestor        `json:"ancestors"`
}

type raceAccess struct {
	Access      string  `json:"access"` // write, read
	Previous    bool    `json:"previous"`
	Address     string  `json:"address"`
	GoroutineID int     `json:"goroutine_id"`
	Frames      []frame `json:"frames"`
}

type raceCreated struct {
	GoroutineID int     `json:"goroutine_id"`
	Status      string  `json:"status"`
	Frames      []frame `json:"frames"`
}

type raceReport struct {
	Line     int           `json:"line"`
	Accesses []raceAccess  `json:"accesses"`
	Created  []raceCreated `json:"created"`
}

type runningTest struct {
	Name     string `json:"name"`
	Duration string `json:"duration"`
}

type testTimeout struct {
	Line    int           `json:"line"`
	After   string        `json:"after"`
	Running []runningTest `json:"running"`
}

type parsed struct {
	Goroutines  []goroutine  `json:"goroutines"`
	Races       []raceReport `json:"races"`
	TestTimeout *testTimeout `json:"test_timeout"`
}

var (
	headerRe    = regexp.MustCompile(`^goroutine (\d+)(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[([^\]]*)\](?: \{(.*)\})?:$`)
	fileRe      = regexp.MustCompile(`^\t(.+):(\d+)(?: \+0x[0-9a-f]+)?(?: fp=0x[0-9a-f]+ sp=0x[0-9a-f]+ pc=0x[0-9a-f]+)?$`)
	createdRe   = regexp.MustCompile(`^created by (\S+?)(?: in goroutine (\d+))?$`)
	originRe    = regexp.MustCompile(`^\[originating from goroutine (\d+)\]:$`)
	elidedRe    = regexp.MustCompile(`^\.\.\.(\d+) frames elided\.\.\.$`)
	minutesRe   = regexp.MustCompile(`^(\d+) minutes?$`)
	accessRe    = regexp.MustCompile(`^(Previous )?(write|read|Write|Read) at (0x[0-9a-f]+) by (?:goroutine (\d+)|(main) goroutine):$`)
	createdAtRe = regexp.MustCompile(`^Goroutine (\d+) \((running|finished)\) created at:$`)
	raceFnRe    = regexp.MustCompile(`^  (\S+)\(\)$`)
	raceFileRe  = regexp.MustCompile(`^      (.+):(\d+) \+0x[0-9a-f]+$`)
	timeoutRe   = regexp.MustCompile(`^panic: test timed out after (\S+)$`)
	runningRe   = regexp.MustCompile(`^\t\t(.+) \((\S+)\)$`)
)

// funcName is the function of a frame line: up to the argument list's
// parenthesis (the last one: arguments never hold one).
func funcName(line string) (string, bool) {
	i := strings.LastIndex(line, "(")
	if i <= 0 || !strings.HasSuffix(line, ")") || strings.ContainsAny(line[:i], " \t") {
		return "", false
	}
	return line[:i], true
}

func fileLine(line string) (frame, bool) {
	m := fileRe.FindStringSubmatch(line)
	if m == nil {
		return frame{}, false
	}
	n, err := strconv.Atoi(m[2])
	if err != nil {
		return frame{}, false
	}
	return frame{File: m[1], Line: n}, true
}

func parseLabels(s string) map[string]string {
	out := map[string]string{}
	if s == "" {
		return out
	}
	for _, kv := range strings.Split(s, ", ") {
		k, v, _ := strings.Cut(kv, ": ")
		out[k] = v
	}
	return out
}

func parseState(bracket string) (string, *int) {
	parts := strings.Split(bracket, ", ")
	state := parts[0]
	var minutes *int
	for _, p := range parts[1:] {
		if m := minutesRe.FindStringSubmatch(p); m != nil {
			n, _ := strconv.Atoi(m[1])
			minutes = &n
		}
	}
	for _, suffix := range []string{" (scan)", " (leaked)", " (durable)", " (synctest)"} {
		state = strings.TrimSuffix(state, suffix)
	}
	return state, minutes
}

// parseOutput reads lines of real runtime output. Lines outside records
// (panic messages, test output, register dumps) are skipped; inside a record
// every line must be what the format says comes next.
func parseOutput(lines []string) (*parsed, error) {
	p := &parsed{Goroutines: []goroutine{}, Races: []raceReport{}}
	i := 0
	fail := func(what string) error {
		return fmt.Errorf("line %d: %s: %q", i+1, what, lines[i])
	}
	// frames reads function/file pairs of a traceback from i.
	frames := func(race bool) ([]frame, error) {
		var out []frame
		for i+1 < len(lines) {
			var fn string
			var ok bool
			if race {
				m := raceFnRe.FindStringSubmatch(lines[i])
				if m == nil {
					break
				}
				fn, ok = m[1], true
			} else {
				fn, ok = funcName(lines[i])
			}
			if !ok {
				break
			}
			var f frame
			if race {
				m := raceFileRe.FindStringSubmatch(lines[i+1])
				if m == nil {
					i++
					return nil, fail("race frame without its file line")
				}
				n, _ := strconv.Atoi(m[2])
				f = frame{File: m[1], Line: n}
			} else {
				f, ok = fileLine(lines[i+1])
				if !ok {
					i++
					return nil, fail("function line without its file line")
				}
			}
			f.Function = fn
			f.fnAt, f.fileAt = i, i+1
			out = append(out, f)
			i += 2
		}
		if out == nil {
			out = []frame{}
		}
		return out, nil
	}
	creatorAt := func() (*creator, error) {
		m := createdRe.FindStringSubmatch(lines[i])
		if m == nil || i+1 >= len(lines) {
			return nil, fail("not a created by line")
		}
		i++
		f, ok := fileLine(lines[i])
		if !ok {
			return nil, fail("created by without its file line")
		}
		i++
		c := &creator{Function: m[1], File: f.File, Line: f.Line, at: i - 2}
		if m[2] != "" {
			n, _ := strconv.Atoi(m[2])
			c.ParentID = &n
		}
		return c, nil
	}
	for i < len(lines) {
		line := lines[i]
		if m := timeoutRe.FindStringSubmatch(line); m != nil {
			t := &testTimeout{Line: i + 1, After: m[1], Running: []runningTest{}}
			i++
			if i < len(lines) && lines[i] == "\trunning tests:" {
				i++
				for i < len(lines) {
					r := runningRe.FindStringSubmatch(lines[i])
					if r == nil {
						break
					}
					t.Running = append(t.Running, runningTest{Name: r[1], Duration: r[2]})
					i++
				}
			}
			p.TestTimeout = t
			continue
		}
		if line == "WARNING: DATA RACE" {
			r := raceReport{Line: i + 1, Accesses: []raceAccess{}, Created: []raceCreated{}}
			i++
			for i < len(lines) && lines[i] != "==================" {
				if lines[i] == "" {
					i++
					continue
				}
				if m := accessRe.FindStringSubmatch(lines[i]); m != nil {
					a := raceAccess{Access: strings.ToLower(m[2]), Previous: m[1] != "", Address: m[3], GoroutineID: 1}
					if m[4] != "" {
						a.GoroutineID, _ = strconv.Atoi(m[4])
					}
					i++
					fs, err := frames(true)
					if err != nil {
						return nil, err
					}
					a.Frames = fs
					r.Accesses = append(r.Accesses, a)
					continue
				}
				if m := createdAtRe.FindStringSubmatch(lines[i]); m != nil {
					c := raceCreated{Status: m[2]}
					c.GoroutineID, _ = strconv.Atoi(m[1])
					i++
					fs, err := frames(true)
					if err != nil {
						return nil, err
					}
					c.Frames = fs
					r.Created = append(r.Created, c)
					continue
				}
				return nil, fail("unexpected line in a race report")
			}
			p.Races = append(p.Races, r)
			continue
		}
		m := headerRe.FindStringSubmatch(line)
		if m == nil {
			i++
			continue
		}
		g := goroutine{Labels: parseLabels(m[3]), Ancestors: []ancestor{}}
		g.ID, _ = strconv.Atoi(m[1])
		g.State, g.WaitMinutes = parseState(m[2])
		i++
		for {
			fs, err := frames(false)
			if err != nil {
				return nil, err
			}
			g.Frames = append(g.Frames, fs...)
			if i < len(lines) {
				if e := elidedRe.FindStringSubmatch(lines[i]); e != nil {
					n, _ := strconv.Atoi(e[1])
					g.ElidedFrames += n
					g.Truncated = true
					i++
					continue
				}
				if lines[i] == "...additional frames elided..." {
					g.Truncated = true
					i++
					continue
				}
			}
			break
		}
		if g.Frames == nil {
			g.Frames = []frame{}
		}
		if i < len(lines) && strings.HasPrefix(lines[i], "created by ") {
			c, err := creatorAt()
			if err != nil {
				return nil, err
			}
			g.CreatedBy = c
		}
		for i < len(lines) {
			o := originRe.FindStringSubmatch(lines[i])
			if o == nil {
				break
			}
			a := ancestor{}
			a.GoroutineID, _ = strconv.Atoi(o[1])
			i++
			fs, err := frames(false)
			if err != nil {
				return nil, err
			}
			a.Frames = fs
			if i < len(lines) && lines[i] == "...additional frames elided..." {
				a.Elided = true
				i++
			}
			if i < len(lines) && strings.HasPrefix(lines[i], "created by ") {
				c, err := creatorAt()
				if err != nil {
					return nil, err
				}
				a.CreatedBy = c
			}
			g.Ancestors = append(g.Ancestors, a)
		}
		if i < len(lines) && lines[i] != "" && !headerRe.MatchString(lines[i]) {
			// Crash output may end the last goroutine with other text (exit
			// status, test summary): allowed only at the end of a record.
			if _, ok := funcName(lines[i]); ok {
				return nil, fail("function line where a goroutine should end")
			}
		}
		p.Goroutines = append(p.Goroutines, g)
	}
	return p, nil
}
