package risk

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const compareBase = `
version: 1
currency: EUR
bia:
  categories: [{id: financial, unit: EUR, thresholds: {1: 1000, 2: 10000, 3: 100000, 4: 1000000, 5: 10000000}}]
components:
  - id: shop
    kind: service
    dependsOn: [isp-a]
    bia: {impact: {financial: {formula: '1000 * hours(t)'}}}
  - {id: isp-a, kind: supplier, availability: 0.99}
  - {id: isp-b, kind: supplier, availability: 0.99}
scenarios:
  - {id: fibre-cut, disrupt: [{id: isp-a, for: 4h}]}
risks:
  - {id: isp-cut, frequency: 2, scenario: fibre-cut}
`

// The proposal adds the second ISP: hand-computed, the shop loses its
// single point of failure, its availability goes from 0.99 to
// 1 - 0.01 × 0.01, and the 2 fibre cuts a year (4h at 1,000 EUR/h) stop
// costing 8,000 EUR a year.
func TestCompareASecondISP(t *testing.T) {
	parse := func(src string) *bcp.Model {
		doc, err := bcp.Parse("m.yaml", []byte(src))
		require.NoError(t, err)
		m, err := bcp.Compile(doc)
		require.NoError(t, err)
		return m
	}
	base := parse(compareBase)
	proposed := parse(strings.Replace(compareBase, "dependsOn: [isp-a]", "dependsOn: [{anyOf: [isp-a, isp-b]}]", 1))
	c, err := Compare(context.Background(), base, proposed, Options{Years: 2000, Seed: 1})
	require.NoError(t, err)
	require.Len(t, c.Services, 1)
	s := c.Services[0]
	assert.Equal(t, 1, *s.SPOF[0])
	assert.Equal(t, 0, *s.SPOF[1])
	assert.InDelta(t, 0.99, *s.Availability[0], 1e-12)
	assert.InDelta(t, 1-0.01*0.01, *s.Availability[1], 1e-12)
	require.NotNil(t, c.Base.Risks[0].Inherent.ClosedForm)
	assert.InDelta(t, 8000, c.Base.Risks[0].Inherent.ClosedForm.MeanAnnualLoss, 1e-9)
	assert.Zero(t, c.Proposed.Inherent.MeanAnnualLoss)
	out, err := json.Marshal(c)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"spof":{"base":1,"proposed":0}`)
	var b strings.Builder
	require.NoError(t, c.WriteText(&b))
	assert.Contains(t, b.String(), "shop")
}

// The matrix's grades can be the organisation's own, as an expr rule.
func TestGradeRule(t *testing.T) {
	src := strings.Replace(compareBase, "risks:", "riskMatrix:\n  grade: 'score >= 6 ? \"red\" : score >= 3 ? \"amber\" : \"green\"'\nrisks:", 1)
	doc, err := bcp.Parse("m.yaml", []byte(src))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	rep, err := Analyze(context.Background(), m, Options{Years: 100, Seed: 1})
	require.NoError(t, err)
	rt := rep.Risks[0].Inherent.Rating
	want := map[bool]string{true: "red", false: "amber"}[rt.Score >= 6]
	if rt.Score < 3 {
		want = "green"
	}
	assert.Equal(t, want, rt.Grade, "score %d", rt.Score)
	// A rule that does not give text is a load error at its column.
	doc, err = bcp.Parse("m.yaml", []byte(strings.Replace(compareBase, "risks:", "riskMatrix:\n  grade: 'score * 2'\nrisks:", 1)))
	require.NoError(t, err)
	_, err = bcp.Compile(doc)
	assert.ErrorContains(t, err, "riskMatrix grade: expression gives a whole number, but text is needed")
}
