package faulttree_test

import (
	"fmt"
	"io"
	"os"
	"sync"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/bcp/faulttree"
)

var (
	benchMu     sync.Mutex
	benchModels = map[int]*bcp.Model{}
)

// benchModel is the model BENCHMARKS.md speaks of: n components, ~4
// dependency entries each (20% redundancy groups), from seed 1.
func benchModel(b *testing.B, n int) *bcp.Model {
	benchMu.Lock()
	defer benchMu.Unlock()
	if m, ok := benchModels[n]; ok {
		return m
	}
	m, err := bcp.Compile(bcpgen.Generate(bcpgen.Config{Components: n, Seed: 1, Rules: 20, Scenarios: 10}))
	if err != nil {
		b.Fatal(err)
	}
	benchModels[n] = m
	return m
}

// BenchmarkHugeSPOF is the 1M-component target; it takes about a minute
// to generate and compile, so it runs only when asked for by name.
func BenchmarkHugeSPOF(b *testing.B) { benchSPOF(b, 1_000_000) }

// BenchmarkSPOF finds the single points of failure of every service.
func BenchmarkSPOF(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { benchSPOF(b, n) })
	}
}

func benchSPOF(b *testing.B, n int) {
	m := benchModel(b, n)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(m.Edges()), "ns/edge")
	b.ReportMetric(float64(m.Edges()), "edges")
}

// BenchmarkCutSets computes order-2 cut sets of one service.
func BenchmarkCutSets(b *testing.B) {
	m := benchModel(b, 100_000)
	svc := m.ComponentsOfKind(bcp.KindService)[0]
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := faulttree.CutSets(m, svc, faulttree.CutSetOptions{Order: 2}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAvailability computes the exact availability of one service.
func BenchmarkAvailability(b *testing.B) {
	m := benchModel(b, 100_000)
	svc := m.ComponentsOfKind(bcp.KindService)[0]
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := faulttree.Availability(m, faulttree.AvailabilityOptions{Of: []string{svc}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChain runs SPOF (with its JSON) and availability of every
// service of a 1,000-service chain: half a million pairs, each answer a
// product.
func BenchmarkChain(b *testing.B) {
	m := chain(b, 1000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if err := rep.WriteJSON(&countingWriter{}, "  "); err != nil {
			b.Fatal(err)
		}
		if _, err := faulttree.Availability(m, faulttree.AvailabilityOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHugeSPOFJSON is `bcp spof --json` in process on the
// million-component model that scripts/huge writes (its path in
// BCP_HUGE_MODEL): every service's SPOFs and the JSON answer, written to
// nowhere. Without the variable it is skipped.
func BenchmarkHugeSPOFJSON(b *testing.B) {
	path := os.Getenv("BCP_HUGE_MODEL")
	if path == "" {
		b.Skip("BCP_HUGE_MODEL is not set (see scripts/huge)")
	}
	m, err := bcp.Load([]string{path})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if err := rep.WriteJSON(io.Discard, "  "); err != nil {
			b.Fatal(err)
		}
	}
}
