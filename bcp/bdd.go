package bcp

import "fmt"

// bdd is a reduced ordered binary decision diagram over failure events, just
// large enough for exact probabilities of monotone fault trees. Node 0 is
// false (up), node 1 is true (down); level is the variable's place in the
// order, lo the branch where it does not fail and hi where it fails.
type bdd struct {
	level  []int32
	lo, hi []int32
	// unique is an open-addressing hash set of node indices keyed by
	// (level, lo, hi), so that equal functions are one node.
	unique []int32
	mask   uint64
	// cache is a lossy computed table for apply, as in CUDD: a collision
	// overwrites, which costs a recomputation, never a wrong answer.
	cache []cacheEntry
	limit int
}

type cacheEntry struct {
	op, x, y, r int32
}

const (
	bddFalse int32 = 0
	bddTrue  int32 = 1
	opAnd    int32 = 0
	opOr     int32 = 1
)

// ErrBDDTooLarge is returned (wrapped) when a diagram exceeds its node limit.
var ErrBDDTooLarge = fmt.Errorf("binary decision diagram too large")

func newBDD(limit int) *bdd {
	b := &bdd{limit: limit, unique: make([]int32, 1<<8), cache: make([]cacheEntry, 1<<9)}
	b.mask = uint64(len(b.unique) - 1)
	for i := range b.unique {
		b.unique[i] = -1
	}
	for i := range b.cache {
		b.cache[i].op = -1
	}
	// Terminals sit below every variable.
	b.level = []int32{1 << 30, 1 << 30}
	b.lo = []int32{0, 1}
	b.hi = []int32{0, 1}
	return b
}

func hash3(a, b, c int32) uint64 {
	h := uint64(uint32(a))*0x9E3779B97F4A7C15 ^ uint64(uint32(b))*0xC2B2AE3D27D4EB4F ^ uint64(uint32(c))*0x165667B19E3779F9
	return h ^ h>>29
}

func (b *bdd) node(level, lo, hi int32) (int32, error) {
	if lo == hi {
		return lo, nil
	}
	i := hash3(level, lo, hi) & b.mask
	for {
		n := b.unique[i]
		if n < 0 {
			break
		}
		if b.level[n] == level && b.lo[n] == lo && b.hi[n] == hi {
			return n, nil
		}
		i = (i + 1) & b.mask
	}
	if len(b.level) >= b.limit {
		return 0, fmt.Errorf("%w: more than %d nodes", ErrBDDTooLarge, b.limit)
	}
	n := int32(len(b.level))
	b.level = append(b.level, level)
	b.lo = append(b.lo, lo)
	b.hi = append(b.hi, hi)
	b.unique[i] = n
	if uint64(len(b.level))*2 > uint64(len(b.unique)) {
		b.grow()
	}
	return n, nil
}

// grow doubles the unique table and, to keep hits likely, the cache.
func (b *bdd) grow() {
	b.unique = make([]int32, len(b.unique)*2)
	b.mask = uint64(len(b.unique) - 1)
	for i := range b.unique {
		b.unique[i] = -1
	}
	for n := int32(2); n < int32(len(b.level)); n++ {
		i := hash3(b.level[n], b.lo[n], b.hi[n]) & b.mask
		for b.unique[i] >= 0 {
			i = (i + 1) & b.mask
		}
		b.unique[i] = n
	}
	if len(b.cache) < 1<<24 {
		b.cache = make([]cacheEntry, len(b.unique)*2)
		for i := range b.cache {
			b.cache[i].op = -1
		}
	}
}

func (b *bdd) variable(level int32) (int32, error) { return b.node(level, bddFalse, bddTrue) }

func (b *bdd) apply(op, x, y int32) (int32, error) {
	switch {
	case op == opAnd && (x == bddFalse || y == bddFalse):
		return bddFalse, nil
	case op == opOr && (x == bddTrue || y == bddTrue):
		return bddTrue, nil
	case x == y:
		return x, nil
	case op == opAnd && x == bddTrue:
		return y, nil
	case op == opAnd && y == bddTrue:
		return x, nil
	case op == opOr && x == bddFalse:
		return y, nil
	case op == opOr && y == bddFalse:
		return x, nil
	}
	if x > y {
		x, y = y, x
	}
	slot := &b.cache[hash3(op, x, y)&uint64(len(b.cache)-1)]
	if slot.op == op && slot.x == x && slot.y == y {
		return slot.r, nil
	}
	lx, ly := b.level[x], b.level[y]
	top := min(lx, ly)
	x0, x1, y0, y1 := x, x, y, y
	if lx == top {
		x0, x1 = b.lo[x], b.hi[x]
	}
	if ly == top {
		y0, y1 = b.lo[y], b.hi[y]
	}
	lo, err := b.apply(op, x0, y0)
	if err != nil {
		return 0, err
	}
	hi, err := b.apply(op, x1, y1)
	if err != nil {
		return 0, err
	}
	r, err := b.node(top, lo, hi)
	if err != nil {
		return 0, err
	}
	// The cache may have been replaced by grow during the recursion.
	slot = &b.cache[hash3(op, x, y)&uint64(len(b.cache)-1)]
	*slot = cacheEntry{op, x, y, r}
	return r, nil
}

// atLeast returns the function "at least c of fs are true", by the usual
// dynamic programme over members: T(i,j) = f_i ∧ T(i-1,j-1) ∨ T(i-1,j).
func (b *bdd) atLeast(fs []int32, c int) (int32, error) {
	// t[j] = at least j of the members seen so far are true.
	t := make([]int32, c+1)
	t[0] = bddTrue
	for j := 1; j <= c; j++ {
		t[j] = bddFalse
	}
	for _, f := range fs {
		for j := c; j >= 1; j-- {
			and, err := b.apply(opAnd, f, t[j-1])
			if err != nil {
				return 0, err
			}
			if t[j], err = b.apply(opOr, and, t[j]); err != nil {
				return 0, err
			}
		}
	}
	return t[c], nil
}

// probability returns P(f is true) given each level's probability of being
// true (failure probability), exactly up to floating point.
func (b *bdd) probability(f int32, q []float64) float64 {
	memo := make([]float64, len(b.level))
	known := make([]bool, len(b.level))
	memo[bddTrue], known[bddTrue], known[bddFalse] = 1, true, true
	var p func(n int32) float64
	p = func(n int32) float64 {
		if known[n] {
			return memo[n]
		}
		l := b.level[n]
		v := q[l]*p(b.hi[n]) + (1-q[l])*p(b.lo[n])
		memo[n], known[n] = v, true
		return v
	}
	return p(f)
}
