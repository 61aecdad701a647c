package risk

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/continuitykit/continuity/bcp"
)

// DefaultYears is the number of simulated years when Options.Years is 0.
const DefaultYears = 10_000

// MaxYears bounds Options.Years: the annual losses of a window of risks
// are kept in memory.
const MaxYears = 10_000_000

// blockYears is the number of years one random stream covers. It is fixed,
// not derived from the number of workers, so that results do not depend on
// the machine.
const blockYears = 8192

// Options control Analyze. The zero value simulates DefaultYears years
// with seed 0 on every core.
type Options struct {
	// Years is the number of simulated years; 0 means DefaultYears.
	Years int
	// Seed seeds the random streams; the same seed gives the same report.
	Seed uint64
	// Workers is the number of goroutines; 0 means GOMAXPROCS. It never
	// changes the result.
	Workers int
	// Progress, when set, is called as work completes with the simulated
	// risk-years done and the total; calls never overlap.
	Progress func(done, total int64)
	// Likelihood overrides the model's likelihood bands for the matrix.
	Likelihood []bcp.LikelihoodBand
}

// state is one way of simulating a risk's events: without controls,
// with all of them, or with all but one. Its multipliers apply to the
// rate, the duration of open disruptions and the direct loss.
type state struct {
	freq, dur, loss float64
}

// plan is everything needed to simulate one risk.
type plan struct {
	index     int
	risk      *bcp.Risk
	bernoulli bool
	prob      float64
	freq      sampler
	dur, loss *sampler
	// val values scenario events with a sampled duration; fixed is the
	// loss of a scenario event whose timeline does not depend on it.
	val   *valuation
	fixed float64
	// constDur is set when every event of a state has the same scenario
	// loss: stateLoss holds it.
	constDur  bool
	stateLoss []float64
	states    []state
	// controls[k] is the control that states[k+2] leaves out.
	controls []string
	fmax     float64
}

// fail names the risk, and where the model defines it, in an error of
// its valuation: the model loads, so this is where the analyst learns
// which line to change.
func (p *plan) fail(err error) error {
	return &ValuationError{Risk: p.risk.ID, Pos: p.risk.Pos, Err: err}
}

// newPlan prepares a risk's samplers and states.
func newPlan(m *bcp.Model, index int, k *bcp.Risk) *plan {
	p := &plan{index: index, risk: k}
	if k.Probability != nil {
		p.bernoulli, p.prob = true, *k.Probability
	} else {
		p.freq = newSampler(k.Frequency)
	}
	if k.Duration != nil {
		s := newSampler(k.Duration)
		p.dur = &s
	}
	if k.Loss != nil {
		s := newSampler(k.Loss)
		p.loss = &s
	}
	all := state{1, 1, 1}
	ctrl := make([]bcp.Control, len(k.Controls))
	for j, id := range k.Controls {
		ctrl[j], _ = m.Control(id)
		all = all.with(ctrl[j])
	}
	p.states = []state{{1, 1, 1}, all}
	for j := range ctrl {
		s := state{1, 1, 1}
		for i, c := range ctrl {
			if i != j {
				s = s.with(c)
			}
		}
		p.states = append(p.states, s)
		p.controls = append(p.controls, ctrl[j].ID)
	}
	p.fmax = 1
	for _, s := range p.states {
		p.fmax = math.Max(p.fmax, s.freq)
	}
	return p
}

func (s state) with(c bcp.Control) state {
	return state{s.freq * bcp.Factor(c.Frequency), s.dur * bcp.Factor(c.Duration), s.loss * bcp.Factor(c.Loss)}
}

// prepareScenario values the plan's scenario events: their one timeline
// (no duration, or no disruption that the duration sets), the loss of
// each state (a fixed duration), or, through vals (shared by every risk
// of a scenario), the tabulated downtimes.
func (p *plan) prepareScenario(m *bcp.Model, money []money, vals map[string]*valuation) error {
	sc, _ := m.Scenario(p.risk.Scenario)
	v := newValuation(m, sc, money)
	if p.dur == nil || !v.variable() {
		im, err := incidentImpact(m, sc)
		if err != nil {
			return p.fail(err)
		}
		if p.fixed, err = v.loss(v.collect(im)); err != nil {
			return p.fail(err)
		}
		return nil
	}
	lo, hi := p.dur.bounds()
	if lo == hi {
		p.constDur = true
		for _, s := range p.states {
			down, err := v.downtimes(lo * s.dur * 1e9)
			if err == nil {
				var l float64
				l, err = v.loss(down)
				p.stateLoss = append(p.stateLoss, l)
			}
			if err != nil {
				return p.fail(err)
			}
		}
		return nil
	}
	if vals[sc.ID] == nil {
		vals[sc.ID] = v
	}
	p.val = vals[sc.ID]
	return nil
}

// durationRange is the range of open-disruption lengths (ns) the plan's
// states draw from, all but a negligible share.
func (p *plan) durationRange() (lo, hi float64) {
	lo, hi = p.dur.bounds()
	dmin, dmax := math.Inf(1), 0.0
	for _, s := range p.states {
		dmin, dmax = math.Min(dmin, s.dur), math.Max(dmax, s.dur)
	}
	return lo * dmin * 1e9, hi * dmax * 1e9
}

// prepare builds the plans of every risk, tabulating each scenario's
// downtimes once over the durations all its risks draw.
func prepare(m *bcp.Model) ([]*plan, error) {
	money := moneyFormulas(m)
	vals := map[string]*valuation{}
	risks := m.Risks()
	plans := make([]*plan, len(risks))
	for i := range risks {
		p := newPlan(m, i, &risks[i])
		if p.risk.Scenario != "" {
			if err := p.prepareScenario(m, money, vals); err != nil {
				return nil, err
			}
		}
		plans[i] = p
	}
	ranges := map[*valuation][2]float64{}
	for _, p := range plans {
		if p.val == nil {
			continue
		}
		lo, hi := p.durationRange()
		r, ok := ranges[p.val]
		if !ok {
			r = [2]float64{lo, hi}
		}
		ranges[p.val] = [2]float64{math.Min(r[0], lo), math.Max(r[1], hi)}
	}
	for _, p := range plans {
		if r, ok := ranges[p.val]; ok && p.val.knots == nil {
			if err := p.val.tabulate(r[0], r[1]); err != nil {
				return nil, p.fail(err)
			}
		}
	}
	return plans, nil
}

// stream returns the random source of one block of years of one risk.
func stream(seed uint64, risk, block int) *rand.PCG {
	return rand.NewPCG(seed, uint64(risk)<<32|uint64(block))
}

// simulateBlock fills out[s][y] for the years [y0, y1) of every state.
func (p *plan) simulateBlock(seed uint64, block, y0, y1 int, out [][]float64) error {
	src := stream(seed, p.index, block)
	r := rand.New(src)
	var scratch []float64 // interpolated downtimes, for formulas not affine in t
	if p.val != nil {
		scratch = make([]float64, len(p.val.money))
	}
	for y := y0; y < y1; y++ {
		if p.bernoulli {
			// One uniform decides every state: an event in state s when
			// u < p·f_s, a coupling that is exact for any multiplier.
			if u := r.Float64(); u < p.prob*p.fmax {
				if err := p.event(r, src, u/p.prob, y, out, scratch); err != nil {
					return err
				}
			}
			continue
		}
		lambda := p.freq.draw(r, src)
		n := poisson(lambda*p.fmax, src)
		for e := 0; e < n; e++ {
			// Thinning: each event of the fastest state is kept in state s
			// with probability f_s / fmax.
			if err := p.event(r, src, r.Float64()*p.fmax, y, out, scratch); err != nil {
				return err
			}
		}
	}
	return nil
}

// event draws one event's duration and direct loss and adds its loss to
// year y of every state that keeps it (u < f_s).
func (p *plan) event(r *rand.Rand, src rand.Source, u float64, y int, out [][]float64, scratch []float64) error {
	d, l := 0.0, 0.0
	if p.dur != nil && !p.constDur {
		d = p.dur.draw(r, src)
	}
	if p.loss != nil {
		l = p.loss.draw(r, src)
	}
	for s, st := range p.states {
		if u >= st.freq {
			continue
		}
		loss := l*st.loss + p.fixed
		switch {
		case p.constDur:
			loss += p.stateLoss[s]
		case p.val != nil:
			x, err := p.val.lossAt(d*st.dur*1e9, scratch)
			if err != nil {
				return p.fail(err)
			}
			loss += x
		}
		out[s][y] += loss
	}
	return nil
}

// run simulates every plan. Risks are simulated a window at a time, each
// window's blocks in parallel; then summary is called for each risk of the
// window in parallel, and done in risk order, so that memory stays bounded
// and the order of floating-point sums never depends on scheduling.
func run(ctx context.Context, plans []*plan, opts Options, summary, done func(p *plan, losses [][]float64)) error {
	years := opts.Years
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	blocks := (years + blockYears - 1) / blockYears
	window := 4 * workers
	total := int64(len(plans)) * int64(years)
	var doneYears int64
	var mu sync.Mutex
	progress := func(n int) {
		if opts.Progress != nil {
			mu.Lock()
			doneYears += int64(n)
			opts.Progress(doneYears, total)
			mu.Unlock()
		}
	}
	var buffers [][]float64 // reused by the windows: one per state
	for w0 := 0; w0 < len(plans); w0 += window {
		ws := plans[w0:min(len(plans), w0+window)]
		losses := make([][][]float64, len(ws))
		used := 0
		for i, p := range ws {
			losses[i] = make([][]float64, len(p.states))
			for s := range p.states {
				if used == len(buffers) {
					buffers = append(buffers, make([]float64, years))
				}
				losses[i][s] = buffers[used]
				clear(losses[i][s])
				used++
			}
		}
		type task struct{ i, block int }
		var tasks []task
		for i := range ws {
			for b := 0; b < blocks; b++ {
				tasks = append(tasks, task{i, b})
			}
		}
		err := parallel(ctx, workers, len(tasks), func(k int) error {
			t := tasks[k]
			y0 := t.block * blockYears
			y1 := min(years, y0+blockYears)
			if err := ws[t.i].simulateBlock(opts.Seed, t.block, y0, y1, losses[t.i]); err != nil {
				return err
			}
			progress(y1 - y0)
			return nil
		})
		if err == nil {
			err = parallel(ctx, workers, len(ws), func(i int) error {
				summary(ws[i], losses[i])
				return nil
			})
		}
		if err != nil {
			return err
		}
		for i, p := range ws {
			done(p, losses[i])
		}
	}
	return nil
}

// parallel calls fn(0..n-1) on workers goroutines and returns the first
// error, or the context's once it is done.
func parallel(ctx context.Context, workers, n int, fn func(k int) error) error {
	next := make(chan int)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				if err := ctx.Err(); err != nil {
					errs <- err
					return
				}
				if err := fn(k); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	var err error
feed:
	for k := 0; k < n; k++ {
		select {
		case next <- k:
		case err = <-errs:
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errs:
		default:
		}
	}
	return err
}

// ValuationError is a risk the model loads but that cannot be valued: its
// scenario leaves a component down for good (no duration and nothing
// recovers it), or its sums go beyond what floats carry.
type ValuationError struct {
	// Risk is the risk's id and Pos where the model defines it.
	Risk string
	Pos  bcp.Position
	Err  error
}

func (e *ValuationError) Error() string {
	if e.Pos.Line > 0 {
		return fmt.Sprintf("%s: risk %q: %v", e.Pos, e.Risk, e.Err)
	}
	return fmt.Sprintf("risk %q: %v", e.Risk, e.Err)
}

// Unwrap returns the cause.
func (e *ValuationError) Unwrap() error { return e.Err }
