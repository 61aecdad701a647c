package recovery

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// GapOptions configures Gaps.
type GapOptions struct {
	// Now is the date test ages are measured from; zero means time.Now().
	Now time.Time
	// MaxTestAge is how old a strategy's last test may be; 0 means a year.
	MaxTestAge time.Duration
	// Incident, when set, measures recovery times on that incident's
	// timeline (as bcp recover and bcp impact do) instead of the worst
	// case: only the components it takes down are reported, each with the
	// longest time it stays down.
	Incident *Incident
}

// GapReport is what the recovery strategies can achieve against the
// objectives: per component and per service, and the findings.
type GapReport struct {
	// Scenario is the incident's scenario id with GapOptions.Incident; ""
	// for the worst case.
	Scenario   string
	Components []Capability
	Findings   []bcp.Finding
}

// Capability is the recovery capability of one component, along everything
// it depends on.
type Capability struct {
	ID string
	// Strategy is the strategy used (the one that brings the component back
	// first), "" when there is none.
	Strategy string
	// RTC is the recovery time capability when the component and everything
	// it depends on are down at once and teams are unlimited: the longest
	// chain of recovery times, each step after what it needs. Forever when
	// something on the way has no strategy. A strategy's precondition the
	// component does not depend on (a warm standby) is up unless it depends
	// on what failed. For an incident, it is the
	// longest time the component stays down on the incident's timeline.
	RTC time.Duration
	// RTCPath is that chain, the component first; at most MaxRTCPath ids
	// (RTCPathTruncated then says the chain goes on), so that a report on
	// a long dependency chain stays linear in the number of components.
	RTCPath          []string
	RTCPathTruncated bool
	// RPC is the worst-case data loss among the component and what it
	// depends on; RPCFrom is where it comes from.
	RPC     time.Duration
	RPCFrom string
	// RTO is the RTO in force (bcp.Model.InForce: RTODerived says the BIA
	// derived it) and RPO the declared one; the gaps are max(0, capability
	// - objective), zero when the objective is not set.
	RTO, RPO       time.Duration
	RTODerived     bool
	RTOGap, RPOGap time.Duration
}

// hasRTO reports whether the capability is measured against an RTO (a
// derived 0 is one: no outage is tolerable).
func (c *Capability) hasRTO() bool { return c.RTO > 0 || c.RTODerived }

// Gaps computes recovery capabilities and gaps for every service and every
// component that has objectives or strategies, and checks the strategies:
// backups against 3-2-1 (three copies, two media, one off-site), and tests
// that were never done or are too old.
func Gaps(m *bcp.Model, opts GapOptions) *GapReport {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.MaxTestAge == 0 {
		opts.MaxTestAge = 365 * 24 * time.Hour
	}
	g := newGapAnalysis(m)
	rep := &GapReport{}
	var inIncident map[string]incidentRTC
	if opts.Incident != nil {
		rep.Scenario = opts.Incident.Scenario.ID
		inIncident = incidentRTCs(opts.Incident)
	}
	ends := newChainEnds(len(g.comps))
	var own *worlds
	if inIncident == nil {
		own = newWorlds(m, g)
	}
	for i := range g.comps {
		c := &g.comps[i]
		f := m.InForce(i)
		if c.Kind != bcp.KindService && g.strategy[i] == nil && f.RTO == bcp.Forever && c.Objectives.RPO == 0 {
			continue
		}
		cp := Capability{ID: c.ID, RTC: g.finish[i], RPC: g.rpc[i], RPO: c.Objectives.RPO}
		if f.RTO != bcp.Forever {
			cp.RTO, cp.RTODerived = f.RTO, f.RTODerived
		}
		if inIncident != nil {
			ir, ok := inIncident[c.ID]
			if !ok {
				continue
			}
			cp.RTC, g.via[i] = ir.rtc, -1
		}
		if s := g.strategy[i]; s != nil {
			cp.Strategy = s.Label()
		}
		var last int
		var cycle bool
		cp.RTCPath, cp.RTCPathTruncated, last, cycle = rtcPath(g.comps, g.via, ends, i)
		rpcFrom := g.rpcFrom[i]
		if inIncident != nil {
			cp.RTCPath, cp.RTCPathTruncated = append([]string{c.ID}, inIncident[c.ID].path...), false
		} else if w, ok := own.own(i); ok {
			cp.RTC, cp.RPC, rpcFrom = w.finish, w.rpc, w.rpcFrom
			cp.RTCPath, cp.RTCPathTruncated, last, cycle = w.path, w.trunc, w.last, w.cycle
			cp.Strategy = ""
			if w.strategy != nil {
				cp.Strategy = w.strategy.Label()
			}
		}
		if rpcFrom >= 0 {
			cp.RPCFrom = g.comps[rpcFrom].ID
		}
		cp.setGaps()
		rep.Components = append(rep.Components, cp)
		rep.Findings = objectiveFindings(rep.Findings, c, &cp, rep.Scenario, inIncident != nil, g.comps[last].ID, cycle)
		rep.Findings = fallbackFindings(rep.Findings, c, &cp)
		rep.Findings = strategyFindings(rep.Findings, c, opts)
	}
	if own != nil && own.skipped > 0 {
		rep.Findings = append(rep.Findings, bcp.Finding{Severity: bcp.SeverityWarning, Rule: "gaps-shared-worst-case",
			Message: fmt.Sprintf("%d components whose recovery uses a strategy precondition (a standby) were measured with every component failed at once, standbys too: their own worst cases would visit more than %d components", own.skipped, maxWorldWork)})
	}
	sort.Slice(rep.Components, func(i, j int) bool { return rep.Components[i].ID < rep.Components[j].ID })
	bcp.SortFindings(rep.Findings)
	return rep
}

// gapAnalysis is what Gaps computes for every component when everything
// fails at once: the strategy chosen, when it is up again at best, the need
// that decided it, and the worst-case data loss.
type gapAnalysis struct {
	comps    []bcp.Component
	reqs     [][]bcp.Requirement
	strategy []*bcp.Strategy
	// needs[x]: x's requirements and its strategy's preconditions.
	needs [][]bcp.Requirement
	// finish[x]: when x is up again if it and all it depends on failed at
	// 0 and every step ran as soon as it could.
	finish []time.Duration
	// via[x] is the need that decided finish[x] (-1: none, or x has no way
	// back).
	via []int
	// rpc[x]: the worst-case data loss of x and everything it needs, from
	// the strategy of rpcFrom[x] (-1: none).
	rpc     []time.Duration
	rpcFrom []int
}

func newGapAnalysis(m *bcp.Model) *gapAnalysis {
	g := &gapAnalysis{comps: m.Components()}
	g.chooseStrategies(m)
	g.decisiveNeeds()
	g.dataLoss()
	return g
}

// chooseStrategies picks each component's strategy: the one that brings
// it back first when everything fails at once (the fastest, unless it
// waits for something slower to come back), and sets finish and needs.
func (g *gapAnalysis) chooseStrategies(m *bcp.Model) {
	n := len(g.comps)
	reqs := make([][]bcp.Requirement, n)
	g.reqs = reqs
	var ways []way
	for i, c := range g.comps {
		x := int32(i)
		reqs[x] = m.Graph().Requirements(i)
		if c.Recovery != nil && len(c.Recovery.Strategies) > 0 {
			ways = strategyWays(ways, x, c.Recovery.Strategies, 0)
		} else if c.Virtual || len(reqs[x]) > 0 {
			ways = append(ways, way{comp: x, strategy: -1})
		}
	}
	var chosen []int32
	g.finish, chosen = earliestUp(m, func(x int32) []bcp.Requirement { return reqs[x] }, ways, nil, nil, 0)
	g.strategy = make([]*bcp.Strategy, n)
	g.needs = make([][]bcp.Requirement, n)
	for i, c := range g.comps {
		g.needs[i] = reqs[i]
		if c.Recovery == nil || len(c.Recovery.Strategies) == 0 {
			continue
		}
		k := chosen[i]
		if k < 0 { // none works: report the fastest
			k = int32(fastest(c.Recovery.Strategies))
		}
		s := &c.Recovery.Strategies[k]
		g.strategy[i] = s
		g.needs[i] = appendPreconditions(m, g.needs[i], s)
	}
}

// appendPreconditions appends strategy s's preconditions to needs, each a
// requirement of its one component.
func appendPreconditions(m *bcp.Model, needs []bcp.Requirement, s *bcp.Strategy) []bcp.Requirement {
	for _, id := range s.Requires {
		if y, ok := m.Index(id); ok {
			needs = append(needs, bcp.Requirement{Kind: bcp.Requires, Members: []int32{int32(y)}, Need: 1})
		}
	}
	return needs
}

func (g *gapAnalysis) decisiveNeeds() {
	g.via = make([]int, len(g.comps))
	for x := range g.comps {
		g.via[x] = decisiveNeed(g.needs[x], g.finish)
	}
}

// decisiveNeed returns the member of needs whose time in finish decided
// when they were all met (-1: none, all met from the start).
func decisiveNeed(needs []bcp.Requirement, finish []time.Duration) int {
	via := -1
	var start time.Duration
	for _, r := range needs {
		if y, t := nthEarliest(r, finish); t > start {
			start, via = t, y
		}
	}
	return via
}

// dataLoss sets rpc in dependency order (what is left in a precondition
// cycle counts none).
func (g *gapAnalysis) dataLoss() {
	n := len(g.comps)
	g.rpc = make([]time.Duration, n)
	g.rpcFrom = make([]int, n)
	order, cyclic := needOrder(g.needs)
	for _, x := range cyclic {
		g.rpcFrom[x] = -1
	}
	for _, x := range order {
		g.rpc[x], g.rpcFrom[x] = 0, -1
		for _, r := range g.needs[x] {
			for _, z := range r.Members {
				if g.rpc[z] > g.rpc[x] {
					g.rpc[x], g.rpcFrom[x] = g.rpc[z], g.rpcFrom[z]
				}
			}
		}
		if s := g.strategy[x]; s != nil && s.DataLoss > g.rpc[x] {
			g.rpc[x], g.rpcFrom[x] = s.DataLoss, x
		}
	}
}

// setGaps sets how far the capabilities miss the objectives.
func (cp *Capability) setGaps() {
	if cp.hasRTO() && cp.RTC > cp.RTO {
		cp.RTOGap = cp.RTC - cp.RTO
		if cp.RTC == bcp.Forever {
			cp.RTOGap = bcp.Forever
		}
	}
	if cp.RPO > 0 && cp.RPC > cp.RPO {
		cp.RPOGap = cp.RPC - cp.RPO
	}
}

// objectiveFindings reports cp's RTO and RPO gaps; last is where its
// recovery path ends, cycle whether it ends in a precondition cycle.
func objectiveFindings(fs []bcp.Finding, c *bcp.Component, cp *Capability, scenario string, incident bool, last string, cycle bool) []bcp.Finding {
	path := bcp.PathString(cp.RTCPath)
	if cp.RTCPathTruncated {
		path += " → …"
	}
	gap := func(msg string) bcp.Finding {
		return bcp.Finding{Component: c.ID, Severity: bcp.SeverityError, Rule: "rto-gap", Pos: c.Pos, Path: cp.RTCPath, Message: msg}
	}
	switch {
	case incident && cp.RTOGap > 0:
		fs = append(fs, gap(incidentGap(scenario, *cp)))
	case cp.RTOGap == bcp.Forever:
		why := last + " has no recovery strategy"
		if cycle {
			why = "recovery preconditions wait for each other around " + last
		}
		fs = append(fs, gap(fmt.Sprintf("%s cannot be recovered: %s (via %s)", c.ID, why, path)))
	case cp.RTOGap > 0:
		fs = append(fs, gap(fmt.Sprintf("%s recovers in %s at best (via %s), %s more than its RTO %s", c.ID, bcp.FormatDuration(cp.RTC), path, bcp.FormatDuration(cp.RTOGap), bcp.FormatDuration(cp.RTO))))
	}
	if cp.RPOGap > 0 {
		fs = append(fs, bcp.Finding{Component: c.ID, Severity: bcp.SeverityError, Rule: "rpo-gap", Pos: c.Pos, Message: fmt.Sprintf("%s may lose %s of data (from %s), %s more than its RPO %s", c.ID, bcp.FormatDuration(cp.RPC), cp.RPCFrom, bcp.FormatDuration(cp.RPOGap), bcp.FormatDuration(cp.RPO))})
	}
	return fs
}

// fallbackFindings reports workarounds that cannot be kept up until
// recovery: they leave the component with nothing for the rest of the
// outage.
func fallbackFindings(fs []bcp.Finding, c *bcp.Component, cp *Capability) []bcp.Finding {
	for _, f := range c.Fallbacks {
		if f.MaxDuration == 0 || cp.RTC <= bcp.SatAdd(f.Activation, f.MaxDuration) {
			continue
		}
		name := f.Name
		if name == "" {
			name = "fallback"
		}
		left := "it is never recovered"
		if cp.RTC != bcp.Forever {
			left = fmt.Sprintf("%s without it before recovery at %s", bcp.FormatDuration(cp.RTC-f.Activation-f.MaxDuration), bcp.FormatDuration(cp.RTC))
		}
		fs = append(fs, bcp.Finding{Component: c.ID, Severity: bcp.SeverityWarning, Rule: "fallback-runs-out", Pos: c.Pos, Message: fmt.Sprintf("%q lasts %s from %s after the outage starts; in the worst case %s", name, bcp.FormatDuration(f.MaxDuration), bcp.FormatDuration(f.Activation), left)})
	}
	return fs
}

// strategyFindings reports backups short of 3-2-1 and strategies never or
// too long ago tested.
func strategyFindings(fs []bcp.Finding, c *bcp.Component, opts GapOptions) []bcp.Finding {
	if c.Recovery == nil {
		return fs
	}
	warn := func(rule, msg string) bcp.Finding {
		return bcp.Finding{Component: c.ID, Severity: bcp.SeverityWarning, Rule: rule, Pos: c.Pos, Message: msg}
	}
	for _, s := range c.Recovery.Strategies {
		name := s.Label()
		if (s.Type == "restore" || s.Copies > 0) && (s.Copies < 3 || s.Media < 2 || s.Offsite < 1) {
			fs = append(fs, warn("3-2-1", fmt.Sprintf("%q keeps %d copies on %d media, %d off-site; 3-2-1 asks for 3 copies, 2 media, 1 off-site", name, s.Copies, s.Media, s.Offsite)))
		}
		switch {
		case s.Tested.IsZero():
			fs = append(fs, warn("untested", fmt.Sprintf("%q has never been tested", name)))
		case opts.Now.Sub(s.Tested) > opts.MaxTestAge:
			fs = append(fs, warn("test-age", fmt.Sprintf("%q was last tested on %s, %d days ago (limit %d)", name, s.Tested.Format("2006-01-02"), daysBetween(s.Tested, opts.Now), int(opts.MaxTestAge.Hours()/24))))
		}
	}
	return fs
}

// incidentRTC is a component's recovery time on an incident's timeline
// and the recovery steps that decided it, last first.
type incidentRTC struct {
	rtc  time.Duration
	path []string
}

// incidentRTCs measures, for every component an incident takes down, the
// longest time it stays down (what its RTO is compared with, as in the
// impact), with the plan's critical path for services.
func incidentRTCs(inc *Incident) map[string]incidentRTC {
	out := make(map[string]incidentRTC, len(inc.Impact.Components))
	for _, ci := range inc.Impact.Components {
		var longest time.Duration
		for _, iv := range ci.Down {
			longest = max(longest, iv.To-iv.From)
			if iv.To == bcp.Forever {
				longest = bcp.Forever
			}
		}
		out[ci.ID] = incidentRTC{rtc: longest}
	}
	if inc.Plan != nil {
		for _, s := range inc.Plan.Services {
			if r, ok := out[s.ID]; ok {
				r.path = s.CriticalPath
				out[s.ID] = r
			}
		}
	}
	return out
}

// incidentGap explains an RTO gap on an incident's timeline.
func incidentGap(scenario string, cp Capability) string {
	if cp.RTC == bcp.Forever {
		return fmt.Sprintf("in scenario %s, %s is never back: nothing recovers what it needs (via %s)", scenario, cp.ID, bcp.PathString(cp.RTCPath))
	}
	return fmt.Sprintf("in scenario %s, %s stays down %s (via %s), %s more than its RTO %s", scenario, cp.ID, bcp.FormatDuration(cp.RTC), bcp.PathString(cp.RTCPath), bcp.FormatDuration(cp.RTOGap), bcp.FormatDuration(cp.RTO))
}

// MaxRTCPath is the most ids a Capability's RTCPath lists.
const MaxRTCPath = 16

// rtcPath follows via from i: the ids of the chain (at most MaxRTCPath),
// whether it was cut short, where it ends and whether it ends in a cycle
// (the component met twice).
func rtcPath(comps []bcp.Component, via []int, ends *chainEnds, i int) ([]string, bool, int, bool) {
	var path []string
	var seen []int
	for x := i; x >= 0; x = via[x] {
		path = append(path, comps[x].ID)
		if slices.Contains(seen, x) {
			return path, false, x, true
		}
		if len(path) == MaxRTCPath && via[x] >= 0 {
			last, cycle := ends.of(via, via[x])
			return path, true, last, cycle
		}
		seen = append(seen, x)
		if via[x] < 0 {
			return path, false, x, false
		}
	}
	return path, false, i, false
}

// chainEnds memoises where each via chain ends, so that long chains are
// followed once, not once per component on them.
type chainEnds struct {
	state []int8 // 0: unknown, 1: being followed, 2: known
	end   []int
	cycle []bool
}

func newChainEnds(n int) *chainEnds {
	return &chainEnds{state: make([]int8, n), end: make([]int, n), cycle: make([]bool, n)}
}

func (c *chainEnds) of(via []int, x int) (int, bool) {
	var stack []int
	end, cycle := -1, false
	for y := x; ; y = via[y] {
		if c.state[y] == 2 {
			end, cycle = c.end[y], c.cycle[y]
			break
		}
		if c.state[y] == 1 { // met again: a cycle closing at y
			end, cycle = y, true
			break
		}
		c.state[y] = 1
		stack = append(stack, y)
		if via[y] < 0 {
			end = y
			break
		}
	}
	for _, y := range stack {
		c.state[y], c.end[y], c.cycle[y] = 2, end, cycle
	}
	return end, cycle
}

// daysBetween counts whole days from a to b on the calendar: time.Time.Sub
// saturates at about 292 years, and a --now of 9999-12-31 is further.
func daysBetween(a, b time.Time) int64 { return (b.Unix() - a.Unix()) / (24 * 3600) }

// MarshalJSON writes durations in whole seconds, null for never.
func (r *GapReport) MarshalJSON() ([]byte, error) {
	type capJSON struct {
		ID       string   `json:"id"`
		Strategy string   `json:"strategy,omitempty"`
		RTC      *int64   `json:"rtc"`
		RTCPath  []string `json:"rtcPath"`
		Cut      bool     `json:"rtcPathTruncated,omitempty"`
		RPC      int64    `json:"rpc"`
		RPCFrom  string   `json:"rpcFrom,omitempty"`
		RTO      *int64   `json:"rto"`
		Derived  bool     `json:"rtoDerived,omitempty"`
		RPO      *int64   `json:"rpo"`
		RTOGap   *int64   `json:"rtoGap"`
		RPOGap   int64    `json:"rpoGap"`
	}
	out := struct {
		Scenario   string        `json:"scenario,omitempty"`
		Components []capJSON     `json:"components"`
		Findings   []bcp.Finding `json:"findings"`
	}{Scenario: r.Scenario, Components: []capJSON{}, Findings: []bcp.Finding{}}
	for _, c := range r.Components {
		gap := bcp.JSONSeconds(c.RTOGap)
		zero := int64(0)
		if c.RTOGap == 0 {
			gap = &zero
		}
		rto := bcp.JSONOptionalSeconds(c.RTO)
		if c.RTODerived {
			rto = bcp.JSONSeconds(c.RTO)
		}
		out.Components = append(out.Components, capJSON{c.ID, c.Strategy, bcp.JSONSeconds(c.RTC), c.RTCPath, c.RTCPathTruncated, bcp.Seconds(c.RPC), c.RPCFrom, rto, c.RTODerived, bcp.JSONOptionalSeconds(c.RPO), gap, bcp.Seconds(c.RPOGap)})
	}
	out.Findings = append(out.Findings, r.Findings...)
	return json.Marshal(out)
}

// needOrder orders components after everything they need (Kahn's
// algorithm) and returns those left in cycles apart.
func needOrder(needs [][]bcp.Requirement) (order, cyclic []int) {
	n := len(needs)
	pending := make([]int, n)
	users := make([][]int, n)
	for x := range needs {
		for _, r := range needs[x] {
			for _, y := range r.Members {
				users[y] = append(users[y], x)
				pending[x]++
			}
		}
	}
	order = make([]int, 0, n)
	for x := range needs {
		if pending[x] == 0 {
			order = append(order, x)
		}
	}
	for h := 0; h < len(order); h++ {
		for _, u := range users[order[h]] {
			if pending[u]--; pending[u] == 0 {
				order = append(order, u)
			}
		}
	}
	for x := range needs {
		if pending[x] > 0 {
			cyclic = append(cyclic, x)
		}
	}
	return order, cyclic
}

// nthEarliest returns the member of r whose time is the need-th earliest
// (the first listed among equals), and that time.
func nthEarliest(r bcp.Requirement, at []time.Duration) (int, time.Duration) {
	ms := make([]int, len(r.Members))
	for k, z := range r.Members {
		ms[k] = int(z)
	}
	sort.SliceStable(ms, func(a, b int) bool { return at[ms[a]] < at[ms[b]] })
	y := ms[r.Need-1]
	return y, at[y]
}
