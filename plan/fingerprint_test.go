package plan

import (
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const staleModel = `
version: 1
components:
  - {id: svc, kind: service, tier: 1, dependsOn: [app]}
  - {id: app, kind: application, dependsOn: [db]}
  - {id: db, kind: data}
exercises:
  - {id: ex1, date: 2026-06-01, type: full, outcome: pass, dependencies: {svc: FP}}
`

// A tier-1 service whose dependencies changed after its exercise must be
// exercised again (issue 15: "after any change to a tier-1 service's
// dependencies"); the fingerprint recorded with the exercise says so
// without the model's history.
func TestStaleExerciseAfterADependencyChange(t *testing.T) {
	compile := func(src string) *bcp.Model {
		doc, err := bcp.Parse("m.yaml", []byte(src))
		require.NoError(t, err)
		m, err := bcp.Compile(doc)
		require.NoError(t, err)
		return m
	}
	m := compile(staleModel)
	fp, err := Fingerprint(m, "svc")
	require.NoError(t, err)
	assert.Len(t, fp, 12)
	same := compile(strings.Replace(staleModel, "FP", fp, 1))
	assert.Empty(t, checkStale(same), "nothing changed since the exercise")
	// The database gains a replica: what svc depends on changed.
	changed := compile(strings.Replace(strings.Replace(staleModel, "FP", fp, 1),
		"dependsOn: [db]}", "dependsOn: [{anyOf: [db, db2]}]}\n  - {id: db2, kind: data}", 1))
	fs := checkStale(changed)
	require.Len(t, fs, 1)
	assert.Equal(t, RuleExerciseStale, fs[0].Rule)
	assert.Contains(t, fs[0].Message, "changed since exercise ex1 on 2026-06-01")
	// An unrelated component does not change the fingerprint.
	other := compile(strings.Replace(strings.Replace(staleModel, "FP", fp, 1), "  - {id: db, kind: data}", "  - {id: db, kind: data}\n  - {id: printer, kind: infrastructure}", 1))
	assert.Empty(t, checkStale(other))
	// A fingerprint for an unknown component is a load error.
	doc, err := bcp.Parse("m.yaml", []byte(strings.Replace(staleModel, "{svc: FP}", "{svx: FP}", 1)))
	require.NoError(t, err)
	_, err = bcp.Compile(doc)
	assert.ErrorContains(t, err, `dependencies names unknown component "svx"`)
}
