package recovery

import (
	"container/heap"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// Options configures Plan. The zero value is the default policy.
type Options struct {
	// Priority is an expr expression evaluated for each step; steps with a
	// lower value are placed first. It sees the component's fields (as
	// rules do) and deadline (the earliest RTO deadline of the services the
	// step serves, as a duration from the scenario start; a year when none),
	// tail (the step's duration plus the longest chain of steps waiting for
	// it) and duration. Default: deadline - tail, which favours the most
	// urgent and then the longest remaining work.
	Priority string
	// ExhaustiveUpTo: with at most this many steps, every priority order is
	// tried and the best schedule kept: fewest steps finishing after their
	// deadline, then the smallest sum of finish times. 0 means 7; negative
	// disables.
	ExhaustiveUpTo int
}

// Plan is a recovery schedule for a scenario.
type Plan struct {
	Scenario string
	// Steps sorted by start, then id.
	Steps []Step
	// Services are the services the scenario takes down, sorted by id.
	Services []ServiceRestore
	// Unrecoverable are components that cannot be brought back: no
	// strategy, or waiting for something that cannot.
	Unrecoverable []Unrecoverable
	// Makespan is when the last step finishes; LowerBound is a bound no
	// schedule can beat (longest chain of steps, and each team's work
	// divided by its capacity), to show how far from optimal this one can be.
	Makespan, LowerBound time.Duration
	// Teams lists each team's load; Bottleneck is the team whose waiting
	// steps delayed the schedule most ("" when none did).
	Teams      []TeamLoad
	Bottleneck string
	// Exhaustive is set when every priority order was tried.
	Exhaustive bool
}

// Step is one recovery action.
type Step struct {
	ID       string
	Team     string
	Strategy string
	Start    time.Duration
	Finish   time.Duration
	// Deadline is the earliest RTO deadline of the services the step serves
	// (from the scenario start; a year when none has an RTO).
	Deadline time.Duration
	// Needs are the components that had to be up before the step started.
	Needs []string
	// WaitedFor explains the start: "disruption", "needs X" or "team T".
	WaitedFor string
}

// ServiceRestore is when a service is restored under the plan.
type ServiceRestore struct {
	ID string
	// DownAt and RestoredAt from the re-simulated scenario; RestoredAt is
	// Forever when it is not restored.
	DownAt, RestoredAt time.Duration
	RTO                time.Duration
	// Met reports that no down period exceeds the RTO; nil without an RTO.
	Met *bool
	// CriticalPath is the chain of steps that decided RestoredAt, last
	// step first, following what each step waited for.
	CriticalPath []string
}

// Unrecoverable is a component the plan cannot bring back, and why.
type Unrecoverable struct {
	ID, Reason string
}

// TeamLoad is one team's work in the plan.
type TeamLoad struct {
	ID       string
	Capacity int
	Steps    int
	Work     time.Duration
	// Delay is the total time steps waited for this team after everything
	// they needed was up.
	Delay time.Duration
}

// PriorityEnv is what the Priority expression sees.
type PriorityEnv struct {
	bcp.Env
	Deadline time.Duration `expr:"deadline"`
	Tail     time.Duration `expr:"tail"`
	Duration time.Duration `expr:"duration"`
}

const defaultPriority = "deadline - tail"

// noDeadline stands for services without an RTO: a year after the start.
const noDeadline = 365 * 24 * time.Hour

// req is a precondition of a step or a component: one component, or
// need-of-members up.
type req struct {
	members []int32
	need    int // how many members must be up
}

type planner struct {
	m        *bcp.Model
	n        int
	reqs     [][]req // requirements of every component
	stepOf   []int   // step index of each component, -1 if none
	steps    []*step
	finite   []time.Duration // end of finite disruptions (0: none)
	up       []time.Duration
	upStamp  []int32 // up[x] is valid when upStamp[x] == stamp
	stamp    int32
	placed   []bool
	services []int
	targets  [][]int32 // per disruption, the components it takes down
}

type step struct {
	comp      int
	team      string
	capacity  int
	strategy  bcp.Strategy
	release   time.Duration // when its disruption started
	needs     []req         // requirements and strategy preconditions
	needIDs   []string
	dependsOn []int // steps it waits for, through components without steps
	waiters   []int // steps that wait for it
	deadline  time.Duration
	tail      time.Duration
	priority  float64
	start     time.Duration
	finish    time.Duration
	waited    string
	waitedBy  int // the step whose finish decided the start, -1 if none
	dead      string
}

// Schedule plans the recovery of a model scenario.
func Schedule(m *bcp.Model, scenario string, opts Options) (*Plan, error) {
	sc, ok := m.Scenario(scenario)
	if !ok {
		_, err := m.ImpactOf(scenario) // the error lists the scenarios
		return nil, err
	}
	// Only services' impact is read; skipping the others' reports halves
	// the cost when most of a large model is down.
	comps := m.Components()
	services := func(i int) bool { return comps[i].Kind == bcp.KindService }
	im, err := m.ImpactOfOnly(scenario, services)
	if err != nil {
		return nil, err
	}
	targets := im.TargetIndices()
	p := newPlanner(m)
	for di, d := range sc.Disrupt {
		for _, x32 := range targets[di] {
			x := int(x32)
			if d.For == 0 {
				p.addStep(x, d.At)
			} else {
				p.finite[x] = max(p.finite[x], d.At+d.For)
			}
		}
	}
	p.linkSteps()
	p.targets = targets
	if err := p.prioritise(im, opts.Priority); err != nil {
		return nil, err
	}
	limit := opts.ExhaustiveUpTo
	if limit == 0 {
		limit = 7
	}
	exhaustive := len(p.steps) > 0 && len(p.steps) <= limit
	if exhaustive {
		p.generateScan(p.bestOrder())
	} else {
		p.generate(p.priorityOrder())
	}
	out, err := p.report(sc, im, exhaustive, services)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func newPlanner(m *bcp.Model) *planner {
	n := m.Len()
	p := &planner{m: m, n: n, reqs: make([][]req, n), stepOf: make([]int, n), finite: make([]time.Duration, n)}
	comps := m.Components()
	for i := 0; i < n; i++ {
		p.stepOf[i] = -1
		c := &comps[i]
		rs := m.Requirements(i)
		p.reqs[i] = make([]req, len(rs))
		for k, r := range rs {
			p.reqs[i][k] = req{members: r.Members, need: r.Need}
		}

		if c.Kind == bcp.KindService {
			p.services = append(p.services, i)
		}
	}
	return p
}

func (p *planner) addStep(x int, at time.Duration) {
	if s := p.stepOf[x]; s >= 0 {
		p.steps[s].release = max(p.steps[s].release, at)
		return
	}
	c := p.m.Components()[x]
	st := &step{comp: x, release: at, waitedBy: -1, needs: slices.Clone(p.reqs[x])}
	switch {
	case c.Recovery == nil || len(c.Recovery.Strategies) == 0:
		st.dead = "no recovery strategy"
	default:
		st.strategy = c.Recovery.Strategies[0]
		for _, s := range c.Recovery.Strategies[1:] {
			if s.Time < st.strategy.Time {
				st.strategy = s
			}
		}
		for _, id := range st.strategy.Requires {
			y, _ := p.m.Index(id)
			st.needs = append(st.needs, req{members: []int32{int32(y)}, need: 1})
		}
		st.team = c.Recovery.Team
	}
	if st.team == "" {
		st.team = c.Owner
	}
	if st.team == "" {
		st.team = "unassigned"
	}
	st.capacity = 1
	if t, ok := p.m.Team(st.team); ok && t.Capacity > 0 {
		st.capacity = t.Capacity
	}
	for _, r := range st.needs {
		for _, y := range r.members {
			st.needIDs = append(st.needIDs, p.m.ID(int(y)))
		}
	}
	slices.Sort(st.needIDs)
	st.needIDs = slices.Compact(st.needIDs)
	p.stepOf[x] = len(p.steps)
	p.steps = append(p.steps, st)
}

// linkSteps finds, for each step, the steps it waits for: those met going
// down its needs through components that have no step of their own.
func (p *planner) linkSteps() {
	below := map[int][]int{} // steps under a component without a step
	visiting := make([]bool, p.n)
	var under func(x int) []int
	under = func(x int) []int {
		if s := p.stepOf[x]; s >= 0 {
			return []int{s}
		}
		if r, ok := below[x]; ok {
			return r
		}
		if visiting[x] {
			return nil
		}
		visiting[x] = true
		var out []int
		for _, r := range p.reqs[x] {
			for _, y := range r.members {
				out = append(out, under(int(y))...)
			}
		}
		visiting[x] = false
		slices.Sort(out)
		out = slices.Compact(out)
		below[x] = out
		return out
	}
	for si, st := range p.steps {
		var deps []int
		for _, r := range st.needs {
			for _, y := range r.members {
				if s := p.stepOf[y]; s >= 0 {
					deps = append(deps, s)
				} else {
					deps = append(deps, under(int(y))...)
				}
			}
		}
		slices.Sort(deps)
		deps = slices.Compact(deps)
		deps = slices.DeleteFunc(deps, func(d int) bool { return d == si })
		st.dependsOn = deps
		for _, d := range deps {
			p.steps[d].waiters = append(p.steps[d].waiters, si)
		}
	}
}

// prioritise computes deadlines, tails and the priority of every step.
func (p *planner) prioritise(im *bcp.Impact, src string) error {
	m := p.m
	// Deadline: the earliest RTO deadline among the services that are down
	// and depend, directly or not, on the step's component: one pass from
	// dependents to dependencies.
	deadline := make([]time.Duration, p.n)
	for i := range deadline {
		deadline[i] = noDeadline
	}
	for _, x := range p.services {
		c := m.Components()[x]
		if ci := im.Component(c.ID); ci != nil {
			limit := c.Objectives.RTO
			if limit == 0 {
				limit = c.Objectives.MTPD
			}
			if limit > 0 {
				deadline[x] = ci.DownAt + limit
			}
		}
	}
	order := p.topo()
	for k := len(order) - 1; k >= 0; k-- {
		x := order[k]
		for _, r := range p.reqs[x] {
			for _, y := range r.members {
				deadline[y] = min(deadline[y], deadline[x])
			}
		}
	}
	for _, st := range p.steps {
		st.deadline = deadline[st.comp]
	}
	// Tail: longest chain of work from the step on (steps form a DAG unless
	// preconditions are cyclic; cycles are cut here and reported later).
	state := make([]int8, len(p.steps))
	var tail func(s int) time.Duration
	tail = func(s int) time.Duration {
		st := p.steps[s]
		if state[s] == 2 || state[s] == 1 {
			return st.tail
		}
		state[s] = 1
		var longest time.Duration
		for _, w := range st.waiters {
			longest = max(longest, tail(w))
		}
		st.tail = st.strategy.Time + longest
		state[s] = 2
		return st.tail
	}
	for s := range p.steps {
		tail(s)
	}
	if src == "" {
		src = defaultPriority
	}
	prog, err := expr.Compile(src, expr.Env(PriorityEnv{}), expr.MaxNodes(bcp.DefaultMaxExprNodes))
	if err != nil {
		return fmt.Errorf("recovery priority %q: %w", src, err)
	}
	var v vm.VM
	v.MemoryBudget = bcp.DefaultExprMemoryLimit
	graph := strings.Contains(src, "dependencies") || strings.Contains(src, "dependents")
	for _, st := range p.steps {
		env := m.EnvAt(st.comp)
		if graph {
			env, _ = m.EnvOf(m.ID(st.comp))
		}
		out, err := v.Run(prog, PriorityEnv{Env: env, Deadline: st.deadline, Tail: st.tail, Duration: st.strategy.Time})
		if err != nil {
			return fmt.Errorf("recovery priority %q on %q: %w", src, m.ID(st.comp), err)
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

// topo orders components so that each comes after everything it requires.
func (p *planner) topo() []int {
	pending := make([]int, p.n)
	users := make([][]int, p.n)
	for x := 0; x < p.n; x++ {
		for _, r := range p.reqs[x] {
			for _, y := range r.members {
				users[y] = append(users[y], x)
				pending[x]++
			}
		}
	}
	order := make([]int, 0, p.n)
	for x := 0; x < p.n; x++ {
		if pending[x] == 0 {
			order = append(order, x)
		}
	}
	for h := 0; h < len(order); h++ {
		for _, u := range users[order[h]] {
			pending[u]--
			if pending[u] == 0 {
				order = append(order, u)
			}
		}
	}
	return order
}

// priorityOrder lists steps by priority, then id.
func (p *planner) priorityOrder() []int {
	order := make([]int, len(p.steps))
	for i := range order {
		order[i] = i
	}
	ids := make([]string, len(p.steps))
	for i, st := range p.steps {
		ids[i] = p.m.ID(st.comp)
	}
	slices.SortFunc(order, func(a, b int) int {
		x, y := p.steps[a], p.steps[b]
		switch {
		case x.priority < y.priority:
			return -1
		case x.priority > y.priority:
			return 1
		}
		return strings.Compare(ids[a], ids[b])
	})
	return order
}

// generate places steps by serial schedule generation: repeatedly the first
// step in order whose awaited steps are placed goes at the earliest time its
// needs are up and its team has room.
func (p *planner) generate(order []int) {
	p.reset()
	rank := make([]int, len(p.steps))
	for r, s := range order {
		rank[s] = r
	}
	pending := make([]int, len(p.steps))
	h := &stepHeap{rank: rank}
	for s, st := range p.steps {
		pending[s] = len(st.dependsOn)
		if pending[s] == 0 {
			heap.Push(h, s)
		}
	}
	lanes := map[string][][]span{}
	for h.Len() > 0 {
		s := heap.Pop(h).(int)
		p.place(s, lanes)
		for _, w := range p.steps[s].waiters {
			pending[w]--
			if pending[w] == 0 {
				heap.Push(h, w)
			}
		}
	}
	p.markStuck()
}

// generateScan places, each time, the first step in order that can start:
// slower than generate, but it can place a step that needs one member of a
// redundancy group before the other members' steps, so trying every order
// with it reaches every active schedule. Used for small instances.
func (p *planner) generateScan(order []int) {
	p.reset()
	lanes := map[string][][]span{}
	for {
		progressed := false
		for _, s := range order {
			st := p.steps[s]
			if p.placed[s] || st.dead != "" {
				continue
			}
			p.forget()
			if ready, _, _ := p.ready(st); ready == bcp.Forever {
				continue
			}
			p.place(s, lanes)
			progressed = true
			break
		}
		if !progressed {
			break
		}
	}
	p.forget()
	for s, st := range p.steps {
		if !p.placed[s] && st.dead == "" {
			_, _, reason := p.ready(st)
			st.dead = "waits for " + strings.TrimPrefix(reason, "needs ") + ", which cannot be recovered"
			p.placed[s] = true
		}
	}
	p.markStuck()
}

func (p *planner) reset() {
	p.placed = make([]bool, len(p.steps))
	p.forget()
	for _, st := range p.steps {
		st.start, st.finish, st.waited, st.waitedBy = 0, 0, "", -1
		if st.dead != "no recovery strategy" {
			st.dead = ""
		}
	}
}

// ready is when a step's needs are all up, with the reason and the step
// behind the latest need.
func (p *planner) ready(st *step) (time.Duration, int, string) {
	ready, by, reason := st.release, -1, "disruption"
	for _, r := range st.needs {
		if t := p.reqUp(r); t > ready {
			ready, reason = t, "needs "+p.m.ID(p.lastMember(r))
			by = p.stepBehind(p.lastMember(r))
		}
	}
	return ready, by, reason
}

// place puts step s at the earliest time its needs are up and its team has
// a free slot.
func (p *planner) place(s int, lanes map[string][][]span) {
	st := p.steps[s]
	p.placed[s] = true
	if st.dead != "" {
		return
	}
	ready, by, reason := p.ready(st)
	if ready == bcp.Forever {
		st.dead = "waits for " + strings.TrimPrefix(reason, "needs ") + ", which cannot be recovered"
		return
	}
	ls := lanes[st.team]
	if ls == nil {
		ls = make([][]span, st.capacity)
	}
	start, lane := earliest(ls, ready, st.strategy.Time)
	ls[lane] = insertSpan(ls[lane], span{start, start + st.strategy.Time})
	lanes[st.team] = ls
	st.start, st.finish = start, start+st.strategy.Time
	st.waited, st.waitedBy = reason, by
	if start > ready {
		st.waited, st.waitedBy = "team "+st.team, -1
	}
}

// markStuck reports steps never placed: their needs wait for each other.
func (p *planner) markStuck() {
	for s, st := range p.steps {
		if !p.placed[s] && st.dead == "" {
			st.dead = "preconditions wait for each other in a cycle"
		}
	}
	p.forget()
}

// upAt is when component x is up for good under the steps placed so far:
// its own step's finish, or when its finite disruption and its
// requirements are over. Tolerances are not counted: a step waits until
// what it needs is really back.
func (p *planner) upAt(x int) time.Duration {
	if p.upStamp[x] == p.stamp {
		return p.up[x]
	}
	var t time.Duration
	if s := p.stepOf[x]; s >= 0 {
		if st := p.steps[s]; st.dead != "" || !p.placed[s] {
			t = bcp.Forever
		} else {
			t = st.finish
		}
	} else {
		t = p.finite[x]
		for _, r := range p.reqs[x] {
			t = max(t, p.reqUp(r))
		}
	}
	p.up[x], p.upStamp[x] = t, p.stamp
	return t
}

// forget invalidates every memoised up time.
func (p *planner) forget() {
	if p.up == nil {
		p.up = make([]time.Duration, p.n)
		p.upStamp = make([]int32, p.n)
	}
	p.stamp++
}

// reqUp is when a requirement holds for good: the need-th earliest of its
// members' up times.
func (p *planner) reqUp(r req) time.Duration {
	_, t := p.decisive(r)
	return t
}

// lastMember is the member whose recovery decides a requirement.
func (p *planner) lastMember(r req) int {
	x, _ := p.decisive(r)
	return x
}

// decisive returns the member whose up time is the need-th earliest, and
// that time, without allocating for the usual small groups.
func (p *planner) decisive(r req) (int, time.Duration) {
	if len(r.members) == 1 {
		x := int(r.members[0])
		return x, p.upAt(x)
	}
	var buf [16]int
	ms := buf[:0]
	if len(r.members) > len(buf) {
		ms = make([]int, 0, len(r.members))
	}
	for _, x := range r.members {
		ms = append(ms, int(x))
	}
	// Insertion sort by up time, stable: groups are small.
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && p.upAt(ms[j]) < p.upAt(ms[j-1]); j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
	x := ms[r.need-1]
	return x, p.upAt(x)
}

// stepBehind is the step whose finish makes x up, following the latest
// requirement through components without steps.
func (p *planner) stepBehind(x int) int {
	for {
		if s := p.stepOf[x]; s >= 0 {
			return s
		}
		next, latest := -1, time.Duration(-1)
		for _, r := range p.reqs[x] {
			if t := p.reqUp(r); t > latest {
				latest, next = t, p.lastMember(r)
			}
		}
		if next < 0 || latest <= p.finite[x] {
			return -1
		}
		x = next
	}
}

type span struct{ from, to time.Duration }

// earliest finds the first start at or after t where some lane of the team
// is free for d, and the lane.
func earliest(lanes [][]span, t, d time.Duration) (time.Duration, int) {
	best, bestLane := bcp.Forever, 0
	for li, l := range lanes {
		at := t
		i := sort.Search(len(l), func(i int) bool { return l[i].to > at })
		for ; i < len(l); i++ {
			if l[i].from >= at+d {
				break
			}
			at = max(at, l[i].to)
		}
		if at < best {
			best, bestLane = at, li
		}
	}
	return best, bestLane
}

func insertSpan(l []span, s span) []span {
	i := sort.Search(len(l), func(i int) bool { return l[i].from > s.from })
	return slices.Insert(l, i, s)
}

type stepHeap struct {
	items []int
	rank  []int
}

func (h *stepHeap) Len() int           { return len(h.items) }
func (h *stepHeap) Less(a, b int) bool { return h.rank[h.items[a]] < h.rank[h.items[b]] }
func (h *stepHeap) Swap(a, b int)      { h.items[a], h.items[b] = h.items[b], h.items[a] }
func (h *stepHeap) Push(x any)         { h.items = append(h.items, x.(int)) }
func (h *stepHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}
