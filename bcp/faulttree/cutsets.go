package faulttree

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"strings"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/internal/bdd"
	"github.com/continuitykit/continuity/internal/poll"
)

// MaxCutSetOrder is the largest order CutSets computes. The number of cut
// sets grows like (components)^order; beyond this the answer is rarely
// useful and never cheap.
const MaxCutSetOrder = 6

// DefaultMaxCutSets bounds how many cut sets one call returns.
const DefaultMaxCutSets = 5_000_000

// CutSetOptions configures CutSets. The zero value asks for order 2.
type CutSetOptions struct {
	// Order is the largest cut set size (1..MaxCutSetOrder); 0 means 2.
	Order int
	// MaxSets bounds the cut sets returned; 0 means DefaultMaxCutSets.
	// Exceeding it is a *LimitError wrapping ErrTooManyCutSets, never a
	// silent cut.
	MaxSets int
	// MaxNodes bounds the live decision diagram nodes; 0 means
	// DefaultMaxBDDNodes.
	MaxNodes int
}

// CutSetReport is the minimal cut sets of one component.
type CutSetReport struct {
	Of    string `json:"of"`
	Order int    `json:"order"`
	// CutSets are sorted by size, then lexicographically; each set sorted.
	CutSets [][]string `json:"cutsets"`
}

// CutSets computes the minimal cut sets of order at most opts.Order of a
// component: sets of components (never the component itself nor a virtual
// one) that together take it down, no proper subset of which does. Every
// component that is not virtual is a basic event, whether or not it has
// dependencies.
//
// The component's failure logic is simplified and split into modules as
// for Availability; each module's binary decision diagram gives its
// minimal solutions of at most Order events as a zero-suppressed diagram
// (Rauzy's minsol, truncated at the order), and a submodule's variable is
// replaced by the submodule's family. The work is bounded by the
// diagrams, not by the number of non-minimal products.
func CutSets(m *bcp.Model, of string, opts CutSetOptions) (*CutSetReport, error) {
	return CutSetsContext(context.Background(), m, of, opts)
}

// CutSetsContext is CutSets, stopped when ctx ends: it then returns ctx's
// error (context.Canceled or context.DeadlineExceeded).
func CutSetsContext(ctx context.Context, m *bcp.Model, of string, opts CutSetOptions) (*CutSetReport, error) {
	si, err := m.Lookup(of)
	if err != nil {
		return nil, err
	}
	s := int32(si)
	g := newGraph(m, []int32{s})
	defer g.release()
	order := opts.Order
	if order == 0 {
		order = 2
	}
	if order < 1 || order > MaxCutSetOrder {
		return nil, fmt.Errorf("cut set order %d out of range; valid: 1 to %d", order, MaxCutSetOrder)
	}
	maxSets := opts.MaxSets
	if maxSets <= 0 {
		maxSets = DefaultMaxCutSets
	}
	limit := opts.MaxNodes
	if limit <= 0 {
		limit = DefaultMaxBDDNodes
	}
	var c cone
	c.init(g)
	c.explore([]int32{s}, nil)
	pl := poll.New(ctx)
	mgr := bdd.New(limit)
	mgr.Poll = pl
	own := func(v int32) (float64, float64) {
		if v == s || g.comps[v].Virtual {
			return 0, 1
		}
		return 0.5, 0.5
	}
	d, root := fromCone(g, &c, 0, func(int32) (float64, float64, bool) { return 0, 0, false }, own)
	z := bdd.NewZ(limit)
	z.Poll = pl
	sol, b, err := minimalSolutions(d, mgr, z, root, order)
	if err != nil {
		return nil, limitError(err, limit, of)
	}
	n := z.Count(sol)
	if n > maxSets {
		return nil, &LimitError{Err: ErrTooManyCutSets, Limit: maxSets, Of: of}
	}
	// Only the variables' levels are needed from here: the decision
	// diagrams (b holds the manager) and the family's tables can go
	// while the sets are listed.
	vars := b.vars
	z.Freeze()
	ids := func(l int32) string { return g.comps[c.nodes[d.nodes[vars[l]].ref]].ID }
	return &CutSetReport{Of: of, Order: order, CutSets: sortedSets(z, sol, n, order, len(vars), ids)}, nil
}

// sortedSets lists the n sets of f, each as the sorted ids of its levels,
// in SortCutSets order. Ids are ranked once, so that sets are sorted as
// numbers or short lists of ranks, not of strings, and the strings of all
// sets share one backing array: a family of 10⁵ sets is then a few
// allocations.
func sortedSets(z *bdd.ZManager, f bdd.ZRef, n, order, levels int, ids func(l int32) string) [][]string {
	flat, start, byID := rankedSets(z, f, n, order, levels, ids)
	if !sortPacked(flat, start, bits.Len(uint(len(byID)))) {
		sortLists(flat, start)
	}
	strs := make([]string, len(flat))
	for i, r := range flat {
		strs[i] = ids(byID[r])
	}
	out := make([][]string, len(start)-1)
	for i := range out {
		out[i] = strs[start[i]:start[i+1]:start[i+1]]
	}
	return out
}

// rankedSets lists the n sets of f (at most order levels each) in flat,
// set i from start[i], as the ranks of their levels' ids (byID[r] is the
// level of rank r), each set sorted. The lists are sized once, not grown
// by append's quarter steps (a tenth of the time of edf9203's 327,178
// sets).
func rankedSets(z *bdd.ZManager, f bdd.ZRef, n, order, levels int, ids func(l int32) string) (flat, start, byID []int32) {
	flat, start = make([]int32, 0, n*order), make([]int32, 0, n+1)
	z.Sets(f, func(ls []int32) bool {
		start = append(start, int32(len(flat)))
		flat = append(flat, ls...)
		return true
	})
	start = append(start, int32(len(flat)))
	// Rank the levels that occur (only events do) by id.
	rank := make([]int32, levels)
	for _, l := range flat {
		if rank[l] == 0 {
			rank[l] = 1
			byID = append(byID, l)
		}
	}
	slices.SortFunc(byID, func(a, b int32) int { return strings.Compare(ids(a), ids(b)) })
	for r, l := range byID {
		rank[l] = int32(r)
	}
	for i := range flat {
		flat[i] = rank[flat[i]]
	}
	for i := range len(start) - 1 {
		slices.Sort(flat[start[i]:start[i+1]])
	}
	return flat, start, byID
}

// sortPacked puts the sets of flat (ranks of w bits) in SortCutSets order
// by sorting one number per set, its size and then its ranks, where that
// fits in 64 bits; it reports whether it did.
func sortPacked(flat, start []int32, w int) bool {
	longest := 0
	for i := range len(start) - 1 {
		longest = max(longest, int(start[i+1]-start[i]))
	}
	// The size takes 3 bits: sets have at most MaxCutSetOrder members.
	if 3+longest*w > 64 {
		return false
	}
	keys := make([]uint64, len(start)-1)
	for i := range keys {
		set := flat[start[i]:start[i+1]]
		key := uint64(len(set))
		for j := range longest {
			key <<= w
			if j < len(set) {
				key |= uint64(set[j])
			}
		}
		keys[i] = key
	}
	slices.Sort(keys)
	k := int32(0)
	for i, key := range keys {
		start[i] = k
		for j := range int(key >> (longest * w)) {
			flat[k] = int32(key >> ((longest - 1 - j) * w) & (1<<w - 1))
			k++
		}
	}
	return true
}

// sortLists puts the sets of flat in SortCutSets order by comparing them
// as lists of ranks.
func sortLists(flat, start []int32) {
	from := slices.Clone(start)
	set := func(i int) []int32 { return flat[from[i]:from[i+1]] }
	order := make([]int, len(start)-1)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		sa, sb := set(a), set(b)
		if len(sa) != len(sb) {
			return len(sa) - len(sb)
		}
		return slices.Compare(sa, sb)
	})
	sorted := make([]int32, 0, len(flat))
	for i, x := range order {
		start[i] = int32(len(sorted))
		sorted = append(sorted, set(x)...)
	}
	copy(flat, sorted)
}

func limitError(err error, limit int, of string) error {
	if isTooLarge(err) {
		return &LimitError{Err: ErrBDDTooLarge, Limit: limit, Of: of}
	}
	return err
}

// SortCutSets puts cut sets in the documented order: by size, then
// lexicographically (each set must already be sorted). It is how results
// from other tools are made comparable with CutSets.
func SortCutSets(sets [][]string) {
	slices.SortFunc(sets, func(a, b []string) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return slices.Compare(a, b)
	})
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

// WriteJSON writes the stable JSON form to w in encoding/json's layout
// with indent per level (compact when empty), ids escaped as MarshalJSON
// escapes them, without building it in memory first: an order-3 family
// has 10⁵ sets. EncodeJSON of the report gives the same bytes either way.
func (r *CutSetReport) WriteJSON(w io.Writer, indent string) error {
	j := newJSONWriter(w, indent)
	j.escapeHTML = true
	j.open("{")
	j.key("of")
	j.str(r.Of)
	j.key("order")
	j.integer(r.Order)
	j.key("cutsets")
	j.open("[")
	for _, set := range r.CutSets {
		j.open("[")
		for _, id := range set {
			j.str(id)
		}
		j.close("]")
	}
	j.close("]")
	j.close("}")
	if indent != "" {
		j.raw("\n")
	}
	return j.flush()
}
