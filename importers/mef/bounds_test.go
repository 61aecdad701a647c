package mef_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/mef"
)

func readProblems(t *testing.T, src string) bcp.Problems {
	t.Helper()
	_, err := mef.Read("f.xml", []byte(src))
	var ps bcp.Problems
	require.ErrorAs(t, err, &ps)
	return ps
}

// TestNaNProbability: NaN is not between 0 and 1; it used to be accepted
// and the event dropped from every answer.
func TestNaNProbability(t *testing.T) {
	ps := readProblems(t, `<opsa-mef><model-data>
<define-basic-event name="a"><float value="NaN"/></define-basic-event></model-data></opsa-mef>`)
	require.Len(t, ps, 1)
	assert.Equal(t, `f.xml:2:30: basic event "a": probability must be a number between 0 and 1, not "NaN"`, ps[0].Error())
}

func TestNestingBounded(t *testing.T) {
	src := "<opsa-mef><define-fault-tree name=\"t\"><define-gate name=\"top\">" + strings.Repeat("<or><basic-event name=\"e\"/>", 100_000) + strings.Repeat("</or>", 100_000) + "</define-gate></define-fault-tree></opsa-mef>"
	ps := readProblems(t, src)
	require.Len(t, ps, 1)
	assert.Contains(t, ps[0].Error(), "elements nested deeper than 1000")
}

// TestPositionsAfterManyLines: lines are counted on from the previous
// element (reading was quadratic when every element recounted from the
// start), and still right.
func TestPositionsAfterManyLines(t *testing.T) {
	src := "<opsa-mef>\n" + strings.Repeat("<label>x</label>\n", 200_000) + "<model-data>\n  <define-basic-event name=\"a\"><float value=\"2\"/></define-basic-event></model-data></opsa-mef>"
	ps := readProblems(t, src)
	require.Len(t, ps, 1)
	assert.Equal(t, `f.xml:200003:32: basic event "a": probability must be a number between 0 and 1, not "2"`, ps[0].Error())
}
