package bcp_test

import (
	"testing"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/continuitykit/continuity/bcp"
)

// TestBudgetOptions: expressions that build strings or lists beyond the
// budget stop with the VM's "memory budget exceeded", and ordinary string
// expressions give the same answers as without the budget options.
func TestBudgetOptions(t *testing.T) {
	env := map[string]any{"s": "ab", "n": 3, "list": []string{"x", "y"}, "any": any("q")}
	for _, c := range []struct {
		src  string
		want any // nil: the budget is exceeded
	}{
		{`upper(s) + lower("CD")`, "ABcd"},
		{`repeat(s, n)`, "ababab"},
		{`join(list, "-") + "!"`, "x-y!"},
		{`replace("aaa", "a", "bb")`, "bbbbbb"},
		{`len(split("a,b,c", ","))`, 3},
		{`any + any`, "qq"},
		{`1 + 2`, 3},
		{`let x = upper(s); x + x`, "ABAB"},
		{`map(["a", "b"], # + s)`, []any{"aab", "bab"}},
		{`reduce(1..3, #acc + #acc, "x")`, "xxxxxxxx"},
		{`len(repeat(repeat(repeat("x", 1000000), 1000000), 1000000)) > 0`, nil},
		{`len(reduce(1..64, #acc + #acc, "xx")) > 0`, nil},
		{`len(reduce(1..64, join([#acc, #acc], #acc), "xx")) > 0`, nil},
		{`len(replace(repeat("a", 500000), "a", repeat("b", 100))) > 0`, nil},
		{`len(map(1..900, repeat("x", 5000))) > 0`, nil},
		{`len(map(1..900, split(repeat("x", 5000), ""))) > 0`, nil},
		{`len(reduce(1..64, upper(#acc + #acc), "xx")) > 0`, nil},
	} {
		t.Run(c.src, func(t *testing.T) {
			opts := append([]expr.Option{expr.Env(env)}, bcp.BudgetOptions(0)...)
			p, err := expr.Compile(c.src, opts...)
			require.NoError(t, err)
			out, err := (&vm.VM{MemoryBudget: bcp.DefaultExprMemoryLimit}).Run(p, env)
			if c.want == nil {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "memory budget exceeded")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.want, out)
		})
	}
}
