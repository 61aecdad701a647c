package recovery_test

import (
	"context"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/recovery"
	"github.com/stretchr/testify/require"
)

// endsAfter is a context that ends at its after-th look (Err call), so
// that a test can end it at each checkpoint of an analysis in turn.
type endsAfter struct {
	context.Context
	after, looks int
}

func (c *endsAfter) Done() <-chan struct{} { return make(chan struct{}) }

func (c *endsAfter) Err() error {
	c.looks++
	if c.looks > c.after {
		return context.Canceled
	}
	return nil
}

// A plan whose context ends stops with the context's error wherever it
// ends, in the simulations or in the planner (a scenario with thousands
// of steps), and leaves nothing behind that changes the next answer.
func TestTimelineContextCancelled(t *testing.T) {
	doc := bcpgen.Generate(bcpgen.Config{Components: 3000, Seed: 2})
	bcpgen.AddOperations(doc, 10)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	sc := bcp.Scenario{ID: "all", Disrupt: []bcp.Disruption{{Select: "kind != 'service'", At: time.Hour}}}
	want, err := recovery.Timeline(m, sc, recovery.Options{})
	require.NoError(t, err)
	count := &endsAfter{Context: context.Background(), after: 1 << 30}
	got, err := recovery.TimelineContext(count, m, sc, recovery.Options{})
	require.NoError(t, err)
	require.Equal(t, want, got)
	looks := count.looks
	require.Greater(t, looks, 6, "checkpoints in the simulations and the planner")
	for after := 0; after < looks; after++ {
		_, err := recovery.TimelineContext(&endsAfter{Context: context.Background(), after: after}, m, sc, recovery.Options{})
		require.ErrorIs(t, err, context.Canceled, "ended at look %d of %d", after+1, looks)
	}
	_, err = recovery.ScheduleContext(&endsAfter{Context: context.Background()}, m, sc, recovery.Options{})
	require.ErrorIs(t, err, context.Canceled)
	again, err := recovery.Timeline(m, sc, recovery.Options{})
	require.NoError(t, err)
	require.Equal(t, want, again)
}
