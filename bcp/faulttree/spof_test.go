package faulttree_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chain is n services, each depending on the next, each with its own
// availability: the largest answer per component there is.
func chain(t testing.TB, n int) *bcp.Model {
	doc := &bcp.Document{Version: 1}
	for i := 0; i < n; i++ {
		c := bcp.Component{ID: fmt.Sprintf("c%05d", i), Kind: bcp.KindService, Availability: 0.999}
		if i+1 < n {
			c.DependsOn = []bcp.Dependency{{ID: fmt.Sprintf("c%05d", i+1)}}
		}
		doc.Components = append(doc.Components, c)
	}
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	return m
}

// TestSPOFStreamsWhatTheEncoderWrites: WriteJSON with an indent gives
// what encoding/json's Encoder gives for the report, with lists of ids on
// one line.
func TestSPOFStreamsWhatTheEncoderWrites(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(`
components:
  - {id: svc, kind: service, tier: 1, attributes: {revenuePerHour: 12.5}, dependsOn: [app, {anyOf: [isp-a, isp-b]}]}
  - {id: app, kind: application, dependsOn: [gw]}
  - {id: gw, kind: network, virtual: true, dependsOn: [db]}
  - {id: db, kind: data}
  - {id: isp-a, kind: supplier, dependsOn: [pop]}
  - {id: isp-b, kind: supplier, dependsOn: [pop]}
  - {id: pop, kind: site}
  - {id: lonely, kind: service}
`))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	rep, err := faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{})
	require.NoError(t, err)
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(rep))
	var got bytes.Buffer
	require.NoError(t, rep.WriteJSON(&got, "  "))
	assert.JSONEq(t, want.String(), got.String())
	assert.Contains(t, got.String(), `
          "path": ["app", "gw", "db"]
`, "a step passes through what cannot fail, from the nearest SPOF")
	assert.True(t, strings.HasSuffix(got.String(), "}\n"))
}

// TestChainSPOFGrowsWithThePairs: a chain of 1,000 services has 499,500
// (service, SPOF) pairs; each is explained by one step, so the JSON stays
// within a small multiple of the pairs (it was 3.4 GB when every pair
// repeated its whole path).
func TestChainSPOFGrowsWithThePairs(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 300
	}
	m := chain(t, n)
	rep, err := faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{})
	require.NoError(t, err)
	var out countingWriter
	require.NoError(t, rep.WriteJSON(&out, ""))
	pairs := n * (n - 1) / 2
	assert.Less(t, out.n, 70*pairs, "bytes per pair")
	assert.Equal(t, []string{"c00000", "c00001"}, rep.Services[0].Step(0))
}

type countingWriter struct{ n int }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

// TestSPOFPairLimit: an answer past MaxPairs is a LimitError naming the
// limit, found before the answer is built.
func TestSPOFPairLimit(t *testing.T) {
	m := chain(t, 200)
	_, err := faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{MaxPairs: 1000})
	require.ErrorIs(t, err, faulttree.ErrTooManyPairs)
	var le *faulttree.LimitError
	require.True(t, errors.As(err, &le))
	assert.Equal(t, 1000, le.Limit)
	assert.True(t, strings.Contains(err.Error(), "more than 1000"), err.Error())
	// 200·199/2 = 19,900 pairs fit the default.
	_, err = faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{})
	require.NoError(t, err)
}
