package bdd

import (
	"fmt"
	"slices"

	"github.com/continuitykit/continuity/internal/poll"
)

// ZRef is a node of a zero-suppressed decision diagram (Minato): a family
// of sets of variables. Empty is the empty family, Base the family holding
// only the empty set.
type ZRef int32

// The two terminal families.
const (
	Empty ZRef = 0
	Base  ZRef = 1
)

// ZManager holds ZBDD nodes over the same variable levels as a Manager.
// Nodes are never freed: a ZManager lives for one cut-set computation, and
// its limit bounds it. A ZManager is not safe for concurrent use.
type ZManager struct {
	level   []int32
	lo, hi  []ZRef
	unique  map[[3]int32]ZRef
	without map[[2]ZRef]ZRef
	// ops caches Union (third key -1), Product (the order) and truncation.
	ops   map[[3]ZRef]ZRef
	limit int
	// Poll, when set, is ticked for every node made: an operation stops
	// with the context's error once it ends.
	Poll *poll.Poll
}

// NewZ returns a ZBDD manager that holds at most limit nodes.
func NewZ(limit int) *ZManager {
	return &ZManager{
		level:   []int32{terminalLevel, terminalLevel},
		lo:      []ZRef{Empty, Base},
		hi:      []ZRef{Empty, Base},
		unique:  map[[3]int32]ZRef{},
		without: map[[2]ZRef]ZRef{},
		ops:     map[[3]ZRef]ZRef{},
		limit:   limit,
	}
}

// Freeze drops the unique table and the operation caches, keeping the
// nodes: the families made so far can still be read (Count, Sets), and
// no new one can be made.
func (z *ZManager) Freeze() {
	z.unique, z.without, z.ops = nil, nil, nil
}

// Nodes returns the number of nodes made, terminals included.
func (z *ZManager) Nodes() int { return len(z.level) }

func (z *ZManager) mk(v int32, lo, hi ZRef) (ZRef, error) {
	if hi == Empty {
		return lo, nil
	}
	key := [3]int32{v, int32(lo), int32(hi)}
	if r, ok := z.unique[key]; ok {
		return r, nil
	}
	if len(z.level) >= z.limit {
		return 0, fmt.Errorf("%w: more than %d cut-set diagram nodes", ErrTooLarge, z.limit)
	}
	if err := z.Poll.Tick(); err != nil {
		return 0, err
	}
	r := ZRef(len(z.level))
	z.level = append(z.level, v)
	z.lo = append(z.lo, lo)
	z.hi = append(z.hi, hi)
	z.unique[key] = r
	return r, nil
}

// Without returns the sets of f that contain no set of g (Rauzy's
// f ÷ g, "f without g"). g must be minimal: it holds the empty set only
// when it is Base.
func (z *ZManager) Without(f, g ZRef) (ZRef, error) {
	switch {
	case f == Empty || g == Base:
		return Empty, nil
	case g == Empty || f == Base:
		return f, nil
	case f == g:
		return Empty, nil
	}
	key := [2]ZRef{f, g}
	if r, ok := z.without[key]; ok {
		return r, nil
	}
	lf, lg := z.level[f], z.level[g]
	var r ZRef
	var err error
	switch {
	case lf > lg:
		// No set of f holds g's top variable.
		r, err = z.Without(f, z.lo[g])
	case lf < lg:
		var lo, hi ZRef
		if lo, err = z.Without(z.lo[f], g); err != nil {
			return 0, err
		}
		if hi, err = z.Without(z.hi[f], g); err != nil {
			return 0, err
		}
		r, err = z.mk(lf, lo, hi)
	default:
		var lo, hi ZRef
		if lo, err = z.Without(z.lo[f], z.lo[g]); err != nil {
			return 0, err
		}
		if hi, err = z.Without(z.hi[f], z.hi[g]); err != nil {
			return 0, err
		}
		if hi, err = z.Without(hi, z.lo[g]); err != nil {
			return 0, err
		}
		r, err = z.mk(lf, lo, hi)
	}
	if err != nil {
		return 0, err
	}
	z.without[key] = r
	return r, nil
}

// MinimalSolutions returns the minimal sets of true variables that make
// the monotone function f of b true, with at most order variables each:
// Rauzy's minsol, truncated. For f = x·f1 + f0 (f0 ≤ f1), the minimal sets
// are those of f0 and x joined to those of f1 that contain none of f0's;
// a set of f1 within the order can only contain sets of f0 within it, so
// truncating both sides is exact.
func (z *ZManager) MinimalSolutions(b *Manager, f Ref, order int) (ZRef, error) {
	memo := map[[2]int32]ZRef{}
	var rec func(f Ref, k int) (ZRef, error)
	rec = func(f Ref, k int) (ZRef, error) {
		switch {
		case f == False:
			return Empty, nil
		case f == True:
			return Base, nil
		case k == 0:
			// A monotone f that is not constant is false on the empty set.
			return Empty, nil
		}
		key := [2]int32{int32(f), int32(k)}
		if r, ok := memo[key]; ok {
			return r, nil
		}
		f0, f1 := b.Cofactors(f)
		r0, err := rec(f0, k)
		if err != nil {
			return 0, err
		}
		r1, err := rec(f1, k-1)
		if err != nil {
			return 0, err
		}
		if r1, err = z.Without(r1, r0); err != nil {
			return 0, err
		}
		r, err := z.mk(b.Level(f), r0, r1)
		if err != nil {
			return 0, err
		}
		memo[key] = r
		return r, nil
	}
	return rec(f, order)
}

// Count returns the number of sets in f.
func (z *ZManager) Count(f ZRef) int {
	memo := map[ZRef]int{Empty: 0, Base: 1}
	var rec func(f ZRef) int
	rec = func(f ZRef) int {
		if c, ok := memo[f]; ok {
			return c
		}
		c := rec(z.lo[f]) + rec(z.hi[f])
		memo[f] = c
		return c
	}
	return rec(f)
}

// Sets calls fn with each set of f, as variable levels in increasing
// order; fn must not keep the slice. It stops early when fn returns false.
func (z *ZManager) Sets(f ZRef, fn func([]int32) bool) {
	var cur []int32
	var rec func(f ZRef) bool
	rec = func(f ZRef) bool {
		switch f {
		case Empty:
			return true
		case Base:
			return fn(slices.Clip(cur))
		}
		if !rec(z.lo[f]) {
			return false
		}
		cur = append(cur, z.level[f])
		ok := rec(z.hi[f])
		cur = cur[:len(cur)-1]
		return ok
	}
	rec(f)
}

// Singleton returns the family holding only the set {v}.
func (z *ZManager) Singleton(v int32) (ZRef, error) { return z.mk(v, Empty, Base) }

// Union returns the sets of f and those of g.
func (z *ZManager) Union(f, g ZRef) (ZRef, error) {
	switch {
	case f == Empty || f == g:
		return g, nil
	case g == Empty:
		return f, nil
	}
	if f > g {
		f, g = g, f
	}
	key := [3]ZRef{f, g, -1}
	if r, ok := z.ops[key]; ok {
		return r, nil
	}
	lf, lg := z.level[f], z.level[g]
	var r ZRef
	var err error
	switch {
	case lf < lg:
		var lo ZRef
		if lo, err = z.Union(z.lo[f], g); err == nil {
			r, err = z.mk(lf, lo, z.hi[f])
		}
	case lg < lf:
		var lo ZRef
		if lo, err = z.Union(f, z.lo[g]); err == nil {
			r, err = z.mk(lg, lo, z.hi[g])
		}
	default:
		var lo, hi ZRef
		if lo, err = z.Union(z.lo[f], z.lo[g]); err != nil {
			return 0, err
		}
		if hi, err = z.Union(z.hi[f], z.hi[g]); err != nil {
			return 0, err
		}
		r, err = z.mk(lf, lo, hi)
	}
	if err != nil {
		return 0, err
	}
	z.ops[key] = r
	return r, nil
}

// Product returns the unions of a set of f and a set of g that have at
// most order variables. f and g must have no variable in common, as the
// cut sets of two modules: then each union is as large as both sets.
func (z *ZManager) Product(f, g ZRef, order int) (ZRef, error) {
	switch {
	case f == Empty || g == Empty || order < 0:
		return Empty, nil
	case f == Base:
		return z.truncate(g, order)
	case g == Base:
		return z.truncate(f, order)
	}
	if z.level[f] > z.level[g] {
		f, g = g, f
	}
	key := [3]ZRef{f, g, ZRef(order)}
	if r, ok := z.ops[key]; ok {
		return r, nil
	}
	lo, err := z.Product(z.lo[f], g, order)
	if err != nil {
		return 0, err
	}
	hi, err := z.Product(z.hi[f], g, order-1)
	if err != nil {
		return 0, err
	}
	r, err := z.mk(z.level[f], lo, hi)
	if err != nil {
		return 0, err
	}
	z.ops[key] = r
	return r, nil
}

// truncate returns the sets of f with at most order variables.
func (z *ZManager) truncate(f ZRef, order int) (ZRef, error) {
	switch {
	case order < 0:
		return Empty, nil
	case f == Empty || f == Base:
		return f, nil
	}
	key := [3]ZRef{f, -2, ZRef(order)}
	if r, ok := z.ops[key]; ok {
		return r, nil
	}
	lo, err := z.truncate(z.lo[f], order)
	if err != nil {
		return 0, err
	}
	hi, err := z.truncate(z.hi[f], order-1)
	if err != nil {
		return 0, err
	}
	r, err := z.mk(z.level[f], lo, hi)
	if err != nil {
		return 0, err
	}
	z.ops[key] = r
	return r, nil
}

// Substitute replaces, in the sets of f, each variable that sub maps to
// a family by each set of that family, keeping the unions of at most
// order variables. The families must have no variable in common with
// each other or with the rest of f (modules): then minimal sets stay
// minimal.
func (z *ZManager) Substitute(f ZRef, sub map[int32]ZRef, order int) (ZRef, error) {
	memo := map[[2]int32]ZRef{}
	var rec func(f ZRef, k int) (ZRef, error)
	rec = func(f ZRef, k int) (ZRef, error) {
		if f == Empty || f == Base {
			return f, nil
		}
		key := [2]int32{int32(f), int32(k)}
		if r, ok := memo[key]; ok {
			return r, nil
		}
		lo, err := rec(z.lo[f], k)
		if err != nil {
			return 0, err
		}
		hi, err := rec(z.hi[f], k-1)
		if err != nil {
			return 0, err
		}
		v := z.level[f]
		s, ok := sub[v]
		if !ok {
			if s, err = z.Singleton(v); err != nil {
				return 0, err
			}
		}
		if hi, err = z.Product(s, hi, k); err != nil {
			return 0, err
		}
		r, err := z.Union(lo, hi)
		if err != nil {
			return 0, err
		}
		memo[key] = r
		return r, nil
	}
	return rec(f, order)
}
