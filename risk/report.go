package risk

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// Point is a point of a loss exceedance curve: the probability that the
// annual loss is above Loss.
type Point struct {
	Loss        float64
	Probability float64
}

// ClosedForm holds exact values where the model allows them.
type ClosedForm struct {
	// MeanAnnualLoss is E[events per year] · E[loss per event].
	MeanAnnualLoss float64
	// ProbabilityOfLoss is P(annual loss > 0); nil when not exact (an
	// uncertain frequency).
	ProbabilityOfLoss *float64
}

// Summary describes a distribution of annual losses.
type Summary struct {
	MeanAnnualLoss float64
	// StandardError is the Monte Carlo standard error of MeanAnnualLoss.
	StandardError     float64
	ProbabilityOfLoss float64
	// P50, P90 and P99 are percentiles of the annual loss; Max the largest
	// simulated.
	P50, P90, P99, Max float64
	// Exceedance are points of the loss exceedance curve, by loss; the
	// first is at loss 0.
	Exceedance []Point
	// ClosedForm is set where exact values exist.
	ClosedForm *ClosedForm
	// Rating is the risk's place in the likelihood × impact matrix (risks
	// only).
	Rating *Rating
}

// Rating is a risk's place in the qualitative matrix.
type Rating struct {
	// Likelihood is the 1-based likelihood band, from the expected events
	// per year (Frequency).
	Likelihood     int
	LikelihoodName string
	Frequency      float64
	// Impact is the BIA level a typical event reaches (median duration and
	// loss): the highest level of any component the scenario takes down,
	// and the level of the event's loss in the currency's category.
	Impact     int
	ImpactName string
	// Score is Likelihood × Impact; Grade is low, medium, high or critical
	// by its share of the highest score (above 16%, 36%, 64%: on a 5×5
	// matrix 5, 10 and 17).
	Score int
	Grade string
}

// Result is the quantification of one risk.
type Result struct {
	ID, Name, Owner, Threat, Treatment, Scenario string
	Controls                                     []string
	Inherent, Residual                           Summary
}

// ControlValue is what a control is worth: the mean annual loss its risks
// would have without it (the other controls in place) minus with it.
type ControlValue struct {
	ID, Name    string
	CostPerYear float64
	// Reduction is the mean annual loss avoided; StandardError its Monte
	// Carlo standard error.
	Reduction, StandardError float64
	// NetValue is Reduction − CostPerYear; ReturnOnSpend NetValue /
	// CostPerYear (nil without a cost).
	NetValue      float64
	ReturnOnSpend *float64
	Risks         []string
}

// AppetiteCheck compares the total loss exceedance with one point of the
// risk appetite.
type AppetiteCheck struct {
	Loss, Probability float64
	// Inherent and Residual are P(total annual loss > Loss).
	Inherent, Residual float64
	// Within is set when the residual probability is at most Probability.
	Within bool
}

// Report is the quantified risk register.
type Report struct {
	Years    int
	Seed     uint64
	Currency string
	// Risks are sorted by id.
	Risks []Result
	// Inherent and Residual are the total annual loss over all risks.
	Inherent, Residual Summary
	// Controls are ranked by net value, highest first.
	Controls   []ControlValue
	Appetite   []AppetiteCheck
	Likelihood []bcp.LikelihoodBand
	Levels     []bcp.ImpactLevel
}

// Analyze quantifies the model's risk register.
func Analyze(ctx context.Context, m *bcp.Model, opts Options) (*Report, error) {
	if opts.Years <= 0 {
		opts.Years = DefaultYears
	}
	bands := opts.Likelihood
	if len(bands) == 0 {
		bands = m.Likelihood()
	}
	plans, err := prepare(m)
	if err != nil {
		return nil, err
	}
	rep := &Report{Years: opts.Years, Seed: opts.Seed, Currency: m.Currency(), Likelihood: bands, Levels: m.BIA().Levels}
	results := make([]Result, len(plans))
	totals := [2][]float64{make([]float64, opts.Years), make([]float64, opts.Years)}
	ctrl := map[string]*acc{}
	err = run(ctx, plans, opts, func(p *plan, losses [][]float64) {
		for s := 0; s < 2; s++ {
			for y, x := range losses[s] {
				totals[s][y] += x
			}
		}
		results[p.index] = p.result(losses)
		for j, id := range p.controls {
			a := ctrl[id]
			if a == nil {
				a = &acc{}
				ctrl[id] = a
			}
			mean, sd := meanSD(losses[j+2], losses[1])
			a.mean += mean
			a.variance += sd * sd
		}
	})
	if err != nil {
		return nil, err
	}
	for _, p := range plans {
		r := &results[p.index]
		r.Inherent.ClosedForm, r.Residual.ClosedForm = p.closedForm(0), p.closedForm(1)
		for s, sum := range []*Summary{&r.Inherent, &r.Residual} {
			if sum.Rating, err = rate(m, p, p.states[s], bands); err != nil {
				return nil, err
			}
		}
	}
	sort.Slice(results, func(i, j int) bool { return results[i].ID < results[j].ID })
	rep.Risks = results
	rep.Inherent = summarize(totals[0], lossGrid(totals[:], r10))
	rep.Residual = summarize(totals[1], lossGrid(totals[:], r10))
	rep.Inherent.ClosedForm, rep.Residual.ClosedForm = totalClosedForm(results, 0), totalClosedForm(results, 1)
	for _, a := range m.RiskAppetite() {
		c := AppetiteCheck{Loss: a.Loss, Probability: a.Probability, Inherent: exceed(totals[0], a.Loss), Residual: exceed(totals[1], a.Loss)}
		c.Within = c.Residual <= a.Probability
		rep.Appetite = append(rep.Appetite, c)
	}
	rep.Controls = controlValues(m, ctrl)
	return rep, nil
}

// acc sums the mean and variance of a control's reduction over its risks,
// whose random streams are independent.
type acc struct{ mean, variance float64 }

// controlValues ranks the controls by net value.
func controlValues(m *bcp.Model, accs map[string]*acc) []ControlValue {
	users := map[string][]string{}
	for _, k := range m.Risks() {
		for _, c := range k.Controls {
			users[c] = append(users[c], k.ID)
		}
	}
	out := []ControlValue{}
	for _, c := range m.Controls() {
		v := ControlValue{ID: c.ID, Name: c.Name, CostPerYear: c.CostPerYear, Risks: users[c.ID]}
		sort.Strings(v.Risks)
		if a := accs[c.ID]; a != nil {
			v.Reduction, v.StandardError = a.mean, math.Sqrt(a.variance)
		}
		v.NetValue = v.Reduction - v.CostPerYear
		if v.CostPerYear > 0 {
			r := v.NetValue / v.CostPerYear
			v.ReturnOnSpend = &r
		}
		if v.Risks == nil {
			v.Risks = []string{}
		}
		out = append(out, v)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].NetValue != out[j].NetValue {
			return out[i].NetValue > out[j].NetValue
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// meanSD returns the mean of a − b and the standard error of that mean.
func meanSD(a, b []float64) (mean, se float64) {
	n := float64(len(a))
	for y := range a {
		mean += a[y] - b[y]
	}
	mean /= n
	if len(a) < 2 {
		return mean, 0
	}
	ss := 0.0
	for y := range a {
		d := a[y] - b[y] - mean
		ss += d * d
	}
	return mean, math.Sqrt(ss / (n - 1) / n)
}

func (p *plan) result(losses [][]float64) Result {
	k := p.risk
	r := Result{ID: k.ID, Name: k.Name, Owner: k.Owner, Threat: k.Threat, Treatment: k.Treatment, Scenario: k.Scenario, Controls: slices.Clone(k.Controls)}
	if r.Controls == nil {
		r.Controls = []string{}
	}
	grid := lossGrid(losses[:2], oneTwoFive)
	r.Inherent, r.Residual = summarize(losses[0], grid), summarize(losses[1], grid)
	return r
}

// summarize describes annual losses. Only the years with a loss are
// sorted: most years of most risks have none.
func summarize(losses []float64, grid []float64) Summary {
	n := len(losses)
	var s Summary
	s.MeanAnnualLoss, s.StandardError = meanSD(losses, make([]float64, n))
	nz := make([]float64, 0, n/8)
	for _, x := range losses {
		if x > 0 {
			nz = append(nz, x)
		}
	}
	slices.Sort(nz)
	zeros := n - len(nz)
	q := func(p float64) float64 {
		i := int(math.Ceil(p*float64(n))) - 1
		if i < zeros {
			return 0
		}
		return nz[i-zeros]
	}
	s.P50, s.P90, s.P99 = q(0.5), q(0.9), q(0.99)
	if len(nz) > 0 {
		s.Max = nz[len(nz)-1]
	}
	s.ProbabilityOfLoss = float64(len(nz)) / float64(n)
	s.Exceedance = []Point{{0, s.ProbabilityOfLoss}}
	for _, x := range grid {
		above := len(nz) - sort.Search(len(nz), func(i int) bool { return nz[i] > x })
		s.Exceedance = append(s.Exceedance, Point{x, float64(above) / float64(n)})
	}
	return s
}

// exceed is the share of years with a loss above x.
func exceed(losses []float64, x float64) float64 {
	c := 0
	for _, l := range losses {
		if l > x {
			c++
		}
	}
	return float64(c) / float64(len(losses))
}

// Preferred numbers for the exceedance grid: 1-2-5 per decade for risks,
// the R10 series (ten per decade) for the totals that the curve shows.
var (
	oneTwoFive = []float64{1, 2, 5}
	r10        = []float64{1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8}
)

// lossGrid returns the preferred numbers from about the 1st percentile of
// the positive losses up to below the largest loss of any of the series.
func lossGrid(series [][]float64, steps []float64) []float64 {
	lo, hi := math.Inf(1), 0.0
	for _, xs := range series {
		var nz []float64
		for _, x := range xs {
			if x > 0 {
				nz = append(nz, x)
				hi = math.Max(hi, x)
			}
		}
		if len(nz) > 0 {
			slices.Sort(nz)
			lo = math.Min(lo, nz[len(nz)/100])
		}
	}
	if hi == 0 {
		return nil
	}
	// From the largest preferred number not above lo.
	var out []float64
	for e := math.Floor(math.Log10(lo)) - 1; ; e++ {
		for _, step := range steps {
			x := step * math.Pow(10, e)
			switch {
			case x >= hi:
				return out
			case x <= lo:
				out = append(out[:0], x)
			default:
				out = append(out, x)
			}
		}
	}
}

// expectedEvents is the mean number of events a year in a state.
func (p *plan) expectedEvents(s state) float64 {
	if p.bernoulli {
		return math.Min(1, p.prob*s.freq)
	}
	return Mean(p.risk.Frequency) * s.freq
}

// closedForm gives exact values where every event costs the same in
// expectation without simulating a timeline: no scenario, or one whose
// loss does not depend on a sampled duration.
func (p *plan) closedForm(si int) *ClosedForm {
	if p.val != nil {
		return nil
	}
	s := p.states[si]
	perEvent := p.fixed
	if p.constDur {
		perEvent = p.stateLoss[si]
	}
	positive := perEvent > 0
	if p.loss != nil {
		perEvent += Mean(p.risk.Loss) * s.loss
		positive = positive || (s.loss > 0 && (p.risk.Loss.Form != bcp.EstimatePoint || p.risk.Loss.Value > 0))
	}
	ev := p.expectedEvents(s)
	cf := &ClosedForm{MeanAnnualLoss: ev * perEvent}
	switch {
	case !positive:
		zero := 0.0
		cf.ProbabilityOfLoss = &zero
	case p.bernoulli:
		cf.ProbabilityOfLoss = &ev
	case p.risk.Frequency.Form == bcp.EstimatePoint:
		pr := -math.Expm1(-ev)
		cf.ProbabilityOfLoss = &pr
	}
	return cf
}

// totalClosedForm sums the risks' exact means when every risk has one.
func totalClosedForm(rs []Result, s int) *ClosedForm {
	sum := 0.0
	for _, r := range rs {
		sum0 := [2]*ClosedForm{r.Inherent.ClosedForm, r.Residual.ClosedForm}[s]
		if sum0 == nil {
			return nil
		}
		sum += sum0.MeanAnnualLoss
	}
	return &ClosedForm{MeanAnnualLoss: sum}
}

// rate places a risk in the matrix.
func rate(m *bcp.Model, p *plan, s state, bands []bcp.LikelihoodBand) (*Rating, error) {
	r := &Rating{Frequency: p.expectedEvents(s)}
	r.Likelihood = len(bands)
	for i, b := range bands {
		if i < len(bands)-1 && r.Frequency <= b.UpTo {
			r.Likelihood = i + 1
			break
		}
	}
	r.LikelihoodName = bands[r.Likelihood-1].Name
	level, err := typicalImpact(m, p, s)
	if err != nil {
		return nil, fmt.Errorf("risk %q: %w", p.risk.ID, err)
	}
	cfg := m.BIA()
	r.Impact, r.ImpactName = level, cfg.LevelName(level)
	r.Score = r.Likelihood * r.Impact
	share := float64(r.Score) / float64(len(bands)*max(1, cfg.MaxLevel()))
	switch {
	case share > 0.64:
		r.Grade = "critical"
	case share > 0.36:
		r.Grade = "high"
	case share > 0.16:
		r.Grade = "medium"
	default:
		r.Grade = "low"
	}
	return r, nil
}

// typicalImpact is the BIA level of a typical event: the highest level any
// component reaches in the scenario at the median duration, and the level
// of the event's median loss in the first currency category with
// thresholds.
func typicalImpact(m *bcp.Model, p *plan, s state) (int, error) {
	cfg := m.BIA()
	level := 0
	loss := 0.0
	if p.risk.Loss != nil {
		loss = Median(p.risk.Loss) * s.loss
	}
	if p.risk.Scenario != "" {
		sc, _ := m.Scenario(p.risk.Scenario)
		var im *bcp.Impact
		var err error
		if p.dur == nil {
			im, err = incidentImpact(m, sc)
		} else {
			im, err = m.Simulate(withDuration(sc, Median(p.risk.Duration)*s.dur*1e9))
		}
		if err != nil {
			return 0, err
		}
		for k := range im.Components {
			ci := &im.Components[k]
			i, _ := m.Index(ci.ID)
			c := m.Components()[i]
			if c.BIA == nil {
				continue
			}
			t := bcp.Forever
			if d := effectiveDowntime(ci); !math.IsInf(d, 1) {
				t = time.Duration(math.Round(d))
			}
			for e, entry := range c.BIA.Impact {
				l, amount, err := m.ImpactAt(i, false, e, t)
				if err != nil {
					return 0, err
				}
				level = max(level, l)
				if k := cfg.Category(entry.Category); entry.Formula != "" && k >= 0 && cfg.Categories[k].Unit == m.Currency() {
					loss += amount
				}
			}
		}
	}
	for k, c := range cfg.Categories {
		if c.Unit == m.Currency() && len(c.Thresholds) > 0 {
			level = max(level, cfg.LevelOf(k, loss))
			break
		}
	}
	return min(level, cfg.MaxLevel()), nil
}

// maxLevel is the top of the impact scale.
func (r *Report) maxLevel() int {
	if len(r.Levels) == 0 {
		return 0
	}
	return r.Levels[len(r.Levels)-1].Level
}

// cell returns the ids of the risks rated (likelihood, impact) in a state
// (0 inherent, 1 residual), sorted.
func (r *Report) cell(state, likelihood, impact int) []string {
	var ids []string
	for _, k := range r.Risks {
		rt := [2]*Rating{k.Inherent.Rating, k.Residual.Rating}[state]
		if rt != nil && rt.Likelihood == likelihood && rt.Impact == impact {
			ids = append(ids, k.ID)
		}
	}
	return ids
}
