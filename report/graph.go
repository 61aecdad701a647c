package report

import (
	"fmt"
	"sort"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/continuitykit/continuity/recovery"
)

// GraphOptions choose what a diagram shows. The zero value shows the whole
// model, with the single points of failure of every service marked.
type GraphOptions struct {
	// Of, when set, shows only this component and what it needs.
	Of string
	// Depth limits a slice to this many requirement steps from Of; 0 means
	// no limit.
	Depth int
	// Scenario marks what the scenario takes down (disrupted, down, RTO
	// breached).
	Scenario string
	// Reduce leaves out each plain requirement that a longer path of shown
	// requirements implies (a transitive reduction): fewer arrows for large
	// diagrams, the same reachability. Redundancy groups are kept whole.
	Reduce bool
	// ClusterBy groups components into boxes: "site" (attributes.site),
	// "owner", "kind" or "none". Empty means site when a shown component has
	// a site, else owner in DOT and none in Mermaid (whose layout fails on
	// some graphs with many small boxes: mermaid-js/mermaid#4644).
	ClusterBy string
}

// state is what a scenario did to a component.
type state int

const (
	stateUp state = iota
	stateDown
	stateBreached
	stateDisrupted
)

type gnode struct {
	id, label string
	cluster   string
	spof      bool
	virtual   bool
	state     state
	hidden    int // requirements beyond the depth
}

type ggroup struct {
	owner   int // node index
	label   string
	members []int
}

type gedge struct {
	from, to  int // node indices; to < 0: to group -to-1
	tolerance bool
}

// graph is what a diagram shows, renderer-neutral and in a fixed order.
type graph struct {
	title    string
	nodes    []gnode
	groups   []ggroup
	edges    []gedge
	clusters []string // sorted; "" (no cluster) is not listed
}

// buildGraph selects the nodes, resolves the marks and orders everything
// by id, so that the same model gives the same bytes.
// fallbackCluster is how components are boxed when ClusterBy is empty and
// no shown component has a site.
func buildGraph(m *bcp.Model, opts GraphOptions, fallbackCluster string) (*graph, error) {
	switch opts.ClusterBy {
	case "", "site", "owner", "kind", "none":
	default:
		return nil, fmt.Errorf("cluster by %q: valid are site, owner, kind and none", opts.ClusterBy)
	}
	shown, err := selectNodes(m, opts)
	if err != nil {
		return nil, err
	}
	g := &graph{title: m.Name()}
	pos := map[int]int{}
	for _, i := range shown {
		c := m.Components()[i]
		label := c.ID
		if c.Name != "" && c.Name != c.ID {
			label = c.Name
		}
		pos[i] = len(g.nodes)
		g.nodes = append(g.nodes, gnode{id: c.ID, label: fmt.Sprintf("%s (%s)", label, c.Kind), virtual: c.Virtual})
	}
	g.cluster(m, shown, opts.ClusterBy, fallbackCluster)
	for _, i := range shown {
		g.requirements(m, i, pos)
	}
	if opts.Reduce {
		g.reduce()
	}
	if err := g.markSPOF(m, opts.Of); err != nil {
		return nil, err
	}
	if opts.Scenario != "" {
		if err := g.markScenario(m, opts.Scenario); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// selectNodes returns the indices of the components shown, sorted by id:
// all, or Of and its requirements to the depth.
func selectNodes(m *bcp.Model, opts GraphOptions) ([]int, error) {
	var out []int
	if opts.Of == "" {
		for i := range m.Len() {
			out = append(out, i)
		}
	} else {
		root, ok := m.Index(opts.Of)
		if !ok {
			return nil, fmt.Errorf("no component %q in the model", opts.Of)
		}
		depth := map[int]int{root: 0}
		queue := []int{root}
		for len(queue) > 0 {
			i := queue[0]
			queue = queue[1:]
			if opts.Depth > 0 && depth[i] == opts.Depth {
				continue
			}
			for _, r := range m.Graph().Requirements(i) {
				for _, x := range r.Members {
					if _, seen := depth[int(x)]; !seen {
						depth[int(x)] = depth[i] + 1
						queue = append(queue, int(x))
					}
				}
			}
		}
		for i := range depth {
			out = append(out, i)
		}
	}
	sort.Slice(out, func(a, b int) bool { return m.Graph().IDRank(out[a]) < m.Graph().IDRank(out[b]) })
	return out, nil
}

func (g *graph) cluster(m *bcp.Model, shown []int, by, fallback string) {
	key := func(c bcp.Component) string {
		switch by {
		case "owner":
			return c.Owner
		case "kind":
			return string(c.Kind)
		case "none":
			return ""
		}
		s, _ := c.Attributes["site"].(string)
		return s
	}
	if by == "" {
		by = fallback
		for _, i := range shown {
			if s, _ := m.Components()[i].Attributes["site"].(string); s != "" {
				by = "site"
				break
			}
		}
	}
	seen := map[string]bool{}
	for k, i := range shown {
		c := key(m.Components()[i])
		g.nodes[k].cluster = c
		if c != "" && !seen[c] {
			seen[c] = true
			g.clusters = append(g.clusters, c)
		}
	}
	sort.Strings(g.clusters)
}

func (g *graph) requirements(m *bcp.Model, i int, pos map[int]int) {
	from := pos[i]
	for _, r := range m.Graph().Requirements(i) {
		var members []int
		for _, x := range r.Members {
			if p, ok := pos[int(x)]; ok {
				members = append(members, p)
			} else {
				g.nodes[from].hidden++
			}
		}
		if len(members) == 0 {
			continue
		}
		if r.Kind == bcp.Requires {
			g.edges = append(g.edges, gedge{from: from, to: members[0], tolerance: r.Tolerance > 0})
			continue
		}
		label := "any of"
		if r.Kind == bcp.AtLeast {
			label = fmt.Sprintf("%d of %d", r.Need, len(r.Members))
		}
		sort.Ints(members)
		g.groups = append(g.groups, ggroup{owner: from, label: label, members: members})
		g.edges = append(g.edges, gedge{from: from, to: -len(g.groups), tolerance: r.Tolerance > 0})
	}
}

// successors returns, per node, the nodes it points at (through groups
// too).
func (g *graph) successors() [][]int {
	succ := make([][]int, len(g.nodes))
	for _, e := range g.edges {
		if e.to >= 0 {
			succ[e.from] = append(succ[e.from], e.to)
		} else {
			succ[e.from] = append(succ[e.from], g.groups[-e.to-1].members...)
		}
	}
	return succ
}

// reduce drops plain edges u → v where v is reachable from u along a path
// of two or more edges. A search per node: O(nodes · edges), meant for
// diagrams, not for whole 100k models.
func (g *graph) reduce() {
	succ := g.successors()
	seen := make([]int, len(g.nodes)) // search stamp per node
	stamp := 0
	var stack []int
	implied := func(u, v int) bool { // v reachable from u without the edge u → v
		stamp++
		stack = stack[:0]
		for _, w := range succ[u] {
			if w != v && seen[w] != stamp {
				seen[w] = stamp
				stack = append(stack, w)
			}
		}
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if x == v {
				return true
			}
			for _, w := range succ[x] {
				if seen[w] != stamp {
					seen[w] = stamp
					stack = append(stack, w)
				}
			}
		}
		return false
	}
	kept := g.edges[:0]
	for _, e := range g.edges {
		if e.to >= 0 && !e.tolerance && implied(e.from, e.to) {
			continue
		}
		kept = append(kept, e)
	}
	g.edges = kept
}

func (g *graph) index() map[string]int {
	idx := make(map[string]int, len(g.nodes))
	for k, n := range g.nodes {
		idx[n.id] = k
	}
	return idx
}

func (g *graph) markSPOF(m *bcp.Model, of string) error {
	var opts faulttree.SPOFOptions
	if of != "" {
		opts.Of = []string{of}
	}
	rep, err := faulttree.SinglePointsOfFailure(m, opts)
	if err != nil {
		return err
	}
	idx := g.index()
	for _, s := range rep.Services {
		for _, id := range s.SPOF {
			if k, ok := idx[id]; ok {
				g.nodes[k].spof = true
			}
		}
	}
	return nil
}

func (g *graph) markScenario(m *bcp.Model, id string) error {
	sc, err := m.Scenario(id)
	if err != nil {
		return err
	}
	// The incident timeline, recovery plan included, that every other
	// analysis of the scenario reads: the diagram tells the same story.
	inc, err := recovery.Timeline(m, sc, recovery.Options{})
	if err != nil {
		return err
	}
	im := inc.Impact
	idx := g.index()
	for _, c := range im.Components {
		k, ok := idx[c.ID]
		if !ok {
			continue
		}
		n := &g.nodes[k]
		switch {
		case c.Disrupted:
			n.state = stateDisrupted
		case c.RTOBreached:
			n.state = stateBreached
		default:
			n.state = stateDown
		}
		n.label += "\n" + damage(c)
	}
	g.title += " — " + firstNonEmpty(im.Name, im.Scenario)
	return nil
}

func damage(c bcp.ComponentImpact) string {
	s := "down " + clock(c.DownAt) + " to " + clock(c.UpAt)
	if c.Disrupted {
		s = "disrupted, " + s
	}
	if c.RTOBreached {
		s += ", RTO breached " + clock(c.RTOBreachAt)
	}
	return s
}

func clock(d time.Duration) string {
	if d == bcp.Forever {
		return "never"
	}
	return "T+" + bcp.FormatDuration(d)
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
