package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// The Mermaid title is front-matter YAML: whatever the model's name, it
// parses back as the name (colons read as " -", as before), never cut at a
// " #" comment or refused for a leading indicator.
func TestMermaidTitleParsesAsTheName(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Acme contact centre", "Acme contact centre"},
		{"Acme: #1 contact centre", "Acme - #1 contact centre"},
		{"- dash first", "- dash first"},
		{"*star* & 'quotes' \"double\"", "*star* & 'quotes' \"double\""},
		{"[draft] model", "[draft] model"},
		{"back\\slash #tag", "back\\slash #tag"},
	} {
		doc, err := bcp.Parse("m.yaml", []byte("name: "+strconvYAML(tc.name)+"\ncomponents: [{id: a, kind: service}]\n"))
		require.NoError(t, err, tc.name)
		m, err := bcp.Compile(doc)
		require.NoError(t, err)
		var out bytes.Buffer
		require.NoError(t, report.Mermaid(&out, m, report.GraphOptions{}))
		front, _, ok := strings.Cut(strings.TrimPrefix(out.String(), "---\n"), "\n---\n")
		require.True(t, ok, out.String())
		var v struct{ Title string }
		require.NoError(t, yaml.Unmarshal([]byte(front), &v), front)
		assert.Equal(t, tc.want, v.Title, front)
	}
}

// strconvYAML writes s as a YAML single-quoted scalar.
func strconvYAML(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
