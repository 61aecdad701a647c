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
	assert.Contains(t, out, "single points of failure: [push-gateway]")
	assert.Contains(t, out, "single points of failure: [push-gateway sms-primary]")
	assert.Equal(t, 2, strings.Count(out, "met: false"), out)
}
