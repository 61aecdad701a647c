package faulttree

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/internal/poll"
)

// DefaultMaxBDDNodes bounds the live nodes of the decision diagrams of one
// Availability or CutSets call: about 40 bytes each with its share of the
// unique and computed tables, 800 MB at the limit.
const DefaultMaxBDDNodes = 20_000_000

// AvailabilityOptions configures Availability. The zero value analyses every
// service (in a model without services, such as an Open-PSA fault tree, the
// components nothing depends on: its top events).
type AvailabilityOptions struct {
	// Of lists the components to analyse; empty means every service (or
	// the top components of a model without services).
	Of []string
	// MaxNodes bounds the live decision diagram nodes; 0 means
	// DefaultMaxBDDNodes.
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
	// (availability below 1); Nodes the number of decision diagram nodes
	// that answered it (0 where independent parts multiply).
	Events, Nodes int
}

// Availability computes, for each analysed component S, the exact
// probability that S is up, given every component's own availability
// (default 1) and independent failures. The cone of S is split into modules
// (Dutuit & Rauzy): parts reached only through one component, whose failure
// is independent of the rest. A module whose inputs are independent is
// answered by arithmetic; the others by a binary decision diagram over
// their own events and their submodules as single variables. The answer is
// exact, not a sum over cut sets. Diagrams can grow exponentially on
// adversarial structures; MaxNodes bounds them and exceeding it is an error
// wrapping ErrBDDTooLarge.
func Availability(m *bcp.Model, opts AvailabilityOptions) (*AvailabilityReport, error) {
	return AvailabilityContext(context.Background(), m, opts)
}

// AvailabilityContext is Availability, stopped when ctx ends: it then
// returns ctx's error (context.Canceled or context.DeadlineExceeded).
func AvailabilityContext(ctx context.Context, m *bcp.Model, opts AvailabilityOptions) (*AvailabilityReport, error) {
	targets, err := analysed(m, opts.Of)
	if err != nil {
		return nil, err
	}
	g := newGraph(m, targets)
	defer g.release()
	limit := opts.MaxNodes
	if limit <= 0 {
		limit = DefaultMaxBDDNodes
	}
	s := newSolver(g, limit)
	defer s.c.release()
	pl := poll.New(ctx)
	s.mgr.Poll = pl
	s.globalModules(targets)
	// Solve in topological order, so that a target below another is a
	// known module by the time the one above needs it.
	byTopo := slices.Clone(targets)
	if len(byTopo) > 1 {
		pos := getInt32s(len(g.comps), false)
		defer putInt32s(pos)
		for i, v := range m.Graph().TopologicalOrder() {
			pos[v] = int32(i)
		}
		slices.SortFunc(byTopo, func(a, b int32) int { return int(pos[a] - pos[b]) })
	}
	for _, t := range byTopo {
		if err := pl.Err(); err != nil {
			return nil, err
		}
		if err := s.solve(t); err != nil {
			return nil, fmt.Errorf("availability of %q: %w", g.comps[t].ID, limitError(err, limit, g.comps[t].ID))
		}
	}
	rep := &AvailabilityReport{Services: make([]ServiceAvailability, 0, len(targets))}
	for _, t := range targets {
		c, a := &g.comps[t], s.solved[t]
		out := ServiceAvailability{
			ID: c.ID, Availability: a.q, Unavailability: a.p, DowntimePerYear: a.p * 365 * 24,
			Events: int(a.events), Nodes: int(a.nodes),
		}
		if target := c.Objectives.Availability; target > 0 {
			met := out.Availability >= target
			out.Target, out.Met = &target, &met
		}
		rep.Services = append(rep.Services, out)
	}
	return rep, nil
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
		out.Services = append(out.Services, svc{s.ID, Significant(s.Availability), Significant(s.Unavailability), Significant(s.DowntimePerYear), s.Target, s.Met, s.Events, s.Nodes})
	}
	return json.Marshal(out)
}

// Significant rounds x to the 15 significant digits that availability
// JSON shows, so that it does not show floating point noise (the exact
// probability summed in another order, another variable order, differs in
// the last bits of a float64) yet stays exact to about 5e-16 relative: 12
// digits were up to 5e-12 off, more than a check of an exact answer allows.
// Every JSON answer that prints an availability (bcp availability, bcp
// compare) rounds with it, so that they print the same number.
func Significant(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	mag := math.Pow(10, 14-math.Floor(math.Log10(math.Abs(x))))
	return math.Round(x*mag) / mag
}
