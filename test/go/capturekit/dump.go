package capturekit

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Goroutine is one record of a debug=2 dump, reduced to what the ground
// truth needs.
type Goroutine struct {
	ID        int
	RawState  string // as printed inside the brackets
	Reason    string // wait reason without "(leaked)"
	Leaked    bool
	Labels    string // Go 1.27 header labels, "{route: x}" or ""
	Frames    []string
	CreatedBy string
	Elided    []string // "...N frames elided..." lines
}

var headerRe = regexp.MustCompile(`^goroutine (\d+)(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[([^\]]*)\](?: (\{.*\}))?:$`)

// ParseDump reads a goroutine debug=2 dump (runtime.Stack(all) format);
// any other line is an error.
func ParseDump(data []byte) ([]Goroutine, error) {
	gs, _, err := ScanDump(data, false)
	return gs, err
}

// ScanDump reads goroutine records; lenient, it also accepts crash output
// and returns the lines that belong to no goroutine (log lines, panic
// messages, registers) instead of failing on them.
func ScanDump(data []byte, lenient bool) ([]Goroutine, []string, error) {
	var out []Goroutine
	var other []string
	var cur *Goroutine
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	for idx, line := range lines {
		lineNo := idx + 1
		if m := headerRe.FindStringSubmatch(line); m != nil {
			id, _ := strconv.Atoi(m[1])
			out = append(out, Goroutine{ID: id, RawState: m[2], Labels: m[3]})
			cur = &out[len(out)-1]
			parts := strings.Split(m[2], ", ")
			cur.Reason = parts[0]
			if strings.HasSuffix(cur.Reason, " (leaked)") {
				cur.Leaked = true
				cur.Reason = strings.TrimSuffix(cur.Reason, " (leaked)")
			}
			continue
		}
		nextIsFile := idx+1 < len(lines) && strings.HasPrefix(lines[idx+1], "\t")
		if line == "" {
			if lenient {
				cur = nil
			}
			continue
		}
		if cur != nil && strings.HasPrefix(line, "...") {
			cur.Elided = append(cur.Elided, line)
			continue
		}
		if cur != nil && strings.HasPrefix(line, "\t") {
			continue
		}
		if cur == nil || (lenient && !nextIsFile) {
			if !lenient && cur == nil {
				continue
			}
			cur = nil
			other = append(other, line)
			continue
		}
		if strings.HasPrefix(line, "created by ") {
			s := strings.TrimPrefix(line, "created by ")
			if i := strings.Index(s, " in goroutine "); i >= 0 {
				s = s[:i]
			}
			cur.CreatedBy = s
			continue
		}
		i := strings.LastIndex(line, "(")
		if i <= 0 || !strings.HasSuffix(line, ")") {
			return nil, nil, fmt.Errorf("line %d: not a frame: %q", lineNo, line)
		}
		cur.Frames = append(cur.Frames, line[:i])
	}
	return out, other, nil
}
