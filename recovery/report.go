package recovery

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// objective scores a placement: missed deadlines first, then the sum of
// the steps' finish times. Lower is better.
func (p *planner) objective() (int, time.Duration) {
	missed := 0
	var total time.Duration
	for s := range p.steps {
		st := &p.steps[s]
		if st.dead != alive {
			missed++
			continue
		}
		if st.finish > st.deadline {
			missed++
		}
		total += st.finish
	}
	return missed, total
}

// bestOrder tries every order of the steps with generateScan (which reaches
// every active schedule, among which is an optimal one) and returns the
// best.
func (p *planner) bestOrder() []int32 {
	perm := p.priorityOrder()
	best := slices.Clone(perm)
	p.generateScan(perm)
	bestMissed, bestTotal := p.objective()
	var rec func(k int)
	rec = func(k int) {
		if k == len(perm) {
			if p.stopped() {
				return
			}
			p.generateScan(perm)
			missed, total := p.objective()
			if missed < bestMissed || missed == bestMissed && total < bestTotal {
				bestMissed, bestTotal = missed, total
				copy(best, perm)
			}
			return
		}
		for i := k; i < len(perm); i++ {
			perm[k], perm[i] = perm[i], perm[k]
			rec(k + 1)
			perm[k], perm[i] = perm[i], perm[k]
		}
	}
	rec(0)
	return best
}

// resimulation is the scenario again, each recovered component down until
// its step ends.
func (p *planner) resimulation(sc bcp.Scenario) bcp.Scenario {
	m := p.m
	resim := bcp.Scenario{ID: sc.ID, Name: sc.Name}
	total := 0
	for _, ts := range p.targets {
		total += len(ts)
	}
	if total == 0 {
		// Every disruption selects nothing: nothing to recover, and the
		// scenario is its own resimulation (Simulate refuses one whose
		// disrupt list is empty).
		return sc
	}
	resim.Disrupt = make([]bcp.Disruption, 0, total)
	for di, d := range sc.Disrupt {
		for _, x := range p.targets[di] {
			nd := bcp.Disruption{ID: m.ID(int(x)), At: d.At, For: d.For}
			if d.For == 0 {
				if st := &p.steps[p.stepOf[x]]; st.dead == alive {
					if st.finish <= d.At {
						continue
					}
					if st.finish != bcp.Forever { // else: down for good
						nd.For = st.finish - d.At
					}
				}
			}
			resim.Disrupt = append(resim.Disrupt, nd)
		}
	}
	return resim
}

func (p *planner) report(sc bcp.Scenario, exhaustive bool, keep func(int) bool) (*Plan, *bcp.Impact, error) {
	out := &Plan{Scenario: sc.ID, Name: sc.Name, Exhaustive: exhaustive}
	after, err := p.m.SimulateContext(p.ctx, p.resimulation(sc), bcp.SimulateOptions{Only: keep})
	if err != nil {
		return nil, nil, err
	}
	order := p.stepOrder(out)
	p.reportSteps(out, order)
	out.Services = p.restores(after)
	out.Backlogs = backlogs(p.m, after)
	return out, after, nil
}

// stepOrder returns the scheduled steps in order of start, then id, and
// lists the unrecoverable in out.
func (p *planner) stepOrder(out *Plan) []int32 {
	m := p.m
	order := make([]int32, 0, len(p.steps))
	for s := range p.steps {
		if st := &p.steps[s]; st.dead == alive {
			order = append(order, int32(s))
		} else {
			out.Unrecoverable = append(out.Unrecoverable, Unrecoverable{ID: m.ID(int(st.comp)), Reason: p.deadReason(st)})
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		x, y := &p.steps[a], &p.steps[b]
		if x.start != y.start {
			return cmp.Compare(x.start, y.start)
		}
		return m.Graph().IDRank(int(x.comp)) - m.Graph().IDRank(int(y.comp))
	})
	slices.SortFunc(out.Unrecoverable, func(a, b Unrecoverable) int { return strings.Compare(a.ID, b.ID) })
	return order
}

// reportSteps fills out's steps, makespan, team loads, bottleneck and
// lower bound.
func (p *planner) reportSteps(out *Plan, order []int32) {
	m := p.m
	loads := make([]TeamLoad, len(p.teams))
	firstRelease := make([]time.Duration, len(p.teams))
	for k, t := range p.teams {
		loads[k] = TeamLoad{ID: t.id, Capacity: int(t.capacity)}
		if mt, ok := m.Team(t.id); ok {
			loads[k].Name, loads[k].Contact = mt.Name, mt.Contact
		}
		firstRelease[k] = bcp.Forever
	}
	needs := p.needIDs()
	out.Steps = make([]Step, len(order))
	for k, s := range order {
		st := &p.steps[s]
		out.Steps[k] = Step{ID: m.ID(int(st.comp)), Team: p.teams[st.team].id, Strategy: st.strategy.Label(), Start: st.start, Finish: st.finish,
			Deadline: st.deadline, Needs: needs[s], WaitedFor: p.waitReason(st)}
		out.Makespan = max(out.Makespan, st.finish)
		tl := &loads[st.team]
		tl.Steps++
		tl.Work += st.dur
		if st.wait == waitTeam {
			tl.Delay = bcp.SatAdd(tl.Delay, bcp.SatSub(st.start, st.readyAt))
		}
		firstRelease[st.team] = min(firstRelease[st.team], st.release)
	}
	var worst time.Duration
	for k := range loads {
		if loads[k].Steps == 0 {
			continue
		}
		out.Teams = append(out.Teams, loads[k])
		if loads[k].Delay > worst {
			worst, out.Bottleneck = loads[k].Delay, loads[k].ID
		}
	}
	slices.SortFunc(out.Teams, func(a, b TeamLoad) int { return strings.Compare(a.ID, b.ID) })
	if len(order) > 0 {
		out.LowerBound = p.lowerBound(loads, firstRelease)
	}
}

// restores lists the services down on the incident's timeline, from its
// impact (a service the plan keeps up, its dependency back within its
// tolerance, is not down and not listed, as in the impact): looking every
// service of a large model up cost more than the rest of a small
// incident's plan.
func (p *planner) restores(after *bcp.Impact) []ServiceRestore {
	var out []ServiceRestore
	idx := after.ComponentIndices()
	for k := range after.Components {
		a := &after.Components[k]
		if a.Kind != bcp.KindService {
			continue
		}
		sr := ServiceRestore{ID: a.ID, DownAt: a.DownAt, RestoredAt: a.UpAt, RTO: a.RTO, RTODerived: a.RTODerived}
		if a.HasRTO() {
			met := !a.RTOBreached
			sr.Met = &met
		}
		sr.CriticalPath = p.criticalPath(idx[k])
		out = append(out, sr)
	}
	slices.SortFunc(out, func(a, b ServiceRestore) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// needIDs lists, for each step, the ids of what it needed, sorted and
// without repeats, all in one backing array. Steps are visited in index
// order, which follows the model's order and so its memory.
func (p *planner) needIDs() [][]string {
	total := 0
	for s := range p.steps {
		for _, r := range p.steps[s].needs {
			total += len(r.Members)
		}
	}
	arena := make([]string, 0, total)
	out := make([][]string, len(p.steps))
	for s := range p.steps {
		from := len(arena)
		for _, r := range p.steps[s].needs {
			for _, y := range r.Members {
				arena = append(arena, p.m.ID(int(y)))
			}
		}
		ids := arena[from:]
		slices.Sort(ids)
		ids = slices.Compact(ids)
		arena = arena[:from+len(ids)]
		if len(ids) > 0 {
			out[s] = ids[:len(ids):len(ids)]
		}
	}
	return out
}

// lowerBound is a bound no schedule can beat: the longest chain of steps
// that must follow each other (through hard requirements only: a member of
// a redundancy group need not come first), and each team's work divided by
// its capacity after its first step could start.
func (p *planner) lowerBound(loads []TeamLoad, firstRelease []time.Duration) time.Duration {
	var bound time.Duration
	for k := range loads {
		if loads[k].Steps > 0 {
			bound = max(bound, firstRelease[k]+loads[k].Work/time.Duration(loads[k].Capacity))
		}
	}
	// ef[s]: the earliest s could finish with unlimited teams.
	ef := make([]time.Duration, len(p.steps))
	state := make([]uint8, len(p.steps))
	var finish func(s int32) time.Duration
	finish = func(s int32) time.Duration {
		if state[s] != 0 {
			return ef[s]
		}
		state[s] = 1
		st := &p.steps[s]
		start := st.release
		for k := p.depStart[s]; k < p.depStart[s+1]; k++ {
			if d := p.deps[k]; p.hard[k] && p.steps[d].dead == alive {
				start = max(start, finish(d))
			}
		}
		ef[s] = bcp.SatAdd(start, st.dur)
		state[s] = 2
		return ef[s]
	}
	for s := range p.steps {
		if p.steps[s].dead == alive {
			bound = max(bound, finish(int32(s)))
		}
	}
	return bound
}

func (p *planner) waitReason(st *step) string {
	switch st.wait {
	case waitTeam:
		return "team " + p.teams[st.team].id
	case waitNeed:
		return "needs " + p.m.ID(int(st.waitComp))
	}
	return "disruption"
}

func (p *planner) deadReason(st *step) string {
	switch st.dead {
	case noStrategy:
		return "no recovery strategy"
	case waitsForLost:
		if st.deadComp < 0 {
			return "waits for something that cannot be recovered"
		}
		return "waits for " + p.m.ID(int(st.deadComp)) + ", which cannot be recovered"
	}
	return "preconditions wait for each other in a cycle"
}

// criticalPath follows, from the step that restores x last, what each step
// waited for.
func (p *planner) criticalPath(x int32) []string {
	s := p.stepBehind(x)
	var path []string
	for s >= 0 && len(path) <= len(p.steps) {
		path = append(path, p.m.ID(int(p.steps[s].comp)))
		s = p.steps[s].waitedBy
	}
	return path
}

// MarshalJSON writes the stable JSON form (schema/output.schema.json): times
// in whole seconds from the scenario start, null for never.
func (pl *Plan) MarshalJSON() ([]byte, error) {
	type stepJSON struct {
		ID        string   `json:"id"`
		Team      string   `json:"team"`
		Strategy  string   `json:"strategy"`
		Start     int64    `json:"start"`
		Finish    int64    `json:"finish"`
		Deadline  int64    `json:"deadline"`
		Needs     []string `json:"needs"`
		WaitedFor string   `json:"waitedFor"`
	}
	type serviceJSON struct {
		ID           string   `json:"id"`
		DownAt       int64    `json:"downAt"`
		RestoredAt   *int64   `json:"restoredAt"`
		RTO          *int64   `json:"rto"`
		RTODerived   bool     `json:"rtoDerived,omitempty"`
		Met          *bool    `json:"met"`
		CriticalPath []string `json:"criticalPath"`
	}
	type backlogJSON struct {
		ID        string   `json:"id"`
		Fallbacks []string `json:"fallbacks"`
		Used      *int64   `json:"used"`
		Work      *int64   `json:"work"`
		From      *int64   `json:"from"`
		Until     *int64   `json:"until"`
	}
	type teamJSON struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		Contact  string `json:"contact"`
		Capacity int    `json:"capacity"`
		Steps    int    `json:"steps"`
		Work     int64  `json:"work"`
		Delay    int64  `json:"delay"`
	}
	out := struct {
		Scenario      string          `json:"scenario"`
		Steps         []stepJSON      `json:"steps"`
		Services      []serviceJSON   `json:"services"`
		Unrecoverable []Unrecoverable `json:"unrecoverable"`
		Makespan      int64           `json:"makespan"`
		LowerBound    int64           `json:"lowerBound"`
		Teams         []teamJSON      `json:"teams"`
		Bottleneck    string          `json:"bottleneck,omitempty"`
		Exhaustive    bool            `json:"exhaustive"`
		Backlogs      []backlogJSON   `json:"backlogs"`
	}{Scenario: pl.Scenario, Steps: []stepJSON{}, Services: []serviceJSON{}, Unrecoverable: []Unrecoverable{}, Teams: []teamJSON{}, Backlogs: []backlogJSON{},
		Makespan: bcp.Seconds(pl.Makespan), LowerBound: bcp.Seconds(pl.LowerBound), Bottleneck: pl.Bottleneck, Exhaustive: pl.Exhaustive}
	if pl.Unrecoverable != nil {
		out.Unrecoverable = pl.Unrecoverable
	}
	for _, s := range pl.Steps {
		needs := s.Needs
		if needs == nil {
			needs = []string{}
		}
		out.Steps = append(out.Steps, stepJSON{s.ID, s.Team, s.Strategy, bcp.Seconds(s.Start), bcp.Seconds(s.Finish), bcp.Seconds(s.Deadline), needs, s.WaitedFor})
	}
	for _, s := range pl.Services {
		var rto *int64
		if s.Met != nil {
			rto = bcp.JSONSeconds(s.RTO)
		}
		cp := s.CriticalPath
		if cp == nil {
			cp = []string{}
		}
		out.Services = append(out.Services, serviceJSON{s.ID, bcp.Seconds(s.DownAt), bcp.JSONSeconds(s.RestoredAt), rto, s.RTODerived, s.Met, cp})
	}
	for _, t := range pl.Teams {
		out.Teams = append(out.Teams, teamJSON{t.ID, t.Name, t.Contact, t.Capacity, t.Steps, bcp.Seconds(t.Work), bcp.Seconds(t.Delay)})
	}
	for _, b := range pl.Backlogs {
		out.Backlogs = append(out.Backlogs, backlogJSON{b.ID, b.Fallbacks, bcp.JSONSeconds(b.Used), bcp.JSONSeconds(b.Work), bcp.JSONSeconds(b.From), bcp.JSONSeconds(b.Until)})
	}
	return json.Marshal(out)
}

// MarshalJSON writes {"id", "reason"}.
func (u Unrecoverable) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID     string `json:"id"`
		Reason string `json:"reason"`
	}{u.ID, u.Reason})
}

// Runbook writes the plan as a Markdown runbook for people: the steps in
// order with team, contact, strategy, what must be up first and expected
// times, then the services and whether they meet their RTO. It is meant to
// be printed before systems go down.
func (pl *Plan) Runbook(m *bcp.Model) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Recovery runbook: %s\n\n", bcp.MarkdownText(pl.Scenario))
	if pl.Name != "" {
		fmt.Fprintf(&b, "%s\n\n", bcp.MarkdownText(pl.Name))
	}
	fmt.Fprintf(&b, "Times are from the start of the incident (T+0).\n\n")
	if len(pl.Steps) == 0 && len(pl.Unrecoverable) > 0 {
		fmt.Fprintf(&b, "No recovery step can run; what cannot be recovered is listed below.\n")
	} else if len(pl.Steps) == 0 {
		fmt.Fprintf(&b, "No recovery steps: every disruption in this scenario ends by itself.\n")
	} else {
		fmt.Fprintf(&b, "| # | Start | Finish | Recover | Team | Contact | How | First up | Expected |\n|---|---|---|---|---|---|---|---|---|\n")
	}
	for i, s := range pl.Steps {
		contact := ""
		team := s.Team
		if t, ok := m.Team(s.Team); ok {
			contact = t.Contact
			if t.Name != "" {
				team = t.Name
			}
		}
		needs := strings.Join(s.Needs, ", ")
		if needs == "" {
			needs = "-"
		}
		md := bcp.MarkdownText
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s | %s | %s | %s |\n", i+1, bcp.FormatTime(s.Start), bcp.FormatTime(s.Finish), md(s.ID), md(team), md(contact), md(s.Strategy), md(needs), bcp.FormatDuration(bcp.SatSub(s.Finish, s.Start)))
	}
	if len(pl.Unrecoverable) > 0 {
		fmt.Fprintf(&b, "\n## Cannot be recovered with the current strategies\n\n")
		for _, u := range pl.Unrecoverable {
			fmt.Fprintf(&b, "- %s: %s\n", bcp.MarkdownText(u.ID), bcp.MarkdownText(u.Reason))
		}
	}
	fmt.Fprintf(&b, "\n## Services\n\n| Service | Down | Restored | RTO | Met |\n|---|---|---|---|---|\n")
	for _, s := range pl.Services {
		restored, rto, met := "never", "-", "-"
		if s.RestoredAt != bcp.Forever {
			restored = bcp.FormatTime(s.RestoredAt)
		}
		if s.Met != nil {
			rto = bcp.FormatDuration(s.RTO)
		}
		if s.Met != nil {
			met = "yes"
			if !*s.Met {
				met = "**no**"
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", bcp.MarkdownText(s.ID), bcp.FormatTime(s.DownAt), restored, rto, met)
	}
	if len(pl.Backlogs) > 0 {
		fmt.Fprintf(&b, "\n## Backlog to re-enter after the workarounds\n\n| Component | Workarounds | Ran for | Re-entry work | Caught up |\n|---|---|---|---|---|\n")
		for _, bl := range pl.Backlogs {
			used, work, until := "until never restored", "-", "never"
			if bl.Used != bcp.Forever {
				used = bcp.FormatDuration(bl.Used)
			}
			if bl.Work != bcp.Forever {
				work = bcp.FormatDuration(bl.Work)
			}
			if bl.Until != bcp.Forever {
				until = bcp.FormatTime(bl.Until)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", bcp.MarkdownText(bl.ID), bcp.MarkdownText(strings.Join(bl.Fallbacks, ", ")), used, work, until)
		}
	}
	return b.String()
}

// hasBacklog reports whether a component has a fallback that leaves work
// to re-enter.
func hasBacklog(c *bcp.Component) bool {
	for _, f := range c.Fallbacks {
		if f.BacklogPerHour > 0 {
			return true
		}
	}
	return false
}

// backlogs works out the re-entry work from the periods each fallback ran
// in the re-simulated scenario.
func backlogs(m *bcp.Model, after *bcp.Impact) []Backlog {
	var out []Backlog
	comps := m.Components()
	idx := after.ComponentIndices()
	for k, ci := range after.Components {
		c := &comps[idx[k]]
		if !hasBacklog(c) {
			continue
		}
		b := Backlog{ID: ci.ID, From: ci.UpAt}
		var work float64 // nanoseconds
		for _, cp := range ci.Capacity {
			if cp.Capacity == 0 {
				continue
			}
			for _, f := range c.Fallbacks {
				if f.Name != cp.Fallback || f.BacklogPerHour == 0 {
					continue
				}
				b.Used = bcp.SatAdd(b.Used, bcp.SatSub(cp.To, cp.From))
				if b.Used != bcp.Forever {
					work += float64(cp.To-cp.From) / float64(time.Hour) * float64(f.BacklogPerHour)
				}
				if !slices.Contains(b.Fallbacks, f.Name) {
					b.Fallbacks = append(b.Fallbacks, f.Name)
				}
				break
			}
		}
		if b.Used == 0 {
			continue
		}
		// Work beyond the largest duration is Forever, never a wrapped
		// negative number.
		b.Work, b.Until = bcp.SatScale(time.Second, math.Round(work/float64(time.Second))), bcp.Forever
		if b.Used == bcp.Forever || b.From == bcp.Forever {
			b.Work = bcp.Forever
		} else {
			b.Until = bcp.SatAdd(b.From, b.Work)
		}
		slices.Sort(b.Fallbacks)
		out = append(out, b)
	}
	return out
}
