package bcp_test

import (
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHostileRulesAreStopped: a rule that allocates without bound is stopped
// by the memory budget and reported as a finding; one too large to compile
// is a load error.
func TestHostileRulesAreStopped(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(`
components: [{id: a, kind: service}]
rules:
  - name: greedy
    check: 'len(map(1..10000000, {# * 2})) > 0'
`))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	fs := m.Check()
	require.Len(t, fs, 1)
	assert.Equal(t, bcp.SeverityError, fs[0].Severity)
	assert.Contains(t, fs[0].Message, "memory budget exceeded")

	huge := "tier == 1" + strings.Repeat(" || tier == 1", 3000)
	doc, err = bcp.Parse("m.yaml", []byte("rules: [{name: big, check: '"+huge+"'}]"))
	require.NoError(t, err)
	_, err = bcp.Compile(doc)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `rule "big" check`)

	// The limits are configurable.
	doc, _ = bcp.Parse("m.yaml", []byte("rules: [{name: small, check: 'tier == 1 || tier == 2'}]"))
	_, err = bcp.Compile(doc, bcp.WithExprLimits(3, 0))
	assert.Error(t, err)
}
