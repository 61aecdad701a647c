package bcp

import (
	"encoding/json"
	"fmt"
	"math"
)

// DefaultMaxBDDNodes bounds the decision diagram of one availability
// computation (about 40 bytes a node, plus caches).
const DefaultMaxBDDNodes = 20_000_000

// AvailabilityOptions configures Availability. The zero value analyses every
// service.
type AvailabilityOptions struct {
	// Of lists the components to analyse; empty means every service.
	Of []string
	// MaxNodes bounds the decision diagram; 0 means DefaultMaxBDDNodes.
	MaxNodes int
}

// AvailabilityReport is the exact availability of each analysed component.
type AvailabilityReport struct {
	Services []ServiceAvailability
}

// ServiceAvailability is the probability that a component is up, from the
// availability of everything it depends on and the redundancy structure,
// with independent failures.
type ServiceAvailability struct {
	ID           string
	Availability float64
	// Unavailability is 1-Availability, computed directly so that very
	// small values keep their precision.
	Unavailability float64
	// DowntimePerYear is (1-Availability) of a 365-day year, in hours.
	DowntimePerYear float64
	// Target is the component's objectives.availability, if set.
	Target *float64
	// Met reports Availability >= Target (nil without a target).
	Met *bool
	// Events is the number of components in its cone that can fail
	// (availability below 1); Nodes the size of the decision diagram.
	Events, Nodes int
}

// Availability computes, for each analysed component S, the exact probability
// that S is up, given every component's own availability (default 1) and
// independent failures. It builds a binary decision diagram of S's failure
// function over the components that can fail, ordered depth-first from S,
// so the answer is exact rather than a sum over cut sets. Diagrams can grow
// exponentially on adversarial structures; MaxNodes bounds them and
// exceeding it is an error.
func (m *Model) Availability(opts AvailabilityOptions) (*AvailabilityReport, error) {
	targets, err := m.targets(opts.Of)
	if err != nil {
		return nil, err
	}
	limit := opts.MaxNodes
	if limit <= 0 {
		limit = DefaultMaxBDDNodes
	}
	rep := &AvailabilityReport{Services: make([]ServiceAvailability, 0, len(targets))}
	for _, s := range targets {
		a, err := m.availabilityOf(s, limit)
		if err != nil {
			return nil, fmt.Errorf("availability of %q: %w", m.comps[s].ID, err)
		}
		rep.Services = append(rep.Services, a)
	}
	return rep, nil
}

func (m *Model) availabilityOf(s int32, limit int) (ServiceAvailability, error) {
	a := &availability{m: m, limit: limit, local: map[int32]int32{}}
	a.detectModules(s)
	u, err := a.moduleProbability(0)
	if err != nil {
		return ServiceAvailability{}, err
	}
	out := ServiceAvailability{
		ID: m.comps[s].ID, Availability: 1 - u, Unavailability: u, DowntimePerYear: u * 365 * 24,
		Target: m.comps[s].Objectives.Availability, Events: a.events, Nodes: a.nodes,
	}
	if out.Target != nil {
		met := out.Availability >= *out.Target
		out.Met = &met
	}
	return out, nil
}

// availability computes one component's exact failure probability. The cone
// is split into modules (Dutuit & Rauzy, 1996): a component none of whose
// dependencies, direct or not, is reached from outside it. A module's
// failure is independent of everything else, so its probability is computed
// on a diagram of its own and it enters its parents' diagrams as a single
// variable. This keeps diagrams small where the structure allows; the
// answer stays exact.
type availability struct {
	m     *Model
	limit int
	// Cone components by local index (0 is the analysed one), with
	// depth-first visit dates: first, exit and last visit.
	local           map[int32]int32
	comp            []int32
	first, exit, lv []int32
	module          []bool
	prob            []float64 // failure probability of each module, once known
	done            []bool
	events, nodes   int
}

func (a *availability) detectModules(s int32) {
	m := a.m
	date := int32(0)
	var visit func(v int32)
	visit = func(v int32) {
		date++
		if li, ok := a.local[v]; ok {
			a.lv[li] = date
			return
		}
		li := int32(len(a.comp))
		a.local[v] = li
		a.comp = append(a.comp, v)
		a.first = append(a.first, date)
		a.exit = append(a.exit, 0)
		a.lv = append(a.lv, 0)
		if c := &m.comps[v]; !c.Virtual && c.Availability != nil && *c.Availability < 1 {
			a.events++
		}
		m.outTargets(v, visit)
		date++
		a.exit[li], a.lv[li] = date, date
	}
	visit(s)
	// A component is a module when every visit to anything below it falls
	// between its own first visit and its exit.
	n := len(a.comp)
	lo := make([]int32, n)
	hi := make([]int32, n)
	seen := make([]bool, n)
	a.module = make([]bool, n)
	var span func(li int32)
	span = func(li int32) {
		seen[li] = true
		lo[li], hi[li] = a.exit[li], a.first[li]
		m.outTargets(a.comp[li], func(y int32) {
			c := a.local[y]
			if !seen[c] {
				span(c)
			}
			lo[li] = min(lo[li], a.first[c], lo[c])
			hi[li] = max(hi[li], a.lv[c], hi[c])
		})
		a.module[li] = lo[li] > a.first[li] && hi[li] < a.exit[li]
	}
	span(0)
	a.module[0] = true
	a.prob = make([]float64, n)
	a.done = make([]bool, n)
}

// moduleProbability returns the failure probability of module li, building
// its diagram over its own events and the variables of the modules below.
func (a *availability) moduleProbability(li int32) (float64, error) {
	if a.done[li] {
		return a.prob[li], nil
	}
	m := a.m
	if v := a.comp[li]; m.reqStart[v] == m.reqStart[v+1] {
		// A component without dependencies fails only by itself.
		p := 0.0
		if c := &m.comps[v]; !c.Virtual && c.Availability != nil {
			p = 1 - *c.Availability
		}
		a.prob[li], a.done[li] = p, true
		return p, nil
	}
	b := newBDD(a.limit)
	var q []float64
	f := map[int32]int32{} // local index -> diagram of "is down"
	var build func(x int32) (int32, error)
	build = func(x int32) (int32, error) {
		if r, ok := f[x]; ok {
			return r, nil
		}
		if x != li && a.module[x] {
			p, err := a.moduleProbability(x)
			if err != nil {
				return 0, err
			}
			r := bddFalse
			if p > 0 {
				if r, err = b.variable(int32(len(q))); err != nil {
					return 0, err
				}
				q = append(q, p)
			}
			f[x] = r
			return r, nil
		}
		v := a.comp[x]
		// Dependencies first, so that shared components get the earlier
		// (higher) levels of the diagram.
		parts := make([]int32, 0, 4)
		for _, r := range m.reqs[m.reqStart[v]:m.reqStart[v+1]] {
			if r.kind == Requires {
				g, err := build(a.local[r.target])
				if err != nil {
					return 0, err
				}
				parts = append(parts, g)
				continue
			}
			members := m.groupMembers(r)
			fs := make([]int32, len(members))
			for i, y := range members {
				g, err := build(a.local[y])
				if err != nil {
					return 0, err
				}
				fs[i] = g
			}
			g, err := b.atLeast(fs, len(members)-int(r.k)+1)
			if err != nil {
				return 0, err
			}
			parts = append(parts, g)
		}
		down := bddFalse
		var err error
		if c := &m.comps[v]; !c.Virtual && c.Availability != nil && *c.Availability < 1 {
			if down, err = b.variable(int32(len(q))); err != nil {
				return 0, err
			}
			q = append(q, 1-*c.Availability)
		}
		for _, g := range parts {
			if down, err = b.apply(opOr, down, g); err != nil {
				return 0, err
			}
		}
		f[x] = down
		return down, nil
	}
	top, err := build(li)
	if err != nil {
		return 0, err
	}
	p := b.probability(top, q)
	a.nodes += len(b.level) - 2
	a.prob[li], a.done[li] = p, true
	return p, nil
}

// MarshalJSON writes the stable JSON form.
func (r *AvailabilityReport) MarshalJSON() ([]byte, error) {
	type svc struct {
		ID              string   `json:"id"`
		Availability    float64  `json:"availability"`
		Unavailability  float64  `json:"unavailability"`
		DowntimePerYear float64  `json:"downtimeHoursPerYear"`
		Target          *float64 `json:"target"`
		Met             *bool    `json:"met"`
		Events          int      `json:"events"`
		Nodes           int      `json:"bddNodes"`
	}
	out := struct {
		Services []svc `json:"services"`
	}{Services: []svc{}}
	for _, s := range r.Services {
		out.Services = append(out.Services, svc{s.ID, round(s.Availability), round(s.Unavailability), round(s.DowntimePerYear), s.Target, s.Met, s.Events, s.Nodes})
	}
	return json.Marshal(out)
}

// round keeps 12 significant digits, so that JSON does not show floating
// point noise: the exact probability summed in another order (another
// variable order) differs in the last digits of a float64.
func round(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	mag := math.Pow(10, 11-math.Floor(math.Log10(math.Abs(x))))
	return math.Round(x*mag) / mag
}
