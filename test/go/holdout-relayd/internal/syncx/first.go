package syncx

import "context"

type result[T any] struct {
	v   T
	err error
}

// First calls every fn concurrently and returns the first successful
// result; if all fail it returns the last error. It returns early when ctx
// is done.
func First[T any](ctx context.Context, fns ...func(context.Context) (T, error)) (T, error) {
	results := make(chan result[T])
	for _, fn := range fns {
		fn := fn
		go func() {
			v, err := fn(ctx)
			results <- result[T]{v, err}
		}()
	}
	var zero T
	var last error
	for range fns {
		select {
		case r := <-results:
			if r.err == nil {
				return r.v, nil
			}
			last = r.err
		case <-ctx.Done():
			return zero, ctx.Err()
		}
	}
	return zero, last
}
