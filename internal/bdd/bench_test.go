package bdd

import (
	"testing"
)

// queens returns the n-queens function over n² variables (square r·n+c
// holds a queen): one queen a row, none attacking another. It is the
// classic benchmark of BDD packages: many conjunctions, a large
// intermediate diagram, a small result.
func queens(b *testing.B, m *Manager, n int) Ref {
	v := func(r, c int) Ref {
		f, err := m.Var(int32(r*n + c))
		if err != nil {
			b.Fatal(err)
		}
		return f
	}
	must := func(f Ref, err error) Ref {
		if err != nil {
			b.Fatal(err)
		}
		return f
	}
	acc := True
	m.Protect(acc)
	and := func(f Ref) {
		next := must(m.And(acc, f))
		m.Protect(next)
		m.Release(acc)
		acc = next
	}
	for r := range n {
		row := False
		for c := range n {
			m.Protect(row)
			next := must(m.Or(row, v(r, c)))
			m.Release(row)
			row = next
		}
		and(row)
	}
	for r := range n {
		for c := range n {
			// A queen at (r, c) excludes every square it attacks.
			for r2 := range n {
				for c2 := range n {
					if (r2 > r) && (c2 == c || r2-r == c2-c || r2-r == c-c2) {
						and(must(m.Or(Not(v(r, c)), Not(v(r2, c2)))))
					}
				}
			}
		}
	}
	return acc
}

// BenchmarkQueens builds the 8-queens function (92 solutions) and its
// probability with a fresh manager each time.
func BenchmarkQueens(b *testing.B) {
	b.ReportAllocs()
	p, q := make([]float64, 64), make([]float64, 64)
	for i := range p {
		p[i], q[i] = 0.5, 0.5
	}
	for range b.N {
		m := New(1 << 24)
		f := queens(b, m, 8)
		if pf, _ := m.Probability(f, p, q); pf != 92.0/(1<<64) {
			b.Fatalf("P = %g, want 92/2^64", pf)
		}
		b.ReportMetric(float64(m.Steps), "steps")
	}
}
