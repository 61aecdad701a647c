package faulttree

import (
	"github.com/continuitykit/continuity/internal/bdd"
)

// solver computes exact failure probabilities of components, one module at
// a time, and remembers them for the next target.
type solver struct {
	g   *graph
	mgr *bdd.Manager
	// gmod: a module of the union of the targets' cones. Maps, not
	// arrays: a question about one service costs its cone, not the model.
	gmod   map[int32]bool
	solved map[int32]*solved
	c      cone
}

// solved is what is known of a component once its module is solved: its
// failure and survival probabilities, its events and diagram nodes.
type solved struct {
	p, q          float64
	events, nodes int64
}

func newSolver(g *graph, limit int) *solver {
	s := &solver{g: g, mgr: bdd.New(limit),
		gmod: map[int32]bool{}, solved: map[int32]*solved{}}
	s.c.init(g)
	return s
}

// own returns the failure and survival probabilities of v's own event.
func (s *solver) own(v int32) (p, q float64) {
	if c := &s.g.comps[v]; !c.Virtual {
		if a := c.OwnAvailability(); a < 1 {
			return 1 - a, a
		}
	}
	return 0, 1
}

// globalModules marks the modules of the targets' cones taken together: a
// module there is a module of every cone that holds it, so its probability,
// once known, enters any later target as one independent event.
func (s *solver) globalModules(targets []int32) {
	s.c.explore(targets, nil)
	for li, v := range s.c.nodes {
		if s.c.module[li] {
			s.gmod[v] = true
		}
	}
}

// solve computes the failure probability of target t.
func (s *solver) solve(t int32) error {
	if s.solved[t] != nil {
		return nil
	}
	c := &s.c
	c.explore([]int32{t}, func(v int32) bool { return v != t && s.solved[v] != nil && s.gmod[v] })
	c.module[0] = true
	// A submodule is visited after the module that holds it: solving in
	// reverse visit order finds every submodule solved.
	size := make([]int64, len(c.nodes))
	for li := int32(len(c.nodes)) - 1; li >= 0; li-- {
		if !c.module[li] || c.leaf[li] {
			continue
		}
		n, err := s.module(li)
		if err != nil {
			return err
		}
		size[li] = n
	}
	// A module's cone is the nodes first visited between its entry and
	// exit: prefix sums give its events and diagram nodes.
	var ev, nd []int64
	ev = append(ev, 0)
	nd = append(nd, 0)
	for li, v := range c.nodes {
		e, n := int64(0), size[li]
		switch {
		case c.leaf[li]:
			e, n = s.solved[v].events, s.solved[v].nodes
		case s.fails(v):
			e = 1
		}
		ev = append(ev, ev[li]+e)
		nd = append(nd, nd[li]+n)
	}
	for li, v := range c.nodes {
		if c.module[li] && !c.leaf[li] {
			s.solved[v].events = ev[c.end[li]] - ev[li]
			s.solved[v].nodes = nd[c.end[li]] - nd[li]
		}
	}
	return nil
}

// module solves module li of the current cone, whose submodules are
// known, and returns the size of the diagram it needed (0 for none).
func (s *solver) module(li int32) (int64, error) {
	g, c := s.g, &s.c
	v := c.nodes[li]
	if g.start[v] == g.end[v] {
		p, q := s.own(v)
		s.solved[v] = &solved{p: p, q: q}
		return 0, nil
	}
	if s.independent(li) {
		p, q := s.arithmetic(v)
		s.solved[v] = &solved{p: p, q: q}
		return 0, nil
	}
	leaf := func(x int32) (float64, float64, bool) {
		if x == li || !(c.module[x] || c.leaf[x]) {
			return 0, 0, false
		}
		y := c.nodes[x]
		return s.solved[y].p, s.solved[y].q, true
	}
	d, root := fromCone(g, c, li, leaf, s.own)
	p, q, size, err := probability(d, s.mgr, root)
	if err != nil {
		return 0, err
	}
	s.solved[v] = &solved{p: p, q: q}
	return int64(size), nil
}

// independent reports whether every input of module li (members of its
// requirements) is a distinct module: then its inputs fail independently
// and arithmetic answers it.
func (s *solver) independent(li int32) bool {
	g, c := s.g, &s.c
	v := c.nodes[li]
	c.mark++
	for r := g.start[v]; r < g.end[v]; r++ {
		for _, y := range g.members(r) {
			x := c.local[y]
			if !(c.module[x] || c.leaf[x]) || c.seen[x] == c.mark {
				return false
			}
			c.seen[x] = c.mark
		}
	}
	return true
}

// arithmetic combines independent inputs: a group fails with at least its
// fail count of members failing (a distribution over counts), a component
// with its own failure or any requirement's. Every sum has non-negative
// terms, so that small probabilities keep their precision both ways.
func (s *solver) arithmetic(v int32) (p, q float64) {
	g := s.g
	p, q = s.own(v)
	var dist []float64
	for r := g.start[v]; r < g.end[v]; r++ {
		var rp, rq float64
		rp, rq, dist = failure(g, r, func(y int32) (float64, float64) { return s.solved[y].p, s.solved[y].q }, dist)
		p, q = either(p, q, rp, rq)
	}
	return p, q
}

// either returns the probabilities that at least one of two independent
// events happens, and that neither does: p1 + q1·p2 and q1·q2, sums of
// non-negative terms.
func either(p1, q1, p2, q2 float64) (p, q float64) { return p1 + q1*p2, q1 * q2 }

// failure returns the probabilities that requirement r fails and holds
// when its members fail independently, prob(member) giving both; dist is
// scratch space, returned for reuse.
func failure(g *graph, r int32, prob func(y int32) (p, q float64), dist []float64) (p, q float64, _ []float64) {
	ms := g.members(r)
	return atLeast(int(g.fail[r]), len(ms), func(i int) (float64, float64) { return prob(ms[i]) }, dist)
}

// atLeast returns the probabilities that at least need of n independent
// events happen and that fewer do, prob(i) giving event i's both ways.
// dist is scratch space, returned for reuse.
func atLeast(need, n int, prob func(i int) (p, q float64), dist []float64) (p, q float64, _ []float64) {
	if n == 1 {
		p, q = prob(0)
		return p, q, dist
	}
	// dist[j]: exactly j happened so far, dist[need]: need or more.
	dist = append(dist[:0], 1)
	for range need {
		dist = append(dist, 0)
	}
	for i := range n {
		py, qy := prob(i)
		for j := need; j >= 1; j-- {
			carry := dist[j-1] * py
			if j == need {
				dist[j] += carry
			} else {
				dist[j] = dist[j]*qy + carry
			}
		}
		dist[0] *= qy
	}
	p = dist[need]
	for _, x := range dist[:need] {
		q += x
	}
	return p, q, dist
}

// cone is a depth-first exploration of the components below some roots,
// with Dutuit and Rauzy's visit dates: a component is a module when every
// visit to anything below it falls between its first visit and its exit.
// Local indices are first-visit order, so a module's cone is the local
// indices from its own up to end.
type cone struct {
	g      *graph
	local  []int32 // local index of each component, valid when stamp matches
	stamp  []int32
	cur    int32
	nodes  []int32 // component of each local index
	first  []int32
	exit   []int32
	last   []int32
	end    []int32
	module []bool
	leaf   []bool
	post   []int32 // local indices in exit order
	seen   []int32
	mark   int32
}

func (c *cone) init(g *graph) {
	c.g = g
	// local is read only where stamp says it was written.
	c.local = getInt32s(len(g.comps), false)
	c.stamp = getInt32s(len(g.comps), true)
}

// release gives the cone's model-sized arrays back to the pool.
func (c *cone) release() {
	putInt32s(c.local)
	putInt32s(c.stamp)
	c.local, c.stamp = nil, nil
}

func (c *cone) has(v int32) bool { return c.stamp[v] == c.cur }

// explore visits the cones of roots; stop(v) makes v a leaf whose
// requirements are not followed.
func (c *cone) explore(roots []int32, stop func(int32) bool) {
	g := c.g
	c.cur++
	c.nodes, c.first, c.exit, c.last, c.end = c.nodes[:0], c.first[:0], c.exit[:0], c.last[:0], c.end[:0]
	c.leaf, c.post = c.leaf[:0], c.post[:0]
	date := int32(0)
	var visit func(v int32)
	visit = func(v int32) {
		date++
		if c.has(v) {
			c.last[c.local[v]] = date
			return
		}
		li := int32(len(c.nodes))
		c.stamp[v], c.local[v] = c.cur, li
		c.nodes = append(c.nodes, v)
		c.first = append(c.first, date)
		c.exit = append(c.exit, 0)
		c.last = append(c.last, 0)
		c.end = append(c.end, 0)
		isLeaf := stop != nil && stop(v)
		c.leaf = append(c.leaf, isLeaf)
		if !isLeaf {
			for _, y := range g.mem[g.off[g.start[v]]:g.off[g.end[v]]] {
				visit(y)
			}
		}
		date++
		c.exit[li], c.last[li], c.end[li] = date, date, int32(len(c.nodes))
		c.post = append(c.post, li)
	}
	// The roots hang from a virtual top that is no component: reaching a
	// root again from there is no second parent.
	for _, r := range roots {
		if !c.has(r) {
			visit(r)
		}
	}
	n := len(c.nodes)
	c.module = append(c.module[:0], make([]bool, n)...)
	c.seen = append(c.seen[:0], make([]int32, n)...)
	c.mark = 0
	// lo, hi: the earliest and latest visit dates below each node.
	lo := make([]int32, n)
	hi := make([]int32, n)
	for li := n - 1; li >= 0; li-- {
		lo[li], hi[li] = c.exit[li], c.first[li]
	}
	// Children exit before their parents.
	for _, li := range c.post {
		v := c.nodes[li]
		if !c.leaf[li] {
			for _, y := range g.mem[g.off[g.start[v]]:g.off[g.end[v]]] {
				x := c.local[y]
				lo[li] = min(lo[li], c.first[x], lo[x])
				hi[li] = max(hi[li], c.last[x], hi[x])
			}
		}
		c.module[li] = lo[li] > c.first[li] && hi[li] < c.exit[li]
	}
}

// fails reports whether v's own event can happen.
func (s *solver) fails(v int32) bool {
	p, _ := s.own(v)
	return p > 0
}
