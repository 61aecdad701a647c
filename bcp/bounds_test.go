package bcp_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/continuitykit/continuity/bcp"
)

// problemsOf parses and compiles src and returns the problems.
func problemsOf(t *testing.T, name, src string) bcp.Problems {
	t.Helper()
	doc, err := bcp.Parse(name, []byte(src))
	if err == nil {
		_, err = bcp.Compile(doc)
	}
	var ps bcp.Problems
	require.ErrorAs(t, err, &ps)
	return ps
}

func TestAliasBombUnderAttributes(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 1\nx-0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		p := fmt.Sprintf("*a%d", i-1)
		fmt.Fprintf(&b, "x-%d: &a%d [%s]\n", i, i, strings.Repeat(p+", ", 9)+p)
	}
	b.WriteString("components:\n  - id: s\n    kind: service\n    attributes: {bomb: *a8}\n")
	ps := problemsOf(t, "bomb.yaml", b.String())
	require.Len(t, ps, 1)
	assert.Contains(t, ps[0].Error(), "document too large: more than 1000000 nodes after expanding aliases and merge keys")
}

func TestMergeKeyBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 1\nx-0: &m0 {k0: 1}\n")
	for i := 1; i < 14; i++ {
		p := fmt.Sprintf("*m%d", i-1)
		fmt.Fprintf(&b, "x-%d: &m%d {<<: [%s], k%d: 1}\n", i, i, strings.Repeat(p+", ", 9)+p, i)
	}
	b.WriteString("components:\n  - id: s\n    kind: service\n    attributes: {<<: *m13}\n")
	ps := problemsOf(t, "merge.yaml", b.String())
	require.Len(t, ps, 1)
	assert.Contains(t, ps[0].Error(), "document too large")
}

// TestDeepFlowSyntaxError: 200,000 unclosed [ used to take gigabytes in the
// parser that only locates the error; now yaml.v3's position is reported.
func TestDeepFlowSyntaxError(t *testing.T) {
	src := "version: 1\ncomponents:\n  - id: s\n    attributes: {deep: " + strings.Repeat("[", 200_000) + "\n"
	ps := problemsOf(t, "deep.yaml", src)
	require.Len(t, ps, 1)
	assert.Contains(t, ps[0].Error(), "YAML syntax")
	assert.Equal(t, 4, ps[0].Pos.Line)
}

func TestProblemListCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 1\ncomponents:\n")
	for i := 0; i < 3*bcp.MaxProblems; i++ {
		b.WriteString("  - {id: a, kind: service}\n")
	}
	ps := problemsOf(t, "dups.yaml", b.String())
	require.Len(t, ps, bcp.MaxProblems+1)
	assert.Equal(t, "dups.yaml:4:10: duplicate id \"a\": already defined at dups.yaml:3:10", ps[0].Error())
	assert.Equal(t, fmt.Sprintf("and %d more problems (only the first %d are listed; fix these and run again)", 3*bcp.MaxProblems-1-bcp.MaxProblems, bcp.MaxProblems), ps[bcp.MaxProblems].Message)
}
