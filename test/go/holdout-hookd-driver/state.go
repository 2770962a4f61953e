package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// stateFile keeps what the checks need besides the captures (the marks'
// goroutine ids, the moments), so a failed run can be rechecked with
// -recheck after a change of the groups; a successful run removes it.
const stateFile = "driver_state.json"

type state struct {
	Marks   map[string]map[int]bool      `json:"marks"`
	Files   map[string]map[string]string `json:"files"`
	Leak    bool                         `json:"goroutineleak"`
	Moments []moment                     `json:"moments"`
}

// momentState is moment with its name, which the ground truth leaves out.
type momentState struct {
	Name string `json:"name"`
	moment
}

func (s *state) write(dir string) error {
	ms := make([]momentState, len(s.Moments))
	for i, m := range s.Moments {
		ms[i] = momentState{m.Name, m}
	}
	b, err := json.Marshal(map[string]interface{}{"marks": s.Marks, "files": s.Files, "goroutineleak": s.Leak, "moments": ms})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, stateFile), b, 0o644)
}

func readState(dir string) (*state, error) {
	b, err := os.ReadFile(filepath.Join(dir, stateFile))
	if err != nil {
		return nil, err
	}
	var raw struct {
		Marks   map[string]map[int]bool      `json:"marks"`
		Files   map[string]map[string]string `json:"files"`
		Leak    bool                         `json:"goroutineleak"`
		Moments []momentState                `json:"moments"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", stateFile, err)
	}
	st := &state{Marks: raw.Marks, Files: raw.Files, Leak: raw.Leak}
	for _, m := range raw.Moments {
		m.moment.Name = m.Name
		st.Moments = append(st.Moments, m.moment)
	}
	return st, nil
}

// checkAll computes the ground truth of every moment and the problems
// found, printing a summary line per moment.
func checkAll(dir string, st *state) (map[string]*captureTruth, []string) {
	caps := map[string]*captureTruth{}
	var problems []string
	for _, m := range st.Moments {
		c, p := truthFor(dir, m, st.Files[m.Name], st.Marks, st.Leak)
		caps[m.Name] = c
		problems = append(problems, p...)
		fmt.Printf("%s: %d goroutines, %d leaked, %d healthy", m.Name, c.Total, c.Leaked, c.Healthy)
		if c.RuntimeFlagged != nil {
			fmt.Printf(", runtime detector flagged %d", *c.RuntimeFlagged)
		}
		fmt.Println()
	}
	return caps, problems
}
