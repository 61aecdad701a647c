package faulttree

import (
	"math/rand/v2"
	"testing"

	"github.com/continuitykit/continuity/internal/bdd"
	"github.com/stretchr/testify/require"
)

// randomPDAG builds a random graph over n variables (refs 0..n-1) from
// OR, AND and at-least gates over earlier nodes, shared at random, and
// returns its root.
func randomPDAG(r *rand.Rand, n, gates int) (*pdag, int32) {
	d := newPDAG()
	var pool []int32
	for v := range n {
		p := 0.05 + 0.9*r.Float64()
		pool = append(pool, d.variable(p, 1-p, int32(v)))
	}
	root := pool[0]
	for range gates {
		m := 2 + r.IntN(4)
		args := make([]int32, 0, m)
		for range m {
			// Recent nodes more often, so that the graph is deep.
			i := len(pool) - 1 - r.IntN(min(len(pool), 6+r.IntN(len(pool))))
			args = append(args, pool[i])
		}
		k := 1
		switch r.IntN(5) {
		case 0, 1:
			k = len(args)
		case 2:
			k = 1 + r.IntN(len(args))
		}
		root = d.gate(k, args)
		if root >= 0 {
			pool = append(pool, root)
		}
	}
	return d, root
}

// truthTable evaluates root under every assignment of n variables
// (variable ref i is bit i).
func truthTable(d *pdag, root int32, n int) []bool {
	out := make([]bool, 1<<n)
	val := make([]int8, len(d.nodes))
	for a := range out {
		clear(val)
		var eval func(x int32) bool
		eval = func(x int32) bool {
			switch x {
			case pTrue:
				return true
			case pFalse:
				return false
			}
			if val[x] != 0 {
				return val[x] > 0
			}
			nd := &d.nodes[x]
			res := false
			if nd.args == nil {
				res = a&(1<<nd.ref) != 0
			} else {
				c := int32(0)
				for _, y := range nd.args {
					if eval(y) {
						c++
					}
				}
				res = c >= nd.k
			}
			val[x] = 1
			if !res {
				val[x] = -1
			}
			return res
		}
		out[a] = eval(root)
	}
	return out
}

// bruteProbability sums the probabilities of the assignments that make
// root true.
func bruteProbability(d *pdag, root int32, n int) float64 {
	p := make([]float64, n)
	for _, nd := range d.nodes {
		if nd.args == nil {
			p[nd.ref] = nd.p
		}
	}
	sum := 0.0
	for a, t := range truthTable(d, root, n) {
		if !t {
			continue
		}
		w := 1.0
		for v := range n {
			if a&(1<<v) != 0 {
				w *= p[v]
			} else {
				w *= 1 - p[v]
			}
		}
		sum += w
	}
	return sum
}

func TestPDAGRewritesKeepTheFunction(t *testing.T) {
	rewrites := map[string]func(d *pdag, r int32) (*pdag, int32){
		"flatten": func(d *pdag, r int32) (*pdag, int32) { d.flatten(r); return d.rebuild(r) },
		"merge and": func(d *pdag, r int32) (*pdag, int32) {
			d.mergeCommon(r, true)
			return d.rebuild(r)
		},
		"merge or": func(d *pdag, r int32) (*pdag, int32) {
			d.mergeCommon(r, false)
			return d.rebuild(r)
		},
		"distribute": func(d *pdag, r int32) (*pdag, int32) {
			d.distribute(r)
			return d.rebuild(r)
		},
		"group":    func(d *pdag, r int32) (*pdag, int32) { return d, d.group(r) },
		"optimize": func(d *pdag, r int32) (*pdag, int32) { return d.propagateAll(r) },
		"all":      func(d *pdag, r int32) (*pdag, int32) { return d.rewrite(r) },
	}
	runs := 400
	if testing.Short() {
		runs = 60
	}
	for name, f := range rewrites {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, uint64(len(name))))
			changed := 0
			for i := range runs {
				n := 2 + r.IntN(9)
				d, root := randomPDAG(r, n, 1+r.IntN(14))
				if root < 0 || d.isVar(root) {
					continue
				}
				want := truthTable(d, root, n)
				wantP := bruteProbability(d, root, n)
				before := len(d.postOrder(root))
				nd, nr := f(d, root)
				if nr >= 0 && len(nd.postOrder(nr)) != before {
					changed++
				}
				require.Equal(t, want, truthTable(nd, nr, n), "run %d", i)
				p, _, _, err := probability(nd, bdd.New(1<<16), nr)
				require.NoError(t, err)
				require.InDelta(t, wantP, p, 1e-12, "run %d", i)
			}
			require.Positive(t, changed, "the rewrite never changed a graph: the test checks nothing")
		})
	}
}
