package recovery_test

import (
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/recovery"
	"github.com/stretchr/testify/require"
)

// TestBacklogs: service s needs application a, which a ransomware attack
// takes down until restored (4h by ops). Its paper fallback works from
// 30m after s goes down; keying in an hour of paper takes 15m.
func TestBacklogs(t *testing.T) {
	model := func(maxDuration time.Duration, strategies ...bcp.Strategy) *bcp.Model {
		doc := &bcp.Document{
			Teams: []bcp.Team{{ID: "ops", Capacity: 1}},
			Components: []bcp.Component{
				{ID: "a", Kind: "application", Recovery: &bcp.Recovery{Team: "ops", Strategies: strategies}},
				{ID: "s", Kind: "service", Objectives: bcp.Objectives{RTO: 8 * time.Hour}, DependsOn: []bcp.Dependency{{Kind: bcp.Requires, ID: "a"}},
					Fallbacks: []bcp.Fallback{{Name: "paper", Capacity: 0.5, Activation: 30 * time.Minute, MaxDuration: maxDuration, BacklogPerHour: 15 * time.Minute}}},
			},
			Scenarios: []bcp.Scenario{{ID: "x", Disrupt: []bcp.Disruption{{ID: "a", At: time.Hour}}}},
		}
		m, err := bcp.Compile(doc)
		require.NoError(t, err)
		return m
	}
	restore := bcp.Strategy{Type: "restore", Time: 4 * time.Hour}
	tests := []struct {
		name string
		m    *bcp.Model
		want []recovery.Backlog
	}{
		// Down 1h-5h; paper from 1h30m to 5h: 3h30m, so 52m30s to key in.
		{"until restored", model(0, restore), []recovery.Backlog{{ID: "s", Fallbacks: []string{"paper"}, Used: 3*time.Hour + 30*time.Minute,
			Work: 52*time.Minute + 30*time.Second, From: 5 * time.Hour, Until: 5*time.Hour + 52*time.Minute + 30*time.Second}}},
		// Paper can be kept up for 2h only: 30m to key in.
		{"max duration", model(2*time.Hour, restore), []recovery.Backlog{{ID: "s", Fallbacks: []string{"paper"}, Used: 2 * time.Hour,
			Work: 30 * time.Minute, From: 5 * time.Hour, Until: 5*time.Hour + 30*time.Minute}}},
		// Never restored: paper forever, never caught up.
		{"never restored", model(0), []recovery.Backlog{{ID: "s", Fallbacks: []string{"paper"}, Used: bcp.Forever,
			Work: bcp.Forever, From: bcp.Forever, Until: bcp.Forever}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := scheduleID(tc.m, "x", recovery.Options{})
			require.NoError(t, err)
			require.Equal(t, tc.want, p.Backlogs)
		})
	}
}
