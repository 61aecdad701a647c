package bcp

import "strings"

// Lookup returns the dense index of the component with the given id, or a
// *NotFoundError naming the id and the closest known one, for analyses
// outside this package that take ids from users.
func (m *Model) Lookup(id string) (int, error) {
	i, ok := m.index[id]
	if !ok {
		return 0, notFound("component", id, m.IDs())
	}
	return int(i), nil
}

// RequirementName returns requirement j of the component at index i as
// explanations show it: the required id, or the group such as
// "anyOf(isp-a,isp-b)".
func (m *Model) RequirementName(i, j int) string {
	r := m.reqs[m.reqStart[i]+int32(j)]
	if r.kind == Requires {
		return m.comps[r.target].ID
	}
	return m.groupName(r)
}

// SortByID sorts component indices by id, in linear time when they are a
// large share of the model.
func (m *Model) SortByID(xs []int32) { m.sortByID(xs) }

// PathString renders an explanation path for people: a → b → c.
func PathString(path []string) string { return strings.Join(path, " → ") }
