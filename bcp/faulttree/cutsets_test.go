package faulttree_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/stretchr/testify/require"
)

// TestCutSetWriteJSONIsEncodingJSON: the streamed form is byte for byte
// what encoding/json makes of MarshalJSON, indented (as bcp.EncodeJSON
// did before the report wrote itself) and compact, escapes included.
func TestCutSetWriteJSONIsEncodingJSON(t *testing.T) {
	for _, rep := range []*faulttree.CutSetReport{
		{Of: "top", Order: 2, CutSets: [][]string{}},
		{Of: "top", Order: 2},
		{Of: "a<b>&c", Order: 3, CutSets: [][]string{{}, {"x"}, {"p&q", `quote"d`, "tab\t", "é", "\u2028", "<tag>"}}},
	} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(rep))
		var got bytes.Buffer
		require.NoError(t, bcp.EncodeJSON(&got, rep))
		require.Equal(t, want.String(), got.String())

		compact, err := json.Marshal(rep)
		require.NoError(t, err)
		got.Reset()
		require.NoError(t, rep.WriteJSON(&got, ""))
		require.Equal(t, string(compact), got.String())
	}
}
