package faulttree

import "slices"

// distribute applies absorption and distributivity to the AND and OR
// gates of root's graph, in place (SCRAM's DetectDistributivity): for a
// gate g and its arguments of the other kind ("candidates", not modules,
// with g as only parent):
//
//   - a candidate that shares an argument with g is absorbed:
//     a ∧ (a ∨ b) = a, a ∨ ab = a;
//   - a candidate whose arguments include another's is absorbed:
//     (a ∨ b)(a ∨ b ∨ c) = a ∨ b, ab ∨ abc = ab;
//   - candidates that share arguments C are factored:
//     (C ∨ r1)(C ∨ r2) = C ∨ r1·r2, C·r1 ∨ C·r2 = C·(r1 ∨ r2).
//
// It reports whether it changed the graph, which may then have
// one-argument gates (rebuild).
func (d *pdag) distribute(root int32) bool {
	if root < 0 || d.isVar(root) {
		return false
	}
	par := d.parents(root)
	module, post := d.modules(root)
	changed := false
	for _, g := range post {
		if len(d.nodes[g].args) < 2 || (!d.isOr(g) && !d.isAnd(g)) {
			continue
		}
		cand := d.candidates(g, par, module)
		if len(cand) == 0 {
			continue
		}
		if d.absorb(g, cand) {
			changed = true
			continue // the next round sees the gate as it is now
		}
		for d.factor(g, cand) {
			changed = true
			cand = d.candidates(g, par, module)
		}
	}
	return changed
}

// candidates lists g's arguments of the other kind that have g as only
// parent and are not modules (nodes made since par was counted are not).
func (d *pdag) candidates(g int32, par []int32, module []bool) []int32 {
	var out []int32
	for _, a := range d.nodes[g].args {
		if int(a) < len(par) && par[a] == 1 && !module[a] && len(d.nodes[a].args) >= 2 && d.other(g, a) {
			out = append(out, a)
		}
	}
	return out
}

// other reports whether a is an AND under OR g or an OR under AND g.
func (d *pdag) other(g, a int32) bool {
	return (d.isOr(g) && d.isAnd(a)) || (d.isAnd(g) && d.isOr(a))
}

// absorb drops from g the candidates that share an argument with g or
// hold all of another candidate's arguments; it reports whether it
// dropped any.
func (d *pdag) absorb(g int32, cand []int32) bool {
	drop := map[int32]bool{}
	for _, c := range cand {
		for _, a := range d.nodes[c].args {
			if slices.Contains(d.nodes[g].args, a) {
				drop[c] = true
			}
		}
	}
	for _, sub := range cand {
		for _, super := range cand {
			if sub != super && !drop[sub] && !drop[super] && includes(d.nodes[super].args, d.nodes[sub].args) {
				drop[super] = true
			}
		}
	}
	if len(drop) == 0 {
		return false
	}
	d.setArgs(g, d.isAnd(g), slices.DeleteFunc(slices.Clone(d.nodes[g].args), func(a int32) bool { return drop[a] }))
	return true
}

// factor finds the arguments shared by the most candidates of g (then
// the most arguments) and factors them out: the candidates that hold
// them are replaced in g by one gate C op (their rests). It reports
// whether it found any.
func (d *pdag) factor(g int32, cand []int32) bool {
	var best, holders []int32
	for i, c := range cand {
		for _, e := range cand[i+1:] {
			in := intersect(sortedArgs(d, c), sortedArgs(d, e))
			if len(in) == 0 {
				continue
			}
			var hs []int32
			for _, h := range cand {
				if includes(d.nodes[h].args, in) {
					hs = append(hs, h)
				}
			}
			if len(hs) > len(holders) || (len(hs) == len(holders) && len(in) > len(best)) {
				best, holders = in, hs
			}
		}
	}
	if best == nil {
		return false
	}
	// rest: the kind of g over what each holder has besides best.
	and := d.isAnd(g)
	var rests []int32
	for _, h := range holders {
		rest := slices.DeleteFunc(slices.Clone(d.nodes[h].args), func(a int32) bool { return slices.Contains(best, a) })
		d.setArgs(h, !and, rest)
		rests = append(rests, h)
	}
	inner := d.newGate(and, rests)
	outer := d.newGate(!and, append(slices.Clone(best), inner))
	var args []int32
	placed := false
	for _, a := range d.nodes[g].args {
		switch {
		case !slices.Contains(holders, a):
			args = append(args, a)
		case !placed:
			args, placed = append(args, outer), true
		}
	}
	d.setArgs(g, and, args)
	return true
}

// newGate appends an AND (and) or OR gate of args, not hash-consed.
func (d *pdag) newGate(and bool, args []int32) int32 {
	k := int32(1)
	if and {
		k = int32(len(args))
	}
	d.nodes = append(d.nodes, pnode{k: k, args: args})
	return int32(len(d.nodes) - 1)
}

// setArgs replaces the arguments of gate x, an AND (and) or an OR.
func (d *pdag) setArgs(x int32, and bool, args []int32) {
	d.nodes[x].k = 1
	if and {
		d.nodes[x].k = int32(len(args))
	}
	d.nodes[x].args = args
}

// sortedArgs returns x's arguments sorted.
func sortedArgs(d *pdag, x int32) []int32 {
	s := slices.Clone(d.nodes[x].args)
	slices.Sort(s)
	return s
}

// includes reports whether every value of sub is in super.
func includes(super, sub []int32) bool {
	for _, a := range sub {
		if !slices.Contains(super, a) {
			return false
		}
	}
	return true
}
