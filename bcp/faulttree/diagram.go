package faulttree

import (
	"github.com/continuitykit/continuity/internal/bdd"
)

// diagram builds the failure function of part of a cone as a BDD. Leaves
// (leafProb answers) become single variables; every other component is the
// disjunction of its own event (own answers, when it can fail) and its
// requirements, a group being "at least fail of its members". Variables
// get levels in the order the depth-first build first meets them, a
// component's requirements before its own event, so that components shared
// further down sit near the top of the order.
type diagram struct {
	mgr *bdd.Manager
	g   *graph
	c   *cone
	// leafProb returns the probabilities of local x when x is a leaf.
	leafProb func(x int32) (p, q float64, ok bool)
	// own returns the probabilities of component v's own event.
	own func(v int32) (p, q float64)
	// pl, ql are each variable's probabilities; vars its local index.
	pl, ql []float64
	vars   []int32
	memo   map[int32]bdd.Ref
	held   []bdd.Ref
}

func newDiagram(mgr *bdd.Manager, g *graph, c *cone) *diagram {
	return &diagram{mgr: mgr, g: g, c: c, memo: map[int32]bdd.Ref{}}
}

// keep protects f until release.
func (d *diagram) keep(f bdd.Ref) bdd.Ref {
	d.mgr.Protect(f)
	d.held = append(d.held, f)
	return f
}

func (d *diagram) release() {
	for _, f := range d.held {
		d.mgr.Release(f)
	}
	d.held = nil
}

// variable returns a new variable of probability p, or a constant.
func (d *diagram) variable(p, q float64, x int32) (bdd.Ref, error) {
	switch {
	case p == 0:
		return bdd.False, nil
	case q == 0:
		return bdd.True, nil
	}
	f, err := d.mgr.Var(int32(len(d.pl)))
	if err != nil {
		return 0, err
	}
	d.pl, d.ql, d.vars = append(d.pl, p), append(d.ql, q), append(d.vars, x)
	return d.keep(f), nil
}

// build returns the failure function of local x, protected.
func (d *diagram) build(x int32) (bdd.Ref, error) {
	if f, ok := d.memo[x]; ok {
		return f, nil
	}
	if p, q, ok := d.leafProb(x); ok {
		f, err := d.variable(p, q, x)
		d.memo[x] = f
		return f, err
	}
	g := d.g
	v := d.c.nodes[x]
	// down is protected while it grows; only the final one stays held.
	down := bdd.False
	d.mgr.Protect(down)
	or := func(f bdd.Ref) error {
		next, err := d.mgr.Or(down, f)
		if err != nil {
			return err
		}
		d.mgr.Protect(next)
		d.mgr.Release(down)
		down = next
		return nil
	}
	var fs []bdd.Ref
	for r := g.start[v]; r < g.start[v+1]; r++ {
		fs = fs[:0]
		for _, y := range g.members(r) {
			f, err := d.build(d.c.local[y])
			if err != nil {
				return 0, err
			}
			fs = append(fs, f)
		}
		if !g.group[r] {
			if err := or(fs[0]); err != nil {
				return 0, err
			}
			continue
		}
		f, err := d.mgr.AtLeast(fs, int(g.fail[r]))
		if err != nil {
			return 0, err
		}
		d.mgr.Protect(f)
		err = or(f)
		d.mgr.Release(f)
		if err != nil {
			return 0, err
		}
	}
	if p, q := d.own(v); p > 0 {
		f, err := d.variable(p, q, x)
		if err != nil {
			return 0, err
		}
		if err := or(f); err != nil {
			return 0, err
		}
	}
	d.held = append(d.held, down)
	d.memo[x] = down
	return down, nil
}
