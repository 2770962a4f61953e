package store

import "sync"

// Rollouts are percentage rollout plans, by flag. Mu guards Plans; the
// API locks it across validation and update.
type Rollouts struct {
	Mu    sync.Mutex
	Plans map[string]int
}

// List returns a copy of the plans.
func (r *Rollouts) List() map[string]int {
	r.Mu.Lock()
	defer r.Mu.Unlock()
	out := map[string]int{}
	for k, v := range r.Plans {
		out[k] = v
	}
	return out
}
