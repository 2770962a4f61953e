package capturekit

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
)

// ParseProto reads a goroutine (or goroutineleak) profile in pprof's
// protobuf form (profile.proto; gzipped or not) into the same records as
// ParseDebug1: count, labels (as debug=1 prints them) and frames,
// innermost first, inlined frames included.
func ParseProto(data []byte) (total int, recs []Record, err error) {
	if len(data) > 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return 0, nil, err
		}
		if data, err = io.ReadAll(zr); err != nil {
			return 0, nil, err
		}
	}
	type sample struct {
		locs   []uint64
		value  int64
		labels [][2]int64 // key, str (string table indexes)
	}
	var (
		samples   []sample
		strs      []string
		locLines  = map[uint64][]uint64{} // location id -> function ids
		funcNames = map[uint64]int64{}    // function id -> name index
	)
	err = fields(data, func(num int, wire int, v uint64, b []byte) error {
		switch num {
		case 2: // sample
			var s sample
			err := fields(b, func(n, w int, v uint64, b []byte) error {
				switch {
				case n == 1 && w == 0:
					s.locs = append(s.locs, v)
				case n == 1 && w == 2:
					return packed(b, func(v uint64) { s.locs = append(s.locs, v) })
				case n == 2 && w == 0:
					if s.value == 0 {
						s.value = int64(v)
					}
				case n == 2 && w == 2:
					first := true
					return packed(b, func(v uint64) {
						if first {
							s.value, first = int64(v), false
						}
					})
				case n == 3:
					var kv [2]int64
					if err := fields(b, func(n, w int, v uint64, _ []byte) error {
						if n == 1 {
							kv[0] = int64(v)
						} else if n == 2 {
							kv[1] = int64(v)
						}
						return nil
					}); err != nil {
						return err
					}
					s.labels = append(s.labels, kv)
				}
				return nil
			})
			samples = append(samples, s)
			return err
		case 4: // location
			var id uint64
			var fns []uint64
			err := fields(b, func(n, w int, v uint64, b []byte) error {
				if n == 1 {
					id = v
				} else if n == 4 {
					return fields(b, func(n, w int, v uint64, _ []byte) error {
						if n == 1 {
							fns = append(fns, v)
						}
						return nil
					})
				}
				return nil
			})
			locLines[id] = fns
			return err
		case 5: // function
			var id uint64
			var name int64
			err := fields(b, func(n, w int, v uint64, _ []byte) error {
				if n == 1 {
					id = v
				} else if n == 2 {
					name = int64(v)
				}
				return nil
			})
			funcNames[id] = name
			return err
		case 6:
			strs = append(strs, string(b))
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	str := func(i int64) string {
		if i < 0 || int(i) >= len(strs) {
			return fmt.Sprintf("<bad string %d>", i)
		}
		return strs[i]
	}
	for _, s := range samples {
		r := Record{Count: int(s.value)}
		for _, l := range s.locs {
			for _, f := range locLines[l] {
				r.Frames = append(r.Frames, str(funcNames[f]))
			}
		}
		if len(s.labels) > 0 {
			m := map[string]string{}
			for _, kv := range s.labels {
				m[str(kv[0])] = str(kv[1])
			}
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			b, _ := json.Marshal(m) // keys sorted, as debug=1 prints them
			r.Labels = string(b)
		}
		total += r.Count
		recs = append(recs, r)
	}
	return total, recs, nil
}

// fields calls fn for every field of a protobuf message: varints with v,
// length-delimited fields with b; fixed-size fields are skipped.
func fields(b []byte, fn func(num, wire int, v uint64, b []byte) error) error {
	for len(b) > 0 {
		key, n := uvarint(b)
		if n <= 0 {
			return errors.New("proto: bad key")
		}
		b = b[n:]
		num, wire := int(key>>3), int(key&7)
		switch wire {
		case 0:
			v, n := uvarint(b)
			if n <= 0 {
				return errors.New("proto: bad varint")
			}
			b = b[n:]
			if err := fn(num, wire, v, nil); err != nil {
				return err
			}
		case 2:
			l, n := uvarint(b)
			if n <= 0 || uint64(len(b)-n) < l {
				return errors.New("proto: bad length")
			}
			if err := fn(num, wire, 0, b[n:n+int(l)]); err != nil {
				return err
			}
			b = b[n+int(l):]
		case 1:
			if len(b) < 8 {
				return errors.New("proto: short fixed64")
			}
			b = b[8:]
		case 5:
			if len(b) < 4 {
				return errors.New("proto: short fixed32")
			}
			b = b[4:]
		default:
			return fmt.Errorf("proto: wire type %d", wire)
		}
	}
	return nil
}

func packed(b []byte, fn func(uint64)) error {
	for len(b) > 0 {
		v, n := uvarint(b)
		if n <= 0 {
			return errors.New("proto: bad packed varint")
		}
		fn(v)
		b = b[n:]
	}
	return nil
}

func uvarint(b []byte) (uint64, int) {
	var x uint64
	var s uint
	for i, c := range b {
		if i == 10 {
			return 0, -1
		}
		if c < 0x80 {
			return x | uint64(c)<<s, i + 1
		}
		x |= uint64(c&0x7f) << s
		s += 7
	}
	return 0, 0
}
