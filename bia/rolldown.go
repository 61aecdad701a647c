package bia

import (
	"fmt"
	"strings"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// demand is a requirement flowing down the graph: the time (or data loss)
// limit, the component it comes from, and the dependent it came through.
type demand struct {
	limit time.Duration
	src   int32 // -1: none
	pred  int32 // the dependent it came through; -1 at the source
}

// rollDown passes RTOs and RPOs from every component that has one down its
// hard requirements, keeping the most demanding, and reports components whose
// own objective is looser.
func rollDown(m *bcp.Model, byID map[string]*Assessment) ([]Inherited, []bcp.Finding) {
	n := m.Len()
	comps := m.Components()
	cfg := m.BIA().Config()
	ownRTO := make([]time.Duration, n)
	ownRPO := make([]time.Duration, n)
	rtoSrc := make([]string, n)
	rpoSrc := make([]string, n)
	for i := range comps {
		c := &comps[i]
		ownRTO[i], ownRPO[i] = Forever, Forever
		if a := byID[c.ID]; a != nil {
			ownRTO[i], rtoSrc[i] = a.RTO.Effective, a.RTO.Source
			ownRPO[i], rpoSrc[i] = a.RPO.Effective, a.RPO.Source
			continue
		}
		if c.Objectives.RTO > 0 {
			ownRTO[i], rtoSrc[i] = c.Objectives.RTO, "declared"
		}
		if c.Objectives.RPO > 0 {
			ownRPO[i], rpoSrc[i] = c.Objectives.RPO, "declared"
		}
	}
	rto := propagate(m, ownRTO, true)
	rpo := propagate(m, ownRPO, false)

	var out []Inherited
	var fs []bcp.Finding
	for i := range comps {
		c := &comps[i]
		r, p := rto[i], rpo[i]
		holdsData := c.Kind == bcp.KindData || c.Kind == bcp.KindApplication || ownRPO[i] != Forever || hasDataLoss(c)
		if !holdsData {
			p = demand{limit: Forever, src: -1}
		}
		if r.src < 0 && p.src < 0 {
			continue
		}
		in := Inherited{ID: c.ID, Kind: c.Kind, RTO: r.limit, RPO: p.limit}
		var why []string
		if r.src >= 0 {
			in.RTOFrom, in.RTOPath = m.ID(int(r.src)), path(m, rto, int32(i))
			t := cfg.TierOf(r.limit)
			in.Tier, in.TierName = t.Tier, t.Name
			why = append(why, fmt.Sprintf("back within %s for %s (RTO %s%s) along %s", fmtDur(r.limit), in.RTOFrom, fmtDur(ownRTO[r.src]), toleranceNote(r.limit-ownRTO[r.src]), strings.Join(in.RTOPath, " → ")))
			if ownRTO[i] != Forever && ownRTO[i] > r.limit {
				fs = append(fs, bcp.Finding{Component: c.ID, Rule: "rto.dependency", Pos: c.Pos, Severity: bcp.SeverityError, Path: in.RTOPath,
					Message: fmt.Sprintf("RTO %s (%s), but %s needs it back within %s along %s", fmtDur(ownRTO[i]), rtoSrc[i], in.RTOFrom, fmtDur(r.limit), strings.Join(in.RTOPath, " → "))})
			}
			if c.Tier > t.Tier { // a declared tier less critical than needed
				eff := c.Tier
				fs = append(fs, bcp.Finding{Component: c.ID, Rule: "tier.dependency", Pos: c.Pos, Severity: bcp.SeverityWarning, Path: in.RTOPath,
					Message: fmt.Sprintf("tier %d, but %s needs it back within %s (tier %d, %s) along %s", eff, in.RTOFrom, fmtDur(r.limit), t.Tier, t.Name, strings.Join(in.RTOPath, " → "))})
			}
		}
		if p.src >= 0 {
			in.RPOFrom, in.RPOPath = m.ID(int(p.src)), path(m, rpo, int32(i))
			why = append(why, fmt.Sprintf("at most %s of data lost for %s along %s", fmtDur(p.limit), in.RPOFrom, strings.Join(in.RPOPath, " → ")))
			if ownRPO[i] != Forever && ownRPO[i] > p.limit {
				fs = append(fs, bcp.Finding{Component: c.ID, Rule: "rpo.dependency", Pos: c.Pos, Severity: bcp.SeverityError, Path: in.RPOPath,
					Message: fmt.Sprintf("RPO %s (%s), but %s can lose at most %s of data along %s", fmtDur(ownRPO[i]), rpoSrc[i], in.RPOFrom, fmtDur(p.limit), strings.Join(in.RPOPath, " → "))})
			}
		}
		in.Why = strings.Join(why, "; ")
		out = append(out, in)
	}
	sortByID(out, func(x Inherited) string { return x.ID })
	if out == nil {
		out = []Inherited{}
	}
	return out, fs
}

func toleranceNote(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	return " + tolerance " + fmtDur(d)
}

func hasDataLoss(c *bcp.Component) bool {
	if c.Recovery == nil {
		return false
	}
	for _, s := range c.Recovery.Strategies {
		if s.DataLoss > 0 || s.Copies > 0 {
			return true
		}
	}
	return false
}

// propagate computes, for every component, the most demanding limit that
// reaches it from the components depending on it: over every path of hard
// requirements, the source's own limit plus (withTolerance) the tolerances
// along the way. Members of a group that can lose one member inherit
// nothing through it. Ties go to the source, then the dependent, with the
// smaller id, so that the result does not depend on input order.
func propagate(m *bcp.Model, own []time.Duration, withTolerance bool) []demand {
	n := m.Len()
	in := make([]demand, n) // what reaches i from its dependents
	for i := range in {
		in[i] = demand{limit: Forever, src: -1, pred: -1}
	}
	topo := m.Graph().TopologicalOrder()
	better := func(a, b demand) bool { // is a better than b?
		if a.limit != b.limit {
			return a.limit < b.limit
		}
		if b.src < 0 {
			return true
		}
		if a.src != b.src {
			return m.ID(int(a.src)) < m.ID(int(b.src))
		}
		return a.pred >= 0 && (b.pred < 0 || m.ID(int(a.pred)) < m.ID(int(b.pred)))
	}
	for k := len(topo) - 1; k >= 0; k-- {
		i := topo[k]
		// What i passes on: its own limit if that is at least as demanding
		// as what reaches it (the path then starts at i).
		pass := in[i]
		if own[i] != Forever && (pass.src < 0 || own[i] <= pass.limit) {
			pass = demand{limit: own[i], src: i, pred: -1}
		}
		if pass.src < 0 {
			continue
		}
		for _, r := range m.Graph().Requirements(int(i)) {
			if r.Need < len(r.Members) {
				continue // redundancy covers the loss of one member
			}
			limit := pass.limit
			if withTolerance {
				limit = bcp.SatAdd(limit, r.Tolerance)
			}
			for _, x := range r.Members {
				cand := demand{limit: limit, src: pass.src, pred: i}
				if better(cand, in[x]) {
					in[x] = cand
				}
			}
		}
	}
	return in
}

// path follows pred links from i up to the demand's source and returns the
// ids from the source down to i.
func path(m *bcp.Model, ds []demand, i int32) []string {
	src := ds[i].src
	var rev []string
	rev = append(rev, m.ID(int(i)))
	for x := ds[i].pred; x >= 0; {
		rev = append(rev, m.ID(int(x)))
		if x == src {
			break
		}
		x = ds[x].pred
	}
	out := make([]string, len(rev))
	for k := range rev {
		out[k] = rev[len(rev)-1-k]
	}
	return out
}
