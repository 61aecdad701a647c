package bia_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The BIA's Markdown shows formulas and names as written: a formula's *
// is not emphasis and a pipe in a tier name does not add a column.
func TestMarkdownEscapesModelText(t *testing.T) {
	r := analyze(t, `
bia:
  categories: [{id: financial, unit: EUR, thresholds: {2: 1000, 3: 10000, 4: 100000, 5: 1000000}}]
  tiers: [{tier: 1, name: 'gold | <b>critical</b>', maxRTO: 1w}, {tier: 2, name: rest}]
components:
  - id: svc
    kind: service
    attributes: {revenuePerHour: 1000}
    bia: {impact: {financial: {formula: 'attributes.revenuePerHour * hours(t)'}}}
`)
	var b strings.Builder
	require.NoError(t, r.WriteMarkdown(&b, "Acme <i>x</i>"))
	md := b.String()
	assert.Contains(t, md, "# Business impact analysis: Acme \\<i\\>x\\</i\\>\n")
	// 1000 EUR/h reaches level 4 (100000) after 100h = 4d4h; the RTO is the
	// largest bucket below it, 3d: tier 1 (up to 1w).
	assert.Contains(t, md, "| svc | 1* gold \\| \\<b\\>critical\\</b\\> | 4d4h* | 3d* | - | 4d4h* | ")
	assert.NotRegexp(t, `(^|[^\\])<(b|i)>`, md)
}
