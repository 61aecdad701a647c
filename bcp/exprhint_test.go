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
		// In the arguments of a typed helper expr drops the error; these
		// compiled and failed on every component when evaluated.
		{"hours(tierr) > 0", `m.yaml:6:19: rule "r" check: unknown name tierr (did you mean "tier"?) (in "hours(tierr) > 0")`},
		{"duration(nam) > 0", `m.yaml:6:22: rule "r" check: unknown name nam (did you mean "name"?) (in "duration(nam) > 0")`},
		{"component(idd).tier > 0", `m.yaml:6:23: rule "r" check: unknown name idd (did you mean "id"?) (in "component(idd).tier > 0")`},
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

// What expressions legitimately read still compiles: let bindings (nil
// too), closures, helpers on fields.
func TestExpressionsThatReadKnownNamesCompile(t *testing.T) {
	for _, check := range []string{"let z = nil; z == nil", "all(tags, {hours(len(#)) > 0})", "hours(objectives.rto) >= 0",
		"let y = attributes.x; y == nil", `component("a").tier == 0`, "$env.tier == 0", "objectives.rto > 0 || true"} {
		doc, err := bcp.Parse("m.yaml", []byte("version: 1\ncomponents:\n  - {id: a, kind: service}\nrules:\n  - name: r\n    check: '"+check+"'\n"))
		require.NoError(t, err, check)
		_, err = bcp.Compile(doc)
		assert.NoError(t, err, check)
	}
}

// A typo in a BIA rule is one problem at its column when the model loads,
// not one evaluation error per assessed component.
func TestBIARuleTypoIsACompileError(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(`
bia:
  rto: 'bucketBelow(mtdp)'
components:
  - {id: s1, kind: service, bia: {impact: {customer: {1h: 4}}}}
  - {id: s2, kind: service, bia: {impact: {customer: {1h: 4}}}}
  - {id: s3, kind: service, attributes: {rev: 1}, bia: {impact: {financial: {formula: 'attributes.rev * hours(tt)'}}}}
`))
	require.NoError(t, err)
	_, err = bcp.Compile(doc)
	var ps bcp.Problems
	require.ErrorAs(t, err, &ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Error())
	}
	assert.Equal(t, []string{
		`m.yaml:3:21: bia rto rule: unknown name mtdp (did you mean "mtpd"?) (in "bucketBelow(mtdp)")`,
		`m.yaml:7:111: component "s3" bia.impact.financial formula: unknown name tt (in "attributes.rev * hours(tt)")`,
	}, got)
}
