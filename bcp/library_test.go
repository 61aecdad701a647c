package bcp_test

import (
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type badLibrary struct {
	name string
	opts []bcp.Option
}

func (l badLibrary) LibraryName() string   { return l.name }
func (l badLibrary) Options() []bcp.Option { return l.opts }

func TestCheckLibraryReportsEveryMistake(t *testing.T) {
	err := bcp.CheckLibrary(badLibrary{name: "bad lib", opts: []bcp.Option{
		bcp.WithFunction("hours", func(p ...any) (any, error) { return 1, nil }, new(func() int)),
		bcp.WithFunction("untyped", func(p ...any) (any, error) { return 1, nil }),
		bcp.WithRule(bcp.Rule{Name: "r", Check: "true"}),
		bcp.WithRule(bcp.Rule{Name: "r", Check: "true"}),
	}})
	require.Error(t, err)
	for _, want := range []string{`library name "bad lib"`, `function "hours" takes a built-in name`, `function "untyped" has no typed signature`, `every rule needs a unique name, not "r"`} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestCheckLibraryEvaluatesRules(t *testing.T) {
	boom := bcp.WithFunction("boom", func(p ...any) (any, error) { panic("nil map") }, new(func(string) bool))
	err := bcp.CheckLibrary(badLibrary{name: "boom", opts: []bcp.Option{boom, bcp.WithRule(bcp.Rule{Name: "r", Check: "boom(id)", Severity: bcp.SeverityWarning})}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `rule "r" could not be evaluated`)
}

// A function added with WithFunction is visible to every expression of the
// model: rules, and also selectors of scenarios built in code and Select.
// Before, Simulate and Select built a fresh environment and lost it.
func TestPluginFunctionsReachEveryExpression(t *testing.T) {
	isX := bcp.WithFunction("isX", func(p ...any) (any, error) { return p[0].(string) == "x", nil }, new(func(string) bool))
	m, err := bcp.Compile(&bcp.Document{Version: 1, Components: []bcp.Component{{ID: "x", Kind: bcp.KindApplication}, {ID: "y", Kind: bcp.KindApplication}}}, isX)
	require.NoError(t, err)
	ids, err := m.Select("isX(id)")
	require.NoError(t, err)
	assert.Equal(t, []string{"x"}, ids)
	im, err := m.Simulate(bcp.Scenario{ID: "w", Disrupt: []bcp.Disruption{{Select: "isX(id)"}}}, bcp.SimulateOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"x"}, im.Disrupted)
	e, err := m.CompileExpression("isX(id) ? hours(1) : hours(2)", bcp.Env{}, "test")
	require.NoError(t, err)
	env, _ := m.EnvOf("y")
	v, err := e.Eval(env)
	require.NoError(t, err)
	assert.Equal(t, 2*60*60*1e9, float64(v.(interface{ Nanoseconds() int64 }).Nanoseconds()))
}
