package bdd

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// randomMonotone builds a random monotone function of n variables from
// and, or and at-least gates, in the diagram and as a truth table.
func randomMonotone(t *testing.T, m *Manager, r *rand.Rand, n, gates int) (Ref, []bool) {
	type fn struct {
		ref   Ref
		table []bool
	}
	var pool []fn
	for v := 0; v < n; v++ {
		ref, err := m.Var(int32(v))
		require.NoError(t, err)
		m.Protect(ref)
		table := make([]bool, 1<<n)
		for a := range table {
			table[a] = a&(1<<v) != 0
		}
		pool = append(pool, fn{ref, table})
	}
	for g := 0; g < gates; g++ {
		k := 2 + r.IntN(3)
		var args []fn
		for i := 0; i < k; i++ {
			args = append(args, pool[r.IntN(len(pool))])
		}
		need := 1 + r.IntN(k)
		refs := make([]Ref, k)
		for i, a := range args {
			refs[i] = a.ref
		}
		ref, err := m.AtLeast(refs, need)
		require.NoError(t, err)
		m.Protect(ref)
		table := make([]bool, 1<<n)
		for a := range table {
			c := 0
			for _, x := range args {
				if x.table[a] {
					c++
				}
			}
			table[a] = c >= need
		}
		pool = append(pool, fn{ref, table})
	}
	last := pool[len(pool)-1]
	return last.ref, last.table
}

// TestAgainstTruthTables checks probabilities (both ways) and minimal
// solutions against brute force, with a node limit small enough to make
// garbage collection run.
func TestAgainstTruthTables(t *testing.T) {
	for seed := uint64(0); seed < 200; seed++ {
		r := rand.New(rand.NewPCG(seed, 1))
		n := 3 + r.IntN(7)
		m := New(1 << 20)
		m.gcAt = 8
		f, table := randomMonotone(t, m, r, n, 2+r.IntN(12))
		p, q := make([]float64, n), make([]float64, n)
		for i := range p {
			p[i] = r.Float64()
			q[i] = 1 - p[i]
		}
		want := 0.0
		for a, v := range table {
			if !v {
				continue
			}
			w := 1.0
			for i := 0; i < n; i++ {
				if a&(1<<i) != 0 {
					w *= p[i]
				} else {
					w *= 1 - p[i]
				}
			}
			want += w
		}
		pf, qf := m.Probability(f, p, q)
		require.InDelta(t, want, pf, 1e-12, "seed %d", seed)
		require.InDelta(t, 1-want, qf, 1e-12, "seed %d", seed)
		pn, qn := m.Probability(Not(f), p, q)
		require.Equal(t, [2]float64{qf, pf}, [2]float64{pn, qn})

		order := 1 + r.IntN(4)
		var wantSets [][]int32
		for a, v := range table {
			if !v || popcount(a) > order {
				continue
			}
			minimal := true
			for b := a; b > 0 && minimal; b = (b - 1) & a {
				if b != a && table[a&^b] {
					minimal = false
				}
			}
			if a == 0 || minimal {
				wantSets = append(wantSets, bits(a))
			}
		}
		z := NewZ(1 << 20)
		sol, err := z.MinimalSolutions(m, f, order)
		require.NoError(t, err)
		var got [][]int32
		z.Sets(sol, func(s []int32) bool { got = append(got, slices.Clone(s)); return true })
		sortSets(wantSets)
		sortSets(got)
		require.Equal(t, wantSets, got, "seed %d order %d", seed, order)
		require.Equal(t, len(got), z.Count(sol))
	}
}

func popcount(a int) int {
	c := 0
	for ; a > 0; a &= a - 1 {
		c++
	}
	return c
}

func bits(a int) []int32 {
	out := []int32{}
	for i := 0; a > 0; i, a = i+1, a>>1 {
		if a&1 != 0 {
			out = append(out, int32(i))
		}
	}
	return out
}

func sortSets(s [][]int32) {
	slices.SortFunc(s, func(a, b []int32) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return slices.Compare(a, b)
	})
}

// TestTinyProbabilityKeepsPrecision: the probability that 8 events of
// probability 1e-3 all happen is 1e-24; computed as 1 - P(not all) it would
// be 0.
func TestTinyProbabilityKeepsPrecision(t *testing.T) {
	m := New(1000)
	var fs []Ref
	p, q := make([]float64, 8), make([]float64, 8)
	for i := range p {
		q[i] = 1 - 1e-3
		v, err := m.Var(int32(i))
		require.NoError(t, err)
		fs = append(fs, v)
		p[i] = 1e-3
	}
	f, err := m.AtLeast(fs, 8)
	require.NoError(t, err)
	pf, _ := m.Probability(f, p, q)
	require.InEpsilon(t, 1e-24, pf, 1e-12)
	_, qn := m.Probability(Not(f), p, q)
	require.InEpsilon(t, 1e-24, qn, 1e-12)
	require.False(t, math.IsNaN(pf))
}

// TestLimit: a function needing more live nodes than the limit is an
// error wrapping ErrTooLarge, not a panic.
func TestLimit(t *testing.T) {
	m := New(20)
	var fs []Ref
	for i := 0; i < 16; i++ {
		v, err := m.Var(int32(i))
		if err != nil {
			require.ErrorIs(t, err, ErrTooLarge)
			return
		}
		fs = append(fs, v)
		m.Protect(v)
	}
	_, err := m.AtLeast(fs, 8)
	require.ErrorIs(t, err, ErrTooLarge)
}

// checkTable verifies the unique table: every live node is found from
// its home slot, no entry names a freed node, and no two live nodes are
// the same decision.
func checkTable(t *testing.T, m *Manager) {
	t.Helper()
	type key struct {
		level  int32
		lo, hi Ref
	}
	seen := map[key]int32{}
	entries := 0
	for _, e := range m.table {
		if e != 0 {
			entries++
			require.GreaterOrEqual(t, m.nodes[e>>32].level, int32(0), "entry of a freed node")
		}
	}
	live := 0
	for n := int32(1); n < int32(len(m.nodes)); n++ {
		x := m.nodes[n]
		if x.level < 0 {
			continue
		}
		live++
		k := key{x.level, x.lo, x.hi}
		require.NotContains(t, seen, k, "node %d duplicates node %d", n, seen[k])
		seen[k] = n
		require.Equal(t, Ref(2*n), m.find(x.level, x.lo, x.hi), "node %d not found", n)
	}
	require.Equal(t, live, entries)
	require.Equal(t, live+1, m.live)
}

// TestUniqueTableAcrossCollections builds random functions with garbage
// collections (which prune the table in place) and table growth in
// between, checking the table after each.
func TestUniqueTableAcrossCollections(t *testing.T) {
	seeds := uint64(12)
	if testing.Short() {
		seeds = 3
	}
	for seed := range seeds {
		r := rand.New(rand.NewPCG(seed, 2))
		m := New(1 << 20)
		m.gcAt = 16
		for range 4 {
			f, _ := randomMonotone(t, m, r, 8+r.IntN(4), 10+r.IntN(20))
			checkTable(t, m)
			m.Release(f)
			m.GC()
			checkTable(t, m)
		}
	}
}
