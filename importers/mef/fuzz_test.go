package mef_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/continuitykit/continuity/importers/mef"
)

// FuzzRead: any input gives a document or positioned problems, never a
// panic. go test ./importers/mef -run XXX -fuzz FuzzRead -fuzztime 2m -fuzzminimizetime 10x
func FuzzRead(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "mef", "pumps.xml")); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`<opsa-mef><define-fault-tree name="f"><define-gate name="g"><atleast min="2"><or><event name="a"/><constant value="true"/></or><basic-event name="b"/><house-event name="h"/></atleast></define-gate></define-fault-tree></opsa-mef>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := mef.Read("f.xml", data)
		if err != nil {
			if _, ok := err.(bcp.Problems); !ok {
				t.Fatalf("error is not Problems: %v", err)
			}
			return
		}
		if m, err := bcp.Compile(doc); err == nil {
			for _, id := range m.IDs() {
				_, _ = faulttree.Availability(m, faulttree.AvailabilityOptions{Of: []string{id}, MaxNodes: 10000})
			}
		}
	})
}
