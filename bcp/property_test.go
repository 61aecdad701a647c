package bcp_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/stretchr/testify/require"
)

// propertyModels is how many random models each property test checks; the
// -short flag runs fewer.
func propertyModels(t *testing.T) int {
	if testing.Short() {
		return 200
	}
	return 2000
}

func smallModel(t *testing.T, seed uint64, n int) (*bcp.Document, *bcp.Model) {
	t.Helper()
	doc := bcpgen.Small(seed, n)
	m, err := bcp.Compile(doc)
	require.NoError(t, err, "seed %d", seed)
	return doc, m
}

func TestImpactMatchesHourlySimulation(t *testing.T) {
	const horizon = 400
	for seed := uint64(0); seed < uint64(propertyModels(t)); seed++ {
		doc, m := smallModel(t, seed, 4+int(seed%16))
		r := newRef(doc)
		for _, sc := range doc.Scenarios {
			im, err := simulateID(m, sc.ID)
			require.NoError(t, err)
			want := r.simulate(sc, horizon)
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
						require.InDelta(t, r.capacity(i, h, want), capacityAt(ci, tm), 1e-12, "%s capacity at hour %d", msg, h)
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
