package recovery

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/internal/poll"
)

// waitKind says what decided a step's start.
type waitKind uint8

const (
	waitDisruption waitKind = iota
	waitNeed
	waitTeam
)

// deadKind says why a step cannot be done.
type deadKind uint8

const (
	alive deadKind = iota
	noStrategy
	waitsForLost
	inCycle
)

// step is the planner's view of one component to recover. Steps are kept
// by value and refer to components, teams and other steps by index, so that
// a plan of 100k steps costs a few large allocations rather than many.
type step struct {
	comp     int32
	team     int32
	strategy *bcp.Strategy // the model's own
	// needs are the component's requirements and the strategy's
	// preconditions.
	needs    []bcp.Requirement
	release  time.Duration // when its disruption started
	dur      time.Duration
	deadline time.Duration
	tail     time.Duration
	priority float64
	start    time.Duration
	finish   time.Duration
	readyAt  time.Duration // when its needs were up
	wait     waitKind
	waitComp int32 // the member it waited for (waitNeed)
	waitedBy int32 // the step whose finish decided the start, -1 if none
	dead     deadKind
	deadComp int32 // the need that cannot be recovered (waitsForLost)
}

type teamInfo struct {
	id       string
	capacity int32
}

type planner struct {
	m *bcp.Model
	n int
	// ctx ends the plan early: loops check it through pl (stopped), and
	// the first error stays in err.
	ctx context.Context
	pl  *poll.Poll
	err error
	// Requirements of component x are reqs[reqStart[x]:reqStart[x+1]].
	reqStart []int32
	reqs     []bcp.Requirement
	// sc holds the per-component arrays below, pooled between plans.
	sc     *scratch
	stepOf []int32 // step of each component, -1 if none
	steps  []step
	finite []time.Duration // end of finite disruptions (0: none)
	cone   []bool          // brought down by a target, directly or not
	// coneList lists the cone (markCone).
	coneList []int32
	// up[x] is valid when upStamp[x] is stamp, or fixed (it does not
	// depend on any step).
	up      []time.Duration
	upStamp []int32
	stamp   int32
	fixed   int32
	noSteps []bool // no step under the component (set by linkSteps)
	placed  []bool
	targets [][]int32 // per disruption, the components it takes down
	teams   []teamInfo
	teamX   map[string]int32
	// The steps step s waits for are deps[depStart[s]:depStart[s+1]];
	// hard[k] is set when deps[k] must finish before s can start (it is
	// not one of several ways to meet a redundancy group).
	depStart []int32
	deps     []int32
	hard     []bool
	// The steps waiting for step s are waiters[waitStart[s]:waitStart[s+1]].
	waitStart []int32
	waiters   []int32
	profiles  [][]seg // per team, its use over time
}

// newPlanner returns a planner with its per-component arrays from the
// pool; release gives them back.
func newPlanner(m *bcp.Model, steps int) *planner {
	n := m.Len()
	sc := getScratch(n)
	p := &planner{m: m, n: n, sc: sc, stepOf: sc.stepOf, finite: sc.finite, cone: sc.cone, up: sc.up, upStamp: sc.upStamp,
		noSteps: sc.noSteps, steps: make([]step, 0, steps), teams: make([]teamInfo, 0, len(m.Teams())+1),
		teamX: make(map[string]int32, len(m.Teams())+1)}
	// Up times memoised by an earlier plan carry older stamps.
	p.fixed = sc.stamp + 1
	p.stamp = p.fixed + 1
	// The model's shared table: copying it for every plan cost more than
	// the planning when a few components are down in a large model.
	p.reqs, p.reqStart = m.Graph().RequirementTable()
	for _, t := range m.Teams() {
		p.team(t.ID)
	}
	return p
}

// stopped counts one unit of work and reports whether the plan's context
// has ended (the error is in p.err).
func (p *planner) stopped() bool {
	if p.err == nil {
		p.err = p.pl.Tick()
	}
	return p.err != nil
}

// release gives the planner's per-component arrays back to the pool; the
// planner must not be used after.
func (p *planner) release() {
	p.sc.stamp = p.stamp
	putScratch(p.sc)
	p.sc = nil
}

// markCone marks the components the targets bring down, directly or
// through what depends on them, walking up the model's reverse graph: the
// rest of the model is up throughout (up at 0, no deadline to pass on),
// so the plan's work is the cone, not the model.
func (p *planner) markCone() {
	deps, start := p.m.Graph().DependentTable()
	list := p.sc.touched
	from := len(list)
	for _, ts := range p.targets {
		for _, x := range ts {
			if !p.cone[x] {
				p.cone[x] = true
				list = append(list, x)
			}
		}
	}
	for i := from; i < len(list); i++ {
		x := list[i]
		for _, y := range deps[start[x]:start[x+1]] {
			if !p.cone[y] {
				p.cone[y] = true
				list = append(list, y)
			}
		}
	}
	p.sc.touched = list
	p.coneList = list[from:len(list):len(list)]
}

// reqsOf returns component x's requirements; appending to the result
// copies it.
func (p *planner) reqsOf(x int32) []bcp.Requirement {
	return p.reqs[p.reqStart[x]:p.reqStart[x+1]:p.reqStart[x+1]]
}

// team returns the index of the team with the given id, adding it (with
// capacity 1 unless the model says otherwise) on first use.
func (p *planner) team(id string) int32 {
	if k, ok := p.teamX[id]; ok {
		return k
	}
	capacity := int32(1)
	if t, ok := p.m.Team(id); ok && t.Capacity > 0 {
		capacity = int32(t.Capacity)
	}
	k := int32(len(p.teams))
	p.teams = append(p.teams, teamInfo{id: id, capacity: capacity})
	p.teamX[id] = k
	return k
}

// addStep adds the step that recovers component x, disrupted until
// recovered from at.
func (p *planner) addStep(x int32, at time.Duration) {
	if s := p.stepOf[x]; s >= 0 {
		p.steps[s].release = max(p.steps[s].release, at)
		return
	}
	c := &p.m.Components()[x]
	st := step{comp: x, release: at, needs: p.reqsOf(x), waitComp: -1, waitedBy: -1, deadComp: -1}
	team := c.Owner
	if c.Recovery == nil || len(c.Recovery.Strategies) == 0 {
		st.dead = noStrategy
	} else {
		p.useStrategy(&st, &c.Recovery.Strategies[fastest(c.Recovery.Strategies)])
		if c.Recovery.Team != "" {
			team = c.Recovery.Team
		}
	}
	if team == "" {
		team = "unassigned"
	}
	st.team = p.team(team)
	p.stepOf[x] = int32(len(p.steps))
	p.steps = append(p.steps, st)
}

// chooseStrategies picks, for each step with several strategies, the one
// that would finish first with unlimited teams given what the scenario
// takes down: the fastest, unless it waits for something that is down
// for longer (a resync from a node that is lost too). Only the cone can
// be down: the search runs on it, numbered densely, and takes the rest of
// the model as up from the start.
func (p *planner) chooseStrategies() {
	comps := p.m.Components()
	choice := false
	for s := range p.steps {
		if st := &p.steps[s]; st.dead == alive && len(comps[st.comp].Recovery.Strategies) > 1 {
			choice = true
			break
		}
	}
	if !choice {
		return
	}
	// In component order, as the ways of the whole model were: ties
	// between ways resolve alike. A cone of much of the model is searched
	// as the model, without the numbering.
	var cone, local []int32
	if len(p.coneList) > p.n/16 {
		cone = make([]int32, 0, p.n)
		for x := int32(0); x < int32(p.n); x++ {
			cone = append(cone, x)
		}
	} else {
		cone, local = slices.Clone(p.coneList), p.sc.local
		slices.Sort(cone)
	}
	size := len(cone)
	for i, x := range cone {
		if local != nil {
			local[x] = int32(i)
		}
		if s := p.stepOf[x]; s >= 0 && p.steps[s].dead == alive {
			size += len(comps[x].Recovery.Strategies) - 1
		}
	}
	ways := make([]way, 0, size)
	for _, x := range cone {
		if p.stopped() {
			return
		}
		s := p.stepOf[x]
		if s < 0 {
			ways = append(ways, way{comp: x, strategy: -1, base: p.finite[x]})
			continue
		}
		if st := &p.steps[s]; st.dead == alive {
			ways = strategyWays(ways, x, comps[x].Recovery.Strategies, st.release)
		}
	}
	_, chosen := earliestUp(p.m, p.reqsOf, ways, p.stopped, local, len(cone))
	if p.err != nil {
		return
	}
	for s := range p.steps {
		st := &p.steps[s]
		x := st.comp
		if local != nil {
			x = local[x]
		}
		if k := chosen[x]; st.dead == alive && k >= 0 {
			p.useStrategy(st, &comps[st.comp].Recovery.Strategies[k])
		}
	}
}

// useStrategy makes st recover its component with strategy sg.
func (p *planner) useStrategy(st *step, sg *bcp.Strategy) {
	st.strategy, st.dur = sg, sg.Time
	st.needs = p.reqsOf(st.comp)
	for _, id := range sg.Requires {
		y, _ := p.m.Index(id)
		st.needs = append(st.needs, bcp.Requirement{Kind: bcp.Requires, Members: []int32{int32(y)}, Need: 1})
	}
}

// dep is a step another step waits for, and whether it must finish first.
type dep struct {
	s    int32
	hard bool
}

// mergeDeps sorts deps by step and keeps one entry per step, hard when
// any path made it so.
func mergeDeps(ds []dep) []dep {
	slices.SortFunc(ds, func(a, b dep) int { return int(a.s - b.s) })
	out := ds[:0]
	for _, d := range ds {
		if n := len(out); n > 0 && out[n-1].s == d.s {
			out[n-1].hard = out[n-1].hard || d.hard
			continue
		}
		out = append(out, d)
	}
	return out
}

// linkSteps finds, for each step, the steps it waits for: those met going
// down its needs through components that have no step of their own.
func (p *planner) linkSteps() {
	below := map[int32][]dep{} // steps under a component without a step
	state := p.sc.linked
	var under func(x int32) []dep
	// collect appends the steps met going down reqs.
	collect := func(out []dep, reqs []bcp.Requirement) []dep {
		for _, r := range reqs {
			hard := r.Need == len(r.Members)
			for _, y := range r.Members {
				if s := p.stepOf[y]; s >= 0 {
					out = append(out, dep{s, hard})
					continue
				}
				for _, d := range under(y) {
					out = append(out, dep{d.s, d.hard && hard})
				}
			}
		}
		return mergeDeps(out)
	}
	under = func(x int32) []dep {
		if !p.cone[x] {
			return nil // no target below it, so no step
		}
		switch state[x] {
		case 1:
			return nil
		case 2:
			return below[x]
		}
		state[x] = 1
		p.sc.touched = append(p.sc.touched, x)
		out := collect(nil, p.reqsOf(x))
		state[x] = 2
		if len(out) > 0 {
			below[x] = out
		} else {
			p.noSteps[x] = true
		}
		return out
	}
	p.depStart = make([]int32, len(p.steps)+1)
	var buf []dep
	for si := range p.steps {
		if p.stopped() {
			return
		}
		p.depStart[si] = int32(len(p.deps))
		buf = collect(buf[:0], p.steps[si].needs)
		for _, d := range buf {
			if d.s != int32(si) {
				p.deps = append(p.deps, d.s)
				p.hard = append(p.hard, d.hard)
			}
		}
	}
	p.depStart[len(p.steps)] = int32(len(p.deps))
	p.waitStart = make([]int32, len(p.steps)+1)
	for _, d := range p.deps {
		p.waitStart[d+1]++
	}
	for s := range p.steps {
		p.waitStart[s+1] += p.waitStart[s]
	}
	p.waiters = make([]int32, len(p.deps))
	fill := slices.Clone(p.waitStart[:len(p.steps)])
	for s := range p.steps {
		for _, d := range p.deps[p.depStart[s]:p.depStart[s+1]] {
			p.waiters[fill[d]] = int32(s)
			fill[d]++
		}
	}
}

func (p *planner) waitersOf(s int32) []int32 { return p.waiters[p.waitStart[s]:p.waitStart[s+1]] }

// prioritise computes deadlines, tails and the priority of every step.
func (p *planner) prioritise(im *bcp.Impact, src string) error {
	if p.deadlines(im); p.err != nil {
		return p.err
	}
	// Tail: longest chain of work from the step on (steps form a DAG unless
	// preconditions are cyclic; cycles are cut here and reported later).
	state := make([]int8, len(p.steps))
	var tail func(s int32) time.Duration
	tail = func(s int32) time.Duration {
		st := &p.steps[s]
		if state[s] != 0 {
			return st.tail
		}
		state[s] = 1
		var longest time.Duration
		for _, w := range p.waitersOf(s) {
			longest = max(longest, tail(w))
		}
		st.tail = bcp.SatAdd(st.dur, longest)
		state[s] = 2
		return st.tail
	}
	for s := range p.steps {
		if p.stopped() {
			return p.err
		}
		tail(int32(s))
	}
	if src == "" || strings.TrimSpace(src) == defaultPriority {
		// The default needs no expression machine.
		for s := range p.steps {
			st := &p.steps[s]
			st.priority = float64(st.deadline - st.tail)
		}
		return nil
	}
	if err := p.evalPriority(src); err != nil {
		if p.err != nil {
			return p.err // the context ended
		}
		return &PriorityError{Priority: src, Err: err}
	}
	return nil
}

// PriorityError is an Options.Priority that does not compile (Err is then
// a *bcp.Problem with the column in the expression) or fails on a step.
// Its message is Err's.
type PriorityError struct {
	Priority string
	Err      error
}

// Error returns Err's message.
func (e *PriorityError) Error() string { return e.Err.Error() }

// Unwrap returns Err.
func (e *PriorityError) Unwrap() error { return e.Err }

// evalPriority sets every step's priority from the expression src.
func (p *planner) evalPriority(src string) error {
	m := p.m
	prog, err := m.CompileExpression(src, PriorityEnv{}, "recovery priority")
	if err != nil {
		return err
	}
	graph := strings.Contains(src, "dependencies") || strings.Contains(src, "dependents")
	for s := range p.steps {
		if p.stopped() {
			return p.err
		}
		st := &p.steps[s]
		env := m.Graph().EnvAt(int(st.comp))
		if graph {
			env, _ = m.EnvOf(m.ID(int(st.comp)))
		}
		out, err := prog.Eval(PriorityEnv{Env: env, Deadline: st.deadline, Tail: st.tail, Duration: st.dur})
		if err != nil {
			return fmt.Errorf("recovery priority %q on %q: %w", src, m.ID(int(st.comp)), err)
		}
		switch x := out.(type) {
		case time.Duration:
			st.priority = float64(x)
		case int:
			st.priority = float64(x)
		case float64:
			st.priority = x
		default:
			return fmt.Errorf("recovery priority %q gives %T; it must give a number or a duration", src, out)
		}
	}
	return nil
}

// deadlines gives every component of the cone, and so every step, the
// earliest RTO deadline (MTPD when it has no RTO; both in force, as the
// impact reports them) among the services that are down and depend on it,
// directly or not; noDeadline when none. The search walks up the cone
// (what depends on a component of the cone is in it), each component
// once: the work is the incident's cone, not the model, which matters when
// an incident takes down a few components of a large one.
func (p *planner) deadlines(im *bcp.Impact) {
	deadline, done := p.sc.deadline, p.sc.dlDone
	for _, x := range p.sc.touched {
		deadline[x] = noDeadline
	}
	// The down services, from the impact: a large model has many services
	// and an incident takes down few. A deadline beyond noDeadline lowers
	// nothing, but a step recovering that very service keeps it.
	type late struct {
		x int32
		d time.Duration
	}
	var beyond []late
	idx := im.ComponentIndices()
	for k := range im.Components {
		ci := &im.Components[k]
		if ci.Kind != bcp.KindService {
			continue
		}
		x := idx[k]
		limit := ci.RTO
		if !ci.HasRTO() {
			limit = ci.MTPD
		}
		if !ci.HasRTO() && !ci.HasMTPD() {
			continue
		}
		if d := bcp.SatAdd(ci.DownAt, limit); d < noDeadline {
			deadline[x] = min(deadline[x], d)
		} else if d > noDeadline {
			beyond = append(beyond, late{x, d})
		}
	}
	deps, start := p.m.Graph().DependentTable()
	// earliest is x's deadline: its own or that of anything depending on
	// it. The model has no cycles, so the recursion ends.
	var earliest func(x int32) time.Duration
	earliest = func(x int32) time.Duration {
		if done[x] {
			return deadline[x]
		}
		d := deadline[x]
		for _, y := range deps[start[x]:start[x+1]] {
			d = min(d, earliest(y))
		}
		deadline[x], done[x] = d, true
		return d
	}
	for _, x := range p.sc.touched {
		if p.stopped() {
			return
		}
		if p.cone[x] {
			earliest(x)
		}
	}
	for _, b := range beyond {
		if deadline[b.x] == noDeadline {
			deadline[b.x] = b.d
		}
	}
	for s := range p.steps {
		p.steps[s].deadline = deadline[p.steps[s].comp]
	}
}

// priorityOrder lists steps by priority, then id.
func (p *planner) priorityOrder() []int32 {
	order := make([]int32, len(p.steps))
	rank := make([]int32, len(p.steps))
	for i := range order {
		order[i] = int32(i)
		rank[i] = int32(p.m.Graph().IDRank(int(p.steps[i].comp)))
	}
	slices.SortFunc(order, func(a, b int32) int {
		x, y := p.steps[a].priority, p.steps[b].priority
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return int(rank[a] - rank[b])
	})
	return order
}
