package bcp

import (
	"encoding/json"
	"fmt"
	"sort"
)

// MaxCutSetOrder is the largest order CutSets computes. The number of cut
// sets grows like (components)^order; beyond this the answer is rarely
// useful and never cheap.
const MaxCutSetOrder = 6

// DefaultMaxCutSets bounds how many cut sets one call may hold.
const DefaultMaxCutSets = 5_000_000

// CutSetOptions configures CutSets. The zero value asks for order 2 with
// every component as a candidate.
type CutSetOptions struct {
	// Order is the largest cut set size (1..MaxCutSetOrder); 0 means 2.
	Order int
	// LeavesOnly restricts candidates to components without dependencies.
	LeavesOnly bool
	// MaxSets bounds the cut sets held while computing; 0 means
	// DefaultMaxCutSets. Exceeding it is an error, never a silent cut.
	MaxSets int
}

// CutSetReport is the minimal cut sets of one component.
type CutSetReport struct {
	Of    string `json:"of"`
	Order int    `json:"order"`
	// CutSets are sorted by size, then lexicographically; each set sorted.
	CutSets [][]string `json:"cutsets"`
}

type cutSet struct {
	n int8
	e [MaxCutSetOrder]int32
}

func (c cutSet) has(x int32) bool {
	for i := int8(0); i < c.n; i++ {
		if c.e[i] == x {
			return true
		}
	}
	return false
}

// join returns a∪b if it has at most order elements.
func join(a, b cutSet, order int8) (cutSet, bool) {
	out := a
	for i := int8(0); i < b.n; i++ {
		if !out.has(b.e[i]) {
			if out.n == order {
				return cutSet{}, false
			}
			out.e[out.n] = b.e[i]
			out.n++
		}
	}
	// Sorted elements make equal sets equal keys.
	s := out.e[:out.n]
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return out, true
}

// ErrTooManyCutSets is returned (wrapped) when MaxSets is exceeded.
var ErrTooManyCutSets = fmt.Errorf("too many cut sets")

type cutSetter struct {
	m       *Model
	canFail []bool
	order   int8
	limit   int
	held    int
	fam     map[int32][]cutSet // families of group members (and the target)
	group   map[int32][]cutSet // families of groups, by requirement index
	stamp   []int32
	cur     int32
}

// CutSets computes the minimal cut sets of order at most opts.Order of a
// component: sets of components (never the component itself nor a virtual
// one) that together take it down, no proper subset of which does.
//
// Families are built bottom-up with truncation at the order, but only where
// they are needed: at the component and at members of redundancy groups.
// Plain requirements contribute their single components directly. The cost
// grows with the number of cut sets, which for order 3 and large cones can
// be large; MaxSets bounds it.
func (m *Model) CutSets(of string, opts CutSetOptions) (*CutSetReport, error) {
	s, ok := m.index[of]
	if !ok {
		return nil, fmt.Errorf("unknown component %q%s", of, didYouMean(of, m.IDs()))
	}
	order := opts.Order
	if order == 0 {
		order = 2
	}
	if order < 1 || order > MaxCutSetOrder {
		return nil, fmt.Errorf("cut set order %d out of range; valid: 1 to %d", order, MaxCutSetOrder)
	}
	limit := opts.MaxSets
	if limit <= 0 {
		limit = DefaultMaxCutSets
	}
	cs := &cutSetter{m: m, canFail: m.candidates(opts.LeavesOnly), order: int8(order), limit: limit,
		fam: map[int32][]cutSet{}, group: map[int32][]cutSet{}, stamp: make([]int32, len(m.comps))}
	cs.canFail[s] = false
	fam, err := cs.family(s)
	if err != nil {
		return nil, err
	}
	rep := &CutSetReport{Of: of, Order: order, CutSets: make([][]string, len(fam))}
	for i, c := range fam {
		ids := make([]string, c.n)
		for j := int8(0); j < c.n; j++ {
			ids[j] = m.comps[c.e[j]].ID
		}
		sort.Strings(ids)
		rep.CutSets[i] = ids
	}
	SortCutSets(rep.CutSets)
	return rep, nil
}

// SortCutSets puts cut sets in the documented order: by size, then
// lexicographically (each set must already be sorted). It is how results
// from other tools are made comparable with CutSets.
func SortCutSets(sets [][]string) {
	sort.Slice(sets, func(i, j int) bool {
		a, b := sets[i], sets[j]
		if len(a) != len(b) {
			return len(a) < len(b)
		}
		for k := range a {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		return false
	})
}

// family returns the minimal cut sets of x: its own failure, the single
// components reachable through plain requirements, and the families of the
// redundancy groups met on the way.
func (cs *cutSetter) family(x int32) ([]cutSet, error) {
	if f, ok := cs.fam[x]; ok {
		return f, nil
	}
	m := cs.m
	cs.cur++
	stamp := cs.cur
	var out []cutSet
	var groups []int32
	stack := []int32{x}
	cs.stamp[x] = stamp
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if cs.canFail[v] {
			out = append(out, cutSet{n: 1, e: [MaxCutSetOrder]int32{v}})
		}
		for ri := m.reqStart[v]; ri < m.reqStart[v+1]; ri++ {
			r := m.reqs[ri]
			if r.kind != Requires {
				groups = append(groups, ri)
				continue
			}
			if cs.stamp[r.target] != stamp {
				cs.stamp[r.target] = stamp
				stack = append(stack, r.target)
			}
		}
	}
	for _, g := range groups {
		gf, err := cs.groupFamily(g)
		if err != nil {
			return nil, err
		}
		out = append(out, gf...)
		if err := cs.charge(len(gf)); err != nil {
			return nil, err
		}
	}
	out = minimize(out)
	cs.fam[x] = out
	return out, cs.charge(len(out))
}

func (cs *cutSetter) charge(n int) error {
	cs.held += n
	if cs.held > cs.limit {
		return fmt.Errorf("%w: more than %d while computing order %d; lower the order, use leaves only, or raise the limit", ErrTooManyCutSets, cs.limit, cs.order)
	}
	return nil
}

// groupFamily returns the minimal cut sets that take down enough members of
// a redundancy group: for each choice of need members, the truncated product
// of their families.
func (cs *cutSetter) groupFamily(ri int32) ([]cutSet, error) {
	if f, ok := cs.group[ri]; ok {
		return f, nil
	}
	r := cs.m.reqs[ri]
	members := cs.m.groupMembers(r)
	fams := make([][]cutSet, len(members))
	for i, x := range members {
		f, err := cs.family(x)
		if err != nil {
			return nil, err
		}
		fams[i] = f
	}
	need := len(members) - int(r.k) + 1
	var out []cutSet
	var err error
	choose := make([]int, 0, need)
	var rec func(from int, cur []cutSet)
	rec = func(from int, cur []cutSet) {
		if err != nil {
			return
		}
		if len(choose) == need {
			out = append(out, cur...)
			if len(out) > cs.limit {
				err = fmt.Errorf("%w: more than %d in one redundancy group", ErrTooManyCutSets, cs.limit)
			}
			return
		}
		for i := from; i <= len(members)-(need-len(choose)); i++ {
			var next []cutSet
			for _, a := range cur {
				for _, b := range fams[i] {
					if u, ok := join(a, b, cs.order); ok {
						next = append(next, u)
					}
				}
			}
			if len(next) > cs.limit {
				err = fmt.Errorf("%w: more than %d in one redundancy group", ErrTooManyCutSets, cs.limit)
				return
			}
			next = minimize(next)
			if len(next) == 0 {
				continue
			}
			choose = append(choose, i)
			rec(i+1, next)
			choose = choose[:len(choose)-1]
		}
	}
	rec(0, []cutSet{{}})
	if err != nil {
		return nil, err
	}
	out = minimize(out)
	cs.group[ri] = out
	return out, nil
}

// minimize removes duplicates and every set that contains another.
func minimize(sets []cutSet) []cutSet {
	if len(sets) <= 1 {
		return sets
	}
	sort.Slice(sets, func(i, j int) bool { return sets[i].n < sets[j].n })
	seen := make(map[cutSet]struct{}, len(sets))
	out := sets[:0]
	for _, c := range sets {
		if _, dup := seen[c]; dup {
			continue
		}
		if c.n > 1 && containsSubset(seen, c) {
			continue
		}
		seen[c] = struct{}{}
		out = append(out, c)
	}
	return out
}

// containsSubset reports whether a proper subset of c is in seen.
func containsSubset(seen map[cutSet]struct{}, c cutSet) bool {
	full := 1<<c.n - 1
	for mask := 1; mask < full; mask++ {
		var sub cutSet
		for i := int8(0); i < c.n; i++ {
			if mask&(1<<i) != 0 {
				sub.e[sub.n] = c.e[i]
				sub.n++
			}
		}
		if _, ok := seen[sub]; ok {
			return true
		}
	}
	return false
}

// MarshalJSON writes the stable JSON form (schema/output.schema.json).
func (r *CutSetReport) MarshalJSON() ([]byte, error) {
	sets := r.CutSets
	if sets == nil {
		sets = [][]string{}
	}
	type plain CutSetReport
	return json.Marshal(plain{Of: r.Of, Order: r.Order, CutSets: sets})
}
