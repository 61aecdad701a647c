package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestImportKeep imports the ServiceNow fixture joined with hand-kept
// facts, twice: the model validates, the second run gives the same bytes,
// and the kept facts for a CI the export no longer has are reported.
func TestImportKeep(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "servicenow")
	tmp := t.TempDir()
	var models [2][]byte
	for i := range models {
		out := filepath.Join(tmp, "model.yaml")
		report := filepath.Join(tmp, "unmapped.txt")
		_, errOut, code := runCLI("import", "servicenow", "--ci", filepath.Join(dir, "cmdb_ci.json"), "--rel", filepath.Join(dir, "cmdb_rel_ci.json"),
			"--types", filepath.Join(dir, "cmdb_rel_type.json"), "--keep", filepath.Join(dir, "continuity.yaml"), "-o", out, "--report", report)
		require.Equal(t, 0, code, errOut)
		var err error
		models[i], err = os.ReadFile(out)
		require.NoError(t, err)
		rep, err := os.ReadFile(report)
		require.NoError(t, err)
		require.Contains(t, string(rep), `continuity.yaml:19 (old-batch01): kept facts for "old-batch01", which the import no longer has`)
	}
	require.Equal(t, string(models[0]), string(models[1]))
	golden(t, "import-servicenow-keep.yaml", string(models[0]))
	out, errOut, code := runCLI("validate", filepath.Join(tmp, "model.yaml"))
	require.Equal(t, 0, code, errOut)
	require.Equal(t, "valid: 19 components, 18 dependency edges, 1 scenarios\n", out)
}

// TestImportServiceNowCSVNeedsNoColumns imports the CSV list exports with
// no --column (their headers are ServiceNow's standard labels) and gets
// the model the Table API JSON exports give.
func TestImportServiceNowCSVNeedsNoColumns(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "servicenow")
	body := func(args ...string) string {
		out, errOut, code := runCLI(append([]string{"import", "servicenow"}, args...)...)
		require.Equal(t, 0, code, errOut)
		_, rest, _ := strings.Cut(out, "\n") // the generated-from line names the files
		return rest
	}
	fromCSV := body("--ci", filepath.Join(dir, "cmdb_ci.csv"), "--rel", filepath.Join(dir, "cmdb_rel_ci.csv"))
	fromJSON := body("--ci", filepath.Join(dir, "cmdb_ci.json"), "--rel", filepath.Join(dir, "cmdb_rel_ci.json"), "--types", filepath.Join(dir, "cmdb_rel_type.json"))
	require.Equal(t, fromJSON, fromCSV)
	require.Contains(t, fromCSV, "id: online-banking")
}

func TestImportUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"import", "servicenow"}, "bcp: servicenow needs --ci FILE: a cmdb_ci export\n"},
		{[]string{"import", "servicenow", "--ci", "x.json", "--relation", "Uses::Used by=needs"}, "bcp: --relation \"Uses::Used by=needs\": the role \"needs\" is not dependsOn, members or ignore\n"},
		{[]string{"import", "otel", "missing.prom"}, "bcp: open missing.prom: no such file or directory\n"},
	} {
		_, errOut, code := runCLI(c.args...)
		require.Equal(t, 2, code)
		require.Equal(t, c.want, errOut)
	}
}

// TestImportReportJSON writes the unmapped report as JSON (the schema test
// checks the golden file against schema/output.schema.json).
func TestImportReportJSON(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "pagerduty")
	report := filepath.Join(t.TempDir(), "unmapped.json")
	args := []string{"import", "pagerduty", "--report", report}
	for _, f := range []string{"services.json", "business_services.json", "dependencies-checkout.json", "dependencies-inventory.json"} {
		args = append(args, filepath.Join(dir, f))
	}
	out, errOut, code := runCLI(args...)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "- id: PD1BS01\n")
	data, err := os.ReadFile(report)
	require.NoError(t, err)
	golden(t, "import-pagerduty-report.json", string(data))
}

// TestFindingsFormats renders the findings of check, gaps and bia as SARIF
// and JUnit; each keeps its command's exit code.
func TestFindingsFormats(t *testing.T) {
	model := filepath.Join("..", "..", "report", "testdata", "bank.yaml")
	for _, c := range []struct {
		cmd  string
		code int
	}{{"check", 1}, {"gaps", 1}, {"bia", 0}} {
		out, errOut, code := runCLI(c.cmd, model, "--format", "sarif")
		require.Equal(t, c.code, code, c.cmd+": "+errOut)
		require.Contains(t, out, `"version": "2.1.0"`, c.cmd)
		out, _, code = runCLI(c.cmd, model, "--format", "junit")
		require.Equal(t, c.code, code, c.cmd)
		require.Contains(t, out, `<testsuite name="bcp `+c.cmd+`" tests="19"`, c.cmd)
	}
	_, errOut, code := runCLI("check", model, "--format", "html")
	require.Equal(t, 2, code)
	require.Equal(t, "bcp: --format \"html\": valid are sarif and junit\n", errOut)
}

func TestGraphCLI(t *testing.T) {
	model := filepath.Join("..", "..", "report", "testdata", "bank.yaml")
	out, errOut, code := runCLI("graph", model, "--of", "payments", "--depth", "1", "--format", "dot")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, `"payments" -> "payment-gateway";`)
	require.NotContains(t, out, `"core-banking-db" ->`) // two steps away
	out, errOut, code = runCLI("graph", model, "--scenario", "dc1-loss")
	require.Equal(t, 0, code, errOut)
	require.True(t, strings.HasPrefix(out, "---\ntitle: Acme bank — Frankfurt DC1 lost\n---\nflowchart LR\n"), out)
	for _, c := range []struct{ args, want string }{
		{"--format svg", `bcp: --format "svg": valid are dot and mermaid`},
		{"--depth -1", "bcp: --depth -1: give 0 (no limit) or more"},
		{"--of nope", `bcp: no component "nope" in the model`},
		{"--cluster region", `bcp: cluster by "region": valid are site, owner, kind and none`},
	} {
		_, errOut, code := runCLI(append([]string{"graph", model}, strings.Fields(c.args)...)...)
		require.Equal(t, 2, code, c.args)
		require.Equal(t, c.want+"\n", errOut)
	}
}
