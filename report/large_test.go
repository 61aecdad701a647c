package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/report"
	"github.com/stretchr/testify/require"
)

// TestTwoHundredNodes draws a generated organisation of 200 components:
// owners cluster it, and Mermaid stays within what GitHub renders or says
// why not.
func TestTwoHundredNodes(t *testing.T) {
	doc := bcpgen.Generate(bcpgen.Config{Components: 200, Seed: 1})
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	var dot, mmd bytes.Buffer
	require.NoError(t, report.DOT(&dot, m, report.GraphOptions{}))
	require.Equal(t, 200, strings.Count(dot.String(), "[label="))
	err = report.Mermaid(&mmd, m, report.GraphOptions{})
	var limit *report.MermaidLimitError
	require.ErrorAs(t, err, &limit)
	groups := 0
	for _, c := range doc.Components {
		for _, d := range c.DependsOn {
			if d.Kind != bcp.Requires {
				groups++
			}
		}
	}
	// Every requirement and group member, plus one arrow into each group.
	require.Equal(t, m.Edges()+groups, limit.Edges)
	require.Zero(t, mmd.Len())

	// A sparser, CMDB-like density (1.5 requirements per component) without the
	// arrows that longer paths imply fits, boxed by kind (Mermaid's layout
	// fails on these 50 small owner boxes: mermaid-js/mermaid#4644).
	m, err = bcp.Compile(bcpgen.Generate(bcpgen.Config{Components: 200, Seed: 1, Degree: 1.5}))
	require.NoError(t, err)
	require.NoError(t, report.Mermaid(&mmd, m, report.GraphOptions{Reduce: true, ClusterBy: "kind"}))
	require.Equal(t, 8, strings.Count(mmd.String(), "subgraph ")) // the eight built-in kinds
	golden(t, "generated-200.mmd", mmd.Bytes())
	require.Less(t, strings.Count(mmd.String(), "-->")+strings.Count(mmd.String(), "-.->")+strings.Count(mmd.String(), "-. tolerates .->"), report.MermaidMaxEdges+1)
}
