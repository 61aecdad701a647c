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
	// Variable order: the order in which a depth-first walk from s meets
	// failing components, which keeps related events close together.
	level := map[int32]int32{}
	var q []float64
	seen := map[int32]bool{}
	var post []int32 // components in the cone, dependencies first
	var visit func(v int32)
	visit = func(v int32) {
		seen[v] = true
		m.outTargets(v, func(y int32) {
			if !seen[y] {
				visit(y)
			}
		})
		if c := &m.comps[v]; !c.Virtual && c.Availability != nil && *c.Availability < 1 {
			level[v] = int32(len(q))
			q = append(q, 1-*c.Availability)
		}
		post = append(post, v)
	}
	visit(s)
	b := newBDD(limit)
	f := make(map[int32]int32, len(post))
	for _, v := range post {
		down := bddFalse
		var err error
		if l, ok := level[v]; ok {
			if down, err = b.variable(l); err != nil {
				return ServiceAvailability{}, err
			}
		}
		for _, r := range m.reqs[m.reqStart[v]:m.reqStart[v+1]] {
			var g int32
			if r.kind == Requires {
				g = f[r.target]
			} else {
				members := m.groupMembers(r)
				fs := make([]int32, len(members))
				for i, x := range members {
					fs[i] = f[x]
				}
				if g, err = b.atLeast(fs, len(members)-int(r.k)+1); err != nil {
					return ServiceAvailability{}, err
				}
			}
			if down, err = b.apply(opOr, down, g); err != nil {
				return ServiceAvailability{}, err
			}
		}
		f[v] = down
	}
	u := b.probability(f[s], q)
	a := 1 - u
	out := ServiceAvailability{
		ID: m.comps[s].ID, Availability: a, Unavailability: u, DowntimePerYear: u * 365 * 24,
		Target: m.comps[s].Objectives.Availability, Events: len(q), Nodes: len(b.level) - 2,
	}
	if out.Target != nil {
		met := a >= *out.Target
		out.Met = &met
	}
	return out, nil
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
