package recovery

import (
	"slices"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// A component's worst case is that it and everything it depends on fail at
// once. The shared computation (gapAnalysis) fails the whole model at once,
// which is the same answer as long as recovering the component only ever
// waits for what it depends on. A strategy's precondition breaks that: a
// warm standby is not something the primary depends on, so in the
// primary's worst case it is up (unless it depends on what failed), and
// failing it too made every standby "never". ownWorld answers such
// components in their own worst case.

// ownWorldResult is a component's capability in its own worst case.
type ownWorldResult struct {
	finish   time.Duration
	strategy *bcp.Strategy
	rpc      time.Duration
	rpcFrom  int // -1: none
	path     []string
	trunc    bool
	last     int
	cycle    bool
}

// worlds holds what every ownWorld computation shares: which components
// can reach a strategy's precondition, and scratch arrays stamped per call
// so that each costs the size of the component's recovery closure, not of
// the model.
type worlds struct {
	g        *gapAnalysis
	m        *bcp.Model
	pre      [][]int32 // the preconditions of all of a component's strategies
	reaches  []bool    // the component's recovery can wait for a precondition
	topoPos  []int32
	stamp    int32
	inF, inN []int32 // == stamp: failed (F) / in the recovery closure (N)
	down     []int32 // == stamp: down in this world
	local    []int32
	fin      []time.Duration
	// work counts the closure members visited; past maxWorldWork the
	// remaining components keep the shared answer (skipped counts them) so
	// that a long chain ending in a standby stays linear.
	work, skipped int
}

// maxWorldWork bounds the components visited by all own-world answers of
// one report.
const maxWorldWork = 20_000_000

// newWorlds returns nil when no strategy has preconditions: then the
// shared computation is every component's own worst case.
func newWorlds(m *bcp.Model, g *gapAnalysis) *worlds {
	n := len(g.comps)
	w := &worlds{g: g, m: m, pre: make([][]int32, n)}
	var start []int32
	for i, c := range g.comps {
		if c.Recovery == nil {
			continue
		}
		for _, s := range c.Recovery.Strategies {
			for _, id := range s.Requires {
				if y, ok := m.Index(id); ok && !slices.Contains(w.pre[i], int32(y)) {
					w.pre[i] = append(w.pre[i], int32(y))
				}
			}
		}
		if len(w.pre[i]) > 0 {
			start = append(start, int32(i))
		}
	}
	if len(start) == 0 {
		return nil
	}
	// Reverse search from the components with preconditions along
	// requirement and precondition edges.
	rev := make([][]int32, n)
	for z := range g.comps {
		w.edges(int32(z), true, func(y int32) { rev[y] = append(rev[y], int32(z)) })
	}
	w.reaches = make([]bool, n)
	for _, z := range start {
		w.reaches[z] = true
	}
	for h := 0; h < len(start); h++ {
		for _, z := range rev[start[h]] {
			if !w.reaches[z] {
				w.reaches[z] = true
				start = append(start, z)
			}
		}
	}
	w.topoPos = make([]int32, n)
	for k, v := range m.Graph().TopologicalOrder() {
		w.topoPos[v] = int32(k)
	}
	w.inF, w.inN, w.down = make([]int32, n), make([]int32, n), make([]int32, n)
	w.local = make([]int32, n)
	for i := range w.local {
		w.local[i] = -1
	}
	w.fin = make([]time.Duration, n)
	return w
}

// edges calls fn with every component z's recovery can wait for: its
// requirements' members and, with preconditions, its strategies'
// preconditions.
func (w *worlds) edges(z int32, preconditions bool, fn func(int32)) {
	for _, r := range w.g.reqs[z] {
		for _, y := range r.Members {
			fn(y)
		}
	}
	if preconditions {
		for _, y := range w.pre[z] {
			fn(y)
		}
	}
}

// closure returns the components reachable from x along the edges (F:
// requirements only; N: and preconditions), marking them with the stamp
// in mark.
func (w *worlds) closure(x int32, mark []int32, preconditions bool) []int32 {
	out := []int32{x}
	mark[x] = w.stamp
	visit := func(y int32) {
		if mark[y] != w.stamp {
			mark[y] = w.stamp
			out = append(out, y)
		}
	}
	for h := 0; h < len(out); h++ {
		w.edges(out[h], preconditions, visit)
	}
	return out
}

// own answers x in its own worst case; ok is false when the shared
// computation's answer is already x's.
func (w *worlds) own(x int) (res ownWorldResult, ok bool) {
	if w == nil || !w.reaches[x] {
		return res, false
	}
	if w.work > maxWorldWork {
		w.skipped++
		return res, false
	}
	w.stamp++
	w.closure(int32(x), w.inF, false)
	n := w.closure(int32(x), w.inN, true)
	w.work += len(n)
	slices.SortFunc(n, func(a, b int32) int { return int(w.topoPos[a] - w.topoPos[b]) })
	downs := w.markDown(n)
	defer func() {
		for _, z := range downs {
			w.local[z], w.fin[z] = -1, 0
		}
	}()
	var ways []way
	for k, z := range downs {
		w.local[z] = int32(k)
		c := &w.g.comps[z]
		switch {
		case w.inF[z] != w.stamp:
			ways = append(ways, way{comp: z, strategy: -1}) // down only through what failed
		case c.Recovery != nil && len(c.Recovery.Strategies) > 0:
			ways = strategyWays(ways, z, c.Recovery.Strategies, 0)
		case c.Virtual || len(w.g.reqs[z]) > 0:
			ways = append(ways, way{comp: z, strategy: -1})
		}
	}
	up, chosen := earliestUp(w.m, func(y int32) []bcp.Requirement { return w.g.reqs[y] }, ways, nil, w.local, len(downs))
	for k, z := range downs {
		w.fin[z] = up[k]
	}
	strategyOf := func(z int32) *bcp.Strategy {
		c := &w.g.comps[z]
		if w.inF[z] != w.stamp || c.Recovery == nil || len(c.Recovery.Strategies) == 0 {
			return nil
		}
		k := chosen[w.local[z]]
		if k < 0 {
			k = int32(fastest(c.Recovery.Strategies))
		}
		return &c.Recovery.Strategies[k]
	}
	res = ownWorldResult{finish: up[w.local[x]], strategy: strategyOf(int32(x)), rpcFrom: -1}
	via := w.via(downs, strategyOf)
	res.path, res.trunc, res.last, res.cycle = w.path(x, via)
	res.rpc, res.rpcFrom = w.dataLoss(int32(x), via, strategyOf)
	return res, true
}

// markDown returns the members of n (dependencies first) that are down:
// failed, or short of a requirement. A precondition outside what failed
// is up unless it depends on it.
func (w *worlds) markDown(n []int32) []int32 {
	var downs []int32
	for _, z := range n {
		isDown := w.inF[z] == w.stamp
		for _, r := range w.g.reqs[z] {
			if isDown {
				break
			}
			short := 0
			for _, y := range r.Members {
				if w.down[y] == w.stamp {
					short++
				}
			}
			isDown = short >= len(r.Members)-r.Need+1
		}
		if isDown {
			w.down[z] = w.stamp
			downs = append(downs, z)
		}
	}
	return downs
}

// needsOf is what z waits for in this world: its requirements, and its
// strategy's preconditions (in buf, reused).
func (w *worlds) needsOf(buf []bcp.Requirement, z int32, s *bcp.Strategy) []bcp.Requirement {
	buf = append(buf[:0], w.g.reqs[z]...)
	if s == nil {
		return buf
	}
	return appendPreconditions(w.m, buf, s)
}

// via maps each down component to the need that decided its finish (-1:
// none).
func (w *worlds) via(downs []int32, strategyOf func(int32) *bcp.Strategy) map[int32]int32 {
	via := make(map[int32]int32, len(downs))
	var buf []bcp.Requirement
	for _, z := range downs {
		buf = w.needsOf(buf, z, strategyOf(z))
		via[z] = int32(decisiveNeed(buf, w.fin))
	}
	return via
}

// path follows via from x as rtcPath does.
func (w *worlds) path(x int, via map[int32]int32) (path []string, trunc bool, last int, cycle bool) {
	seen := map[int32]bool{}
	z := int32(x)
	for {
		if len(path) < MaxRTCPath {
			path = append(path, w.g.comps[z].ID)
		} else {
			trunc = true
		}
		if seen[z] {
			return path, trunc, int(z), true
		}
		seen[z] = true
		next, ok := via[z]
		if !ok || next < 0 {
			return path, trunc, int(z), false
		}
		z = next
	}
}

// dataLoss is the worst data loss of the strategies x's recovery waits
// for, and whose it is; among equals the one found first along the needs
// wins over the component's own, as in gapAnalysis.dataLoss.
func (w *worlds) dataLoss(x int32, via map[int32]int32, strategyOf func(int32) *bcp.Strategy) (time.Duration, int) {
	type loss struct {
		d    time.Duration
		from int
	}
	memo := map[int32]loss{}
	var visit func(z int32) loss
	visit = func(z int32) loss {
		if v, ok := memo[z]; ok {
			return v
		}
		memo[z] = loss{0, -1} // being visited: a precondition cycle counts none
		best := loss{0, -1}
		s := strategyOf(z)
		for _, r := range w.needsOf(nil, z, s) {
			for _, y := range r.Members {
				if _, isDown := via[y]; isDown {
					if v := visit(y); v.d > best.d {
						best = v
					}
				}
			}
		}
		if s != nil && s.DataLoss > best.d {
			best = loss{s.DataLoss, int(z)}
		}
		memo[z] = best
		return best
	}
	v := visit(x)
	return v.d, v.from
}
