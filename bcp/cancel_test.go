package bcp_test

import (
	"context"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/stretchr/testify/require"
)

// A simulation whose context has ended stops at its next checkpoint with
// the context's error; with a live context it answers as Simulate does.
func TestSimulateContextCancelled(t *testing.T) {
	m, err := bcp.Compile(bcpgen.Generate(bcpgen.Config{Components: 3000, Seed: 1}))
	require.NoError(t, err)
	sc := bcp.Scenario{ID: "all", Disrupt: []bcp.Disruption{{Select: "true"}}}
	ctx, cancel := context.WithCancel(context.Background())
	want, err := m.Simulate(sc, bcp.SimulateOptions{})
	require.NoError(t, err)
	got, err := m.SimulateContext(ctx, sc, bcp.SimulateOptions{})
	require.NoError(t, err)
	require.Equal(t, want, got)
	cancel()
	_, err = m.SimulateContext(ctx, sc, bcp.SimulateOptions{})
	require.ErrorIs(t, err, context.Canceled)
	// The pooled arrays were emptied: the next answer is the same.
	again, err := m.Simulate(sc, bcp.SimulateOptions{})
	require.NoError(t, err)
	require.Equal(t, want, again)
}
