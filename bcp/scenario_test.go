package bcp_test

import (
	"sync"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func contactCentre(t *testing.T) *bcp.Model {
	t.Helper()
	m, err := bcp.Load([]string{"../examples/contact-centre/model.yaml"})
	require.NoError(t, err)
	return m
}

func TestFractionIsReproducibleAndRoundsUp(t *testing.T) {
	m := contactCentre(t)
	sel := `kind == "people" && owner == "cs-ops" && !virtual` // three agent teams
	run := func(f float64, seed uint64) []string {
		im, err := m.Simulate(bcp.Scenario{ID: "p", Disrupt: []bcp.Disruption{{Select: sel, Fraction: f, Seed: seed}}}, bcp.SimulateOptions{})
		require.NoError(t, err)
		return im.Disrupted
	}
	assert.Len(t, run(0.4, 1), 2, "ceil(0.4 × 3) = 2")
	assert.Len(t, run(0.1, 1), 1, "ceil(0.1 × 3) = 1")
	assert.Len(t, run(1, 1), 3)
	assert.Equal(t, run(0.4, 7), run(0.4, 7), "same seed, same teams")
	seen := map[string]bool{}
	for seed := uint64(0); seed < 20; seed++ {
		seen[run(0.3, seed)[0]] = true
	}
	assert.Len(t, seen, 3, "seeds choose different teams")
	_, err := m.Simulate(bcp.Scenario{ID: "p", Disrupt: []bcp.Disruption{{Select: sel, Fraction: 1.5}}}, bcp.SimulateOptions{})
	assert.ErrorContains(t, err, "fraction is the share of matched components")

	im, err := simulateID(m, "pandemic")
	require.NoError(t, err)
	cs := im.Component("customer-service")
	require.NotNil(t, cs, "two of three teams off: fewer than 2 of 3 up")
	assert.Equal(t, 24*time.Hour, cs.DownAt)
	assert.Equal(t, 24*time.Hour+14*24*time.Hour, cs.UpAt)
	assert.Equal(t, []string{"agents"}, cs.Cause)
}

func TestCompareImpacts(t *testing.T) {
	m := contactCentre(t)
	a, err := simulateID(m, "isp-a-cut")
	require.NoError(t, err)
	b, err := simulateID(m, "both-isps")
	require.NoError(t, err)
	diff := bcp.CompareImpacts(a, b)
	ids := make([]string, len(diff))
	for i, d := range diff {
		ids[i] = d.ID
	}
	// ISP A alone takes nothing else down; both ISPs take the internet,
	// SIP trunks and everything above them down for 6 hours.
	assert.Equal(t, []string{"complaints", "crm", "customer-service", "email", "internet", "isp-a", "isp-b", "sip-trunks", "telephony"}, ids)
	for _, d := range diff {
		if d.ID == "isp-a" {
			require.NotNil(t, d.A)
			require.NotNil(t, d.B)
			continue
		}
		assert.Nil(t, d.A, d.ID)
		assert.NotNil(t, d.B, d.ID)
	}
	assert.Empty(t, bcp.CompareImpacts(a, a))
}

// TestConcurrentUse runs every analysis on one Model from many goroutines;
// under -race it checks that a compiled Model is safe to share.
func TestConcurrentUse(t *testing.T) {
	m, err := bcp.Compile(bcpgen.Generate(bcpgen.Config{Components: 2000, Seed: 3, Rules: 8, Scenarios: 4}))
	require.NoError(t, err)
	svc := m.ComponentsOfKind(bcp.KindService)[0]
	want, err := faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 3; i++ {
				got, err := faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{})
				assert.NoError(t, err)
				assert.Equal(t, len(want.Services), len(got.Services))
				m.Check()
				_, err = simulateID(m, "s1")
				assert.NoError(t, err)
				_, err = m.Simulate(bcp.Scenario{ID: "x", Disrupt: []bcp.Disruption{{Select: `"windows" in tags && len(dependents) > 0`, For: time.Hour}}}, bcp.SimulateOptions{})
				assert.NoError(t, err)
				_, err = faulttree.CutSets(m, svc, faulttree.CutSetOptions{Order: 2})
				assert.NoError(t, err)
				_, err = faulttree.Availability(m, faulttree.AvailabilityOptions{Of: []string{svc}})
				assert.NoError(t, err)
				_, err = m.Select(`kind == "site"`)
				assert.NoError(t, err)
			}
		}()
	}
	wg.Wait()
}

// A selector that matches nothing is accepted (it may rightly match
// nothing in some model) but not silently: Unmatched names the disruption
// and the text report says so.
func TestUnmatchedSelectorIsReported(t *testing.T) {
	m := contactCentre(t)
	ids, err := m.Select(`kind == "sitee"`)
	require.NoError(t, err)
	assert.Empty(t, ids)
	im, err := m.Simulate(bcp.Scenario{ID: "typo", Disrupt: []bcp.Disruption{
		{ID: "crm-saas", For: time.Hour}, {Select: `kind == "sitee"`}}}, bcp.SimulateOptions{})
	require.NoError(t, err)
	assert.Equal(t, []int{2}, im.Unmatched())
	assert.Contains(t, im.String(), "  disrupted: crm-saas\n  disruption 2 matched no component\n")
	im, err = simulateID(m, "crm-outage")
	require.NoError(t, err)
	assert.Empty(t, im.Unmatched())
}
