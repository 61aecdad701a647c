package bcp_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
)

// FuzzLoad feeds arbitrary bytes to the YAML and JSON loaders and compiler:
// any input must give a model or positioned problems, never a panic. Run it
// with: go test ./bcp -run XXX -fuzz FuzzLoad -fuzztime 5m -fuzzminimizetime 10x
// (without a bound on minimising, a run spends its time there).
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "examples", "*", "*.yaml"))
	bad, _ := filepath.Glob(filepath.Join("..", "testdata", "invalid", "*"))
	for _, s := range append(seeds, bad...) {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data, false)
		}
	}
	f.Add([]byte(`{"components":[{"id":"a","kind":"service","dependsOn":[{"anyOf":["b","c"]}]},{"id":"b","kind":"data"},{"id":"c","kind":"data"}],"scenarios":[{"id":"s","disrupt":[{"select":"kind == \"data\"","for":"1h"}]}]}`), true)
	f.Add([]byte(`{"a":"\u00e9\"\\","b":[1,-2.5e3,true,false,null]}`), true)
	f.Add([]byte("a: &x [*x]\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		name := "fuzz.yaml"
		if asJSON {
			name = "fuzz.json"
		}
		doc, err := bcp.Parse(name, data)
		if err != nil {
			var ps bcp.Problems
			if !errorsAs(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is not Problems: %v", err)
			}
			for _, p := range ps {
				if p.Pos.Line == 0 {
					t.Fatalf("problem without line: %v", p)
				}
			}
		}
		if doc == nil {
			return
		}
		m, err := bcp.Compile(doc)
		if err != nil || m == nil {
			return
		}
		m.Check()
		for _, s := range m.Scenarios() {
			_, _ = simulateID(m, s.ID)
		}
		_, _ = faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{})
		_, _ = faulttree.Availability(m, faulttree.AvailabilityOptions{MaxNodes: 10000})
	})
}
