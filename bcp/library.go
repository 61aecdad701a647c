package bcp

import (
	"fmt"
	"slices"
	"strings"
)

// funcDecl is a function a WithFunction option added.
type funcDecl struct {
	name  string
	typed bool
}

// builtinNames are the names every expression already has: the helpers
// and the component's fields. A plug-in function may not take them.
var builtinNames = []string{"duration", "seconds", "minutes", "hours", "days", "weeks", "component",
	"id", "name", "kind", "owner", "tier", "objectives", "attributes", "tags", "availability", "virtual", "dependencies", "dependents"}

// CheckLibrary is the conformance check for plug-in authors: call it in a
// test of the library. It reports, as Problems, a missing or malformed
// name, functions without typed signatures or that take a built-in name or
// one another's, rules without names or with duplicate names, options that
// differ between two calls, and rules that do not compile or fail to
// evaluate on a model with one component of every built-in kind.
func CheckLibrary(l Library) error {
	var probs Problems
	name := l.LibraryName()
	if !validID(name) {
		probs.add(Position{}, nil, "library name %q must be non-empty and use letters, digits and . _ : / -", name)
	}
	what := fmt.Sprintf("library %q", name)
	a, b := newConfig([]Option{WithLibrary(l)}), newConfig([]Option{WithLibrary(l)})
	if len(a.funcs) != len(b.funcs) || len(a.rules) != len(b.rules) || len(a.goRules) != len(b.goRules) {
		probs.add(Position{}, nil, "%s: Options gives different options on each call; it must be deterministic", what)
	}
	seen := map[string]bool{}
	for _, f := range a.funcs {
		switch {
		case slices.Contains(builtinNames, f.name):
			probs.add(Position{}, nil, "%s: function %q takes a built-in name", what, f.name)
		case seen[f.name]:
			probs.add(Position{}, nil, "%s: function %q is added twice", what, f.name)
		case !f.typed:
			probs.add(Position{}, nil, "%s: function %q has no typed signature; give one, e.g. new(func(string) bool), for load-time type checks", what, f.name)
		}
		seen[f.name] = true
	}
	rules := map[string]bool{}
	for _, r := range a.rules {
		if r.Name == "" || rules[r.Name] {
			probs.add(Position{}, nil, "%s: every rule needs a unique name, not %q", what, r.Name)
		}
		rules[r.Name] = true
	}
	for _, r := range a.goRules {
		if r.Name == "" || rules[r.Name] || r.Check == nil {
			probs.add(Position{}, nil, "%s: Go rule %q needs a unique name and a Check function", what, r.Name)
		}
		rules[r.Name] = true
	}
	if len(probs) > 0 {
		return probs.err()
	}
	doc := &Document{Version: 1, Name: "library conformance"}
	for _, k := range BuiltinKinds {
		doc.Components = append(doc.Components, Component{ID: string(k), Kind: k})
	}
	m, err := Compile(doc, WithLibrary(l))
	if err != nil {
		return fmt.Errorf("%s: a model with one component of every kind does not compile with it: %w", what, err)
	}
	for _, f := range m.Check() {
		// evalCheck reports a rule that fails to evaluate as this message.
		if rules[f.Rule] && strings.Contains(f.Message, "could not be evaluated") {
			probs.add(Position{}, nil, "%s: %s on %s", what, f.Message, f.Component)
		}
	}
	return probs.err()
}
