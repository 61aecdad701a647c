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
	assert.Contains(t, out, "restore in 4h:\n  invoicing            down 4h, within RTO")
	assert.Contains(t, out, "order-intake         down 3d, MTPD breached at T+1d")
	assert.Contains(t, out, "40% on phone and e-mail orders from T+30m")
}
