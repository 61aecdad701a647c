package bia

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/internal/poll"
	"github.com/continuitykit/continuity/recovery"
)

// Forever marks a duration that is not set or never reached.
const Forever = bcp.Forever

// Options select what Analyze does; the zero value checks every scenario.
type Options struct {
	// Incidents are the incident timelines the impact tolerance is checked
	// against (recovery.Timeline of a model scenario or of one built in
	// code); nil means the timeline of every model scenario.
	Incidents []*recovery.Incident
	// NoScenarios skips the tolerance check.
	NoScenarios bool
}

// Report is the result of a business impact analysis.
type Report struct {
	// Buckets are the standard outage durations: the columns of Heat.
	Buckets []time.Duration
	// Levels names the impact scale.
	Levels []bcp.ImpactLevel
	// Categories are the model's impact categories.
	Categories []bcp.ImpactCategory
	// Tiers are the recovery tiers.
	Tiers []bcp.TierDef
	// Assessments are the components with BIA data, sorted by id.
	Assessments []Assessment
	// Unassessed are the services without BIA data, sorted.
	Unassessed []string
	// RollDown lists every component that inherits an objective from what
	// depends on it, sorted by id.
	RollDown []Inherited
	// Findings are contradictions and comparisons, sorted by component,
	// objective and kind.
	Findings []bcp.Finding
	// Tolerance is the impact tolerance check, by scenario then component.
	Tolerance []ToleranceCheck
}

// Objective is one objective of a component: what was declared, what the BIA
// derives, and which is in force. Forever means not set (or never reached).
type Objective struct {
	Declared, Derived, Effective time.Duration
	// Source is "declared", "derived" or "none".
	Source string
	// Why says how the derived value was reached.
	Why string
}

// TierResult is a component's recovery tier.
type TierResult struct {
	// Declared is the tier in the model (0: none); Derived comes from the RTO
	// in force; Effective is Declared if set, else Derived.
	Declared, Derived, Effective int
	Name                         string
	Why                          string
}

// CategoryResult is the impact in one category.
type CategoryResult struct {
	Category string
	// Formula is the formula, "" for a level table.
	Formula string
	// Levels are the levels at each bucket (Report.Buckets; for data loss,
	// the RPO buckets).
	Levels []int
	// Amounts are the formula's amounts at each bucket (nil for tables).
	Amounts []float64
	// Intolerable is the level from which the category is intolerable.
	Intolerable int
	// IntolerableAt is the first time (or amount of lost data) at which the
	// level is intolerable; Forever when never (within the last bucket, for
	// formulas).
	IntolerableAt time.Duration
	Why           string
}

// Assessment is the BIA of one component.
type Assessment struct {
	ID        string
	Name      string
	Kind      bcp.Kind
	Important bool
	// Impact and DataLoss are per category, in the order of the model.
	Impact   []CategoryResult
	DataLoss []CategoryResult
	// Heat is the highest impact level over all categories at each bucket.
	Heat []int
	MTPD Objective
	RTO  Objective
	RPO  Objective
	// DataLossTolerance is the most data (as time) that may be lost.
	DataLossTolerance Objective
	// ImpactTolerance is the tolerance checked against scenarios: declared
	// bia.impactTolerance, else the MTPD in force.
	ImpactTolerance Objective
	Tier            TierResult
}

// Inherited is what a supporting component inherits from the components that
// depend on it: the most demanding requirement, where it comes from and the
// path it comes along (from the demanding component down to this one).
type Inherited struct {
	ID   string
	Kind bcp.Kind
	// RTO is the time within which the component must be back (Forever:
	// none); RTOFrom and RTOPath explain it.
	RTO     time.Duration
	RTOFrom string
	RTOPath []string
	// RPO is the most data it may lose (Forever: none).
	RPO     time.Duration
	RPOFrom string
	RPOPath []string
	// Tier is the tier the inherited RTO belongs to (0: none).
	Tier     int
	TierName string
	Why      string
}

// ToleranceCheck is one component's impact tolerance in one scenario.
type ToleranceCheck struct {
	Scenario  string
	ID        string
	Tolerance time.Duration
	// Source is where the tolerance comes from: "impactTolerance",
	// "mtpd (declared)" or "mtpd (derived)".
	Source string
	// Disruption is the effective disruption over the scenario (Forever:
	// it grows without end); Downtime the plain time down.
	Disruption, Downtime time.Duration
	Within               bool
	// BreachAt is when the tolerance is used up (Forever: never).
	BreachAt time.Duration
	Why      string
}

// Analyze runs the business impact analysis of a compiled model.
func Analyze(m *bcp.Model, opts Options) (*Report, error) {
	return AnalyzeContext(context.Background(), m, opts)
}

// AnalyzeContext is Analyze, stopped when ctx ends: it then returns ctx's
// error (context.Canceled or context.DeadlineExceeded).
func AnalyzeContext(ctx context.Context, m *bcp.Model, opts Options) (*Report, error) {
	pl := poll.New(ctx)
	cfg := m.BIA().Config()
	r := &Report{Buckets: cfg.Buckets, Levels: cfg.Levels, Categories: cfg.Categories, Tiers: cfg.Tiers,
		Assessments: []Assessment{}, Unassessed: []string{}, RollDown: []Inherited{}, Findings: []bcp.Finding{}, Tolerance: []ToleranceCheck{}}
	comps := m.Components()
	assessed := make([]int32, len(comps))
	for i := range assessed {
		assessed[i] = -1
	}
	for i := range comps {
		if err := pl.Tick(); err != nil {
			return nil, err
		}
		c := &comps[i]
		if c.BIA == nil {
			if c.Kind == bcp.KindService {
				r.Unassessed = append(r.Unassessed, c.ID)
			}
			continue
		}
		a, fs, err := assess(m, i)
		if err != nil {
			return nil, err
		}
		assessed[i] = int32(len(r.Assessments))
		r.Assessments = append(r.Assessments, a)
		r.Findings = append(r.Findings, fs...)
	}
	sortByID(r.Assessments, func(a Assessment) string { return a.ID })
	sort.Strings(r.Unassessed)
	for _, id := range r.Unassessed {
		c, _ := m.Component(id)
		if c.Objectives.RTO > 0 || c.Objectives.MTPD > 0 {
			r.Findings = append(r.Findings, bcp.Finding{Component: id, Rule: "impact.no-bia", Severity: bcp.SeverityWarning, Pos: c.Pos,
				Message: fmt.Sprintf("service %q declares objectives but has no BIA data to support them", id)})
		}
	}
	byID := map[string]*Assessment{}
	for k := range r.Assessments {
		byID[r.Assessments[k].ID] = &r.Assessments[k]
	}
	if err := pl.Err(); err != nil {
		return nil, err
	}
	rd, fs := rollDown(m, byID)
	r.RollDown = rd
	r.Findings = append(r.Findings, fs...)
	if !opts.NoScenarios {
		tc, err := checkTolerance(ctx, m, byID, opts.Incidents)
		if err != nil {
			return nil, err
		}
		r.Tolerance = tc
	}
	bcp.SortFindings(r.Findings)
	return r, nil
}

func sortByID[T any](xs []T, id func(T) string) {
	sort.Slice(xs, func(i, j int) bool { return id(xs[i]) < id(xs[j]) })
}

// Assessment returns the assessment of a component, or nil.
func (r *Report) Assessment(id string) *Assessment {
	i := sort.Search(len(r.Assessments), func(i int) bool { return r.Assessments[i].ID >= id })
	if i < len(r.Assessments) && r.Assessments[i].ID == id {
		return &r.Assessments[i]
	}
	return nil
}

// Inherited returns what a component inherits, or nil.
func (r *Report) Inherited(id string) *Inherited {
	i := sort.Search(len(r.RollDown), func(i int) bool { return r.RollDown[i].ID >= id })
	if i < len(r.RollDown) && r.RollDown[i].ID == id {
		return &r.RollDown[i]
	}
	return nil
}

func fmtDur(d time.Duration) string {
	if d == Forever {
		return "never"
	}
	return bcp.FormatDuration(d)
}

func levelLabel(cfg *bcp.BIAConfig, level int) string {
	if n := cfg.LevelName(level); n != "" {
		return fmt.Sprintf("%d (%s)", level, n)
	}
	return fmt.Sprint(level)
}

func formatAmount(x float64, unit string) string {
	s := fmt.Sprintf("%.2f", x)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".") // %.2f always has a point
	if math.Abs(x) >= 1e15 {
		s = fmt.Sprintf("%g", x)
	}
	if unit != "" {
		return s + " " + unit
	}
	return s
}
