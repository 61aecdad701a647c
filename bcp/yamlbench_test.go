package bcp_test

import (
	"testing"

	"github.com/continuitykit/continuity/bcp"
)

// BenchmarkLoadYAML parses a generated 10k-component model as YAML (JSON
// text is YAML, in flow style) and compiles it.
func BenchmarkLoadYAML(b *testing.B) {
	data := benchFile(b, 10_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		doc, err := bcp.Parse("bench.yaml", data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := bcp.Compile(doc); err != nil {
			b.Fatal(err)
		}
	}
}
