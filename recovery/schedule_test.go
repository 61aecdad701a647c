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
		p, err := scheduleID(m, "x", recovery.Options{ExhaustiveUpTo: -1})
		require.NoError(t, err)
		checkValid(t, doc, m, p, fmt.Sprintf("seed %d heuristic", seed))
		p, err = scheduleID(m, "x", recovery.Options{})
		require.NoError(t, err)
		checkValid(t, doc, m, p, fmt.Sprintf("seed %d", seed))
	}
}

func TestLargerSchedulesAreValid(t *testing.T) {
	for seed := uint64(0); seed < 150; seed++ {
		doc, m := recoveryModel(t, seed, 20+int(seed%60), 4)
		p, err := scheduleID(m, "x", recovery.Options{ExhaustiveUpTo: -1})
		require.NoError(t, err)
		checkValid(t, doc, m, p, fmt.Sprintf("seed %d", seed))
	}
}

// TestRedundancyNeedsOnlyTheFirstMember: x needs either isp-a (1h) or
// isp-b (10h). Once isp-a is placed, x is placed by its priority, ahead
// of the long low-priority job on its team, rather than after isp-b.
func TestRedundancyNeedsOnlyTheFirstMember(t *testing.T) {
	doc := &bcp.Document{
		Teams: []bcp.Team{{ID: "net", Capacity: 2}, {ID: "ops", Capacity: 1}},
		Components: []bcp.Component{
			{ID: "isp-a", Kind: "supplier", Attributes: map[string]any{"rank": 0}, Recovery: &bcp.Recovery{Team: "net", Strategies: []bcp.Strategy{{Type: "alternate-supplier", Time: time.Hour}}}},
			{ID: "isp-b", Kind: "supplier", Attributes: map[string]any{"rank": 3}, Recovery: &bcp.Recovery{Team: "net", Strategies: []bcp.Strategy{{Type: "alternate-supplier", Time: 10 * time.Hour}}}},
			{ID: "x", Kind: "application", Attributes: map[string]any{"rank": 1}, DependsOn: []bcp.Dependency{{Kind: bcp.AnyOf, Members: []string{"isp-a", "isp-b"}}},
				Recovery: &bcp.Recovery{Team: "ops", Strategies: []bcp.Strategy{{Type: "restore", Time: time.Hour}}}},
			{ID: "y", Kind: "application", Attributes: map[string]any{"rank": 2}, Recovery: &bcp.Recovery{Team: "ops", Strategies: []bcp.Strategy{{Type: "rebuild", Time: 5 * time.Hour}}}},
		},
		Scenarios: []bcp.Scenario{{ID: "s", Disrupt: []bcp.Disruption{{ID: "isp-a"}, {ID: "isp-b"}, {ID: "x"}, {ID: "y"}}}},
	}
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	p, err := scheduleID(m, "s", recovery.Options{Priority: "attributes.rank", ExhaustiveUpTo: -1})
	require.NoError(t, err)
	got := map[string][2]time.Duration{}
	for _, s := range p.Steps {
		got[s.ID] = [2]time.Duration{s.Start, s.Finish}
	}
	require.Equal(t, map[string][2]time.Duration{
		"isp-a": {0, time.Hour}, "isp-b": {0, 10 * time.Hour},
		"x": {time.Hour, 2 * time.Hour}, "y": {2 * time.Hour, 7 * time.Hour},
	}, got)
	require.Equal(t, 10*time.Hour, p.Makespan)
	// The chain isp-a, x is 2h; isp-b alone is 10h; x need not wait for it.
	require.Equal(t, 10*time.Hour, p.LowerBound)
}

// TestTeamRunsStepsSideBySide: a team of two runs a 2h step from 0,
// beside steps placed before it that keep one person busy until 2h;
// whichever person is free is used, one step may follow another on either.
func TestTeamRunsStepsSideBySide(t *testing.T) {
	step := func(id string, d time.Duration, rank int, needs ...string) bcp.Component {
		c := bcp.Component{ID: id, Kind: "application", Attributes: map[string]any{"rank": rank},
			Recovery: &bcp.Recovery{Team: "t", Strategies: []bcp.Strategy{{Type: "restore", Time: d, Requires: needs}}}}
		return c
	}
	doc := &bcp.Document{
		Teams: []bcp.Team{{ID: "t", Capacity: 2}, {ID: "u", Capacity: 1}},
		Components: []bcp.Component{
			step("a1", time.Hour, 0),
			{ID: "gate1", Kind: "application", Attributes: map[string]any{"rank": 1}, Recovery: &bcp.Recovery{Team: "u", Strategies: []bcp.Strategy{{Type: "restore", Time: time.Hour}}}},
			{ID: "gate2", Kind: "application", Attributes: map[string]any{"rank": 2}, Recovery: &bcp.Recovery{Team: "u", Strategies: []bcp.Strategy{{Type: "restore", Time: time.Hour}}}},
			step("b", time.Hour, 3, "gate1"),
			step("a2", time.Hour, 4, "gate1", "gate2"),
			step("b2", time.Hour, 5, "gate1", "gate2"),
			step("c", 2*time.Hour, 6),
		},
		Scenarios: []bcp.Scenario{{ID: "s", Disrupt: []bcp.Disruption{{Select: "true"}}}},
	}
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	p, err := scheduleID(m, "s", recovery.Options{Priority: "attributes.rank", ExhaustiveUpTo: -1})
	require.NoError(t, err)
	got := map[string]time.Duration{}
	for _, s := range p.Steps {
		got[s.ID] = s.Start
	}
	// a1 [0,1h); gate1 [0,1h), gate2 [1h,2h) on u; b [1h,2h); a2 and b2
	// [2h,3h) fill the team; c (2h, last by priority) still fits at 0:
	// until 2h only one person is busy.
	require.Equal(t, map[string]time.Duration{"a1": 0, "gate1": 0, "gate2": time.Hour, "b": time.Hour, "a2": 2 * time.Hour, "b2": 2 * time.Hour, "c": 0}, got)
	require.Equal(t, "needs gate2", waitedFor(p, "a2"))
	require.Equal(t, "needs gate2", waitedFor(p, "b2"))
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
// steps (redundancy groups and teams of capacity up to 3 included), the
// plan with an independent exhaustive search: every order of the steps,
// each time the first step that can start placed at the earliest time its
// needs are up and its team has room. The lower bound must not exceed any
// schedule's makespan.
func TestSmallSchedulesAreOptimal(t *testing.T) {
	checked, shared := 0, 0
	for seed := uint64(0); seed < 600; seed++ {
		doc, m := recoveryModel(t, seed, 5+int(seed%9), 1+int(seed%3))
		p, err := scheduleID(m, "x", recovery.Options{})
		require.NoError(t, err)
		if !p.Exhaustive || len(p.Unrecoverable) > 0 || len(p.Steps) < 2 {
			continue
		}
		checked++
		if overlapping(p.Steps) {
			shared++
		}
		deadline := map[string]time.Duration{}
		dur := map[string]time.Duration{}
		team := map[string]string{}
		var ids []string
		for _, s := range p.Steps {
			deadline[s.ID], dur[s.ID], team[s.ID] = s.Deadline, s.Finish-s.Start, s.Team
			ids = append(ids, s.ID)
		}
		sort.Strings(ids)
		bestMissed, bestTotal, bestMakespan := int(1e9), time.Duration(0), bcp.Forever
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
					start := earliestStart(placed, team[id], capacity(m, team[id]), ready, dur[id])
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
			var makespan time.Duration
			for _, o := range placed {
				makespan = max(makespan, o.Finish)
			}
			bestMakespan = min(bestMakespan, makespan)
		})
		gotMissed, gotTotal := objective(p.Steps)
		require.Equal(t, bestMissed, gotMissed, "seed %d", seed)
		require.Equal(t, bestTotal, gotTotal, "seed %d", seed)
		require.LessOrEqual(t, p.LowerBound, bestMakespan, "seed %d: the lower bound is above a schedule's makespan", seed)
	}
	require.Greater(t, checked, 80)
	require.Greater(t, shared, 20, "instances where a team runs steps side by side")
}

func capacity(m *bcp.Model, team string) int {
	if tm, ok := m.Team(team); ok && tm.Capacity > 0 {
		return tm.Capacity
	}
	return 1
}

// earliestStart is the first time at or after ready when the team runs
// fewer than capacity of the placed steps throughout [start, start+d).
// Use only falls when a step finishes, so the candidates are ready and the
// finishes after it; use only rises when a step starts, so checking the
// candidate and the starts inside the window is enough.
func earliestStart(placed []recovery.Step, team string, capacity int, ready, d time.Duration) time.Duration {
	candidates := []time.Duration{ready}
	for _, o := range placed {
		if o.Team == team && o.Finish > ready {
			candidates = append(candidates, o.Finish)
		}
	}
	slices.Sort(candidates)
	busy := func(q time.Duration) int {
		n := 0
		for _, o := range placed {
			if o.Team == team && o.Start <= q && q < o.Finish {
				n++
			}
		}
		return n
	}
	for _, c := range candidates {
		fits := busy(c) < capacity
		for _, o := range placed {
			if o.Team == team && c < o.Start && o.Start < c+d && busy(o.Start) >= capacity {
				fits = false
			}
		}
		if fits {
			return c
		}
	}
	panic("unreachable: after the last finish the team is idle")
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

// overlapping reports whether two steps of one team run at the same time.
func overlapping(steps []recovery.Step) bool {
	for _, a := range steps {
		for _, b := range steps {
			if a.ID != b.ID && a.Team == b.Team && a.Start < b.Finish && b.Start < a.Finish {
				return true
			}
		}
	}
	return false
}

func waitedFor(p *recovery.Plan, id string) string {
	for _, s := range p.Steps {
		if s.ID == id {
			return s.WaitedFor
		}
	}
	return ""
}

// scheduleID schedules one of the model's scenarios by id.
func scheduleID(m *bcp.Model, id string, opts recovery.Options) (*recovery.Plan, error) {
	sc, err := m.Scenario(id)
	if err != nil {
		return nil, err
	}
	return recovery.Schedule(m, sc, opts)
}
