package faulttree

import (
	"github.com/continuitykit/continuity/bcp"
)

// graph is the model's failure logic in flat arrays: component v has
// requirements start[v]:end[v]; requirement r fails when at least
// fail[r] of its members mem[off[r]:off[r+1]] fail: 1 for a plain
// requirement, all for anyOf, n-k+1 for atLeast k of n.
type graph struct {
	m     *bcp.Model
	comps []bcp.Component
	start []int32
	end   []int32
	off   []int32
	fail  []int32
	group []bool // a redundancy group, not a plain requirement
	mem   []int32
}

// newGraph copies the requirements of the components below roots (all
// components when roots is nil) into flat arrays, so that a question
// about one service costs its cone, not the model.
func newGraph(m *bcp.Model, roots []int32) *graph {
	n := m.Len()
	// start and end are read only for the components added, so pooled
	// arrays need no zeroing.
	g := &graph{m: m, comps: m.Components(), start: getInt32s(n, false), end: getInt32s(n, false), off: []int32{0}}
	var buf []bcp.Requirement
	add := func(v int) {
		g.start[v] = int32(len(g.fail))
		buf = m.Graph().AppendRequirements(buf[:0], v)
		for _, r := range buf {
			g.mem = append(g.mem, r.Members...)
			g.off = append(g.off, int32(len(g.mem)))
			g.fail = append(g.fail, int32(len(r.Members)-r.Need+1))
			g.group = append(g.group, r.Kind != bcp.Requires)
		}
		g.end[v] = int32(len(g.fail))
	}
	if roots == nil {
		// The whole model: sized once, not grown by appends.
		g.mem = make([]int32, 0, m.Edges())
		reqs := 0
		for v := 0; v < n; v++ {
			reqs += m.Graph().RequirementCount(v)
		}
		g.off = append(make([]int32, 0, reqs+1), 0)
		g.fail = make([]int32, 0, reqs)
		g.group = make([]bool, 0, reqs)
		for v := 0; v < n; v++ {
			add(v)
		}
		return g
	}
	seen := getInt32s(n, true)
	defer putInt32s(seen)
	stack := append([]int32(nil), roots...)
	for _, r := range roots {
		seen[r] = 1
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		add(int(v))
		for _, y := range g.mem[g.off[g.start[v]]:g.off[g.end[v]]] {
			if seen[y] == 0 {
				seen[y] = 1
				stack = append(stack, y)
			}
		}
	}
	return g
}

// release gives the graph's model-sized arrays back to the pool; the graph
// is not used after.
func (g *graph) release() {
	putInt32s(g.start)
	putInt32s(g.end)
	g.start, g.end = nil, nil
}

func (g *graph) members(r int32) []int32 { return g.mem[g.off[r]:g.off[r+1]] }

// analysed returns the components to analyse: of, or every service in id
// order, or, in a model without services (an Open-PSA fault tree), its top
// components: those nothing depends on.
func analysed(m *bcp.Model, of []string) ([]int32, error) {
	if len(of) == 0 {
		var out []int32
		for i, c := range m.Components() {
			if c.Kind == bcp.KindService {
				out = append(out, int32(i))
			}
		}
		if len(out) == 0 {
			out = tops(m)
		}
		m.Graph().SortByID(out)
		return out, nil
	}
	out := make([]int32, 0, len(of))
	for _, id := range of {
		i, err := m.Lookup(id)
		if err != nil {
			return nil, err
		}
		out = append(out, int32(i))
	}
	return out, nil
}

// tops returns the components that no other component requires.
func tops(m *bcp.Model) []int32 {
	reqs, _ := m.Graph().RequirementTable()
	needed := make([]bool, m.Len())
	for _, r := range reqs {
		for _, x := range r.Members {
			needed[x] = true
		}
	}
	var out []int32
	for i, n := range needed {
		if !n {
			out = append(out, int32(i))
		}
	}
	return out
}

// canFail reports, per component, whether it is a basic event: every
// component that is not virtual can fail by itself (MODEL.md), whether or
// not it has dependencies.
func (g *graph) canFail() []bool {
	out := make([]bool, len(g.comps))
	for i := range g.comps {
		out[i] = !g.comps[i].Virtual
	}
	return out
}
