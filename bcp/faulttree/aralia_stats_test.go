package faulttree

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
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

// TestBcpgenStats prints the same measures for services of generated
// models (the SCRAM comparison's trees: every component that is not
// virtual can fail). BCP_BCPGEN_STATS lists seed/service/set, e.g.
// "4/c2703/100,1/c2702/200"; set 100 is Window 0.2, Degree 3,
// Redundancy 0.2, set 200 Window 0.3, Degree 4, Redundancy 0.15.
func TestBcpgenStats(t *testing.T) {
	spec := os.Getenv("BCP_BCPGEN_STATS")
	if spec == "" {
		t.Skip("BCP_BCPGEN_STATS not set")
	}
	for _, item := range strings.Split(spec, ",") {
		var seed uint64
		var svc string
		var set int
		parts := strings.Split(item, "/")
		require.Len(t, parts, 3, item)
		_, err := fmt.Sscan(parts[0], &seed)
		require.NoError(t, err)
		svc = parts[1]
		_, err = fmt.Sscan(parts[2], &set)
		require.NoError(t, err)
		cfg := bcpgen.Config{Components: 3000, Window: 0.2, Degree: 3, Redundancy: 0.2, Seed: seed}
		if set == 200 {
			cfg = bcpgen.Config{Components: 3000, Window: 0.3, Degree: 4, Redundancy: 0.15, Seed: seed}
		}
		doc := bcpgen.Generate(cfg)
		for i := range doc.Components {
			if c := &doc.Components[i]; c.Availability == 0 && !c.Virtual {
				c.Availability = 0.995 + 0.004*float64(i%7)/7
			}
		}
		m, err := bcp.Compile(doc)
		require.NoError(t, err)
		i, err := m.Lookup(svc)
		require.NoError(t, err)
		targets := []int32{int32(i)}
		g := newGraph(m, targets)
		s := newSolver(g, DefaultMaxBDDNodes)
		s.globalModules(targets)
		require.NoError(t, s.solve(targets[0]))
		t.Logf("seed %d %s P=%.6g steps=%d peak=%d nodes=%d", seed, svc, s.solved[targets[0]].p, s.mgr.Steps, s.mgr.Peak, s.solved[targets[0]].nodes)
		s.c.release()
		g.release()
	}
}
