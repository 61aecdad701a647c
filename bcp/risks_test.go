package bcp_test

import (
	"bytes"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const validRisks = `currency: EUR
components:
  - {id: a, kind: application}
scenarios:
  - {id: a-down, disrupt: [a]}
riskAppetite: [{loss: 100000, probability: 0.1}]
riskMatrix:
  likelihood: [{name: low, upTo: 0.1}, {name: high}]
risks:
  - id: r1
    threat: ransomware
    treatment: mitigate
    frequency: {low: 0.1, high: 1}
    scenario: a-down
    duration: {low: 1h, high: 2d}
    loss: {min: 10, mode: 20, max: 90, method: moments}
    controls: [c1]
  - {id: r2, probability: 0.05, loss: 1000}
controls:
  - {id: c1, frequency: 0.5, duration: 0.25, loss: 1, costPerYear: 100}
`

func TestRisksDecode(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(validRisks))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	assert.Equal(t, "EUR", m.Currency())
	rs := m.Risks()
	require.Len(t, rs, 2)
	assert.Equal(t, bcp.Estimate{Form: bcp.EstimateInterval, Low: 3600, High: 172800, Pos: bcp.Position{File: "m.yaml", Line: 15, Col: 15}}, *rs[0].Duration)
	assert.Equal(t, bcp.EstimatePERT, rs[0].Loss.Form)
	assert.Equal(t, bcp.PERTMoments, rs[0].Loss.Method)
	assert.Equal(t, 0.05, *rs[1].Probability)
	c, ok := m.Control("c1")
	require.True(t, ok)
	assert.Equal(t, 0.25, bcp.Factor(c.Duration))
	assert.Equal(t, 1.0, bcp.Factor(nil))
	assert.Equal(t, "low", m.Likelihood()[0].Name)
	assert.Equal(t, []bcp.AppetitePoint{{Loss: 100000, Probability: 0.1, Pos: bcp.Position{File: "m.yaml", Line: 6, Col: 16}}}, m.RiskAppetite())

	// WriteJSON writes what Parse reads back.
	var buf bytes.Buffer
	require.NoError(t, bcp.WriteJSON(&buf, doc))
	back, err := bcp.Parse("m.json", buf.Bytes())
	require.NoError(t, err)
	m2, err := bcp.Compile(back)
	require.NoError(t, err)
	strip := func(rs []bcp.Risk) []bcp.Risk {
		out := make([]bcp.Risk, len(rs))
		for i, r := range rs {
			r.Pos, r.ScenarioPos, r.ControlPos = bcp.Position{}, bcp.Position{}, nil
			for _, e := range []*bcp.Estimate{r.Frequency, r.Duration, r.Loss} {
				if e != nil {
					e.Pos = bcp.Position{}
				}
			}
			out[i] = r
		}
		return out
	}
	assert.Equal(t, strip(m.Risks()), strip(m2.Risks()))
	assert.Equal(t, m.Currency(), m2.Currency())
}

func TestRiskProblems(t *testing.T) {
	head := "currency: EUR\ncomponents: [{id: a, kind: application}]\nscenarios:\n  - {id: a-down, disrupt: [a]}\n  - {id: fixed, disrupt: [{id: a, for: 1h}]}\ncontrols:\n  - {id: backups, costPerYear: 5}\n"
	for _, c := range []struct {
		name, risks string
		want        []string
	}{
		{"low above high", "risks:\n  - {id: r, frequency: 1, loss: {low: 10, high: 1}}\n",
			[]string{`m.yaml:9:33: loss: low 10 is above high 1`}},
		{"non-positive interval", "risks:\n  - {id: r, frequency: 1, loss: {low: 0, high: 1}}\n",
			[]string{`m.yaml:9:33: loss: a 90% interval needs low and high above 0 (a lognormal), not low 0 high 1`}},
		{"negative rate", "risks:\n  - {id: r, frequency: -1, loss: 5}\n",
			[]string{`m.yaml:9:24: frequency: must not be negative, not -1`}},
		{"probability above 1", "risks:\n  - {id: r, probability: 1.5, loss: 5}\n",
			[]string{`m.yaml:9:26: probability must be a probability between 0 and 1 (e.g. 0.999), not 1.5`}},
		{"both frequency and probability", "risks:\n  - {id: r, probability: 0.5, frequency: 1, loss: 5}\n",
			[]string{`m.yaml:9:10: risk "r" needs either frequency (events per year) or probability (chance of an event in a year), exactly one`}},
		{"unknown scenario", "risks:\n  - {id: r, frequency: 1, scenario: a-dwn}\n",
			[]string{`m.yaml:9:37: risk "r" refers to unknown scenario "a-dwn" (did you mean "a-down"?)`}},
		{"unknown control", "risks:\n  - {id: r, frequency: 1, loss: 5, controls: [backup]}\n",
			[]string{`m.yaml:9:47: risk "r" refers to unknown control "backup" (did you mean "backups"?)`}},
		{"duplicate risk", "risks:\n  - {id: r, frequency: 1, loss: 5}\n  - {id: r, frequency: 1, loss: 5}\n",
			[]string{`m.yaml:10:10: duplicate risk id "r": already defined at m.yaml:9:10`}},
		{"duplicate control", "  - {id: backups}\n",
			[]string{`m.yaml:8:10: duplicate control id "backups": already defined at m.yaml:7:10`}},
		{"PERT out of order", "risks:\n  - {id: r, frequency: 1, loss: {min: 5, mode: 1, max: 9}}\n",
			[]string{`m.yaml:9:33: loss: a PERT needs min <= mode <= max and min < max, not min 5 mode 1 max 9`}},
		{"unknown PERT method", "risks:\n  - {id: r, frequency: 1, loss: {min: 1, mode: 2, max: 9, method: beta}}\n",
			[]string{`m.yaml:9:33: loss: unknown PERT method "beta"; valid: vose, moments`}},
		{"unknown threat", "risks:\n  - {id: r, frequency: 1, loss: 5, threat: ransomwear}\n",
			[]string{`m.yaml:9:44: unknown threat "ransomwear" (did you mean "ransomware"?); valid: technical-failure, ddos, ransomware, intrusion, data-breach, human-error, power, isp, cloud, supplier, natural-disaster, fire, pandemic, staff, other`}},
		{"unknown treatment", "risks:\n  - {id: r, frequency: 1, loss: 5, treatment: mitigation}\n",
			[]string{`m.yaml:9:47: unknown treatment "mitigation" (did you mean "mitigate"?); valid: accept, mitigate, transfer, avoid`}},
		{"no loss", "risks:\n  - {id: r, frequency: 1}\n",
			[]string{`m.yaml:9:10: risk "r" costs nothing: give it a scenario (losses from the BIA) or a direct loss`}},
		{"duration without open disruption", "risks:\n  - {id: r, frequency: 1, scenario: fixed, duration: 4h}\n",
			[]string{`m.yaml:9:54: risk "r": duration sets how long the disruptions without for last, but every disruption of scenario "fixed" has a for; leave duration out or drop a for`}},
		{"negative multiplier", "  - {id: c2, loss: -0.5}\n",
			[]string{`m.yaml:8:20: loss is a multiplier (0.5 halves it), not negative: -0.5`}},
		{"negative cost, reported once", "  - {id: c2, costPerYear: -1}\n",
			[]string{`m.yaml:8:27: costPerYear must not be negative, not -1`}},
		{"unknown field", "risks:\n  - {id: r, frequncy: 1, loss: 5}\n",
			[]string{`m.yaml:9:13: unknown field "frequncy" in a risk (did you mean "frequency"?); valid fields: id, name, description, owner, threat, treatment, frequency, probability, scenario, duration, loss, controls`,
				`m.yaml:9:10: risk "r" needs either frequency (events per year) or probability (chance of an event in a year), exactly one`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, perr := bcp.Parse("m.yaml", []byte(head+c.risks))
			_, cerr := bcp.Compile(doc)
			var got []string
			for _, e := range []error{perr, cerr} {
				if e != nil {
					for _, p := range problems(t, e) {
						got = append(got, p.Error())
					}
				}
			}
			assert.ElementsMatch(t, c.want, got)
		})
	}
}

func TestRisksNeedCurrency(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte("risks:\n  - {id: r, frequency: 1, loss: 5}\n"))
	require.NoError(t, err)
	_, err = bcp.Compile(doc)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "m.yaml:2:10: risks need currency")
}
