package bia

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/recovery"
)

// checkTolerance checks every assessed component each incident takes down
// against its impact tolerance, on the incident's timeline (recovery
// included), so that a breach here is a breach in the recovery plan too.
func checkTolerance(ctx context.Context, m *bcp.Model, byID map[string]*Assessment, incidents []*recovery.Incident) ([]ToleranceCheck, error) {
	if incidents == nil {
		for _, sc := range m.Scenarios() {
			inc, err := recovery.TimelineContext(ctx, m, sc, recovery.Options{})
			if err != nil {
				return nil, err
			}
			incidents = append(incidents, inc)
		}
	}
	out := []ToleranceCheck{}
	for _, inc := range incidents {
		im := inc.Impact
		for k := range im.Components {
			ci := &im.Components[k]
			a := byID[ci.ID]
			if a == nil || a.ImpactTolerance.Effective == Forever {
				continue
			}
			out = append(out, tolerance(inc.Scenario.ID, ci, a))
		}
	}
	return out, nil
}

// tolerance accumulates the effective disruption (time down weighted by the
// capacity lost) over the component's down periods and finds when it first
// exceeds the tolerance.
func tolerance(scenario string, ci *bcp.ComponentImpact, a *Assessment) ToleranceCheck {
	tol := a.ImpactTolerance.Effective
	tc := ToleranceCheck{Scenario: scenario, ID: ci.ID, Tolerance: tol, Downtime: ci.Downtime, BreachAt: Forever}
	switch {
	case a.ImpactTolerance.Source == "declared":
		tc.Source = "impactTolerance"
	default:
		tc.Source = "mtpd (" + a.MTPD.Source + ")"
	}
	periods := ci.Capacity
	if periods == nil {
		for _, iv := range ci.Down {
			periods = append(periods, bcp.CapacityPeriod{From: iv.From, To: iv.To})
		}
	}
	used := 0.0 // seconds of effective disruption so far
	limit := tol.Seconds()
	unbounded := false
	for _, p := range periods {
		rate := 1 - p.Capacity
		if rate <= 0 {
			continue
		}
		if p.To == Forever {
			unbounded = true
			if tc.BreachAt == Forever {
				tc.BreachAt = bcp.SatAdd(p.From, secs((limit-used)/rate))
			}
			break
		}
		add := (p.To - p.From).Seconds() * rate
		if tc.BreachAt == Forever && used+add > limit+1e-9 {
			tc.BreachAt = bcp.SatAdd(p.From, secs((limit-used)/rate))
		}
		used += add
	}
	if unbounded {
		tc.Disruption = Forever
	} else {
		tc.Disruption = secs(used)
	}
	tc.Within = tc.BreachAt == Forever
	fallback := ""
	if ci.Capacity != nil {
		fallback = " (fallback capacity counted)"
	}
	switch {
	case tc.Within:
		tc.Why = fmt.Sprintf("effective disruption %s%s stays within the tolerance %s (%s)", fmtDur(tc.Disruption), fallback, fmtDur(tol), tc.Source)
	case tc.Disruption == Forever:
		tc.Why = fmt.Sprintf("the disruption never ends%s; it exceeds the tolerance %s (%s) at %s", fallback, fmtDur(tol), tc.Source, fmtDur(tc.BreachAt))
	default:
		tc.Why = fmt.Sprintf("effective disruption %s%s exceeds the tolerance %s (%s) at %s", fmtDur(tc.Disruption), fallback, fmtDur(tol), tc.Source, fmtDur(tc.BreachAt))
	}
	return tc
}

// secs converts seconds to a duration rounded to the nearest second, so
// that 36h / 0.3 is 120h and not a nanosecond less.
// Beyond the largest duration it is Forever.
func secs(s float64) time.Duration {
	return bcp.SatScale(time.Second, math.Round(s))
}
