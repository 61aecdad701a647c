package bdd

import (
	"errors"
	"fmt"

	"github.com/continuitykit/continuity/internal/poll"
)

// Ref is an edge to a node: the node's index shifted left by one, with the
// lowest bit set when the edge complements the function (Brace, Rudell and
// Bryant's complement edges). Negation is free and f, ¬f share every node.
type Ref int32

// The two constants: node 0 is the terminal, True its regular edge.
const (
	True  Ref = 0
	False Ref = 1
)

// Not returns the complement of f.
func Not(f Ref) Ref { return f ^ 1 }

func (f Ref) node() int32 { return int32(f >> 1) }

func (f Ref) complemented() bool { return f&1 == 1 }

// ErrTooLarge is returned (wrapped) when the live nodes of a diagram exceed
// the manager's limit even after garbage collection.
var ErrTooLarge = errors.New("binary decision diagram too large")

// errFull aborts an operation when the node arrays reach the limit, so that
// the top-level call can collect garbage and try once more.
var errFull = errors.New("node limit reached")

// abort carries an error out of the recursion of an operation to its
// top-level call (top), which returns it: the recursion itself then needs
// no error checks on its hot path.
type abort struct{ err error }

const terminalLevel = 1<<31 - 1

// Manager owns the nodes of reduced ordered BDDs over variables numbered by
// their level (0 is the top of the order). Hi edges are always regular; a
// complemented function is a complemented edge. A unique table (open
// addressing) makes equal functions one node, a lossy computed table
// caches conjunctions, and a mark-and-sweep collector frees nodes that no
// protected root reaches. Every array is free of pointers, so Go's own
// collector never scans them. A Manager is not safe for concurrent use.
type Manager struct {
	nodes []node
	// table is the unique table, linear probing: each entry is a node's
	// index in the high half and the low 32 bits of its hash in the low
	// half (0: empty), so that a probe reads a node only when the hashes
	// agree, and the table is resized and cleaned without reading nodes
	// (an entry's home slot is its hash's low bits).
	table []uint64
	ext   map[int32]int32 // external references (Protect)
	free  int32           // freed nodes, chained through lo
	live  int
	limit int
	gcAt  int
	cache []cacheEntry
	// Scratch reused across calls: the collector's marks and stack, and
	// a sparse set of visited nodes for Probability and Size (a node n is
	// in it when seen[slot[n]] == n).
	marks      []uint64
	stack      []int32
	slot, seen []int32
	memo       []float64
	// GCs counts collections, for measurements.
	GCs int
	// Peak is the largest number of live nodes seen.
	Peak int
	// Steps counts conjunctions computed (not found in the computed
	// table): the work, independent of the machine's load.
	Steps int64
	// Poll, when set, is ticked for every conjunction computed (Steps):
	// an operation stops with the context's error once it ends.
	Poll *poll.Poll
}

// node is one decision, 12 bytes: level -1 marks a freed node, whose lo
// chains the free list.
type node struct {
	level  int32
	lo, hi Ref
}

// cacheEntry is a computed conjunction a ∧ b = r; a is never a constant
// there, so a = 0 marks an empty entry and a new table needs no filling.
type cacheEntry struct{ a, b, r Ref }

// minTable is the unique table's first size (entries).
const minTable = 1 << 12

// New returns a manager that holds at most limit live nodes.
func New(limit int) *Manager {
	m := &Manager{limit: limit, free: -1, gcAt: 1 << 17, ext: map[int32]int32{}}
	m.nodes = make([]node, 1, minTable/2)
	m.nodes[0] = node{terminalLevel, True, True}
	m.live = 1
	m.table = make([]uint64, minTable)
	m.cache = make([]cacheEntry, minTable/2)
	return m
}

// Live returns the number of live nodes (allocated and not yet collected),
// the terminal included.
func (m *Manager) Live() int { return m.live }

// Level returns the variable of f's top node, or a value above every
// variable for a constant.
func (m *Manager) Level(f Ref) int32 { return m.nodes[f.node()].level }

// Cofactors returns f with its top variable false and true.
func (m *Manager) Cofactors(f Ref) (lo, hi Ref) {
	n, c := &m.nodes[f.node()], f&1
	return n.lo ^ c, n.hi ^ c
}

// Protect keeps f (and what it reaches) alive across garbage collections
// until Release. Calls nest.
func (m *Manager) Protect(f Ref) { m.ext[f.node()]++ }

// Release undoes one Protect.
func (m *Manager) Release(f Ref) {
	n := f.node()
	if m.ext[n]--; m.ext[n] <= 0 {
		delete(m.ext, n)
	}
}

func hash3(a, b, c int32) uint64 {
	h := uint64(uint32(a))*0x9E3779B97F4A7C15 ^ uint64(uint32(b))*0xC2B2AE3D27D4EB4F ^ uint64(uint32(c))*0x165667B19E3779F9
	return h ^ h>>31
}

// cacheSlot is the computed table's entry for the conjunction of f and g.
func (m *Manager) cacheSlot(f, g Ref) *cacheEntry {
	h := (uint64(uint32(f))<<32 | uint64(uint32(g))) * 0x9E3779B97F4A7C15
	return &m.cache[(h^h>>29)&uint64(len(m.cache)-1)]
}

// mk returns the node (v, lo, hi), keeping hi edges regular.
func (m *Manager) mk(v int32, lo, hi Ref) Ref {
	if lo == hi {
		return lo
	}
	if hi.complemented() {
		return m.find(v, lo^1, hi^1) ^ 1
	}
	return m.find(v, lo, hi)
}

func (m *Manager) find(v int32, lo, hi Ref) Ref {
	tag := uint32(hash3(v, int32(lo), int32(hi)))
	mask := uint32(len(m.table) - 1)
	i := tag & mask
	for e := m.table[i]; e != 0; e = m.table[i] {
		if uint32(e) == tag {
			n := int32(e >> 32)
			if x := &m.nodes[n]; x.level == v && x.lo == lo && x.hi == hi {
				return Ref(n << 1)
			}
		}
		i = (i + 1) & mask
	}
	if m.live >= m.limit {
		panic(abort{errFull})
	}
	var n int32
	if m.free >= 0 {
		n = m.free
		m.free = int32(m.nodes[n].lo)
		m.nodes[n] = node{v, lo, hi}
	} else {
		n = int32(len(m.nodes))
		if len(m.nodes) == cap(m.nodes) {
			// Doubling: append grows large slices by a quarter at a
			// time, and copying millions of nodes again and again
			// cost a quarter of the run time.
			nodes := make([]node, 0, 2*cap(m.nodes))
			adviseHuge(nodes)
			m.nodes = append(nodes, m.nodes...)
		}
		m.nodes = append(m.nodes, node{v, lo, hi})
	}
	m.table[i] = uint64(n)<<32 | uint64(tag)
	m.live++
	m.Peak = max(m.Peak, m.live)
	// Up to 4/5 full: a probe that misses then reads 13 entries on
	// average, two cache lines, but no node (the hashes differ), and the
	// table is half the size it would be at 5/8 (edf9204: 16 MB).
	if 5*m.live > 4*len(m.table) {
		m.resize(2 * len(m.table))
	}
	return Ref(n << 1)
}

// maxCache bounds the computed table (12 bytes an entry): past a few
// million entries, clearing and sweeping it costs more than the hits save.
const maxCache = 1 << 21

// resize moves the unique table to size entries and, to keep hits
// likely, grows the cache with it. Nodes do not move, so cached results
// stay valid.
func (m *Manager) resize(size int) {
	old := m.table
	m.table = make([]uint64, size)
	adviseHuge(m.table)
	mask := uint32(size - 1)
	for _, e := range old {
		if e != 0 {
			i := uint32(e) & mask
			for m.table[i] != 0 {
				i = (i + 1) & mask
			}
			m.table[i] = e
		}
	}
	if want := min(size/2, maxCache); len(m.cache) < want {
		old := m.cache
		m.cache = make([]cacheEntry, want)
		adviseHuge(m.cache)
		// Moved, not dropped: without the old results, edf9204 needs
		// 12% more conjunctions.
		for _, e := range old {
			if e.a != 0 {
				*m.cacheSlot(e.a, e.b) = e
			}
		}
	}
}

// prune removes the entries of freed nodes from the unique table in
// place: it empties their slots, then moves each entry that an emptied
// slot now separates from its home slot back towards it, visiting the
// slots in probe order from an empty one.
func (m *Manager) prune(live func(int32) bool) {
	t := m.table
	mask := uint32(len(t) - 1)
	start := -1
	for i, e := range t {
		if e != 0 && !live(int32(e>>32)) {
			t[i], e = 0, 0
		}
		if e == 0 && start < 0 {
			start = i
		}
	}
	if start < 0 {
		return // cannot happen: the table is at most 5/8 full
	}
	for k := 1; k <= len(t); k++ {
		j := (uint32(start) + uint32(k)) & mask
		e := t[j]
		if e == 0 || uint32(e)&mask == j {
			continue
		}
		t[j] = 0
		i := uint32(e) & mask
		for t[i] != 0 {
			i = (i + 1) & mask
		}
		t[i] = e
	}
}

// Var returns the function "variable v is true".
func (m *Manager) Var(v int32) (Ref, error) {
	return m.top(func() Ref { return m.mk(v, False, True) })
}

// And returns f ∧ g.
func (m *Manager) And(f, g Ref) (Ref, error) {
	m.Protect(f)
	m.Protect(g)
	defer m.Release(f)
	defer m.Release(g)
	return m.top(func() Ref { return m.and(f, g) })
}

// Or returns f ∨ g.
func (m *Manager) Or(f, g Ref) (Ref, error) {
	r, err := m.And(f^1, g^1)
	return r ^ 1, err
}

// top runs one operation at a safe point: it collects garbage first when
// the live nodes have grown, and once more (then retries) when the
// operation hits the limit. Operands must be protected.
func (m *Manager) top(op func() Ref) (Ref, error) {
	if m.live > m.gcAt {
		m.GC()
	}
	r, err := m.run(op)
	if errors.Is(err, errFull) {
		m.GC()
		r, err = m.run(op)
	}
	if errors.Is(err, errFull) {
		return 0, fmt.Errorf("%w: more than %d live nodes", ErrTooLarge, m.limit)
	}
	return r, err
}

// run returns op's result, or the error it aborted with.
func (m *Manager) run(op func() Ref) (r Ref, err error) {
	defer func() {
		if x := recover(); x != nil {
			a, ok := x.(abort)
			if !ok {
				panic(x)
			}
			err = a.err
		}
	}()
	return op(), nil
}

func (m *Manager) and(f, g Ref) Ref {
	if f > g {
		f, g = g, f
	}
	switch {
	case f == True || f == g:
		return g
	case f == False || f == g^1:
		return False
	}
	if slot := m.cacheSlot(f, g); slot.a == f && slot.b == g {
		return slot.r
	}
	m.Steps++
	if err := m.Poll.Tick(); err != nil {
		panic(abort{err})
	}
	nf, ng := m.nodes[f.node()], m.nodes[g.node()]
	v := min(nf.level, ng.level)
	f0, f1, g0, g1 := f, f, g, g
	if nf.level == v {
		f0, f1 = nf.lo^(f&1), nf.hi^(f&1)
	}
	if ng.level == v {
		g0, g1 = ng.lo^(g&1), ng.hi^(g&1)
	}
	r := m.mk(v, m.and(f0, g0), m.and(f1, g1))
	// The cache may have been replaced while recursing.
	*m.cacheSlot(f, g) = cacheEntry{f, g, r}
	return r
}

// AtLeast returns "at least k of fs are true", by the dynamic programme
// T(i,j) = f_i ∧ T(i-1,j-1) ∨ T(i-1,j).
func (m *Manager) AtLeast(fs []Ref, k int) (Ref, error) {
	if k <= 0 {
		return True, nil
	}
	if k > len(fs) {
		return False, nil
	}
	t := make([]Ref, k+1)
	t[0] = True
	for j := 1; j <= k; j++ {
		t[j] = False
	}
	defer func() {
		for _, r := range t {
			m.Release(r)
		}
	}()
	for j := range t {
		m.Protect(t[j])
	}
	for i, f := range fs {
		// Only counts that can still reach k matter.
		for j := min(k, i+1); j >= max(1, k-(len(fs)-i)+1); j-- {
			and, err := m.And(f, t[j-1])
			if err != nil {
				return 0, err
			}
			r, err := m.Or(and, t[j])
			if err != nil {
				return 0, err
			}
			m.Release(t[j])
			m.Protect(r)
			t[j] = r
		}
	}
	return t[k], nil
}

// GC frees every node that no protected root reaches, and drops the
// computed results that name a freed node.
func (m *Manager) GC() {
	m.GCs++
	words := (len(m.nodes) + 63) / 64
	if cap(m.marks) < words {
		m.marks = make([]uint64, words, 2*words)
	}
	m.marks = m.marks[:words]
	clear(m.marks)
	marks := m.marks
	marked := func(n int32) bool { return marks[n>>6]&(1<<(n&63)) != 0 }
	marks[0] = 1 // the terminal
	stack := m.stack[:0]
	for n := range m.ext {
		if !marked(n) {
			marks[n>>6] |= 1 << (n & 63)
			stack = append(stack, n)
		}
		for len(stack) > 0 {
			x := m.nodes[stack[len(stack)-1]]
			stack = stack[:len(stack)-1]
			if c := x.lo.node(); !marked(c) {
				marks[c>>6] |= 1 << (c & 63)
				stack = append(stack, c)
			}
			if c := x.hi.node(); !marked(c) {
				marks[c>>6] |= 1 << (c & 63)
				stack = append(stack, c)
			}
		}
	}
	m.stack = stack
	m.sweep(marked)
	m.prune(marked)
	for i := range m.cache {
		e := &m.cache[i]
		a, b, r := e.a>>1, e.b>>1, e.r>>1
		// Results that name a freed node are dropped.
		if e.a != 0 && marks[a>>6]>>(a&63)&(marks[b>>6]>>(b&63))&(marks[r>>6]>>(r&63))&1 == 0 {
			*e = cacheEntry{}
		}
	}
	// Collect again when the survivors have doubled.
	m.gcAt = max(m.gcAt, 2*m.live)
}

// sweep frees the nodes not marked: the free list is chained from the
// lowest index up, so that new nodes fill the array from its start, and
// freed nodes at its end are cut off.
func (m *Manager) sweep(marked func(int32) bool) {
	top := int32(len(m.nodes))
	for top > 1 && !marked(top-1) {
		top--
	}
	m.nodes = m.nodes[:top]
	m.free = -1
	m.live = 1 // the terminal
	for n := top - 1; n >= 1; n-- {
		if marked(n) {
			m.live++
			continue
		}
		m.nodes[n] = node{-1, Ref(m.free), 0}
		m.free = n
	}
}

// walk lists in seen the nodes f reaches, the terminal first and each
// node after its children; slot[n] is n's place there.
func (m *Manager) walk(f Ref) {
	if len(m.slot) < len(m.nodes) {
		m.slot = make([]int32, cap(m.nodes))
	}
	m.seen = m.seen[:0]
	m.add(0)
	var rec func(n int32)
	rec = func(n int32) {
		if m.visited(n) {
			return
		}
		x := &m.nodes[n]
		rec(x.lo.node())
		rec(x.hi.node())
		m.add(n)
	}
	rec(f.node())
}

// visited reports whether the current walk has listed node n: the slot
// array is never cleared, so a slot counts only where seen confirms it.
func (m *Manager) visited(n int32) bool {
	i := m.slot[n]
	return int(i) < len(m.seen) && m.seen[i] == n
}

func (m *Manager) add(n int32) {
	if len(m.seen) == cap(m.seen) {
		// Doubling, not append's quarter steps: a walk can list
		// millions of nodes.
		m.seen = append(make([]int32, 0, max(2*cap(m.seen), 1<<10)), m.seen...)
	}
	m.slot[n] = int32(len(m.seen))
	m.seen = append(m.seen, n)
}

// Probability returns P(f) and P(¬f), given each variable's probability of
// being true (p) and false (q, given separately so that both keep their
// precision). Both follow the same recurrence over sums of non-negative
// terms, so that a probability near 0 keeps its precision whichever way
// the complement edges point.
func (m *Manager) Probability(f Ref, p, q []float64) (pf, qf float64) {
	m.walk(f)
	// memo[2i], memo[2i+1]: P and P(¬) of the i-th node listed.
	if cap(m.memo) < 2*len(m.seen) {
		m.memo = make([]float64, 2*len(m.seen))
	}
	memo := m.memo[:2*len(m.seen)]
	memo[0], memo[1] = 1, 0
	for i, n := range m.seen {
		if i == 0 {
			continue // the terminal
		}
		x := &m.nodes[n]
		li, hi := m.slot[x.lo.node()], m.slot[x.hi.node()]
		l0, l1 := memo[2*li], memo[2*li+1]
		if x.lo.complemented() {
			l0, l1 = l1, l0
		}
		// Hi edges are regular.
		h0, h1 := memo[2*hi], memo[2*hi+1]
		pv, qv := p[x.level], q[x.level]
		memo[2*i], memo[2*i+1] = pv*h0+qv*l0, pv*h1+qv*l1
	}
	i := m.slot[f.node()]
	if f.complemented() {
		return memo[2*i+1], memo[2*i]
	}
	return memo[2*i], memo[2*i+1]
}

// Size returns the number of nodes f reaches, the terminal excluded.
func (m *Manager) Size(f Ref) int {
	m.walk(f)
	return len(m.seen) - 1
}
