package faulttree_test

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/continuitykit/continuity/importers/mef"
)

// araliaTrees are the Aralia fault trees where the decision diagrams do
// the most work (BENCHMARKS.md, "Fault-tree package").
var araliaTrees = []string{"edf9204", "edfpa14b", "edfpa14o", "edf9202", "edfpa15b", "edfpa15o", "edfpa14q", "isp9604", "edf9203"}

// topGate finds a tree's top event: its first gate, as
// scripts/scram-compare takes it.
var topGate = regexp.MustCompile(`<define-gate\s+name="([^"]+)"`)

// araliaModel loads tree name of the Aralia data set from ARALIA_DIR
// (default /work/cache/aralia) and returns it with its top event, or
// skips the benchmark.
func araliaModel(b *testing.B, name string) (*bcp.Model, string) {
	dir := os.Getenv("ARALIA_DIR")
	if dir == "" {
		dir = "/work/cache/aralia"
	}
	path := filepath.Join(dir, name+".xml")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("no Aralia tree %s (set ARALIA_DIR): %v", path, err)
	}
	top := topGate.FindSubmatch(data)
	if top == nil {
		b.Fatalf("%s: no gate", path)
	}
	m, err := bcp.Load([]string{path}, bcp.WithFormat(".xml", mef.Read))
	if err != nil {
		b.Fatal(err)
	}
	return m, string(top[1])
}

// BenchmarkAraliaAvailability is `bcp availability T.xml --of TOP` in
// process (the model loaded once), TOP its first gate.
func BenchmarkAraliaAvailability(b *testing.B) {
	for _, name := range araliaTrees {
		b.Run(name, func(b *testing.B) {
			m, top := araliaModel(b, name)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := faulttree.Availability(m, faulttree.AvailabilityOptions{Of: []string{top}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAraliaCutSets is `bcp cutsets T.xml --of TOP --order 3 --json`
// in process, the JSON written to nowhere.
func BenchmarkAraliaCutSets(b *testing.B) {
	for _, name := range araliaTrees {
		b.Run(name, func(b *testing.B) {
			m, top := araliaModel(b, name)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				rep, err := faulttree.CutSets(m, top, faulttree.CutSetOptions{Order: 3})
				if err != nil {
					b.Fatal(err)
				}
				if err := bcp.EncodeJSON(io.Discard, rep); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
