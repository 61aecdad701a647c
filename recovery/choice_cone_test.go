package recovery

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/stretchr/testify/require"
)

// Choosing strategies on the incident's cone picks what the search over
// the whole model (every component a way, the definition) picks, on
// random models where most components have two strategies and some a
// precondition anywhere in the model.
func TestStrategiesChosenOnTheConeAsOnTheModel(t *testing.T) {
	compared := 0
	for seed := uint64(1); seed <= 150; seed++ {
		doc := bcpgen.Small(seed, 10+int(seed%30))
		r := rand.New(rand.NewPCG(seed, 11))
		for i := range doc.Components {
			c := &doc.Components[i]
			first := bcp.Strategy{Type: "restore", Time: time.Duration(1+r.IntN(8)) * 30 * time.Minute}
			if r.IntN(4) == 0 {
				first.Requires = []string{doc.Components[r.IntN(len(doc.Components))].ID}
				if first.Requires[0] == c.ID {
					first.Requires = nil
				}
			}
			c.Recovery = &bcp.Recovery{Strategies: []bcp.Strategy{first, {Type: "rebuild", Time: time.Duration(1+r.IntN(12)) * time.Hour}}}
		}
		m, err := bcp.Compile(doc)
		if err != nil {
			continue // a precondition cycle the model rejects
		}
		for _, sc := range m.Scenarios() {
			im, err := m.Simulate(sc, bcp.SimulateOptions{})
			require.NoError(t, err)
			p := newPlanner(m, 0)
			p.targets = im.TargetIndices()
			p.markCone()
			for di, d := range sc.Disrupt {
				for _, x := range p.targets[di] {
					if d.For == 0 {
						p.addStep(x, bcp.SatAdd(d.At, d.RecoverAfter))
					} else {
						p.finite[x] = max(p.finite[x], bcp.SatAdd(d.At, d.For))
					}
				}
			}
			want := wholeModelChoice(p)
			p.chooseStrategies()
			for s := range p.steps {
				st := &p.steps[s]
				if st.dead != alive {
					continue
				}
				got := -1
				for k := range m.Components()[st.comp].Recovery.Strategies {
					if &m.Components()[st.comp].Recovery.Strategies[k] == st.strategy {
						got = k
					}
				}
				require.Equal(t, want[st.comp], got, fmt.Sprint("seed ", seed, " ", sc.ID, " ", m.ID(int(st.comp))))
				compared++
			}
			p.release()
		}
	}
	require.Greater(t, compared, 200)
}

// wholeModelChoice is the strategy each step's component would use when
// the search runs over every component of the model: the fastest when
// none finishes (as addStep starts).
func wholeModelChoice(p *planner) []int {
	comps := p.m.Components()
	var ways []way
	for x := int32(0); x < int32(p.n); x++ {
		s := p.stepOf[x]
		if s < 0 {
			ways = append(ways, way{comp: x, strategy: -1, base: p.finite[x]})
			continue
		}
		if st := &p.steps[s]; st.dead == alive {
			ways = strategyWays(ways, x, comps[x].Recovery.Strategies, st.release)
		}
	}
	_, chosen := earliestUp(p.m, p.reqsOf, ways, nil, nil, 0)
	out := make([]int, p.n)
	for x := range out {
		out[x] = int(chosen[x])
		if c := &comps[x]; out[x] < 0 && c.Recovery != nil {
			out[x] = fastest(c.Recovery.Strategies)
		}
	}
	return out
}
