// Package syncx has the concurrency helpers relayd uses instead of
// golang.org/x/sync (the build has no module proxy).
package syncx

import (
	"context"
	"sync"
)

// Group runs functions concurrently and waits for them; the first error is
// returned by Wait and cancels the context the others were given. Modelled
// on errgroup.Group.
type Group struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	sem    chan struct{}
	once   sync.Once
	err    error
}

// WithContext returns a Group whose functions get a context derived from
// ctx, cancelled by the first error or when Wait returns.
func WithContext(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &Group{ctx: ctx, cancel: cancel}, ctx
}

// SetLimit bounds how many functions run at once; Go blocks while the
// limit is reached. It must be called before the first Go.
func (g *Group) SetLimit(n int) { g.sem = make(chan struct{}, n) }

// Go runs f in a new goroutine.
func (g *Group) Go(f func(ctx context.Context) error) {
	if g.sem != nil {
		g.sem <- struct{}{}
	}
	g.wg.Add(1)
	go func() {
		err := f(g.ctx)
		g.release()
		if err == nil {
			g.wg.Done()
			return
		}
		g.once.Do(func() {
			g.err = err
			g.cancel()
		})
	}()
}

func (g *Group) release() {
	if g.sem != nil {
		<-g.sem
	}
}

// Wait blocks until every function has returned and reports the first error.
func (g *Group) Wait() error {
	g.wg.Wait()
	g.cancel()
	return g.err
}
