package bcp

import (
	"fmt"
	"sort"
	"strings"
)

// NotFoundError reports an id that names nothing in the model: an unknown
// component, scenario or team. Callers match it with errors.As to tell a
// caller's mistake (HTTP 404, exit status 2) from a failed analysis.
type NotFoundError struct {
	// What is the kind of thing looked up: "component", "scenario", "team".
	What string
	// ID is the id that was asked for.
	ID string
	// Known are the ids that exist, sorted (possibly many).
	Known []string
}

func (e *NotFoundError) Error() string {
	msg := fmt.Sprintf("unknown %s %q%s", e.What, e.ID, didYouMean(e.ID, e.Known))
	switch n := len(e.Known); {
	case n == 0:
		return msg + fmt.Sprintf("; the model has no %ss", e.What)
	case n <= 20:
		return msg + "; the model has: " + strings.Join(e.Known, ", ")
	default:
		return msg + fmt.Sprintf("; the model has %d %ss", n, e.What)
	}
}

// notFound builds a NotFoundError, sorting a copy of the known ids.
func notFound(what, id string, known []string) *NotFoundError {
	ks := append([]string(nil), known...)
	sort.Strings(ks)
	return &NotFoundError{What: what, ID: id, Known: ks}
}
