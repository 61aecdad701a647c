package recovery_test

import (
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/recovery"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Two database nodes, each of which can resync from the other (45m) and
// one of which can also be restored from the vault (2h).
const choiceModel = `
teams: [{id: dba, capacity: 2}]
components:
  - id: app
    kind: service
    objectives: {rto: 1h}
    dependsOn: [{anyOf: [db1, db2]}]
  - id: db1
    kind: data
    recovery:
      team: dba
      strategies:
        - {type: replication, name: resync, time: 45m, requires: [db2]}
        - {type: restore, name: vault, time: 2h, requires: [vault]}
  - id: db2
    kind: data
    recovery:
      team: dba
      strategies:
        - {type: replication, name: resync, time: 45m, requires: [db1]}
  - id: vault
    kind: data
    recovery:
      team: dba
      strategies:
        - {type: replication, name: second region, time: 4h}
scenarios:
  - {id: one-node, disrupt: [{id: db1}]}
  - {id: both-nodes, disrupt: [{id: db1}, {id: db2}]}
  - {id: both-nodes-and-vault, disrupt: [{id: db1}, {id: db2}, {id: vault, at: 30m}]}
  - {id: node-and-vault, disrupt: [{id: db1}, {id: vault}]}
`

func TestStrategyChoice(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(choiceModel))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	type step struct {
		strategy      string
		start, finish time.Duration
	}
	h := time.Hour
	tests := []struct {
		scenario string
		want     map[string]step
	}{
		// db2 is up: the fastest way, a resync.
		{"one-node", map[string]step{"db1": {"resync", 0, 45 * time.Minute}}},
		// Both lost: a resync from a lost node never finishes; db1 comes
		// back from the vault, then db2 resyncs from it.
		{"both-nodes", map[string]step{"db1": {"vault", 0, 2 * h}, "db2": {"resync", 2 * h, 2*h + 45*time.Minute}}},
		// The vault too, from 30m: restore it first (4h30m), then db1.
		{"both-nodes-and-vault", map[string]step{"vault": {"second region", 30 * time.Minute, 4*h + 30*time.Minute},
			"db1": {"vault", 4*h + 30*time.Minute, 6*h + 30*time.Minute}, "db2": {"resync", 6*h + 30*time.Minute, 7*h + 15*time.Minute}}},
		// db2 is up, so the resync still wins although the vault is down.
		{"node-and-vault", map[string]step{"db1": {"resync", 0, 45 * time.Minute}, "vault": {"second region", 0, 4 * h}}},
	}
	for _, tc := range tests {
		t.Run(tc.scenario, func(t *testing.T) {
			for _, limit := range []int{0, -1} { // exhaustive, then the heuristic
				p, err := scheduleID(m, tc.scenario, recovery.Options{ExhaustiveUpTo: limit})
				require.NoError(t, err)
				require.Empty(t, p.Unrecoverable)
				got := map[string]step{}
				for _, s := range p.Steps {
					got[s.ID] = step{s.Strategy, s.Start, s.Finish}
				}
				require.Equal(t, tc.want, got, "limit %d", limit)
			}
		})
	}
}

func TestGapsChooseStrategiesAndNameCycles(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(choiceModel))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	rep, byID := gapsOn(m)
	// Each component's worst case: it and what it depends on fail, not the
	// vault or the other node it recovers from. db1 resyncs from db2 (up),
	// and so does db2; app loses both nodes: db1 from the vault (up) in 2h,
	// db2 resyncs from it by 2h45m; app needs either node: 2h.
	assert.Equal(t, "resync", byID["db1"].Strategy)
	assert.Equal(t, 45*time.Minute, byID["db1"].RTC)
	assert.Equal(t, 45*time.Minute, byID["db2"].RTC)
	assert.Equal(t, 2*time.Hour, byID["app"].RTC)
	assert.Equal(t, []string{"app", "db1"}, byID["app"].RTCPath)

	// A workaround for app from 1h, for at most 30m: 30m with nothing.
	doc.Components[0].Fallbacks = []bcp.Fallback{{Name: "manual", Capacity: 0.5, Activation: time.Hour, MaxDuration: 30 * time.Minute}}
	m, err = bcp.Compile(doc)
	require.NoError(t, err)
	rep = recovery.Gaps(m, recovery.GapOptions{Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	var runsOut []string
	for _, f := range rep.Findings {
		if f.Rule == "fallback-runs-out" {
			runsOut = append(runsOut, f.Component+": "+f.Message)
		}
	}
	assert.Equal(t, []string{`app: "manual" lasts 30m from 1h after the outage starts; in the worst case 30m without it before recovery at 2h`}, runsOut)

	// Without the vault strategy the nodes wait for each other: named.
	doc.Components[1].Recovery.Strategies = doc.Components[1].Recovery.Strategies[:1]
	m, err = bcp.Compile(doc)
	require.NoError(t, err)
	rep = recovery.Gaps(m, recovery.GapOptions{Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	var msgs []string
	for _, f := range rep.Findings {
		if f.Component == "app" && f.Rule == "rto-gap" {
			msgs = append(msgs, f.Message)
		}
	}
	assert.Equal(t, []string{"app cannot be recovered: recovery preconditions wait for each other around db1 (via app → db1 → db2 → db1)"}, msgs)
}
