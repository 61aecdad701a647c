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

const terminalLevel = 1<<31 - 1

// Manager owns the nodes of reduced ordered BDDs over variables numbered by
// their level (0 is the top of the order). Hi edges are always regular; a
// complemented function is a complemented edge. A unique table (chained
// hash) makes equal functions one node, a lossy computed table caches
// conjunctions, and a mark-and-sweep collector frees nodes that no
// protected root reaches. A Manager is not safe for concurrent use.
type Manager struct {
	nodes  []node
	ext    []int32 // external references (Protect)
	bucket []int32
	free   int32
	live   int
	limit  int
	gcAt   int
	cache  []cacheEntry
	// Scratch for Probability and Size, reused across calls: a node's
	// entries are valid when its mark equals epoch.
	memo  []float64
	mark  []int32
	epoch int32
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

// node is one decision: level -1 marks a freed node. next chains the
// unique table's bucket, or the free list. One struct keeps a lookup to
// one cache line.
type node struct {
	level  int32
	lo, hi Ref
	next   int32
}

type cacheEntry struct{ a, b, r Ref }

// New returns a manager that holds at most limit live nodes.
func New(limit int) *Manager {
	m := &Manager{limit: limit, free: -1, gcAt: 1 << 17}
	m.nodes = append(m.nodes, node{terminalLevel, True, True, -1})
	m.ext = append(m.ext, 1)
	m.live = 1
	m.bucket = make([]int32, 1<<10)
	for i := range m.bucket {
		m.bucket[i] = -1
	}
	m.cache = make([]cacheEntry, 1<<10)
	m.clearCache()
	return m
}

func (m *Manager) clearCache() {
	for i := range m.cache {
		m.cache[i] = cacheEntry{-1, -1, -1}
	}
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
func (m *Manager) Release(f Ref) { m.ext[f.node()]-- }

func hash3(a, b, c int32) uint64 {
	h := uint64(uint32(a))*0x9E3779B97F4A7C15 ^ uint64(uint32(b))*0xC2B2AE3D27D4EB4F ^ uint64(uint32(c))*0x165667B19E3779F9
	return h ^ h>>31
}

// mk returns the node (v, lo, hi), keeping hi edges regular.
func (m *Manager) mk(v int32, lo, hi Ref) (Ref, error) {
	if lo == hi {
		return lo, nil
	}
	if hi.complemented() {
		r, err := m.find(v, lo^1, hi^1)
		return r ^ 1, err
	}
	return m.find(v, lo, hi)
}

func (m *Manager) find(v int32, lo, hi Ref) (Ref, error) {
	b := hash3(v, int32(lo), int32(hi)) & uint64(len(m.bucket)-1)
	for n := m.bucket[b]; n >= 0; {
		x := &m.nodes[n]
		if x.level == v && x.lo == lo && x.hi == hi {
			return Ref(n << 1), nil
		}
		n = x.next
	}
	if m.live >= m.limit {
		return 0, errFull
	}

	var n int32
	if m.free >= 0 {
		n = m.free
		m.free = m.nodes[n].next
		m.nodes[n] = node{v, lo, hi, m.bucket[b]}
		m.ext[n] = 0
	} else {
		n = int32(len(m.nodes))
		if len(m.nodes) == cap(m.nodes) {
			m.grow()
		}
		m.nodes = append(m.nodes, node{v, lo, hi, m.bucket[b]})
		m.ext = append(m.ext, 0)
	}
	m.bucket[b] = n
	m.live++
	m.Peak = max(m.Peak, m.live)
	if m.live > len(m.bucket) {
		m.rehash(len(m.bucket) * 4)
	}
	return Ref(n << 1), nil
}

// grow doubles the node arrays' capacity: append grows large slices by a
// quarter at a time, and copying millions of nodes again and again cost
// a quarter of the run time.
func (m *Manager) grow() {
	c := max(2*cap(m.nodes), 1<<10)
	m.nodes = append(make([]node, 0, c), m.nodes...)
	m.ext = append(make([]int32, 0, c), m.ext...)
}

// maxCache bounds the computed table (12 bytes an entry): past a few
// million entries, clearing and sweeping it costs more than the hits save.
const maxCache = 1 << 21

// rehash resizes the unique table and, to keep hits likely, the cache.
// Rehashing moves no node, so cached results stay valid.
func (m *Manager) rehash(size int) {
	m.bucket = make([]int32, size)
	for i := range m.bucket {
		m.bucket[i] = -1
	}
	for n := int32(1); n < int32(len(m.nodes)); n++ {
		x := &m.nodes[n]
		if x.level < 0 {
			continue // freed
		}
		b := hash3(x.level, int32(x.lo), int32(x.hi)) & uint64(size-1)
		x.next = m.bucket[b]
		m.bucket[b] = n
	}
	if want := min(size/2, maxCache); len(m.cache) < want {
		old := m.cache
		m.cache = make([]cacheEntry, want)
		m.clearCache()
		for _, e := range old {
			if e.a >= 0 {
				m.cache[hash3(int32(e.a), int32(e.b), 7)&uint64(want-1)] = e
			}
		}
	}
}

// Var returns the function "variable v is true".
func (m *Manager) Var(v int32) (Ref, error) {
	return m.top(func() (Ref, error) { return m.mk(v, False, True) })
}

// And returns f ∧ g.
func (m *Manager) And(f, g Ref) (Ref, error) {
	m.Protect(f)
	m.Protect(g)
	defer m.Release(f)
	defer m.Release(g)
	return m.top(func() (Ref, error) { return m.and(f, g) })
}

// Or returns f ∨ g.
func (m *Manager) Or(f, g Ref) (Ref, error) {
	r, err := m.And(f^1, g^1)
	return r ^ 1, err
}

// top runs one operation at a safe point: it collects garbage first when
// the live nodes have grown, and once more (then retries) when the
// operation hits the limit. Operands must be protected.
func (m *Manager) top(op func() (Ref, error)) (Ref, error) {
	if m.live > m.gcAt {
		m.GC()
	}
	r, err := op()
	if errors.Is(err, errFull) {
		m.GC()
		r, err = op()
	}
	if errors.Is(err, errFull) {
		return 0, fmt.Errorf("%w: more than %d live nodes", ErrTooLarge, m.limit)
	}
	return r, err
}

func (m *Manager) and(f, g Ref) (Ref, error) {
	switch {
	case f == False || g == False || f == g^1:
		return False, nil
	case f == True || f == g:
		return g, nil
	case g == True:
		return f, nil
	}
	if f > g {
		f, g = g, f
	}
	slot := &m.cache[hash3(int32(f), int32(g), 7)&uint64(len(m.cache)-1)]
	if slot.a == f && slot.b == g {
		return slot.r, nil
	}
	m.Steps++
	if err := m.Poll.Tick(); err != nil {
		return 0, err
	}
	lf, lg := m.nodes[f.node()].level, m.nodes[g.node()].level
	v := min(lf, lg)
	f0, f1, g0, g1 := f, f, g, g
	if lf == v {
		f0, f1 = m.Cofactors(f)
	}
	if lg == v {
		g0, g1 = m.Cofactors(g)
	}
	lo, err := m.and(f0, g0)
	if err != nil {
		return 0, err
	}
	hi, err := m.and(f1, g1)
	if err != nil {
		return 0, err
	}
	r, err := m.mk(v, lo, hi)
	if err != nil {
		return 0, err
	}
	// The cache may have been replaced while recursing.
	slot = &m.cache[hash3(int32(f), int32(g), 7)&uint64(len(m.cache)-1)]
	*slot = cacheEntry{f, g, r}
	return r, nil
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

// GC frees every node that no protected root reaches and clears the
// computed table.
func (m *Manager) GC() {
	m.GCs++
	marked := make([]bool, len(m.nodes))
	var stack []int32
	for n := range m.ext {
		if m.ext[n] > 0 && m.nodes[n].level >= 0 && !marked[n] {
			marked[n] = true
			stack = append(stack, int32(n))
		}
		for len(stack) > 0 {
			x := &m.nodes[stack[len(stack)-1]]
			stack = stack[:len(stack)-1]
			for _, c := range [2]int32{x.lo.node(), x.hi.node()} {
				if !marked[c] {
					marked[c] = true
					stack = append(stack, c)
				}
			}
		}
	}
	m.free = -1
	m.live = 0
	for n := int32(len(m.nodes)) - 1; n >= 1; n-- {
		if marked[n] {
			m.live++
			continue
		}
		m.nodes[n] = node{-1, 0, 0, m.free}
		m.free = n
	}
	m.live++ // the terminal
	m.rehash(len(m.bucket))
	// Results that name a freed node are dropped; the others stay valid.
	for i := range m.cache {
		e := &m.cache[i]
		if e.a >= 0 && (!marked[e.a.node()] || !marked[e.b.node()] || !marked[e.r.node()]) {
			*e = cacheEntry{-1, -1, -1}
		}
	}
	// Collect again when the survivors have doubled.
	m.gcAt = max(m.gcAt, 2*m.live)
}

// Probability returns P(f) and P(¬f), given each variable's probability of
// being true (p) and false (q, given separately so that both keep their
// precision). Both follow the same recurrence over sums of non-negative
// terms, so that a probability near 0 keeps its precision whichever way
// the complement edges point.
func (m *Manager) Probability(f Ref, p, q []float64) (pf, qf float64) {
	// memo[2n], memo[2n+1]: P and P(¬) of node n, once marked.
	mark := m.newEpoch()
	memo := m.memo
	memo[0], memo[1] = 1, 0
	m.mark[0] = mark
	var rec func(n int32)
	rec = func(n int32) {
		if m.mark[n] == mark {
			return
		}
		x := m.nodes[n]
		l, h := x.lo, x.hi
		rec(l.node())
		rec(h.node())
		pv, qv := p[x.level], q[x.level]
		l0, l1 := memo[2*l.node()], memo[2*l.node()+1]
		if l.complemented() {
			l0, l1 = l1, l0
		}
		// Hi edges are regular.
		h0, h1 := memo[2*h.node()], memo[2*h.node()+1]
		memo[2*n], memo[2*n+1] = pv*h0+qv*l0, pv*h1+qv*l1
		m.mark[n] = mark
	}
	rec(f.node())
	n := f.node()
	if f.complemented() {
		return memo[2*n+1], memo[2*n]
	}
	return memo[2*n], memo[2*n+1]
}

// Size returns the number of nodes f reaches, the terminal excluded.
func (m *Manager) Size(f Ref) int {
	mark := m.newEpoch()
	m.mark[0] = mark
	count := 0
	stack := []int32{f.node()}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if m.mark[n] == mark {
			continue
		}
		m.mark[n] = mark
		count++
		stack = append(stack, m.nodes[n].lo.node(), m.nodes[n].hi.node())
	}
	return count
}

// newEpoch sizes the scratch arrays to the nodes and returns a mark that
// no node carries yet.
func (m *Manager) newEpoch() int32 {
	if len(m.mark) < len(m.nodes) {
		m.mark = make([]int32, 2*len(m.nodes))
		m.memo = make([]float64, 4*len(m.nodes))
		m.epoch = 0
	}
	m.epoch++
	return m.epoch
}
