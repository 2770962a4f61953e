package capturekit

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// joinObjects marshals a and b, two values that encode as JSON objects,
// into one object: a's fields, then b's. Go cannot embed a type parameter,
// so this is how a driver's moment type stands at the head of the kit's
// structs in their JSON, as an embedded struct would.
func joinObjects(a, b interface{}) ([]byte, error) {
	ja, err := json.Marshal(a)
	if err != nil {
		return nil, err
	}
	jb, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(ja, []byte("{")) || !bytes.HasPrefix(jb, []byte("{")) {
		return nil, fmt.Errorf("joining JSON objects: %.40s and %.40s are not both objects", ja, jb)
	}
	switch {
	case string(ja) == "{}":
		return jb, nil
	case string(jb) == "{}":
		return ja, nil
	}
	out := append(ja[:len(ja)-1:len(ja)-1], ',')
	return append(out, jb[1:]...), nil
}
