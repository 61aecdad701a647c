package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
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
