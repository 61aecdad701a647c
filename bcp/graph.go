package bcp

// Graph is the model's dependency graph by dense index (0 ≤ i < Model.Len()),
// for analysis packages — fault trees, recovery, BIA — that walk it in bulk.
// It is a view of the compiled model: cheap to copy, valid as long as the
// model, and safe for concurrent use; the slices it returns are the model's
// own and must not be modified.
type Graph struct{ m *Model }

// Graph returns the model's dependency graph by dense index.
func (m *Model) Graph() Graph { return Graph{m} }

// RequirementName returns requirement j of the component at index i as
// explanations show it: the required id, or the group such as
// "anyOf(isp-a,isp-b)".
func (g Graph) RequirementName(i, j int) string {
	r := g.m.reqs[g.m.reqStart[i]+int32(j)]
	if r.depKind() == Requires {
		return g.m.comps[r.target].ID
	}
	return g.m.groupName(r)
}

// SortByID sorts component indices by id, in linear time when they are a
// large share of the model.
func (g Graph) SortByID(xs []int32) { g.m.sortByID(xs) }

// Requirements returns the requirements of the component at index i. The
// Members slices are the model's own and must not be modified.
func (g Graph) Requirements(i int) []Requirement {
	return g.AppendRequirements(make([]Requirement, 0, g.m.reqStart[i+1]-g.m.reqStart[i]), i)
}

// AppendRequirements appends the requirements of the component at index i to
// dst and returns the extended slice, so that callers walking a large model
// can keep every component's requirements in one array. The Members slices
// are the model's own and must not be modified.
func (g Graph) AppendRequirements(dst []Requirement, i int) []Requirement {
	for _, r := range g.m.reqs[g.m.reqStart[i]:g.m.reqStart[i+1]] {
		if r.depKind() == Requires {
			dst = append(dst, Requirement{Kind: Requires, Members: g.m.targetSlice(r.target), Need: 1, Tolerance: r.tol})
			continue
		}
		dst = append(dst, Requirement{Kind: r.depKind(), Members: g.m.groupMembers(r), Need: g.m.groupNeed(r), Tolerance: r.tol})
	}
	return dst
}

// RequirementCount returns how many requirements the component at index i
// has (plain ones and groups), without building them.
func (g Graph) RequirementCount(i int) int { return int(g.m.reqStart[i+1] - g.m.reqStart[i]) }

// IDRank returns the place of the component at index i among all ids in
// sorted order, so that callers can sort components by id with integer
// comparisons.
func (g Graph) IDRank(i int) int { return int(g.m.idRank()[i]) }

// TopologicalOrder returns every component index after all the components it
// requires. The slice is the model's own and must not be modified.
func (g Graph) TopologicalOrder() []int32 { return g.m.topo }

// RequirementTable returns every component's requirements in one array:
// those of the component at index i are reqs[start[i]:start[i+1]]. It is
// built once per model and shared, so that analyses run per request (a
// recovery plan for each incident) do not copy the graph each time; the
// slices must not be modified.
func (g Graph) RequirementTable() (reqs []Requirement, start []int32) {
	g.m.reqTableOnce.Do(func() {
		g.m.reqTable = make([]Requirement, 0, len(g.m.reqs))
		for i := range g.m.comps {
			g.m.reqTable = g.AppendRequirements(g.m.reqTable, i)
		}
	})
	return g.m.reqTable, g.m.reqStart
}

// EnvAt returns the expression environment of the component at index i
// cheaply: Dependencies and Dependents are filled only when the model's own
// expressions read them (use EnvOf to always have them).
func (g Graph) EnvAt(i int) Env { return g.m.environments()[i] }

// DependentTable returns every component's direct dependents in one
// array: those of the component at index i are deps[start[i]:start[i+1]],
// without repeats. It is the model's own reverse graph, shared; the slices
// must not be modified. Analyses that start from what an incident takes
// down walk up it, so that their work is the incident's cone.
func (g Graph) DependentTable() (deps []int32, start []int32) { return g.m.rev, g.m.revStart }
