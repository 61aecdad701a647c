package recovery_test

import (
	"strings"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/recovery"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const gapModel = `
components:
  - id: shop
    kind: service
    objectives: {rto: 4h, rpo: 1h}
    dependsOn: [app]
  - id: app
    kind: application
    dependsOn: [db]
    recovery:
      strategies:
        - {type: rebuild, time: 2h, requires: [backup], tested: 2026-10-01}
  - id: db
    kind: data
    recovery:
      strategies:
        - {type: restore, time: 3h, dataLoss: 1d, copies: 2, media: 1, offsite: 0, tested: 2024-06-01}
        - {type: restore, name: slow tape, time: 9h, dataLoss: 1d, copies: 3, media: 2, offsite: 1, tested: 2026-10-01}
  - id: backup
    kind: infrastructure
    recovery:
      strategies:
        - {type: cold-standby, time: 1h}
  - id: redundant
    kind: service
    objectives: {rto: 2h}
    dependsOn: [{anyOf: [fast, slow]}]
  - {id: fast, kind: application, recovery: {strategies: [{type: hot-standby, time: 1h, tested: 2026-10-01}]}}
  - {id: slow, kind: application, recovery: {strategies: [{type: restore, time: 5h, copies: 3, media: 2, offsite: 1, tested: 2026-10-01}]}}
  - id: stuck
    kind: service
    objectives: {rto: 1d}
    dependsOn: [warehouse]
  - {id: warehouse, kind: site}
`

func TestGaps(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(gapModel))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	rep, byID := gapsOn(m)
	// db 3h (fastest strategy), backup 1h, app after both: 3h + 2h = 5h.
	shop := byID["shop"]
	assert.Equal(t, 5*time.Hour, shop.RTC)
	assert.Equal(t, []string{"shop", "app", "db"}, shop.RTCPath)
	assert.Equal(t, time.Hour, shop.RTOGap)
	assert.Equal(t, 24*time.Hour, shop.RPC)
	assert.Equal(t, "db", shop.RPCFrom)
	assert.Equal(t, 23*time.Hour, shop.RPOGap)
	// Redundancy: the faster member decides.
	assert.Equal(t, time.Hour, byID["redundant"].RTC)
	assert.Zero(t, byID["redundant"].RTOGap)
	// A site without a strategy cannot be recovered.
	assert.Equal(t, bcp.Forever, byID["stuck"].RTC)

	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Component+" "+f.Rule)
	}
	assert.Equal(t, []string{
		"backup untested",
		"db 3-2-1",
		"db test-age",
		"shop rpo-gap",
		"shop rto-gap",
		"stuck rto-gap",
	}, got)
	for _, f := range rep.Findings {
		if f.Component == "stuck" {
			assert.Contains(t, f.Message, "warehouse has no recovery strategy")
		}
		if f.Rule == "test-age" {
			assert.True(t, strings.Contains(f.Message, "2024-06-01"), f.Message)
		}
	}
}

// gapsOn runs Gaps as of 2026-11-23 and indexes the capabilities by id.
func gapsOn(m *bcp.Model) (*recovery.GapReport, map[string]recovery.Capability) {
	rep := recovery.Gaps(m, recovery.GapOptions{Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	byID := map[string]recovery.Capability{}
	for _, c := range rep.Components {
		byID[c.ID] = c
	}
	return rep, byID
}

// A strategy's precondition the component does not depend on, such as a
// warm standby, is up in the component's worst case unless it depends on
// what failed; failing it too made every standby "never".
func TestGapsKeepIndependentPreconditionsUp(t *testing.T) {
	const model = `
components:
  - {id: svc, kind: service, objectives: {rto: 4h}, dependsOn: [primary]}
  - id: primary
    kind: infrastructure
    dependsOn: [net]
    recovery: {strategies: [{type: warm-standby, time: 2h, requires: [standby], dataLoss: 15m}]}
  - {id: net, kind: network, recovery: {strategies: [{type: alternate-supplier, time: 3h}]}}
  - {id: standby, kind: infrastructure, dependsOn: [site-b]}
  - {id: site-b, kind: site}
  - {id: shared, kind: service, dependsOn: [primary2]}
  - id: primary2
    kind: infrastructure
    dependsOn: [net]
    recovery: {strategies: [{type: warm-standby, time: 2h, requires: [standby2]}]}
  - {id: standby2, kind: infrastructure, dependsOn: [net]}
  - {id: both, kind: service, dependsOn: [primary3]}
  - id: primary3
    kind: infrastructure
    dependsOn: [standby3]
    recovery: {strategies: [{type: warm-standby, time: 2h, requires: [standby3]}]}
  - {id: standby3, kind: infrastructure}
`
	doc, err := bcp.Parse("m.yaml", []byte(model))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	_, byID := gapsOn(m)
	tests := []struct {
		id      string
		rtc     time.Duration
		path    []string
		rpc     time.Duration
		rpcFrom string
	}{
		// net back at 3h (alternate supplier), the standby up all along
		// (site-b did not fail): 3h + 2h.
		{"primary", 5 * time.Hour, []string{"primary", "net"}, 15 * time.Minute, "primary"},
		{"svc", 5 * time.Hour, []string{"svc", "primary", "net"}, 15 * time.Minute, "primary"},
		// The standby shares the network: down with it, back with it at 3h.
		{"shared", 5 * time.Hour, []string{"shared", "primary2", "net"}, 0, ""},
		// A standby the primary depends on fails with it and has no way
		// back.
		{"both", bcp.Forever, []string{"both", "primary3", "standby3"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			c := byID[tt.id]
			assert.Equal(t, tt.rtc, c.RTC)
			assert.Equal(t, tt.path, c.RTCPath)
			assert.Equal(t, tt.rpc, c.RPC)
			assert.Equal(t, tt.rpcFrom, c.RPCFrom)
		})
	}
}
