package plan_test

import (
	"strings"
	"testing"
	"time"

	"github.com/continuitykit/continuity/plan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// markdown builds the plan of src and returns its Markdown.
func markdown(t *testing.T, src string) string {
	t.Helper()
	doc, err := plan.Build(load(t, src), plan.Options{Now: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, doc.WriteMarkdown(&b))
	return b.String()
}

// The plan tells the story bcp impact tells: an MTPD breach is named with
// its time wherever an RTO breach is, and a service with an MTPD but no RTO
// is never said to breach an RTO. Times by hand: down from `at` (1h); RTO
// 2h and MTPD 3h breached at 3h and 4h; MTPD alone (2h) at 3h.
func TestPlanNamesMTPDBreaches(t *testing.T) {
	for _, tc := range []struct {
		name, objectives, activation, met string
	}{
		{"rto only", "{rto: 2h}", "long: svc (RTO breached at T+3h)", "| **no, breached at T+3h** |"},
		{"rto and mtpd", "{rto: 2h, mtpd: 3h}", "long: svc (RTO breached at T+3h, MTPD breached at T+4h)",
			"| **no, breached at T+3h; MTPD breached at T+4h** |"},
		{"mtpd only", "{mtpd: 2h}", "long: svc (MTPD breached at T+3h)", "| **no, MTPD breached at T+3h** |"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			md := markdown(t, `
components:
  - {id: svc, kind: service, objectives: `+tc.objectives+`, dependsOn: [db]}
  - {id: db, kind: data}
scenarios:
  - {id: long, disrupt: [{id: db, at: 1h, for: 5h}]}
`)
			assert.Contains(t, md, "- "+tc.activation+"\n")
			assert.Contains(t, md, "| svc | T+1h | T+6h | ")
			assert.Contains(t, md, tc.met)
			assert.NotContains(t, md, "at never")
		})
	}
}

// A risk whose scenario leaves a component down for good cannot be valued:
// the plan is still written, says so in its risk summary, and carries an
// error finding at the risk (so bcp plan exits 1). It failed whole before.
func TestPlanWithAnUnvaluedRisk(t *testing.T) {
	m := load(t, `
currency: EUR
bia:
  categories: [{id: financial, unit: EUR, thresholds: {1: 1000, 2: 10000, 3: 100000, 4: 1000000, 5: 10000000}}]
components:
  - {id: app, kind: application}
  - id: svc
    kind: service
    dependsOn: [app]
    bia: {impact: {financial: {formula: '1000 * hours(t)'}}}
scenarios:
  - {id: app-down, disrupt: [app]}
risks:
  - {id: r, frequency: 0.5, scenario: app-down}
`)
	doc, err := plan.Build(m, plan.Options{Now: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, doc.WriteMarkdown(&b))
	assert.Contains(t, b.String(), `The risk register could not be quantified: m.yaml:14:10: risk "r": component "svc" is down for good in scenario "app-down"`)
	var got []string
	for _, f := range doc.Findings {
		if f.Rule == plan.RuleRiskUnvalued {
			assert.Equal(t, "r", f.Component, "the risk's id, as people, role and exercise findings name theirs")
			got = append(got, f.Pos.String()+" "+string(f.Severity)+" "+f.Message)
		}
	}
	require.Len(t, got, 1)
	assert.Contains(t, got[0], `m.yaml:14:10 error risk "r" cannot be valued: component "svc" is down for good`)
}
