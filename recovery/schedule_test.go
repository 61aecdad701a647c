package recovery_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/recovery"
	"github.com/stretchr/testify/require"
)

// recoveryModel adds teams, strategies and an until-recovered scenario to a
// small random model.
func recoveryModel(t testing.TB, seed uint64, n, maxCapacity int) (*bcp.Document, *bcp.Model) {
	doc := bcpgen.Small(seed, n)
	r := rand.New(rand.NewPCG(seed, 7))
	teams := 1 + r.IntN(3)
	for k := 0; k < teams; k++ {
		doc.Teams = append(doc.Teams, bcp.Team{ID: fmt.Sprintf("t%d", k), Capacity: 1 + r.IntN(maxCapacity)})
	}
	for i := range doc.Components {
		c := &doc.Components[i]
		if c.Virtual || r.IntN(8) == 0 {
			continue
		}
		st := bcp.Strategy{Type: "restore", Time: time.Duration(1+r.IntN(4)) * time.Hour}
		if i > 0 && r.IntN(4) == 0 {
			st.Requires = []string{doc.Components[r.IntN(i)].ID}
		}
		c.Recovery = &bcp.Recovery{Team: fmt.Sprintf("t%d", r.IntN(teams)), Strategies: []bcp.Strategy{st}}
	}
	sc := bcp.Scenario{ID: "x"}
	for k := 0; k < 1+r.IntN(5); k++ {
		d := bcp.Disruption{ID: doc.Components[r.IntN(n)].ID, At: time.Duration(r.IntN(3)) * time.Hour}
		if r.IntN(4) == 0 {
			d.For = time.Duration(1+r.IntN(6)) * time.Hour
		}
		sc.Disrupt = append(sc.Disrupt, d)
	}
	doc.Scenarios = []bcp.Scenario{sc}
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	return doc, m
}

// reference recomputes, from a plan alone, when every component is up for
// good: a step's component at its finish, anything else when its finite
// disruptions and its requirements are over.
type reference struct {
	doc     *bcp.Document
	idx     map[string]int
	finish  map[string]time.Duration
	finite  map[string]time.Duration
	forever map[string]bool
	release map[string]time.Duration
}

func newReference(doc *bcp.Document, finish map[string]time.Duration) *reference {
	r := &reference{doc: doc, idx: map[string]int{}, finish: finish, finite: map[string]time.Duration{}, forever: map[string]bool{}, release: map[string]time.Duration{}}
	for i, c := range doc.Components {
		r.idx[c.ID] = i
	}
	for _, d := range doc.Scenarios[0].Disrupt {
		if d.For == 0 {
			r.forever[d.ID] = true
			r.release[d.ID] = max(r.release[d.ID], d.At)
		} else {
			r.finite[d.ID] = max(r.finite[d.ID], d.At+d.For)
		}
	}
	return r
}

func (r *reference) up(id string) time.Duration {
	if r.forever[id] {
		if f, ok := r.finish[id]; ok {
			return f
		}
		return bcp.Forever
	}
	t := r.finite[id]
	for _, d := range r.doc.Components[r.idx[id]].DependsOn {
		t = max(t, r.depUp(d))
	}
	return t
}

func (r *reference) depUp(d bcp.Dependency) time.Duration {
	if d.Kind == bcp.Requires {
		return r.up(d.ID)
	}
	var ts []time.Duration
	for _, x := range d.Members {
		ts = append(ts, r.up(x))
	}
	slices.Sort(ts)
	k := 1
	if d.Kind == bcp.AtLeast {
		k = d.K
	}
	return ts[k-1]
}

func checkValid(t *testing.T, doc *bcp.Document, m *bcp.Model, p *recovery.Plan, msg string) {
	finish := map[string]time.Duration{}
	for _, s := range p.Steps {
		finish[s.ID] = s.Finish
	}
	ref := newReference(doc, finish)
	for _, s := range p.Steps {
		c, _ := m.Component(s.ID)
		require.GreaterOrEqual(t, s.Start, ref.release[s.ID], "%s: %s starts before its disruption", msg, s.ID)
		require.Equal(t, c.Recovery.Strategies[0].Time, s.Finish-s.Start, msg)
		for _, d := range c.DependsOn {
			require.LessOrEqual(t, ref.depUp(d), s.Start, "%s: %s starts before a requirement is up", msg, s.ID)
		}
		for _, id := range c.Recovery.Strategies[0].Requires {
			require.LessOrEqual(t, ref.up(id), s.Start, "%s: %s starts before its precondition %s is up", msg, s.ID, id)
		}
	}
	// Team capacity at every start.
	for _, s := range p.Steps {
		busy := 0
		for _, o := range p.Steps {
			if o.Team == s.Team && o.Start <= s.Start && s.Start < o.Finish {
				busy++
			}
		}
		capacity := 1
		if tm, ok := m.Team(s.Team); ok && tm.Capacity > 0 {
			capacity = tm.Capacity
		}
		require.LessOrEqual(t, busy, capacity, "%s: team %s over capacity at %s", msg, s.Team, s.Start)
	}
	// Every until-recovered component is either a step or unrecoverable.
	for id := range ref.forever {
		_, step := finish[id]
		un := slices.ContainsFunc(p.Unrecoverable, func(u recovery.Unrecoverable) bool { return u.ID == id })
		require.True(t, step != un, "%s: %s is neither scheduled nor unrecoverable", msg, id)
	}
	require.LessOrEqual(t, p.LowerBound, p.Makespan, msg)
}

func TestSchedulesAreValid(t *testing.T) {
	for seed := uint64(0); seed < 600; seed++ {
		doc, m := recoveryModel(t, seed, 5+int(seed%14), 3)
		p, err := recovery.Schedule(m, "x", recovery.Options{ExhaustiveUpTo: -1})
		require.NoError(t, err)
		checkValid(t, doc, m, p, fmt.Sprintf("seed %d heuristic", seed))
		p, err = recovery.Schedule(m, "x", recovery.Options{})
		require.NoError(t, err)
		checkValid(t, doc, m, p, fmt.Sprintf("seed %d", seed))
	}
}

// objective is what the exhaustive search minimises: steps finishing after
// their deadline, then the sum of finish times.
func objective(steps []recovery.Step) (int, time.Duration) {
	missed := 0
	var total time.Duration
	for _, s := range steps {
		if s.Finish > s.Deadline {
			missed++
		}
		total += s.Finish
	}
	return missed, total
}

// TestSmallSchedulesAreOptimal compares, on instances with at most seven
// steps and single-capacity teams (redundancy groups included), the plan
// with an independent exhaustive search: every order of the steps, each
// time the first step that can start placed at the earliest time its needs
// are up and its team is free.
func TestSmallSchedulesAreOptimal(t *testing.T) {
	checked := 0
	for seed := uint64(0); seed < 400; seed++ {
		doc, m := recoveryModel(t, seed, 5+int(seed%9), 1)
		p, err := recovery.Schedule(m, "x", recovery.Options{})
		require.NoError(t, err)
		if !p.Exhaustive || len(p.Unrecoverable) > 0 || len(p.Steps) < 2 {
			continue
		}
		checked++
		deadline := map[string]time.Duration{}
		dur := map[string]time.Duration{}
		team := map[string]string{}
		var ids []string
		for _, s := range p.Steps {
			deadline[s.ID], dur[s.ID], team[s.ID] = s.Deadline, s.Finish-s.Start, s.Team
			ids = append(ids, s.ID)
		}
		sort.Strings(ids)
		bestMissed, bestTotal := int(1e9), time.Duration(0)
		permute(ids, 0, func(order []string) {
			finish := map[string]time.Duration{}
			ref := newReference(doc, finish)
			var placed []recovery.Step
			for len(placed) < len(order) {
				progressed := false
				for _, id := range order {
					if _, done := finish[id]; done {
						continue
					}
					c, _ := m.Component(id)
					ready := ref.release[id]
					for _, d := range c.DependsOn {
						ready = max(ready, ref.depUp(d))
					}
					for _, x := range c.Recovery.Strategies[0].Requires {
						ready = max(ready, ref.up(x))
					}
					if ready == bcp.Forever {
						continue
					}
					start := ready
					for again := true; again; {
						again = false
						for _, o := range placed {
							if o.Team == team[id] && o.Start < start+dur[id] && start < o.Finish {
								start, again = o.Finish, true
							}
						}
					}
					finish[id] = start + dur[id]
					placed = append(placed, recovery.Step{ID: id, Team: team[id], Start: start, Finish: start + dur[id], Deadline: deadline[id]})
					progressed = true
					break
				}
				if !progressed {
					return
				}
			}
			if mi, tot := objective(placed); mi < bestMissed || mi == bestMissed && tot < bestTotal {
				bestMissed, bestTotal = mi, tot
			}
		})
		gotMissed, gotTotal := objective(p.Steps)
		require.Equal(t, bestMissed, gotMissed, "seed %d", seed)
		require.Equal(t, bestTotal, gotTotal, "seed %d", seed)
	}
	require.Greater(t, checked, 50)
}

func permute(xs []string, k int, fn func([]string)) {
	if k == len(xs) {
		fn(xs)
		return
	}
	for i := k; i < len(xs); i++ {
		xs[k], xs[i] = xs[i], xs[k]
		permute(xs, k+1, fn)
		xs[k], xs[i] = xs[i], xs[k]
	}
}
