package bcp_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/internal/modeltest"
	"github.com/stretchr/testify/require"
)

func TestImpactMatchesHourlySimulation(t *testing.T) {
	const horizon = 400
	for seed := uint64(0); seed < uint64(modeltest.Count()); seed++ {
		doc, m := modeltest.Small(t, seed, 4+int(seed%16))
		r := modeltest.NewRef(doc)
		for _, sc := range doc.Scenarios {
			im, err := simulateID(m, sc.ID)
			require.NoError(t, err)
			require.Len(t, im.ComponentIndices(), len(im.Components))
			for k, x := range im.ComponentIndices() {
				require.Equal(t, im.Components[k].ID, m.ID(int(x)), "seed %d, scenario %s: index of component %d", seed, sc.ID, k)
			}
			want := r.Simulate(sc, horizon)
			for i, c := range doc.Components {
				ci := im.Component(c.ID)
				msg := fmt.Sprintf("seed %d, scenario %s, component %s", seed, sc.ID, c.ID)
				anyDown := false
				for h := 0; h < horizon; h++ {
					tm := time.Duration(h)*time.Hour + 30*time.Minute
					got := false
					if ci != nil {
						for _, iv := range ci.Down {
							got = got || (iv.From <= tm && tm < iv.To)
						}
					}
					require.Equal(t, want[i][h], got, "%s at hour %d", msg, h)
					anyDown = anyDown || got
					if ci != nil && len(c.Fallbacks) > 0 && got {
						require.InDelta(t, r.Capacity(i, h, want), capacityAt(ci, tm), 1e-12, "%s capacity at hour %d", msg, h)
					}
				}
				require.Equal(t, anyDown, ci != nil, msg)
				if ci == nil {
					continue
				}
				// rtoBreached: some continuous down run longer than the RTO.
				longest := 0
				run := 0
				for h := 0; h < horizon; h++ {
					if want[i][h] {
						run++
						longest = max(longest, run)
					} else {
						run = 0
					}
				}
				if want[i][horizon-1] {
					longest = math.MaxInt
				}
				rto := int(c.Objectives.RTO / time.Hour)
				require.Equal(t, rto > 0 && longest > rto, ci.RTOBreached, msg)
				require.Equal(t, ci.Down[0].From, ci.DownAt, msg)
				require.Equal(t, ci.Down[len(ci.Down)-1].To, ci.UpAt, msg)
			}
		}
	}
}

func capacityAt(ci *bcp.ComponentImpact, t time.Duration) float64 {
	for _, p := range ci.Capacity {
		if p.From <= t && t < p.To {
			return p.Capacity
		}
	}
	return 0
}
