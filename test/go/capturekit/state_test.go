package capturekit

import (
	"encoding/json"
	"reflect"
	"testing"
)

type testMoment struct {
	Description string         `json:"moment"`
	Sent        map[string]int `json:"leaking_requests_sent"`
	Held        bool           `json:"healthy_clients_connected"`
}

// The state file keeps the layout the drivers wrote before the kit: each
// moment's name first, then its fields; -recheck reads it back whole.
func TestStateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	st := &State[testMoment]{
		Marks: Marks{"held": {3: true, 7: true}},
		Files: map[string]map[string]string{"t1": {"goroutine_debug2": "t1_goroutine_debug2.txt"}},
		Leak:  true,
		Moments: []Named[testMoment]{
			{Name: "t1", Moment: testMoment{Description: "under load", Sent: map[string]int{"export": 2}, Held: true}},
			{Name: "t3", Moment: testMoment{Description: "after", Sent: map[string]int{}}},
		},
	}
	if err := st.Write(dir); err != nil {
		t.Fatal(err)
	}
	back, err := ReadState[testMoment](dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, st) {
		t.Errorf("read back %+v, wrote %+v", back, st)
	}
	b, _ := json.Marshal(st.Moments[0])
	if want := `{"name":"t1","moment":"under load","leaking_requests_sent":{"export":2},"healthy_clients_connected":true}`; string(b) != want {
		t.Errorf("moment JSON %s, want %s", b, want)
	}
}

// A capture's JSON is the moment's fields, then the truth's, in one object
// (as when the drivers embedded their moment in the truth struct).
func TestCaptureJSON(t *testing.T) {
	c := Capture[testMoment]{Moment: testMoment{Description: "t", Sent: map[string]int{"a": 1}}, CaptureTruth: &CaptureTruth{Total: 4, Groups: []*GroupTruth{}}}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"moment":"t","leaking_requests_sent":{"a":1},"healthy_clients_connected":false,` +
		`"seconds_after_initial_load_end":0,"files":null,"total_goroutines":4,"leaked_goroutines":0,"healthy_goroutines":0,"totals_by_format":null,"groups":[]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	if _, err := joinObjects(1, c.CaptureTruth); err == nil {
		t.Error("joining a number and an object: no error")
	}
}
