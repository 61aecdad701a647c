package bia_test

import (
	"strings"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bia"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const h = time.Hour

func compile(t *testing.T, src string) *bcp.Model {
	t.Helper()
	doc, err := bcp.Parse("model.yaml", []byte(src))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	return m
}

func analyze(t *testing.T, src string) *bia.Report {
	t.Helper()
	r, err := bia.Analyze(compile(t, src), bia.Options{})
	require.NoError(t, err)
	return r
}

func load(t *testing.T, path string) *bcp.Model {
	t.Helper()
	doc, err := bcp.ParseFiles(path)
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	return m
}

func findings(r *bia.Report, id string) map[string]bcp.Finding {
	out := map[string]bcp.Finding{}
	for _, f := range r.Findings {
		if f.Component == id {
			out[f.Rule] = f
		}
	}
	return out
}

// The hand-computed model: see testdata/handcalc.yaml for the arithmetic.
func TestHandComputedDerivation(t *testing.T) {
	r, err := bia.Analyze(load(t, "testdata/handcalc.yaml"), bia.Options{})
	require.NoError(t, err)

	phone := r.Assessment("phone")
	require.NotNil(t, phone)
	// 12000 EUR/h reaches the level-4 threshold 500000 at 41h40m = 150000 s,
	// before customer impact reaches 4 at 3d.
	assert.Equal(t, 150000*time.Second, phone.MTPD.Derived)
	assert.Equal(t, "derived", phone.MTPD.Source)
	assert.Contains(t, phone.MTPD.Why, "financial")
	assert.Equal(t, 24*h, phone.RTO.Effective, "largest bucket not above 41h40m")
	assert.Equal(t, h, phone.DataLossTolerance.Derived, "legal reaches its intolerable 3 when losing 1h")
	assert.Equal(t, h, phone.RPO.Effective)
	assert.Equal(t, 2, phone.Tier.Derived)
	assert.Equal(t, []int{2, 2, 3, 4, 5, 5, 5}, phone.Heat)
	assert.Equal(t, []float64{12000, 48000, 288000, 864000, 2016000, 4032000, 8640000}, phone.Impact[0].Amounts)
	assert.Equal(t, 72*h, phone.Impact[1].IntolerableAt)

	web := r.Assessment("web") // intolerable immediately
	assert.Equal(t, time.Duration(0), web.MTPD.Effective)
	assert.Equal(t, time.Duration(0), web.RTO.Effective, "no bucket is shorter than 0s: half of it")
	assert.Equal(t, 1, web.Tier.Derived)
	assert.Equal(t, 3, web.Tier.Effective, "the declared tier stays in force")
	assert.Equal(t, bcp.SeverityWarning, findings(r, "web")["tier.looser-than-derived"].Severity)

	archive := r.Assessment("archive") // never intolerable
	assert.Equal(t, bia.Forever, archive.MTPD.Derived)
	assert.Equal(t, 7*24*h, archive.MTPD.Effective)
	assert.Equal(t, "declared", archive.MTPD.Source)
	assert.Equal(t, 3*24*h, archive.RTO.Derived, "rule applied to the declared MTPD: the largest bucket below 1w")
	assert.Equal(t, bia.Forever, archive.RPO.Effective)
	assert.Equal(t, "none", archive.RPO.Source)
	assert.Equal(t, bcp.SeverityInfo, findings(r, "archive")["mtpd.stricter-than-derived"].Severity)
}

func TestHandComputedRollDown(t *testing.T) {
	r, err := bia.Analyze(load(t, "testdata/handcalc.yaml"), bia.Options{})
	require.NoError(t, err)
	crm := r.Inherited("crm")
	require.NotNil(t, crm)
	assert.Equal(t, time.Duration(0), crm.RTO, "web needs it continuously")
	assert.Equal(t, []string{"web", "crm"}, crm.RTOPath)
	assert.Equal(t, h, crm.RPO)
	assert.Equal(t, []string{"phone", "crm"}, crm.RPOPath)
	db := r.Inherited("db")
	assert.Equal(t, []string{"web", "crm", "db"}, db.RTOPath)
	email := r.Inherited("email")
	assert.Equal(t, 32*h, email.RTO, "phone's RTO 1d plus the 8h tolerance")
	assert.Equal(t, "phone", email.RTOFrom)
	assert.Nil(t, r.Inherited("isp-a"), "anyOf redundancy covers the loss of one ISP")
	assert.Nil(t, r.Inherited("isp-b"))

	f := findings(r, "crm")
	assert.Equal(t, []string{"web", "crm"}, f["rto.dependency"].Path)
	assert.Equal(t, bcp.SeverityError, f["rto.dependency"].Severity)
	assert.Contains(t, f["rpo.dependency"].Message, "RPO 4h (declared), but phone can lose at most 1h")
	assert.Empty(t, findings(r, "email"), "email's RTO 12h is within 32h")
}

func TestHandComputedTolerance(t *testing.T) {
	r, err := bia.Analyze(load(t, "testdata/handcalc.yaml"), bia.Options{})
	require.NoError(t, err)
	require.Len(t, r.Tolerance, 3)
	byID := map[string]bia.ToleranceCheck{}
	for _, tc := range r.Tolerance {
		byID[tc.ID] = tc
	}
	assert.False(t, byID["phone"].Within)
	assert.Equal(t, 150000*time.Second, byID["phone"].BreachAt)
	assert.True(t, byID["archive"].Within)
	assert.Equal(t, time.Duration(0), byID["web"].BreachAt)
}

func TestToleranceCountsFallbackCapacity(t *testing.T) {
	src := `
version: 1
components:
  - id: svc
    kind: service
    bia:
      impactTolerance: 4h
      impact: {customer: {1h: 2, 8h: 4}}
    dependsOn: [app]
    fallbacks:
      - {name: paper, capacity: 0.7, activation: 1h}
  - {id: app, kind: application}
scenarios:
  - {id: ten-hours, disrupt: [{id: app, for: 10h}]}
  - {id: twenty-hours, disrupt: [{id: app, for: 20h}]}
  - {id: forever, disrupt: [{id: app}]}
`
	r := analyze(t, src)
	require.Len(t, r.Tolerance, 3)
	tc := map[string]bia.ToleranceCheck{}
	for _, c := range r.Tolerance {
		tc[c.Scenario] = c
	}
	// 1h at full loss, then 9h at 30% loss: 1h + 2h42m = 3h42m.
	assert.Equal(t, 3*h+42*time.Minute, tc["ten-hours"].Disruption)
	assert.True(t, tc["ten-hours"].Within)
	// The remaining 3h of tolerance last 10h at 30%: breached at 11h.
	assert.Equal(t, 11*h, tc["twenty-hours"].BreachAt)
	assert.Equal(t, 6*h+42*time.Minute, tc["twenty-hours"].Disruption)
	assert.Equal(t, bia.Forever, tc["forever"].Disruption)
	assert.Equal(t, 11*h, tc["forever"].BreachAt)
	assert.Equal(t, "impactTolerance", tc["forever"].Source)
}

func TestContradictoryDeclaredObjectives(t *testing.T) {
	src := `
version: 1
components:
  - id: svc
    kind: service
    tier: 2
    objectives: {mtpd: 3d, rto: 2d, rpo: 1d}
    bia:
      impact: {customer: {4h: 2, 1d: 4}}
      dataLoss: {customer: {1h: 4}}
      impactTolerance: 2d
`
	r := analyze(t, src)
	a := r.Assessment("svc")
	assert.Equal(t, 24*h, a.MTPD.Derived)
	assert.Equal(t, 72*h, a.MTPD.Effective, "declared stays in force")
	f := findings(r, "svc")
	assert.Equal(t, bcp.SeverityError, f["mtpd.looser-than-derived"].Severity, "declared MTPD 3d, impact intolerable from 1d")
	assert.Equal(t, bcp.SeverityError, f["rto.exceeds-mtpd"].Severity, "declared RTO 2d beyond the derived MTPD 1d")
	assert.Contains(t, f["rto.exceeds-mtpd"].Message, "declared rto 2d is longer than the MTPD 1d")
	assert.Equal(t, bcp.SeverityWarning, f["rpo.looser-than-derived"].Severity, "declared RPO 1d, derived 1h")
	// RTO is derived from the MTPD in force (3d): the largest bucket below
	// it, 1d; the declared 2d is looser.
	assert.Equal(t, 24*h, a.RTO.Derived)
	assert.Equal(t, bcp.SeverityWarning, f["rto.looser-than-derived"].Severity)
	assert.Equal(t, 3, a.Tier.Derived, "RTO 2d (declared) is at most 1w")
	assert.Equal(t, bcp.SeverityInfo, f["tier.stricter-than-derived"].Severity)
	assert.NotContains(t, f, "impact/looser-than-derived", "the tolerance 2d is within the MTPD in force, 3d")
}

func TestCustomRulesAndTiers(t *testing.T) {
	src := `
version: 1
bia:
  buckets: [2h, 8h, 2d]
  rto: 'hours(hours(mtpd) / 2)'
  rpo: 'dataLossTolerance - duration("5m")'
  tiers:
    - {tier: 1, name: gold, maxRTO: 6h}
    - {tier: 2, name: silver}
components:
  - id: svc
    kind: service
    bia:
      impact: {operational: {8h: 4}}
      dataLossTolerance: 1h
`
	a := analyze(t, src).Assessment("svc")
	assert.Equal(t, 8*h, a.MTPD.Derived)
	assert.Equal(t, 4*h, a.RTO.Derived)
	assert.Contains(t, a.RTO.Why, `rule "hours(hours(mtpd) / 2)"`)
	assert.Equal(t, 55*time.Minute, a.RPO.Derived)
	assert.Equal(t, 1, a.Tier.Derived)
	assert.Equal(t, "gold", a.Tier.Name)
	assert.Equal(t, []int{0, 4, 4}, a.Heat)
}

func TestFormulaWithoutThresholdsGivesLevels(t *testing.T) {
	src := `
version: 1
components:
  - id: svc
    kind: service
    attributes: {perDay: 1.5}
    bia:
      impact: {operational: {formula: 'min(5.0, attributes.perDay * days(t))'}}
`
	a := analyze(t, src).Assessment("svc")
	// level = floor(1.5 * days): 4 from 2d16h = 230400 s.
	assert.Equal(t, 230400*time.Second, a.MTPD.Derived)
	assert.Equal(t, 24*h, a.RTO.Derived)

	bad := strings.Replace(src, "min(5.0, attributes.perDay * days(t))", "attributes.perDay * days(t)", 1)
	_, err := bia.Analyze(compile(t, bad), bia.Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "outside the scale 0-5")
	assert.Contains(t, err.Error(), "model.yaml:8:")
}

func TestLoadErrorsArePositioned(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"unknown category", `
version: 1
components:
  - id: s
    kind: service
    bia: {impact: {finacial: {1h: 2}}}
`, `model.yaml:6:20: component "s": bia.impact: unknown impact category "finacial" (did you mean "financial"?)`},
		{"falling levels", `
version: 1
components:
  - id: s
    kind: service
    bia: {impact: {customer: {1h: 3, 4h: 2}}}
`, `model.yaml:6:38: component "s": bia.impact.customer: impact must not fall as time goes on: level 3 at 1h, then 2 at 4h`},
		{"level out of scale", `
version: 1
components:
  - id: s
    kind: service
    bia: {impact: {customer: {1h: 7}}}
`, `level 7 at 1h is outside the scale 0-5`},
		{"bad formula", `
version: 1
components:
  - id: s
    kind: service
    bia:
      impact:
        financial: {formula: 'revenue * hours(t)'}
`, `model.yaml:8:31: component "s" bia.impact.financial formula: unknown name revenue`},
		{"formula of wrong type", `
version: 1
components:
  - id: s
    kind: service
    bia:
      impact:
        financial: {formula: 'name'}
`, `gives text, but a number is needed`},
		{"bad duration key", `
version: 1
components:
  - id: s
    kind: service
    bia: {impact: {customer: {4x: 2}}}
`, `"4x" is neither a duration`},
		{"both data-loss forms", `
version: 1
components:
  - id: s
    kind: service
    bia: {dataLoss: {customer: {1h: 4}}, dataLossTolerance: 1h}
`, `give either bia.dataLoss`},
		{"unknown field", `
version: 1
components:
  - id: s
    kind: service
    bia: {impacts: {}}
`, `unknown field "impacts" in bia (did you mean "impact"?)`},
		{"thresholds not growing", `
version: 1
bia:
  categories:
    - {id: money, thresholds: {2: 100, 3: 50}}
components: []
`, `thresholds must grow with the level`},
		{"tiers out of order", `
version: 1
bia:
  tiers:
    - {tier: 1, maxRTO: 1d}
    - {tier: 2, maxRTO: 4h}
components: []
`, `growing maxRTO`},
		{"bad rto rule", `
version: 1
bia:
  rto: 'mtpd > 0'
components: []
`, `bia rto rule: expression gives a boolean, but a duration is needed`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := bcp.Parse("model.yaml", []byte(c.src))
			if err == nil {
				_, err = bcp.Compile(doc)
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestBIAConfiguredTwice(t *testing.T) {
	a, err := bcp.Parse("a.yaml", []byte("version: 1\nbia: {buckets: [1h]}\ncomponents: []\n"))
	require.NoError(t, err)
	b, err := bcp.Parse("b.yaml", []byte("version: 1\nbia: {buckets: [2h]}\ncomponents: []\n"))
	require.NoError(t, err)
	_, err = bcp.Compile(bcp.Merge(a, b))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "b.yaml:2:6: bia is configured twice (first at a.yaml:2:6)")
}

func TestWriteJSONRoundTripsBIA(t *testing.T) {
	m := load(t, "testdata/handcalc.yaml")
	doc, err := bcp.ParseFiles("testdata/handcalc.yaml")
	require.NoError(t, err)
	var buf strings.Builder
	require.NoError(t, bcp.WriteJSON(&buf, doc))
	doc2, err := bcp.Parse("again.json", []byte(buf.String()))
	require.NoError(t, err)
	m2, err := bcp.Compile(doc2)
	require.NoError(t, err)
	r1, err := bia.Analyze(m, bia.Options{})
	require.NoError(t, err)
	r2, err := bia.Analyze(m2, bia.Options{})
	require.NoError(t, err)
	assert.Equal(t, r1.Assessments, r2.Assessments)
	assert.Equal(t, r1.RollDown, r2.RollDown)
}

func TestNoBIAData(t *testing.T) {
	r := analyze(t, `
version: 1
components:
  - {id: s, kind: service, objectives: {rto: 4h}}
  - {id: t, kind: service}
`)
	assert.Empty(t, r.Assessments)
	assert.Equal(t, []string{"s", "t"}, r.Unassessed)
	assert.Equal(t, bcp.SeverityWarning, findings(r, "s")["impact.no-bia"].Severity)
	assert.Empty(t, findings(r, "t"))
}

func TestFormulaGivingNoNumberIsAnError(t *testing.T) {
	src := `
version: 1
bia:
  categories: [{id: money, thresholds: {4: 100}}]
components:
  - id: s
    kind: service
    bia: {impact: {money: {formula: 'hours(t) / (hours(t) - hours(t))'}}}
`
	// The MTPD in force is derived when the model compiles, so this is a
	// load problem at the formula, not a failure of the analysis.
	doc, err := bcp.Parse("model.yaml", []byte(src))
	require.NoError(t, err)
	_, err = bcp.Compile(doc)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `model.yaml:8:38: component "s": formula`)
	assert.Contains(t, err.Error(), "it must give a finite number")
	var probs bcp.Problems
	require.ErrorAs(t, err, &probs)
	assert.Equal(t, bcp.Position{File: "model.yaml", Line: 8, Col: 38}, probs[0].Pos)
	assert.Equal(t, "expression", probs[0].Code)
}

// ISO 22301 3.28: the RTO is less than the time to unacceptable impact.
// Before, an MTPD of exactly a bucket (1d) gave an RTO equal to it.
func TestDefaultRTOIsBelowTheMTPD(t *testing.T) {
	for _, tc := range []struct {
		mtpd, rto string
		want      time.Duration
	}{
		{"1d", "", 4 * time.Hour},
		{"1d1s", "", 24 * time.Hour},
		{"1h", "", 30 * time.Minute},
		{"30m", "", 15 * time.Minute},
	} {
		r := analyze(t, `
version: 1
components:
  - id: svc
    kind: service
    objectives: {mtpd: `+tc.mtpd+`}
    bia:
      impact: {customer: {1h: 2}}
`)
		a := r.Assessment("svc")
		assert.Equal(t, tc.want, a.RTO.Derived, "MTPD %s", tc.mtpd)
		assert.Less(t, a.RTO.Derived, a.MTPD.Effective)
	}
}
