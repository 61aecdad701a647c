package risk

import (
	"math"
	"math/rand/v2"

	"github.com/continuitykit/continuity/bcp"
	"gonum.org/v1/gonum/stat/distuv"
)

// z95 is the 95th percentile of the standard normal: a 90% interval spans
// ±z95 standard deviations.
const z95 = 1.6448536269514722

// Lognormal returns μ and σ of the lognormal whose 5th and 95th percentiles
// are low and high.
func Lognormal(low, high float64) (mu, sigma float64) {
	return (math.Log(low) + math.Log(high)) / 2, (math.Log(high) - math.Log(low)) / (2 * z95)
}

// PERTShape returns the beta shape parameters of a PERT estimate with the
// given method (bcp.PERTVose or bcp.PERTMoments).
func PERTShape(min, mode, max float64, method string) (alpha, beta float64) {
	r := max - min
	if method == bcp.PERTMoments {
		mean := (min + 4*mode + max) / 6
		sd := r / 6
		alpha = (mean - min) / r * ((mean-min)*(max-mean)/(sd*sd) - 1)
		return alpha, alpha * (max - mean) / (mean - min)
	}
	return 1 + 4*(mode-min)/r, 1 + 4*(max-mode)/r
}

// Mean returns the expected value of an estimate.
func Mean(e *bcp.Estimate) float64 {
	switch e.Form {
	case bcp.EstimateInterval:
		mu, s := Lognormal(e.Low, e.High)
		return math.Exp(mu + s*s/2)
	case bcp.EstimatePERT:
		a, b := PERTShape(e.Min, e.Mode, e.Max, e.Method)
		return e.Min + (e.Max-e.Min)*a/(a+b)
	}
	return e.Value
}

// Median returns the median of an estimate (for PERT, its mode: the value
// an analyst calls typical).
func Median(e *bcp.Estimate) float64 {
	switch e.Form {
	case bcp.EstimateInterval:
		mu, _ := Lognormal(e.Low, e.High)
		return math.Exp(mu)
	case bcp.EstimatePERT:
		return e.Mode
	}
	return e.Value
}

// sampler draws from an estimate.
type sampler struct {
	form      bcp.EstimateForm
	value     float64 // point
	mu, sigma float64 // lognormal
	min, r    float64 // PERT: min + r·Beta(a, b)
	a, b      float64
}

func newSampler(e *bcp.Estimate) sampler {
	s := sampler{form: e.Form, value: e.Value}
	switch e.Form {
	case bcp.EstimateInterval:
		s.mu, s.sigma = Lognormal(e.Low, e.High)
	case bcp.EstimatePERT:
		s.min, s.r = e.Min, e.Max-e.Min
		s.a, s.b = PERTShape(e.Min, e.Mode, e.Max, e.Method)
	}
	return s
}

func (s *sampler) draw(r *rand.Rand, src rand.Source) float64 {
	switch s.form {
	case bcp.EstimateInterval:
		return math.Exp(s.mu + s.sigma*r.NormFloat64())
	case bcp.EstimatePERT:
		return s.min + s.r*distuv.Beta{Alpha: s.a, Beta: s.b, Src: src}.Rand()
	}
	return s.value
}

// bounds returns a range holding all but a negligible share (about 2 in
// 10^9 on each side) of the estimate's draws.
func (s *sampler) bounds() (lo, hi float64) {
	switch s.form {
	case bcp.EstimateInterval:
		const z = 6 // P(|Z| > 6) ≈ 2e-9
		return math.Exp(s.mu - z*s.sigma), math.Exp(s.mu + z*s.sigma)
	case bcp.EstimatePERT:
		return s.min, s.min + s.r
	}
	return s.value, s.value
}

func poisson(lambda float64, src rand.Source) int {
	if lambda <= 0 {
		return 0
	}
	return int(distuv.Poisson{Lambda: lambda, Src: src}.Rand())
}
