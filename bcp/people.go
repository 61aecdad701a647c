package bcp

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// Person is someone the continuity plan calls on: a member of a recovery
// team, the holder of a role, the owner of an action.
type Person struct {
	ID   string
	Name string
	// Title is the person's job title, e.g. "Service desk lead".
	Title string
	// Channels are the ways to reach the person, in the order to try them.
	Channels []Channel
	// Trained lists the components (core areas) the person is trained to
	// work on or recover.
	Trained    []string
	TrainedPos []Position
	Pos        Position
}

// Label names the person for people: the name, or the id when there is none.
func (p Person) Label() string {
	if p.Name != "" {
		return p.Name
	}
	return p.ID
}

// ChannelTypes are the kinds of contact channel.
var ChannelTypes = []string{"phone", "sms", "email", "chat", "pager"}

// Channel is one way to reach a person: a phone number, an e-mail address.
type Channel struct {
	// Type is one of ChannelTypes.
	Type  string
	Value string
	Pos   Position
}

// Member is a person's place in a team.
type Member struct {
	// Person is the person's id.
	Person string
	// Role is the person's role in the team, e.g. "lead"; free text.
	Role string
	Pos  Position
}

// Role is a continuity role (continuity manager, recovery team lead, ...)
// with the person who holds it and the one who stands in.
type Role struct {
	ID               string
	Name             string
	Responsibilities string
	// Holder and Alternate are person ids; Alternate may be empty.
	Holder, Alternate       string
	HolderPos, AlternatePos Position
	Pos                     Position
}

// Label names the role for people: its name, or its id.
func (r Role) Label() string {
	if r.Name != "" {
		return r.Name
	}
	return r.ID
}

// ExerciseTypes are the kinds of exercise, from discussion to the real thing.
var ExerciseTypes = []string{"tabletop", "component", "simulation", "full"}

// ExerciseOutcomes are the results an exercise may have.
var ExerciseOutcomes = []string{"pass", "partial", "fail"}

// Exercise is a record of a test of the plan: a tabletop walk-through, a
// component test (restoring one system), a simulation or a full exercise.
type Exercise struct {
	ID   string
	Name string
	Date time.Time
	// Type is one of ExerciseTypes.
	Type string
	// Scope lists the scenarios and components (their recovery strategies)
	// exercised. A full exercise covers the whole plan whatever its scope.
	Scope    []string
	ScopePos []Position
	// Outcome is one of ExerciseOutcomes.
	Outcome string
	Notes   string
	// Actions are what the exercise found to fix.
	Actions []Action
	// Dependencies records, per service exercised, the fingerprint of what
	// it depended on at the time (as bcp plan shows it), so that a later
	// change to those dependencies makes the exercise stale.
	Dependencies map[string]string
	Pos          Position
}

// Action is a follow-up from an exercise: what to do, who, by when.
type Action struct {
	Description string
	// Owner is a person id.
	Owner string
	Due   time.Time
	// Done is when the action was closed; zero while it is open.
	Done time.Time
	Pos  Position
}

// People returns the declared people in document order.
func (m *Model) People() []Person { return m.people }

// Person returns the person with the given id.
func (m *Model) Person(id string) (Person, bool) {
	i, ok := m.personX[id]
	if !ok {
		return Person{}, false
	}
	return m.people[i], true
}

// Roles returns the declared continuity roles in document order.
func (m *Model) Roles() []Role { return m.roles }

// Exercises returns the exercise records in document order.
func (m *Model) Exercises() []Exercise { return m.exercises }

// compilePeople checks people, team members, roles and exercises: ids are
// unique and every reference names something declared.
func (m *Model) compilePeople(doc *Document) Problems {
	var probs Problems
	m.people = slices.Clone(doc.People)
	m.personX = make(map[string]int, len(m.people))
	var personIDs []string
	for pi, p := range m.people {
		if !validID(p.ID) {
			probs.add(p.Pos, nil, "person id %q: ids use only ASCII letters, digits and . _ : / - (no spaces)", p.ID)
			continue
		}
		if j, dup := m.personX[p.ID]; dup {
			probs.add(p.Pos, nil, "duplicate person id %q: already defined at %s", p.ID, m.people[j].Pos)
			continue
		}
		m.personX[p.ID] = pi
		personIDs = append(personIDs, p.ID)
	}
	sort.Strings(personIDs)
	person := func(id string, pos Position, what string) {
		if _, ok := m.personX[id]; !ok {
			probs.add(pos, notFound("person", id, personIDs), "%s %q is not declared under people%s", what, id, didYouMean(id, personIDs))
		}
	}
	for _, p := range m.people {
		for j, id := range p.Trained {
			if _, ok := m.index[id]; !ok {
				probs.add(at(p.TrainedPos, j, p.Pos), nil, "person %q is trained on %q, which is not a component%s", p.ID, id, didYouMean(id, m.IDs()))
			}
		}
	}
	for _, tm := range m.teams {
		seen := map[string]bool{}
		for _, mb := range append(slices.Clone(tm.Members), tm.Alternates...) {
			person(mb.Person, mb.Pos, fmt.Sprintf("team %q: member", tm.ID))
			if seen[mb.Person] {
				probs.add(mb.Pos, nil, "team %q lists %q twice (members and alternates are distinct people)", tm.ID, mb.Person)
			}
			seen[mb.Person] = true
		}
	}
	probs = append(probs, m.compileRoles(doc, person)...)
	probs = append(probs, m.compileExercises(doc, person)...)
	return probs
}

// at is the i-th position of ps, or def when it is not known.
func at(ps []Position, i int, def Position) Position {
	if i < len(ps) {
		return orPos(ps[i], def)
	}
	return def
}

// orPos is p, or def when p is not known (a value built in code).
func orPos(p, def Position) Position {
	if p.Line > 0 {
		return p
	}
	return def
}

func (m *Model) compileRoles(doc *Document, person func(id string, pos Position, what string)) Problems {
	var probs Problems
	m.roles = slices.Clone(doc.Roles)
	seen := map[string]Position{}
	for _, r := range m.roles {
		if !validID(r.ID) {
			probs.add(r.Pos, nil, "role id %q: ids use only ASCII letters, digits and . _ : / - (no spaces)", r.ID)
		} else if prev, dup := seen[r.ID]; dup {
			probs.add(r.Pos, nil, "duplicate role id %q: already defined at %s", r.ID, prev)
		}
		seen[r.ID] = r.Pos
		if r.Holder == "" {
			probs.add(r.Pos, nil, "role %q needs a holder: the id of the person who holds it", r.ID)
		} else {
			person(r.Holder, orPos(r.HolderPos, r.Pos), fmt.Sprintf("role %q: holder", r.ID))
		}
		if r.Alternate != "" {
			person(r.Alternate, orPos(r.AlternatePos, r.Pos), fmt.Sprintf("role %q: alternate", r.ID))
			if r.Alternate == r.Holder {
				probs.add(orPos(r.AlternatePos, r.Pos), nil, "role %q: the alternate must be someone other than the holder %q", r.ID, r.Holder)
			}
		}
	}
	return probs
}

func (m *Model) compileExercises(doc *Document, person func(id string, pos Position, what string)) Problems {
	var probs Problems
	m.exercises = slices.Clone(doc.Exercises)
	seen := map[string]Position{}
	for _, e := range m.exercises {
		if !validID(e.ID) {
			probs.add(e.Pos, nil, "exercise id %q: ids use only ASCII letters, digits and . _ : / - (no spaces)", e.ID)
		} else if prev, dup := seen[e.ID]; dup {
			probs.add(e.Pos, nil, "duplicate exercise id %q: already defined at %s", e.ID, prev)
		}
		seen[e.ID] = e.Pos
		if e.Date.IsZero() {
			probs.add(e.Pos, nil, "exercise %q needs a date such as 2026-03-31", e.ID)
		}
		if !slices.Contains(ExerciseTypes, e.Type) {
			probs.add(e.Pos, nil, "exercise %q: type %q is not one of %v", e.ID, e.Type, ExerciseTypes)
		}
		if !slices.Contains(ExerciseOutcomes, e.Outcome) {
			probs.add(e.Pos, nil, "exercise %q: outcome %q is not one of %v", e.ID, e.Outcome, ExerciseOutcomes)
		}
		for j, id := range e.Scope {
			_, isComp := m.index[id]
			_, isScenario := m.scenarioX[id]
			if !isComp && !isScenario {
				known := append(m.IDs(), scenarioIDs(m)...)
				probs.add(at(e.ScopePos, j, e.Pos), nil, "exercise %q: scope %q is neither a scenario nor a component%s", e.ID, id, didYouMean(id, known))
			}
		}
		for id := range e.Dependencies {
			if _, ok := m.index[id]; !ok {
				probs.add(e.Pos, nil, "exercise %q: dependencies names unknown component %q%s", e.ID, id, didYouMean(id, m.IDs()))
			}
		}
		for _, a := range e.Actions {
			if a.Owner != "" {
				person(a.Owner, a.Pos, fmt.Sprintf("exercise %q: action owner", e.ID))
			}
			if a.Due.IsZero() {
				probs.add(a.Pos, nil, "exercise %q: an action needs due: the date it must be done by", e.ID)
			}
		}
	}
	return probs
}

func scenarioIDs(m *Model) []string {
	out := make([]string, 0, len(m.scenarios))
	for _, s := range m.scenarios {
		out = append(out, s.ID)
	}
	return out
}
