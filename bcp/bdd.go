package bcp

import "fmt"

// bdd is a reduced ordered binary decision diagram over failure events, just
// large enough for exact probabilities of monotone fault trees. Node 0 is
// false (up), node 1 is true (down); level is the variable's place in the
// order, lo the branch where it does not fail and hi where it fails.
type bdd struct {
	level  []int32
	lo, hi []int32
	unique map[[3]int32]int32
	memo   map[[3]int32]int32
	limit  int
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
	b := &bdd{unique: map[[3]int32]int32{}, memo: map[[3]int32]int32{}, limit: limit}
	// Terminals sit below every variable.
	b.level = []int32{1 << 30, 1 << 30}
	b.lo = []int32{0, 1}
	b.hi = []int32{0, 1}
	return b
}

func (b *bdd) node(level, lo, hi int32) (int32, error) {
	if lo == hi {
		return lo, nil
	}
	key := [3]int32{level, lo, hi}
	if n, ok := b.unique[key]; ok {
		return n, nil
	}
	if len(b.level) >= b.limit {
		return 0, fmt.Errorf("%w: more than %d nodes", ErrBDDTooLarge, b.limit)
	}
	n := int32(len(b.level))
	b.level = append(b.level, level)
	b.lo = append(b.lo, lo)
	b.hi = append(b.hi, hi)
	b.unique[key] = n
	return n, nil
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
	key := [3]int32{op, x, y}
	if r, ok := b.memo[key]; ok {
		return r, nil
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
	b.memo[key] = r
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
	memo := make(map[int32]float64)
	var p func(n int32) float64
	p = func(n int32) float64 {
		if n == bddFalse {
			return 0
		}
		if n == bddTrue {
			return 1
		}
		if v, ok := memo[n]; ok {
			return v
		}
		l := b.level[n]
		v := q[l]*p(b.hi[n]) + (1-q[l])*p(b.lo[n])
		memo[n] = v
		return v
	}
	return p(f)
}
