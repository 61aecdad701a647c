package servicenow_test

import (
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/servicenow"
)

// FuzzImport feeds arbitrary CI and relationship exports (JSON and CSV) to
// the importer: it never panics, and whatever it accepts compiles.
func FuzzImport(f *testing.F) {
	f.Add(`{"result":[{"sys_id":"a","name":"A","sys_class_name":"cmdb_ci_appl"},{"sys_id":"b","name":"B!","sys_class_name":"cmdb_ci_server"}]}`,
		`{"result":[{"parent":{"value":"a"},"child":{"value":"b"},"type":{"display_value":"Depends on::Used by","value":"x"}}]}`, false)
	f.Add(`{"result":[{"sys_id":{"display_value":"a","value":"a"},"name":{"display_value":"","value":""},"sys_class_name":"cmdb_ci_cluster"}]}`,
		`{"result":[{"parent":"a","child":"a","type":"Members::Member of"}]}`, false)
	f.Add("sys_id,name,sys_class_name\na,A,cmdb_ci_appl\nb,A,cmdb_ci_appl\n", "parent,child,type\nA,A,Runs on::Runs\n", true)
	f.Add(`{"error":{"message":"no","detail":"x"}}`, `[]`, false)
	f.Fuzz(func(t *testing.T, cis, rels string, csv bool) {
		im := servicenow.New(servicenow.Options{})
		readCIs, readRels := im.ReadCIs, im.ReadRelations
		if csv {
			readCIs, readRels = im.ReadCIsCSV, im.ReadRelationsCSV
		}
		if readCIs("ci", strings.NewReader(cis)) != nil || readRels("rel", strings.NewReader(rels)) != nil {
			return
		}
		doc, _ := im.Result("fuzz")
		if _, err := bcp.Compile(doc); err != nil {
			t.Fatalf("the import does not compile: %v", err)
		}
	})
}
