package servicenow_test

import (
	"strings"
	"testing"

	"github.com/continuitykit/continuity/importers/servicenow"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each skipped record says what to do about it: a relationship type that
// is a name (not a sys_id) is mapped with --relation, and a CI without a
// class needs that field exported (not "--kind =KIND").
func TestSkipReasonsGiveUsableAdvice(t *testing.T) {
	im := servicenow.New(servicenow.Options{})
	require.NoError(t, im.ReadCIs("ci.json", strings.NewReader(`{"result": [
		{"sys_id": "1", "name": "Web", "sys_class_name": "cmdb_ci_appl"},
		{"sys_id": "2", "name": "DB", "sys_class_name": "cmdb_ci_appl"},
		{"sys_id": "3", "name": "Mystery"}]}`)))
	require.NoError(t, im.ReadRelations("rel.json", strings.NewReader(`{"result": [
		{"parent": "1", "child": "2", "type": "Bogus"},
		{"parent": "1", "child": "2", "type": "0b4c32ef0a0a0b5c0095a1c3b4d39f1e"}]}`)))
	_, rep := im.Result("x")
	var reasons []string
	for _, s := range rep.Skipped {
		reasons = append(reasons, s.Reason)
	}
	assert.ElementsMatch(t, []string{
		"no sys_class_name, so no kind; export the sys_class_name field",
		`relationship type "Bogus" is not mapped; map it with --relation "Bogus"=dependsOn|members|ignore[,reverse]`,
		`relationship type "0b4c32ef0a0a0b5c0095a1c3b4d39f1e" is only a reference; export with sysparm_display_value=all or give the cmdb_rel_type names`,
	}, reasons)
}
