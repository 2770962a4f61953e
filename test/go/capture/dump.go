package main

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// goroutine is one record of a debug=2 dump, reduced to what the ground
// truth needs.
type goroutine struct {
	ID        int
	RawState  string // as printed inside the brackets
	Reason    string // wait reason without "(leaked)"
	Leaked    bool
	Labels    string // Go 1.27 header labels, "{route: x}" or ""
	Frames    []string
	CreatedBy string
}

var headerRe = regexp.MustCompile(`^goroutine (\d+)(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[([^\]]*)\](?: (\{.*\}))?:$`)

// parseDump reads a goroutine debug=2 dump (runtime.Stack(all) format).
func parseDump(data []byte) ([]goroutine, error) {
	var out []goroutine
	var cur *goroutine
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		if m := headerRe.FindStringSubmatch(line); m != nil {
			id, _ := strconv.Atoi(m[1])
			out = append(out, goroutine{ID: id, RawState: m[2], Labels: m[3]})
			cur = &out[len(out)-1]
			parts := strings.Split(m[2], ", ")
			cur.Reason = parts[0]
			if strings.HasSuffix(cur.Reason, " (leaked)") {
				cur.Leaked = true
				cur.Reason = strings.TrimSuffix(cur.Reason, " (leaked)")
			}
			continue
		}
		if cur == nil || line == "" || strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "...") {
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
			return nil, fmt.Errorf("line %d: not a frame: %q", lineNo, line)
		}
		cur.Frames = append(cur.Frames, line[:i])
	}
	return out, sc.Err()
}
