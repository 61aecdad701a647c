package bcp

import (
	"cmp"
	"slices"
	"sort"
	"time"
)

// Interval is a half-open period [From, To) from the scenario start; To is
// Forever when it has no end.
type Interval struct {
	From, To time.Duration
}

// intervals are sorted, disjoint and non-adjacent: [0,5) and [5,9) are one
// interval [0,9), because a component down in both is down continuously.
type intervals []Interval

func normalize(in []Interval) intervals {
	if len(in) <= 1 {
		return in
	}
	sort.Slice(in, func(i, j int) bool { return in[i].From < in[j].From })
	out := in[:1]
	for _, iv := range in[1:] {
		last := &out[len(out)-1]
		if iv.From <= last.To {
			if iv.To > last.To {
				last.To = iv.To
			}
			continue
		}
		out = append(out, iv)
	}
	return out
}

// tolerate returns when a dependent with tolerance tol is affected by a
// requirement that is unmet during a: from each period's start plus tol, if
// the period lasts longer than tol.
func tolerate(a intervals, tol time.Duration) intervals {
	if tol == 0 || len(a) == 0 {
		return a
	}
	out := make(intervals, 0, len(a))
	for _, iv := range a {
		if iv.To == Forever || iv.To-iv.From > tol {
			if from := SatAdd(iv.From, tol); from < iv.To {
				out = append(out, Interval{from, iv.To})
			}
		}
	}
	return out
}

// atLeastDown returns the periods during which at least c of the given
// interval sets are down at once (a sweep over their endpoints).
func atLeastDown(sets []intervals, c int) intervals {
	type event struct {
		t     time.Duration
		delta int
	}
	var ev []event
	for _, s := range sets {
		for _, iv := range s {
			ev = append(ev, event{iv.From, +1})
			if iv.To != Forever {
				ev = append(ev, event{iv.To, -1})
			}
		}
	}
	if len(ev) < c {
		return nil
	}
	// Ends before starts at the same instant: [0,5) and [5,9) never overlap.
	slices.SortFunc(ev, func(a, b event) int {
		if a.t != b.t {
			return cmp.Compare(a.t, b.t)
		}
		return a.delta - b.delta
	})
	var out intervals
	count := 0
	var start time.Duration
	for i := 0; i < len(ev); {
		t := ev[i].t
		before := count
		for i < len(ev) && ev[i].t == t {
			count += ev[i].delta
			i++
		}
		if before < c && count >= c {
			start = t
		} else if before >= c && count < c {
			out = append(out, Interval{start, t})
		}
	}
	if count >= c {
		out = append(out, Interval{start, Forever})
	}
	return normalize(out)
}

// complementWithin returns the parts of [from, to) not covered by a.
func complementWithin(a intervals, from, to time.Duration) intervals {
	var out intervals
	cur := from
	for _, iv := range a {
		if iv.To <= cur {
			continue
		}
		if iv.From >= to {
			break
		}
		if iv.From > cur {
			out = append(out, Interval{cur, iv.From})
		}
		cur = iv.To
		if cur >= to {
			return out
		}
	}
	if cur < to {
		out = append(out, Interval{cur, to})
	}
	return out
}

func intersect(a, b intervals) intervals {
	var out intervals
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		from := max(a[i].From, b[j].From)
		to := min(a[i].To, b[j].To)
		if from < to {
			out = append(out, Interval{from, to})
		}
		if a[i].To < b[j].To {
			i++
		} else {
			j++
		}
	}
	return out
}
