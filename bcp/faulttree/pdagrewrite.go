package faulttree

import (
	"slices"
	"strconv"
)

// minRewrite is the smallest graph preprocess rewrites: below it the
// diagrams are tiny and the rewrites cost more than they save (one
// service of the 100k bcpgen model, BenchmarkAvailability: 592
// allocations at 128, 3,420 at 32).
const minRewrite = 128

// preprocess simplifies root's graph before its diagrams are made, in
// the spirit of SCRAM's preprocessor (preprocessor.cc, phase two), and
// returns the new graph and root. Every step is an equivalence:
//
//  1. failure propagation of shared nodes (optimize);
//  2. the variable order is taken (orderLevels) and kept as the nodes'
//     ranks: on these trees the heuristic orders the graph before the
//     rewrites below far better than after them (edf9202: 0.09 M
//     conjunction steps against 1.5 M), and a gate made later enters at
//     its arguments' largest rank;
//  3. new modules from modular arguments (group), then gate coalescing
//     that keeps modules (flatten);
//  4. merging of common arguments of AND gates, then of OR gates;
//  5. absorption and distributivity (distribute), until nothing changes.
func (d *pdag) preprocess(r int32) (*pdag, int32) {
	if r < 0 || d.isVar(r) || len(d.nodes) < minRewrite {
		return d, r
	}
	return d.rewrite(r)
}

// rewrite is preprocess on a graph of any size.
func (d *pdag) rewrite(r int32) (*pdag, int32) {
	d, r = d.propagateAll(r)
	if r < 0 || d.isVar(r) {
		return d, r
	}
	for x, l := range orderLevels(d, r, d.parents(r)) {
		d.nodes[x].rank = l + 1
	}
	d.ranked = true
	r = d.group(r)
	d.flatten(r)
	d, r = d.rebuild(r)
	for _, and := range []bool{true, false} {
		if r >= 0 && !d.isVar(r) && d.mergeCommon(r, and) {
			d, r = d.rebuild(r)
		}
	}
	for i := 0; i < 10 && r >= 0 && !d.isVar(r) && d.distribute(r); i++ {
		d, r = d.rebuild(r)
	}
	return d, r
}

// rebuild returns root's graph copied through gate, so that gates changed
// in place are normal again: one-argument gates removed, duplicate
// arguments dropped, identical gates merged.
func (d *pdag) rebuild(root int32) (*pdag, int32) {
	if root < 0 || d.isVar(root) {
		return d, root
	}
	nd := newPDAG()
	nd.ranked = d.ranked
	memo := make([]int32, len(d.nodes))
	for i := range memo {
		memo[i] = -3
	}
	var rec func(x int32) int32
	rec = func(x int32) int32 {
		if memo[x] != -3 {
			return memo[x]
		}
		n := &d.nodes[x]
		if n.args == nil {
			memo[x] = nd.variable(n.p, n.q, n.ref)
			if r := memo[x]; r >= 0 {
				nd.nodes[r].rank = n.rank
			}
			return memo[x]
		}
		args := make([]int32, len(n.args))
		for i, a := range n.args {
			args[i] = rec(a)
		}
		k := int(n.k)
		if k == len(n.args) {
			k = len(args) // an AND stays an AND when arguments merge
		}
		memo[x] = nd.gate(k, args)
		if r := memo[x]; r >= 0 && nd.nodes[r].rank == 0 {
			nd.nodes[r].rank = n.rank
		}
		return memo[x]
	}
	return nd, rec(root)
}

// flatten merges, in place, every OR (AND) argument of an OR (AND) gate
// that has no other parent and is not a module into the gate (SCRAM's
// gate coalescing, which keeps modules). Merged gates become
// unreachable; hash-consing keys go stale (rebuild makes the graph
// normal again).
func (d *pdag) flatten(root int32) {
	if root < 0 || d.isVar(root) {
		return
	}
	par := d.parents(root)
	module, post := d.modules(root)
	for _, x := range post {
		or, and := d.isOr(x), d.isAnd(x)
		if !or && !and {
			continue
		}
		var args []int32
		changed := false
		for _, a := range d.nodes[x].args {
			if par[a] == 1 && !module[a] && ((or && d.isOr(a)) || (and && d.isAnd(a))) {
				args = append(args, d.nodes[a].args...)
				changed = true
				continue
			}
			args = append(args, a)
		}
		if !changed {
			continue
		}
		args = dedupe(args)
		k := int32(1)
		if and {
			k = int32(len(args))
		}
		d.nodes[x].k, d.nodes[x].args = k, args
	}
}

// maxMergePairs bounds the pairs of gates mergeCommon compares in one
// round, and maxMergeRounds its rounds, so that a large graph is left
// as it is rather than slowly.
const (
	maxMergePairs  = 200_000
	maxMergeRounds = 200
)

// mergeCommon is SCRAM's merging of common arguments, in place: when two
// or more gates of one kind (AND when and, else OR) share two or more
// arguments, those arguments become one new gate of that kind, an
// argument of each. The shared part is then visited once, its variables
// are numbered together by the order heuristic, and it is often a
// module. It repeats while it finds something and reports whether it
// changed the graph; the result may have one-argument gates (rebuild).
func (d *pdag) mergeCommon(root int32, and bool) bool {
	changed := false
	for round := 0; round < maxMergeRounds; round++ {
		args, parents, ok := d.bestMerge(root, and)
		if !ok {
			break
		}
		d.mergeArgs(args, parents, and)
		changed = true
	}
	return changed
}

// bestMerge finds the arguments to merge next and the gates that share
// them: of the intersections of two gates' arguments (two or more), the
// one whose arguments have the fewest parents besides the sharing gates
// (SCRAM's preference for options that make modules), then the largest.
func (d *pdag) bestMerge(root int32, and bool) (args, parents []int32, ok bool) {
	post := d.postOrder(root)
	par := d.parents(root)
	kind := func(x int32) bool {
		if and {
			return d.isAnd(x) && len(d.nodes[x].args) > 1
		}
		return d.isOr(x) && len(d.nodes[x].args) > 1
	}
	// users: gates of the kind that have each node as argument.
	users := map[int32][]int32{}
	for _, g := range post {
		if kind(g) {
			for _, a := range d.nodes[g].args {
				users[a] = append(users[a], g)
			}
		}
	}
	// common: each gate's arguments shared with another gate of the kind.
	common := map[int32][]int32{}
	for _, g := range post {
		if !kind(g) {
			continue
		}
		var c []int32
		for _, a := range d.nodes[g].args {
			if len(users[a]) > 1 {
				c = append(c, a)
			}
		}
		if len(c) >= 2 {
			slices.Sort(c)
			common[g] = c
		}
	}
	options, ok := mergeOptions(post, users, common)
	if !ok {
		return nil, nil, false
	}
	best := [3]int{-1}
	for _, in := range options {
		ps := d.holders(in, users)
		if len(ps) < 2 {
			continue
		}
		private := 0
		for _, a := range in {
			if int(par[a]) == len(ps) {
				private++
			}
		}
		score := [3]int{private, len(in), len(ps)}
		if slices.Compare(score[:], best[:]) > 0 || (score == best && slices.Compare(in, args) < 0) {
			best, args, parents = score, in, ps
		}
	}
	return args, parents, args != nil
}

// mergeOptions returns the intersections, of two or more nodes, of the
// common arguments of two gates (keyed by their text), or false when
// there are more pairs to compare than maxMergePairs.
func mergeOptions(post []int32, users, common map[int32][]int32) (map[string][]int32, bool) {
	options := map[string][]int32{}
	var key []byte
	pairs := 0
	seen := map[[2]int32]bool{}
	for _, g := range post {
		cg := common[g]
		for _, a := range cg {
			for _, h := range users[a] {
				if h <= g || common[h] == nil || seen[[2]int32{g, h}] {
					continue
				}
				seen[[2]int32{g, h}] = true
				if pairs++; pairs > maxMergePairs {
					return nil, false
				}
				in := intersect(cg, common[h])
				if len(in) < 2 {
					continue
				}
				key = key[:0]
				for _, x := range in {
					key = strconv.AppendInt(append(key, ','), int64(x), 10)
				}
				if _, ok := options[string(key)]; !ok {
					options[string(key)] = in
				}
			}
		}
	}
	return options, true
}

// holders returns the gates, among users of in's first node, whose
// arguments include every node of in.
func (d *pdag) holders(in []int32, users map[int32][]int32) []int32 {
	var out []int32
	for _, g := range users[in[0]] {
		all := true
		for _, a := range in[1:] {
			all = all && slices.Contains(d.nodes[g].args, a)
		}
		if all {
			out = append(out, g)
		}
	}
	return out
}

// mergeArgs makes args one gate of the kind and puts it in place of
// them in each of parents; a parent whose arguments are exactly args is
// itself that gate.
func (d *pdag) mergeArgs(args, parents []int32, and bool) {
	m := int32(-1)
	for _, p := range parents {
		if len(d.nodes[p].args) == len(args) {
			m = p
			break
		}
	}
	if m < 0 {
		// The new gate lists the arguments in the first parent's order.
		var own []int32
		for _, a := range d.nodes[parents[0]].args {
			if slices.Contains(args, a) {
				own = append(own, a)
			}
		}
		k := int32(1)
		if and {
			k = int32(len(own))
		}
		d.nodes = append(d.nodes, pnode{k: k, args: own})
		m = int32(len(d.nodes) - 1)
	}
	for _, p := range parents {
		if p == m {
			continue
		}
		var out []int32
		placed := false
		for _, a := range d.nodes[p].args {
			if !slices.Contains(args, a) {
				out = append(out, a)
			} else if !placed {
				out, placed = append(out, m), true
			}
		}
		k := int32(1)
		if and {
			k = int32(len(out))
		}
		d.nodes[p].k, d.nodes[p].args = k, out
	}
}

// intersect returns the common values of two sorted slices.
func intersect(a, b []int32) []int32 {
	var out []int32
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i, j = i+1, j+1
		}
	}
	return out
}
