package faulttree

import (
	"bytes"
	"cmp"
	"context"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/internal/poll"
)

// DefaultMaxPairs bounds the (component, single point of failure) pairs one
// SinglePointsOfFailure call holds: about 80 bytes each with explanations
// and ranking. A chain of n services has n²/2 of them.
const DefaultMaxPairs = 10_000_000

// SPOFOptions configures SinglePointsOfFailure. The zero value analyses
// every component of kind service (in a model without services, such as an
// Open-PSA fault tree, the components nothing depends on: its top events).
type SPOFOptions struct {
	// Of lists the components to analyse; empty means every service (or
	// the top components of a model without services).
	Of []string
	// MaxPairs bounds the answer's (component, SPOF) pairs; 0 means
	// DefaultMaxPairs. Exceeding it is a *LimitError wrapping
	// ErrTooManyPairs, never a silent cut.
	MaxPairs int
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
	g    *graph
	tree []spofStep
	at   []int32 // tree index of each SPOF
	spof []bool  // per tree index: a SPOF (or the analysed component)
}

type spofStep struct {
	comp, parent, via int32
}

// Path explains SPOF[j]: the whole chain of dependencies from the analysed
// component to it. A step through a redundancy group is shown as the group,
// e.g. "anyOf(isp-a,isp-b)": every member of the group depends on what
// follows. Paths of a long chain repeat each other; Step does not.
func (s *ServiceSPOF) Path(j int) []string { return s.path(j, false) }

// Step explains SPOF[j] from the nearest point that is itself explained:
// the analysed component or another SPOF (the first element), then the
// groups and components that cannot fail in between, then SPOF[j]. Following
// first elements back gives Path; the steps of all SPOFs together are about
// as large as the list of SPOFs.
func (s *ServiceSPOF) Step(j int) []string { return s.path(j, true) }

func (s *ServiceSPOF) path(j int, short bool) []string { return s.appendPath(nil, j, short) }

// appendPath appends Path(j) or Step(j) to out, which writers reuse.
func (s *ServiceSPOF) appendPath(out []string, j int, short bool) []string {
	from := len(out)
	for t := s.at[j]; t >= 0; t = s.tree[t].parent {
		st := s.tree[t]
		out = append(out, s.g.comps[st.comp].ID)
		if short && t != s.at[j] && s.spof[t] {
			break
		}
		if st.parent >= 0 && st.via >= 0 {
			p := s.tree[st.parent].comp
			out = append(out, s.g.m.Graph().RequirementName(int(p), int(st.via-s.g.start[p])))
		}
	}
	slices.Reverse(out[from:])
	return out
}

// BlastRadius is what one component's failure alone takes down among the
// analysed components.
type BlastRadius struct {
	ID   string
	Kind bcp.Kind
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
	g        *graph
	canFail  []bool
	start    []int32 // edges of v: to[start[v]:end[v]]
	end      []int32
	to       []int32
	via      []int32 // requirement index for edges from groups, -1 for plain
	stamp    []int32
	curStamp int32
}

func buildKillDAG(g *graph, canFail []bool, pl *poll.Poll) (*killDAG, error) {
	n := len(g.comps)
	k := &killDAG{g: g, canFail: canFail, start: make([]int32, n), end: make([]int32, n), stamp: make([]int32, n)}
	// Sized by the model's edges, which a group's edges to the maximal
	// elements of its kill set rarely exceed: growing them by appends
	// copied a million-component DAG's edges several times.
	k.to = make([]int32, 0, g.m.Edges())
	k.via = make([]int32, 0, cap(k.to))
	count := make([]int32, n)
	var touched, stack, gen []int32
	for _, v := range g.m.Graph().TopologicalOrder() {
		if err := pl.Tick(); err != nil {
			return nil, err
		}
		k.start[v] = int32(len(k.to))
		for r := g.start[v]; r < g.end[v]; r++ {
			if !g.group[r] {
				k.to = append(k.to, g.members(r)[0])
				k.via = append(k.via, -1)
				continue
			}
			// Count, for every component, in how many members' kill sets it
			// is; those in at least fail of them take the group down.
			need := g.fail[r]
			touched = touched[:0]
			for _, x := range g.members(r) {
				stack = k.walk(x, stack[:0], func(y int32) {
					if count[y] == 0 {
						touched = append(touched, y)
					}
					count[y]++
				})
			}
			// Keep only maximal elements: drop those an element of the set
			// reaches in one step (through components that cannot fail).
			gen = gen[:0]
			for _, y := range touched {
				if count[y] >= need {
					gen = append(gen, y)
				}
			}
			k.curStamp++
			for _, y := range gen {
				stack = k.markSuccessors(y, stack[:0])
			}
			for _, y := range gen {
				if k.stamp[y] != k.curStamp {
					k.to = append(k.to, y)
					k.via = append(k.via, r)
				}
			}
			for _, y := range touched {
				count[y] = 0
			}
		}
		k.end[v] = int32(len(k.to))
	}
	return k, nil
}

// checkPairs counts the (target, SPOF) pairs before anything is built, so
// that an answer past the limit fails in a fraction of the time and memory
// it would take.
func (k *killDAG) checkPairs(targets []int32, limit int) error {
	pairs := 0
	var stack []int32
	for _, s := range targets {
		stack = k.walk(s, stack[:0], func(y int32) {
			if y != s {
				pairs++
			}
		})
		if pairs > limit {
			return &LimitError{Err: ErrTooManyPairs, Limit: limit, Of: k.g.comps[s].ID}
		}
	}
	return nil
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
func (k *killDAG) markSuccessors(y int32, stack []int32) []int32 {
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

// SinglePointsOfFailure finds, for each analysed component S, every
// component C other than S whose failure alone takes S down, with
// redundancy (anyOf, atLeast) and virtual components taken into account
// (MODEL.md). Every component that is not virtual is a candidate, whether or
// not it has dependencies. It runs in time linear in the graph plus the
// size of the kill sets it visits, not by removing each component and
// propagating.
func SinglePointsOfFailure(m *bcp.Model, opts SPOFOptions) (*SPOFReport, error) {
	return SinglePointsOfFailureContext(context.Background(), m, opts)
}

// SinglePointsOfFailureContext is SinglePointsOfFailure, stopped when ctx
// ends: it then returns ctx's error (context.Canceled or
// context.DeadlineExceeded).
func SinglePointsOfFailureContext(ctx context.Context, m *bcp.Model, opts SPOFOptions) (*SPOFReport, error) {
	targets, err := analysed(m, opts.Of)
	if err != nil {
		return nil, err
	}
	g := newGraph(m, nil)
	maxPairs := opts.MaxPairs
	if maxPairs <= 0 {
		maxPairs = DefaultMaxPairs
	}
	pl := poll.New(ctx)
	k, err := buildKillDAG(g, g.canFail(), pl)
	if err != nil {
		return nil, err
	}
	if err := k.checkPairs(targets, maxPairs); err != nil {
		return nil, err
	}
	rep := &SPOFReport{Services: make([]ServiceSPOF, 0, len(targets))}
	r := &ranker{g: g, count: make([]int32, len(g.comps))}
	treeAt := make([]int32, len(g.comps)) // tree index of each visited component
	var stack, found []int32
	var tree []spofStep // reused: the walk's tree, copied at its final length
	for _, s := range targets {
		// Depth-first walk of K(s), remembering how each element was reached.
		k.curStamp++
		stamp := k.curStamp
		k.stamp[s] = stamp
		ss := ServiceSPOF{ID: g.comps[s].ID, g: g}
		tree = append(tree[:0], spofStep{s, -1, -1})
		treeAt[s] = 0
		stack = append(stack[:0], s)
		found = found[:0]
		for len(stack) > 0 {
			if err := pl.Tick(); err != nil {
				return nil, err
			}
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if v != s && k.canFail[v] {
				found = append(found, v)
			}
			for e := k.start[v]; e < k.end[v]; e++ {
				y := k.to[e]
				if k.stamp[y] != stamp {
					k.stamp[y] = stamp
					treeAt[y] = int32(len(tree))
					tree = append(tree, spofStep{y, treeAt[v], k.via[e]})
					stack = append(stack, y)
				}
			}
		}
		ss.tree = slices.Clone(tree)
		ss.spof = make([]bool, len(ss.tree))
		ss.spof[0] = true
		g.m.Graph().SortByID(found)
		ss.SPOF = make([]string, len(found))
		ss.at = make([]int32, len(found))
		for j, x := range found {
			ss.SPOF[j] = g.comps[x].ID
			ss.at[j] = treeAt[x]
			ss.spof[treeAt[x]] = true
		}
		r.add(s, found)
		rep.Services = append(rep.Services, ss)
	}
	rep.Ranking = r.ranking(rep.Services)
	return rep, nil
}

// ranker collects the blast radius of every SPOF: the (service, SPOF)
// pairs first, in one flat array, then each SPOF's services cut at their
// final length from one array (ranking). Growing a list and a tier map
// per SPOF as pairs came cost a third of SPOF on a million components.
type ranker struct {
	g        *graph
	services []int32 // the analysed components, in order
	end      []int32 // the SPOFs of services[i] are pairs[end[i-1]:end[i]]
	pairs    []int32
	count    []int32 // count[x]: services x is a SPOF of
}

func (r *ranker) add(s int32, found []int32) {
	r.services = append(r.services, s)
	r.pairs = append(r.pairs, found...)
	r.end = append(r.end, int32(len(r.pairs)))
	for _, x := range found {
		r.count[x]++
	}
}

// radii builds the blast radius of every SPOF, in index order, each with
// its services in the order they were analysed.
func (r *ranker) radii() []BlastRadius {
	at := make([]int32, len(r.count)) // radius index + 1 of component x, 0: none
	nradius := 0
	for _, c := range r.count {
		if c > 0 {
			nradius++
		}
	}
	radius := make([]BlastRadius, 0, nradius)
	start := make([]int32, 0, nradius) // radius i's services from ids[start[i]]
	ids := make([]string, len(r.pairs))
	tiers := make([]int, len(r.pairs)) // the tier of each of ids
	next := int32(0)
	for x, c := range r.count {
		if c > 0 {
			radius = append(radius, BlastRadius{ID: r.g.comps[x].ID, Kind: r.g.comps[x].Kind, Services: ids[next : next : next+c]})
			start = append(start, next)
			next += c
			at[x] = int32(len(radius))
		}
	}
	from := int32(0)
	for i, s := range r.services {
		c := &r.g.comps[s]
		revenue, hasRevenue := c.NumberAttribute("revenuePerHour")
		for _, x := range r.pairs[from:r.end[i]] {
			br := &radius[at[x]-1]
			tiers[start[at[x]-1]+int32(len(br.Services))] = c.Tier
			br.Services = append(br.Services, c.ID)
			if hasRevenue {
				br.ImpactPerHour += revenue
			}
		}
		from = r.end[i]
	}
	for i := range radius {
		br := &radius[i]
		br.ByTier = make(map[int]int, 4)
		for _, t := range tiers[start[i] : start[i]+int32(len(br.Services))] {
			br.ByTier[t]++
		}
	}
	return radius
}

func (r *ranker) ranking(services []ServiceSPOF) []BlastRadius {
	radius := r.radii()
	targetsSorted := true
	for i := 1; i < len(services); i++ {
		targetsSorted = targetsSorted && services[i-1].ID < services[i].ID
	}
	if !targetsSorted {
		for _, br := range radius {
			sort.Strings(br.Services)
		}
	}
	// Sort by position, with the tier counts read once: map lookups in
	// the comparison would dominate.
	type key struct{ t1, t2, t3 int }
	keys := make([]key, len(radius))
	order := make([]int32, len(radius))
	for i, b := range radius {
		keys[i] = key{b.ByTier[1], b.ByTier[2], b.ByTier[3]}
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		ka, kb := keys[a], keys[b]
		switch {
		case ka.t1 != kb.t1:
			return cmp.Compare(kb.t1, ka.t1)
		case ka.t2 != kb.t2:
			return cmp.Compare(kb.t2, ka.t2)
		case ka.t3 != kb.t3:
			return cmp.Compare(kb.t3, ka.t3)
		}
		x, y := &radius[a], &radius[b]
		switch {
		case len(x.Services) != len(y.Services):
			return cmp.Compare(len(y.Services), len(x.Services))
		case x.ImpactPerHour > y.ImpactPerHour:
			return -1
		case x.ImpactPerHour < y.ImpactPerHour:
			return 1
		}
		return strings.Compare(x.ID, y.ID)
	})
	out := make([]BlastRadius, len(order))
	for i, x := range order {
		out[i] = radius[x]
	}
	return out
}

// KillSet returns the ids whose failure alone takes the component down (its
// single points of failure), sorted.
func KillSet(m *bcp.Model, id string) ([]string, error) {
	rep, err := SinglePointsOfFailure(m, SPOFOptions{Of: []string{id}})
	if err != nil {
		return nil, err
	}
	return rep.Services[0].SPOF, nil
}

// MarshalJSON writes the stable JSON form (schema/output.schema.json), as
// WriteJSON does without indentation.
func (r *SPOFReport) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	err := r.WriteJSON(&b, "")
	return b.Bytes(), err
}

// WriteJSON streams the stable JSON form to w, indented by indent per
// level ("" for compact), followed by a newline when indented, as
// encoding/json's Encoder would write it. Each SPOF's explanation is its
// Step: a path from the analysed component or from another SPOF listed
// with it, so that the output grows with the number of pairs, not with
// pairs times path lengths, and is never held in memory whole.
func (r *SPOFReport) WriteJSON(w io.Writer, indent string) error {
	j := newJSONWriter(w, indent)
	var step []string // reused: one SPOF's explanation at a time
	j.open("{")
	j.key("services")
	j.open("[")
	for _, s := range r.Services {
		j.open("{")
		j.key("id")
		j.str(s.ID)
		j.key("spof")
		j.ids(s.SPOF)
		j.key("details")
		j.open("[")
		for i := range s.SPOF {
			j.open("{")
			j.key("id")
			j.str(s.SPOF[i])
			j.key("path")
			step = s.appendPath(step[:0], i, true)
			j.ids(step)
			j.close("}")
		}
		j.close("]")
		j.close("}")
	}
	j.close("]")
	j.key("ranking")
	j.open("[")
	for _, b := range r.Ranking {
		j.open("{")
		j.key("id")
		j.str(b.ID)
		j.key("kind")
		j.str(string(b.Kind))
		j.key("services")
		j.ids(b.Services)
		j.key("count")
		j.integer(len(b.Services))
		j.key("byTier")
		j.open("{")
		// encoding/json's order: keys sorted as strings.
		keys := make([]string, 0, len(b.ByTier))
		count := map[string]int{}
		for t, c := range b.ByTier {
			key := strconv.Itoa(t)
			if t == 0 {
				key = "none"
			}
			keys = append(keys, key)
			count[key] = c
		}
		sort.Strings(keys)
		for _, k := range keys {
			j.key(k)
			j.integer(count[k])
		}
		j.close("}")
		j.key("impactPerHour")
		j.value(b.ImpactPerHour)
		j.close("}")
	}
	j.close("]")
	j.close("}")
	if indent != "" {
		j.raw("\n")
	}
	return j.flush()
}
