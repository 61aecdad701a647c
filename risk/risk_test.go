package risk

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func load(t testing.TB, src string) *bcp.Model {
	t.Helper()
	doc, err := bcp.Parse("model.yaml", []byte(src))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	return m
}

// mcYears is the number of years of the Monte Carlo checks: fewer in -short
// runs (the race detector), where the four-standard-error bounds still hold.
func mcYears() int {
	if testing.Short() {
		return 50_000
	}
	return 200_000
}

func relEqual(t *testing.T, want, got float64, msg string) {
	t.Helper()
	assert.LessOrEqual(t, math.Abs(got-want), 1e-12*math.Abs(want), "%s: want %.17g, got %.17g", msg, want, got)
}

// riskquant's published numbers (SimpleLoss, lognormal from a 90% interval).
func TestRiskquantAnchors(t *testing.T) {
	mu, sigma := Lognormal(1, 10)
	relEqual(t, 1.151292546497023, mu, "mu")
	relEqual(t, 0.6999361691719636, sigma, "sigma")
	relEqual(t, 4.040012826945728, Mean(&bcp.Estimate{Form: bcp.EstimateInterval, Low: 1, High: 10}), "mean")

	for _, c := range []struct {
		name       string
		freq       float64
		low, high  float64
		meanAnnual float64
	}{
		{"lambda 0.1, (1, 10)", 0.1, 1, 10, 0.4040012826945718},
		{"lambda 3, (1, 10)", 3, 1, 10, 12.120038480837177},
		{"lambda 0.1, (1e5, 1e6)", 0.1, 1e5, 1e6, 40400.128269457266},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := load(t, fmt.Sprintf("currency: EUR\nrisks:\n  - {id: r, frequency: %g, loss: {low: %g, high: %g}}\n", c.freq, c.low, c.high))
			rep, err := Analyze(context.Background(), m, Options{Years: mcYears(), Seed: 7})
			require.NoError(t, err)
			in := rep.Risks[0].Inherent
			require.NotNil(t, in.ClosedForm)
			relEqual(t, c.meanAnnual, in.ClosedForm.MeanAnnualLoss, "closed-form mean")
			require.NotNil(t, in.ClosedForm.ProbabilityOfLoss)
			relEqual(t, 1-math.Exp(-c.freq), *in.ClosedForm.ProbabilityOfLoss, "P(loss>0)")
			assert.InDelta(t, c.meanAnnual, in.MeanAnnualLoss, 4*in.StandardError, "Monte Carlo mean within 4 standard errors")
			p := 1 - math.Exp(-c.freq)
			assert.InDelta(t, p, in.ProbabilityOfLoss, 4*math.Sqrt(p*(1-p)/float64(mcYears())))
			assert.Equal(t, in, rep.Risks[0].Residual, "no controls: residual is inherent")
		})
	}
}
