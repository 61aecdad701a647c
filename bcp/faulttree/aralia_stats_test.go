package faulttree

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/mef"
	"github.com/stretchr/testify/require"
)

// TestAraliaStats prints the deterministic work of the exact probability
// and of the order-N cut sets on Open-PSA trees: conjunction steps, peak
// live nodes and diagram nodes. It measures, it checks nothing, and runs
// only with BCP_ARALIA_STATS set to a directory of MEF files
// (BCP_ARALIA_TREES: a regexp of tree names).
func TestAraliaStats(t *testing.T) {
	dir := os.Getenv("BCP_ARALIA_STATS")
	if dir == "" {
		t.Skip("BCP_ARALIA_STATS not set")
	}
	re := regexp.MustCompile(os.Getenv("BCP_ARALIA_TREES"))
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	require.NoError(t, err)
	for _, f := range files {
		name := filepath.Base(f)
		if !re.MatchString(name) {
			continue
		}
		m, err := bcp.Load([]string{f}, bcp.WithFormat(".xml", mef.Read))
		if err != nil {
			t.Logf("%s: %v", name, err)
			continue
		}
		targets, err := analysed(m, nil)
		require.NoError(t, err)
		g := newGraph(m, targets)
		s := newSolver(g, DefaultMaxBDDNodes)
		s.globalModules(targets)
		for _, v := range targets {
			require.NoError(t, s.solve(v))
		}
		v := targets[0]
		t.Logf("%-10s P=%.6g steps=%d peak=%d nodes=%d gcs=%d", name, s.solved[v].p, s.mgr.Steps, s.mgr.Peak, s.solved[v].nodes, s.mgr.GCs)
		s.c.release()
		g.release()
	}
}
