package recovery

import (
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// way is one way for a component to come back: with one of its recovery
// strategies, started once its requirements and the strategy's
// preconditions hold (strategy >= 0), or by itself once its requirements
// hold (strategy -1). It is not up before base; it takes dur.
type way struct {
	comp     int32
	strategy int32
	base     time.Duration
	dur      time.Duration
	extra    []string // the strategy's preconditions
}

// strategyWays appends a way for each of component x's strategies, none
// finishing before base.
func strategyWays(ways []way, x int32, strategies []bcp.Strategy, base time.Duration) []way {
	for k, sg := range strategies {
		ways = append(ways, way{comp: x, strategy: int32(k), base: base, dur: sg.Time, extra: sg.Requires})
	}
	return ways
}

// fastest returns the index of the quickest strategy, the first among
// equals.
func fastest(strategies []bcp.Strategy) int {
	k := 0
	for j := range strategies {
		if strategies[j].Time < strategies[k].Time {
			k = j
		}
	}
	return k
}

// earliestUp works out, for every component, the earliest time it can be
// up again with unlimited teams, taking for each the way that finishes
// first (the first listed among equals), and which way that is (-2: none
// works; it is never back).
//
// A way's finish is a maximum over what it needs plus a duration, and a
// component takes the minimum over its ways: finishes are settled in
// increasing order, as in Dijkstra's algorithm generalised to such
// functions (Knuth, "A generalization of Dijkstra's algorithm", 1977).
// Unlike a pass in dependency order it needs no order, so preconditions
// may point anywhere: a resync that needs the other database node is
// passed over when that node can only come back after this one.
//
// stop is called once per finish settled; when it returns true the search
// ends early, its answer incomplete (nil stop: never). local numbers the
// components searched 0..size-1, and up and chosen are by that number;
// a component it maps to -1 is up from the start and needs no way. nil
// local: every component of the model, by index.
func earliestUp(m *bcp.Model, reqsOf func(int32) []bcp.Requirement, ways []way, stop func() bool, local []int32, size int) (up []time.Duration, chosen []int32) {
	n := size
	if local == nil {
		n = m.Len()
	}
	// at is y's number (no closure: it runs for every member).
	at := func(y int32) int32 {
		if local == nil {
			return y
		}
		return local[y]
	}
	ix := indexWays(m, reqsOf, ways, at, n)
	up = make([]time.Duration, n)
	chosen = make([]int32, n)
	for x := range up {
		up[x], chosen[x] = bcp.Forever, -2
	}
	// Finishes by time, then way (so by component and the order strategies
	// are listed in).
	q := &minHeap[finish]{items: make([]finish, 0, len(ways)), less: func(a, b finish) bool {
		return a.at < b.at || a.at == b.at && a.way < b.way
	}}
	offer := func(w int32, ready time.Duration) {
		wy := &ways[w]
		t := max(wy.base, ready)
		if t <= bcp.Forever-wy.dur {
			q.push(finish{t + wy.dur, w})
		}
	}
	for w := range ways {
		if ix.pending[w] == 0 {
			offer(int32(w), 0)
		}
	}
	for q.len() > 0 {
		if stop != nil && stop() {
			break
		}
		f := q.pop()
		x := at(ways[f.way].comp)
		if chosen[x] != -2 {
			continue
		}
		up[x], chosen[x] = f.at, ways[f.way].strategy
		for _, w := range ix.upped(x) {
			offer(w, f.at)
		}
	}
	return up, chosen
}

// wayIndex counts, for each requirement of each way, how many members are
// up; the counters watching component y are
// watch[watchStart[y]:watchStart[y+1]].
type wayIndex struct {
	counters          []wayCounter
	pending           []int32 // requirements of each way not yet met
	watchStart, watch []int32
	ready             []int32 // upped's answer, reused
}

type wayCounter struct {
	way        int32
	need, done int32
}

// indexWays builds the counters and the watch lists of n components; at
// numbers a member (-1: up from the start).
func indexWays(m *bcp.Model, reqsOf func(int32) []bcp.Requirement, ways []way, at func(int32) int32, n int) *wayIndex {
	total := 0
	for w := range ways {
		total += m.Graph().RequirementCount(int(ways[w].comp)) + len(ways[w].extra)
	}
	ix := &wayIndex{counters: make([]wayCounter, 0, total), pending: make([]int32, len(ways)), watchStart: make([]int32, n+1)}
	var extra [1]int32
	each := func(fn func(w int32, members []int32, need int)) {
		for w := range ways {
			for _, r := range reqsOf(ways[w].comp) {
				fn(int32(w), r.Members, r.Need)
			}
			for _, id := range ways[w].extra {
				if y, ok := m.Index(id); ok {
					extra[0] = int32(y)
					fn(int32(w), extra[:], 1)
				}
			}
		}
	}
	each(func(w int32, members []int32, need int) {
		c := wayCounter{way: w, need: int32(need)}
		for _, y := range members {
			if ly := at(y); ly < 0 {
				c.done++
			} else {
				ix.watchStart[ly+1]++
			}
		}
		ix.counters = append(ix.counters, c)
		if c.done < c.need {
			ix.pending[w]++
		}
	})
	for y := 0; y < n; y++ {
		ix.watchStart[y+1] += ix.watchStart[y]
	}
	ix.watch = make([]int32, ix.watchStart[n])
	fill := append([]int32(nil), ix.watchStart[:n]...)
	c := int32(0)
	each(func(_ int32, members []int32, _ int) {
		for _, y := range members {
			if ly := at(y); ly >= 0 {
				ix.watch[fill[ly]] = c
				fill[ly]++
			}
		}
		c++
	})
	return ix
}

// upped counts component x up in every requirement watching it and returns
// the ways whose requirements are all met now.
func (ix *wayIndex) upped(x int32) []int32 {
	ix.ready = ix.ready[:0]
	for _, c := range ix.watch[ix.watchStart[x]:ix.watchStart[x+1]] {
		cn := &ix.counters[c]
		if cn.done++; cn.done != cn.need {
			continue
		}
		if ix.pending[cn.way]--; ix.pending[cn.way] == 0 {
			ix.ready = append(ix.ready, cn.way)
		}
	}
	return ix.ready
}

type finish struct {
	at  time.Duration
	way int32
}
