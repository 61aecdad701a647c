package bcp

import (
	"testing"
)

// BenchmarkGraphPassFloor is the physical floor the analyses are compared
// with: one pass over every requirement and group member of a 100k model in
// topological order, touching one word per edge.
func BenchmarkGraphPassFloor(b *testing.B) {
	m := floorModel(b)
	acc := make([]int32, len(m.comps))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, v := range m.topo {
			s := int32(0)
			for _, r := range m.reqs[m.reqStart[v]:m.reqStart[v+1]] {
				if r.depKind() == Requires {
					s += acc[r.target]
					continue
				}
				for _, x := range m.groupMembers(r) {
					s += acc[x]
				}
			}
			acc[v] = s&1 + 1
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(m.Edges()), "ns/edge")
}
