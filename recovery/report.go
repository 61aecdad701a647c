package recovery

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// objective scores a placement: missed deadlines first, then the sum of
// the services' restoration under the planner's up times. Lower is better.
func (p *planner) objective() (int, time.Duration) {
	missed := 0
	var total time.Duration
	for _, st := range p.steps {
		if st.dead != "" {
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
func (p *planner) bestOrder() []int {
	perm := p.priorityOrder()
	best := slices.Clone(perm)
	p.generateScan(perm)
	bestMissed, bestTotal := p.objective()
	var rec func(k int)
	rec = func(k int) {
		if k == len(perm) {
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

func (p *planner) report(sc bcp.Scenario, im *bcp.Impact, exhaustive bool, keep func(int) bool) (*Plan, error) {
	m := p.m
	out := &Plan{Scenario: sc.ID, Exhaustive: exhaustive}
	// Re-simulate: each recovered component is down until its step ends.
	resim := bcp.Scenario{ID: sc.ID, Name: sc.Name}
	total := 0
	for _, ts := range p.targets {
		total += len(ts)
	}
	resim.Disrupt = make([]bcp.Disruption, 0, total)
	for di, d := range sc.Disrupt {
		for _, x := range p.targets[di] {
			nd := bcp.Disruption{ID: m.ID(int(x)), At: d.At, For: d.For}
			if d.For == 0 {
				if st := p.steps[p.stepOf[x]]; st.dead == "" {
					if st.finish <= d.At {
						continue
					}
					nd.For = st.finish - d.At
				}
			}
			resim.Disrupt = append(resim.Disrupt, nd)
		}
	}
	after, err := m.SimulateOnly(resim, keep)
	if err != nil {
		return nil, err
	}
	teams := map[string]*TeamLoad{}
	var lanesLB time.Duration
	out.Steps = make([]Step, 0, len(p.steps))
	for _, st := range p.steps {
		id := m.ID(st.comp)
		if st.dead != "" {
			out.Unrecoverable = append(out.Unrecoverable, Unrecoverable{ID: id, Reason: st.dead})
			continue
		}
		name := st.strategy.Name
		if name == "" {
			name = st.strategy.Type
		}
		out.Steps = append(out.Steps, Step{ID: id, Team: st.team, Strategy: name, Start: st.start, Finish: st.finish, Deadline: st.deadline, Needs: st.needIDs, WaitedFor: st.waited})
		out.Makespan = max(out.Makespan, st.finish)
		tl := teams[st.team]
		if tl == nil {
			tl = &TeamLoad{ID: st.team, Capacity: st.capacity}
			teams[st.team] = tl
		}
		tl.Steps++
		tl.Work += st.strategy.Time
		if st.waited == "team "+st.team {
			ready := st.release
			for _, r := range st.needs {
				ready = max(ready, p.reqUp(r))
			}
			tl.Delay += st.start - ready
		}
		// Lower bound: release plus the longest chain from this step on.
		lanesLB = max(lanesLB, st.release+st.tail)
	}
	slices.SortFunc(out.Steps, func(a, b Step) int {
		if a.Start != b.Start {
			return int(a.Start - b.Start)
		}
		return strings.Compare(a.ID, b.ID)
	})
	sort.Slice(out.Unrecoverable, func(i, j int) bool { return out.Unrecoverable[i].ID < out.Unrecoverable[j].ID })
	var worst time.Duration
	for _, tl := range teams {
		out.Teams = append(out.Teams, *tl)
		// A team cannot finish its work sooner than work / capacity after
		// its first step could start.
		earliest := bcp.Forever
		for _, st := range p.steps {
			if st.team == tl.ID && st.dead == "" {
				earliest = min(earliest, st.release)
			}
		}
		lanesLB = max(lanesLB, earliest+tl.Work/time.Duration(tl.Capacity))
		if tl.Delay > worst {
			worst, out.Bottleneck = tl.Delay, tl.ID
		}
	}
	sort.Slice(out.Teams, func(i, j int) bool { return out.Teams[i].ID < out.Teams[j].ID })
	out.LowerBound = min(lanesLB, out.Makespan)
	if len(out.Steps) == 0 {
		out.LowerBound = 0
	}
	for _, x := range p.services {
		id := m.ID(x)
		before := im.Component(id)
		if before == nil {
			continue
		}
		c, _ := m.Component(id)
		sr := ServiceRestore{ID: id, DownAt: before.DownAt, RestoredAt: 0, RTO: c.Objectives.RTO}
		if a := after.Component(id); a != nil {
			sr.DownAt, sr.RestoredAt = a.DownAt, a.UpAt
			if sr.RTO > 0 {
				met := !a.RTOBreached
				sr.Met = &met
			}
		} else if sr.RTO > 0 {
			met := true
			sr.Met = &met
		}
		sr.CriticalPath = p.criticalPath(x)
		out.Services = append(out.Services, sr)
	}
	sort.Slice(out.Services, func(i, j int) bool { return out.Services[i].ID < out.Services[j].ID })
	return out, nil
}

// criticalPath follows, from the step that restores a service last, what
// each step waited for.
func (p *planner) criticalPath(x int) []string {
	s := p.stepBehind(x)
	var path []string
	for s >= 0 && len(path) <= len(p.steps) {
		path = append(path, p.m.ID(p.steps[s].comp))
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
		Met          *bool    `json:"met"`
		CriticalPath []string `json:"criticalPath"`
	}
	type teamJSON struct {
		ID       string `json:"id"`
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
	}{Scenario: pl.Scenario, Steps: []stepJSON{}, Services: []serviceJSON{}, Unrecoverable: []Unrecoverable{}, Teams: []teamJSON{},
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
		if s.RTO > 0 {
			rto = bcp.JSONSeconds(s.RTO)
		}
		cp := s.CriticalPath
		if cp == nil {
			cp = []string{}
		}
		out.Services = append(out.Services, serviceJSON{s.ID, bcp.Seconds(s.DownAt), bcp.JSONSeconds(s.RestoredAt), rto, s.Met, cp})
	}
	for _, t := range pl.Teams {
		out.Teams = append(out.Teams, teamJSON{t.ID, t.Capacity, t.Steps, bcp.Seconds(t.Work), bcp.Seconds(t.Delay)})
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
	fmt.Fprintf(&b, "# Recovery runbook: %s\n\n", pl.Scenario)
	if sc, ok := m.Scenario(pl.Scenario); ok && sc.Name != "" {
		fmt.Fprintf(&b, "%s\n\n", sc.Name)
	}
	fmt.Fprintf(&b, "Times are from the start of the incident (T+0).\n\n")
	fmt.Fprintf(&b, "| # | Start | Finish | Recover | Team | Contact | How | First up | Expected |\n|---|---|---|---|---|---|---|---|---|\n")
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
		fmt.Fprintf(&b, "| %d | T+%s | T+%s | %s | %s | %s | %s | %s | %s |\n", i+1, bcp.FormatDuration(s.Start), bcp.FormatDuration(s.Finish), s.ID, team, contact, s.Strategy, needs, bcp.FormatDuration(s.Finish-s.Start))
	}
	if len(pl.Unrecoverable) > 0 {
		fmt.Fprintf(&b, "\n## Cannot be recovered with the current strategies\n\n")
		for _, u := range pl.Unrecoverable {
			fmt.Fprintf(&b, "- %s: %s\n", u.ID, u.Reason)
		}
	}
	fmt.Fprintf(&b, "\n## Services\n\n| Service | Down | Restored | RTO | Met |\n|---|---|---|---|---|\n")
	for _, s := range pl.Services {
		restored, rto, met := "never", "-", "-"
		if s.RestoredAt != bcp.Forever {
			restored = "T+" + bcp.FormatDuration(s.RestoredAt)
		}
		if s.RTO > 0 {
			rto = bcp.FormatDuration(s.RTO)
		}
		if s.Met != nil {
			met = "yes"
			if !*s.Met {
				met = "**no**"
			}
		}
		fmt.Fprintf(&b, "| %s | T+%s | %s | %s | %s |\n", s.ID, bcp.FormatDuration(s.DownAt), restored, rto, met)
	}
	return b.String()
}
