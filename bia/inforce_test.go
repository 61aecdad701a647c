package bia_test

import (
	"encoding/json"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bia"
	"github.com/continuitykit/continuity/recovery"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A service whose MTPD and RTO only its BIA derives. Before, bia said the
// MTPD was breached at T+10h while impact, recover and gaps, reading only
// declared objectives, reported no MTPD, no RTO and no breach.
func TestDerivedObjectivesAreInForceEverywhere(t *testing.T) {
	m := compile(t, `
version: 1
bia:
  categories: [{id: customer}, {id: money, thresholds: {4: 100}}]
components:
  - {id: app, kind: application}
  - id: table
    kind: service
    dependsOn: [app]
    bia: {impact: {customer: {1h: 2, 10h: 4}}}
  - id: formula
    kind: service
    dependsOn: [app]
    bia: {impact: {money: {formula: 'hours(t) * 10'}}}
scenarios:
  - id: app-down
    disrupt: [{id: app, for: 2d}]
`)
	sc, _ := m.Scenario("app-down")
	inc, err := recovery.Timeline(m, sc, recovery.Options{})
	require.NoError(t, err)
	rep, err := bia.Analyze(m, bia.Options{Incidents: []*recovery.Incident{inc}})
	require.NoError(t, err)
	gaps := recovery.Gaps(m, recovery.GapOptions{Incident: inc})
	for _, id := range []string{"table", "formula"} {
		// Impact intolerable at 10h (level table; 10 per hour reaching 100):
		// MTPD 10h, RTO the largest bucket below it, 4h.
		x, _ := m.Index(id)
		assert.Equal(t, bcp.InForce{MTPD: 10 * h, RTO: 4 * h, MTPDDerived: true, RTODerived: true}, m.InForce(x), id)
		a := rep.Assessment(id)
		assert.Equal(t, 10*h, a.MTPD.Effective, id)
		assert.Equal(t, 4*h, a.RTO.Effective, id)

		ci := inc.Impact.Component(id)
		require.NotNil(t, ci, id)
		assert.True(t, ci.MTPDBreached && ci.MTPDDerived, id)
		assert.Equal(t, 10*h, ci.MTPDBreachAt, "%s: impact's MTPD breach", id)
		assert.True(t, ci.RTOBreached && ci.RTODerived, id)
		assert.Equal(t, 4*h, ci.RTOBreachAt, "%s: impact's RTO breach", id)

		var tc *bia.ToleranceCheck
		for k := range rep.Tolerance {
			if rep.Tolerance[k].ID == id {
				tc = &rep.Tolerance[k]
			}
		}
		require.NotNil(t, tc, id)
		assert.Equal(t, "mtpd (derived)", tc.Source, id)
		assert.Equal(t, ci.MTPDBreachAt, tc.BreachAt, "%s: bia's breach and impact's", id)

		var met *bool
		for _, s := range inc.Plan.Services {
			if s.ID == id {
				met = s.Met
				assert.Equal(t, 4*h, s.RTO, id)
				assert.True(t, s.RTODerived, id)
			}
		}
		require.NotNil(t, met, "%s: the plan measures the derived RTO", id)
		assert.False(t, *met, id)
		for _, c := range gaps.Components {
			if c.ID == id {
				assert.Equal(t, 4*h, c.RTO, id)
				assert.Equal(t, 44*h, c.RTOGap, "%s: down 2d against an RTO of 4h", id)
			}
		}
	}

	out, err := json.Marshal(inc.Impact.Component("table"))
	require.NoError(t, err)
	assert.Contains(t, string(out), `"rto":14400,"rtoDerived":true,"rtoBreached":true,"rtoBreachAt":14400,"mtpd":36000,"mtpdDerived":true,"mtpdBreached":true,"mtpdBreachAt":36000`)
}

// Declared objectives stay in force over what the BIA derives, and are not
// marked derived.
func TestDeclaredObjectivesWin(t *testing.T) {
	m := compile(t, `
version: 1
components:
  - id: s
    kind: service
    objectives: {mtpd: 1d}
    bia: {impact: {customer: {10h: 4}}}
`)
	assert.Equal(t, bcp.InForce{MTPD: 24 * h, RTO: 4 * h, RTODerived: true}, m.InForce(0), "RTO from the declared MTPD")
	m = compile(t, `
version: 1
components:
  - {id: s, kind: service, objectives: {rto: 2h, mtpd: 1d}}
  - {id: t, kind: service}
`)
	assert.Equal(t, bcp.InForce{MTPD: 24 * h, RTO: 2 * h}, m.InForce(0))
	assert.Equal(t, bcp.InForce{MTPD: bcp.Forever, RTO: bcp.Forever}, m.InForce(1), "no objectives, no BIA")
}

// An MTPD of 1s leaves an RTO of 0s (half of it, in whole seconds): a
// valid answer, explained, with a warning saying what it means.
func TestRTOOfZeroIsExplained(t *testing.T) {
	r := analyze(t, `
version: 1
components:
  - id: s
    kind: service
    objectives: {mtpd: 1s}
    bia: {impact: {customer: {1h: 2}}}
`)
	a := r.Assessment("s")
	assert.Equal(t, bia.Objective{Declared: bcp.Forever, Derived: 0, Effective: 0, Source: "derived",
		Why: "no standard bucket is shorter than the MTPD 1s (declared), and half of it is under a second: 0s"}, a.RTO)
	f := findings(r, "s")["rto.zero"]
	assert.Equal(t, bcp.SeverityWarning, f.Severity)
	assert.Equal(t, "RTO 0s from the MTPD 1s (declared): no outage is tolerable, so s must stay up through any disruption (redundancy rather than recovery), or the MTPD is too short", f.Message)
}

// An RTO rule that fails while deriving is a load problem at the rule,
// naming the component.
func TestRTORuleErrorIsALoadProblem(t *testing.T) {
	doc, err := bcp.Parse("model.yaml", []byte(`
version: 1
bia: {rto: 'mtpd - duration("2d")'}
components:
  - id: s
    kind: service
    bia: {impact: {customer: {1d: 4}}}
`))
	require.NoError(t, err)
	_, err = bcp.Compile(doc)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `model.yaml:3:13: component "s": rto rule "mtpd - duration(\"2d\")" gives a negative duration`)
}
