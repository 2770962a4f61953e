package capturekit

import (
	"bufio"
	"bytes"
	"regexp"
	"strconv"
	"strings"
)

// Record is one stack of a goroutine debug=1 profile: count, labels and
// the function of every frame (inlined frames included).
type Record struct {
	Count  int
	Labels string // as printed: {"route":"x"}
	Frames []string
}

var (
	countRe = regexp.MustCompile(`^(\d+) @( 0x[0-9a-f]+)*$`)
	frameRe = regexp.MustCompile(`^#\s+0x[0-9a-f]+\s+(\S+)\+0x[0-9a-f]+\s`)
	totalRe = regexp.MustCompile(`^(goroutine|goroutineleak) profile: total (\d+)$`)
)

// ParseDebug1 reads goroutine (or goroutineleak) debug=1 text.
func ParseDebug1(data []byte) (total int, recs []Record) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var cur *Record
	for sc.Scan() {
		line := sc.Text()
		if m := totalRe.FindStringSubmatch(line); m != nil {
			total, _ = strconv.Atoi(m[2])
			continue
		}
		if m := countRe.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(strings.Fields(line)[0])
			recs = append(recs, Record{Count: n})
			cur = &recs[len(recs)-1]
			continue
		}
		if cur == nil {
			continue
		}
		if strings.HasPrefix(line, "# labels: ") {
			cur.Labels = strings.TrimPrefix(line, "# labels: ")
			continue
		}
		if m := frameRe.FindStringSubmatch(line); m != nil {
			cur.Frames = append(cur.Frames, m[1])
		}
	}
	return total, recs
}
