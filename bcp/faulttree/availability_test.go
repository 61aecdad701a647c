package faulttree_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChainAvailabilityIsAProduct: in a chain every component is a module
// with one independent input, so each answer is a product (0.999^k for the
// k components from it to the end), found without a decision diagram, in
// time linear in the chain (it was quadratic).
func TestChainAvailabilityIsAProduct(t *testing.T) {
	n := 3000
	m := chain(t, n)
	rep, err := faulttree.Availability(m, faulttree.AvailabilityOptions{})
	require.NoError(t, err)
	require.Len(t, rep.Services, n)
	for i, s := range rep.Services {
		k := n - i
		assert.InEpsilon(t, math.Pow(0.999, float64(k)), s.Availability, 1e-12, s.ID)
		assert.InEpsilon(t, -math.Expm1(float64(k)*math.Log1p(-0.001)), s.Unavailability, 1e-12, s.ID)
		assert.Equal(t, k, s.Events, s.ID)
		assert.Zero(t, s.Nodes, s.ID)
	}
}

// TestTinyUnavailabilityKeepsItsDigits: two redundant members failing with
// probability 1e-9 each make 1e-18, which 1 - availability would round to
// zero.
func TestTinyUnavailabilityKeepsItsDigits(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(`
components:
  - {id: s, kind: service, dependsOn: [{anyOf: [a, b]}, {atLeast: 2, of: [a, c, d]}]}
  - {id: a, kind: infrastructure, availability: 0.999999999}
  - {id: b, kind: infrastructure, availability: 0.999999999}
  - {id: c, kind: infrastructure, availability: 0.999999999}
  - {id: d, kind: infrastructure, availability: 0.999999999}
`))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	rep, err := faulttree.Availability(m, faulttree.AvailabilityOptions{})
	require.NoError(t, err)
	// Down when a and b fail, or two of a, c, d: about 4q², q the failure
	// probability the model states (1 - 0.999999999 in float64, not the
	// exact constant Go would fold).
	a := 0.999999999
	want := exactUnavailability(1 - a)
	assert.InEpsilon(t, want, rep.Services[0].Unavailability, 1e-9)
	assert.Greater(t, rep.Services[0].Nodes, 0, "a shared member needs a diagram")
}

// exactUnavailability enumerates a, b, c, d failing with probability q.
func exactUnavailability(q float64) float64 {
	p := 0.0
	for mask := 0; mask < 16; mask++ {
		a, b, c, d := mask&1 != 0, mask&2 != 0, mask&4 != 0, mask&8 != 0
		n := 0
		for _, x := range []bool{a, c, d} {
			if x {
				n++
			}
		}
		if !(a && b) && n < 2 {
			continue
		}
		w := 1.0
		for _, x := range []bool{a, b, c, d} {
			if x {
				w *= q
			} else {
				w *= 1 - q
			}
		}
		p += w
	}
	return p
}

// TestAvailabilityJSONKeepsFifteenDigits: the JSON is the answer a check of
// exact availability reads, so rounding may cost no more than float64 noise.
// s needs a and b: 0.987654321 × 0.123456789 = 0.121932631112635269 exactly,
// which 12 significant digits made 0.121932631113 (3e-12 off); 1e-14 leaves
// room for the float64 inputs (1 - 0.123456789 is not exact in binary).
func TestAvailabilityJSONKeepsFifteenDigits(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(`
components:
  - {id: s, kind: service, dependsOn: [a, b]}
  - {id: a, kind: infrastructure, availability: 0.987654321}
  - {id: b, kind: infrastructure, availability: 0.123456789}
`))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	rep, err := faulttree.Availability(m, faulttree.AvailabilityOptions{})
	require.NoError(t, err)
	b, err := json.Marshal(rep)
	require.NoError(t, err)
	var got struct {
		Services []struct{ Availability, Unavailability float64 }
	}
	require.NoError(t, json.Unmarshal(b, &got))
	require.Len(t, got.Services, 1)
	assert.InEpsilon(t, 0.121932631112635269, got.Services[0].Availability, 1e-14)
	assert.InEpsilon(t, 0.878067368887364731, got.Services[0].Unavailability, 1e-14)
}
