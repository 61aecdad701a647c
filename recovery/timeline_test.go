package recovery_test

import (
	"errors"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bia"
	"github.com/continuitykit/continuity/recovery"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const ransomwareModel = `
version: 1
teams: [{id: ops, capacity: 1}]
components:
  - id: files
    kind: data
    recovery: {team: ops, strategies: [{type: restore, time: 8h}]}
  - id: office
    kind: service
    objectives: {rto: 1d, mtpd: 3d}
    dependsOn: [files]
    bia: {impact: {customer: {1d: 2, 3d: 4}}}
`

func compileYAML(t *testing.T, src string) *bcp.Model {
	t.Helper()
	doc, err := bcp.Parse("m.yaml", []byte(src))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	return m
}

// recoverAfter: locked out 2d while the attack is contained, then the 8h
// restore. Before, a disruption with for got no recovery step at all and
// one without for was restored from T+0.
func TestRecoverAfterStartsRecoveryWhenTheCauseEnds(t *testing.T) {
	m := compileYAML(t, ransomwareModel)
	sc := bcp.Scenario{ID: "ransomware", Disrupt: []bcp.Disruption{{ID: "files", At: time.Hour, RecoverAfter: 48 * time.Hour}}}
	inc, err := recovery.Timeline(m, sc, recovery.Options{})
	require.NoError(t, err)
	require.Len(t, inc.Plan.Steps, 1)
	st := inc.Plan.Steps[0]
	assert.Equal(t, 49*time.Hour, st.Start, "recovery starts when the cause ends: at + recoverAfter")
	assert.Equal(t, 57*time.Hour, st.Finish)
	office := inc.Impact.Component("office")
	require.NotNil(t, office)
	assert.Equal(t, time.Hour, office.DownAt)
	assert.Equal(t, 57*time.Hour, office.UpAt)
	assert.Equal(t, 57*time.Hour, inc.Plan.Services[0].RestoredAt)

	// An explicit for is the outage's known length: no step shortens it.
	sc.Disrupt[0] = bcp.Disruption{ID: "files", For: 2 * time.Hour}
	inc, err = recovery.Timeline(m, sc, recovery.Options{})
	require.NoError(t, err)
	assert.Empty(t, inc.Plan.Steps)
	assert.Equal(t, 2*time.Hour, inc.Impact.Component("office").UpAt)

	// Both is a mistake, reported as the loader would.
	sc.Disrupt[0] = bcp.Disruption{ID: "files", For: 2 * time.Hour, RecoverAfter: time.Hour}
	_, err = recovery.Timeline(m, sc, recovery.Options{})
	assert.ErrorContains(t, err, "give for (the outage's known length) or recoverAfter")
}

// A scenario built in code (an incident, a what-if) is scheduled and
// checked against impact tolerance like a model scenario. Before, Schedule
// and bia took scenario ids only ("unknown scenario \"what-if\"").
func TestAdHocScenariosEverywhere(t *testing.T) {
	m := compileYAML(t, ransomwareModel)
	whatIf := bcp.Scenario{ID: "what-if", Disrupt: []bcp.Disruption{{ID: "files"}}}
	plan, err := recovery.Schedule(m, whatIf, recovery.Options{})
	require.NoError(t, err)
	assert.Equal(t, 8*time.Hour, plan.Services[0].RestoredAt)
	inc, err := recovery.Timeline(m, whatIf, recovery.Options{})
	require.NoError(t, err)
	rep, err := bia.Analyze(m, bia.Options{Incidents: []*recovery.Incident{inc}})
	require.NoError(t, err)
	require.Len(t, rep.Tolerance, 1)
	assert.Equal(t, "what-if", rep.Tolerance[0].Scenario)
	assert.True(t, rep.Tolerance[0].Within, "8h down against a 3d tolerance")
	gaps := recovery.Gaps(m, recovery.GapOptions{Incident: inc, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	assert.Equal(t, "what-if", gaps.Scenario)
}

// Unknown ids are typed errors callers match with errors.As.
func TestNotFoundErrorsAreTyped(t *testing.T) {
	m := compileYAML(t, ransomwareModel)
	_, err := m.Scenario("nope")
	var nf *bcp.NotFoundError
	require.True(t, errors.As(err, &nf), "%v", err)
	assert.Equal(t, "scenario", nf.What)
	_, err = recovery.Timeline(m, bcp.Scenario{ID: "x", Disrupt: []bcp.Disruption{{ID: "fils"}}}, recovery.Options{})
	require.True(t, errors.As(err, &nf), "%v", err)
	assert.Equal(t, "component", nf.What)
	assert.Contains(t, err.Error(), `did you mean "files"?`)
}

// A service whose dependency is back within the service's tolerance never
// goes down: the plan does not list it (before, it was "restored at T+0s",
// down at 2h, which no other analysis said).
func TestPlanListsOnlyServicesDownOnTheTimeline(t *testing.T) {
	m := compileYAML(t, `
version: 1
teams: [{id: t, capacity: 1}]
components:
  - {id: svc, kind: service, owner: t, objectives: {rto: 1h, mtpd: 4h}, dependsOn: [{id: app, tolerance: 2h}]}
  - {id: app, kind: application, owner: t, recovery: {team: t, strategies: [{type: restore, time: 1h}]}}
scenarios:
  - {id: s, disrupt: [{id: app}]}
`)
	sc, err := m.Scenario("s")
	require.NoError(t, err)
	inc, err := recovery.Timeline(m, sc, recovery.Options{})
	require.NoError(t, err)
	assert.Nil(t, inc.Impact.Component("svc"))
	assert.Empty(t, inc.Plan.Services)
	require.Len(t, inc.Plan.Steps, 1)
	assert.Equal(t, time.Hour, inc.Plan.Steps[0].Finish)
}

// A scenario whose selectors match nothing takes nothing down, with or
// without recovery; the plan used to fail with "disrupts nothing" when it
// re-simulated the scenario with no disruption left.
func TestTimelineOfEmptySelection(t *testing.T) {
	m, err := bcp.Compile(&bcp.Document{Version: 1,
		Components: []bcp.Component{{ID: "a", Kind: bcp.KindService,
			Recovery: &bcp.Recovery{Strategies: []bcp.Strategy{{Type: "restore", Time: time.Hour}}}}},
		Scenarios: []bcp.Scenario{{ID: "s", Disrupt: []bcp.Disruption{{Select: `kind == "servce"`}}}}})
	require.NoError(t, err)
	sc, err := m.Scenario("s")
	require.NoError(t, err)
	for _, only := range []bool{false, true} {
		inc, err := recovery.Timeline(m, sc, recovery.Options{DisruptionOnly: only})
		require.NoError(t, err, "disruption only: %v", only)
		assert.Empty(t, inc.Impact.Components)
		if !only {
			assert.Empty(t, inc.Plan.Steps)
		}
	}
}
