package bcp_test

import (
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A misspelt field or name in an expression is named in the model's words,
// with what was probably meant: not "type bcp.EnvObjectives has no field".
func TestExpressionTyposSayWhatIsValid(t *testing.T) {
	for _, tc := range []struct{ check, want string }{
		{"objectives.rtoo > 0", `m.yaml:6:24: rule "r" check: objectives has no field rtoo (did you mean "rto"?); valid: rto, rpo, mtpd, availability (in "objectives.rtoo > 0")`},
		{"tierr > 0", `m.yaml:6:13: rule "r" check: unknown name tierr (did you mean "tier"?) (in "tierr > 0")`},
		{`componet("a") != nil`, `m.yaml:6:13: rule "r" check: unknown name componet (did you mean "component"?) (in "componet(\"a\") != nil")`},
		{`component("a").tierr > 0`, `m.yaml:6:28: rule "r" check: a component has no field tierr (did you mean "tier"?); valid: id, name, kind, owner, tier, objectives, attributes, tags, availability, virtual, dependencies, dependents (in "component(\"a\").tierr > 0")`},
		{"xyzzy > 0", `m.yaml:6:13: rule "r" check: unknown name xyzzy (in "xyzzy > 0")`},
	} {
		doc, err := bcp.Parse("m.yaml", []byte("version: 1\ncomponents:\n  - {id: a, kind: service}\nrules:\n  - name: r\n    check: '"+tc.check+"'\n"))
		if err == nil {
			_, err = bcp.Compile(doc)
		}
		require.Error(t, err, tc.check)
		var ps bcp.Problems
		require.ErrorAs(t, err, &ps)
		require.Len(t, ps, 1)
		assert.Equal(t, tc.want, ps[0].Error(), tc.check)
	}
}
