package bcp_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

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

func TestSaturatingArithmetic(t *testing.T) {
	const f = bcp.Forever
	w := 7 * 24 * time.Hour
	for _, c := range []struct {
		name      string
		got, want time.Duration
	}{
		{"add", bcp.SatAdd(time.Hour, time.Minute), time.Hour + time.Minute},
		{"add near the limit", bcp.SatAdd(15250*w, 15250*w), f},
		{"add forever", bcp.SatAdd(f, time.Hour), f},
		{"add to the limit", bcp.SatAdd(f-1, 1), f},
		{"add negative", bcp.SatAdd(time.Hour, -2*time.Hour), 0},
		{"sum", bcp.SatSum(time.Hour, 15250*w, 15250*w, time.Hour), f},
		{"sub", bcp.SatSub(2*time.Hour, time.Hour), time.Hour},
		{"sub below zero", bcp.SatSub(time.Hour, 2*time.Hour), 0},
		{"sub from forever", bcp.SatSub(f, 15250*w), f},
		{"sub forever from forever", bcp.SatSub(f, f), 0},
		{"scale", bcp.SatScale(time.Hour, 1.5), 90 * time.Minute},
		{"scale beyond", bcp.SatScale(15250*w, 2), f},
		{"scale NaN", bcp.SatScale(time.Hour, math.NaN()), 0},
		{"scale negative", bcp.SatScale(time.Hour, -1), 0},
		{"mul", bcp.SatMul(time.Hour, 24), 24 * time.Hour},
		{"mul beyond", bcp.SatMul(time.Hour, 2562048), f},
		{"mul to the edge", bcp.SatMul(time.Hour, 2562047), 2562047 * time.Hour},
	} {
		assert.Equal(t, c.want, c.got, c.name)
	}
}

// TestDurationHelpersOutOfRange: hours(5124096) used to wrap around to
// 25m26s; every branch of the helpers now reports out of range.
func TestDurationHelpersOutOfRange(t *testing.T) {
	for _, expr := range []string{`hours(5124096) > duration("1h")`, `hours(2562048.0) > duration("1h")`, `weeks(15251) > duration("1h")`, `seconds(-9223372037) < duration("1h")`} {
		t.Run(expr, func(t *testing.T) {
			doc, err := bcp.Parse("m.yaml", []byte("version: 1\ncomponents:\n  - {id: a, kind: service}\nrules:\n  - name: r\n    check: '"+expr+"'\n"))
			require.NoError(t, err)
			m, err := bcp.Compile(doc)
			require.NoError(t, err)
			fs := m.Check()
			require.Len(t, fs, 1)
			assert.Contains(t, fs[0].Message, "out of range")
		})
	}
}

// TestStreamedJSONComponents: components are decoded while the JSON is
// parsed; positions, problems and duplicate keys come out as before.
func TestStreamedJSONComponents(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"positions", "{\"components\": [\n {\"id\": \"a\", \"kind\": \"service\", \"x\": 0},\n {\"id\": \"b\", \"kind\": \"service\", \"y\": 1}]}", []string{
			`m.json:2:33: unknown field "x" in a component`,
			`m.json:3:33: unknown field "y" in a component`}},
		{"compiled", "{\"components\": [\n {\"id\": \"a\", \"kind\": \"service\"},\n {\"id\": \"b\", \"kind\": \"nope\"}]}", []string{
			`m.json:3:9: component "b" has unknown kind "nope"`}},
		{"twice", `{"components": [{"id": "a", "kind": "service"}], "components": [{"id": "b", "kind": "service"}]}`, []string{`duplicate field "components"`}},
		{"strings with brackets", `{"components": [{"id": "a", "kind": "service", "name": "[,]\"{"}, {"id": "b", "kind": "service"}]}`, nil},
		{"empty", `{"components": []}`, nil},
		{"not a list", `{"components": {"id": "a"}}`, []string{"components must be a list"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, err := bcp.Parse("m.json", []byte(c.src))
			if err == nil {
				_, err = bcp.Compile(doc)
			}
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			var ps bcp.Problems
			require.ErrorAs(t, err, &ps)
			require.Len(t, ps, len(c.want), "%v", err)
			for i, w := range c.want {
				assert.Contains(t, ps[i].Error(), w)
			}
		})
	}
}

// TestDurationArithmeticOutOfRange: expr computes durations as int64, so
// products and sums near the limit wrapped around to negative durations.
func TestDurationArithmeticOutOfRange(t *testing.T) {
	for _, c := range []struct {
		expr string
		ok   bool
	}{
		{`objectives.rto * 2 == duration("8h")`, true},
		{`2 * objectives.rto + duration("1h") == duration("9h")`, true},
		{`objectives.rto * 0.5 == duration("2h")`, true},
		{`objectives.rto - duration("5h") < duration("0s")`, true},
		{`objectives.rto * 1000000000 > duration("1h")`, false},
		{`objectives.rto * 1e15 > duration("1h")`, false},
		{`duration("15250w") + duration("15250w") > duration("1h")`, false},
		{`duration("0s") - duration("15250w") - duration("15250w") < duration("1h")`, false},
	} {
		t.Run(c.expr, func(t *testing.T) {
			doc, err := bcp.Parse("m.yaml", []byte("version: 1\ncomponents:\n  - {id: a, kind: service, objectives: {rto: 4h}}\nrules:\n  - name: r\n    check: '"+c.expr+"'\n"))
			require.NoError(t, err)
			m, err := bcp.Compile(doc)
			require.NoError(t, err)
			fs := m.Check()
			if c.ok {
				assert.Empty(t, fs)
				return
			}
			require.Len(t, fs, 1)
			assert.Contains(t, fs[0].Message, "out of range")
		})
	}
}
