package plan_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Names in the plan come from the model, often from a CMDB import: in the
// Markdown edition they read as themselves, never as HTML, formatting or
// an extra table column (the HTML edition escapes them as HTML).
func TestPlanMarkdownEscapesNames(t *testing.T) {
	md := markdown(t, `
name: 'Evil <script>alert(1)</script> co'
components:
  - {id: svc, name: 'Sales | <script>alert(3)</script> *bold*', kind: service, objectives: {rto: 1h}, dependsOn: [db]}
  - {id: db, kind: data}
scenarios: [{id: s, name: 'S <i>x</i>', disrupt: [{id: db, for: 2h}]}]
`)
	assert.Contains(t, md, "| Sales \\| \\<script\\>alert(3)\\</script\\> \\*bold\\* <sub>`svc`</sub> | **30m** | 1h | - | - |\n")
	assert.Contains(t, md, "- S \\<i\\>x\\</i\\> <sub>`s`</sub>: Sales")
	assert.NotRegexp(t, `(^|[^\\])<(script|/script|i>|/i>)`, md, "no tag from a name is left unescaped")
}

// One person reached in one round reads in the singular.
func TestCallTreeTextSingular(t *testing.T) {
	md := markdown(t, `
components: [{id: a, kind: service}]
people: [{id: ann}, {id: bob}]
roles: [{id: cm, name: Continuity manager, holder: ann}]
`)
	assert.Contains(t, md, "Each caller calls at most 3 people, ")
	assert.Contains(t, md, "Everyone (2 people) is reached in 1 round, in about 5m at 5m a call.")
}
