package recovery_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/bia"
	"github.com/continuitykit/continuity/recovery"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOneStory runs every scenario of every example and of random models
// with strategies and teams through impact, recover, BIA impact tolerance
// and gaps, and checks that they tell the same story.
func TestOneStory(t *testing.T) {
	examples, err := filepath.Glob("../examples/*/model.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, examples)
	for _, path := range examples {
		m, err := bcp.Load([]string{path})
		require.NoError(t, err, path)
		for _, sc := range m.Scenarios() {
			t.Run(filepath.Base(filepath.Dir(path))+"/"+sc.ID, func(t *testing.T) { _ = checkOneStory(t, m, sc) })
		}
	}
	n := 500
	if testing.Short() {
		n = 100
	}
	derived := 0
	for seed := uint64(1); seed <= uint64(n); seed++ {
		doc := withRecovery(bcpgen.Small(seed, 8+int(seed%25)), seed)
		m, err := bcp.Compile(doc)
		require.NoError(t, err, "seed %d", seed)
		for _, sc := range m.Scenarios() {
			derived += checkOneStory(t, m, sc)
			if t.Failed() {
				t.Fatalf("seed %d scenario %s", seed, sc.ID)
			}
		}
	}
	assert.Greater(t, derived, n/10, "derived MTPD breaches compared with bia's")
}

// checkOneStory checks one scenario and returns how many breaches of a
// derived MTPD it compared with bia's.
func checkOneStory(t *testing.T, m *bcp.Model, sc bcp.Scenario) int {
	t.Helper()
	compared := 0
	inc, err := recovery.Timeline(m, sc, recovery.Options{})
	require.NoError(t, err)
	im := inc.Impact
	noNegative(t, im)

	// recover: every service's restored time is its up time in the impact.
	plan, err := recovery.Schedule(m, sc, recovery.Options{})
	require.NoError(t, err)
	assert.Equal(t, inc.Plan.Services, plan.Services, "Schedule and Timeline plan alike")
	for _, s := range plan.Services {
		ci := im.Component(s.ID)
		require.NotNil(t, ci, "%s: in the plan but never down in the impact", s.ID)
		assert.Equal(t, ci.UpAt, s.RestoredAt, "%s: impact upAt and plan restoredAt", s.ID)
		assert.Equal(t, ci.DownAt, s.DownAt, "%s: downAt", s.ID)
		assert.Equal(t, ci.HasRTO(), s.Met != nil, "%s: an RTO in the plan and in the impact", s.ID)
		if s.Met != nil {
			assert.Equal(t, !ci.RTOBreached, *s.Met, "%s: plan's RTO met and impact's breach", s.ID)
			assert.Equal(t, ci.RTO, s.RTO, "%s: plan's RTO and impact's", s.ID)
			assert.Equal(t, ci.RTODerived, s.RTODerived, s.ID)
		}
	}
	for _, ci := range im.Components {
		if ci.Kind == bcp.KindService {
			assert.True(t, slices.ContainsFunc(plan.Services, func(s recovery.ServiceRestore) bool { return s.ID == ci.ID }), "%s: down in the impact, not in the plan", ci.ID)
		}
	}
	for _, st := range plan.Steps {
		assert.True(t, st.Start >= 0 && st.Finish >= st.Start, "step %s: %s..%s", st.ID, st.Start, st.Finish)
	}

	// BIA impact tolerance reads the same timeline, and the objectives the
	// impact breaches are the ones the BIA holds in force.
	rep, err := bia.Analyze(m, bia.Options{Incidents: []*recovery.Incident{inc}})
	require.NoError(t, err)
	for k := range im.Components {
		sameObjectives(t, m, rep, &im.Components[k])
	}
	for _, tc := range rep.Tolerance {
		ci := im.Component(tc.ID)
		require.NotNil(t, ci, tc.ID)
		if sameBreach(t, ci, tc) && ci.MTPDDerived && ci.MTPDBreached {
			compared++
		}
		assert.Equal(t, ci.Downtime, tc.Downtime, "%s: tolerance downtime", tc.ID)
		if ci.UpAt != bcp.Forever {
			assert.NotEqual(t, bcp.Forever, tc.Disruption, "%s: finite in the impact, never-ending in the tolerance check", tc.ID)
		}
		if !tc.Within {
			assert.True(t, tc.BreachAt >= ci.DownAt && tc.BreachAt <= ci.UpAt, "%s: breach at %s outside its down time %s..%s", tc.ID, tc.BreachAt, ci.DownAt, ci.UpAt)
		}
	}

	// gaps on the incident: RTC is the longest down period, and an RTO gap
	// exactly where the impact breaches the RTO.
	gaps := recovery.Gaps(m, recovery.GapOptions{Incident: inc, Now: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)})
	for _, c := range gaps.Components {
		ci := im.Component(c.ID)
		require.NotNil(t, ci, "gaps reports %s, which the incident does not take down", c.ID)
		assert.Equal(t, ci.UpAt == bcp.Forever, c.RTC == bcp.Forever, "%s: never in one, finite in the other", c.ID)
		assert.Equal(t, ci.RTO, c.RTO, "%s: gaps' RTO and impact's", c.ID)
		if ci.HasRTO() {
			assert.Equal(t, ci.RTOBreached, c.RTOGap > 0, "%s: RTO gap %s and impact breach %v", c.ID, c.RTOGap, ci.RTOBreached)
		}
		assert.True(t, c.RTC >= 0 && c.RTOGap >= 0, "%s: negative", c.ID)
	}
	return compared
}

// sameObjectives checks that the impact breaches the MTPD and RTO in force,
// the ones the BIA reports (declared, else derived).
func sameObjectives(t *testing.T, m *bcp.Model, rep *bia.Report, ci *bcp.ComponentImpact) {
	t.Helper()
	x, _ := m.Index(ci.ID)
	f := m.InForce(x)
	asImpact := func(d time.Duration) time.Duration {
		if d == bcp.Forever {
			return 0
		}
		return d
	}
	assert.Equal(t, asImpact(f.MTPD), ci.MTPD, "%s: impact's MTPD", ci.ID)
	assert.Equal(t, asImpact(f.RTO), ci.RTO, "%s: impact's RTO", ci.ID)
	assert.Equal(t, f.MTPDDerived, ci.MTPDDerived, ci.ID)
	assert.Equal(t, f.RTODerived, ci.RTODerived, ci.ID)
	if a := rep.Assessment(ci.ID); a != nil {
		assert.Equal(t, a.MTPD.Effective, f.MTPD, "%s: bia's MTPD in force", ci.ID)
		assert.Equal(t, a.RTO.Effective, f.RTO, "%s: bia's RTO in force", ci.ID)
		assert.Equal(t, a.MTPD.Source == "derived", f.MTPDDerived, ci.ID)
		assert.Equal(t, a.RTO.Source == "derived", f.RTODerived, ci.ID)
	}
}

// sameBreach compares bia's tolerance breach with impact's MTPD breach
// where the tolerance is the MTPD. Without fallbacks the tolerance counts
// all the time down (cumulative) and the MTPD one down period
// (continuous): with one down period they are the same time, with more
// the tolerance breaks no later. It reports whether the times were equal
// by definition and compared.
func sameBreach(t *testing.T, ci *bcp.ComponentImpact, tc bia.ToleranceCheck) bool {
	t.Helper()
	if !strings.HasPrefix(tc.Source, "mtpd") || ci.Capacity != nil {
		return false
	}
	assert.Equal(t, tc.Tolerance, ci.MTPD, "%s: tolerance is the MTPD in force", ci.ID)
	if len(ci.Down) != 1 {
		assert.LessOrEqual(t, tc.BreachAt, ci.MTPDBreachAt, "%s: cumulative breach after the continuous one", ci.ID)
		return false
	}
	assert.Equal(t, ci.MTPDBreachAt, tc.BreachAt, "%s: impact's MTPD breach and bia's", ci.ID)
	return true
}

func noNegative(t *testing.T, im *bcp.Impact) {
	t.Helper()
	for _, c := range im.Components {
		ok := c.DownAt >= 0 && c.UpAt >= c.DownAt && c.Downtime >= 0 && c.RTOBreachAt >= 0 && c.MTPDBreachAt >= 0
		for _, iv := range c.Down {
			ok = ok && iv.From >= 0 && iv.To > iv.From
		}
		assert.True(t, ok, "%s: negative or inverted time in %+v", c.ID, c)
	}
}

// withRecovery gives a random model teams, recovery strategies on most
// components (some with preconditions), BIA levels or formulas on its
// services (a third of them with no declared objectives, a third with only
// an MTPD, so that the BIA derives what is in force), and turns some of its
// scenarios' disruptions into ones the plan ends.
func withRecovery(doc *bcp.Document, seed uint64) *bcp.Document {
	r := rand.New(rand.NewPCG(seed, 7))
	teams := 1 + r.IntN(3)
	for k := 0; k < teams; k++ {
		doc.Teams = append(doc.Teams, bcp.Team{ID: fmt.Sprintf("t%d", k), Capacity: 1 + r.IntN(2)})
	}
	for i := range doc.Components {
		c := &doc.Components[i]
		if c.Kind == bcp.KindService {
			c.BIA = &bcp.ComponentBIA{Impact: []bcp.CategoryImpact{{Category: "customer", Levels: []bcp.LevelAt{
				{At: time.Hour, Level: 2}, {At: time.Duration(2+r.IntN(20)) * time.Hour, Level: 4}}}}}
			if r.IntN(2) == 0 { // level 4 after 4k hours, found by bisection
				c.BIA.Impact = append(c.BIA.Impact, bcp.CategoryImpact{Category: "operational", Formula: fmt.Sprintf("min(5.0, hours(t) / %d.5)", r.IntN(6))})
			}
			switch r.IntN(3) {
			case 0:
				c.Objectives.RTO, c.Objectives.MTPD = 0, 0
			case 1:
				c.Objectives.RTO = 0
			}
		}
		if r.IntN(10) < 3 {
			continue
		}
		st := bcp.Strategy{Type: "restore", Time: time.Duration(1+r.IntN(16)) * 15 * time.Minute}
		if i > 0 && r.IntN(5) == 0 {
			st.Requires = []string{doc.Components[r.IntN(i)].ID}
		}
		c.Recovery = &bcp.Recovery{Team: fmt.Sprintf("t%d", r.IntN(teams)), Strategies: []bcp.Strategy{st}}
		if r.IntN(3) == 0 {
			c.Recovery.Strategies = append(c.Recovery.Strategies, bcp.Strategy{Type: "rebuild", Time: time.Duration(1+r.IntN(8)) * time.Hour})
		}
	}
	for s := range doc.Scenarios {
		for k := range doc.Scenarios[s].Disrupt {
			d := &doc.Scenarios[s].Disrupt[k]
			switch r.IntN(3) {
			case 0:
				d.For = 0
			case 1:
				d.For, d.RecoverAfter = 0, time.Duration(r.IntN(6))*time.Hour
			}
		}
	}
	return doc
}
