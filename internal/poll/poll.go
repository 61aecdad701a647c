// Package poll lets long analyses notice that their context has ended, at
// cheap checkpoints: a Poll counts units of work (components visited,
// steps placed, diagram nodes made) and looks at the context every 1,024
// of them, so that a server request whose client went away, or whose time
// limit passed, stops its analysis within a fraction of a millisecond of
// work instead of running it to the end.
package poll

import "context"

// every is how many ticks pass between looks at the context: a look
// costs about as much as a few hundred ticks' work at most.
const every = 1024

// Poll watches one context. A nil *Poll never reports an error, so that
// analyses run without a context pay one nil check per tick.
type Poll struct {
	ctx context.Context
	n   uint32
}

// New returns a Poll of ctx, or nil when ctx can never end (its Done
// channel is nil, as for context.Background).
func New(ctx context.Context) *Poll {
	if ctx == nil || ctx.Done() == nil {
		return nil
	}
	return &Poll{ctx: ctx}
}

// Tick counts one unit of work and, every 1,024, returns the context's
// error (context.Canceled or context.DeadlineExceeded) once it has ended.
func (p *Poll) Tick() error {
	if p == nil {
		return nil
	}
	p.n++
	if p.n%every != 0 {
		return nil
	}
	return p.ctx.Err()
}

// Err returns the context's error now.
func (p *Poll) Err() error {
	if p == nil {
		return nil
	}
	return p.ctx.Err()
}
