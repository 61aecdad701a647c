package recovery_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/recovery"
)

// BenchmarkSchedule100k: a site-wide disaster takes every non-service
// component of a 100k model down until recovered; 50 teams of capacity 2
// restore them.
func BenchmarkSchedule100k(b *testing.B) { benchSchedule(b, false) }

// BenchmarkSchedule100kTwoStrategies: the same, every component with a
// second, slower strategy, so that each step's strategy is chosen.
func BenchmarkSchedule100kTwoStrategies(b *testing.B) { benchSchedule(b, true) }

func benchSchedule(b *testing.B, two bool) {
	doc := bcpgen.Generate(bcpgen.Config{Components: 100_000, Seed: 1})
	for k := 0; k < 50; k++ {
		doc.Teams = append(doc.Teams, bcp.Team{ID: fmt.Sprintf("team-%d", k), Capacity: 2})
	}
	for i := range doc.Components {
		c := &doc.Components[i]
		c.Recovery = &bcp.Recovery{Team: fmt.Sprintf("team-%d", i%50), Strategies: []bcp.Strategy{{Type: "restore", Time: time.Duration(1+i%8) * 30 * time.Minute}}}
		if two {
			c.Recovery.Strategies = append(c.Recovery.Strategies, bcp.Strategy{Type: "rebuild", Time: time.Duration(2+i%8) * 45 * time.Minute})
		}
	}
	doc.Scenarios = []bcp.Scenario{{ID: "disaster", Disrupt: []bcp.Disruption{{Select: `kind != "service"`}}}}
	m, err := bcp.Compile(doc)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var p *recovery.Plan
	for i := 0; i < b.N; i++ {
		if p, err = scheduleID(m, "disaster", recovery.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(p.Steps)), "steps")
}
