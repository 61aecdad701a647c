package faulttree

import (
	"slices"
	"strconv"
)

// pdag is a propositional directed acyclic graph of a fault tree (the form
// SCRAM's preprocessor works on): variables, and gates "at least k of
// args" (OR is k = 1, AND k = len(args)). It is built from the model's
// components and simplified before any decision diagram is made:
//
//   - constants are folded, and gates with one argument removed;
//   - identical gates are one node (hash-consing: SCRAM's detection of
//     multiple definitions), duplicate arguments of OR and AND dropped;
//   - failure propagation of shared nodes (optimize), new modules from
//     modular arguments (group), gate coalescing that keeps modules,
//     merging of common arguments, absorption and distributivity
//     (preprocess, pdagrewrite.go).
//
// Modules (Dutuit & Rauzy) are then found on the simplified graph.
type pdag struct {
	nodes []pnode
	// hc maps a gate's kind and arguments to its node.
	hc  map[string]int32
	key []byte
	// ranked: the nodes carry a variable order (pnode.rank).
	ranked bool
}

// pnode is a variable (args nil) or a gate true when at least k of its
// args are.
type pnode struct {
	k    int32
	args []int32
	// p, q: a variable's probabilities of being true and false.
	p, q float64
	// ref: a variable's identity for the caller (a local cone index).
	ref int32
	// id names a node across rebuilds (0: none), for optimize.
	id int32
	// rank is the node's place in a variable order taken before the
	// graph was rewritten, plus one (0: none), kept across rebuilds.
	rank int32
}

// The constants, as argument values.
const (
	pFalse int32 = -1
	pTrue  int32 = -2
)

func newPDAG() *pdag { return &pdag{hc: map[string]int32{}} }

func (d *pdag) isVar(x int32) bool { return d.nodes[x].args == nil }

// isOr and isAnd report a gate's kind; a two-argument gate with k = 1 is
// an OR, with k = 2 an AND.
func (d *pdag) isOr(x int32) bool  { n := &d.nodes[x]; return n.args != nil && n.k == 1 }
func (d *pdag) isAnd(x int32) bool { n := &d.nodes[x]; return n.args != nil && int(n.k) == len(n.args) }

// variable adds a variable, or returns a constant for p = 0 or q = 0.
func (d *pdag) variable(p, q float64, ref int32) int32 {
	switch {
	case p == 0:
		return pFalse
	case q == 0:
		return pTrue
	}
	d.nodes = append(d.nodes, pnode{p: p, q: q, ref: ref})
	return int32(len(d.nodes) - 1)
}

// gate returns the node "at least k of args", folding constants, dropping
// duplicate arguments of OR and AND and reusing an identical gate. args is
// not kept.
func (d *pdag) gate(k int, args []int32) int32 {
	out := make([]int32, 0, len(args))
	for _, a := range args {
		switch a {
		case pTrue:
			k--
		case pFalse:
		default:
			out = append(out, a)
		}
	}
	// The key sorts the arguments; the node keeps their order, which the
	// variable order heuristic follows.
	sorted := slices.Clone(out)
	slices.Sort(sorted)
	n := len(out)
	switch {
	case k <= 0:
		return pTrue
	case k > n:
		return pFalse
	case (k == 1 || k == n) && len(slices.Compact(sorted)) < n:
		// a ∨ a = a and a ∧ a = a; at-least gates keep their multiset.
		and := k == n
		out = dedupe(out)
		if n = len(out); and {
			k = n
		}
	}
	if n == 1 {
		return out[0]
	}
	d.key = strconv.AppendInt(d.key[:0], int64(k), 10)
	for _, a := range sorted[:n] {
		d.key = append(d.key, ',')
		d.key = strconv.AppendInt(d.key, int64(a), 10)
	}
	if x, ok := d.hc[string(d.key)]; ok {
		return x
	}
	d.nodes = append(d.nodes, pnode{k: int32(k), args: out})
	x := int32(len(d.nodes) - 1)
	d.hc[string(d.key)] = x
	return x
}

// parents counts, for each node reachable from root, its parents (an
// argument listed twice counts twice).
func (d *pdag) parents(root int32) []int32 {
	out := make([]int32, len(d.nodes))
	seen := make([]bool, len(d.nodes))
	stack := []int32{root}
	seen[root] = true
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, a := range d.nodes[x].args {
			out[a]++
			if !seen[a] {
				seen[a] = true
				stack = append(stack, a)
			}
		}
	}
	return out
}

// dates are Dutuit and Rauzy's visit dates of a depth-first walk from
// the root: a node's first visit and exit, and lo, hi: the earliest and
// latest visit to the node or anything below it (hi counts the node's
// own later visits from other parents). post lists the gates in exit
// order (arguments before the gates that use them).
type dates struct {
	first, exit, lo, hi []int32
	post                []int32
}

func (d *pdag) dates(root int32) *dates {
	n := len(d.nodes)
	t := &dates{first: make([]int32, n), exit: make([]int32, n), lo: make([]int32, n), hi: make([]int32, n)}
	last := make([]int32, n)
	date := int32(0)
	var visit func(x int32)
	visit = func(x int32) {
		date++
		if t.first[x] != 0 {
			last[x] = date
			return
		}
		t.first[x] = date
		for _, a := range d.nodes[x].args {
			visit(a)
		}
		date++
		t.exit[x], last[x] = date, date
		if d.nodes[x].args != nil {
			t.post = append(t.post, x)
		}
	}
	visit(root)
	for x := range t.lo {
		t.lo[x], t.hi[x] = t.first[x], last[x]
	}
	for _, x := range t.post {
		for _, a := range d.nodes[x].args {
			t.lo[x], t.hi[x] = min(t.lo[x], t.lo[a]), max(t.hi[x], t.hi[a])
		}
	}
	return t
}

// within reports whether node a and everything below it are visited
// only between gate g's first visit and exit.
func (t *dates) within(a, g int32) bool { return t.lo[a] > t.first[g] && t.hi[a] < t.exit[g] }

// modules finds the modules of root's graph (Dutuit and Rauzy): a gate
// is a module when every visit to a node below it falls between its
// first visit and its exit.
func (d *pdag) modules(root int32) (module []bool, post []int32) {
	t := d.dates(root)
	module = make([]bool, len(d.nodes))
	for _, x := range t.post {
		module[x] = true
		for _, a := range d.nodes[x].args {
			module[x] = module[x] && t.within(a, x)
		}
	}
	return module, t.post
}

// group makes new modules from the arguments of OR and AND gates, as
// SCRAM does: an argument is modular when it and everything below it are
// reached only through the gate, and no other argument's visits overlap
// its own; modular arguments whose visits overlap form one group, and
// each group of two or more becomes a new gate of the gate's kind, which
// is a module. It returns the root.
func (d *pdag) group(root int32) int32 {
	if root < 0 || d.isVar(root) {
		return root
	}
	t := d.dates(root)
	module, _ := d.modules(root)
	par := d.parents(root)
	type span struct{ a, lo, hi int32 }
	for _, x := range t.post {
		if !d.isOr(x) && !d.isAnd(x) {
			continue
		}
		// own: arguments whose only parent is x and that are modules.
		var mod []span
		var rest, own []int32
		for _, a := range d.nodes[x].args {
			switch {
			case par[a] == 1 && (d.isVar(a) || module[a]):
				own = append(own, a)
			case t.within(a, x):
				mod = append(mod, span{a, t.lo[a], t.hi[a]})
			default:
				rest = append(rest, a)
			}
		}
		// A modular argument that overlaps a non-modular one is not
		// modular; overlapping modular ones form groups.
		slices.SortFunc(mod, func(p, q span) int { return int(p.lo - q.lo) })
		groups := [][]int32{own}
		gHi := int32(-1)
		for i, m := range mod {
			if i > 0 && m.lo <= gHi {
				groups[len(groups)-1] = append(groups[len(groups)-1], m.a)
				gHi = max(gHi, m.hi)
				continue
			}
			groups = append(groups, []int32{m.a})
			gHi = m.hi
		}
		nonEmpty := 0
		for _, g := range groups {
			if len(g) > 0 {
				nonEmpty++
			}
		}
		if len(rest) == 0 && nonEmpty <= 1 {
			continue // x itself is the module
		}
		args := rest
		made := false
		for _, g := range groups {
			if len(g) == 0 {
				continue
			}
			if len(g) == 1 || d.overlapsRest(g, t, rest) {
				args = append(args, g...)
				continue
			}
			k := 1
			if d.isAnd(x) {
				k = len(g)
			}
			// A new node, not hash-consed: gates changed in place have
			// stale keys.
			d.nodes = append(d.nodes, pnode{k: int32(k), args: g})
			args = append(args, int32(len(d.nodes)-1))
			made = true
		}
		if !made {
			continue
		}
		k := int32(1)
		if d.isAnd(x) {
			k = int32(len(args))
		}
		// The gate changes in place, so that its parents keep it. Its
		// key in hc is stale: nothing is hash-consed after grouping.
		d.nodes[x] = pnode{k: k, args: args, id: d.nodes[x].id, rank: d.nodes[x].rank}
	}
	return root
}

// overlapsRest reports whether a group's visits overlap those of a
// non-modular argument.
func (d *pdag) overlapsRest(g []int32, t *dates, rest []int32) bool {
	lo, hi := int32(1<<30), int32(-1)
	for _, a := range g {
		lo, hi = min(lo, t.lo[a]), max(hi, t.hi[a])
	}
	for _, r := range rest {
		if t.lo[r] <= hi && lo <= t.hi[r] {
			return true
		}
	}
	return false
}

// dedupe drops repeated values, keeping first occurrences in order.
func dedupe(s []int32) []int32 {
	out := make([]int32, 0, len(s))
	for i, a := range s {
		if !slices.Contains(s[:i], a) {
			out = append(out, a)
		}
	}
	return out
}

// maxOptimizeWork bounds optimize's work (shared variables times nodes),
// so that a large model's cone is answered without it rather than slowly.
const maxOptimizeWork = 50_000_000

// minOptimize is the smallest graph optimize works on: below it the
// diagrams are small anyway, and rebuilding the graph for each shared
// node would cost more than it saves.
const minOptimize = 256

// postOrder lists the gates reachable from root, arguments first.
func (d *pdag) postOrder(root int32) []int32 {
	seen := make([]bool, len(d.nodes))
	var post []int32
	var visit func(x int32)
	visit = func(x int32) {
		if seen[x] {
			return
		}
		seen[x] = true
		for _, a := range d.nodes[x].args {
			visit(a)
		}
		if d.nodes[x].args != nil {
			post = append(post, x)
		}
	}
	visit(root)
	return post
}

// optimize is failure propagation (Rauzy and Nikolskaia's Boolean
// optimization, as SCRAM applies it to shared nodes): when a variable x
// that several gates use being true makes a gate D true, D equals x ∨ D
// with x false. Rewriting the highest such D that reaches x along two
// paths or more leaves x one occurrence there, which makes parts that
// shared it independent (modules) and the diagrams smaller. Every
// rewrite is an equivalence.
func (d *pdag) optimize(root int32) (*pdag, int32) {
	if root < 0 || d.isVar(root) || len(d.nodes) < minOptimize {
		return d, root
	}
	return d.propagateAll(root)
}

// propagateAll is optimize on a graph of any size.
func (d *pdag) propagateAll(root int32) (*pdag, int32) {
	if root < 0 || d.isVar(root) {
		return d, root
	}
	par := d.parents(root)
	for i := range d.nodes {
		d.nodes[i].id = int32(i + 1)
	}
	var shared []int32
	for x, n := range par {
		if n >= 2 {
			shared = append(shared, int32(x+1))
		}
	}
	if len(shared)*len(d.nodes) > maxOptimizeWork {
		return d, root
	}
	for _, id := range shared {
		x := int32(-1)
		for i := range d.nodes {
			if d.nodes[i].id == id {
				x = int32(i)
				break
			}
		}
		if x < 0 {
			continue
		}
		d, root = d.propagate(root, x)
		if root < 0 || d.isVar(root) {
			break
		}
	}
	return d, root
}

// propagate applies optimize's rewrite for variable x; it returns d
// itself when nothing changes.
func (d *pdag) propagate(root, x int32) (*pdag, int32) {
	post := d.postOrder(root)
	n := len(d.nodes)
	has, yes := make([]bool, n), make([]bool, n)
	occ := make([]int32, n)
	has[x], yes[x] = true, true
	for _, g := range post {
		if g == x {
			continue
		}
		t := int32(0)
		for _, a := range d.nodes[g].args {
			if a == x {
				occ[g]++
			} else {
				occ[g] += occ[a]
			}
			has[g] = has[g] || has[a]
			if yes[a] {
				t++
			}
		}
		yes[g] = t >= d.nodes[g].k
	}
	par := d.parents(root)
	inside := make([]int32, n)
	// Highest destinations first: reverse post order is top down.
	chosen, covered := make([]bool, n), make([]bool, n)
	any := false
	for i := len(post) - 1; i >= 0; i-- {
		g := post[i]
		if !covered[g] && has[g] && yes[g] && occ[g] >= 2 && d.within(g, x, has, par, inside) {
			chosen[g], any = true, true
		}
		if covered[g] || chosen[g] {
			for _, a := range d.nodes[g].args {
				covered[a] = true
			}
		}
	}
	if !any {
		return d, root
	}
	nd := newPDAG()
	memo, memo0 := make([]int32, n), make([]int32, n)
	for i := range memo {
		memo[i], memo0[i] = -3, -3
	}
	var rec, rec0 func(y int32) int32
	args := func(y int32, f func(int32) int32) []int32 {
		src := d.nodes[y].args
		out := make([]int32, len(src))
		for i, a := range src {
			out[i] = f(a)
		}
		return out
	}
	rec = func(y int32) int32 {
		if memo[y] != -3 {
			return memo[y]
		}
		nn := &d.nodes[y]
		switch {
		case nn.args == nil:
			memo[y] = nd.variable(nn.p, nn.q, nn.ref)
		case chosen[y]:
			memo[y] = nd.gate(1, []int32{rec(x), rec0(y)})
		default:
			memo[y] = nd.gate(int(nn.k), args(y, rec))
		}
		if r := memo[y]; r >= 0 && nd.nodes[r].id == 0 {
			nd.nodes[r].id = nn.id
		}
		if r := memo[y]; r >= 0 && nd.nodes[r].rank == 0 {
			nd.nodes[r].rank = nn.rank
		}
		return memo[y]
	}
	// rec0: y with x false.
	rec0 = func(y int32) int32 {
		if y == x {
			return pFalse
		}
		if !has[y] {
			return rec(y)
		}
		if memo0[y] == -3 {
			memo0[y] = nd.gate(int(d.nodes[y].k), args(y, rec0))
		}
		return memo0[y]
	}
	r := rec(root)
	return nd, r
}

// within reports whether every gate between g and x (exclusive) has all
// its parents there too, so that rewriting g copies nothing that other
// gates still use (SCRAM's check that the ancestry is within the graph).
func (d *pdag) within(g, x int32, has []bool, par, inside []int32) bool {
	var nodes []int32
	seen := map[int32]bool{g: true}
	stack := []int32{g}
	for len(stack) > 0 {
		y := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, a := range d.nodes[y].args {
			if a == x || !has[a] {
				continue
			}
			inside[a]++
			if !seen[a] {
				seen[a] = true
				nodes = append(nodes, a)
				stack = append(stack, a)
			}
		}
	}
	ok := true
	for _, y := range nodes {
		ok = ok && inside[y] == par[y]
		inside[y] = 0
	}
	return ok
}
