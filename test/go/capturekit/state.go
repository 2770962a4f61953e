package capturekit

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// StateFile keeps what the checks need besides the captures (the marks'
// goroutine ids, the moments), so a failed run can be rechecked with
// -recheck after a change of the groups; a successful run removes it.
const StateFile = "driver_state.json"

// State is what a driver writes to StateFile before its checks.
type State[M any] struct {
	Marks   Marks                        `json:"marks"`
	Files   map[string]map[string]string `json:"files"` // moment -> profile -> file name
	Leak    bool                         `json:"goroutineleak"`
	Moments []Named[M]                   `json:"moments"`
}

// Named is a moment with its name, which the ground truth leaves out: in
// JSON "name" comes first, then the moment's own fields.
type Named[M any] struct {
	Name   string
	Moment M
}

// MarshalJSON writes {"name": …, the moment's fields…}.
func (n Named[M]) MarshalJSON() ([]byte, error) {
	return joinObjects(struct {
		Name string `json:"name"`
	}{n.Name}, n.Moment)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (n *Named[M]) UnmarshalJSON(b []byte) error {
	var name struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(b, &name); err != nil {
		return err
	}
	n.Name = name.Name
	return json.Unmarshal(b, &n.Moment)
}

// Write writes the state to dir/StateFile.
func (s *State[M]) Write(dir string) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, StateFile), b, 0o644)
}

// ReadState reads dir/StateFile.
func ReadState[M any](dir string) (*State[M], error) {
	b, err := os.ReadFile(filepath.Join(dir, StateFile))
	if err != nil {
		return nil, err
	}
	st := &State[M]{}
	if err := json.Unmarshal(b, st); err != nil {
		return nil, fmt.Errorf("%s: %w", StateFile, err)
	}
	return st, nil
}

// CheckAll computes the ground truth of every moment and the problems
// found, printing a summary line per moment.
func (d *Design[M]) CheckAll(dir string, st *State[M]) (map[string]*Capture[M], []string) {
	caps := map[string]*Capture[M]{}
	var problems []string
	for _, m := range st.Moments {
		c, p := d.Truth(dir, m.Name, m.Moment, st.Files[m.Name], st.Marks, st.Leak)
		caps[m.Name] = &Capture[M]{Moment: m.Moment, CaptureTruth: c}
		problems = append(problems, p...)
		fmt.Printf("%s: %d goroutines, %d leaked, %d healthy", m.Name, c.Total, c.Leaked, c.Healthy)
		if c.RuntimeFlagged != nil {
			fmt.Printf(", runtime detector flagged %d", *c.RuntimeFlagged)
		}
		fmt.Println()
	}
	return caps, problems
}
