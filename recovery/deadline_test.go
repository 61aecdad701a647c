package recovery

import (
	"fmt"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/stretchr/testify/require"
)

// The deadlines searched up the incident's cone equal those of one pass
// over the whole model from dependents to dependencies (the definition),
// on generated models with random objectives and disruptions.
func TestDeadlinesEqualTheWholeModelPass(t *testing.T) {
	reached := 0
	for seed := uint64(1); seed <= 20; seed++ {
		doc := bcpgen.Generate(bcpgen.Config{Components: 300, Seed: seed})
		for i := range doc.Components {
			c := &doc.Components[i]
			if c.Kind == bcp.KindService {
				c.Objectives.RTO = time.Duration(i%5) * time.Hour // some without
				c.Objectives.MTPD = time.Duration(i%3) * 24 * time.Hour
			}
		}
		m, err := bcp.Compile(doc)
		require.NoError(t, err)
		sc := bcp.Scenario{ID: "s"}
		for k := 0; k < 5; k++ {
			sc.Disrupt = append(sc.Disrupt, bcp.Disruption{ID: doc.Components[(int(seed)*37+k*53)%len(doc.Components)].ID, At: time.Duration(k) * time.Hour})
		}
		im, err := m.Simulate(sc, bcp.SimulateOptions{})
		require.NoError(t, err)
		p := newPlanner(m, 0)
		p.targets = im.TargetIndices()
		p.markCone()
		p.deadlines(im)
		want := wholeModelDeadlines(p, im)
		for x := range want {
			if !p.cone[x] {
				continue // up throughout: no step, its deadline is never read
			}
			require.Equal(t, want[x], p.sc.deadline[x], fmt.Sprint("seed ", seed, " ", m.ID(x)))
			if want[x] != noDeadline {
				reached++
			}
		}
		p.release()
	}
	require.Greater(t, reached, 100, "the scenarios reach components from services with deadlines")
}

// wholeModelDeadlines is the definition: every down service's deadline,
// lowered along every requirement in reverse topological order.
func wholeModelDeadlines(p *planner, im *bcp.Impact) []time.Duration {
	comps := p.m.Components()
	deadline := make([]time.Duration, p.n)
	for i := range deadline {
		deadline[i] = noDeadline
	}
	for x := range comps {
		c := &comps[x]
		if c.Kind != bcp.KindService {
			continue
		}
		if ci := im.Component(c.ID); ci != nil {
			limit := c.Objectives.RTO
			if limit == 0 {
				limit = c.Objectives.MTPD
			}
			if limit > 0 {
				deadline[x] = ci.DownAt + limit
			}
		}
	}
	order := p.m.Graph().TopologicalOrder()
	for k := len(order) - 1; k >= 0; k-- {
		x := order[k]
		for _, r := range p.reqsOf(x) {
			for _, y := range r.Members {
				deadline[y] = min(deadline[y], deadline[x])
			}
		}
	}
	return deadline
}
