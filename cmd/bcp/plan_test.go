package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGoldenPlan(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex, func(t *testing.T) {
			out, errOut, code := runCLI("plan", "--now", "2026-11-27", "--start", "2026-11-27T09:00", model(ex))
			require.Equal(t, 0, code, errOut)
			golden(t, ex+"-plan.md", out)
		})
	}
}

// remote finds anything the page would fetch: src/href to another host,
// CSS url() or @import.
var remote = regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//|url\(|@import`)

func TestPlanHTMLIsSelfContained(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "plan.html")
			_, errOut, code := runCLI("plan", "--now", "2026-11-27", "-o", path, model(ex))
			require.Equal(t, 0, code, errOut)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			page := string(data)
			assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"), "-o FILE.html writes HTML")
			assert.NotContains(t, strings.ToLower(page), "<script")
			assert.Empty(t, remote.FindAllString(page, -1), "nothing is fetched when the page opens")
			assert.Contains(t, page, "@media print")
			assert.Contains(t, page, `class="gantt"`, "a recovery Gantt chart per scenario with steps")
			assert.Contains(t, page, "Impact by outage duration", "the BIA heat map")
		})
	}
}

func TestPlanJSON(t *testing.T) {
	out, errOut, code := runCLI("plan", "--now", "2026-11-27", "--json", model("crisis-alerting"))
	require.Equal(t, 0, code, errOut)
	require.True(t, json.Valid([]byte(out)), out)
	golden(t, "crisis-alerting-plan.json", out)
}

func TestPlanExitsOneOnErrorFindings(t *testing.T) {
	// Cy is in both teams, and both teams restore something at T+0.
	path := filepath.Join(t.TempDir(), "m.yaml")
	require.NoError(t, os.WriteFile(path, []byte(`components:
  - {id: svc, kind: service, tier: 1, dependsOn: [db, app]}
  - {id: db, kind: data, recovery: {team: dba, strategies: [{type: restore, time: 4h}]}}
  - {id: app, kind: application, recovery: {team: ops, strategies: [{type: rebuild, time: 2h}]}}
scenarios: [{id: both, disrupt: [db, app]}]
people: [{id: ann}, {id: cy, name: Cy}]
teams: [{id: dba, members: [ann, cy]}, {id: ops, members: [cy]}]
`), 0o644))
	out, _, code := runCLI("plan", "--now", "2026-11-27", path)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "| error | people.double-booked | scenario both: Cy is needed by team ops for app")
}

func TestPlanFlags(t *testing.T) {
	m := model("contact-centre")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--markdown", "--html"}, "at most one of --markdown and --html"},
		{[]string{"--json", "--html"}, "give at most one of --json and --markdown or --html"},
		{[]string{"--start", "tomorrow"}, `--start must be a date and time such as 2026-11-27T09:00 (local to the plan) or 2026-11-27T09:00+01:00, not "tomorrow"`},
		{[]string{"--now", "27/11/2026"}, "--now must be a date such as 2026-11-27"},
		{[]string{"--per-call", "5"}, "--per-call"},
		{[]string{"--fanout", "-1"}, "--fanout must be 1 or more"},
		// 0, or less, was silently the default (3 callees, bcp risk's years, 5m).
		{[]string{"--fanout", "0"}, "--fanout must be 1 or more, not 0"},
		{[]string{"--years", "-1"}, "--years must be 1 or more, not -1"},
		{[]string{"--years", "0"}, "--years must be 1 or more, not 0"},
		{[]string{"--per-call", "0s"}, "--per-call must be longer than 0 (leave it out for 5m)"},
		{[]string{"--per-call", "0"}, "--per-call must be longer than 0"},
		{[]string{"--call-tree-root", "nobody"}, `call tree root "nobody" is not declared`},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			_, errOut, code := runCLI(append(append([]string{"plan"}, c.args...), m)...)
			assert.Equal(t, 2, code)
			assert.Contains(t, errOut, c.want)
		})
	}
}
