package faulttree

import (
	"slices"

	"github.com/continuitykit/continuity/internal/bdd"
)

// fromCone builds the pdag of local root of cone c: a component is the OR
// of its own event (own answers, when it can fail) and its requirements,
// a group being "at least fail of its members"; leaf answers for the
// components that enter as one variable (never for root). Variables carry
// their local index as ref (a component's own event its component's).
func fromCone(g *graph, c *cone, root int32, leaf func(x int32) (p, q float64, ok bool), own func(v int32) (p, q float64)) (*pdag, int32) {
	d := newPDAG()
	memo := map[int32]int32{}
	var rec func(x int32) int32
	rec = func(x int32) int32 {
		if r, ok := memo[x]; ok {
			return r
		}
		if x != root {
			if p, q, ok := leaf(x); ok {
				memo[x] = d.variable(p, q, x)
				return memo[x]
			}
		}
		v := c.nodes[x]
		var args, kids []int32
		if p, q := own(v); p > 0 {
			args = append(args, d.variable(p, q, x))
		}
		for r := g.start[v]; r < g.end[v]; r++ {
			ms := g.members(r)
			if !g.group[r] {
				args = append(args, rec(c.local[ms[0]]))
				continue
			}
			kids = kids[:0]
			for _, y := range ms {
				kids = append(kids, rec(c.local[y]))
			}
			args = append(args, d.gate(int(g.fail[r]), kids))
		}
		memo[x] = d.gate(1, args)
		return memo[x]
	}
	return d.preprocess(rec(root))
}

// pdagBDD answers a pdag with binary decision diagrams, one per module:
// a module below another enters its diagram as one variable.
type pdagBDD struct {
	d      *pdag
	mgr    *bdd.Manager
	module []bool
	par    []int32
	// p, q: each variable's and each solved module's probabilities.
	p, q  []float64
	level []int32
	memo  []bdd.Ref
	// pl, ql: probabilities per level; vars: node per level.
	pl, ql []float64
	vars   []int32
	held   []bdd.Ref
	// need: each node's parents; uses: how many have used it so far.
	need, uses []int32
	// nodes sums the sizes of the diagrams made.
	nodes int64
	dist  []float64
}

func newPDAGBDD(d *pdag, mgr *bdd.Manager) *pdagBDD {
	n := len(d.nodes)
	b := &pdagBDD{d: d, mgr: mgr, p: make([]float64, n), q: make([]float64, n),
		level: make([]int32, n), memo: make([]bdd.Ref, n)}
	for x := range n {
		b.level[x], b.memo[x] = -1, -1
		b.p[x], b.q[x] = d.nodes[x].p, d.nodes[x].q
	}
	return b
}

// probability returns the probabilities that root is true and false,
// solving its modules bottom up, independent arguments by arithmetic.
func probability(d *pdag, mgr *bdd.Manager, root int32) (p, q float64, nodes int64, err error) {
	switch {
	case root == pFalse:
		return 0, 1, 0, nil
	case root == pTrue:
		return 1, 0, 0, nil
	case d.isVar(root):
		return d.nodes[root].p, d.nodes[root].q, 0, nil
	}
	b, root, post := prepare(d, mgr, root)
	for _, x := range post {
		if b.independent(x) {
			b.p[x], b.q[x] = b.arithmetic(x)
			continue
		}
		top, err := b.build(x, x)
		if err != nil {
			b.release()
			return 0, 0, 0, err
		}
		b.p[x], b.q[x] = mgr.Probability(top, b.pl, b.ql)
		b.nodes += int64(mgr.Size(top))
		b.release()
		b.memo[x] = -1 // x is a variable from now on
	}
	return b.p[root], b.q[root], b.nodes, nil
}

// prepare numbers the variables of root's graph, makes new modules from
// modular arguments and finds the modules; it returns the modules in
// bottom-up order. The variable order is taken before grouping: a new
// module enters its parent's diagram at the place of one of its
// arguments, so that the order of everything else stays as the
// heuristic made it.
func prepare(d *pdag, mgr *bdd.Manager, root int32) (*pdagBDD, int32, []int32) {
	b := newPDAGBDD(d, mgr)
	b.par = d.parents(root)
	b.order(root)
	root = d.group(root)
	for x := len(b.level); x < len(d.nodes); x++ {
		l := int32(-1)
		for _, a := range d.nodes[x].args {
			l = max(l, b.level[a])
		}
		b.level, b.memo = append(b.level, l), append(b.memo, -1)
		b.p, b.q = append(b.p, 0), append(b.q, 0)
	}
	module, post := d.modules(root)
	b.module = module
	b.module[root] = true
	b.need, b.uses = d.parents(root), make([]int32, len(d.nodes))
	var mods []int32
	for _, x := range post {
		if module[x] {
			mods = append(mods, x)
		}
	}
	return b, root, mods
}

// minimalSolutions returns the minimal sets of at most order variables
// (as levels of b) that make root true: each module's minimal solutions
// from its diagram (Rauzy's minsol), its submodules substituted by
// theirs, which keeps them minimal since modules share no variable.
func minimalSolutions(d *pdag, mgr *bdd.Manager, z *bdd.ZManager, root int32, order int) (bdd.ZRef, *pdagBDD, error) {
	switch {
	case root == pFalse:
		return bdd.Empty, newPDAGBDD(d, mgr), nil
	case root == pTrue:
		return bdd.Base, newPDAGBDD(d, mgr), nil
	}
	if d.isVar(root) {
		b := newPDAGBDD(d, mgr)
		b.vars, b.level[root] = []int32{root}, 0
		f, err := z.Singleton(0)
		return f, b, err
	}
	b, root, mods := prepare(d, mgr, root)
	fam := map[int32]bdd.ZRef{}
	for _, x := range mods {
		top, err := b.build(x, x)
		if err != nil {
			b.release()
			return 0, b, err
		}
		f, err := z.MinimalSolutions(mgr, top, order)
		b.release()
		b.memo[x] = -1
		if err != nil {
			return 0, b, err
		}
		if ins := b.moduleInputs(x); len(ins) > 0 {
			sub := make(map[int32]bdd.ZRef, len(ins))
			for _, y := range ins {
				sub[b.level[y]] = fam[y]
			}
			if f, err = z.Substitute(f, sub, order); err != nil {
				return 0, b, err
			}
		}
		fam[x] = f
	}
	return fam[root], b, nil
}

// moduleInputs lists the modules that enter module m's diagram as
// variables.
func (b *pdagBDD) moduleInputs(m int32) []int32 {
	var out []int32
	seen := map[int32]bool{}
	var walk func(x int32)
	walk = func(x int32) {
		if seen[x] {
			return
		}
		seen[x] = true
		if b.isInput(x, m) {
			if !b.d.isVar(x) {
				out = append(out, x)
			}
			return
		}
		for _, a := range b.d.nodes[x].args {
			walk(a)
		}
	}
	walk(m)
	return out
}

// independent reports whether module x's arguments are distinct
// variables and modules: then they are independent.
func (b *pdagBDD) independent(x int32) bool {
	args := b.d.nodes[x].args
	for i, a := range args {
		if !b.d.isVar(a) && !b.module[a] || slices.Contains(args[:i], a) {
			return false
		}
	}
	return true
}

// arithmetic combines a gate's independent arguments.
func (b *pdagBDD) arithmetic(x int32) (p, q float64) {
	n := &b.d.nodes[x]
	if int(n.k) == len(n.args) {
		// An AND is the complement of an OR of the complements.
		q, p = 0, 1
		for _, a := range n.args {
			q, p = either(q, p, b.q[a], b.p[a])
		}
		return p, q
	}
	p, q, b.dist = atLeast(int(n.k), len(n.args), func(i int) (float64, float64) {
		a := n.args[i]
		return b.p[a], b.q[a]
	}, b.dist)
	return p, q
}

// isInput reports whether node x enters module m's diagram as a variable.
func (b *pdagBDD) isInput(x, m int32) bool {
	return x != m && (b.d.isVar(x) || b.module[x])
}

// order numbers the nodes below root: with the ranks the graph carries
// from before its rewrites (a gate made since enters at the largest
// level of its arguments, as a new module does), or with orderLevels.
func (b *pdagBDD) order(root int32) {
	d := b.d
	if !d.ranked {
		b.level = orderLevels(d, root, b.par)
	} else {
		post := d.postOrder(root)
		for _, x := range append(d.reachableVars(root), post...) {
			b.level[x] = d.nodes[x].rank - 1
		}
		for _, x := range post {
			if d.nodes[x].rank == 0 {
				for _, a := range d.nodes[x].args {
					b.level[x] = max(b.level[x], b.level[a])
				}
			}
		}
	}
	next := int32(0)
	for _, l := range b.level {
		next = max(next, l+1)
	}
	b.pl, b.ql = make([]float64, next), make([]float64, next)
	// vars: the node of each level; a gate made since shares its level
	// with a node inside it and is not listed.
	b.vars = make([]int32, next)
	for x, l := range b.level {
		if l >= 0 && (!d.ranked || d.isVar(int32(x)) || d.nodes[x].rank > 0) {
			b.vars[l] = int32(x)
		}
	}
}

// reachableVars lists the variables below root.
func (d *pdag) reachableVars(root int32) []int32 {
	var out []int32
	for x, n := range d.parents(root) {
		if n > 0 && d.isVar(int32(x)) {
			out = append(out, int32(x))
		}
	}
	return out
}

// orderLevels numbers the nodes below root with SCRAM's topological
// heuristic: depth first, a gate's gate arguments before its variables,
// each kind most shared first (par: parent counts), and a gate after its
// arguments. A module enters its parent's diagram at its gate's number.
// Nodes not below root get -1.
//
// Equally shared gate arguments go lowest first (heights): measured on
// the Aralia trees, this tie-break takes the conjunction steps of all 39
// probabilities from 6.8 M to 4.5 M (edf9204 3.3 M to 1.5 M, edfpa14b
// 0.70 M to 0.32 M, edf9202 96 k to 7 k) at a cost of at most 1.2x on
// the trees above 20 k steps (edf9203 0.52 M to 0.62 M), where keeping
// the arguments' order or reversing it loses 3-7x on one tree or another
// (BENCHMARKS.md).
func orderLevels(d *pdag, root int32, par []int32) []int32 {
	level := make([]int32, len(d.nodes))
	for i := range level {
		level[i] = -1
	}
	next := int32(0)
	height := d.heights(root)
	var visit func(x int32)
	visit = func(x int32) {
		if level[x] >= 0 {
			return
		}
		var gates, vars []int32
		for _, a := range d.nodes[x].args {
			if d.isVar(a) {
				vars = append(vars, a)
			} else {
				gates = append(gates, a)
			}
		}
		bySharing := func(a, c int32) int { return int(par[c] - par[a]) }
		slices.SortStableFunc(gates, func(a, c int32) int {
			if par[a] != par[c] {
				return int(par[c] - par[a])
			}
			return int(height[a] - height[c])
		})
		slices.SortStableFunc(vars, bySharing)
		for _, a := range gates {
			visit(a)
		}
		for _, a := range vars {
			if level[a] < 0 {
				level[a] = next
				next++
			}
		}
		level[x] = next
		next++
	}
	visit(root)
	return level
}

// build returns the function of node x in module m's diagram, protected
// until release; the first call for m numbers the variables.
func (b *pdagBDD) build(x, m int32) (bdd.Ref, error) {
	if f := b.memo[x]; f >= 0 {
		return f, nil
	}
	if b.memo[x] == -2 {
		panic("faulttree: a gate's diagram used after its last parent")
	}
	if b.isInput(x, m) {
		l := b.level[x]
		b.pl[l], b.ql[l] = b.p[x], b.q[x]
		f, err := b.mgr.Var(l)
		if err != nil {
			return 0, err
		}
		return b.keep(x, f), nil
	}
	n := &b.d.nodes[x]
	fs := make([]bdd.Ref, 0, len(n.args))
	for _, a := range n.args {
		f, err := b.build(a, m)
		if err != nil {
			return 0, err
		}
		fs = append(fs, f)
	}
	// Deepest top variable first, as SCRAM folds a gate's arguments: the
	// early, small operations then work near the bottom of the order.
	slices.SortStableFunc(fs, func(f, g bdd.Ref) int { return int(b.mgr.Level(g)) - int(b.mgr.Level(f)) })
	var f bdd.Ref
	var err error
	switch {
	case n.k == 1:
		f, err = b.fold(fs, true)
	case int(n.k) == len(fs):
		f, err = b.fold(fs, false)
	default:
		f, err = b.mgr.AtLeast(fs, int(n.k))
		if err == nil {
			b.mgr.Protect(f)
		}
	}
	if err != nil {
		return 0, err
	}
	b.memo[x] = f
	if x == m {
		b.held = append(b.held, f)
	}
	// A gate's function is dropped once every parent has used it (all
	// are in this module), so that garbage collection can free it.
	for _, a := range n.args {
		if !b.isInput(a, m) {
			if b.uses[a]++; b.uses[a] == b.need[a] {
				b.mgr.Release(b.memo[a])
				b.memo[a] = -2
			}
		}
	}
	return f, nil
}

// fold returns the protected disjunction (or) or conjunction of fs.
func (b *pdagBDD) fold(fs []bdd.Ref, or bool) (bdd.Ref, error) {
	acc := bdd.True
	if or {
		acc = bdd.False
	}
	b.mgr.Protect(acc)
	for _, f := range fs {
		var next bdd.Ref
		var err error
		if or {
			next, err = b.mgr.Or(acc, f)
		} else {
			next, err = b.mgr.And(acc, f)
		}
		if err != nil {
			b.mgr.Release(acc)
			return 0, err
		}
		b.mgr.Protect(next)
		b.mgr.Release(acc)
		acc = next
	}
	return acc, nil
}

func (b *pdagBDD) keep(x int32, f bdd.Ref) bdd.Ref {
	b.mgr.Protect(f)
	b.held = append(b.held, f)
	b.memo[x] = f
	return f
}

// release unprotects the functions of the last diagram.
func (b *pdagBDD) release() {
	for _, f := range b.held {
		b.mgr.Release(f)
	}
	b.held = b.held[:0]
}

// heights returns the height of each node below root: 0 for a variable,
// and for a gate one more than its highest argument.
func (d *pdag) heights(root int32) []int32 {
	height := make([]int32, len(d.nodes))
	for _, x := range d.postOrder(root) {
		for _, a := range d.nodes[x].args {
			height[x] = max(height[x], height[a]+1)
		}
	}
	return height
}
