package recovery

import (
	"slices"
	"sort"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// generate places steps by serial schedule generation: repeatedly the
// first step in order whose needs are settled goes at the earliest time its
// needs are up and its team has room. A need is settled when enough of its
// members are settled to meet it (one of two for an anyOf), so a step
// behind a redundancy group does not wait for the slower members' steps to
// be placed.
func (p *planner) generate(order []int32) {
	p.reset()
	rank := make([]int32, len(p.steps))
	for r, s := range order {
		rank[s] = int32(r)
	}
	h := minHeap[int32]{less: func(a, b int32) bool { return rank[a] < rank[b] }}
	e := p.newEligibility(h.push)
	for h.len() > 0 && !p.stopped() {
		s := h.pop()
		// Up times only fall as steps are placed: refresh them.
		p.stamp++
		p.place(s)
		p.stamp++
		e.settle(p.steps[s].comp)
	}
	p.markStuck()
}

// eligibility tracks which components are settled: their up time is known
// from the steps placed so far. A component with a step is settled when the
// step is placed; one without when each of its requirements has enough
// members settled with a finite up time to hold, or all members settled.
// Only the cone can be unsettled (the rest is up from the start): its
// components are numbered densely (the planner's local), dependencies
// first, and the arrays below are by that number.
type eligibility struct {
	p        *planner
	ready    func(int32)
	local    []int32 // the cone's numbering, -1 outside it
	order    []int32 // the cone by its numbering
	settled  []bool
	pending  []int32 // per component, requirements not yet settled
	cntStart []int32 // per component, its counters
	counters []counter
	// Counters watching component y are watch[watchStart[y]:watchStart[y+1]].
	watchStart, watch []int32
	queue             []int32
}

// counter follows one requirement of a component not yet settled: members
// settled, members settled with a finite up time, how many are needed, how
// many there are, and the component.
type counter struct {
	done, finite, need, size, holder int32
}

// met reports that the requirement holds, or is final, with the members
// settled so far.
func (c *counter) met() bool { return c.finite >= c.need || c.done == c.size }

// holderReqs are what must hold for x to be settled: the step's needs, or
// the component's requirements.
func (p *planner) holderReqs(x int32) []bcp.Requirement {
	if s := p.stepOf[x]; s >= 0 {
		return p.steps[s].needs
	}
	return p.reqsOf(x)
}

// isSettled reports whether component y (a model index) is settled.
func (e *eligibility) isSettled(y int32) bool {
	l := e.local[y]
	return l < 0 || e.settled[l]
}

// coneOrder numbers the cone densely in p.sc.local, dependencies first,
// and returns it in that order.
func (p *planner) coneOrder() []int32 {
	local := p.sc.local
	for _, x := range p.coneList {
		local[x] = -1 // chooseStrategies may have numbered it otherwise
	}
	order := make([]int32, 0, len(p.coneList))
	if len(p.coneList) > p.n/16 {
		// Much of the model: its own order is cheaper than a search.
		for _, x := range p.m.Graph().TopologicalOrder() {
			if p.cone[x] {
				local[x] = int32(len(order))
				order = append(order, x)
			}
		}
		return order
	}
	var visit func(x int32)
	visit = func(x int32) {
		local[x] = -2 // visited
		for _, r := range p.reqsOf(x) {
			for _, y := range r.Members {
				if p.cone[y] && local[y] == -1 {
					visit(y)
				}
			}
		}
		order = append(order, x)
	}
	for _, x := range p.coneList {
		if local[x] == -1 {
			visit(x)
		}
	}
	for i, x := range order {
		local[x] = int32(i)
	}
	return order
}

func (p *planner) newEligibility(ready func(int32)) *eligibility {
	order := p.coneOrder()
	c := len(order)
	e := &eligibility{p: p, ready: ready, local: p.sc.local, order: order, settled: make([]bool, c), pending: make([]int32, c), cntStart: make([]int32, c+1)}
	// Components without steps settle at once when nothing below them waits
	// for a step; steps without a strategy settle at once (never up).
	for i, x := range order {
		if p.stopped() {
			return e
		}
		if s := p.stepOf[x]; s >= 0 {
			e.settled[i] = p.steps[s].dead == noStrategy
			continue
		}
		e.settled[i] = p.noSteps[x] || p.allSettled(e.isSettled, x)
	}
	// Counters for the others.
	for i, x := range order {
		e.cntStart[i] = int32(len(e.counters))
		if e.settled[i] {
			continue
		}
		for _, r := range p.holderReqs(x) {
			var done, fin int32
			for _, y := range r.Members {
				if e.isSettled(y) {
					done++
					if p.upAt(y) != bcp.Forever {
						fin++
					}
				}
			}
			c := counter{done, fin, int32(r.Need), int32(len(r.Members)), x}
			e.counters = append(e.counters, c)
			if !c.met() {
				e.pending[i]++
			}
		}
	}
	e.cntStart[c] = int32(len(e.counters))
	e.watchStart = make([]int32, c+1)
	e.each(func(y, _ int32) { e.watchStart[y+1]++ })
	for y := 0; y < c; y++ {
		e.watchStart[y+1] += e.watchStart[y]
	}
	e.watch = make([]int32, e.watchStart[c])
	fill := slices.Clone(e.watchStart[:c])
	e.each(func(y, c int32) {
		e.watch[fill[y]] = c
		fill[y]++
	})
	for s := range p.steps {
		if i := e.local[p.steps[s].comp]; !e.settled[i] && e.pending[i] == 0 {
			ready(int32(s))
		}
	}
	return e
}

// each calls fn for every unsettled member y (by its number) of every
// counter c.
func (e *eligibility) each(fn func(y, c int32)) {
	p := e.p
	for i := range e.settled {
		if e.settled[i] {
			continue
		}
		x := e.order[i]
		for k, r := range p.holderReqs(x) {
			for _, y := range r.Members {
				if !e.isSettled(y) {
					fn(e.local[y], e.cntStart[i]+int32(k))
				}
			}
		}
	}
}

// allSettled reports whether every requirement of x holds or is final with
// the members settled so far.
func (p *planner) allSettled(settled func(int32) bool, x int32) bool {
	for _, r := range p.reqsOf(x) {
		done, fin := 0, 0
		for _, y := range r.Members {
			if settled(y) {
				done++
				if p.upAt(y) != bcp.Forever {
					fin++
				}
			}
		}
		if fin < r.Need && done < len(r.Members) {
			return false
		}
	}
	return true
}

// settle records that component y's up time is known, and passes it on to
// what waits for it.
func (e *eligibility) settle(y int32) {
	e.queue = append(e.queue[:0], y)
	for len(e.queue) > 0 {
		y := e.queue[len(e.queue)-1]
		e.queue = e.queue[:len(e.queue)-1]
		ly := e.local[y]
		e.settled[ly] = true
		finite := e.p.upAt(y) != bcp.Forever
		for _, k := range e.watch[e.watchStart[ly]:e.watchStart[ly+1]] {
			c := &e.counters[k]
			was := c.met()
			c.done++
			if finite {
				c.finite++
			}
			if was || !c.met() {
				continue
			}
			x := c.holder
			lx := e.local[x]
			if e.pending[lx]--; e.pending[lx] > 0 {
				continue
			}
			if s := e.p.stepOf[x]; s >= 0 {
				e.ready(s)
			} else {
				e.queue = append(e.queue, x)
			}
		}
	}
}

// generateScan places, each time, the first step in order that can start:
// slower than generate, but with every order tried it reaches every active
// schedule. Used for small instances.
func (p *planner) generateScan(order []int32) {
	p.reset()
	for {
		progressed := false
		for _, s := range order {
			st := &p.steps[s]
			if p.placed[s] || st.dead != alive {
				continue
			}
			p.forget()
			if ready, _, _ := p.ready(st); ready == bcp.Forever {
				continue
			}
			p.place(s)
			progressed = true
			break
		}
		if !progressed {
			break
		}
	}
	p.forget()
	for s := range p.steps {
		if st := &p.steps[s]; !p.placed[s] && st.dead == alive {
			_, _, comp := p.ready(st)
			st.dead, st.deadComp = waitsForLost, comp
			p.placed[s] = true
		}
	}
	p.markStuck()
}

func (p *planner) reset() {
	// bestOrder resets for every order it tries: reuse the arrays.
	if p.placed == nil {
		p.placed = make([]bool, len(p.steps))
		p.profiles = make([][]seg, len(p.teams))
	}
	clear(p.placed)
	for t := range p.profiles {
		p.profiles[t] = p.profiles[t][:0]
	}
	p.forget()
	for s := range p.steps {
		st := &p.steps[s]
		st.start, st.finish, st.readyAt = 0, 0, 0
		st.wait, st.waitComp, st.waitedBy = waitDisruption, -1, -1
		if st.dead != noStrategy {
			st.dead, st.deadComp = alive, -1
		}
	}
}

// ready is when a step's needs are all up, the step behind the latest
// need and that need's decisive member (-1 when the disruption decides).
func (p *planner) ready(st *step) (time.Duration, int32, int32) {
	ready, by, comp := st.release, int32(-1), int32(-1)
	for _, r := range st.needs {
		if x, t := p.decisive(r); t > ready {
			ready, comp = t, x
			by = p.stepBehind(x)
		}
	}
	return ready, by, comp
}

// place puts step s at the earliest time its needs are up and its team has
// room.
func (p *planner) place(s int32) {
	st := &p.steps[s]
	p.placed[s] = true
	if st.dead != alive {
		return
	}
	ready, by, comp := p.ready(st)
	if ready == bcp.Forever {
		st.dead, st.deadComp = waitsForLost, comp
		return
	}
	prof := p.profiles[st.team]
	start := earliestFit(prof, ready, st.dur, p.teams[st.team].capacity)
	finish := bcp.SatAdd(start, st.dur)
	p.profiles[st.team] = occupy(prof, start, finish)
	st.start, st.finish, st.readyAt = start, finish, ready
	switch {
	case start > ready:
		st.wait = waitTeam
	case comp >= 0:
		st.wait, st.waitComp, st.waitedBy = waitNeed, comp, by
	}
}

// markStuck reports steps never placed: their needs wait for each other.
func (p *planner) markStuck() {
	for s := range p.steps {
		if st := &p.steps[s]; !p.placed[s] && st.dead == alive {
			st.dead = inCycle
		}
	}
	p.forget()
}

// upAt is when component x is up for good under the steps placed so far:
// its own step's finish, or when its finite disruption and its
// requirements are over. Tolerances are not counted: a step waits until
// what it needs is really back.
func (p *planner) upAt(x int32) time.Duration {
	if !p.cone[x] {
		return 0 // nothing below it is down
	}
	if st := p.upStamp[x]; st == p.stamp || st == p.fixed {
		return p.up[x]
	}
	var t time.Duration
	stamp := p.stamp
	if s := p.stepOf[x]; s >= 0 {
		if st := &p.steps[s]; st.dead != alive || !p.placed[s] {
			t = bcp.Forever
		} else {
			t = st.finish
		}
	} else {
		t = p.finite[x]
		for _, r := range p.reqsOf(x) {
			_, u := p.decisive(r)
			t = max(t, u)
		}
		if p.noSteps[x] {
			stamp = p.fixed
		}
	}
	p.up[x], p.upStamp[x] = t, stamp
	return t
}

// forget invalidates every memoised up time that depends on steps.
func (p *planner) forget() {
	p.stamp++
}

// decisive returns the member whose up time is the need-th earliest, and
// that time, without allocating for the usual small groups.
func (p *planner) decisive(r bcp.Requirement) (int32, time.Duration) {
	if len(r.Members) == 1 {
		x := r.Members[0]
		return x, p.upAt(x)
	}
	var buf [16]int32
	ms := append(buf[:0], r.Members...)
	// Insertion sort by up time, stable: groups are small.
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && p.upAt(ms[j]) < p.upAt(ms[j-1]); j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
	x := ms[r.Need-1]
	return x, p.upAt(x)
}

// stepBehind is the step whose finish makes x up, following the latest
// requirement through components without steps.
func (p *planner) stepBehind(x int32) int32 {
	for {
		if s := p.stepOf[x]; s >= 0 {
			return s
		}
		next, latest := int32(-1), time.Duration(-1)
		for _, r := range p.reqsOf(x) {
			if y, t := p.decisive(r); t > latest {
				latest, next = t, y
			}
		}
		if next < 0 || latest <= p.finite[x] {
			return -1
		}
		x = next
	}
}

// seg is a piece of a team's use profile: from at until the next seg,
// use steps run at once.
type seg struct {
	at  time.Duration
	use int32
}

// earliestFit finds the first start at or after t where the team runs
// fewer than capacity steps throughout [start, start+d). Checking the use
// rather than fixed lanes lets a step use room that no single lane has;
// the use never exceeding capacity means the steps can always be given to
// capacity people (interval graphs are perfect).
func earliestFit(prof []seg, t, d time.Duration, capacity int32) time.Duration {
	if d == 0 || len(prof) == 0 {
		return t
	}
	i := sort.Search(len(prof), func(i int) bool { return prof[i].at > t }) - 1
	if i < 0 {
		i = 0
	}
	at := t
	for j := i; j < len(prof); j++ {
		end := bcp.Forever
		if j+1 < len(prof) {
			end = prof[j+1].at
		}
		if prof[j].use >= capacity {
			at = end
			continue
		}
		if end-at >= d {
			return at
		}
	}
	return at
}

// occupy adds one step running over [from, to) to a use profile.
func occupy(prof []seg, from, to time.Duration) []seg {
	if to <= from {
		return prof
	}
	if len(prof) == 0 {
		prof = append(prof, seg{0, 0})
	}
	i := sort.Search(len(prof), func(i int) bool { return prof[i].at > from }) - 1
	if i < 0 {
		prof = slices.Insert(prof, 0, seg{from, 0})
		i = 0
	} else if prof[i].at < from {
		prof = slices.Insert(prof, i+1, seg{from, prof[i].use})
		i++
	}
	j := i
	for ; j < len(prof) && prof[j].at < to; j++ {
		prof[j].use++
	}
	if j == len(prof) || prof[j].at > to {
		prof = slices.Insert(prof, j, seg{to, prof[j-1].use - 1})
	}
	return prof
}

// minHeap is a binary heap ordered by less; container/heap would box
// every element in an interface, an allocation per push at 100k steps.
type minHeap[T any] struct {
	items []T
	less  func(a, b T) bool
}

func (h *minHeap[T]) len() int { return len(h.items) }

func (h *minHeap[T]) push(x T) {
	h.items = append(h.items, x)
	for i := len(h.items) - 1; i > 0; {
		parent := (i - 1) / 2
		if !h.less(h.items[i], h.items[parent]) {
			break
		}
		h.items[i], h.items[parent] = h.items[parent], h.items[i]
		i = parent
	}
}

func (h *minHeap[T]) pop() T {
	top := h.items[0]
	last := len(h.items) - 1
	h.items[0] = h.items[last]
	h.items = h.items[:last]
	for i := 0; ; {
		l, r, small := 2*i+1, 2*i+2, i
		if l < last && h.less(h.items[l], h.items[small]) {
			small = l
		}
		if r < last && h.less(h.items[r], h.items[small]) {
			small = r
		}
		if small == i {
			return top
		}
		h.items[i], h.items[small] = h.items[small], h.items[i]
		i = small
	}
}
