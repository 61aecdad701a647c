package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// bcp import with no source or a misspelt one is a usage error (it printed
// the help and exited 0, so a script's typo passed for a success).
func TestImportUnknownSource(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"import"}, "import needs a source: backstage, otel, pagerduty, servicenow"},
		{[]string{"import", "bogus", "x.json"}, `unknown import source "bogus"; valid: backstage, otel, pagerduty, servicenow`},
		{[]string{"import", "servicenw"}, `unknown import source "servicenw" (did you mean "servicenow"?)`},
	} {
		out, errOut, code := runCLI(tc.args...)
		assert.Equal(t, exitUsage, code, tc.args)
		assert.Empty(t, out, tc.args)
		assert.Contains(t, errOut, tc.want, tc.args)
	}
}
