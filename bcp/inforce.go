package bcp

import (
	"fmt"
	"strings"
	"time"
)

// InForce is a component's time objectives in force: the declared ones
// (Objectives, after set rules), else those its BIA data derive. Every
// analysis that breaches an objective (Simulate, the recovery plan, gaps,
// the BIA) reads these, so that they agree. Forever means none.
type InForce struct {
	// MTPD is the declared MTPD, else the first time an impact category
	// becomes intolerable (IntolerableAfter).
	MTPD time.Duration
	// RTO is the declared RTO, else the BIA's RTO rule applied to the MTPD
	// in force (DeriveRTO). A component without BIA data derives nothing.
	RTO time.Duration
	// MTPDDerived and RTODerived are set when the value comes from the BIA
	// rather than from Objectives.
	MTPDDerived, RTODerived bool
}

// derivedBIA is what a component's BIA data derive, computed once by
// Compile: when each Impact entry becomes intolerable, and the MTPD and RTO
// they give (Forever: none).
type derivedBIA struct {
	intolerable []time.Duration
	mtpd, rto   time.Duration
}

// InForce returns the time objectives in force of component i.
func (m *Model) InForce(i int) InForce {
	c := &m.comps[i]
	f := InForce{MTPD: Forever, RTO: Forever}
	d := m.bia.derived[int32(i)]
	switch {
	case c.Objectives.MTPD > 0:
		f.MTPD = c.Objectives.MTPD
	case d != nil && d.mtpd != Forever:
		f.MTPD, f.MTPDDerived = d.mtpd, true
	}
	switch {
	case c.Objectives.RTO > 0:
		f.RTO = c.Objectives.RTO
	case d != nil && d.rto != Forever:
		f.RTO, f.RTODerived = d.rto, true
	}
	return f
}

// searchIntolerable does IntolerableAfter's work without the cache.
func (m *Model) searchIntolerable(i int, dataLoss bool, e int) (time.Duration, error) {
	cfg := m.bia.cfg
	b := m.comps[i].BIA
	list, buckets := b.Impact, cfg.Buckets
	if dataLoss {
		list, buckets = b.DataLoss, cfg.RPOBuckets
	}
	ci := &list[e]
	intol := cfg.IntolerableAt(cfg.Category(ci.Category))
	if ci.Formula == "" {
		for _, l := range ci.Levels {
			if l.Level >= intol {
				return l.At, nil
			}
		}
		return Forever, nil
	}
	intolerable := func(t time.Duration) (bool, error) {
		l, _, err := m.BIA().ImpactAt(i, dataLoss, e, t)
		return l >= intol, err
	}
	// lo is the last point known tolerable (-1: none), hi the first known
	// intolerable.
	lo, hi := time.Duration(-1), Forever
	for k := -1; k < len(buckets); k++ {
		p := time.Duration(0)
		if k >= 0 {
			p = buckets[k]
		}
		bad, err := intolerable(p)
		if err != nil {
			return 0, err
		}
		if bad {
			hi = p
			break
		}
		lo = p
	}
	for hi != Forever && lo >= 0 && hi-lo > time.Second {
		mid := lo + (hi-lo)/2
		mid -= mid % time.Second
		if mid <= lo {
			mid = lo + time.Second
		}
		bad, err := intolerable(mid)
		if err != nil {
			return 0, err
		}
		if bad {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, nil
}

// deriveObjectives computes, for every component with BIA data, when each
// impact category becomes intolerable and the MTPD and RTO they give, so
// that InForce is a lookup. A formula or RTO rule that fails to evaluate
// is a problem at its position.
func (m *Model) deriveObjectives() Problems {
	var probs Problems
	m.bia.derived = map[int32]*derivedBIA{}
	for i := range m.comps {
		c := &m.comps[i]
		if c.BIA == nil {
			continue
		}
		d := &derivedBIA{intolerable: make([]time.Duration, len(c.BIA.Impact)), mtpd: Forever, rto: Forever}
		failed := false
		for e := range c.BIA.Impact {
			at, err := m.searchIntolerable(i, false, e)
			if err != nil {
				probs = append(probs, evalProblem(c.ID, c.BIA.Impact[e].FormulaPos, err))
				failed = true
				continue
			}
			d.intolerable[e] = at
			d.mtpd = min(d.mtpd, at)
		}
		mtpd := c.Objectives.MTPD
		if mtpd == 0 {
			mtpd = d.mtpd
		}
		if !failed && c.Objectives.RTO == 0 && mtpd != Forever {
			rto, err := m.BIA().DeriveRTO(i, mtpd)
			if err != nil {
				probs = append(probs, evalProblem(c.ID, m.bia.rto.pos, err))
			} else {
				d.rto = rto
			}
		}
		m.bia.derived[int32(i)] = d
	}
	return probs
}

// evalProblem turns an error evaluating component id's BIA, which names
// its position in its text, into a problem at that position.
func evalProblem(id string, pos Position, err error) Problem {
	msg := strings.TrimPrefix(err.Error(), pos.String()+": ")
	return Problem{Pos: pos, Message: fmt.Sprintf("component %q: %s", id, msg), Code: "expression", Err: err}
}
