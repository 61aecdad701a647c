package bcp

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"
)

// maxSuggestions bounds how many dangling references get a "did you mean"
// search, which costs a scan of all ids each.
const maxSuggestions = 200

// validID reports whether id uses only letters, digits and . _ : / -.
func validID(id string) bool {
	if id == "" {
		return false
	}
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == '.', r == '_', r == ':', r == '/', r == '-':
		default:
			return false
		}
	}
	return true
}

// CycleError reports a dependency cycle, listing its ids in order; the first
// id is repeated at the end.
type CycleError struct {
	Cycle []string
}

func (e *CycleError) Error() string {
	return "dependency cycle: " + strings.Join(e.Cycle, " -> ")
}

// Compile validates a document and builds the immutable Model. It reports
// every problem at once as Problems. The document is not modified, but the
// Model shares its slices and maps (copying a million components would
// double the memory), so a document must not be changed after it is
// compiled; build a new one instead.
func Compile(doc *Document, opts ...Option) (*Model, error) {
	return compile(doc, newConfig(opts), false)
}

// compile is Compile; owned says that nothing else holds doc (Load's own
// document), so that the model takes its components instead of a copy.
func compile(doc *Document, cfg *config, owned bool) (*Model, error) {
	var probs Problems
	m := &Model{
		cfg:         cfg,
		name:        doc.Name,
		description: doc.Description,
		kinds:       make(map[Kind]bool, len(BuiltinKinds)+len(doc.Kinds)),
		index:       make(map[string]int32, len(doc.Components)),
		scenarioX:   make(map[string]int, len(doc.Scenarios)),
	}
	if doc.Version != 0 && doc.Version != 1 {
		probs.add(doc.VersionPos, nil, "unsupported version %d; this release reads version 1", doc.Version)
	}
	kindNames := m.compileKinds(doc, &probs)
	// Ids first, so that references can be resolved in any order.
	m.comps = doc.Components
	if !owned {
		m.comps = slices.Clone(doc.Components)
	}
	m.indexComponents(&probs)
	probs = append(probs, m.indexExternalIDs()...)
	if len(probs) >= keptProblems {
		// More problems than will be listed (a million copies of one
		// component): the rest of the checks would only cost memory.
		return nil, probs.err()
	}
	r := &resolver{m: m, probs: &probs}
	g := newGraphCompiler(m, r)
	for i := range m.comps {
		m.checkComponent(i, kindNames, &probs)
		g.requirements(i)
		g.fallbacks(i)
	}
	m.buildReverse()
	m.identity = make([]int32, len(m.comps))
	for i := range m.identity {
		m.identity[i] = int32(i)
	}
	m.groupNames = make([]atomic.Pointer[string], len(m.groupK))
	probs = append(probs, m.sortTopo()...)
	m.teams = slices.Clone(doc.Teams)
	m.checkRecovery(m.compileTeams(&probs), r)
	m.compileScenarios(doc, cfg, r)
	probs = append(probs, m.compileRisks(doc)...)
	probs = append(probs, m.compilePeople(doc)...)
	if len(probs) > 0 {
		// Rules need a sound graph (topological order, environments); report
		// what is wrong so far together with rule compile errors.
		_, rp := compileRules(m, doc, cfg, false)
		probs = append(probs, rp...)
		probs = append(probs, m.compileBIA(doc, cfg)...)
		return nil, append(probs, m.checkObjectives()...).err()
	}
	rs, rp := compileRules(m, doc, cfg, true)
	probs = append(probs, rp...)
	m.rules = rs
	probs = append(probs, m.compileBIA(doc, cfg)...)
	// Objectives are checked after set rules, which may derive them.
	probs = append(probs, m.checkObjectives()...)
	if len(probs) == 0 {
		// Derived objectives evaluate formulas, which need the rest sound.
		probs = m.deriveObjectives()
	}
	if err := probs.err(); err != nil {
		return nil, err
	}
	return m, nil
}

// compileKinds declares the built-in and the model's kinds and returns
// their names, sorted.
func (m *Model) compileKinds(doc *Document, probs *Problems) []string {
	for _, k := range BuiltinKinds {
		m.kinds[k] = true
	}
	for _, kd := range doc.Kinds {
		switch {
		case !validID(string(kd.Name)):
			probs.add(kd.Pos, nil, "kind name %q must use letters, digits and . _ : / -", kd.Name)
		case m.kinds[kd.Name]:
			probs.add(kd.Pos, nil, "kind %q is declared twice or is built in", kd.Name)
		default:
			m.kinds[kd.Name] = true
		}
	}
	kindNames := make([]string, 0, len(m.kinds))
	for k := range m.kinds {
		kindNames = append(kindNames, string(k))
	}
	sort.Strings(kindNames)
	return kindNames
}

// indexComponents numbers the components by id.
func (m *Model) indexComponents(probs *Problems) {
	for i := range m.comps {
		c := &m.comps[i]
		if c.ID == "" {
			probs.add(c.Pos, nil, "component without id; every component needs a unique id")
			continue
		}
		if !validID(c.ID) {
			probs.add(c.Pos, nil, "id %q: ids use only ASCII letters, digits and . _ : / - (no spaces)", c.ID)
		}
		// The one attribute analyses read (SPOF ranking, BIA formulas):
		// "12,000" would silently count as nothing.
		if v, set := c.Attributes["revenuePerHour"]; set {
			if _, ok := toFloat(v); !ok {
				what := describe(v)
				if str, isStr := v.(string); isStr {
					what = fmt.Sprintf("the string %q", str)
				}
				probs.add(c.Pos, nil, "component %q: attributes.revenuePerHour must be a number such as 12000, not %s", c.ID, what)
			}
		}
		if j, dup := m.index[c.ID]; dup {
			probs.add(c.Pos, nil, "duplicate id %q: already defined at %s", c.ID, m.comps[j].Pos)
			continue
		}
		m.index[c.ID] = int32(i)
	}
}

// resolver finds the components references name, reporting the unknown
// ones with a did-you-mean for the first maxSuggestions.
type resolver struct {
	m           *Model
	probs       *Problems
	allIDs      []string // built on first need: only for suggestions
	suggestions int
}

// resolve returns id's index. what is called only on failure: formatting
// a label for every reference would cost more than resolving it.
func (r *resolver) resolve(id string, pos Position, what func() string) (int32, bool) {
	if x, ok := r.m.index[id]; ok {
		return x, true
	}
	hint := ""
	if r.suggestions < maxSuggestions {
		if r.allIDs == nil {
			r.allIDs = make([]string, 0, len(r.m.index))
			for k := range r.m.index {
				r.allIDs = append(r.allIDs, k)
			}
			sort.Strings(r.allIDs)
		}
		hint = didYouMean(id, r.allIDs)
		r.suggestions++
	}
	r.probs.add(pos, nil, "%s refers to unknown component %q%s", what(), id, hint)
	return -1, false
}

// checkComponent checks component i's kind, tier and own availability.
func (m *Model) checkComponent(i int, kindNames []string, probs *Problems) {
	c := &m.comps[i]
	if c.Kind == "" {
		probs.add(c.Pos, nil, "component %q has no kind; valid kinds: %s", c.ID, strings.Join(kindNames, ", "))
	} else if !m.kinds[c.Kind] {
		probs.add(c.Pos, nil, "component %q has unknown kind %q%s; valid kinds: %s (declare others under kinds:)", c.ID, c.Kind, didYouMean(string(c.Kind), kindNames), strings.Join(kindNames, ", "))
	}
	if c.Tier < 0 {
		pos := c.TierPos
		if pos.Line == 0 {
			pos = c.Pos
		}
		probs.add(pos, nil, "component %q: tier must not be negative, not %d; 1 is the most critical, and 0 (or no tier) means untiered", c.ID, c.Tier)
	}
	*probs = append(*probs, checkOwnAvailability(c)...)
}

// graphCompiler builds the model's flat requirement and group arrays,
// component by component.
type graphCompiler struct {
	m *Model
	r *resolver
	// plainMark[x] == i+1: component i already requires x; memberMark[x]
	// == g: x is already in group g (counted over all groups, from 1), for
	// duplicate members.
	plainMark, memberMark []int32
	groups                int32
}

// newGraphCompiler sizes the model's arrays by a count first.
func newGraphCompiler(m *Model, r *resolver) *graphCompiler {
	n := len(m.comps)
	m.reqStart = make([]int32, n+1)
	nreqs, nmembers, ngroups := 0, 0, 0
	for i := range m.comps {
		nreqs += len(m.comps[i].DependsOn)
		for _, d := range m.comps[i].DependsOn {
			nmembers += len(d.Members)
			if d.Kind != Requires {
				ngroups++
			}
		}
	}
	m.reqs = make([]requirement, 0, nreqs)
	m.members = make([]int32, 0, nmembers)
	m.groupStart = append(make([]int32, 0, ngroups+1), 0)
	m.groupK = make([]int32, 0, ngroups)
	return &graphCompiler{m: m, r: r, plainMark: make([]int32, n), memberMark: make([]int32, n)}
}

// requirements compiles component i's dependsOn.
func (g *graphCompiler) requirements(i int) {
	m := g.m
	c := &m.comps[i]
	for di, d := range c.DependsOn {
		pos := d.Pos
		if pos.Line == 0 {
			pos = c.Pos
		}
		if d.Tolerance < 0 {
			g.r.probs.add(pos, nil, "component %q: tolerance must not be negative", c.ID)
		}
		switch d.Kind {
		case Requires:
			g.plain(i, &d, pos)
		case AnyOf, AtLeast:
			g.group(i, &d, pos)
		default:
			g.r.probs.add(pos, nil, "component %q: dependency %d has unknown kind %d", c.ID, di, d.Kind)
		}
	}
	m.reqStart[i+1] = int32(len(m.reqs))
}

func (g *graphCompiler) plain(i int, d *Dependency, pos Position) {
	m, probs := g.m, g.r.probs
	c := &m.comps[i]
	x, ok := g.r.resolve(d.ID, pos, func() string { return fmt.Sprintf("component %q dependsOn", c.ID) })
	switch {
	case !ok:
	case x == int32(i):
		probs.add(pos, &CycleError{Cycle: []string{c.ID, c.ID}}, "component %q depends on itself", c.ID)
	case g.plainMark[x] == int32(i)+1:
		probs.add(pos, nil, "component %q lists dependency %q twice", c.ID, d.ID)
	default:
		g.plainMark[x] = int32(i) + 1
		m.reqs = append(m.reqs, requirement{kind: uint8(Requires), target: x, tol: d.Tolerance})
	}
}

func (g *graphCompiler) group(i int, d *Dependency, pos Position) {
	m, probs := g.m, g.r.probs
	c := &m.comps[i]
	what := "anyOf"
	k := 1
	if d.Kind == AtLeast {
		what, k = "atLeast", d.K
	}
	if len(d.Members) == 0 {
		probs.add(pos, nil, "component %q: %s group has no members", c.ID, what)
		return
	}
	if k < 1 || k > len(d.Members) {
		probs.add(pos, nil, "component %q: atLeast %d of %d members is out of range; k must be between 1 and %d", c.ID, k, len(d.Members), len(d.Members))
		return
	}
	start := int32(len(m.members))
	g.groups++
	ok := true
	for j, id := range d.Members {
		mpos := pos
		if j < len(d.MemberPos) {
			mpos = d.MemberPos[j]
		}
		x, found := g.r.resolve(id, mpos, func() string { return fmt.Sprintf("component %q %s member", c.ID, what) })
		switch {
		case !found:
			ok = false
		case x == int32(i):
			probs.add(mpos, &CycleError{Cycle: []string{c.ID, c.ID}}, "component %q depends on itself", c.ID)
			ok = false
		case g.memberMark[x] == g.groups:
			probs.add(mpos, nil, "component %q: %q is listed twice in one %s group", c.ID, id, what)
			ok = false
		default:
			g.memberMark[x] = g.groups
			m.members = append(m.members, x)
		}
	}
	if !ok {
		m.members = m.members[:start]
		return
	}
	m.reqs = append(m.reqs, requirement{kind: uint8(d.Kind), target: int32(len(m.groupK)), tol: d.Tolerance})
	m.groupK = append(m.groupK, int32(k))
	m.groupStart = append(m.groupStart, int32(len(m.members)))
}

// fallbacks checks component i's fallbacks and resolves what they require.
func (g *graphCompiler) fallbacks(i int) {
	m, probs := g.m, g.r.probs
	c := &m.comps[i]
	for fi := range c.Fallbacks {
		f := &c.Fallbacks[fi]
		pos := f.Pos
		if pos.Line == 0 {
			pos = c.Pos
		}
		if !(f.Capacity > 0 && f.Capacity <= 1) { // NaN fails too
			probs.add(pos, nil, "component %q: fallback capacity is the fraction of normal capacity, above 0 and at most 1 (e.g. 0.7), not %g", c.ID, f.Capacity)
		}
		if f.Activation < 0 || f.MaxDuration < 0 || f.BacklogPerHour < 0 {
			probs.add(pos, nil, "component %q: fallback durations must not be negative", c.ID)
		}
		fb := fallback{Fallback: f}
		for _, id := range f.Requires {
			if x, ok := g.r.resolve(id, pos, func() string { return fmt.Sprintf("component %q fallback requires", c.ID) }); ok {
				if x == int32(i) {
					probs.add(pos, nil, "component %q: a fallback cannot require its own component (it works while that is down)", c.ID)
					continue
				}
				fb.requires = append(fb.requires, x)
			}
		}
		if m.fallbacks == nil {
			m.fallbacks = make([][]fallback, len(m.comps))
		}
		m.fallbacks[i] = append(m.fallbacks[i], fb)
	}
}

// compileTeams indexes the teams and returns their ids, sorted.
func (m *Model) compileTeams(probs *Problems) []string {
	m.teamX = make(map[string]int, len(m.teams))
	var teamIDs []string
	for ti, tm := range m.teams {
		switch {
		case !validID(tm.ID):
			probs.add(tm.Pos, nil, "team id %q: ids use only ASCII letters, digits and . _ : / - (no spaces)", tm.ID)
		case tm.Capacity < 0:
			probs.add(tm.Pos, nil, "team %q: capacity must be 1 or more", tm.ID)
		default:
			if j, dup := m.teamX[tm.ID]; dup {
				probs.add(tm.Pos, nil, "duplicate team id %q: already defined at %s", tm.ID, m.teams[j].Pos)
				continue
			}
			m.teamX[tm.ID] = ti
			teamIDs = append(teamIDs, tm.ID)
		}
	}
	sort.Strings(teamIDs)
	return teamIDs
}

// checkRecovery checks the recovery plans: their teams, strategy types,
// values and preconditions.
func (m *Model) checkRecovery(teamIDs []string, r *resolver) {
	probs := r.probs
	for i := range m.comps {
		c := &m.comps[i]
		if c.Recovery == nil {
			continue
		}
		pos := c.Recovery.Pos
		if pos.Line == 0 {
			pos = c.Pos
		}
		if t := c.Recovery.Team; t != "" {
			if _, ok := m.teamX[t]; !ok {
				probs.add(pos, nil, "component %q: recovery team %q is not declared under teams%s", c.ID, t, didYouMean(t, teamIDs))
			}
		}
		for _, st := range c.Recovery.Strategies {
			spos := st.Pos
			if spos.Line == 0 {
				spos = pos
			}
			if st.Type != "" && !slices.Contains(StrategyTypes, st.Type) {
				probs.add(spos, nil, "component %q: unknown strategy type %q%s", c.ID, st.Type, didYouMean(st.Type, StrategyTypes))
			}
			if st.Time < 0 || st.DataLoss < 0 || st.Copies < 0 || st.Media < 0 || st.Offsite < 0 {
				probs.add(spos, nil, "component %q: strategy values must not be negative", c.ID)
			}
			for _, id := range st.Requires {
				if x, ok := r.resolve(id, spos, func() string { return fmt.Sprintf("component %q strategy requires", c.ID) }); ok && x == int32(i) {
					probs.add(spos, nil, "component %q: a recovery strategy cannot require the component it recovers", c.ID)
				}
			}
		}
	}
}

// compileScenarios checks the scenarios' ids and disruptions and compiles
// their selectors.
func (m *Model) compileScenarios(doc *Document, cfg *config, r *resolver) {
	m.scenarios = slices.Clone(doc.Scenarios)
	m.selectors = map[string]*program{}
	ec := newExprCompiler(m, cfg)
	for si, s := range doc.Scenarios {
		if s.ID == "" {
			r.probs.add(s.Pos, nil, "scenario without id")
		} else if !validID(s.ID) {
			// --scenario, /v1/...?scenario= and the plan's anchors take it.
			r.probs.add(s.Pos, nil, "scenario id %q: ids use only ASCII letters, digits and . _ : / - (no spaces)", s.ID)
		} else if j, dup := m.scenarioX[s.ID]; dup {
			r.probs.add(s.Pos, nil, "duplicate scenario id %q: already defined at %s", s.ID, doc.Scenarios[j].Pos)
		} else {
			m.scenarioX[s.ID] = si
		}
		_, ps := m.checkScenario(&m.scenarios[si], ec, func(id string, pos Position, what string) {
			r.resolve(id, pos, func() string { return what })
		}, m.selectors)
		*r.probs = append(*r.probs, ps...)
	}
}

func (m *Model) buildReverse() {
	n := len(m.comps)
	m.revStart = make([]int32, n+1)
	last := make([]int32, n) // last dependent recorded per target, to skip repeats
	for i := range last {
		last[i] = -1
	}
	m.forEachEdge(func(from, to int32) {
		if last[to] != from {
			last[to] = from
			m.revStart[to+1]++
		}
	})
	for i := 0; i < n; i++ {
		m.revStart[i+1] += m.revStart[i]
	}
	m.rev = make([]int32, m.revStart[n])
	fill := make([]int32, n)
	copy(fill, m.revStart[:n])
	for i := range last {
		last[i] = -1
	}
	m.forEachEdge(func(from, to int32) {
		if last[to] != from {
			last[to] = from
			m.rev[fill[to]] = from
			fill[to]++
		}
	})
}

// forEachEdge calls fn for every (dependent, dependency) pair, dependents in
// increasing order.
func (m *Model) forEachEdge(fn func(from, to int32)) {
	for i := 0; i+1 < len(m.reqStart); i++ {
		for _, r := range m.reqs[m.reqStart[i]:m.reqStart[i+1]] {
			if r.depKind() == Requires {
				fn(int32(i), r.target)
				continue
			}
			for _, x := range m.groupMembers(r) {
				fn(int32(i), x)
			}
		}
	}
}

// outTargets calls fn for every component i depends on directly (repeats
// possible when a component is in several groups).
func (m *Model) outTargets(i int32, fn func(int32)) {
	for _, r := range m.reqs[m.reqStart[i]:m.reqStart[i+1]] {
		if r.depKind() == Requires {
			fn(r.target)
			continue
		}
		for _, x := range m.groupMembers(r) {
			fn(x)
		}
	}
}

// sortTopo orders components so that every component comes after all it
// depends on (Kahn's algorithm), and reports each cycle it finds.
func (m *Model) sortTopo() Problems {
	n := len(m.comps)
	pending := make([]int32, n) // number of distinct dependencies not yet placed
	mark := make([]int32, n)
	for i := range mark {
		mark[i] = -1
	}
	for i := int32(0); i < int32(n); i++ {
		m.outTargets(i, func(x int32) {
			if mark[x] != i {
				mark[x] = i
				pending[i]++
			}
		})
	}
	m.topo = make([]int32, 0, n)
	for i := 0; i < n; i++ {
		if pending[i] == 0 {
			m.topo = append(m.topo, int32(i))
		}
	}
	for h := 0; h < len(m.topo); h++ {
		x := m.topo[h]
		for _, d := range m.rev[m.revStart[x]:m.revStart[x+1]] {
			pending[d]--
			if pending[d] == 0 {
				m.topo = append(m.topo, d)
			}
		}
	}
	if len(m.topo) < n {
		return m.cycles(pending)
	}
	m.topoPos = make([]int32, n)
	for p, x := range m.topo {
		m.topoPos[x] = int32(p)
	}
	return nil
}

// cycles reports the dependency cycles among the components sortTopo
// could not place (pending > 0). Every one of them has a dependency that
// is also left, so walking such dependencies from any of them must come
// back to a component on the walk: a cycle.
func (m *Model) cycles(pending []int32) Problems {
	n := len(m.comps)
	var probs Problems
	state := make([]int8, n) // 0 unvisited, 1 on current walk, 2 done
	step := make([]int32, n)
	for start := 0; start < n; start++ {
		if pending[start] == 0 || state[start] != 0 {
			continue
		}
		var walk []int32
		x := int32(start)
		for state[x] == 0 {
			state[x] = 1
			walk = append(walk, x)
			next := int32(-1)
			m.outTargets(x, func(y int32) {
				if next < 0 && pending[y] > 0 {
					next = y
				}
			})
			step[x] = next
			x = next
		}
		if state[x] == 1 {
			e := &CycleError{Cycle: m.cycleFrom(x, step)}
			first := m.index[e.Cycle[0]]
			probs.add(m.comps[first].Pos, e, "%s", e.Error())
		}
		for _, y := range walk {
			state[y] = 2
		}
	}
	return probs
}

// cycleFrom lists the ids around the cycle through x (step gives each
// one's next), from the smallest id, so that the report is deterministic,
// and back to it.
func (m *Model) cycleFrom(x int32, step []int32) []string {
	var cyc []string
	for y := x; ; y = step[y] {
		cyc = append(cyc, m.comps[y].ID)
		if step[y] == x {
			break
		}
	}
	lo := 0
	for i := range cyc {
		if cyc[i] < cyc[lo] {
			lo = i
		}
	}
	cyc = append(cyc[lo:], cyc[:lo]...)
	return append(cyc, cyc[0])
}

// checkScenario reports what is wrong with a scenario's disruptions and
// compiles its selectors (kept in keep by source, when given; a Model
// in use is immutable, so Simulate keeps none). Compile runs it on
// the model's scenarios and Simulate on scenarios built in code, so both
// accept exactly the same. unknown reports an id that names no component.
func (m *Model) checkScenario(s *Scenario, ec *exprCompiler, unknown func(id string, pos Position, what string), keep map[string]*program) ([]*program, Problems) {
	var probs Problems
	if len(s.Disrupt) == 0 {
		probs.add(s.Pos, nil, "scenario %q disrupts nothing; list at least one disruption under disrupt", s.ID)
	}
	sel := make([]*program, len(s.Disrupt))
	for di := range s.Disrupt {
		d := &s.Disrupt[di]
		what := fmt.Sprintf("scenario %q disruption %d", s.ID, di+1)
		switch {
		case (d.ID == "") == (d.Select == ""):
			probs.add(d.Pos, nil, "%s needs exactly one of id (one component) or select (an expression)", what)
		case d.ID != "":
			if _, ok := m.index[d.ID]; !ok {
				unknown(d.ID, d.Pos, fmt.Sprintf("scenario %q disrupt", s.ID))
			}
		default:
			if p, ok := m.selectors[d.Select]; ok {
				sel[di] = p
				break
			}
			pos := d.SelectPos
			if pos.Line == 0 {
				pos = d.Pos
			}
			p, prob := ec.compile(d.Select, pos, reflect.TypeOf(true), fmt.Sprintf("scenario %q select", s.ID))
			if prob != nil {
				probs = append(probs, *prob)
			}
			sel[di] = p
			if keep != nil && p != nil {
				keep[d.Select] = p
			}
		}
		if d.At < 0 || d.For < 0 || d.RecoverAfter < 0 {
			probs.add(d.Pos, nil, "%s: at, for and recoverAfter must not be negative", what)
		}
		if d.For > 0 && d.RecoverAfter > 0 {
			probs.add(d.Pos, nil, "%s: give for (the outage's known length) or recoverAfter (the cause lasts this long, then recovery starts), not both", what)
		}
		// An end past Forever would read as never: two days at 106751d
		// were an outage that never ends.
		for _, end := range []struct {
			name   string
			length time.Duration
		}{{"for", d.For}, {"recoverAfter", d.RecoverAfter}} {
			if end.length > 0 && d.At > 0 && SatAdd(d.At, end.length) == Forever {
				probs.add(d.Pos, nil, "%s: at %s + %s %s ends later than the latest time an analysis can represent (%s after the start, about 292 years), so it would read as never ending; give a shorter at or %s",
					what, FormatDuration(d.At), end.name, FormatDuration(end.length), FormatDuration(Forever-1), end.name)
			}
		}
		if !(d.Fraction >= 0 && d.Fraction <= 1) { // NaN fails too
			probs.add(d.Pos, nil, "%s: fraction is the share of matched components to disrupt, above 0 and at most 1 (e.g. 0.4), not %g", what, d.Fraction)
		}
	}
	return sel, probs
}

// checkObjectives reports objectives that contradict each other or are out
// of range.
func (m *Model) checkObjectives() Problems {
	var probs Problems
	for i := range m.comps {
		c := &m.comps[i]
		o := c.Objectives
		pos := o.Pos
		if pos.Line == 0 {
			pos = c.Pos
		}
		if o.RTO < 0 || o.RPO < 0 || o.MTPD < 0 {
			probs.add(pos, nil, "component %q: objectives must not be negative", c.ID)
		}
		if o.RTO > 0 && o.MTPD > 0 && o.RTO > o.MTPD {
			probs.add(pos, nil, "component %q: rto %s is longer than mtpd %s; the recovery time objective must be at most the maximum tolerable period of disruption", c.ID, FormatDuration(o.RTO), FormatDuration(o.MTPD))
		}
		if !(o.Availability >= 0 && o.Availability <= 1) { // NaN too
			probs.add(pos, nil, "component %q: objectives.availability must be a target above 0 and at most 1 (e.g. 0.999), or 0 for none, not %g", c.ID, o.Availability)
		}
	}
	return probs
}

// indexExternalIDs builds the lookup from outside systems' ids to
// components; an id that two components claim in one system is a problem
// naming both places, since an incident naming it would be ambiguous.
func (m *Model) indexExternalIDs() Problems {
	var probs Problems
	for i := range m.comps {
		c := &m.comps[i]
		for _, sys := range sortedKeys(c.ExternalIDs) {
			id := c.ExternalIDs[sys]
			if m.external == nil {
				m.external = map[string]map[string]int32{}
			}
			ids := m.external[sys]
			if ids == nil {
				ids = map[string]int32{}
				m.external[sys] = ids
			}
			if j, dup := ids[id]; dup {
				probs.add(c.ExternalIDPos[sys], nil, "externalIds.%s %q of %q is already the id of %q at %s; an id names one component per system", sys, id, c.ID, m.comps[j].ID, m.comps[j].ExternalIDPos[sys])
				continue
			}
			ids[id] = int32(i)
		}
	}
	return probs
}

func sortedKeys[V any](mp map[string]V) []string {
	keys := make([]string, 0, len(mp))
	for k := range mp {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// checkOwnAvailability checks a component's own availability: a
// probability, and below 1 only where it can fail by itself, since a
// virtual component's would be silently ignored. A component read from a
// file had the latter checked by the decoder, at the availability field;
// this catches documents built in code.
func checkOwnAvailability(c *Component) Problems {
	var probs Problems
	switch {
	case !(c.Availability >= 0 && c.Availability <= 1): // NaN too
		probs.add(c.Pos, nil, "component %q: availability must be between 0 and 1, not %g", c.ID, c.Availability)
	case c.AlwaysDown && c.Availability != 0:
		probs.add(c.Pos, nil, "component %q: always down (availability 0) and availability %g at once; give one", c.ID, c.Availability)
	case c.Virtual && ownAvailabilityIgnored(c) && c.Pos.Line == 0:
		probs.add(c.Pos, nil, "%s", virtualAvailabilityMessage(c))
	}
	return probs
}

// ownAvailabilityIgnored reports that c declares an own availability
// below 1, which a virtual component cannot have: it never fails by
// itself. Availability 1 says the same as virtual and is accepted.
func ownAvailabilityIgnored(c *Component) bool {
	return c.AlwaysDown || (c.Availability > 0 && c.Availability < 1)
}

// virtualAvailabilityMessage says why a virtual component's availability
// is refused, and what would be valid.
func virtualAvailabilityMessage(c *Component) string {
	if c.AlwaysDown {
		return fmt.Sprintf("component %q: a virtual component cannot fail by itself, so it cannot be always down (availability 0); remove virtual: true, or availability", c.ID)
	}
	return fmt.Sprintf("component %q: a virtual component cannot fail by itself, so its availability %g would be ignored; remove virtual: true to let it fail by itself, or remove availability (a virtual component's own availability is 1)", c.ID, c.Availability)
}
