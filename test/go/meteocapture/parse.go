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
	Minutes   string // "2 minutes" or ""
	Leaked    bool
	Labels    string // Go 1.27 header labels, "{endpoint: x}" or ""
	Frames    []string
	CreatedBy string
}

var headerRe = regexp.MustCompile(`^goroutine (\d+) \[([^\]]*)\](?: (\{.*\}))?:$`)

// parseDebug2 reads a goroutine debug=2 dump; a line it cannot place is an
// error naming the line.
func parseDebug2(data []byte) ([]goroutine, error) {
	var out []goroutine
	var cur *goroutine
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if m := headerRe.FindStringSubmatch(line); m != nil {
			id, _ := strconv.Atoi(m[1])
			out = append(out, goroutine{ID: id, RawState: m[2], Labels: m[3]})
			cur = &out[len(out)-1]
			parts := strings.Split(m[2], ", ")
			cur.Reason = parts[0]
			for _, p := range parts[1:] {
				if strings.HasSuffix(p, "minutes") {
					cur.Minutes = p
				}
			}
			if strings.HasSuffix(cur.Reason, " (leaked)") {
				cur.Leaked = true
				cur.Reason = strings.TrimSuffix(cur.Reason, " (leaked)")
			}
			continue
		}
		switch {
		case line == "":
			cur = nil
		case cur == nil:
			return nil, fmt.Errorf("line %d: outside a goroutine: %q", n, line)
		case strings.HasPrefix(line, "\t"), strings.HasPrefix(line, "..."):
		case strings.HasPrefix(line, "created by "):
			s := strings.TrimPrefix(line, "created by ")
			if i := strings.Index(s, " in goroutine "); i >= 0 {
				s = s[:i]
			}
			cur.CreatedBy = s
		default:
			i := strings.LastIndex(line, "(")
			if i <= 0 || !strings.HasSuffix(line, ")") {
				return nil, fmt.Errorf("line %d: not a frame: %q", n, line)
			}
			cur.Frames = append(cur.Frames, line[:i])
		}
	}
	return out, sc.Err()
}

// record is one stack of a debug=1 profile or one sample of a proto
// profile: count, labels ("k=v" sorted, comma-separated) and functions.
type record struct {
	Count  int
	Labels string
	Frames []string
}

var (
	countRe    = regexp.MustCompile(`^(\d+) @( 0x[0-9a-f]+)*$`)
	frameRe    = regexp.MustCompile(`^#\s+0x[0-9a-f]+\s+(\S+)\+0x[0-9a-f]+\s`)
	totalRe    = regexp.MustCompile(`^(goroutine|goroutineleak) profile: total (\d+)$`)
	labelRe    = regexp.MustCompile(`"([^"]*)":"([^"]*)"`)
	hdrLabelRe = regexp.MustCompile(`([^\s{},:]+|"[^"]*"): ([^\s{},]+|"[^"]*")`)
)

// parseDebug1 reads goroutine (or goroutineleak) debug=1 text.
func parseDebug1(data []byte) (total int, recs []record, err error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var cur *record
	seenTotal := false
	for sc.Scan() {
		line := sc.Text()
		if m := totalRe.FindStringSubmatch(line); m != nil {
			total, _ = strconv.Atoi(m[2])
			seenTotal = true
			continue
		}
		if countRe.MatchString(line) {
			n, _ := strconv.Atoi(strings.Fields(line)[0])
			recs = append(recs, record{Count: n})
			cur = &recs[len(recs)-1]
			continue
		}
		if cur == nil {
			continue
		}
		if strings.HasPrefix(line, "# labels: ") {
			var kv []string
			for _, m := range labelRe.FindAllStringSubmatch(line, -1) {
				kv = append(kv, m[1]+"="+m[2])
			}
			cur.Labels = joinSorted(kv)
			continue
		}
		if m := frameRe.FindStringSubmatch(line); m != nil {
			cur.Frames = append(cur.Frames, m[1])
		}
	}
	if !seenTotal {
		return 0, nil, fmt.Errorf("no \"profile: total\" line")
	}
	return total, recs, sc.Err()
}

// headerLabels turns go1.27's "{endpoint: stations.list}" into the form
// records use ("endpoint=stations.list").
func headerLabels(s string) string {
	var kv []string
	for _, m := range hdrLabelRe.FindAllStringSubmatch(s, -1) {
		kv = append(kv, unquote(m[1])+"="+unquote(m[2]))
	}
	return joinSorted(kv)
}

func unquote(s string) string {
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	return s
}

func joinSorted(kv []string) string {
	sortStrings(kv)
	return strings.Join(kv, ",")
}
