package bcp_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/continuitykit/continuity/bia"
	"github.com/continuitykit/continuity/recovery"
)

func baseDocument() *bcp.Document {
	return &bcp.Document{Version: 1,
		Teams: []bcp.Team{{ID: "ops"}},
		Components: []bcp.Component{
			{ID: "svc", Kind: bcp.KindService, DependsOn: []bcp.Dependency{{ID: "db"}}},
			{ID: "db", Kind: bcp.KindData, Recovery: &bcp.Recovery{Team: "ops", Strategies: []bcp.Strategy{{Type: "restore", Time: time.Hour}}}},
		},
		Scenarios: []bcp.Scenario{{ID: "s", Disrupt: []bcp.Disruption{{ID: "db"}}}},
	}
}

// TestCompileRejectsWhatTheLoaderRejects: a Document built in Go goes
// through the same checks as a loaded one. Each of these used to compile,
// and the first then made ImpactOf, recovery.Schedule and bia.Analyze
// dereference nil.
func TestCompileRejectsWhatTheLoaderRejects(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name   string
		change func(d *bcp.Document)
		want   string
	}{
		{"disruption with neither id nor select", func(d *bcp.Document) { d.Scenarios[0].Disrupt[0].ID = "" }, `scenario "s" disruption 1 needs exactly one of id (one component) or select (an expression)`},
		{"disruption with id and select", func(d *bcp.Document) { d.Scenarios[0].Disrupt[0].Select = `kind == "data"` }, `scenario "s" disruption 1 needs exactly one of id (one component) or select (an expression)`},
		{"NaN fraction", func(d *bcp.Document) { d.Scenarios[0].Disrupt[0].Fraction = nan }, `scenario "s" disruption 1: fraction is the share of matched components to disrupt, above 0 and at most 1 (e.g. 0.4), not NaN`},
		{"NaN availability", func(d *bcp.Document) { d.Components[1].Availability = nan }, `component "db": availability must be between 0 and 1, not NaN`},
		{"NaN availability objective", func(d *bcp.Document) { d.Components[1].Objectives.Availability = nan }, `component "db": objectives.availability must be a target above 0 and at most 1 (e.g. 0.999), or 0 for none, not NaN`},
		{"NaN fallback capacity", func(d *bcp.Document) {
			d.Components[0].Fallbacks = []bcp.Fallback{{Name: "paper", Capacity: nan}}
		}, `component "svc": fallback capacity is the fraction of normal capacity, above 0 and at most 1 (e.g. 0.7), not NaN`},
		{"negative backlog", func(d *bcp.Document) {
			d.Components[0].Fallbacks = []bcp.Fallback{{Name: "paper", Capacity: 0.5, BacklogPerHour: -time.Hour}}
		}, `component "svc": fallback durations must not be negative`},
		{"set rule giving NaN availability", func(d *bcp.Document) {
			d.Rules = []bcp.Rule{{Name: "zero", Set: []bcp.Assignment{{Target: "availability", Expr: "0.0 / 0.0"}}}}
		}, "availability must be a probability between 0 and 1, got NaN"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := baseDocument()
			c.change(d)
			_, err := bcp.Compile(d)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// docGen builds a Document from fuzz bytes: every choice reads one byte, so
// that the fuzzer can reach any combination of odd values (empty ids, NaN,
// negative and huge durations, both or neither of id and select).
type docGen struct {
	data []byte
	i    int
}

func (g *docGen) byte() byte {
	if g.i >= len(g.data) {
		return 0
	}
	g.i++
	return g.data[g.i-1]
}

func (g *docGen) intn(n int) int { return int(g.byte()) % n }

func (g *docGen) id(n int) string {
	if k := g.intn(n + 1); k < n {
		return fmt.Sprintf("c%d", k)
	}
	return ""
}

func (g *docGen) dur() time.Duration {
	return []time.Duration{0, time.Hour, 4 * time.Hour, -time.Hour, bcp.Forever, bcp.Forever - time.Hour, 15250 * 7 * 24 * time.Hour}[g.intn(7)]
}

// prob returns a probability, valid or not; 0 is "not declared".
func (g *docGen) prob() float64 {
	return []float64{0, 0.5, 0.99, 1, math.NaN(), -1, 2}[g.intn(8)%7]
}

func (g *docGen) document() *bcp.Document {
	n := 1 + g.intn(6)
	d := &bcp.Document{Version: 1, Teams: []bcp.Team{{ID: "ops", Capacity: g.intn(3)}}}
	kinds := []bcp.Kind{bcp.KindService, bcp.KindApplication, bcp.KindData, "", "nope"}
	for i := 0; i < n; i++ {
		c := bcp.Component{ID: fmt.Sprintf("c%d", i), Kind: kinds[g.intn(len(kinds))], Availability: g.prob(), AlwaysDown: g.intn(6) == 0, Virtual: g.intn(5) == 0, Tier: g.intn(4) - 1}
		c.Objectives = bcp.Objectives{RTO: g.dur(), RPO: g.dur(), MTPD: g.dur(), Availability: g.prob()}
		for k := g.intn(3); k > 0; k-- {
			switch g.intn(3) {
			case 0:
				c.DependsOn = append(c.DependsOn, bcp.Dependency{ID: g.id(n), Tolerance: g.dur()})
			case 1:
				c.DependsOn = append(c.DependsOn, bcp.Dependency{Kind: bcp.AnyOf, Members: []string{g.id(n), g.id(n)}})
			default:
				c.DependsOn = append(c.DependsOn, bcp.Dependency{Kind: bcp.AtLeast, K: g.intn(4), Members: []string{g.id(n), g.id(n), g.id(n)}})
			}
		}
		if g.intn(3) == 0 {
			c.Fallbacks = []bcp.Fallback{{Name: "f", Capacity: []float64{0.5, 1, 0, math.NaN()}[g.intn(4)], Activation: g.dur(), MaxDuration: g.dur(), BacklogPerHour: g.dur(), Requires: []string{g.id(n)}}}
		}
		if g.intn(2) == 0 {
			c.Recovery = &bcp.Recovery{Team: []string{"ops", "", "nobody"}[g.intn(3)], Strategies: []bcp.Strategy{{Type: []string{"restore", "", "x"}[g.intn(3)], Time: g.dur(), DataLoss: g.dur(), Requires: []string{g.id(n)}[:g.intn(2)]}}}
		}
		if g.intn(4) == 0 {
			c.BIA = &bcp.ComponentBIA{Important: g.intn(2) == 0}
		}
		d.Components = append(d.Components, c)
	}
	for k := g.intn(3); k > 0; k-- {
		sc := bcp.Scenario{ID: fmt.Sprintf("s%d", k)}
		for j := 1 + g.intn(3); j > 0; j-- {
			x := bcp.Disruption{At: g.dur(), For: g.dur(), Fraction: []float64{0, 0.5, 1, math.NaN(), -0.5}[g.intn(5)], Seed: uint64(g.byte())}
			switch g.intn(4) {
			case 0:
				x.ID = g.id(n)
			case 1:
				x.Select = []string{`kind == "data"`, `tier > 0`, `len(reduce(1..64, #acc + #acc, "x")) > 0`, `)`}[g.intn(4)]
			case 2:
				x.ID, x.Select = g.id(n), `true`
			}
			sc.Disrupt = append(sc.Disrupt, x)
		}
		d.Scenarios = append(d.Scenarios, sc)
	}
	if g.intn(3) == 0 {
		d.Rules = []bcp.Rule{{Name: "r", Set: []bcp.Assignment{{Target: []string{"availability", "objectives.rto", "tier"}[g.intn(3)], Expr: []string{"0.0 / 0.0", "hours(5124096)", "2", "duration(\"15250w\")"}[g.intn(4)]}}}}
	}
	return d
}

// FuzzCompile builds random Documents in Go and runs every analysis on the
// ones Compile accepts: Compile must reject whatever an analysis cannot
// handle, so nothing may panic. go test ./bcp -run XXX -fuzz FuzzCompile -fuzzminimizetime 10x
func FuzzCompile(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 1, 2, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	f.Add([]byte("\x05\x00\x00\x04\x04\x04\x01\x01\x01\x01\x01\x02\x03\x00\x00\x01\x02\x02\x03"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &docGen{data: data}
		m, err := bcp.Compile(g.document())
		if err != nil {
			return
		}
		runAllAnalyses(t, m)
	})
}

// runAllAnalyses runs every analysis of a compiled model; errors are
// answers, panics are bugs.
func runAllAnalyses(t *testing.T, m *bcp.Model) {
	t.Helper()
	m.Check()
	for _, s := range m.Scenarios() {
		_, _ = m.Simulate(s, bcp.SimulateOptions{})
		_, _ = recovery.Schedule(m, s, recovery.Options{})
	}
	_, _ = bia.Analyze(m, bia.Options{})
	_ = recovery.Gaps(m, recovery.GapOptions{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	_, _ = faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{})
	_, _ = faulttree.Availability(m, faulttree.AvailabilityOptions{MaxNodes: 10000})
}
