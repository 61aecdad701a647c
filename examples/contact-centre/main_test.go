package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var b strings.Builder
	require.NoError(t, run(&b, "model.yaml"))
	out := b.String()
	assert.Contains(t, out, "customer-service (RTO 4h, breached at T+4h)")
	assert.Contains(t, out, " 20% of teams off")
	assert.Contains(t, out, "40% of teams off (agent-team-2, agent-team-3): customer service stops (cause: agents)")
	assert.Contains(t, out, "isp-a + isp-b")
}
