package faulttree_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/continuitykit/continuity/importers/mef"
)

// araliaTrees are the Aralia fault trees where the decision diagrams do
// the most work (BENCHMARKS.md, "Fault-tree package").
var araliaTrees = []string{"edf9204", "edfpa14b", "edfpa14o", "edf9202", "edfpa15b", "edfpa15o", "isp9604"}

// araliaModel loads tree name of the Aralia data set from ARALIA_DIR
// (default /work/cache/aralia), or skips the benchmark.
func araliaModel(b *testing.B, name string) *bcp.Model {
	dir := os.Getenv("ARALIA_DIR")
	if dir == "" {
		dir = "/work/cache/aralia"
	}
	path := filepath.Join(dir, name+".xml")
	if _, err := os.Stat(path); err != nil {
		b.Skipf("no Aralia tree %s (set ARALIA_DIR): %v", path, err)
	}
	m, err := bcp.Load([]string{path}, bcp.WithFormat(".xml", mef.Read))
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkAraliaAvailability is `bcp availability T.xml --of g1` in
// process, model loaded once.
func BenchmarkAraliaAvailability(b *testing.B) {
	for _, name := range araliaTrees {
		b.Run(name, func(b *testing.B) {
			m := araliaModel(b, name)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := faulttree.Availability(m, faulttree.AvailabilityOptions{Of: []string{"g1"}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAraliaCutSets is `bcp cutsets T.xml --of g1 --order 3` in
// process, without writing the answer.
func BenchmarkAraliaCutSets(b *testing.B) {
	for _, name := range araliaTrees {
		b.Run(name, func(b *testing.B) {
			m := araliaModel(b, name)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := faulttree.CutSets(m, "g1", faulttree.CutSetOptions{Order: 3}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
