package poll_test

import (
	"context"
	"testing"

	"github.com/continuitykit/continuity/internal/poll"
	"github.com/stretchr/testify/require"
)

func TestPoll(t *testing.T) {
	require.Nil(t, poll.New(context.Background()), "a context that cannot end needs no poll")
	var none *poll.Poll
	require.NoError(t, none.Tick())
	require.NoError(t, none.Err())

	ctx, cancel := context.WithCancel(context.Background())
	p := poll.New(ctx)
	for k := 0; k < 5000; k++ {
		require.NoError(t, p.Tick())
	}
	cancel()
	require.ErrorIs(t, p.Err(), context.Canceled)
	ticks := 0
	for p.Tick() == nil {
		ticks++
	}
	require.Less(t, ticks, 1024, "a cancelled context is noticed within 1,024 ticks")
}
