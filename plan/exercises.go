package plan

import (
	"fmt"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/recovery"
)

// Due is the state of one kind of exercise in the programme.
type Due struct {
	// Type is the exercise type (full or component).
	Type string
	// Every is how often it is due.
	Every time.Duration
	// Last is the most recent exercise of the type; nil when there is none.
	Last *bcp.Exercise
	// Next is when the next one is due: Last's date plus Every, or the
	// zero time when there has never been one (due now).
	Next time.Time
	// Overdue reports that Next has passed (or that there was never one).
	Overdue bool
}

// Programme returns the state of full exercises and component tests at
// opts.Now.
func Programme(m *bcp.Model, opts Options) []Due {
	now := opts.now()
	out := []Due{{Type: "full", Every: opts.fullEvery()}, {Type: "component", Every: opts.componentEvery()}}
	exs := m.Exercises()
	for i := range out {
		d := &out[i]
		for j := range exs {
			if exs[j].Type == d.Type && (d.Last == nil || exs[j].Date.After(d.Last.Date)) {
				d.Last = &exs[j]
			}
		}
		if d.Last != nil {
			d.Next = d.Last.Date.Add(d.Every)
		}
		d.Overdue = d.Last == nil || now.After(d.Next)
	}
	return out
}

// Exercised maps each component to the date it was last exercised: named
// in an exercise's scope, recovered in the plan of a scenario an exercise
// covered, covered by a full exercise without scope, or by its strategies'
// tested dates.
func Exercised(m *bcp.Model, incs []*recovery.Incident) map[string]time.Time {
	out := map[string]time.Time{}
	mark := func(id string, t time.Time) {
		if t.After(out[id]) {
			out[id] = t
		}
	}
	plans := map[string][]string{}
	for _, inc := range incs {
		for _, d := range inc.Scenario.Disrupt {
			if d.ID != "" {
				plans[inc.Scenario.ID] = append(plans[inc.Scenario.ID], d.ID)
			}
		}
		if inc.Plan != nil {
			for _, s := range inc.Plan.Steps {
				plans[inc.Scenario.ID] = append(plans[inc.Scenario.ID], s.ID)
			}
		}
	}
	for _, e := range m.Exercises() {
		if e.Type == "full" && len(e.Scope) == 0 {
			for _, c := range m.Components() {
				mark(c.ID, e.Date)
			}
		}
		for _, id := range e.Scope {
			mark(id, e.Date)
			for _, c := range plans[id] {
				mark(c, e.Date)
			}
		}
	}
	for _, c := range m.Components() {
		if c.Recovery != nil {
			for _, st := range c.Recovery.Strategies {
				mark(c.ID, st.Tested)
			}
		}
	}
	return out
}

// OpenActions lists the exercises' actions not yet done, with the exercise
// each came from.
func OpenActions(m *bcp.Model) []ExerciseAction {
	var out []ExerciseAction
	for _, e := range m.Exercises() {
		for _, a := range e.Actions {
			if a.Done.IsZero() {
				out = append(out, ExerciseAction{Exercise: e.ID, Action: a})
			}
		}
	}
	return out
}

// ExerciseAction is an action with the id of the exercise that raised it.
type ExerciseAction struct {
	Exercise string
	bcp.Action
}

func checkExercises(m *bcp.Model, incs []*recovery.Incident, opts Options) []bcp.Finding {
	now := opts.now()
	var fs []bcp.Finding
	for _, d := range Programme(m, opts) {
		if !d.Overdue {
			continue
		}
		f := bcp.Finding{Rule: RuleExerciseOverdue, Severity: bcp.SeverityWarning}
		if d.Last == nil {
			f.Message = fmt.Sprintf("no %s exercise on record; one is due every %s", d.Type, days(d.Every))
		} else {
			f.Component, f.Pos = d.Last.ID, d.Last.Pos
			f.Message = fmt.Sprintf("%s exercise overdue since %s: the last (%s) was on %s, one is due every %s",
				d.Type, d.Next.Format(time.DateOnly), d.Last.ID, d.Last.Date.Format(time.DateOnly), days(d.Every))
		}
		fs = append(fs, f)
	}
	done := Exercised(m, incs)
	for _, c := range m.Components() {
		if c.Recovery == nil || len(c.Recovery.Strategies) == 0 || !done[c.ID].IsZero() {
			continue
		}
		fs = append(fs, bcp.Finding{Rule: RuleNeverExercised, Severity: bcp.SeverityWarning, Component: c.ID, Pos: c.Recovery.Pos,
			Message: fmt.Sprintf("the recovery of %s has never been exercised or tested", name(c))})
	}
	for _, a := range OpenActions(m) {
		if !a.Due.Before(now) {
			continue
		}
		fs = append(fs, bcp.Finding{Rule: RuleActionOverdue, Severity: bcp.SeverityWarning, Component: a.Exercise, Pos: a.Pos,
			Message: fmt.Sprintf("action from exercise %s is past due (%s), owner %s: %s", a.Exercise, a.Due.Format(time.DateOnly), label(m, a.Owner), a.Description)})
	}
	return fs
}

// days writes an exercise interval in days, as programmes are planned.
func days(d time.Duration) string {
	n := int(d / (24 * time.Hour))
	if n == 1 {
		return "day"
	}
	return fmt.Sprintf("%d days", n)
}
