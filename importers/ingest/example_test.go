package ingest_test

import (
	"os"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/ingest"
)

// An importer adds what its source knows; Document cuts the cycle at the
// relation that points up a layer (data needing an application), skips
// the relation to a CI that is not in the export, and says so.
func ExampleBuilder() {
	var b ingest.Builder
	b.Report.Source = "example"
	b.Add(ingest.Component{ID: "shop", Kind: bcp.KindApplication, Ref: ingest.Ref{File: "ci.json", Index: 0}})
	b.Add(ingest.Component{ID: "db", Kind: bcp.KindData, Ref: ingest.Ref{File: "ci.json", Index: 1}})
	b.Depend("shop", "db", ingest.Ref{File: "rel.json", Index: 0})
	b.Depend("db", "shop", ingest.Ref{File: "rel.json", Index: 1})
	b.Depend("shop", "ldap", ingest.Ref{File: "rel.json", Index: 2})
	doc := b.Document("example")
	ingest.WriteYAML(os.Stdout, doc, "")
	b.Report.WriteText(os.Stdout)
	// Output:
	// version: 1
	// name: example
	// components:
	//   - id: db
	//     kind: data
	//   - id: shop
	//     kind: application
	//     dependsOn:
	//       - db
	// example: 2 components, 1 dependencies, 0 redundancy groups; 1 records skipped, 1 relations cut to break cycles
	// skipped rel.json#2: "ldap" is not an imported component (missing or skipped)
	// cut rel.json#1: db → shop closes the cycle db → shop → db; suggested fix: remove or reverse it in the source
}
