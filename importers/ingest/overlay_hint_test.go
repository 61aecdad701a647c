package ingest_test

import (
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/ingest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A kept entry whose id is a typo of an imported one says which it
// probably meant, as the model loader does for unknown ids.
func TestOverlaySuggestsTheImportedID(t *testing.T) {
	imported := &bcp.Document{Version: 1, Components: []bcp.Component{{ID: "online-banking", Kind: bcp.KindService}}}
	kept := &bcp.Document{Components: []bcp.Component{
		{ID: "online-bankin", Objectives: bcp.Objectives{RTO: 4 * time.Hour}, Pos: bcp.Position{File: "keep.yaml", Line: 5, Col: 5}},
		{ID: "payroll", Objectives: bcp.Objectives{RTO: 4 * time.Hour}, Pos: bcp.Position{File: "keep.yaml", Line: 7, Col: 5}},
	}}
	var rep ingest.Report
	ingest.Overlay(imported, kept, &rep)
	require.Len(t, rep.Skipped, 2)
	assert.Equal(t, `kept facts for "online-bankin" (did you mean "online-banking"?), which the import no longer has (renamed or retired at the source?); give it a kind to keep it as a hand-modelled component`, rep.Skipped[0].Reason)
	assert.Equal(t, `kept facts for "payroll", which the import no longer has (renamed or retired at the source?); give it a kind to keep it as a hand-modelled component`, rep.Skipped[1].Reason)
}
