package faulttree_test

import (
	"context"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/stretchr/testify/require"
)

// The fault-tree analyses stop with the context's error once it has
// ended: SPOF while it builds and walks the kill sets, availability and
// cut sets while they build their decision diagrams.
func TestContextCancelled(t *testing.T) {
	m, err := bcp.Compile(bcpgen.Generate(bcpgen.Config{Components: 3000, Seed: 4}))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = faulttree.SinglePointsOfFailureContext(ctx, m, faulttree.SPOFOptions{})
	require.ErrorIs(t, err, context.Canceled)
	_, err = faulttree.AvailabilityContext(ctx, m, faulttree.AvailabilityOptions{})
	require.ErrorIs(t, err, context.Canceled)
	// The service with the largest cone, for a diagram of many steps.
	rep, err := faulttree.Availability(m, faulttree.AvailabilityOptions{})
	require.NoError(t, err)
	widest := rep.Services[0]
	for _, s := range rep.Services {
		if s.Nodes > widest.Nodes {
			widest = s
		}
	}
	_, err = faulttree.CutSetsContext(ctx, m, widest.ID, faulttree.CutSetOptions{Order: 3})
	require.ErrorIs(t, err, context.Canceled, "cut sets of %s (%d nodes)", widest.ID, widest.Nodes)
	// With a live context they answer as without one.
	want, err := faulttree.CutSets(m, widest.ID, faulttree.CutSetOptions{Order: 2})
	require.NoError(t, err)
	got, err := faulttree.CutSetsContext(context.Background(), m, widest.ID, faulttree.CutSetOptions{Order: 2})
	require.NoError(t, err)
	require.Equal(t, want, got)
}
