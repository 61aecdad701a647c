package bcp_test

import (
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/continuitykit/continuity/internal/modeltest"
	"github.com/stretchr/testify/require"
)

// TestPropertyModelsAreNotTrivial guards the property tests: the random
// models must produce SPOFs, higher-order cut sets, fractional availability
// and fallback capacity, or agreement with brute force would prove little.
func TestPropertyModelsAreNotTrivial(t *testing.T) {
	var spofs, pairs, triples, fractional, capacity, tolerated int
	for seed := uint64(0); seed < 200; seed++ {
		doc, m := modeltest.Small(t, seed, 4+int(seed%14))
		rep, err := faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{Of: m.IDs()})
		require.NoError(t, err)
		for _, s := range rep.Services {
			spofs += len(s.SPOF)
		}
		for _, id := range m.ComponentsOfKind(bcp.KindService) {
			cs, err := faulttree.CutSets(m, id, faulttree.CutSetOptions{Order: 3})
			require.NoError(t, err)
			for _, c := range cs.CutSets {
				switch len(c) {
				case 2:
					pairs++
				case 3:
					triples++
				}
			}
		}
		av, err := faulttree.Availability(m, faulttree.AvailabilityOptions{})
		require.NoError(t, err)
		for _, s := range av.Services {
			if s.Availability > 0 && s.Availability < 1 {
				fractional++
			}
		}
		for _, sc := range doc.Scenarios {
			im, err := simulateID(m, sc.ID)
			require.NoError(t, err)
			for _, c := range im.Components {
				for _, p := range c.Capacity {
					if p.Capacity > 0 {
						capacity++
					}
				}
				if !c.Disrupted && len(c.Cause) > 0 && c.DownAt%3600000000000 == 0 && c.DownAt > 0 {
					tolerated++
				}
			}
		}
	}
	t.Logf("spofs=%d pairs=%d triples=%d fractional=%d capacity=%d delayed=%d", spofs, pairs, triples, fractional, capacity, tolerated)
	for _, n := range []int{spofs, pairs, triples, fractional, capacity, tolerated} {
		require.Greater(t, n, 20)
	}
}
