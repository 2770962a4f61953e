package stations

import (
	"context"
	"net/http"
	"sync"
	"time"

	"meteo.example.net/hub/internal/web"
)

// Scheduler opens a maintenance window every period; stations wait for it
// before they reboot into new firmware.
type Scheduler struct {
	mu     sync.Mutex
	period time.Duration
	next   time.Time
	open   chan struct{}
}

// NewScheduler plans the first window one period from now.
func NewScheduler(period time.Duration) *Scheduler {
	return &Scheduler{period: period, next: time.Now().Add(period), open: make(chan struct{})}
}

// Next returns a channel closed when the next window opens, and its time.
func (s *Scheduler) Next() (<-chan struct{}, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.open, s.next
}

// Run opens windows until ctx is done.
func (s *Scheduler) Run(ctx context.Context) {
	for {
		_, at := s.Next()
		t := time.NewTimer(time.Until(at))
		select {
		case <-t.C:
			s.mu.Lock()
			close(s.open)
			s.open = make(chan struct{})
			s.next = time.Now().Add(s.period)
			s.mu.Unlock()
		case <-ctx.Done():
			t.Stop()
			return
		}
	}
}

// NextWindow answers when the next maintenance window opens (long poll:
// the answer is sent once it has opened).
func (s *Service) NextWindow(w http.ResponseWriter, r *http.Request) {
	open, at := s.Windows.Next()
	<-open
	web.WriteJSON(w, http.StatusOK, map[string]interface{}{"station": web.Param(r, "id"), "opened": at})
}
