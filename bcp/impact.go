package bcp

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/continuitykit/continuity/internal/poll"
)

// Impact is what a scenario does to the model: every component that is down
// at some time, when, for how long, and whether it breaches its objectives.
type Impact struct {
	Scenario string
	Name     string
	// Disrupted are the ids the scenario takes down directly, sorted.
	Disrupted []string
	// Components are the components down at some time, sorted by id.
	Components []ComponentImpact
	// targets are, per disruption, the component indices it took down.
	targets [][]int32
	// indices are the model indices of Components, in their order.
	indices []int32
}

// ComponentIndices returns the model index of each of Components, in the
// same order, so that callers need not look the ids up again. The slice
// must not be changed, and no longer matches once Components is changed;
// it is nil for an Impact that Simulate did not make.
func (im *Impact) ComponentIndices() []int32 { return im.indices }

// TargetIndices returns, per disruption of the scenario, the indices of the
// components it took down (selectors and fractions resolved), so that
// callers need not run the selectors again. The slices must not be changed.
func (im *Impact) TargetIndices() [][]int32 { return im.targets }

// Unmatched returns the numbers (from 1, as problems count them) of the
// scenario's disruptions that took nothing down: a selector that matches
// no component. Simulate accepts them, since a selector may rightly match
// nothing in some model; a caller running a what-if typed by hand warns.
func (im *Impact) Unmatched() []int {
	var out []int
	for k, xs := range im.targets {
		if len(xs) == 0 {
			out = append(out, k+1)
		}
	}
	return out
}

// ComponentImpact is one component's fate in a scenario.
type ComponentImpact struct {
	ID   string
	Kind Kind
	Tier int
	// Disrupted is set when the scenario takes the component down directly.
	Disrupted bool
	// Down are its down periods, sorted, disjoint and not adjacent.
	Down []Interval
	// DownAt is the start of the first down period; UpAt the end of the last,
	// when it is up again for good (Forever: never).
	DownAt, UpAt time.Duration
	// Downtime is the total time down (Forever when never up again).
	Downtime time.Duration
	// RTO and MTPD are the component's objectives in force (Model.InForce):
	// the declared ones, else, with RTODerived and MTPDDerived set, those
	// its BIA data derive (where 0 is a real objective: no outage is
	// tolerable). 0 and not derived: none.
	RTO, MTPD               time.Duration
	RTODerived, MTPDDerived bool
	// RTOBreached is set when a continuous down period is longer than the
	// RTO; RTOBreachAt is the first time that happens (Forever: never).
	RTOBreached bool
	RTOBreachAt time.Duration
	// MTPDBreached and MTPDBreachAt are the same for the MTPD.
	MTPDBreached bool
	MTPDBreachAt time.Duration
	// Capacity is the capacity during the down periods, where fallbacks give
	// some; nil for components without fallbacks. Capacity is 1 while up.
	Capacity []CapacityPeriod
	// Cause says what took the component down first: "disrupted", a
	// dependency's id, or a redundancy group such as "anyOf(isp-a,isp-b)".
	Cause []string
}

// CapacityPeriod is a period of constant capacity (0..1) and the fallback
// that gives it ("" when there is none).
type CapacityPeriod struct {
	From, To time.Duration
	Capacity float64
	Fallback string
}

// SimulateOptions configures Simulate. The zero value reports every
// component the scenario takes down.
type SimulateOptions struct {
	// Only, when set, limits the report to the components (by index) for
	// which it returns true. The simulation is the same; when most of a
	// large model goes down, building the report for every component costs
	// more than the simulation, and callers that need a few (the services)
	// skip the rest.
	Only func(i int) bool
}

// Simulate runs a scenario, the model's own (from Scenario or Scenarios) or
// one built in code: an ad-hoc what-if or an incident. It is the disruption
// alone: a component taken down without For stays down. Package recovery's
// Timeline adds the recovery plan, and is what every analysis of an
// incident reads. A scenario the model would reject (an unknown id, a
// selector that does not compile, a negative time) is an error.
func (m *Model) Simulate(sc Scenario, opts SimulateOptions) (*Impact, error) {
	return m.SimulateContext(context.Background(), sc, opts)
}

// SimulateContext is Simulate, stopped when ctx ends: it then returns
// ctx's error (context.Canceled or context.DeadlineExceeded). Every long
// analysis has a Context variant of this form, for servers that answer
// many requests and must stop work nobody waits for.
func (m *Model) SimulateContext(ctx context.Context, sc Scenario, opts SimulateOptions) (*Impact, error) {
	// The expression compiler costs more than a small incident's whole
	// simulation: build it only for a selector the model has not compiled.
	var ec *exprCompiler
	for _, d := range sc.Disrupt {
		if _, ok := m.selectors[d.Select]; d.Select != "" && !ok {
			ec = newExprCompiler(m, m.cfg)
			break
		}
	}
	var unknown Problems
	sel, probs := m.checkScenario(&sc, ec, func(id string, pos Position, what string) {
		err := notFound("component", id, m.IDs())
		unknown = append(unknown, Problem{Pos: pos, Message: what + ": " + err.Error(), Err: err})
	}, nil)
	if err := append(unknown, probs...).err(); err != nil {
		return nil, err
	}
	return m.simulate(poll.New(ctx), &sc, sel, opts.Only)
}

// disruptionTargets returns the components each disruption of a scenario takes down.
func (m *Model) disruptionTargets(sc *Scenario, sel []*program) ([][]int32, error) {
	out := make([][]int32, len(sc.Disrupt))
	for di, d := range sc.Disrupt {
		var xs []int32
		if d.ID != "" {
			xs = []int32{m.index[d.ID]}
		} else {
			var err error
			if xs, err = m.selectIdx(sel[di]); err != nil {
				return nil, fmt.Errorf("scenario %q: %w", sc.ID, err)
			}
		}
		if d.Fraction > 0 {
			xs = m.sample(xs, d.Fraction, d.Seed)
		}
		out[di] = xs
	}
	return out, nil
}

// simScratch is a simulation's model-sized working arrays, kept between
// simulations (Model.sims): an incident on a large model touches a small
// cone, and allocating arrays the size of the model on every call made the
// garbage collector scan the whole model again and again. Between uses,
// own, down, inCone and touched are empty everywhere; causeAt and causeEnd
// are read only where down was set.
type simScratch struct {
	own, down         []intervals
	inCone            []bool
	causeAt, causeEnd []int32
	// touched marks the cone members a component that went down requires:
	// only they (and the disrupted) can go down, so the others, half of a
	// typical incident's cone, are not evaluated.
	touched []bool
}

func (m *Model) getSimScratch() *simScratch {
	if s, ok := m.sims.Get().(*simScratch); ok {
		return s
	}
	n := len(m.comps)
	return &simScratch{own: make([]intervals, n), down: make([]intervals, n), inCone: make([]bool, n),
		causeAt: make([]int32, n), causeEnd: make([]int32, n), touched: make([]bool, n)}
}

// putSimScratch empties what a simulation wrote (the cone) and keeps the
// arrays for the next.
func (m *Model) putSimScratch(s *simScratch, cone []int32) {
	for _, v := range cone {
		s.own[v], s.down[v], s.inCone[v], s.touched[v] = nil, nil, false, false
	}
	m.sims.Put(s)
}

func (m *Model) simulate(pl *poll.Poll, sc *Scenario, sel []*program, keep func(int) bool) (*Impact, error) {
	ts, err := m.disruptionTargets(sc, sel)
	if err != nil {
		return nil, err
	}
	run := simRun{m: m, simScratch: m.getSimScratch()}
	disrupted := run.seed(sc, ts)
	cone := run.cone(disrupted)
	defer func() { m.putSimScratch(run.simScratch, cone) }()
	for _, v := range cone {
		if err := pl.Tick(); err != nil {
			return nil, err
		}
		run.evaluate(v)
	}
	out := &Impact{Scenario: sc.ID, Name: sc.Name, Disrupted: make([]string, len(disrupted)), targets: ts}
	m.sortByID(disrupted)
	for k, x := range disrupted {
		out.Disrupted[k] = m.comps[x].ID
	}
	run.report(out, cone, keep)
	return out, nil
}

// simRun is one simulation's state: the scratch arrays and the buffers
// its evaluation of the cone reuses from one component to the next.
type simRun struct {
	m *Model
	*simScratch
	// causes holds the requirements (-1: the disruption) behind each
	// component's first down period, flat: causes[causeAt[v]:causeEnd[v]].
	causes  []int32
	sets    []intervals
	parts   []simPart
	scratch []Interval
	pool    []Interval // backing for merged periods, in chunks
}

// simPart is one reason to be down: the disruption (req -1) or a
// requirement (its index).
type simPart struct {
	iv  intervals
	req int32
}

// seed gives each disrupted component its own down periods and returns
// them, in the scenario's order.
func (r *simRun) seed(sc *Scenario, ts [][]int32) []int32 {
	targets := 0
	for _, xs := range ts {
		targets += len(xs)
	}
	// Most components are disrupted once: their periods come from one
	// array (capacity clipped, so a second period copies).
	arena := make([]Interval, 0, targets)
	var disrupted []int32
	for di, d := range sc.Disrupt {
		iv := Interval{From: d.At, To: Forever}
		if d.For > 0 {
			iv.To = SatAdd(d.At, d.For)
		}
		for _, x := range ts[di] {
			if r.own[x] == nil {
				disrupted = append(disrupted, x)
				arena = append(arena, iv)
				r.own[x] = arena[len(arena)-1 : len(arena) : len(arena)]
				continue
			}
			r.own[x] = append(r.own[x], iv)
		}
	}
	for _, x := range disrupted {
		r.own[x] = normalize(r.own[x])
	}
	return disrupted
}

// cone returns everything that depends, directly or not, on a disrupted
// component (nothing else can go down), dependencies first.
func (r *simRun) cone(disrupted []int32) []int32 {
	m := r.m
	cone := make([]int32, 0, len(disrupted))
	for _, x := range disrupted {
		r.inCone[x] = true
		cone = append(cone, x)
	}
	for h := 0; h < len(cone); h++ {
		x := cone[h]
		for _, d := range m.rev[m.revStart[x]:m.revStart[x+1]] {
			if !r.inCone[d] {
				r.inCone[d] = true
				cone = append(cone, d)
			}
		}
	}
	// A large cone is cheaper to take from the topological order than to
	// sort.
	if len(cone) > len(m.comps)/16 {
		cone = cone[:0]
		for _, v := range m.topo {
			if r.inCone[v] {
				cone = append(cone, v)
			}
		}
	} else {
		sortByKey(cone, m.topoPos)
	}
	return cone
}

// evaluate sets v's down periods from its own and its requirements', and
// the causes of its first period. Its requirements are evaluated already.
func (r *simRun) evaluate(v int32) {
	m := r.m
	if !r.touched[v] && len(r.own[v]) == 0 {
		return // nothing it requires is down: neither is it
	}
	r.parts = r.parts[:0]
	if iv := r.own[v]; len(iv) > 0 {
		r.parts = append(r.parts, simPart{iv, -1})
	}
	for ri := m.reqStart[v]; ri < m.reqStart[v+1]; ri++ {
		if iv := r.requirementDown(ri); len(iv) > 0 {
			r.parts = append(r.parts, simPart{iv, ri})
		}
	}
	all := r.merge()
	r.down[v] = all
	if len(all) == 0 {
		return
	}
	for _, d := range m.rev[m.revStart[v]:m.revStart[v+1]] {
		r.touched[d] = true
	}
	r.causeAt[v] = int32(len(r.causes))
	for _, p := range r.parts {
		if p.iv[0].From == all[0].From {
			r.causes = append(r.causes, p.req)
		}
	}
	r.causeEnd[v] = int32(len(r.causes))
}

// requirementDown is when requirement ri is not met, after its tolerance.
func (r *simRun) requirementDown(ri int32) intervals {
	q := r.m.reqs[ri]
	if q.depKind() == Requires {
		return tolerate(r.down[q.target], q.tol)
	}
	r.sets = r.sets[:0]
	for _, x := range r.m.groupMembers(q) {
		if len(r.down[x]) > 0 {
			r.sets = append(r.sets, r.down[x])
		}
	}
	need := len(r.m.groupMembers(q)) - r.m.groupNeed(q) + 1
	if len(r.sets) < need {
		return nil
	}
	return tolerate(atLeastDown(r.sets, need), q.tol)
}

// merge is the union of the parts' periods: one merge in a scratch buffer,
// one copy out into the pool.
func (r *simRun) merge() intervals {
	switch len(r.parts) {
	case 0:
		return nil
	case 1:
		return r.parts[0].iv
	}
	r.scratch = r.scratch[:0]
	for _, p := range r.parts {
		r.scratch = append(r.scratch, p.iv...)
	}
	merged := normalize(r.scratch)
	if cap(r.pool)-len(r.pool) < len(merged) {
		r.pool = make([]Interval, 0, max(1024, len(merged)))
	}
	r.pool = append(r.pool, merged...)
	return r.pool[len(r.pool)-len(merged) : len(r.pool) : len(r.pool)]
}

// report fills out's components: the cone members that went down and that
// keep accepts, by id. Only they are sorted: a third of an incident's cone.
func (r *simRun) report(out *Impact, cone []int32, keep func(int) bool) {
	m := r.m
	reported := cone[:0:0]
	for _, v := range cone {
		if len(r.down[v]) > 0 && (keep == nil || keep(int(v))) {
			reported = append(reported, v)
		}
	}
	m.sortByID(reported)
	out.indices = reported
	out.Components = make([]ComponentImpact, 0, len(reported))
	for _, v := range reported {
		d := r.down[v]
		c := &m.comps[v]
		ci := ComponentImpact{
			ID: c.ID, Kind: c.Kind, Tier: c.Tier, Disrupted: len(r.own[v]) > 0,
			Down: d, DownAt: d[0].From, UpAt: d[len(d)-1].To,
			RTOBreachAt: Forever, MTPDBreachAt: Forever,
			Cause: make([]string, 0, r.causeEnd[v]-r.causeAt[v]),
		}
		for _, req := range r.causes[r.causeAt[v]:r.causeEnd[v]] {
			ci.Cause = append(ci.Cause, r.cause(req))
		}
		for _, iv := range d {
			ci.Downtime = SatAdd(ci.Downtime, SatSub(iv.To, iv.From))
		}
		ci.setObjectives(m.InForce(int(v)))
		if len(m.fallbacksOf(v)) > 0 {
			ci.Capacity = m.capacity(v, d, r.down)
		}
		out.Components = append(out.Components, ci)
	}
}

// cause names a reason to be down: "disrupted", a required component's id
// or a group's name.
func (r *simRun) cause(req int32) string {
	if req < 0 {
		return "disrupted"
	}
	q := r.m.reqs[req]
	if q.depKind() == Requires {
		return r.m.comps[q.target].ID
	}
	return r.m.groupName(q)
}

// sample returns ceil(fraction × len(xs)) of xs: the ids sorted, shuffled
// by a PCG generator seeded with seed, the first ones taken. Rounding up
// errs on the side of more disruption.
func (m *Model) sample(xs []int32, fraction float64, seed uint64) []int32 {
	xs = slices.Clone(xs)
	m.sortByID(xs)
	k := int(math.Ceil(fraction * float64(len(xs))))
	r := rand.New(rand.NewPCG(seed, 0x5ca1ab1e))
	r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	return xs[:min(k, len(xs))]
}

// ImpactDiff is one component whose fate differs between two scenarios;
// A or B is nil where it is never down.
type ImpactDiff struct {
	ID   string
	A, B *ComponentImpact
}

// CompareImpacts lists the components whose fate differs between two
// simulations (down in one only, or down at other times, or breaching in
// one only), sorted by id: "what does the second ISP buy us?"
func CompareImpacts(a, b *Impact) []ImpactDiff {
	var out []ImpactDiff
	i, j := 0, 0
	for i < len(a.Components) || j < len(b.Components) {
		switch {
		case j == len(b.Components) || (i < len(a.Components) && a.Components[i].ID < b.Components[j].ID):
			out = append(out, ImpactDiff{ID: a.Components[i].ID, A: &a.Components[i]})
			i++
		case i == len(a.Components) || b.Components[j].ID < a.Components[i].ID:
			out = append(out, ImpactDiff{ID: b.Components[j].ID, B: &b.Components[j]})
			j++
		default:
			x, y := &a.Components[i], &b.Components[j]
			if !slices.Equal(x.Down, y.Down) || x.RTOBreached != y.RTOBreached || x.MTPDBreached != y.MTPDBreached || !slices.Equal(x.Capacity, y.Capacity) {
				out = append(out, ImpactDiff{ID: x.ID, A: x, B: y})
			}
			i, j = i+1, j+1
		}
	}
	return out
}

// setObjectives records the objectives in force and when the down periods
// breach them.
func (ci *ComponentImpact) setObjectives(f InForce) {
	if f.RTO != Forever {
		ci.RTO, ci.RTODerived = f.RTO, f.RTODerived
		ci.RTOBreached, ci.RTOBreachAt = breach(ci.Down, f.RTO)
	}
	if f.MTPD != Forever {
		ci.MTPD, ci.MTPDDerived = f.MTPD, f.MTPDDerived
		ci.MTPDBreached, ci.MTPDBreachAt = breach(ci.Down, f.MTPD)
	}
}

// HasRTO reports whether the component has an RTO in force.
func (ci *ComponentImpact) HasRTO() bool { return ci.RTO > 0 || ci.RTODerived }

// HasMTPD reports whether the component has an MTPD in force.
func (ci *ComponentImpact) HasMTPD() bool { return ci.MTPD > 0 || ci.MTPDDerived }

// breach returns whether some down period lasts longer than limit, and when
// the first such period passes it.
func breach(d intervals, limit time.Duration) (bool, time.Duration) {
	for _, iv := range d {
		if iv.To == Forever || iv.To-iv.From > limit {
			// A component never back misses its objective even when the
			// deadline is beyond the last countable time (Forever).
			return true, SatAdd(iv.From, limit)
		}
	}
	return false, Forever
}

// groupName is formatGroup made once per group: concurrent first calls
// may each format it, and store equal names.
func (m *Model) groupName(r requirement) string {
	slot := &m.groupNames[r.target]
	if name := slot.Load(); name != nil {
		return *name
	}
	name := m.formatGroup(r)
	slot.Store(&name)
	return name
}

// formatGroup renders a redundancy group as causes and paths show it.
func (m *Model) formatGroup(r requirement) string {
	ids := make([]string, 0, len(m.groupMembers(r)))
	for _, x := range m.groupMembers(r) {
		ids = append(ids, m.comps[x].ID)
	}
	if r.depKind() == AnyOf {
		return "anyOf(" + strings.Join(ids, ",") + ")"
	}
	return fmt.Sprintf("atLeast %d of (%s)", m.groupNeed(r), strings.Join(ids, ","))
}

// capacity works out the capacity of component v over its down periods: a
// fallback works from Activation after the component goes down, for at most
// MaxDuration, while everything it requires is up; the best working fallback
// sets the capacity.
func (m *Model) capacity(v int32, d intervals, down []intervals) []CapacityPeriod {
	type window struct {
		iv       Interval
		capacity float64
		name     string
	}
	var out []CapacityPeriod
	for _, span := range d {
		var ws []window
		for _, f := range m.fallbacksOf(v) {
			from := SatAdd(span.From, f.Activation)
			if from >= span.To {
				continue
			}
			to := span.To
			if f.MaxDuration > 0 {
				to = min(to, SatAdd(from, f.MaxDuration))
			}
			active := intervals{{from, to}}
			for _, x := range f.requires {
				active = intersect(active, complementWithin(down[x], from, to))
			}
			for _, iv := range active {
				ws = append(ws, window{iv, f.Capacity, f.Name})
			}
		}
		cuts := []time.Duration{span.From, span.To}
		for _, w := range ws {
			cuts = append(cuts, w.iv.From, w.iv.To)
		}
		sort.Slice(cuts, func(i, j int) bool { return cuts[i] < cuts[j] })
		for k := 0; k+1 < len(cuts); k++ {
			from, to := cuts[k], cuts[k+1]
			if from == to || from < span.From || to > span.To {
				continue
			}
			best := CapacityPeriod{From: from, To: to}
			for _, w := range ws {
				if w.iv.From <= from && to <= w.iv.To && w.capacity > best.Capacity {
					best.Capacity, best.Fallback = w.capacity, w.name
				}
			}
			if l := len(out); l > 0 && out[l-1].To == from && out[l-1].Capacity == best.Capacity && out[l-1].Fallback == best.Fallback {
				out[l-1].To = to
				continue
			}
			out = append(out, best)
		}
	}
	return out
}

// Component returns the impact on one component, or nil if it is never down.
func (im *Impact) Component(id string) *ComponentImpact {
	i := sort.Search(len(im.Components), func(i int) bool { return im.Components[i].ID >= id })
	if i < len(im.Components) && im.Components[i].ID == id {
		return &im.Components[i]
	}
	return nil
}

// JSONSeconds renders a time or duration as the JSON output does: whole
// seconds, or nil (null) for Forever.
func JSONSeconds(d time.Duration) *int64 {
	if d == Forever {
		return nil
	}
	s := Seconds(d)
	return &s
}

// JSONOptionalSeconds is JSONSeconds for an objective or limit that may be
// unset: nil (JSON null) when d is 0.
func JSONOptionalSeconds(d time.Duration) *int64 {
	if d == 0 {
		return nil
	}
	return JSONSeconds(d)
}

// objectiveJSON writes an objective in force: null when none, where a
// derived 0 is an objective.
func objectiveJSON(d time.Duration, derived bool) *int64 {
	if derived {
		return JSONSeconds(d)
	}
	return JSONOptionalSeconds(d)
}

type intervalJSON struct {
	From int64  `json:"from"`
	To   *int64 `json:"to"`
}

func intervalsJSON(in []Interval) []intervalJSON {
	out := make([]intervalJSON, len(in))
	for i, iv := range in {
		out[i] = intervalJSON{Seconds(iv.From), JSONSeconds(iv.To)}
	}
	return out
}

// MarshalJSON writes the stable JSON form: times and durations in whole
// seconds from the scenario start, null for never.
func (c ComponentImpact) MarshalJSON() ([]byte, error) {
	type capJSON struct {
		From     int64   `json:"from"`
		To       *int64  `json:"to"`
		Capacity float64 `json:"capacity"`
		Fallback string  `json:"fallback,omitempty"`
	}
	var caps []capJSON
	for _, p := range c.Capacity {
		caps = append(caps, capJSON{Seconds(p.From), JSONSeconds(p.To), p.Capacity, p.Fallback})
	}
	return json.Marshal(struct {
		ID           string         `json:"id"`
		Kind         Kind           `json:"kind"`
		Tier         int            `json:"tier,omitempty"`
		Disrupted    bool           `json:"disrupted"`
		DownAt       int64          `json:"downAt"`
		UpAt         *int64         `json:"upAt"`
		Downtime     *int64         `json:"downtime"`
		Down         []intervalJSON `json:"down"`
		RTO          *int64         `json:"rto,omitempty"`
		RTODerived   bool           `json:"rtoDerived,omitempty"`
		RTOBreached  bool           `json:"rtoBreached"`
		RTOBreachAt  *int64         `json:"rtoBreachAt,omitempty"`
		MTPD         *int64         `json:"mtpd,omitempty"`
		MTPDDerived  bool           `json:"mtpdDerived,omitempty"`
		MTPDBreached bool           `json:"mtpdBreached"`
		MTPDBreachAt *int64         `json:"mtpdBreachAt,omitempty"`
		Capacity     []capJSON      `json:"capacity,omitempty"`
		Cause        []string       `json:"cause"`
	}{
		c.ID, c.Kind, c.Tier, c.Disrupted, Seconds(c.DownAt), JSONSeconds(c.UpAt), JSONSeconds(c.Downtime), intervalsJSON(c.Down),
		objectiveJSON(c.RTO, c.RTODerived), c.RTODerived, c.RTOBreached, JSONSeconds(c.RTOBreachAt),
		objectiveJSON(c.MTPD, c.MTPDDerived), c.MTPDDerived, c.MTPDBreached, JSONSeconds(c.MTPDBreachAt), caps, c.Cause,
	})
}

// MarshalJSON writes the stable JSON form (schema/output.schema.json).
func (im *Impact) MarshalJSON() ([]byte, error) {
	comps := im.Components
	if comps == nil {
		comps = []ComponentImpact{}
	}
	dis := im.Disrupted
	if dis == nil {
		dis = []string{}
	}
	return json.Marshal(struct {
		Scenario   string            `json:"scenario"`
		Name       string            `json:"name,omitempty"`
		Disrupted  []string          `json:"disrupted"`
		Components []ComponentImpact `json:"components"`
	}{im.Scenario, im.Name, dis, comps})
}
