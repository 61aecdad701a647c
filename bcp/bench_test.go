package bcp_test

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

var (
	benchMu     sync.Mutex
	benchModels = map[int]*bcp.Model{}
	benchJSON   = map[int][]byte{}
)

// benchConfig is the model the performance targets speak of: n components,
// ~4 dependency entries each (20% redundancy groups), 20 rules, 10 scenarios.
func benchConfig(n int) bcpgen.Config {
	return bcpgen.Config{Components: n, Seed: 1, Rules: 20, Scenarios: 10}
}

func benchModel(b *testing.B, n int) *bcp.Model {
	benchMu.Lock()
	defer benchMu.Unlock()
	if m, ok := benchModels[n]; ok {
		return m
	}
	m, err := bcp.Compile(bcpgen.Generate(benchConfig(n)))
	if err != nil {
		b.Fatal(err)
	}
	benchModels[n] = m
	return m
}

func benchFile(b *testing.B, n int) []byte {
	benchMu.Lock()
	defer benchMu.Unlock()
	if data, ok := benchJSON[n]; ok {
		return data
	}
	var buf bytes.Buffer
	if err := bcp.WriteJSON(&buf, bcpgen.Generate(benchConfig(n))); err != nil {
		b.Fatal(err)
	}
	benchJSON[n] = buf.Bytes()
	return buf.Bytes()
}

// BenchmarkRuleEval is one boolean rule on one component with a reused VM
// and the typed environment: the unit cost of the rules engine.
func BenchmarkRuleEval(b *testing.B) {
	m := benchModel(b, 1000)
	env, _ := m.EnvOf(m.ComponentsOfKind(bcp.KindService)[0])
	p, err := expr.Compile(`kind == "service" && tier <= 2 && objectives.rto <= objectives.mtpd`, expr.Env(bcp.Env{}), expr.AsBool())
	if err != nil {
		b.Fatal(err)
	}
	var v vm.VM
	var boxed any = env
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := v.Run(p, boxed); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck runs 20 rules over every component of a 100k model.
func BenchmarkCheck(b *testing.B) {
	m := benchModel(b, 100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Check()
	}
}

// BenchmarkLoadJSON parses and compiles (20 rules) a generated JSON model.
func BenchmarkLoadJSON(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			data := benchFile(b, n)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				doc, err := bcp.Parse("bench.json", data)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := bcp.Compile(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkImpact simulates one scenario.
func BenchmarkImpact(b *testing.B) {
	m := benchModel(b, 100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := simulateID(m, "s0"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImpactWide simulates ransomware on every component tagged
// windows (about 10% of a 100k model) for 36 hours: a large cone.
func BenchmarkImpactWide(b *testing.B) {
	m := benchModel(b, 100_000)
	sc := bcp.Scenario{ID: "ransomware", Disrupt: []bcp.Disruption{{Select: `"windows" in tags`, For: 36 * time.Hour}}}
	im, err := m.Simulate(sc, bcp.SimulateOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.Simulate(sc, bcp.SimulateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(im.Components)), "down")
}

// BenchmarkHugeLoadJSON loads the million-component model from the file
// that scripts/huge writes (its path in BCP_HUGE_MODEL), as `bcp validate`
// does, and reports the heap the model keeps; without the variable it is
// skipped. For profiles of what scripts/huge measures as a whole process:
//
//	go run ./scripts/huge
//	BCP_HUGE_MODEL=/tmp/bcp-huge/bcpgen-1000000-seed1.json go test ./bcp -run XXX -bench HugeLoadJSON -benchtime 1x -cpuprofile cpu.out
func BenchmarkHugeLoadJSON(b *testing.B) {
	path := os.Getenv("BCP_HUGE_MODEL")
	if path == "" {
		b.Skip("BCP_HUGE_MODEL is not set (see scripts/huge)")
	}
	var m *bcp.Model
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var err error
		if m, err = bcp.Load([]string{path}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "live-MiB")
	runtime.KeepAlive(m)
}
