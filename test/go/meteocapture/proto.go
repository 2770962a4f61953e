package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// parseProto decodes the samples of a gzipped pprof profile (goroutine or
// goroutineleak) into records: the first value of each sample as count,
// its string labels and the function of every frame, inlined ones included.
func parseProto(gz []byte) ([]record, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("decompressing profile: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("decompressing profile: %w", err)
	}
	type sample struct {
		locs   []uint64
		values []int64
		labels [][2]int64 // key, str string indexes
	}
	var (
		samples   []sample
		locLines  = map[uint64][]uint64{} // location id -> function ids, innermost first
		funcNames = map[uint64]int64{}    // function id -> string index
		strs      []string
	)
	err = fields(raw, func(num int, wire int, v uint64, b []byte) error {
		switch num {
		case 2: // Sample
			var s sample
			err := fields(b, func(num, wire int, v uint64, b []byte) error {
				switch num {
				case 1:
					return varints(wire, v, b, func(x uint64) { s.locs = append(s.locs, x) })
				case 2:
					return varints(wire, v, b, func(x uint64) { s.values = append(s.values, int64(x)) })
				case 3:
					var key, str int64
					err := fields(b, func(num, wire int, v uint64, b []byte) error {
						switch num {
						case 1:
							key = int64(v)
						case 2:
							str = int64(v)
						}
						return nil
					})
					s.labels = append(s.labels, [2]int64{key, str})
					return err
				}
				return nil
			})
			samples = append(samples, s)
			return err
		case 4: // Location
			var id uint64
			var lines []uint64
			err := fields(b, func(num, wire int, v uint64, b []byte) error {
				switch num {
				case 1:
					id = v
				case 4:
					return fields(b, func(num, wire int, v uint64, b []byte) error {
						if num == 1 {
							lines = append(lines, v)
						}
						return nil
					})
				}
				return nil
			})
			locLines[id] = lines
			return err
		case 5: // Function
			var id uint64
			var name int64
			err := fields(b, func(num, wire int, v uint64, b []byte) error {
				switch num {
				case 1:
					id = v
				case 2:
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
		return nil, fmt.Errorf("malformed profile: %w", err)
	}
	str := func(i int64) (string, error) {
		if i < 0 || int(i) >= len(strs) {
			return "", fmt.Errorf("malformed profile: string index %d of %d", i, len(strs))
		}
		return strs[i], nil
	}
	var out []record
	for _, s := range samples {
		if len(s.values) == 0 {
			return nil, errors.New("malformed profile: sample without value")
		}
		r := record{Count: int(s.values[0])}
		for _, l := range s.locs {
			fns, ok := locLines[l]
			if !ok {
				return nil, fmt.Errorf("malformed profile: no location %d", l)
			}
			for _, f := range fns {
				name, err := str(funcNames[f])
				if err != nil {
					return nil, err
				}
				r.Frames = append(r.Frames, name)
			}
		}
		var kv []string
		for _, l := range s.labels {
			k, err := str(l[0])
			if err != nil {
				return nil, err
			}
			v, err := str(l[1])
			if err != nil {
				return nil, err
			}
			if v != "" {
				kv = append(kv, k+"="+v)
			}
		}
		r.Labels = joinSorted(kv)
		out = append(out, r)
	}
	return out, nil
}

// fields calls f for every field of a protobuf message: varint fields get
// their value, length-delimited ones their bytes.
func fields(b []byte, f func(num, wire int, v uint64, b []byte) error) error {
	for len(b) > 0 {
		key, n := binary.Uvarint(b)
		if n <= 0 {
			return errors.New("bad field key")
		}
		b = b[n:]
		num, wire := int(key>>3), int(key&7)
		switch wire {
		case 0:
			v, n := binary.Uvarint(b)
			if n <= 0 {
				return fmt.Errorf("field %d: bad varint", num)
			}
			b = b[n:]
			if err := f(num, wire, v, nil); err != nil {
				return err
			}
		case 2:
			l, n := binary.Uvarint(b)
			if n <= 0 || uint64(len(b)-n) < l {
				return fmt.Errorf("field %d: bad length", num)
			}
			if err := f(num, wire, 0, b[n:n+int(l)]); err != nil {
				return err
			}
			b = b[n+int(l):]
		case 1:
			if len(b) < 8 {
				return fmt.Errorf("field %d: truncated fixed64", num)
			}
			b = b[8:]
		case 5:
			if len(b) < 4 {
				return fmt.Errorf("field %d: truncated fixed32", num)
			}
			b = b[4:]
		default:
			return fmt.Errorf("field %d: wire type %d", num, wire)
		}
	}
	return nil
}

// varints handles a repeated integer field, packed or not.
func varints(wire int, v uint64, b []byte, add func(uint64)) error {
	if wire == 0 {
		add(v)
		return nil
	}
	for len(b) > 0 {
		x, n := binary.Uvarint(b)
		if n <= 0 {
			return errors.New("bad packed varint")
		}
		add(x)
		b = b[n:]
	}
	return nil
}
