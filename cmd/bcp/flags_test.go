package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A repeated id is refused alike by every verb that takes ids, and graph's
// one-valued flags are refused when repeated or meaningless, instead of an
// answer listing one thing twice or a flag silently ignored.
func TestRepeatedAndOrphanFlagsAreRefused(t *testing.T) {
	m := model("contact-centre")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"impact", m, "--scenario", "both-isps", "--scenario", "both-isps"}, "--scenario both-isps is given twice; name each once"},
		{[]string{"recover", m, "--scenario", "both-isps", "--scenario", "both-isps"}, "--scenario both-isps is given twice"},
		{[]string{"gaps", m, "--scenario", "both-isps", "--scenario", "both-isps"}, "--scenario both-isps is given twice"},
		{[]string{"bia", m, "--scenario", "both-isps", "--scenario", "both-isps"}, "--scenario both-isps is given twice"},
		{[]string{"spof", m, "--of", "telephony", "--of", "telephony"}, "--of telephony is given twice"},
		{[]string{"cutsets", m, "--of", "telephony", "--of", "telephony"}, "--of telephony is given twice"},
		{[]string{"availability", m, "--of", "telephony", "--of", "telephony"}, "--of telephony is given twice"},
		{[]string{"graph", m, "--of", "telephony", "--of", "pbx-server"}, `--of is given 2 times (["telephony" "pbx-server"]); graph takes one`},
		{[]string{"graph", m, "--scenario", "site-loss", "--scenario", "both-isps"}, "--scenario is given 2 times"},
		{[]string{"graph", m, "--depth", "2"}, "--depth 2 needs --of ID"},
		{[]string{"graph", m, "--depth", "0"}, "--depth 0 needs --of ID"},
		{[]string{"impact"}, "bcp: impact needs one or more files: bcp impact FILE... [--scenario ID]... [--no-recovery] [flags]\n"},
		{[]string{"import", "otel"}, "bcp: otel needs one or more files: bcp import otel FILE... [-o model.yaml] [flags]\n"},
	} {
		t.Run(tc.args[0], func(t *testing.T) {
			out, errOut, code := runCLI(tc.args...)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, out)
			assert.Contains(t, errOut, tc.want)
		})
	}
	// Different ids are still fine.
	_, errOut, code := runCLI("spof", m, "--of", "telephony", "--of", "pbx-server", "--json")
	assert.Equal(t, exitOK, code, errOut)
}

// An Open-PSA fault tree has no services: spof and availability without
// --of answer for its top event, here by hand: top = valve OR (pump-a AND
// pump-b AND 2 of p1..p3), so P(top down) = 1 - 0.999 · (1 - 0.05² ·
// (3 · 0.1² · 0.9 + 0.1³)) = 1 - 0.999 · 0.99993.
func TestFaultTreeWithoutOfAnswersForItsTop(t *testing.T) {
	tree := filepath.Join("..", "..", "testdata", "mef", "pumps.xml")
	out, errOut, code := runCLI("availability", tree, "--json")
	require.Equal(t, exitOK, code, errOut)
	var av struct {
		Services []struct {
			ID           string  `json:"id"`
			Availability float64 `json:"availability"`
		} `json:"services"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &av))
	require.Len(t, av.Services, 1)
	assert.Equal(t, "top", av.Services[0].ID)
	assert.InDelta(t, 0.999*0.99993, av.Services[0].Availability, 1e-15)

	_, errOut, code = runCLI("cutsets", tree)
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "bcp: cutsets needs --of ID: the component to analyse (repeatable), e.g. a top component: top\n", errOut)

	out, errOut, code = runCLI("spof", tree)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "top: 1 single point(s) of failure\n  valve")
}
