package bcp

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Model is a compiled, validated model: ids resolved to dense indices, the
// dependency graph in flat arrays, rules compiled and derived values applied.
// A Model is immutable; all its methods are safe for concurrent use.
//
// Components are numbered 0..Len()-1 in the order of the document; analyses
// use these indices internally and ids in their results.
type Model struct {
	name        string
	description string
	comps       []Component
	index       map[string]int32
	kinds       map[Kind]bool

	// Requirements of component i are reqs[reqStart[i]:reqStart[i+1]];
	// group members live in members.
	reqStart []int32
	reqs     []requirement
	members  []int32
	// Groups (requirement.target of an AnyOf or AtLeast): their members
	// from members[groupStart[g]], how many must be up, and their names
	// as causes and explanations show them, each made on first need
	// (groupName): loading a million components need not format half a
	// million names that no explanation may show.
	groupStart []int32
	groupK     []int32
	groupNames []atomic.Pointer[string]
	// Components that reference component i (in any requirement or group) are
	// rev[revStart[i]:revStart[i+1]], without repeats.
	revStart []int32
	rev      []int32
	// identity[i] == i, so that a single requirement target can be handed
	// out as a one-element slice.
	identity []int32
	// topo lists every component after all its requirements; topoPos[i] is
	// component i's place in it.
	topo    []int32
	topoPos []int32
	// fallbacks[i] are component i's fallbacks with requirements
	// resolved (fallbacksOf); nil when no component has any, as in most
	// large models, which saves a slice header per component.
	fallbacks [][]fallback

	// external maps a system's ids to components (Component.ExternalIDs).
	external map[string]map[string]int32

	scenarios []Scenario
	scenarioX map[string]int
	teams     []Team
	teamX     map[string]int
	people    []Person
	personX   map[string]int
	roles     []Role
	exercises []Exercise
	// selectors are the model's scenarios' compiled selectors by source,
	// so that a scenario passed back by value does not compile again.
	selectors map[string]*program
	// cfg is the expression environment every expression compiles in:
	// rules, selectors, BIA formulas and other packages' expressions.
	cfg *config

	rules *ruleSet
	bia   *biaCompiled
	risk  *riskRegister
	// envs are the components' expression environments, built on first
	// need (environments): loading and graph analyses do without them.
	envs    []Env
	envOnce sync.Once
	// graphEnv is set when envs carry Dependencies and Dependents.
	graphEnv bool

	// rank[i] is component i's place in id order, built on first need, so
	// that analyses sort by id with integer comparisons.
	// sims keeps simulations' working arrays between calls (simScratch).
	sims sync.Pool

	rankOnce sync.Once
	rank     []int32
	byRank   []int32 // component indices in id order

	// reqTable holds every component's requirements as Requirement
	// values, built on first need (RequirementTable).
	reqTableOnce sync.Once
	reqTable     []Requirement
}

func (m *Model) idRank() []int32 {
	m.rankOnce.Do(func() {
		order := make([]int32, len(m.comps))
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, func(a, b int32) int { return strings.Compare(m.comps[a].ID, m.comps[b].ID) })
		m.rank = make([]int32, len(order))
		for r, i := range order {
			m.rank[i] = int32(r)
		}
		m.byRank = order
	})
	return m.rank
}

// sortByID sorts component indices by id. A large share of the model is
// placed by counting over the ranks, in linear time.
func (m *Model) sortByID(xs []int32) {
	rank := m.idRank()
	if len(xs) < len(rank)/32 {
		sortByKey(xs, rank)
		return
	}
	count := make([]int32, len(rank))
	for _, x := range xs {
		count[rank[x]]++
	}
	k := 0
	for r, c := range count {
		for ; c > 0; c-- {
			xs[k] = m.byRank[r]
			k++
		}
	}
}

// sortByKey sorts component indices by key[x], a permutation of the
// indices (a rank, a topological position). A few are compared, without
// allocating; thousands (the cone of an incident on a hub) go with their
// keys into one uint64 each, radix-sorted over the keys in linear time,
// where a comparison sort was a tenth of such an incident's cost.
func sortByKey(xs []int32, key []int32) {
	if len(xs) < 256 {
		slices.SortFunc(xs, func(a, b int32) int { return int(key[a]) - int(key[b]) })
		return
	}
	packed := make([]uint64, len(xs))
	for k, x := range xs {
		packed[k] = uint64(uint32(key[x]))<<32 | uint64(uint32(x))
	}
	packed = radixSortKeys(packed, len(key))
	for k, p := range packed {
		xs[k] = int32(uint32(p))
	}
}

// radixSortKeys sorts a by its upper 32 bits, each below n, in passes of
// radixBits bits; it returns the sorted slice (a or its scratch twin).
func radixSortKeys(a []uint64, n int) []uint64 {
	const radixBits = 11
	const mask = 1<<radixBits - 1
	b := make([]uint64, len(a))
	var count [1 << radixBits]int
	for shift := 32; shift == 32 || uint64(n-1)>>(shift-32) > 0; shift += radixBits {
		clear(count[:])
		for _, p := range a {
			count[p>>shift&mask]++
		}
		sum := 0
		for d, c := range count {
			count[d], sum = sum, sum+c
		}
		for _, p := range a {
			d := p >> shift & mask
			b[count[d]] = p
			count[d]++
		}
		a, b = b, a
	}
	return a
}

// requirement is one requirement of a component, 16 bytes: a million
// components have a few million, so a group's members, k and name live in
// the model's group arrays, not in each requirement.
type requirement struct {
	tol time.Duration
	// target is the required component (Requires), or the group's number
	// g (AnyOf, AtLeast): its members are
	// members[groupStart[g]:groupStart[g+1]], groupK[g] of which must be
	// up (1 for AnyOf), shown as groupNames[g].
	target int32
	kind   uint8 // a DependencyKind
}

func (r requirement) depKind() DependencyKind { return DependencyKind(r.kind) }

// fallbacksOf returns component v's fallbacks.
func (m *Model) fallbacksOf(v int32) []fallback {
	if m.fallbacks == nil {
		return nil
	}
	return m.fallbacks[v]
}

func (m *Model) groupMembers(r requirement) []int32 {
	return m.members[m.groupStart[r.target]:m.groupStart[r.target+1]:m.groupStart[r.target+1]]
}

// groupNeed is how many members of group requirement r must be up.
func (m *Model) groupNeed(r requirement) int { return int(m.groupK[r.target]) }

type fallback struct {
	*Fallback
	requires []int32
}

// Name returns the model's name.
func (m *Model) Name() string { return m.name }

// Description returns the model's description.
func (m *Model) Description() string { return m.description }

// Len returns the number of components.
func (m *Model) Len() int { return len(m.comps) }

// Index returns the dense index of the component with the given id.
func (m *Model) Index(id string) (int, bool) {
	i, ok := m.index[id]
	return int(i), ok
}

// ID returns the id of the component at index i.
func (m *Model) ID(i int) string { return m.comps[i].ID }

// Component returns the component with the given id, with derived values
// (from set rules) applied. The result shares maps and slices with the model
// and must not be modified.
func (m *Model) Component(id string) (Component, bool) {
	i, ok := m.index[id]
	if !ok {
		return Component{}, false
	}
	return m.comps[i], true
}

// Components returns all components in document order. The slice is the
// model's own and must not be modified.
func (m *Model) Components() []Component { return m.comps }

// IDs returns the ids of all components, sorted.
func (m *Model) IDs() []string {
	ids := make([]string, len(m.comps))
	for i := range m.comps {
		ids[i] = m.comps[i].ID
	}
	sort.Strings(ids)
	return ids
}

// ComponentsOfKind returns the ids of the components of kind k, sorted.
func (m *Model) ComponentsOfKind(k Kind) []string {
	var ids []string
	for i := range m.comps {
		if m.comps[i].Kind == k {
			ids = append(ids, m.comps[i].ID)
		}
	}
	sort.Strings(ids)
	return ids
}

// Dependencies returns the ids a component depends on directly (plain
// requirements and group members), sorted and without repeats.
func (m *Model) Dependencies(id string) []string {
	i, ok := m.index[id]
	if !ok {
		return nil
	}
	return m.depIDs(i)
}

func (m *Model) depIDs(i int32) []string {
	var out []string
	for _, r := range m.reqs[m.reqStart[i]:m.reqStart[i+1]] {
		if r.depKind() == Requires {
			out = append(out, m.comps[r.target].ID)
			continue
		}
		for _, x := range m.groupMembers(r) {
			out = append(out, m.comps[x].ID)
		}
	}
	return sortedUnique(out)
}

// Dependents returns the ids of the components that depend directly on a
// component, sorted.
func (m *Model) Dependents(id string) []string {
	i, ok := m.index[id]
	if !ok {
		return nil
	}
	return m.revIDs(i)
}

func (m *Model) revIDs(i int32) []string {
	out := make([]string, 0, m.revStart[i+1]-m.revStart[i])
	for _, x := range m.rev[m.revStart[i]:m.revStart[i+1]] {
		out = append(out, m.comps[x].ID)
	}
	sort.Strings(out)
	return out
}

// Scenarios returns the model's scenarios in document order.
func (m *Model) Scenarios() []Scenario { return m.scenarios }

// Scenario returns the model's scenario with the given id, or a
// *NotFoundError naming the scenarios there are.
func (m *Model) Scenario(id string) (Scenario, error) {
	i, ok := m.scenarioX[id]
	if !ok {
		ids := make([]string, 0, len(m.scenarios))
		for _, s := range m.scenarios {
			ids = append(ids, s.ID)
		}
		return Scenario{}, notFound("scenario", id, ids)
	}
	return m.scenarios[i], nil
}

// Teams returns the declared teams in document order.
func (m *Model) Teams() []Team { return m.teams }

// Team returns the team with the given id.
func (m *Model) Team(id string) (Team, bool) {
	i, ok := m.teamX[id]
	if !ok {
		return Team{}, false
	}
	return m.teams[i], true
}

// Kinds returns every kind the model knows (built in and declared), sorted.
func (m *Model) Kinds() []Kind {
	out := make([]Kind, 0, len(m.kinds))
	for k := range m.kinds {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Requirement is one requirement of a component in dense indices, for
// analyses outside this package that walk the graph: a single component
// (Kind Requires, Members of length one) or a group of which Need members
// must be up.
type Requirement struct {
	Kind    DependencyKind
	Members []int32
	// Need is how many members must be up: 1 for Requires and AnyOf.
	Need      int
	Tolerance time.Duration
}

// targetSlice returns a one-element slice holding x without allocating:
// a view into identity, an array of every index.
func (m *Model) targetSlice(x int32) []int32 { return m.identity[x : x+1 : x+1] }

// Edges returns the number of dependency edges (plain requirements plus group
// memberships): the size of the graph analyses are linear in.
func (m *Model) Edges() int {
	n := 0
	for _, r := range m.reqs {
		if r.depKind() == Requires {
			n++
		} else {
			n += len(m.groupMembers(r))
		}
	}
	return n
}

func sortedUnique(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// ByExternalID returns the index of the component whose ExternalIDs maps
// system to id.
func (m *Model) ByExternalID(system, id string) (int, bool) {
	i, ok := m.external[system][id]
	return int(i), ok
}

// ExternalSystems lists, sorted, the systems that components have
// ExternalIDs in.
func (m *Model) ExternalSystems() []string { return sortedKeys(m.external) }
