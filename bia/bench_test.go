package bia_test

import (
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/bia"
)

// BenchmarkBIA100k derives every service's objectives (10k services, a
// formula and two level tables each, plus data loss), compares them with the
// declared ones and rolls them down a 100k-component model; scenarios are
// left out (they cost one simulation each, see bcp's impact benchmarks).
func BenchmarkBIA100k(b *testing.B) {
	m, err := bcp.Compile(bcpgen.Generate(bcpgen.Config{Components: 100_000, Seed: 1, BIA: true}))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := bia.Analyze(m, bia.Options{NoScenarios: true})
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Assessments) != 10_000 {
			b.Fatalf("%d assessments", len(r.Assessments))
		}
	}
}
