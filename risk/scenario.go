package risk

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/recovery"
)

// incidentImpact is the incident timeline of a scenario as risks value it
// when a risk gives no duration: recovery.Timeline, the one every analysis
// reads, so that a risk's loss tells the same story as bcp impact and the
// recovery plan (a component without for is back when its step finishes).
func incidentImpact(m *bcp.Model, sc bcp.Scenario) (*bcp.Impact, error) {
	inc, err := recovery.Timeline(m, sc, recovery.Options{})
	if err != nil {
		return nil, err
	}
	return inc.Impact, nil
}

// money is one component's BIA formulas that count money: entries of its
// bia.impact in categories whose unit is the currency.
type money struct {
	comp    int
	entries []int
	// affine[k] says whether entry k's formula is affine in t.
	affine []bool
}

// moneyFormulas lists every component's money formulas, by index.
func moneyFormulas(m *bcp.Model) []money {
	cfg := m.BIA().Config()
	cur := m.Currency()
	var out []money
	for i, c := range m.Components() {
		if c.BIA == nil {
			continue
		}
		mo := money{comp: i}
		for e, ci := range c.BIA.Impact {
			if k := cfg.Category(ci.Category); ci.Formula != "" && k >= 0 && cfg.Categories[k].Unit == cur && cur != "" {
				mo.entries = append(mo.entries, e)
				mo.affine = append(mo.affine, affineInT(ci.Formula))
			}
		}
		if len(mo.entries) > 0 {
			out = append(out, mo)
		}
	}
	return out
}

// effectiveDowntime is the time a component is down weighted by the
// capacity its fallbacks do not cover (what the BIA's tolerance check
// counts), in nanoseconds; +Inf when it never comes back.
func effectiveDowntime(ci *bcp.ComponentImpact) float64 {
	total := 0.0
	add := func(from, to time.Duration, capacity float64) {
		if to == bcp.Forever {
			if capacity < 1 {
				total = math.Inf(1)
			}
			return
		}
		total += float64(to-from) * (1 - capacity)
	}
	if ci.Capacity != nil {
		for _, p := range ci.Capacity {
			add(p.From, p.To, p.Capacity)
		}
		return total
	}
	for _, iv := range ci.Down {
		add(iv.From, iv.To, 0)
	}
	return total
}

// valuation values the events of one scenario-driven risk: the effective
// downtime of every valued component as a function of the sampled
// duration D (in nanoseconds), tabulated at its breakpoints.
type valuation struct {
	m     *bcp.Model
	sc    bcp.Scenario
	money []money
	keep  []bool
	// knots are durations (ns, ascending) at which down[k] holds each
	// valued component's effective downtime; between knots every one is
	// linear in D.
	knots []float64
	down  [][]float64
	// segL[k] and segR[k] are the loss of the affine formulas at the two
	// ends of the piece between knots k and k+1, as limits from inside it
	// (a component down inside the piece counts at its ends too); the loss
	// is linear in between. others is set when some formula is not affine
	// and must be evaluated per event.
	segL, segR []float64
	others     bool
	// sims counts the simulations the table took.
	sims int
}

func newValuation(m *bcp.Model, sc bcp.Scenario, money []money) *valuation {
	v := &valuation{m: m, sc: sc, money: money, keep: make([]bool, m.Len())}
	for _, mo := range money {
		v.keep[mo.comp] = true
	}
	return v
}

// variable reports whether the scenario has disruptions without `for`,
// whose length the sampled duration sets.
func (v *valuation) variable() bool {
	for _, d := range v.sc.Disrupt {
		if d.For == 0 {
			return true
		}
	}
	return false
}

// withDuration returns the scenario with its disruptions without `for`
// lasting d (ns, at least one): the sampled duration is the whole outage,
// so it replaces a recoverAfter too.
func withDuration(sc bcp.Scenario, d float64) bcp.Scenario {
	sc.Disrupt = slices.Clone(sc.Disrupt)
	length := time.Duration(math.Min(1e18, math.Max(1, math.Round(d))))
	for k := range sc.Disrupt {
		if sc.Disrupt[k].For == 0 {
			sc.Disrupt[k].For, sc.Disrupt[k].RecoverAfter = length, 0
		}
	}
	return sc
}

// downtimes simulates the scenario with its open disruptions lasting d
// (ns) and returns the effective downtime of each valued component.
func (v *valuation) downtimes(d float64) ([]float64, error) {
	im, err := v.m.Simulate(withDuration(v.sc, d), bcp.SimulateOptions{Only: func(i int) bool { return v.keep[i] }})
	if err != nil {
		return nil, err
	}
	return v.collect(im), nil
}

func (v *valuation) collect(im *bcp.Impact) []float64 {
	out := make([]float64, len(v.money))
	for k, mo := range v.money {
		if ci := im.Component(v.m.ID(mo.comp)); ci != nil {
			out[k] = effectiveDowntime(ci)
		}
	}
	return out
}

// tabulate finds the breakpoints of the downtimes over [lo, hi] (ns). The
// downtimes are continuous and piecewise linear in D. A piece [a, b] is
// accepted when the simulations at its quarter points lie on the chord;
// otherwise it is split where the lines through its first and last
// quarters cross (the kink itself when there is one) and both halves are
// searched again.
func (v *valuation) tabulate(lo, hi float64) error {
	lo = math.Max(1, math.Floor(lo))
	hi = math.Max(lo+8, math.Ceil(hi))
	fa, err := v.sim(lo)
	if err != nil {
		return err
	}
	fb, err := v.sim(hi)
	if err != nil {
		return err
	}
	v.knots, v.down = []float64{lo}, [][]float64{fa}
	if err := v.refine(lo, fa, hi, fb, 0); err != nil {
		return err
	}
	return v.pieces()
}

func (v *valuation) sim(d float64) ([]float64, error) {
	v.sims++
	return v.downtimes(d)
}

// near compares downtimes (ns) to within 50ns: simulated values carry
// rounding of fallback capacities, interpolation of chords a little more.
func near(a, b float64) bool {
	return math.Abs(a-b) <= 50+1e-12*math.Max(math.Abs(a), math.Abs(b))
}

// maxDepth and maxSims bound the breakpoint search; a model needing more
// is reported instead of being approximated.
const (
	maxDepth = 200
	maxSims  = 20_000
)

func (v *valuation) refine(a float64, fa []float64, b float64, fb []float64, depth int) error {
	if b-a <= 8 {
		v.knots, v.down = append(v.knots, b), append(v.down, fb)
		return nil
	}
	if depth > maxDepth || v.sims > maxSims {
		return fmt.Errorf("scenario %q: the downtimes have more breakpoints between %s and %s than %d simulations find", v.sc.ID, bcp.FormatDuration(time.Duration(a)), bcp.FormatDuration(time.Duration(b)), maxSims)
	}
	h := math.Floor((b - a) / 4)
	q := [3]float64{a + h, a + 2*h, b - h}
	var fq [3][]float64
	for i, x := range q {
		f, err := v.sim(x)
		if err != nil {
			return err
		}
		fq[i] = f
	}
	x := q[1]
	linear := true
	for k := range fa {
		chord := func(t float64) float64 { return fa[k] + (fb[k]-fa[k])*(t-a)/(b-a) }
		if near(fq[0][k], chord(q[0])) && near(fq[1][k], chord(q[1])) && near(fq[2][k], chord(q[2])) {
			continue
		}
		linear = false
		s1, s3 := (fq[0][k]-fa[k])/h, (fb[k]-fq[2][k])/h
		if c := math.Round((fb[k] - fa[k] + s1*a - s3*b) / (s1 - s3)); s1 != s3 && c > a+1 && c < b-1 {
			x = c
		}
		break
	}
	if linear {
		v.knots, v.down = append(v.knots, b), append(v.down, fb)
		return nil
	}
	fx, err := v.sim(x)
	if err != nil {
		return err
	}
	if err := v.refine(a, fa, x, fx, depth+1); err != nil {
		return err
	}
	return v.refine(x, fx, b, fb, depth+1)
}

// at interpolates the effective downtimes at d (ns) into out; ok is false
// outside the tabulated range.
func (v *valuation) at(d float64, out []float64) bool {
	n := len(v.knots)
	if n < 2 || d < v.knots[0] || d > v.knots[n-1] {
		return false
	}
	k := sort.SearchFloat64s(v.knots, d) // knots[k] >= d
	if k == 0 {
		copy(out, v.down[0])
		return true
	}
	a, b := v.knots[k-1], v.knots[k]
	w := (d - a) / (b - a)
	for c := range out {
		out[c] = v.down[k-1][c] + w*(v.down[k][c]-v.down[k-1][c])
	}
	return true
}

// Which formulas lossOf evaluates.
const (
	affineTerms = 1 << iota
	otherTerms
	allTerms = affineTerms | otherTerms
)

// loss values effective downtimes (ns) with every money formula.
func (v *valuation) loss(down []float64) (float64, error) { return v.lossOf(down, allTerms, nil) }

// lossOf values effective downtimes (ns) with the money formulas of the
// kinds in which; a component counts when inside[k] is set, or (inside
// nil) when it is down at all.
func (v *valuation) lossOf(down []float64, which int, inside []bool) (float64, error) {
	total := 0.0
	for k, mo := range v.money {
		t := down[k]
		if inside != nil && !inside[k] || inside == nil && t <= 0 {
			continue
		}
		if math.IsInf(t, 1) {
			return 0, fmt.Errorf("component %q is down for good in scenario %q, so its loss has no end; give the risk a duration or the disruption a for", v.m.ID(mo.comp), v.sc.ID)
		}
		for j, e := range mo.entries {
			kind := otherTerms
			if mo.affine[j] {
				kind = affineTerms
			}
			if which&kind == 0 {
				continue
			}
			_, amount, err := v.m.BIA().ImpactAt(mo.comp, false, e, time.Duration(math.Round(t)))
			if err != nil {
				return 0, err
			}
			total += amount
		}
	}
	return total, nil
}

// pieces values the affine formulas at the ends of every piece of the
// table, so that events inside a piece are valued by interpolation.
func (v *valuation) pieces() error {
	n := len(v.knots) - 1
	v.segL, v.segR = make([]float64, n), make([]float64, n)
	inside := make([]bool, len(v.money))
	for _, mo := range v.money {
		for _, a := range mo.affine {
			v.others = v.others || !a
		}
	}
	for p := 0; p < n; p++ {
		for k := range inside {
			// Downtimes are linear on the piece: down inside it exactly
			// when down in its middle.
			inside[k] = v.down[p][k]+v.down[p+1][k] > 0
		}
		var err error
		if v.segL[p], err = v.lossOf(v.down[p], affineTerms, inside); err != nil {
			return err
		}
		if v.segR[p], err = v.lossOf(v.down[p+1], affineTerms, inside); err != nil {
			return err
		}
	}
	return nil
}

// lossAt values an event whose open disruptions last d (ns): inside a
// piece of the table by interpolation (and the formulas that are not
// affine at the interpolated downtimes), at a knot or outside the table
// by the downtimes there.
func (v *valuation) lossAt(d float64, scratch []float64) (float64, error) {
	n := len(v.knots)
	if n >= 2 && d > v.knots[0] && d < v.knots[n-1] {
		k := sort.SearchFloat64s(v.knots, d) // knots[k] >= d
		if v.knots[k] != d {
			a, b := v.knots[k-1], v.knots[k]
			w := (d - a) / (b - a)
			loss := v.segL[k-1] + w*(v.segR[k-1]-v.segL[k-1])
			if !v.others {
				return loss, nil
			}
			v.at(d, scratch)
			rest, err := v.lossOf(scratch, otherTerms, nil)
			return loss + rest, err
		}
	}
	if !v.at(d, scratch) {
		down, err := v.downtimes(d)
		if err != nil {
			return 0, err
		}
		copy(scratch, down)
	}
	return v.loss(scratch)
}
