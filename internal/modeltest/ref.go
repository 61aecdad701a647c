package modeltest

import (
	"sort"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
)

// Ref is a deliberately naive implementation of MODEL.md's semantics over
// a Document, for checking the fast analyses: recursion for the boolean
// semantics, hour-by-hour sampling for time, enumeration for the rest.
// Components are named by their index in Doc.Components.
type Ref struct {
	Doc *bcp.Document
	idx map[string]int
}

// NewRef returns the reference for doc.
func NewRef(doc *bcp.Document) *Ref {
	r := &Ref{Doc: doc, idx: map[string]int{}}
	for i, c := range doc.Components {
		r.idx[c.ID] = i
	}
	return r
}

// Index returns the index of component id in Doc.Components.
func (r *Ref) Index(id string) int { return r.idx[id] }

// Down returns which components are down when exactly the failed ones fail.
func (r *Ref) Down(failed map[int]bool) []bool {
	n := len(r.Doc.Components)
	memo := make([]int8, n) // 0 unknown, 1 up, 2 down
	var eval func(i int) bool
	eval = func(i int) bool {
		if memo[i] != 0 {
			return memo[i] == 2
		}
		c := r.Doc.Components[i]
		d := failed[i] && !c.Virtual
		for _, dep := range c.DependsOn {
			switch dep.Kind {
			case bcp.Requires:
				if eval(r.idx[dep.ID]) {
					d = true
				}
			default:
				up := 0
				for _, x := range dep.Members {
					if !eval(r.idx[x]) {
						up++
					}
				}
				k := 1
				if dep.Kind == bcp.AtLeast {
					k = dep.K
				}
				if up < k {
					d = true
				}
			}
		}
		memo[i] = 1
		if d {
			memo[i] = 2
		}
		return d
	}
	out := make([]bool, n)
	for i := range out {
		out[i] = eval(i)
	}
	return out
}

// candidate: every component but s that is not virtual (MODEL.md).
func (r *Ref) candidate(i, s int) bool {
	return i != s && !r.Doc.Components[i].Virtual
}

// SPOF returns the single points of failure of component s, sorted: each
// candidate failing alone.
func (r *Ref) SPOF(s int) []string {
	var out []string
	for c := range r.Doc.Components {
		if r.candidate(c, s) && r.Down(map[int]bool{c: true})[s] {
			out = append(out, r.Doc.Components[c].ID)
		}
	}
	sort.Strings(out)
	return out
}

// CutSets returns the minimal cut sets of component s up to order, each
// sorted and the list in faulttree.SortCutSets order, by enumerating
// every set of candidates by increasing size.
func (r *Ref) CutSets(s, order int) [][]string {
	var cands []int
	for c := range r.Doc.Components {
		if r.candidate(c, s) {
			cands = append(cands, c)
		}
	}
	var found [][]int
	isSuperset := func(set []int) bool {
		for _, f := range found {
			all := true
			for _, x := range f {
				in := false
				for _, y := range set {
					in = in || x == y
				}
				all = all && in
			}
			if all {
				return true
			}
		}
		return false
	}
	// By increasing size, so a set is minimal iff it contains no set found
	// before.
	for size := 1; size <= order; size++ {
		var rec func(from int, cur []int)
		rec = func(from int, cur []int) {
			if len(cur) == size {
				failed := map[int]bool{}
				for _, x := range cur {
					failed[x] = true
				}
				if r.Down(failed)[s] && !isSuperset(cur) {
					found = append(found, append([]int(nil), cur...))
				}
				return
			}
			for i := from; i < len(cands); i++ {
				rec(i+1, append(cur, cands[i]))
			}
		}
		rec(0, nil)
	}
	out := make([][]string, len(found))
	for i, f := range found {
		for _, x := range f {
			out[i] = append(out[i], r.Doc.Components[x].ID)
		}
		sort.Strings(out[i])
	}
	faulttree.SortCutSets(out)
	return out
}

// Availability returns the probability that component s is up, by
// enumerating every combination of failures.
func (r *Ref) Availability(s int) float64 {
	var events []int
	var q []float64
	for i, c := range r.Doc.Components {
		if a := c.OwnAvailability(); !c.Virtual && a < 1 {
			events = append(events, i)
			q = append(q, 1-a)
		}
	}
	up := 0.0
	for mask := 0; mask < 1<<len(events); mask++ {
		p := 1.0
		failed := map[int]bool{}
		for k, e := range events {
			if mask&(1<<k) != 0 {
				failed[e] = true
				p *= q[k]
			} else {
				p *= 1 - q[k]
			}
		}
		if !r.Down(failed)[s] {
			up += p
		}
	}
	return up
}
