package modeltest

import (
	"math"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// Simulate samples every component at h+0.5 hours for h in [0, horizon):
// with all events at whole hours, state is constant on [h, h+1), so the
// samples determine the exact answer.
func (r *Ref) Simulate(sc bcp.Scenario, horizon int) [][]bool {
	n := len(r.Doc.Components)
	down := make([][]bool, n)
	done := make([]bool, n)
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
		c := r.Doc.Components[i]
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
			d := r.disrupted(sc, i, float64(h)+0.5)
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

// disrupted reports whether scenario sc takes component i down directly at
// hour t.
func (r *Ref) disrupted(sc bcp.Scenario, i int, t float64) bool {
	for _, x := range sc.Disrupt {
		if r.idx[x.ID] != i {
			continue
		}
		from := float64(hours(x.At))
		to := math.Inf(1)
		if x.For > 0 {
			to = from + float64(hours(x.For))
		}
		if from <= t && t < to {
			return true
		}
	}
	return false
}

// Capacity is the reference capacity of component i at sample h.
func (r *Ref) Capacity(i, h int, down [][]bool) float64 {
	if !down[i][h] {
		return 1
	}
	start := h
	for start > 0 && down[i][start-1] {
		start--
	}
	best := 0.0
	for _, f := range r.Doc.Components[i].Fallbacks {
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

// hours is d in whole hours: the reference samples whole hours.
func hours(d time.Duration) int { return int(d / time.Hour) }
