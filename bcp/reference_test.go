package bcp_test

import (
	"math"
	"sort"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// ref is a deliberately naive implementation of MODEL.md's semantics over the
// Document, for checking the fast analyses: recursion for the boolean
// semantics, hour-by-hour sampling for time, enumeration for the rest.
type ref struct {
	doc *bcp.Document
	idx map[string]int
}

func newRef(doc *bcp.Document) *ref {
	r := &ref{doc: doc, idx: map[string]int{}}
	for i, c := range doc.Components {
		r.idx[c.ID] = i
	}
	return r
}

// down returns which components are down when exactly the failed ones fail.
func (r *ref) down(failed map[int]bool) []bool {
	n := len(r.doc.Components)
	memo := make([]int8, n) // 0 unknown, 1 up, 2 down
	var eval func(i int) bool
	eval = func(i int) bool {
		if memo[i] != 0 {
			return memo[i] == 2
		}
		c := r.doc.Components[i]
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

func (r *ref) candidate(i, s int, leaves bool) bool {
	c := r.doc.Components[i]
	return i != s && !c.Virtual && (!leaves || len(c.DependsOn) == 0)
}

func (r *ref) spof(s int, leaves bool) []string {
	var out []string
	for c := range r.doc.Components {
		if r.candidate(c, s, leaves) && r.down(map[int]bool{c: true})[s] {
			out = append(out, r.doc.Components[c].ID)
		}
	}
	sort.Strings(out)
	return out
}

func (r *ref) cutSets(s, order int, leaves bool) [][]string {
	var cands []int
	for c := range r.doc.Components {
		if r.candidate(c, s, leaves) {
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
				if r.down(failed)[s] && !isSuperset(cur) {
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
			out[i] = append(out[i], r.doc.Components[x].ID)
		}
		sort.Strings(out[i])
	}
	bcp.SortCutSets(out)
	return out
}

// availability enumerates every combination of failures.
func (r *ref) availability(s int) float64 {
	var events []int
	var q []float64
	for i, c := range r.doc.Components {
		if !c.Virtual && c.Availability != nil && *c.Availability < 1 {
			events = append(events, i)
			q = append(q, 1-*c.Availability)
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
		if !r.down(failed)[s] {
			up += p
		}
	}
	return up
}

// simulate samples every component at h+0.5 hours for h in [0, horizon):
// with all events at whole hours, state is constant on [h, h+1), so the
// samples determine the exact answer.
func (r *ref) simulate(sc bcp.Scenario, horizon int) [][]bool {
	n := len(r.doc.Components)
	down := make([][]bool, n)
	done := make([]bool, n)
	hours := func(d time.Duration) int { return int(d / time.Hour) }
	// at reports whether x is down at sample k, false before the start.
	var eval func(i int)
	at := func(i, k int) bool {
		eval(i)
		return k >= 0 && down[i][k]
	}
	// held reports whether cond held at every sample in [h-tol, h].
	held := func(h, tol int, cond func(k int) bool) bool {
		for k := h - tol; k <= h; k++ {
			if k < 0 || !cond(k) {
				return false
			}
		}
		return true
	}
	eval = func(i int) {
		if done[i] {
			return
		}
		done[i] = true
		c := r.doc.Components[i]
		for _, dep := range c.DependsOn {
			if dep.Kind == bcp.Requires {
				eval(r.idx[dep.ID])
			} else {
				for _, x := range dep.Members {
					eval(r.idx[x])
				}
			}
		}
		down[i] = make([]bool, horizon)
		for h := 0; h < horizon; h++ {
			t := float64(h) + 0.5
			d := false
			for _, x := range sc.Disrupt {
				if r.idx[x.ID] != i {
					continue
				}
				from := float64(hours(x.At))
				to := math.Inf(1)
				if x.For > 0 {
					to = from + float64(hours(x.For))
				}
				d = d || (from <= t && t < to)
			}
			for _, dep := range c.DependsOn {
				tol := hours(dep.Tolerance)
				if dep.Kind == bcp.Requires {
					j := r.idx[dep.ID]
					d = d || held(h, tol, func(k int) bool { return at(j, k) })
					continue
				}
				k := 1
				if dep.Kind == bcp.AtLeast {
					k = dep.K
				}
				members := dep.Members
				d = d || held(h, tol, func(s int) bool {
					up := 0
					for _, x := range members {
						if !at(r.idx[x], s) {
							up++
						}
					}
					return up < k
				})
			}
			down[i][h] = d
		}
	}
	for i := 0; i < n; i++ {
		eval(i)
	}
	return down
}

// capacity is the reference capacity of component i at sample h.
func (r *ref) capacity(i, h int, down [][]bool) float64 {
	if !down[i][h] {
		return 1
	}
	start := h
	for start > 0 && down[i][start-1] {
		start--
	}
	best := 0.0
	for _, f := range r.doc.Components[i].Fallbacks {
		t := float64(h) + 0.5
		from := float64(start) + f.Activation.Hours()
		if t < from || (f.MaxDuration > 0 && t >= from+f.MaxDuration.Hours()) {
			continue
		}
		ok := true
		for _, x := range f.Requires {
			ok = ok && !down[r.idx[x]][h]
		}
		if ok && f.Capacity > best {
			best = f.Capacity
		}
	}
	return best
}
