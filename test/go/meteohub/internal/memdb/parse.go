package memdb

import (
	"fmt"
	"strings"
)

type query struct {
	cols  []string
	table string
	where []string // columns compared to placeholders, in order
}

// parse reads SELECT a, b FROM t [WHERE x = ? [AND y = ?]].
func parse(s string) (*query, error) {
	f := strings.Fields(strings.TrimSuffix(strings.TrimSpace(s), ";"))
	bad := func(why string) (*query, error) {
		return nil, fmt.Errorf("memdb: %s in %q", why, s)
	}
	if len(f) < 4 || !strings.EqualFold(f[0], "SELECT") {
		return bad("not a SELECT")
	}
	i := 1
	q := &query{}
	for ; i < len(f) && !strings.EqualFold(f[i], "FROM"); i++ {
		for _, c := range strings.Split(f[i], ",") {
			if c != "" {
				q.cols = append(q.cols, c)
			}
		}
	}
	if i+1 >= len(f) || len(q.cols) == 0 {
		return bad("no FROM clause")
	}
	q.table = f[i+1]
	i += 2
	if i == len(f) {
		return q, nil
	}
	if !strings.EqualFold(f[i], "WHERE") {
		return bad("expected WHERE")
	}
	for i++; i < len(f); i += 4 {
		if i+2 >= len(f) || f[i+1] != "=" || f[i+2] != "?" {
			return bad("expected col = ?")
		}
		q.where = append(q.where, f[i])
		if i+3 < len(f) && !strings.EqualFold(f[i+3], "AND") {
			return bad("expected AND")
		}
	}
	return q, nil
}
