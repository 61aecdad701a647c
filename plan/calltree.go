package plan

import (
	"fmt"
	"slices"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// CallTreeOptions configures CallTree. The zero value is valid.
type CallTreeOptions struct {
	// Fanout is how many people each caller calls at most; 0 means 3.
	Fanout int
	// PerCall is how long one call takes, dialling to hanging up; 0 means 5m.
	PerCall time.Duration
	// Root is the person who starts the tree; empty means the holder of
	// the first role (the continuity manager), else the first person.
	Root string
}

func (o CallTreeOptions) fanout() int {
	if o.Fanout <= 0 {
		return 3
	}
	return o.Fanout
}

func (o CallTreeOptions) perCall() time.Duration {
	if o.PerCall <= 0 {
		return 5 * time.Minute
	}
	return o.PerCall
}

// Call is one person in the call tree and the people they call.
type Call struct {
	// Person is the person's id.
	Person string
	// Depth is 0 for the root, 1 for those the root calls, and so on.
	Depth int
	// ReachedAt is when the person has been called, from the moment the
	// root starts calling: callers call their list in order, one call at a
	// time.
	ReachedAt time.Duration
	Calls     []*Call
}

// CallTree is who calls whom when the plan is activated.
type CallTree struct {
	Root *Call
	// Fanout and PerCall are the options the tree was built with.
	Fanout  int
	PerCall time.Duration
	// People is how many people the tree reaches, the root included.
	People int
	// Depth is the number of rounds of calls: the deepest Call's Depth.
	Depth int
	// Time is when the last person has been called.
	Time time.Duration
}

// BuildCallTree arranges the model's people in a call tree: the root
// first, then role holders and alternates, then team leads and members
// team by team, then everyone else, filled in breadth first so that no
// caller calls more than Fanout people and the depth is the least that
// allows (1 + f + f² + ... ≥ people). Keeping a team's people next to each
// other in that order lets one caller reach most of a team. It returns nil
// when the model has no people.
func BuildCallTree(m *bcp.Model, opts CallTreeOptions) (*CallTree, error) {
	order, err := callOrder(m, opts.Root)
	if err != nil || len(order) == 0 {
		return nil, err
	}
	f, per := opts.fanout(), opts.perCall()
	t := &CallTree{Fanout: f, PerCall: per, People: len(order)}
	// In breadth-first (heap) order the people node i calls are nodes
	// i·f+1 to i·f+f: one slab of calls and one of pointers serve all.
	slab := make([]Call, len(order))
	nodes := make([]*Call, len(order))
	for i, id := range order {
		slab[i].Person = id
		nodes[i] = &slab[i]
	}
	for i, c := range nodes {
		if first := i*f + 1; first < len(nodes) {
			c.Calls = nodes[first:min(first+f, len(nodes)):min(first+f, len(nodes))]
		}
		for k, x := range c.Calls {
			x.Depth = c.Depth + 1
			x.ReachedAt = c.ReachedAt + time.Duration(k+1)*per
			t.Depth = max(t.Depth, x.Depth)
			t.Time = max(t.Time, x.ReachedAt)
		}
	}
	t.Root = nodes[0]
	return t, nil
}

// callOrder lists every person once, in the order the tree is filled.
func callOrder(m *bcp.Model, root string) ([]string, error) {
	if len(m.People()) == 0 {
		return nil, nil
	}
	order := make([]string, 0, len(m.People()))
	seen := make(map[string]bool, len(m.People()))
	add := func(id string) {
		if _, ok := m.Person(id); ok && !seen[id] {
			seen[id] = true
			order = append(order, id)
		}
	}
	if root != "" {
		if _, ok := m.Person(root); !ok {
			return nil, fmt.Errorf("call tree root %q is not declared under people", root)
		}
		add(root)
	}
	for _, r := range m.Roles() {
		add(r.Holder)
	}
	for _, r := range m.Roles() {
		add(r.Alternate)
	}
	for _, tm := range m.Teams() {
		for _, mb := range tm.Members {
			if mb.Role != "" {
				add(mb.Person)
			}
		}
	}
	for _, tm := range m.Teams() {
		for _, mb := range slices.Concat(tm.Members, tm.Alternates) {
			add(mb.Person)
		}
	}
	for _, p := range m.People() {
		add(p.ID)
	}
	return order, nil
}

// Walk calls fn for every call in the tree, depth first, callers before
// the people they call.
func (t *CallTree) Walk(fn func(c *Call)) {
	var walk func(c *Call)
	walk = func(c *Call) {
		fn(c)
		for _, x := range c.Calls {
			walk(x)
		}
	}
	if t != nil && t.Root != nil {
		walk(t.Root)
	}
}
