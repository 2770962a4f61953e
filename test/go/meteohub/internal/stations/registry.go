package stations

import (
	"sort"
	"sync"

	"meteo.example.net/hub/internal/keys"
)

// Registry lists the stations allowed to connect and signs their sessions
// with the current key.
type Registry struct {
	mu       sync.RWMutex
	stations map[string]bool
	key      keys.Key
}

// NewRegistry registers ids.
func NewRegistry(ids []string) *Registry {
	r := &Registry{stations: map[string]bool{}}
	for _, id := range ids {
		r.stations[id] = true
	}
	return r
}

// List returns the registered ids, sorted.
func (r *Registry) List() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, 0, len(r.stations))
	for id := range r.stations {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Rekey replaces the signing key with the next one the key service issues.
func (r *Registry) Rekey(ks *keys.Service) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.key = ks.Next()
}
