package bcp

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
)

// Env is what an expression sees when it is evaluated on a component: rules'
// when, check, set and message, and scenario selectors. Field names in
// expressions are the expr tags. Unset durations and tier are 0; unset
// availability is 1.
type Env struct {
	ID           string         `expr:"id"`
	Name         string         `expr:"name"`
	Kind         string         `expr:"kind"`
	Owner        string         `expr:"owner"`
	Tier         int            `expr:"tier"`
	Objectives   EnvObjectives  `expr:"objectives"`
	Attributes   map[string]any `expr:"attributes"`
	Tags         []string       `expr:"tags"`
	Availability float64        `expr:"availability"`
	Virtual      bool           `expr:"virtual"`
	// Dependencies are the ids the component depends on directly, sorted.
	Dependencies []string `expr:"dependencies"`
	// Dependents are the ids that depend directly on the component, sorted.
	Dependents []string `expr:"dependents"`
}

// EnvObjectives are a component's objectives as expressions see them.
type EnvObjectives struct {
	RTO  time.Duration `expr:"rto"`
	RPO  time.Duration `expr:"rpo"`
	MTPD time.Duration `expr:"mtpd"`
	// Availability is the availability target; 0 when none is set.
	Availability float64 `expr:"availability"`
}

var emptyAttributes = map[string]any{}

// needsGraphEnv reports whether an expression reads the dependency lists,
// which cost a sorted slice per component and so are built only when some
// expression needs them.
func needsGraphEnv(src string) bool {
	return strings.Contains(src, "dependencies") || strings.Contains(src, "dependents") || strings.Contains(src, "component(")
}

func (m *Model) envOf(i int32, graph bool) Env {
	c := &m.comps[i]
	e := Env{
		ID: c.ID, Name: c.Name, Kind: string(c.Kind), Owner: c.Owner, Tier: c.Tier,
		Objectives:   envObjectives(c.Objectives),
		Attributes:   c.Attributes,
		Tags:         c.Tags,
		Availability: c.OwnAvailability(),
		Virtual:      c.Virtual,
		Dependencies: []string{},
		Dependents:   []string{},
	}
	if graph {
		e.Dependencies, e.Dependents = m.depIDs(i), m.revIDs(i)
	}
	if e.Attributes == nil {
		e.Attributes = emptyAttributes
	}
	if e.Tags == nil {
		e.Tags = []string{}
	}
	return e
}

func envObjectives(o Objectives) EnvObjectives {
	return EnvObjectives{RTO: o.RTO, RPO: o.RPO, MTPD: o.MTPD, Availability: o.Availability}
}

// refreshEnv updates component i's environment after a set rule, keeping
// the graph fields, which rules cannot change.
func (m *Model) refreshEnv(i int32) {
	deps, rev := m.envs[i].Dependencies, m.envs[i].Dependents
	c := &m.comps[i]
	e := &m.envs[i]
	e.Tier, e.Owner = c.Tier, c.Owner
	e.Objectives = envObjectives(c.Objectives)
	e.Availability = c.OwnAvailability()
	if c.Attributes != nil {
		e.Attributes = c.Attributes
	}
	e.Dependencies, e.Dependents = deps, rev
}

// EnvOf returns the expression environment of a component, as rules see it
// (with derived values applied).
func (m *Model) EnvOf(id string) (Env, bool) {
	i, ok := m.index[id]
	if !ok {
		return Env{}, false
	}
	e := m.environments()[i]
	if !m.graphEnv {
		e.Dependencies, e.Dependents = m.depIDs(i), m.revIDs(i)
	}
	return e, true
}

// environments returns every component's environment, building them on
// first need: they cost about 200 bytes a component, plus the dependency
// lists when the model's expressions read them, and a model that is only
// loaded or analysed as a graph never needs them.
func (m *Model) environments() []Env {
	m.envOnce.Do(func() {
		if m.envs == nil {
			m.envs = m.buildEnvs()
		}
	})
	return m.envs
}

// buildEnvs makes every component's environment, with the dependency
// lists when the model's expressions read them (graphEnv).
func (m *Model) buildEnvs() []Env {
	envs := make([]Env, len(m.comps))
	for i := range m.comps {
		envs[i] = m.envOf(int32(i), false)
	}
	if m.graphEnv {
		m.fillGraphLists(envs)
	}
	return envs
}

// envsFor returns the environments an expression is evaluated in: the
// model's own, or, for an expression that reads dependency lists the model
// did not build, a copy with them (the model itself stays untouched, so
// concurrent use is safe).
func (m *Model) envsFor(src string) []Env {
	if m.graphEnv || !needsGraphEnv(src) {
		return m.environments()
	}
	out := slices.Clone(m.environments())
	m.fillGraphLists(out)
	return out
}

// fillGraphLists sets every environment's Dependencies and Dependents as
// depIDs and revIDs give them, cut from two arrays shared by all
// components instead of two slices each.
func (m *Model) fillGraphLists(envs []Env) {
	deps := make([]string, 0, m.Edges())
	for i := range envs {
		start := len(deps)
		m.outTargets(int32(i), func(x int32) { deps = append(deps, m.comps[x].ID) })
		own := sortedUnique(deps[start:])
		deps = deps[:start+len(own)]
		envs[i].Dependencies = deps[start:len(deps):len(deps)]
	}
	rev := make([]string, len(m.rev))
	for i := range envs {
		own := rev[m.revStart[i]:m.revStart[i+1]:m.revStart[i+1]]
		for k, x := range m.rev[m.revStart[i]:m.revStart[i+1]] {
			own[k] = m.comps[x].ID
		}
		slices.Sort(own)
		envs[i].Dependents = own
	}
}

// durationFuncs are the helper functions every expression has. The numeric
// helpers turn numbers into durations and durations into numbers, so that
// both `hours(4)` and `revenuePerHour * hours(objectives.rto)` read naturally.
func durationFuncs() []expr.Option {
	unit := func(name string, u time.Duration) expr.Option {
		return expr.Function(name, func(p ...any) (any, error) {
			switch v := p[0].(type) {
			case int:
				if v > int(Forever/u) || v < -int(Forever/u) {
					return nil, fmt.Errorf("%s(%d): out of range (at most %d)", name, v, Forever/u)
				}
				return time.Duration(v) * u, nil
			case float64:
				if math.IsNaN(v) || math.Abs(v*float64(u)) >= float64(Forever) {
					return nil, fmt.Errorf("%s(%g): out of range", name, v)
				}
				return time.Duration(v * float64(u)), nil
			case time.Duration:
				return float64(v) / float64(u), nil
			}
			return nil, fmt.Errorf("%s: unsupported argument %T", name, p[0])
		}, new(func(int) time.Duration), new(func(float64) time.Duration), new(func(time.Duration) float64))
	}
	opts := []expr.Option{
		expr.DisableBuiltin("duration"),
		expr.Function("duration", func(p ...any) (any, error) {
			return ParseDuration(p[0].(string))
		}, new(func(string) time.Duration)),
		unit("seconds", time.Second),
		unit("minutes", time.Minute),
		unit("hours", time.Hour),
		unit("days", 24*time.Hour),
		unit("weeks", 7*24*time.Hour),
	}
	opts = append(opts, durationOperators()...)
	return append(opts, durationIntOperators()...)
}

// durationIntOperators let durations be compared with plain whole numbers,
// counted in seconds, so that `objectives.rto > 0` (is it set?) works.
func durationIntOperators() []expr.Option {
	cmp := map[string]func(a, b int64) bool{
		"==": func(a, b int64) bool { return a == b },
		"!=": func(a, b int64) bool { return a != b },
		"<":  func(a, b int64) bool { return a < b },
		"<=": func(a, b int64) bool { return a <= b },
		">":  func(a, b int64) bool { return a > b },
		">=": func(a, b int64) bool { return a >= b },
	}
	names := map[string]string{"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
	var opts []expr.Option
	for _, op := range []string{"==", "!=", "<", "<=", ">", ">="} {
		f := cmp[op]
		di := "_duration_" + names[op] + "_int"
		id := "_int_" + names[op] + "_duration"
		opts = append(opts,
			expr.Function(di, func(p ...any) (any, error) {
				return f(int64(p[0].(time.Duration)/time.Second), int64(p[1].(int))), nil
			}, new(func(time.Duration, int) bool)),
			expr.Function(id, func(p ...any) (any, error) {
				return f(int64(p[0].(int)), int64(p[1].(time.Duration)/time.Second)), nil
			}, new(func(int, time.Duration) bool)),
			expr.Operator(op, di, id),
		)
	}
	return opts
}

// foldDurations replaces duration("literal") by its value at compile time: a
// bad literal becomes a compile error with its column, and evaluation does
// not pay for parsing.
type foldDurations struct{ err error }

func (f *foldDurations) Visit(node *ast.Node) {
	call, ok := (*node).(*ast.CallNode)
	if !ok || len(call.Arguments) != 1 {
		return
	}
	if id, ok := call.Callee.(*ast.IdentifierNode); !ok || id.Value != "duration" {
		return
	}
	lit, ok := call.Arguments[0].(*ast.StringNode)
	if !ok {
		return
	}
	d, err := ParseDuration(lit.Value)
	if err != nil {
		if f.err == nil {
			f.err = &exprPosError{loc: lit.Location().From, err: err}
		}
		return
	}
	c := &ast.ConstantNode{Value: d}
	c.SetType(reflectDuration)
	ast.Patch(node, c)
}

type exprPosError struct {
	loc int
	err error
}

func (e *exprPosError) Error() string { return e.err.Error() }
func (e *exprPosError) Unwrap() error { return e.err }

// envFields are the top-level names of Env in expressions.
var envFields = map[string]bool{"id": true, "name": true, "kind": true, "owner": true, "tier": true, "objectives": true, "attributes": true, "tags": true, "availability": true, "virtual": true, "dependencies": true, "dependents": true}

// references returns the environment paths an expression reads (tier,
// objectives.rto, attributes.region, ...), sorted: used to order set rules
// and to explain findings. A path is left out when a longer one through it
// is read (objectives.rto, not objectives as well).
func references(tree ast.Node) []string {
	seen := map[string]bool{}
	ast.Find(tree, func(n ast.Node) bool {
		switch v := n.(type) {
		case *ast.MemberNode:
			if p := memberPath(v); p != "" {
				seen[p] = true
			}
		case *ast.IdentifierNode:
			if envFields[v.Value] {
				seen[v.Value] = true
			}
		}
		return false
	})
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	kept := out[:0]
	for i, p := range out {
		if i+1 < len(out) && len(out[i+1]) > len(p) && out[i+1][:len(p)] == p && out[i+1][len(p)] == '.' {
			continue
		}
		kept = append(kept, p)
	}
	return kept
}

// memberPath renders a.b.c for member chains rooted at an identifier with
// constant property names, or "".
func memberPath(n *ast.MemberNode) string {
	prop, ok := n.Property.(*ast.StringNode)
	if !ok {
		return ""
	}
	switch base := n.Node.(type) {
	case *ast.IdentifierNode:
		if !envFields[base.Value] {
			return ""
		}
		return base.Value + "." + prop.Value
	case *ast.MemberNode:
		if p := memberPath(base); p != "" {
			return p + "." + prop.Value
		}
	}
	return ""
}
