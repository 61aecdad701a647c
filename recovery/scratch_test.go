package recovery

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/stretchr/testify/require"
)

// Plans share pooled arrays: a plan gives the same answer whichever plans
// ran before it or run beside it, and leaves the arrays empty.
func TestPooledArraysChangeNoAnswer(t *testing.T) {
	doc := bcpgen.Generate(bcpgen.Config{Components: 400, Seed: 3})
	bcpgen.AddOperations(doc, 4)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	var scs []bcp.Scenario
	for k := 0; k < 12; k++ {
		sc := bcp.Scenario{ID: fmt.Sprint("s", k)}
		for j := 0; j <= k%9; j++ { // 1 to 9 targets: both the exhaustive and the heuristic planner
			d := bcp.Disruption{ID: doc.Components[(k*131+j*57)%len(doc.Components)].ID, At: time.Duration(j) * time.Hour}
			if j%3 == 2 {
				d.For = 5 * time.Hour
			}
			sc.Disrupt = append(sc.Disrupt, d)
		}
		scs = append(scs, sc)
	}
	first := make([]*Incident, len(scs))
	for k, sc := range scs {
		inc, err := Timeline(m, sc, Options{})
		require.NoError(t, err)
		first[k] = inc
	}
	for k := len(scs) - 1; k >= 0; k-- {
		inc, err := Timeline(m, scs[k], Options{})
		require.NoError(t, err)
		require.Equal(t, first[k], inc, scs[k].ID)
	}
	// At once, as a server answers: each plan has its own arrays.
	var wg sync.WaitGroup
	got := make([]*Incident, len(scs))
	errs := make([]error, len(scs))
	for k := range scs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[k], errs[k] = Timeline(m, scs[k], Options{})
		}()
	}
	wg.Wait()
	for k := range scs {
		require.NoError(t, errs[k])
		require.Equal(t, first[k], got[k], scs[k].ID)
	}
	s := getScratch(m.Len())
	for x := 0; x < m.Len(); x++ {
		require.Equal(t, int32(-1), s.stepOf[x])
		require.Zero(t, s.finite[x])
		require.False(t, s.cone[x] || s.noSteps[x] || s.dlDone[x])
		require.Zero(t, s.linked[x])
		require.Less(t, s.upStamp[x], s.stamp+1)
	}
	require.Empty(t, s.touched)
	putScratch(s)
}
