package risk

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPERTShapes(t *testing.T) {
	for _, c := range []struct {
		method           string
		min, mode, max   float64
		alpha, beta, avg float64
	}{
		{bcp.PERTVose, 0, 5, 10, 3, 3, 5},
		{bcp.PERTMoments, 0, 5, 10, 4, 4, 5},
		{"", 0, 5, 10, 3, 3, 5}, // Vose by default
		// Vose: α = 1 + 4·2/10, β = 1 + 4·8/10; mean (0 + 4·2 + 10)/6 = 3.
		{bcp.PERTVose, 0, 2, 10, 1.8, 4.2, 3},
		// Moments: mean 3, sd 10/6: α = 0.3·(3·7/(100/36) − 1) = 1.968,
		// β = α·7/3 = 4.592; the mean is the PERT mean 3 again.
		{bcp.PERTMoments, 0, 2, 10, 1.968, 4.592, 3},
	} {
		a, b := PERTShape(c.min, c.mode, c.max, c.method)
		assert.InDelta(t, c.alpha, a, 1e-12, "%s α", c.method)
		assert.InDelta(t, c.beta, b, 1e-12, "%s β", c.method)
		assert.InDelta(t, c.avg, Mean(&bcp.Estimate{Form: bcp.EstimatePERT, Min: c.min, Mode: c.mode, Max: c.max, Method: c.method}), 1e-12)
	}
}

const registerModel = `
currency: EUR
risks:
  - {id: bern, probability: 0.2, loss: {min: 100, mode: 200, max: 600, method: moments}, controls: [halve]}
  - {id: pois, frequency: 2, loss: 1000, controls: [halve, cheaper]}
  - {id: unc, frequency: {low: 0.5, high: 2}, loss: {low: 10, high: 100}}
controls:
  - {id: halve, frequency: 0.5, costPerYear: 100}
  - {id: cheaper, loss: 0.25, costPerYear: 2000}
  - {id: unused, costPerYear: 10}
`

// Bernoulli and Poisson closed forms, with controls; Monte Carlo within
// four standard errors of them.
func TestClosedFormsWithControls(t *testing.T) {
	m := load(t, registerModel)
	rep, err := Analyze(context.Background(), m, Options{Years: 100_000, Seed: 11})
	require.NoError(t, err)
	byID := map[string]Result{}
	for _, r := range rep.Risks {
		byID[r.ID] = r
	}
	for _, c := range []struct {
		id            string
		inherent, res float64
		pIn, pRes     float64
		exactP        bool
	}{
		{"bern", 0.2 * (100 + 4*200 + 600) / 6, 0.1 * 250, 0.2, 0.1, true},
		{"pois", 2000, 1 * 250, 1 - math.Exp(-2), 1 - math.Exp(-1), true},
		{"unc", Mean(&bcp.Estimate{Form: bcp.EstimateInterval, Low: 0.5, High: 2}) * Mean(&bcp.Estimate{Form: bcp.EstimateInterval, Low: 10, High: 100}), 0, 0, 0, false},
	} {
		r := byID[c.id]
		require.NotNil(t, r.Inherent.ClosedForm, c.id)
		relEqual(t, c.inherent, r.Inherent.ClosedForm.MeanAnnualLoss, c.id+" inherent")
		assert.InDelta(t, c.inherent, r.Inherent.MeanAnnualLoss, 4*r.Inherent.StandardError+1e-9, c.id)
		if c.exactP {
			relEqual(t, c.pIn, *r.Inherent.ClosedForm.ProbabilityOfLoss, c.id+" P(loss>0)")
			relEqual(t, c.res, r.Residual.ClosedForm.MeanAnnualLoss, c.id+" residual")
			relEqual(t, c.pRes, *r.Residual.ClosedForm.ProbabilityOfLoss, c.id+" residual P(loss>0)")
			assert.InDelta(t, c.res, r.Residual.MeanAnnualLoss, 4*r.Residual.StandardError+1e-9, c.id)
		} else {
			assert.Nil(t, r.Inherent.ClosedForm.ProbabilityOfLoss, "an uncertain rate has no closed-form P(loss>0)")
		}
	}
	relEqual(t, byID["bern"].Inherent.ClosedForm.MeanAnnualLoss+byID["pois"].Inherent.ClosedForm.MeanAnnualLoss+byID["unc"].Inherent.ClosedForm.MeanAnnualLoss,
		rep.Inherent.ClosedForm.MeanAnnualLoss, "total")

	// Controls: halve is worth bern (0.2→0.1 of 250) plus pois without it
	// (rate 2, loss 250: 500) minus with it (250): exactly 25 + 250; cheaper
	// is worth pois at rate 1: 1000 − 250 = 750.
	ctl := map[string]ControlValue{}
	for _, c := range rep.Controls {
		ctl[c.ID] = c
	}
	assert.InDelta(t, 275, ctl["halve"].Reduction, 4*ctl["halve"].StandardError)
	assert.InDelta(t, 750, ctl["cheaper"].Reduction, 4*ctl["cheaper"].StandardError)
	assert.Equal(t, []string{"halve", "unused", "cheaper"}, []string{rep.Controls[0].ID, rep.Controls[1].ID, rep.Controls[2].ID}, "ranked by net value")
	assert.Equal(t, -10.0, ctl["unused"].NetValue)
	assert.Equal(t, []string{}, ctl["unused"].Risks)
}

// The same seed gives the same bytes whatever the number of workers; a
// different seed gives other numbers.
func TestDeterministicAcrossWorkers(t *testing.T) {
	m := load(t, lineModel+"  - {id: direct, frequency: 3, loss: {low: 1, high: 10}}\n")
	var outs [][]byte
	for _, w := range []int{1, 2, 5} {
		rep, err := Analyze(context.Background(), m, Options{Years: 3*blockYears + 17, Seed: 42, Workers: w})
		require.NoError(t, err)
		b, err := json.Marshal(rep)
		require.NoError(t, err)
		outs = append(outs, b)
	}
	assert.Equal(t, string(outs[0]), string(outs[1]))
	assert.Equal(t, string(outs[0]), string(outs[2]))
	rep, err := Analyze(context.Background(), m, Options{Years: 3*blockYears + 17, Seed: 43})
	require.NoError(t, err)
	b, _ := json.Marshal(rep)
	assert.NotEqual(t, string(outs[0]), string(b))
}

func TestProgressAndCancel(t *testing.T) {
	m := load(t, registerModel)
	var last, total int64
	calls := 0
	_, err := Analyze(context.Background(), m, Options{Years: 2*blockYears + 1, Progress: func(done, all int64) {
		assert.Greater(t, done, last)
		last, total = done, all
		calls++
	}})
	require.NoError(t, err)
	assert.Equal(t, int64(3*(2*blockYears+1)), total)
	assert.Equal(t, total, last)
	assert.Equal(t, 9, calls, "three risks of three blocks")

	_, err = Analyze(context.Background(), m, Options{Years: MaxYears + 1})
	assert.ErrorContains(t, err, "10000001 simulated years is more than 10000000")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Analyze(ctx, m, Options{Years: 1000})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestRenderers(t *testing.T) {
	m := load(t, registerModel+"riskAppetite: [{loss: 1000, probability: 0.5}]\n")
	rep, err := Analyze(context.Background(), m, Options{Years: 2000, Seed: 1})
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, rep.WriteLECSVG(&b, "test"))
	assert.Contains(t, b.String(), "Risk appetite")
	assert.Contains(t, b.String(), "<polyline")
	b.Reset()
	require.NoError(t, rep.WriteCSV(&b))
	assert.Contains(t, b.String(), "\nTOTAL,")
	assert.Equal(t, "1,234,568", Money(1234567.8))
	assert.Equal(t, "42.07", Money(42.0712))
	assert.Equal(t, "-1,000", Money(-1000))
}
