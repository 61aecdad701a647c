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

// PathString renders an explanation path for people: a → b → c.
func PathString(path []string) string { return strings.Join(path, " → ") }
