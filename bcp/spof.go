package bcp

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// SPOFOptions configures SinglePointsOfFailure. The zero value analyses every
// component of kind service with every component as a candidate.
type SPOFOptions struct {
	// Of lists the components to analyse; empty means every service.
	Of []string
	// LeavesOnly restricts candidates to components without dependencies
	// (basic events in fault-tree terms).
	LeavesOnly bool
}

// SPOFReport lists, for each analysed component, its single points of
// failure, and ranks components by the services their failure takes down.
type SPOFReport struct {
	Services []ServiceSPOF
	// Ranking lists every component that is a single point of failure of at
	// least one analysed component, largest blast radius first.
	Ranking []BlastRadius
}

// ServiceSPOF is the single points of failure of one component.
type ServiceSPOF struct {
	ID string
	// SPOF are the ids whose failure alone takes the component down, sorted.
	SPOF []string

	// The walk that found them, as a tree of (component, parent, group)
	// steps, kept compact: paths are built only when asked for.
	m    *Model
	tree []spofStep
	at   []int32 // tree index of each SPOF
}

type spofStep struct {
	comp, parent, via int32
}

// Path explains SPOF[j]: the chain of dependencies from the analysed
// component to it. A step through a redundancy group is shown as the group,
// e.g. "anyOf(isp-a,isp-b)": every member of the group depends on what
// follows.
func (s *ServiceSPOF) Path(j int) []string {
	var out []string
	for t := s.at[j]; t >= 0; t = s.tree[t].parent {
		st := s.tree[t]
		out = append(out, s.m.comps[st.comp].ID)
		if st.parent >= 0 && st.via >= 0 {
			out = append(out, s.m.groupName(s.m.reqs[st.via]))
		}
	}
	slices.Reverse(out)
	return out
}

// BlastRadius is what one component's failure alone takes down among the
// analysed components.
type BlastRadius struct {
	ID   string
	Kind Kind
	// Services are the analysed components it takes down, sorted.
	Services []string
	// ByTier counts those services by tier (0: tier not set).
	ByTier map[int]int
	// ImpactPerHour sums the services' attributes.revenuePerHour, where set.
	ImpactPerHour float64
}

// killDAG represents the kill sets K(v) = {x : x failing alone takes v down}
// implicitly: K(v) is v itself (unless v cannot fail) plus the kill sets of
// everything v has an edge to. Plain requirements are edges; a redundancy
// group contributes edges to the maximal elements of the components in
// enough of its members' kill sets. Kill sets are closed (y in K(v) implies
// K(y) within K(v)), which is what makes this exact.
type killDAG struct {
	m        *Model
	canFail  []bool
	start    []int32 // edges of v: to[start[v]:end[v]]
	end      []int32
	to       []int32
	via      []int32 // group index in reqs for edges from groups, -1 for plain
	stamp    []int32
	curStamp int32
}

func (m *Model) buildKillDAG(canFail []bool) *killDAG {
	n := len(m.comps)
	k := &killDAG{m: m, canFail: canFail, start: make([]int32, n), end: make([]int32, n), stamp: make([]int32, n)}
	count := make([]int32, n)
	var touched, stack []int32
	for _, v := range m.topo {
		k.start[v] = int32(len(k.to))
		rs := m.reqStart[v]
		for ri, r := range m.reqs[rs:m.reqStart[v+1]] {
			if r.kind == Requires {
				k.to = append(k.to, r.target)
				k.via = append(k.via, -1)
				continue
			}
			// Count, for every component, in how many members' kill sets it
			// is; those in at least need of them take the group down.
			need := r.mEnd - r.mStart - r.k + 1
			touched = touched[:0]
			for _, x := range m.groupMembers(r) {
				stack = k.walk(x, stack[:0], func(y int32) {
					if count[y] == 0 {
						touched = append(touched, y)
					}
					count[y]++
				})
			}
			// Keep only maximal elements: drop those an element of the set
			// reaches in one step (through components that cannot fail).
			var gen []int32
			for _, y := range touched {
				if count[y] >= need {
					gen = append(gen, y)
				}
			}
			k.curStamp++
			for _, y := range gen {
				stack = k.markSuccessors(y, count, need, stack[:0])
			}
			for _, y := range gen {
				if k.stamp[y] != k.curStamp {
					k.to = append(k.to, y)
					k.via = append(k.via, rs+int32(ri))
				}
			}
			for _, y := range touched {
				count[y] = 0
			}
		}
		k.end[v] = int32(len(k.to))
	}
	return k
}

// walk calls fn for every element of K(x), depth first, and returns the
// stack for reuse.
func (k *killDAG) walk(x int32, stack []int32, fn func(int32)) []int32 {
	k.curStamp++
	stamp := k.curStamp
	k.stamp[x] = stamp
	stack = append(stack, x)
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if k.canFail[v] {
			fn(v)
		}
		for _, y := range k.to[k.start[v]:k.end[v]] {
			if k.stamp[y] != stamp {
				k.stamp[y] = stamp
				stack = append(stack, y)
			}
		}
	}
	return stack
}

// markSuccessors stamps the elements y's edges reach in one step, passing
// through components that cannot fail (and so are in no kill set).
func (k *killDAG) markSuccessors(y int32, count []int32, need int32, stack []int32) []int32 {
	stack = append(stack, k.to[k.start[y]:k.end[y]]...)
	for len(stack) > 0 {
		z := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if k.stamp[z] == k.curStamp {
			continue
		}
		k.stamp[z] = k.curStamp
		if k.canFail[z] {
			continue
		}
		stack = append(stack, k.to[k.start[z]:k.end[z]]...)
	}
	return stack
}

func (m *Model) candidates(leavesOnly bool) []bool {
	canFail := make([]bool, len(m.comps))
	for i := range m.comps {
		canFail[i] = !m.comps[i].Virtual && (!leavesOnly || m.reqStart[i] == m.reqStart[i+1])
	}
	return canFail
}

func (m *Model) targets(of []string) ([]int32, error) {
	if len(of) == 0 {
		var out []int32
		for i := range m.comps {
			if m.comps[i].Kind == KindService {
				out = append(out, int32(i))
			}
		}
		m.sortByID(out)
		return out, nil
	}
	out := make([]int32, 0, len(of))
	for _, id := range of {
		i, ok := m.index[id]
		if !ok {
			return nil, fmt.Errorf("unknown component %q%s", id, didYouMean(id, m.IDs()))
		}
		out = append(out, i)
	}
	return out, nil
}

// SinglePointsOfFailure finds, for each analysed component S, every component
// C other than S whose failure alone takes S down, with redundancy (anyOf,
// atLeast) and virtual components taken into account (see README.md). It runs
// in time linear in the graph plus the size of the kill sets it visits, not
// by removing each component and propagating.
func (m *Model) SinglePointsOfFailure(opts SPOFOptions) (*SPOFReport, error) {
	targets, err := m.targets(opts.Of)
	if err != nil {
		return nil, err
	}
	k := m.buildKillDAG(m.candidates(opts.LeavesOnly))
	rep := &SPOFReport{Services: make([]ServiceSPOF, 0, len(targets))}
	treeAt := make([]int32, len(m.comps))   // tree index of each visited component
	radiusOf := make([]int32, len(m.comps)) // index+1 into radius, 0: none yet
	var radius []BlastRadius
	var stack, found []int32
	for _, s := range targets {
		// Depth-first walk of K(s), remembering how each element was reached.
		k.curStamp++
		stamp := k.curStamp
		k.stamp[s] = stamp
		ss := ServiceSPOF{ID: m.comps[s].ID, m: m, tree: []spofStep{{s, -1, -1}}}
		treeAt[s] = 0
		stack = append(stack[:0], s)
		found = found[:0]
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if v != s && k.canFail[v] {
				found = append(found, v)
			}
			for e := k.start[v]; e < k.end[v]; e++ {
				y := k.to[e]
				if k.stamp[y] != stamp {
					k.stamp[y] = stamp
					treeAt[y] = int32(len(ss.tree))
					ss.tree = append(ss.tree, spofStep{y, treeAt[v], k.via[e]})
					stack = append(stack, y)
				}
			}
		}
		ss.tree = slices.Clip(ss.tree)
		m.sortByID(found)
		ss.SPOF = make([]string, len(found))
		ss.at = make([]int32, len(found))
		revenue, hasRevenue := toFloat(m.comps[s].Attributes["revenuePerHour"])
		for j, x := range found {
			ss.SPOF[j] = m.comps[x].ID
			ss.at[j] = treeAt[x]
			if radiusOf[x] == 0 {
				radius = append(radius, BlastRadius{ID: m.comps[x].ID, Kind: m.comps[x].Kind, ByTier: map[int]int{}})
				radiusOf[x] = int32(len(radius))
			}
			br := &radius[radiusOf[x]-1]
			br.Services = append(br.Services, ss.ID)
			br.ByTier[m.comps[s].Tier]++
			if hasRevenue {
				br.ImpactPerHour += revenue
			}
		}
		rep.Services = append(rep.Services, ss)
	}
	targetsSorted := true
	for i := 1; i < len(rep.Services); i++ {
		targetsSorted = targetsSorted && rep.Services[i-1].ID < rep.Services[i].ID
	}
	for _, br := range radius {
		if !targetsSorted {
			sort.Strings(br.Services)
		}
	}
	rep.Ranking = radius
	// Sort keys first: map lookups in the comparison would dominate.
	type key struct{ t1, t2, t3 int }
	keys := make(map[string]key, len(radius))
	for _, b := range radius {
		keys[b.ID] = key{b.ByTier[1], b.ByTier[2], b.ByTier[3]}
	}
	sort.Slice(rep.Ranking, func(a, b int) bool {
		x, y := &rep.Ranking[a], &rep.Ranking[b]
		kx, ky := keys[x.ID], keys[y.ID]
		if kx != ky {
			if kx.t1 != ky.t1 {
				return kx.t1 > ky.t1
			}
			if kx.t2 != ky.t2 {
				return kx.t2 > ky.t2
			}
			return kx.t3 > ky.t3
		}
		if len(x.Services) != len(y.Services) {
			return len(x.Services) > len(y.Services)
		}
		if x.ImpactPerHour != y.ImpactPerHour {
			return x.ImpactPerHour > y.ImpactPerHour
		}
		return x.ID < y.ID
	})
	return rep, nil
}

// KillSet returns the ids whose failure alone takes the component down (its
// single points of failure), sorted.
func (m *Model) KillSet(id string) ([]string, error) {
	rep, err := m.SinglePointsOfFailure(SPOFOptions{Of: []string{id}})
	if err != nil {
		return nil, err
	}
	return rep.Services[0].SPOF, nil
}

// MarshalJSON writes the stable JSON form (schema/output.schema.json), with explanations.
func (r *SPOFReport) MarshalJSON() ([]byte, error) {
	type detail struct {
		ID   string   `json:"id"`
		Path []string `json:"path"`
	}
	type svc struct {
		ID      string   `json:"id"`
		SPOF    []string `json:"spof"`
		Details []detail `json:"details"`
	}
	type rank struct {
		ID            string         `json:"id"`
		Kind          Kind           `json:"kind"`
		Services      []string       `json:"services"`
		Count         int            `json:"count"`
		ByTier        map[string]int `json:"byTier"`
		ImpactPerHour float64        `json:"impactPerHour"`
	}
	out := struct {
		Services []svc  `json:"services"`
		Ranking  []rank `json:"ranking"`
	}{Services: []svc{}, Ranking: []rank{}}
	for _, s := range r.Services {
		v := svc{ID: s.ID, SPOF: s.SPOF, Details: make([]detail, len(s.SPOF))}
		if v.SPOF == nil {
			v.SPOF = []string{}
		}
		for i := range s.SPOF {
			v.Details[i] = detail{s.SPOF[i], s.Path(i)}
		}
		out.Services = append(out.Services, v)
	}
	for _, b := range r.Ranking {
		bt := map[string]int{}
		for t, c := range b.ByTier {
			key := fmt.Sprint(t)
			if t == 0 {
				key = "none"
			}
			bt[key] = c
		}
		out.Ranking = append(out.Ranking, rank{b.ID, b.Kind, b.Services, len(b.Services), bt, b.ImpactPerHour})
	}
	return json.Marshal(out)
}

// PathString renders an explanation path for people: a → b → c.
func PathString(path []string) string { return strings.Join(path, " → ") }
