package plan

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/recovery"
)

// The rules Check reports under, in Finding.Rule.
const (
	RuleTwoTrained      = "people.two-trained"
	RuleTwoTeams        = "people.two-teams"
	RuleDoubleBooked    = "people.double-booked"
	RuleNoAlternate     = "role.no-alternate"
	RuleExerciseOverdue = "exercise.overdue"
	RuleNeverExercised  = "exercise.never"
	RuleActionOverdue   = "action.overdue"
	RuleExerciseStale   = "exercise.stale"
	// RuleRiskUnvalued is a risk the document's risk summary cannot value
	// (risk.ValuationError); only the document reports it.
	RuleRiskUnvalued = "risk.unvalued"
)

// Options configures Check and the document. The zero value is valid.
type Options struct {
	// Now is the date overdue exercises and actions are measured at; zero
	// means the current time.
	Now time.Time
	// FullEvery is how often a full exercise is due; 0 means a year.
	FullEvery time.Duration
	// ComponentEvery is how often a component test is due; 0 means a
	// quarter (91 days).
	ComponentEvery time.Duration
	// CallTree configures the call tree.
	CallTree CallTreeOptions
	// Start is when the incident starts, for wall-clock times in the
	// document's runbooks; zero means times from the start (T+4h).
	Start time.Time
	// RiskYears and RiskSeed drive the document's risk summary (package
	// risk); 0 years means risk.DefaultYears.
	RiskYears int
	RiskSeed  uint64
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

func (o Options) fullEvery() time.Duration {
	if o.FullEvery <= 0 {
		return 365 * 24 * time.Hour
	}
	return o.FullEvery
}

func (o Options) componentEvery() time.Duration {
	if o.ComponentEvery <= 0 {
		return 91 * 24 * time.Hour
	}
	return o.ComponentEvery
}

// Check reports what weakens the plan, sorted as bcp.SortFindings does.
// Findings about people, roles and exercises carry that person's, role's
// or exercise's id in Component and its position in Pos. It runs every
// scenario's incident timeline to find people needed by two teams at once.
func Check(m *bcp.Model, opts Options) ([]bcp.Finding, error) {
	incs, err := timelines(m)
	if err != nil {
		return nil, err
	}
	return check(m, incs, opts), nil
}

// timelines runs every scenario of the model.
func timelines(m *bcp.Model) ([]*recovery.Incident, error) {
	var out []*recovery.Incident
	for _, sc := range m.Scenarios() {
		inc, err := recovery.Timeline(m, sc, recovery.Options{})
		if err != nil {
			return nil, fmt.Errorf("scenario %q: %w", sc.ID, err)
		}
		out = append(out, inc)
	}
	return out, nil
}

func check(m *bcp.Model, incs []*recovery.Incident, opts Options) []bcp.Finding {
	var fs []bcp.Finding
	if len(m.People()) > 0 {
		fs = append(fs, checkTrained(m)...)
		fs = append(fs, checkTwoTeams(m)...)
		fs = append(fs, checkDoubleBooked(m, incs)...)
	}
	fs = append(fs, checkRoles(m)...)
	fs = append(fs, checkExercises(m, incs, opts)...)
	fs = append(fs, checkStale(m)...)
	bcp.SortFindings(fs)
	return fs
}

// CoreAreas are the components that need trained people: every tier-1
// component, and every component with a recovery plan that a tier-1
// component depends on (someone must be able to bring it back); components
// of kind people are the people themselves and are left out. Sorted by id.
func CoreAreas(m *bcp.Model) []string {
	core := map[string]bool{}
	seen := map[string]bool{}
	var visit func(id string)
	visit = func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		for _, d := range m.Dependencies(id) {
			if c, _ := m.Component(d); c.Recovery != nil && c.Kind != bcp.KindPeople {
				core[d] = true
			}
			visit(d)
		}
	}
	for _, c := range m.Components() {
		if c.Tier == 1 && c.Kind != bcp.KindPeople {
			core[c.ID] = true
			visit(c.ID)
		}
	}
	out := make([]string, 0, len(core))
	for id := range core {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Trained returns the people trained on a component, in document order.
func Trained(m *bcp.Model, id string) []string {
	var out []string
	for _, p := range m.People() {
		if slices.Contains(p.Trained, id) {
			out = append(out, p.ID)
		}
	}
	return out
}

func checkTrained(m *bcp.Model) []bcp.Finding {
	var fs []bcp.Finding
	for _, id := range CoreAreas(m) {
		tr := Trained(m, id)
		if len(tr) >= 2 {
			continue
		}
		c, _ := m.Component(id)
		who := "nobody is"
		if len(tr) == 1 {
			who = "only " + label(m, tr[0]) + " is"
		}
		fs = append(fs, bcp.Finding{Rule: RuleTwoTrained, Severity: bcp.SeverityWarning, Component: id, Pos: c.Pos,
			Message: fmt.Sprintf("core area %s: %s trained on it; a core area needs at least two trained people", name(c), who),
			Why:     []string{fmt.Sprintf("trained = %d", len(tr))}})
	}
	return fs
}

// primaryTeams maps each person to the teams they are a member (not an
// alternate) of, in document order.
func primaryTeams(m *bcp.Model) map[string][]string {
	out := map[string][]string{}
	for _, tm := range m.Teams() {
		for _, mb := range tm.Members {
			out[mb.Person] = append(out[mb.Person], tm.ID)
		}
	}
	return out
}

func checkTwoTeams(m *bcp.Model) []bcp.Finding {
	var fs []bcp.Finding
	teams := primaryTeams(m)
	for _, p := range m.People() {
		if ts := teams[p.ID]; len(ts) > 1 {
			fs = append(fs, bcp.Finding{Rule: RuleTwoTeams, Severity: bcp.SeverityWarning, Component: p.ID, Pos: p.Pos,
				Message: fmt.Sprintf("%s is a primary member of %d teams (%s): in an incident that needs both, one goes without", p.Label(), len(ts), strings.Join(ts, ", "))})
		}
	}
	return fs
}

// checkDoubleBooked finds people who are members of two teams that both
// have a recovery step running at the same time in a scenario.
func checkDoubleBooked(m *bcp.Model, incs []*recovery.Incident) []bcp.Finding {
	var fs []bcp.Finding
	teams := primaryTeams(m)
	for _, inc := range incs {
		if inc.Plan == nil {
			continue
		}
		for _, p := range m.People() {
			ts := teams[p.ID]
			if len(ts) < 2 {
				continue
			}
			if a, b, ok := overlap(inc.Plan.Steps, ts); ok {
				fs = append(fs, bcp.Finding{Rule: RuleDoubleBooked, Severity: bcp.SeverityError, Component: p.ID, Pos: p.Pos,
					Message: fmt.Sprintf("scenario %s: %s is needed by team %s for %s (%s-%s) and by team %s for %s (%s-%s) at the same time",
						inc.Scenario.ID, p.Label(), a.Team, a.ID, bcp.FormatTime(a.Start), bcp.FormatTime(a.Finish), b.Team, b.ID, bcp.FormatTime(b.Start), bcp.FormatTime(b.Finish))})
			}
		}
	}
	return fs
}

// overlap finds the first two steps of different teams among ts that run
// at the same time.
func overlap(steps []recovery.Step, ts []string) (recovery.Step, recovery.Step, bool) {
	for i, a := range steps {
		if !slices.Contains(ts, a.Team) {
			continue
		}
		for _, b := range steps[i+1:] {
			if b.Team != a.Team && slices.Contains(ts, b.Team) && a.Start < b.Finish && b.Start < a.Finish {
				return a, b, true
			}
		}
	}
	return recovery.Step{}, recovery.Step{}, false
}

func checkRoles(m *bcp.Model) []bcp.Finding {
	var fs []bcp.Finding
	for _, r := range m.Roles() {
		if r.Alternate == "" {
			fs = append(fs, bcp.Finding{Rule: RuleNoAlternate, Severity: bcp.SeverityWarning, Component: r.ID, Pos: r.Pos,
				Message: fmt.Sprintf("role %s has no alternate: when %s is away nobody holds it", r.Label(), label(m, r.Holder))})
		}
	}
	return fs
}

// label names a person for people.
func label(m *bcp.Model, id string) string {
	if p, ok := m.Person(id); ok {
		return p.Label()
	}
	return id
}

// name names a component for people.
func name(c bcp.Component) string {
	if c.Name != "" {
		return c.Name
	}
	return c.ID
}
