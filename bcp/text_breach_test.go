package bcp_test

import (
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The BREACH column names each objective breached and when; a component
// with an MTPD but no RTO reads "MTPD at T+3h", not "-, MTPD at T+3h".
// By hand: db down 1h..6h; MTPD 2h → breached at 3h; MTPD 8h → met.
func TestImpactTextBreachColumn(t *testing.T) {
	for _, tc := range []struct{ objectives, want string }{
		{"{mtpd: 2h}", "  svc        service  T+1h  T+6h  5h        -    MTPD at T+3h  db\n"},
		{"{mtpd: 8h}", "  svc        service  T+1h  T+6h  5h        -    met     db\n"},
		{"{rto: 1h, mtpd: 2h}", "  svc        service  T+1h  T+6h  5h        1h   RTO at T+2h, MTPD at T+3h  db\n"},
		{"{rto: 8h}", "  svc        service  T+1h  T+6h  5h        8h   met     db\n"},
	} {
		doc, err := bcp.Parse("m.yaml", []byte(`
components:
  - {id: svc, kind: service, objectives: `+tc.objectives+`, dependsOn: [db]}
  - {id: db, kind: data}
scenarios: [{id: long, disrupt: [{id: db, at: 1h, for: 5h}]}]
`))
		require.NoError(t, err)
		m, err := bcp.Compile(doc)
		require.NoError(t, err)
		sc, err := m.Scenario("long")
		require.NoError(t, err)
		im, err := m.Simulate(sc, bcp.SimulateOptions{})
		require.NoError(t, err)
		assert.Contains(t, im.String(), tc.want, tc.objectives)
	}
}

// A fallback without a name still shows the capacity it gives (it was
// left out of the text, though the JSON had it).
func TestImpactTextUnnamedFallback(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(`
components:
  - {id: a, kind: service, dependsOn: [b], fallbacks: [{capacity: 0.5, activation: 10m}]}
  - {id: b, kind: data}
scenarios: [{id: s, disrupt: [{id: b, for: 1h}]}]
`))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	im, err := m.Simulate(m.Scenarios()[0], bcp.SimulateOptions{})
	require.NoError(t, err)
	assert.Contains(t, im.String(), "  a runs at 50% on a fallback without a name from T+10m to T+1h\n")
}
