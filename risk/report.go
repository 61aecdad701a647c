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
	// Score is Likelihood × Impact; Grade is the model's riskMatrix grade
	// rule on them, by default low, medium, high or critical by its share
	// of the highest score (above 16%, 36%, 64%: on a 5×5 matrix 5, 10 and
	// 17).
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
	if opts.Years > MaxYears {
		return nil, fmt.Errorf("%d simulated years is more than %d: every year of every risk is kept (8 bytes each) to find percentiles", opts.Years, MaxYears)
	}
	bands := opts.Likelihood
	if len(bands) == 0 {
		bands = m.Likelihood()
	}
	plans, err := prepare(m)
	if err != nil {
		return nil, err
	}
	rep := &Report{Years: opts.Years, Seed: opts.Seed, Currency: m.Currency(), Likelihood: bands, Levels: m.BIA().Config().Levels}
	results := make([]Result, len(plans))
	totals := [2][]float64{make([]float64, opts.Years), make([]float64, opts.Years)}
	ctrl := map[string]*acc{}
	// Per risk, computed in parallel: its summaries and, per control it
	// lists, the mean and standard error of what the control saves.
	saved := make([][]acc, len(plans))
	summary := func(p *plan, losses [][]float64) {
		results[p.index] = p.result(losses)
		saved[p.index] = make([]acc, len(p.controls))
		for j := range p.controls {
			mean, se := meanSD(losses[j+2], losses[1])
			saved[p.index][j] = acc{mean, se * se}
		}
	}
	err = run(ctx, plans, opts, summary, func(p *plan, losses [][]float64) {
		for s := 0; s < 2; s++ {
			for y, x := range losses[s] {
				totals[s][y] += x
			}
		}
		for j, id := range p.controls {
			a := ctrl[id]
			if a == nil {
				a = &acc{}
				ctrl[id] = a
			}
			a.mean += saved[p.index][j].mean
			a.variance += saved[p.index][j].variance
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
	in, res := positive(totals[0]), positive(totals[1])
	grid := lossGrid(r10, in, res)
	rep.Inherent, rep.Residual = summarize(totals[0], in, grid), summarize(totals[1], res, grid)
	rep.Inherent.ClosedForm, rep.Residual.ClosedForm = totalClosedForm(results, 0), totalClosedForm(results, 1)
	for _, a := range m.RiskAppetite() {
		c := AppetiteCheck{Loss: a.Loss, Probability: a.Probability, Inherent: exceed(totals[0], a.Loss), Residual: exceed(totals[1], a.Loss)}
		c.Within = c.Residual <= a.Probability
		rep.Appetite = append(rep.Appetite, c)
	}
	rep.Controls = controlValues(m, ctrl)
	if err := finite(rep); err != nil {
		return nil, err
	}
	return rep, nil
}

// finite refuses a report whose sums overflowed (a BIA formula giving
// 1e300 per hour): an infinite loss is a modelling error, not an answer,
// and JSON cannot carry it.
func finite(rep *Report) error {
	check := func(what string, s Summary) error {
		for _, x := range []float64{s.MeanAnnualLoss, s.StandardError, s.P50, s.P90, s.P99, s.Max} {
			if math.IsInf(x, 0) || math.IsNaN(x) {
				return fmt.Errorf("%s: annual losses overflow (beyond %g %s); check its direct loss and the BIA formulas that count money", what, math.MaxFloat64, rep.Currency)
			}
		}
		return nil
	}
	for _, r := range rep.Risks {
		for _, s := range []Summary{r.Inherent, r.Residual} {
			if err := check(fmt.Sprintf("risk %q", r.ID), s); err != nil {
				return err
			}
		}
	}
	if err := check("the total", rep.Inherent); err != nil {
		return err
	}
	return check("the total", rep.Residual)
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

// meanSD returns the mean of a − b (of a when b is nil) and the standard
// error of that mean.
func meanSD(a, b []float64) (mean, se float64) {
	at := func(y int) float64 {
		if b == nil {
			return a[y]
		}
		return a[y] - b[y]
	}
	n := float64(len(a))
	for y := range a {
		mean += at(y)
	}
	mean /= n
	if len(a) < 2 {
		return mean, 0
	}
	ss := 0.0
	for y := range a {
		d := at(y) - mean
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
	slices.Sort(r.Controls) // ids in JSON lists are sorted
	in, res := positive(losses[0]), positive(losses[1])
	grid := lossGrid(oneTwoFive, in, res)
	r.Inherent, r.Residual = summarize(losses[0], in, grid), summarize(losses[1], res, grid)
	return r
}

// positive returns the losses above 0: most years of most risks have none,
// and percentiles and the curve are found among the others.
func positive(losses []float64) []float64 {
	count := 0
	for _, x := range losses {
		if x > 0 {
			count++
		}
	}
	nz := make([]float64, 0, count)
	for _, x := range losses {
		if x > 0 {
			nz = append(nz, x)
		}
	}
	return nz
}

// summarize describes annual losses; nz are the positive ones (reordered).
func summarize(losses, nz []float64, grid []float64) Summary {
	n := len(losses)
	var s Summary
	s.MeanAnnualLoss, s.StandardError = meanSD(losses, nil)
	zeros := n - len(nz)
	// Percentiles from the top, each selection narrowing the next.
	q := func(p float64, hi int) (float64, int) {
		i := int(math.Ceil(p*float64(n))) - 1 - zeros
		if i < 0 {
			return 0, 0
		}
		return nth(nz[:hi], i), i
	}
	var at int
	s.P99, at = q(0.99, len(nz))
	s.P90, at = q(0.9, at+1)
	s.P50, _ = q(0.5, at+1)
	for _, x := range nz {
		s.Max = math.Max(s.Max, x)
	}
	s.ProbabilityOfLoss = float64(len(nz)) / float64(n)
	s.Exceedance = []Point{{0, s.ProbabilityOfLoss}}
	above := make([]int, len(grid)+1) // above[g]: losses in (grid[g-1], grid[g]]
	for _, x := range nz {
		above[sort.SearchFloat64s(grid, x)]++
	}
	count := len(nz)
	for g, x := range grid {
		count -= above[g]
		s.Exceedance = append(s.Exceedance, Point{x, float64(count) / float64(n)})
	}
	return s
}

// nth puts the k-th smallest of xs at xs[k] (smaller ones before it,
// larger after) and returns it: Hoare's selection, expected linear time.
func nth(xs []float64, k int) float64 {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		pivot := xs[lo+(hi-lo)/2]
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for xs[j] > pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i, j = i+1, j-1
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return xs[k]
		}
	}
	return xs[k]
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

// lossGrid returns the preferred numbers from the largest not above the
// 1st percentile of the positive losses up to below the largest loss of
// any of the series (each the positive losses of one, reordered).
func lossGrid(steps []float64, series ...[]float64) []float64 {
	lo, hi := math.Inf(1), 0.0
	for _, nz := range series {
		if len(nz) == 0 {
			continue
		}
		lo = math.Min(lo, nth(nz, len(nz)/100))
		for _, x := range nz {
			hi = math.Max(hi, x)
		}
	}
	if hi == 0 {
		return nil
	}
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
		return nil, p.fail(err)
	}
	cfg := m.BIA().Config()
	r.Impact, r.ImpactName = level, cfg.LevelName(level)
	r.Score = r.Likelihood * r.Impact
	maxScore := len(bands) * max(1, cfg.MaxLevel())
	grade, ok, err := m.RiskGrade(bcp.GradeEnv{Likelihood: r.Likelihood, Impact: r.Impact, Score: r.Score, MaxScore: maxScore, Frequency: r.Frequency})
	if err != nil {
		return nil, p.fail(err)
	}
	if ok {
		r.Grade = grade
		return r, nil
	}
	share := float64(r.Score) / float64(maxScore)
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
	cfg := m.BIA().Config()
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
			im, err = m.Simulate(withDuration(sc, Median(p.risk.Duration)*s.dur*1e9), bcp.SimulateOptions{})
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
				l, amount, err := m.BIA().ImpactAt(i, false, e, t)
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
