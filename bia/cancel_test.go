package bia_test

import (
	"context"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/bia"
	"github.com/stretchr/testify/require"
)

// The BIA stops with the context's error once it has ended, and answers
// as Analyze does while it has not.
func TestAnalyzeContextCancelled(t *testing.T) {
	m, err := bcp.Compile(bcpgen.Generate(bcpgen.Config{Components: 3000, Seed: 5, BIA: true}))
	require.NoError(t, err)
	want, err := bia.Analyze(m, bia.Options{})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	got, err := bia.AnalyzeContext(ctx, m, bia.Options{})
	require.NoError(t, err)
	require.Equal(t, want, got)
	cancel()
	_, err = bia.AnalyzeContext(ctx, m, bia.Options{})
	require.ErrorIs(t, err, context.Canceled)
}
