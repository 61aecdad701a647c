package recovery_test

import (
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/recovery"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runbook schedules the model's only scenario and returns its Markdown.
func runbook(t *testing.T, src string) string {
	t.Helper()
	doc, err := bcp.Parse("m.yaml", []byte(src))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	p, err := recovery.Schedule(m, m.Scenarios()[0], recovery.Options{})
	require.NoError(t, err)
	return p.Runbook(m)
}

// Names in a runbook come from the model (often a CMDB import): a pipe
// must not add a table column and HTML must not reach the wiki page.
func TestRunbookEscapesNames(t *testing.T) {
	md := runbook(t, `
teams: [{id: ops, name: 'Ops | <b>team</b>', contact: '<img src=x onerror=alert(2)>'}]
components:
  - {id: svc, kind: service, objectives: {rto: 1h}, dependsOn: [db]}
  - {id: db, kind: data, recovery: {team: ops, strategies: [{type: restore, time: 2h}]}}
scenarios: [{id: s, name: 'S <i>x</i>', disrupt: [{id: db}]}]
`)
	assert.Contains(t, md, "\nS \\<i\\>x\\</i\\>\n")
	assert.Contains(t, md, "| 1 | T+0s | T+2h | db | Ops \\| \\<b\\>team\\</b\\> | \\<img src=x onerror=alert(2)\\> | restore | - | 2h |\n")
	assert.NotRegexp(t, `(^|[^\\])<`, md, "every < is escaped")
}

// A step whose restore ends beyond the largest representable time
// finishes never and takes forever, as bcp recover's text says; it did read
// "T+forever" with an expected time of 23h47m16s (Forever minus the start).
func TestRunbookStepThatNeverFinishes(t *testing.T) {
	md := runbook(t, `
components:
  - {id: svc, kind: service, objectives: {rto: 1h}, dependsOn: [db]}
  - {id: db, kind: data, recovery: {strategies: [{type: restore, time: 106751d}]}}
scenarios: [{id: s, disrupt: [{id: db, at: 106751d}]}]
`)
	assert.Contains(t, md, "| 1 | T+106751d | never | db | unassigned |  | restore | - | forever |\n")
	assert.Contains(t, md, "| svc | T+106751d | never | 1h | **no** |\n")
	assert.NotContains(t, md, "T+forever")
}

// A scenario without recovery steps prints no empty step table.
func TestTextWithoutStepsHasNoHeader(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(`
components:
  - {id: svc, kind: service, objectives: {rto: 1h}, dependsOn: [db]}
  - {id: db, kind: data}
scenarios: [{id: s, disrupt: [{id: db, for: 2h}]}]
`))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	p, err := recovery.Schedule(m, m.Scenarios()[0], recovery.Options{})
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, p.WriteText(&b))
	assert.Equal(t, `Recovery plan for scenario s
Services:
  svc                      restored T+2h (RTO 1h MISSED); critical path: none (no recovery step holds it back)
No recovery steps: every disruption in this scenario ends by itself.
`, b.String())
}
