package faulttree

import (
	"slices"

	"github.com/continuitykit/continuity/internal/bdd"
)

// diagram builds the failure function of part of a cone as a BDD. Leaves
// (leafProb answers) become single variables; every other component is the
// disjunction of its own event (own answers, when it can fail) and its
// requirements, a group being "at least fail of its members".
//
// The variable order is SCRAM's topological heuristic: depth first, a
// component's inputs that have inputs of their own before those that do
// not, each kind taken most shared first, and its own event last; the
// first variable numbered is the top of the diagram. Measured on the
// Aralia trees against plain depth-first order in BENCHMARKS.md.
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
	level  map[int32]int32 // variable level of local x, once numbered
	// uses counts the occurrences of local x as an input below the root.
	uses map[int32]int32
	memo map[int32]bdd.Ref
	held []bdd.Ref
}

func newDiagram(mgr *bdd.Manager, g *graph, c *cone) *diagram {
	return &diagram{mgr: mgr, g: g, c: c, memo: map[int32]bdd.Ref{}, level: map[int32]int32{}}
}

// isVar reports whether local x enters the diagram as one variable: a
// leaf, or a component without requirements.
func (d *diagram) isVar(x int32) bool {
	if _, _, ok := d.leafProb(x); ok {
		return true
	}
	v := d.c.nodes[x]
	return d.g.start[v] == d.g.end[v]
}

// order numbers the variables below local root (see diagram).
func (d *diagram) order(root int32) {
	g, c := d.g, d.c
	parents := map[int32]int32{}
	d.uses = parents
	seen := map[int32]bool{root: true}
	stack := []int32{root}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x != root && d.isVar(x) {
			continue
		}
		v := c.nodes[x]
		for _, y := range g.mem[g.off[g.start[v]]:g.off[g.end[v]]] {
			ly := c.local[y]
			parents[ly]++
			if !seen[ly] {
				seen[ly] = true
				stack = append(stack, ly)
			}
		}
	}
	done := map[int32]bool{}
	next := int32(0)
	number := func(x int32) {
		if _, ok := d.level[x]; !ok {
			d.level[x] = next
			next++
		}
	}
	var visit func(x int32)
	visit = func(x int32) {
		if done[x] {
			return
		}
		done[x] = true
		v := c.nodes[x]
		var gates, vars []int32
		for _, y := range g.mem[g.off[g.start[v]]:g.off[g.end[v]]] {
			ly := c.local[y]
			if d.isVar(ly) {
				vars = append(vars, ly)
			} else {
				gates = append(gates, ly)
			}
		}
		bySharing := func(a, b int32) int { return int(parents[b] - parents[a]) }
		slices.SortStableFunc(gates, bySharing)
		slices.SortStableFunc(vars, bySharing)
		for _, y := range gates {
			visit(y)
		}
		for _, y := range vars {
			number(y)
		}
		number(x)
	}
	if d.isVar(root) {
		number(root)
		return
	}
	visit(root)
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
	l, ok := d.level[x]
	if !ok {
		panic("faulttree: variable without a level") // order numbers every one
	}
	f, err := d.mgr.Var(l)
	if err != nil {
		return 0, err
	}
	for int(l) >= len(d.pl) {
		d.pl, d.ql, d.vars = append(d.pl, 0), append(d.ql, 1), append(d.vars, -1)
	}
	d.pl[l], d.ql[l], d.vars[l] = p, q, x
	return d.keep(f), nil
}

// build returns the failure function of local x, protected. The first
// call numbers the variables.
func (d *diagram) build(x int32) (bdd.Ref, error) {
	if len(d.level) == 0 {
		d.order(x)
	}
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
	// Inputs private to v (its own event, and requirements whose members
	// are leaves met nowhere else in v) fail independently of everything
	// else: their disjunction is one variable, by arithmetic (SCRAM's new
	// modules from a gate's modular arguments).
	pp, pq := d.own(v)
	private := d.privateInputs(v)
	// Every part is protected: memoized results and variables are held,
	// groups are held here until the disjunction is done.
	var parts, groups []bdd.Ref
	defer func() {
		for _, f := range groups {
			d.mgr.Release(f)
		}
	}()
	var dist []float64
	for r := g.start[v]; r < g.end[v]; r++ {
		if private[r-g.start[v]] {
			var rp, rq float64
			rp, rq, dist = failure(g, r, d.leafOf, dist)
			pp, pq = either(pp, pq, rp, rq)
			continue
		}
		var fs []bdd.Ref
		for _, y := range g.members(r) {
			f, err := d.build(d.c.local[y])
			if err != nil {
				return 0, err
			}
			fs = append(fs, f)
		}
		if !g.group[r] {
			parts = append(parts, fs[0])
			continue
		}
		d.bottomUp(fs)
		f, err := d.mgr.AtLeast(fs, int(g.fail[r]))
		if err != nil {
			return 0, err
		}
		d.mgr.Protect(f)
		groups = append(groups, f)
		parts = append(parts, f)
	}
	if pp > 0 {
		f, err := d.variable(pp, pq, x)
		if err != nil {
			return 0, err
		}
		parts = append(parts, f)
	}
	down, err := d.or(parts)
	if err != nil {
		return 0, err
	}
	d.held = append(d.held, down)
	d.memo[x] = down
	return down, nil
}

// leafOf returns the probabilities of a leaf by component.
func (d *diagram) leafOf(y int32) (float64, float64) {
	p, q, _ := d.leafProb(d.c.local[y])
	return p, q
}

// privateInputs reports, per requirement of v, whether all its members
// are leaves used nowhere else in the diagram (once, as an input of v).
// Cut sets have no leaves, so nothing is private there.
func (d *diagram) privateInputs(v int32) []bool {
	g := d.g
	out := make([]bool, g.end[v]-g.start[v])
	for i := range out {
		out[i] = true
		for _, y := range g.members(g.start[v] + int32(i)) {
			ly := d.c.local[y]
			if _, _, ok := d.leafProb(ly); !ok || d.uses[ly] != 1 {
				out[i] = false
				break
			}
		}
	}
	return out
}

// bottomUp sorts functions deepest top variable first, as SCRAM does
// before folding a gate's arguments: the early, small operations then
// work near the bottom of the order.
func (d *diagram) bottomUp(fs []bdd.Ref) {
	slices.SortStableFunc(fs, func(a, b bdd.Ref) int { return int(d.mgr.Level(b)) - int(d.mgr.Level(a)) })
}

// or folds protected parts into their disjunction, returned protected.
func (d *diagram) or(parts []bdd.Ref) (bdd.Ref, error) {
	d.bottomUp(parts)
	down := bdd.False
	d.mgr.Protect(down)
	for _, f := range parts {
		next, err := d.mgr.Or(down, f)
		if err != nil {
			return 0, err
		}
		d.mgr.Protect(next)
		d.mgr.Release(down)
		down = next
	}
	return down, nil
}
