package faulttree_test

import (
	"testing"

	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/continuitykit/continuity/internal/modeltest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSPOFMatchesBruteForce(t *testing.T) {
	for seed := uint64(0); seed < uint64(modeltest.Count()); seed++ {
		doc, m := modeltest.Small(t, seed, 4+int(seed%14))
		r := modeltest.NewRef(doc)
		rep, err := faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{Of: m.IDs()})
		require.NoError(t, err)
		for _, s := range rep.Services {
			want := r.SPOF(r.Index(s.ID))
			got := s.SPOF
			if len(want) == 0 {
				want = nil
			}
			if len(got) == 0 {
				got = nil
			}
			require.Equal(t, want, got, "seed %d, of %s", seed, s.ID)
			spof := map[string]bool{s.ID: true}
			for _, x := range s.SPOF {
				spof[x] = true
			}
			for i := range s.SPOF {
				p := s.Path(i)
				assert.Equal(t, s.ID, p[0])
				assert.Equal(t, s.SPOF[i], p[len(p)-1])
				// A step starts at the service or another SPOF and is the
				// tail of the whole path.
				st := s.Step(i)
				assert.True(t, spof[st[0]], "step %v starts at an explained point", st)
				assert.Equal(t, p[len(p)-len(st):], st)
			}
		}
	}
}

func TestCutSetsMatchBruteForce(t *testing.T) {
	for seed := uint64(0); seed < uint64(modeltest.Count())/2; seed++ {
		doc, m := modeltest.Small(t, seed, 4+int(seed%10))
		r := modeltest.NewRef(doc)
		for _, id := range m.IDs() {
			for order := 1; order <= 3; order++ {
				rep, err := faulttree.CutSets(m, id, faulttree.CutSetOptions{Order: order})
				require.NoError(t, err)
				want := r.CutSets(r.Index(id), order)
				if len(want) == 0 {
					want = [][]string{}
				}
				require.Equal(t, want, rep.CutSets, "seed %d, of %s, order %d", seed, id, order)
			}
		}
	}
}

func TestAvailabilityMatchesBruteForce(t *testing.T) {
	for seed := uint64(0); seed < uint64(modeltest.Count())/2; seed++ {
		doc, m := modeltest.Small(t, seed, 4+int(seed%11))
		r := modeltest.NewRef(doc)
		rep, err := faulttree.Availability(m, faulttree.AvailabilityOptions{Of: m.IDs()})
		require.NoError(t, err)
		for _, s := range rep.Services {
			want := r.Availability(r.Index(s.ID))
			require.InDelta(t, want, s.Availability, 1e-12, "seed %d, of %s", seed, s.ID)
			require.InDelta(t, 1-want, s.Unavailability, 1e-12)
		}
	}
}
