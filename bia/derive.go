package bia

import (
	"fmt"
	"sort"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// assess derives the objectives of component i from its BIA data.
func assess(m *bcp.Model, i int) (Assessment, []bcp.Finding, error) {
	c := m.Components()[i]
	cfg := m.BIA().Config()
	s := &assessor{m: m, i: i, cfg: cfg, c: &c, b: c.BIA,
		a: Assessment{ID: c.ID, Name: c.Name, Kind: c.Kind, Important: c.BIA.Important, Heat: make([]int, len(cfg.Buckets))}}
	for _, step := range []func() error{s.mtpd, s.rto, s.dataLossTolerance, s.rpo} {
		if err := step(); err != nil {
			return s.a, nil, err
		}
	}
	s.impactTolerance()
	s.tier()
	s.compare("mtpd", s.a.MTPD)
	s.compare("rto", s.a.RTO)
	s.compare("rpo", s.a.RPO)
	if d := s.a.RTO.Declared; d != Forever && s.a.MTPD.Derived != Forever && d > s.a.MTPD.Derived {
		s.finding("rto", "exceeds-mtpd", bcp.SeverityError, "declared rto %s is longer than the MTPD %s the BIA derives: %s", fmtDur(d), fmtDur(s.a.MTPD.Derived), s.a.MTPD.Why)
	}
	return s.a, s.fs, nil
}

// assessor is one component's assessment while it is derived, step by
// step: each objective from the ones before it.
type assessor struct {
	m   *bcp.Model
	i   int
	cfg *bcp.BIAConfig
	c   *bcp.Component
	b   *bcp.ComponentBIA
	a   Assessment
	fs  []bcp.Finding
}

func (s *assessor) finding(obj, kind string, sev bcp.Severity, format string, args ...any) {
	s.fs = append(s.fs, bcp.Finding{Component: s.c.ID, Rule: obj + "." + kind, Severity: sev, Pos: s.c.Pos, Message: fmt.Sprintf(format, args...)})
}

// mtpd derives the MTPD from impact over elapsed time.
func (s *assessor) mtpd() error {
	cfg, b := s.cfg, s.b
	mtpd := Forever
	mtpdWhy := "no impact data (bia.impact is empty)"
	for _, e := range byCategory(cfg, b.Impact) {
		ci := b.Impact[e]
		cr, falls, err := evalCategory(s.m, s.i, false, e, ci, cfg.Buckets)
		if err != nil {
			return err
		}
		if falls != "" {
			s.finding("impact", "formula", bcp.SeverityWarning, "%s: %s", ci.Category, falls)
		}
		for k, l := range cr.Levels {
			s.a.Heat[k] = max(s.a.Heat[k], l)
		}
		if cr.IntolerableAt < mtpd {
			mtpd, mtpdWhy = cr.IntolerableAt, cr.Why
		}
		s.a.Impact = append(s.a.Impact, cr)
	}
	if mtpd == Forever && len(b.Impact) > 0 {
		mtpdWhy = "no category reaches its intolerable level"
		for _, ci := range b.Impact {
			if ci.Formula != "" && len(cfg.Buckets) > 0 {
				mtpdWhy += fmt.Sprintf(" (formulas evaluated up to the last bucket, %s)", fmtDur(cfg.Buckets[len(cfg.Buckets)-1]))
				break
			}
		}
	}
	s.a.MTPD = objective(s.c.Objectives.MTPD, mtpd, mtpdWhy)
	return nil
}

// rto derives the RTO from the MTPD in force.
func (s *assessor) rto() error {
	a, cfg := &s.a, s.cfg
	rto, rtoWhy := Forever, "no MTPD to derive it from"
	if eff := a.MTPD.Effective; eff != Forever {
		d, err := s.m.BIA().DeriveRTO(s.i, eff)
		if err != nil {
			return err
		}
		rto = d
		rtoWhy = ruleWhy(cfg.RTO, bcp.DefaultRTORule, "the MTPD", eff, a.MTPD.Source, d, cfg.Buckets, "bucket")
		if d > eff {
			s.finding("rto", "exceeds-mtpd", bcp.SeverityError, "the rto rule %q gives %s, longer than the MTPD %s", cfg.RTO, fmtDur(d), fmtDur(eff))
		}
	}
	a.RTO = objective(s.c.Objectives.RTO, rto, rtoWhy)
	if a.RTO.Source == "derived" && a.RTO.Effective == 0 {
		// Durations are whole seconds: below an MTPD of a second or two,
		// or at 0 (intolerable at once), nothing is left to recover in.
		s.finding("rto", "zero", bcp.SeverityWarning, "RTO 0s from the MTPD %s (%s): no outage is tolerable, so %s must stay up through any disruption (redundancy rather than recovery), or the MTPD is too short", fmtDur(a.MTPD.Effective), a.MTPD.Source, s.c.ID)
	}
	return nil
}

// dataLossTolerance derives how much data loss is tolerable.
func (s *assessor) dataLossTolerance() error {
	cfg, b := s.cfg, s.b
	tol, tolWhy := Forever, "no data-loss data (bia.dataLoss or bia.dataLossTolerance)"
	declTol := Forever
	if b.DataLossTolerance != nil {
		declTol = *b.DataLossTolerance
	}
	for _, e := range byCategory(cfg, b.DataLoss) {
		ci := b.DataLoss[e]
		cr, falls, err := evalCategory(s.m, s.i, true, e, ci, cfg.RPOBuckets)
		if err != nil {
			return err
		}
		if falls != "" {
			s.finding("rpo", "formula", bcp.SeverityWarning, "%s: %s", ci.Category, falls)
		}
		if cr.IntolerableAt < tol {
			tol, tolWhy = cr.IntolerableAt, "data loss: "+cr.Why
		}
		s.a.DataLoss = append(s.a.DataLoss, cr)
	}
	if tol == Forever && len(b.DataLoss) > 0 {
		tolWhy = "losing data never becomes intolerable"
	}
	s.a.DataLossTolerance = Objective{Declared: declTol, Derived: tol, Why: tolWhy}
	s.a.DataLossTolerance.fill()
	return nil
}

// rpo derives the RPO from the data-loss tolerance in force.
func (s *assessor) rpo() error {
	a, cfg := &s.a, s.cfg
	rpo, rpoWhy := Forever, "no data-loss tolerance to derive it from"
	if eff := a.DataLossTolerance.Effective; eff != Forever {
		d, err := s.m.BIA().DeriveRPO(s.i, eff)
		if err != nil {
			return err
		}
		rpo = d
		rpoWhy = ruleWhy(cfg.RPO, bcp.DefaultRPORule, "the data-loss tolerance", eff, a.DataLossTolerance.Source, d, cfg.RPOBuckets, "RPO")
	}
	a.RPO = objective(s.c.Objectives.RPO, rpo, rpoWhy)
	return nil
}

// impactTolerance is the declared one, else the MTPD in force.
func (s *assessor) impactTolerance() {
	a, b := &s.a, s.b
	it := Objective{Declared: Forever, Derived: a.MTPD.Effective, Why: "the MTPD in force (" + a.MTPD.Source + ")"}
	if b.ImpactTolerance > 0 {
		it.Declared = b.ImpactTolerance
	}
	it.fill()
	a.ImpactTolerance = it
	if b.Important && it.Effective == Forever {
		s.finding("impact", "no-tolerance", bcp.SeverityWarning, "important business service %q has no impact tolerance: set bia.impactTolerance or give impact data that becomes intolerable", s.c.ID)
	}
	if it.Declared != Forever && a.MTPD.Effective != Forever && it.Declared > a.MTPD.Effective {
		s.finding("impact", "looser-than-derived", bcp.SeverityError, "impact tolerance %s is longer than the MTPD %s (%s)", fmtDur(it.Declared), fmtDur(a.MTPD.Effective), a.MTPD.Source)
	}
}

// tier derives the tier from the RTO in force and compares the declared.
func (s *assessor) tier() {
	a, c := &s.a, s.c
	t := s.cfg.TierOf(a.RTO.Effective)
	a.Tier = TierResult{Declared: c.Tier, Derived: t.Tier, Effective: t.Tier, Name: t.Name}
	if a.RTO.Effective == Forever {
		a.Tier.Why = fmt.Sprintf("no RTO: tier %d (%s)", t.Tier, t.Name)
	} else if t.MaxRTO > 0 {
		a.Tier.Why = fmt.Sprintf("RTO %s (%s) is at most %s: tier %d (%s)", fmtDur(a.RTO.Effective), a.RTO.Source, fmtDur(t.MaxRTO), t.Tier, t.Name)
	} else {
		a.Tier.Why = fmt.Sprintf("RTO %s (%s) is beyond every tier limit: tier %d (%s)", fmtDur(a.RTO.Effective), a.RTO.Source, t.Tier, t.Name)
	}
	if c.Tier > 0 {
		a.Tier.Effective = c.Tier
		a.Tier.Name = tierName(s.cfg, c.Tier)
		switch {
		case c.Tier > t.Tier:
			s.finding("tier", "looser-than-derived", bcp.SeverityWarning, "declared tier %d is less critical than the BIA supports: %s", c.Tier, a.Tier.Why)
		case c.Tier < t.Tier:
			s.finding("tier", "stricter-than-derived", bcp.SeverityInfo, "declared tier %d is more critical than the BIA supports: %s", c.Tier, a.Tier.Why)
		}
	}
}

// compare reports a declared objective against the derived one.
func (s *assessor) compare(name string, o Objective) {
	if o.Declared == Forever || o.Derived == Forever {
		if o.Declared != Forever && name == "mtpd" && len(s.b.Impact) > 0 {
			s.finding(name, "stricter-than-derived", bcp.SeverityInfo, "declared %s %s, but the BIA finds no intolerable impact", name, fmtDur(o.Declared))
		}
		return
	}
	switch {
	case o.Declared > o.Derived:
		sev := bcp.SeverityWarning
		if name == "mtpd" {
			sev = bcp.SeverityError // tolerating longer than the impact allows
		}
		s.finding(name, "looser-than-derived", sev, "declared %s %s is longer than the %s the BIA derives: %s", name, fmtDur(o.Declared), fmtDur(o.Derived), o.Why)
	case o.Declared < o.Derived:
		s.finding(name, "stricter-than-derived", bcp.SeverityInfo, "declared %s %s is shorter than the %s the BIA derives: %s", name, fmtDur(o.Declared), fmtDur(o.Derived), o.Why)
	}
}

// byCategory returns the indices of list in the order of the model's
// categories, so that results do not depend on the order in the file.
func byCategory(cfg *bcp.BIAConfig, list []bcp.CategoryImpact) []int {
	idx := make([]int, len(list))
	for k := range idx {
		idx[k] = k
	}
	sort.SliceStable(idx, func(a, b int) bool { return cfg.Category(list[idx[a]].Category) < cfg.Category(list[idx[b]].Category) })
	return idx
}

func tierName(cfg *bcp.BIAConfig, tier int) string {
	for _, t := range cfg.Tiers {
		if t.Tier == tier {
			return t.Name
		}
	}
	return ""
}

// objective combines a declared value (0: not declared) with a derived one.
func objective(declared, derived time.Duration, why string) Objective {
	o := Objective{Declared: declared, Derived: derived, Why: why}
	if declared == 0 {
		o.Declared = Forever
	}
	o.fill()
	return o
}

func (o *Objective) fill() {
	switch {
	case o.Declared != Forever:
		o.Effective, o.Source = o.Declared, "declared"
	case o.Derived != Forever:
		o.Effective, o.Source = o.Derived, "derived"
	default:
		o.Effective, o.Source = Forever, "none"
	}
}

// ruleWhy explains a derived RTO or RPO. The default RTO rule takes the
// largest bucket strictly below the MTPD (the RTO must be less than the
// time to unacceptable impact); the default RPO rule the largest not above
// the tolerance.
func ruleWhy(rule, def, input string, in time.Duration, source string, out time.Duration, buckets []time.Duration, noun string) string {
	if rule != def {
		return fmt.Sprintf("rule %q on %s %s (%s) gives %s", rule, input, fmtDur(in), source, fmtDur(out))
	}
	strict := def == bcp.DefaultRTORule
	for _, b := range buckets {
		if b < in || (!strict && b == in) {
			if strict {
				return fmt.Sprintf("largest standard %s below %s %s (%s), since the RTO must be less than it: %s", noun, input, fmtDur(in), source, fmtDur(out))
			}
			return fmt.Sprintf("largest standard %s not above %s %s (%s): %s", noun, input, fmtDur(in), source, fmtDur(out))
		}
	}
	if strict && out == 0 && in > 0 {
		return fmt.Sprintf("no standard %s is shorter than %s %s (%s), and half of it is under a second: %s", noun, input, fmtDur(in), source, fmtDur(out))
	}
	if strict {
		return fmt.Sprintf("no standard %s is shorter than %s %s (%s), so half of it: %s", noun, input, fmtDur(in), source, fmtDur(out))
	}
	return fmt.Sprintf("no standard %s is as short as %s %s (%s), so it is used as is", noun, input, fmtDur(in), source)
}

// evalCategory evaluates one category's impact at the buckets and explains
// when it first becomes intolerable. falls is set when a formula's level falls
// between buckets, which the bisection assumes it does not.
func evalCategory(m *bcp.Model, i int, dataLoss bool, e int, ci bcp.CategoryImpact, buckets []time.Duration) (CategoryResult, string, error) {
	cfg := m.BIA().Config()
	cat := cfg.Category(ci.Category)
	intol := cfg.IntolerableAt(cat)
	unit := cfg.Categories[cat].Unit
	cr := CategoryResult{Category: ci.Category, Formula: ci.Formula, Intolerable: intol, Levels: make([]int, len(buckets)), IntolerableAt: Forever}
	at := func(t time.Duration) (int, float64, error) { return m.BIA().ImpactAt(i, dataLoss, e, t) }
	var falls string
	prev := 0
	for k, bt := range buckets {
		l, amt, err := at(bt)
		if err != nil {
			return cr, "", err
		}
		cr.Levels[k] = l
		if ci.Formula != "" {
			cr.Amounts = append(cr.Amounts, amt)
			if l < prev && falls == "" {
				falls = fmt.Sprintf("formula %q falls from level %d to %d by %s; impact formulas should grow with time", ci.Formula, prev, l, fmtDur(bt))
			}
			prev = max(prev, l)
		}
	}
	when := func(t time.Duration) string {
		switch {
		case dataLoss:
			return "when losing " + fmtDur(t)
		case t == 0:
			return "immediately"
		}
		return "after " + fmtDur(t)
	}
	// When it becomes intolerable is the model's to say (Model.InForce
	// reads the same), the wording is the BIA's.
	hi, err := m.BIA().IntolerableAfter(i, dataLoss, e)
	if err != nil {
		return cr, "", err
	}
	if hi == Forever {
		if ci.Formula == "" {
			top := 0
			if n := len(ci.Levels); n > 0 {
				top = ci.Levels[n-1].Level
			}
			cr.Why = fmt.Sprintf("%s impact stays below the intolerable level %d (at most %s)", ci.Category, intol, levelLabel(cfg, top))
			return cr, falls, nil
		}
		horizon := time.Duration(0)
		if len(buckets) > 0 {
			horizon = buckets[len(buckets)-1]
		}
		cr.Why = fmt.Sprintf("%s: %s stays below the intolerable level %d up to %s", ci.Category, ci.Formula, intol, fmtDur(horizon))
		return cr, falls, nil
	}
	l, amt, err := at(hi)
	if err != nil {
		return cr, "", err
	}
	cr.IntolerableAt = hi
	if ci.Formula == "" {
		cr.Why = fmt.Sprintf("%s impact reaches level %s %s (intolerable from %d)", ci.Category, levelLabel(cfg, l), when(hi), intol)
		return cr, falls, nil
	}
	cr.Why = fmt.Sprintf("%s: %s reaches %s, level %s, %s (intolerable from %d)", ci.Category, ci.Formula, formatAmount(amt, unit), levelLabel(cfg, l), when(hi), intol)
	return cr, falls, nil
}
