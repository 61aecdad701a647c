package modeltest

import (
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/stretchr/testify/require"
)

// Count returns how many random models each property test checks: 2000,
// or 200 with -short.
func Count() int {
	if testing.Short() {
		return 200
	}
	return 2000
}

// Small returns bcpgen.Small(seed, n) and its compiled model, failing t
// when it does not compile.
func Small(t testing.TB, seed uint64, n int) (*bcp.Document, *bcp.Model) {
	t.Helper()
	doc := bcpgen.Small(seed, n)
	m, err := bcp.Compile(doc)
	require.NoError(t, err, "seed %d", seed)
	return doc, m
}
