package servicenow_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/ingest/ingesttest"
	"github.com/continuitykit/continuity/importers/servicenow"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

const dir = "../../testdata/servicenow"

func read(t *testing.T, fn func(string, *os.File) error, name string) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, fn(name, f))
}

func TestTableAPI(t *testing.T) {
	im := servicenow.New(servicenow.Options{})
	read(t, func(n string, f *os.File) error { return im.ReadCIs(n, f) }, "cmdb_ci.json")
	read(t, func(n string, f *os.File) error { return im.ReadRelTypes(n, f) }, "cmdb_rel_type.json")
	read(t, func(n string, f *os.File) error { return im.ReadRelations(n, f) }, "cmdb_rel_ci.json")
	doc, rep := im.Result("Acme bank CMDB")
	ingesttest.Check(t, *update, filepath.Join(dir, "golden"), "tableapi", doc, rep)
}

func TestCSV(t *testing.T) {
	im := servicenow.New(servicenow.Options{
		Columns: servicenow.Columns{SysID: "Sys ID", Name: "Name", Class: "Class", OwnedBy: "Owned by", SupportGroup: "Support group",
			Criticality: "Business criticality", Status: "Operational status", Location: "Location", Parent: "Parent", Child: "Child", Type: "Type"},
		Relations: map[string]servicenow.Relation{"Connects to::Connected by": {Role: servicenow.DependsOn}, "Contains::Contained by": {Role: servicenow.Ignore}},
		Kinds:     map[string]bcp.Kind{"cmdb_ci_printer": bcp.KindInfrastructure},
	})
	read(t, func(n string, f *os.File) error { return im.ReadCIsCSV(n, f) }, "cmdb_ci.csv")
	read(t, func(n string, f *os.File) error { return im.ReadRelationsCSV(n, f) }, "cmdb_rel_ci.csv")
	doc, rep := im.Result("Acme bank CMDB")
	ingesttest.Check(t, *update, filepath.Join(dir, "golden"), "csv", doc, rep)
}
