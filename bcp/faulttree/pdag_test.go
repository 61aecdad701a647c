package faulttree

import (
	"testing"

	"github.com/continuitykit/continuity/internal/bdd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPDAGGateFolds(t *testing.T) {
	d := newPDAG()
	a := d.variable(0.1, 0.9, 0)
	b := d.variable(0.2, 0.8, 1)
	tests := []struct {
		name string
		k    int
		args []int32
		want int32
	}{
		{"or with true", 1, []int32{a, pTrue}, pTrue},
		{"or with false", 1, []int32{a, pFalse}, a},
		{"and with false", 2, []int32{a, pFalse}, pFalse},
		{"and with true", 2, []int32{a, pTrue}, a},
		{"or of a twice", 1, []int32{a, a}, a},
		{"and of a twice", 2, []int32{a, a}, a},
		{"2 of 3 with a true", 2, []int32{a, b, pTrue}, d.gate(1, []int32{a, b})},
		{"same gate, other order", 1, []int32{b, a}, d.gate(1, []int32{a, b})},
		{"no variable", 1, nil, pFalse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, d.gate(tt.k, tt.args))
		})
	}
	assert.Equal(t, pFalse, d.variable(0, 1, 2), "a variable that cannot be true")
	assert.Equal(t, pTrue, d.variable(1, 0, 2), "a variable that is always true")
}

// bigOr pads a graph past minOptimize with an OR of private variables,
// so that optimize works on it.
func bigOr(d *pdag, root int32) int32 {
	args := []int32{root}
	for i := range minOptimize {
		args = append(args, d.variable(1e-9, 1-1e-9, int32(100+i)))
	}
	return d.gate(1, args)
}

func TestPDAGOptimizeSharedVariable(t *testing.T) {
	// (x ∨ a)(x ∨ b) = x ∨ ab: x true makes the AND true along two
	// paths, so the rewrite leaves x one parent.
	d := newPDAG()
	x := d.variable(0.1, 0.9, 0)
	a := d.variable(0.2, 0.8, 1)
	b := d.variable(0.3, 0.7, 2)
	and := d.gate(2, []int32{d.gate(1, []int32{x, a}), d.gate(1, []int32{x, b})})
	root := bigOr(d, and)
	nd, nr := d.optimize(root)
	par := nd.parents(nr)
	found := false
	for i, n := range nd.nodes {
		if n.args == nil && n.ref == 0 && par[i] > 0 {
			found = true
			assert.Equal(t, int32(1), par[i], "x has one parent after the rewrite")
		}
	}
	assert.True(t, found, "x is still in the graph")
	p, q, _, err := probability(nd, bdd.New(1000), nr)
	require.NoError(t, err)
	// P(x ∨ ab), then the 256 private events.
	want := 0.1 + 0.9*0.2*0.3
	wq := 1 - want
	for range minOptimize {
		want, wq = either(want, wq, 1e-9, 1-1e-9)
	}
	assert.InDelta(t, want, p, 1e-15)
	assert.InDelta(t, wq, q, 1e-15)
}

func TestPDAGGroupMakesModules(t *testing.T) {
	// root = (a ∨ bc ∨ cd) ∧ (d ∨ e): in the OR, a is private and bc, cd
	// share c but nothing outside the OR; d is shared with the other
	// argument of the root, so cd is not modular.
	d := newPDAG()
	v := func(p float64, ref int32) int32 { return d.variable(p, 1-p, ref) }
	a, b, c, dd, e := v(0.1, 0), v(0.2, 1), v(0.3, 2), v(0.4, 3), v(0.5, 4)
	bc := d.gate(2, []int32{b, c})
	cd := d.gate(2, []int32{c, dd})
	or := d.gate(1, []int32{a, bc, cd})
	root := d.gate(2, []int32{or, d.gate(1, []int32{dd, e})})
	before := len(d.nodes)
	d.group(root)
	assert.Equal(t, before, len(d.nodes), "bc and cd overlap a non-modular argument: nothing to group")

	d2 := newPDAG()
	v2 := func(p float64, ref int32) int32 { return d2.variable(p, 1-p, ref) }
	a, b, c, dd, e = v2(0.1, 0), v2(0.2, 1), v2(0.3, 2), v2(0.4, 3), v2(0.5, 4)
	f := v2(0.6, 5)
	// (a ∨ e ∨ bc ∨ cd ∨ (f ∧ x)) ∧ (x ∨ e2): a and e are private, bc and
	// cd form one modular group, f∧x is not modular.
	x := v2(0.7, 6)
	bc = d2.gate(2, []int32{b, c})
	cd = d2.gate(2, []int32{c, dd})
	fx := d2.gate(2, []int32{f, x})
	or = d2.gate(1, []int32{a, e, bc, cd, fx})
	root = d2.gate(2, []int32{or, d2.gate(1, []int32{x, v2(0.8, 7)})})
	before = len(d2.nodes)
	d2.group(root)
	require.Equal(t, before+2, len(d2.nodes), "two new modules")
	module, _ := d2.modules(root)
	assert.True(t, module[before] && module[before+1])
	assert.Equal(t, []int32{fx, int32(before), int32(before + 1)}, d2.nodes[or].args)

	p, _, _, err := probability(d2, bdd.New(1000), root)
	require.NoError(t, err)
	pbc := 0.2 * 0.3
	pcd := 0.3 * 0.4
	pbcd := pbc + pcd - 0.2*0.3*0.4
	// Condition on x: the OR and the right side are independent given x.
	pOrGiven := func(px float64) float64 {
		q := (1 - 0.1) * (1 - 0.5) * (1 - pbcd) * (1 - 0.6*px)
		return 1 - q
	}
	want := 0.7*pOrGiven(1)*1 + 0.3*pOrGiven(0)*0.8
	assert.InDelta(t, want, p, 1e-15)
}

// TestOrderLevelsTieBreak checks the order heuristic's keys on hand-made
// graphs: more parents first, then, between equally shared gates, the
// lower one first, whatever the arguments' order.
func TestOrderLevelsTieBreak(t *testing.T) {
	d := newPDAG()
	v := func(i int32) int32 { return d.variable(0.1, 0.9, i) }
	a, b, c, e, f, x := v(0), v(1), v(2), v(3), v(4), v(5)
	deep := d.gate(2, []int32{d.gate(1, []int32{b, c}), a}) // height 2
	shallow := d.gate(2, []int32{e, f})                     // height 1
	tests := []struct {
		name string
		root int32
		want map[int32]int32 // node: level
	}{
		{"equally shared: the lower gate first",
			d.gate(1, []int32{deep, shallow}),
			map[int32]int32{e: 0, f: 1, shallow: 2, b: 3, c: 4, a: 6, deep: 7}},
		{"the deeper gate has more parents: it goes first",
			d.gate(1, []int32{shallow, deep, d.gate(2, []int32{deep, x})}),
			map[int32]int32{b: 0, c: 1, a: 3, deep: 4, e: 5, f: 6, shallow: 7, x: 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			level := orderLevels(d, tt.root, d.parents(tt.root))
			got := map[int32]int32{}
			for n := range tt.want {
				got[n] = level[n]
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
