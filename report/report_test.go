package report_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/report"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./report -update to create the golden files")
	require.Equal(t, string(want), string(got))
}

func bank(t *testing.T) *bcp.Model {
	t.Helper()
	m, err := bcp.Load([]string{filepath.Join("testdata", "bank.yaml")})
	require.NoError(t, err)
	return m
}

var graphs = []struct {
	name string
	opts report.GraphOptions
}{
	{"all", report.GraphOptions{}},
	{"payments-depth-2", report.GraphOptions{Of: "payments", Depth: 2}},
	{"online-banking-dc1-loss", report.GraphOptions{Of: "online-banking", Scenario: "dc1-loss", ClusterBy: "owner"}},
}

func graphNames() []string {
	var names []string
	for _, g := range graphs {
		names = append(names, g.name)
	}
	return names
}

func TestGraphs(t *testing.T) {
	m := bank(t)
	for _, g := range graphs {
		t.Run(g.name, func(t *testing.T) {
			var dot, mmd bytes.Buffer
			require.NoError(t, report.DOT(&dot, m, g.opts))
			require.NoError(t, report.Mermaid(&mmd, m, g.opts))
			golden(t, g.name+".dot", dot.Bytes())
			golden(t, g.name+".mmd", mmd.Bytes())
		})
	}
}

func TestGraphErrors(t *testing.T) {
	m := bank(t)
	var buf bytes.Buffer
	require.EqualError(t, report.DOT(&buf, m, report.GraphOptions{Of: "nope"}), `no component "nope" in the model`)
	require.Error(t, report.Mermaid(&buf, m, report.GraphOptions{Scenario: "nope"}))
}

// TestMermaidRenders renders every Mermaid golden file with the mermaid
// CLI when it is installed (npm @mermaid-js/mermaid-cli with a Chromium;
// MMDC names the binary if it is not on PATH).
func TestMermaidRenders(t *testing.T) {
	if testing.Short() {
		t.Skip("rendering Mermaid starts a browser; skipped with -short")
	}
	mmdc := os.Getenv("MMDC")
	if mmdc == "" {
		var err error
		if mmdc, err = exec.LookPath("mmdc"); err != nil {
			t.Skip("the mermaid CLI (mmdc, npm @mermaid-js/mermaid-cli) is not installed; set MMDC to its path to check that the diagrams render")
		}
	}
	for _, name := range append(graphNames(), "generated-200") {
		out := filepath.Join(t.TempDir(), name+".svg")
		args := []string{"-q", "-i", filepath.Join("testdata", "golden", name+".mmd"), "-o", out}
		if cfg := os.Getenv("MMDC_PUPPETEER_CONFIG"); cfg != "" {
			args = append(args, "-p", cfg)
		}
		msg, err := exec.Command(mmdc, args...).CombinedOutput()
		require.NoError(t, err, "%s: %s", name, msg)
		require.NotContains(t, string(msg), "Error", name) // mmdc may print a layout failure and still exit 0
		svg, err := os.ReadFile(out)
		require.NoError(t, err)
		require.Contains(t, string(svg), "<svg")
		require.NotContains(t, string(svg), "Syntax error", name)
	}
}

// TestDOTRenders lays out every DOT golden file with Graphviz when it is
// installed (Debian package graphviz).
func TestDOTRenders(t *testing.T) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("Graphviz (dot) is not installed; skipping the layout check of the DOT output")
	}
	for _, g := range graphs {
		msg, err := exec.Command(dot, "-Tsvg", "-o", os.DevNull, filepath.Join("testdata", "golden", g.name+".dot")).CombinedOutput()
		require.NoError(t, err, "%s: %s", g.name, msg)
		require.Empty(t, string(msg), g.name) // no warnings either
	}
}

func TestSARIFValidatesAgainstTheSchema(t *testing.T) {
	m := bank(t)
	var buf bytes.Buffer
	require.NoError(t, report.SARIF(&buf, m, m.Check(), report.SARIFOptions{ToolVersion: "test"}))
	golden(t, "bank.sarif", buf.Bytes())

	schema, err := os.ReadFile(filepath.Join("testdata", "sarif-2.1.0-rtm.5.json"))
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource("sarif.json", doc))
	s, err := c.Compile("sarif.json")
	require.NoError(t, err)
	v, err := jsonschema.UnmarshalJSON(&buf)
	require.NoError(t, err)
	require.NoError(t, s.Validate(v))

	// The schema catches what the renderer must never write.
	var bad any
	bad, err = jsonschema.UnmarshalJSON(strings.NewReader(`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "bcp"}}, "results": [{"level": "fatal", "message": {"text": "x"}}]}]}`))
	require.NoError(t, err)
	require.Error(t, s.Validate(bad))
}

func TestJUnit(t *testing.T) {
	m := bank(t)
	var buf bytes.Buffer
	require.NoError(t, report.JUnit(&buf, m, "check", m.Check()))
	golden(t, "bank.junit.xml", buf.Bytes())
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &suites))
	require.Equal(t, 19, suites.Tests)   // every component
	require.Equal(t, 1, suites.Failures) // customer-portal has no RTO; the warnings do not fail
}

// A finding on a scenario or rule (a selector that matches nothing) gets a
// test case of its own instead of being dropped.
func TestJUnitKeepsFindingsOffComponents(t *testing.T) {
	m := bank(t)
	fs := []bcp.Finding{{Rule: bcp.RuleSelectsNothing, Severity: bcp.SeverityWarning, Component: "dc2-loss",
		Message: "select matches no component", Pos: bcp.Position{File: "bank.yaml", Line: 7, Col: 3}}}
	var buf bytes.Buffer
	require.NoError(t, report.JUnit(&buf, m, "check", fs))
	assert.Contains(t, buf.String(), `<testcase classname="bcp.check" name="dc2-loss" file="bank.yaml" line="7">`)
	assert.Contains(t, buf.String(), `bank.yaml:7:3: warning [selector.matches-nothing] select matches no component`)
	assert.Contains(t, buf.String(), `tests="20"`)
}
