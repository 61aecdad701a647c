package bcp_test

import (
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A selector that matches no component is reported where it was written:
// a check rule's when and a scenario's select as warnings, a set rule's
// when as information; selectors that match something say nothing.
func TestSelectorsMatchingNothing(t *testing.T) {
	src := `version: 1
components:
  - {id: web, kind: service, tier: 1}
  - {id: db, kind: data}
rules:
  - name: tier1-rto
    when: 'kind == "servce"'
    check: 'objectives.rto > 0'
  - name: data-rpo
    when: 'kind == "data"'
    check: 'true'
  - name: tier-default
    when: 'tier == 7'
    set: {tier: '2'}
scenarios:
  - id: site
    disrupt:
      - {select: 'attributes.site == "ams"'}
      - {select: 'kind == "data"'}
`
	m, err := bcp.Load([]string{"-"}, bcp.WithStdin(strings.NewReader(src)))
	require.NoError(t, err)
	fs := m.Check()
	var got []string
	for _, f := range fs {
		require.Equal(t, bcp.RuleSelectsNothing, f.Rule)
		got = append(got, f.Pos.String()+" "+string(f.Severity)+" "+f.Component+": "+f.Message)
	}
	assert.Equal(t, []string{
		`-:18:19 warning site: scenario "site" disruption 1: select "attributes.site == \"ams\"" matches no component, so it takes nothing down`,
		`-:13:12 info tier-default: rule "tier-default": when "tier == 7" matches no component, so the rule sets nothing (a default nobody needs, or a typo in its kinds, ids or attribute names)`,
		`-:7:12 warning tier1-rto: rule "tier1-rto": when "kind == \"servce\"" matches no component, so the rule checks nothing; check its kinds, ids and attribute names`,
	}, got)
}

// A library's rule (WithRule) is written for models in general: its when
// matching nothing in this model is no typo of the model's author.
func TestPluginSelectorMatchingNothingIsQuiet(t *testing.T) {
	m, err := bcp.Load([]string{"-"}, bcp.WithStdin(strings.NewReader("version: 1\ncomponents: [{id: web, kind: service}]\n")),
		bcp.WithRule(bcp.Rule{Name: "saas-exit-plan", When: `kind == "supplier"`, Check: `"exitPlan" in attributes`}))
	require.NoError(t, err)
	assert.Empty(t, m.Check())
}
