package capturekit

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Recompute recomputes every capture of a written ground truth (dir holds
// GROUND_TRUTH.json and its captures, the debug=2 dumps gzipped) with the
// design, from the same inputs: the captures, the moments and marks the
// file records. It returns, per moment, the capture's JSON as the design
// computes it now (got) and as the file has it (want, compacted), and the
// problems the checks found (the capture's own groups included: the
// committed captures passed them). A design whose groups or checks changed
// behaviour shows as got != want; the capture programs' tests use it so a
// refactor of the truth machinery is checked against the committed
// fixtures without running a service.
func (d *Design[M]) Recompute(dir string) (got, want map[string][]byte, problems []string, err error) {
	b, err := os.ReadFile(filepath.Join(dir, "GROUND_TRUTH.json"))
	if err != nil {
		return nil, nil, nil, err
	}
	var truth struct {
		Marks map[string]struct {
			IDs []int `json:"goroutine_ids"`
		} `json:"marks"`
		Captures map[string]json.RawMessage `json:"captures"`
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		return nil, nil, nil, fmt.Errorf("%s/GROUND_TRUTH.json: %w", dir, err)
	}
	marks := Marks{}
	for name, m := range truth.Marks {
		marks[name] = map[int]bool{}
		for _, id := range m.IDs {
			marks[name][id] = true
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	work, err := os.MkdirTemp("", "capturekit-recompute-")
	if err != nil {
		return nil, nil, nil, err
	}
	defer os.RemoveAll(work)
	got, want = map[string][]byte{}, map[string][]byte{}
	for name, raw := range truth.Captures {
		var m M
		var rest struct {
			SecondsAfterLoad float64           `json:"seconds_after_initial_load_end"`
			Files            map[string]string `json:"files"`
		}
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, nil, nil, fmt.Errorf("capture %s: %w", name, err)
		}
		if err := json.Unmarshal(raw, &rest); err != nil {
			return nil, nil, nil, fmt.Errorf("capture %s: %w", name, err)
		}
		// The driver reads its dumps before it gzips them.
		plain := map[string]string{}
		for k, file := range rest.Files {
			plain[k] = file
			if strings.HasSuffix(file, ".txt.gz") {
				plain[k] = strings.TrimSuffix(file, ".gz")
				err = gunzipTo(filepath.Join(dir, file), filepath.Join(work, plain[k]))
			} else {
				err = os.Symlink(filepath.Join(abs, file), filepath.Join(work, file))
			}
			if err != nil {
				return nil, nil, nil, err
			}
		}
		_, leak := rest.Files["goroutineleak_debug2"]
		c, p := d.Truth(work, name, m, plain, marks, leak)
		problems = append(problems, p...)
		c.Files, c.SecondsAfterLoad = rest.Files, rest.SecondsAfterLoad
		if got[name], err = json.Marshal(Capture[M]{Moment: m, CaptureTruth: c}); err != nil {
			return nil, nil, nil, err
		}
		var w bytes.Buffer
		if err := json.Compact(&w, raw); err != nil {
			return nil, nil, nil, err
		}
		want[name] = w.Bytes()
	}
	return got, want, problems, nil
}

func gunzipTo(src, dst string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	return os.WriteFile(dst, b, 0o644)
}

// FirstDifference describes where got and want first differ ("" if they
// are equal), with some context, for a test's failure message.
func FirstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	if i == len(got) && i == len(want) {
		return ""
	}
	at := func(b []byte) string {
		lo, hi := i-80, i+80
		if lo < 0 {
			lo = 0
		}
		if hi > len(b) {
			hi = len(b)
		}
		if lo > hi {
			lo = hi
		}
		return string(b[lo:hi])
	}
	return fmt.Sprintf("at byte %d:\n got …%s…\nwant …%s…", i, at(got), at(want))
}
