package servicenow_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/ingest/ingesttest"
	"github.com/continuitykit/continuity/importers/servicenow"
	"github.com/stretchr/testify/assert"
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

// The fixtures carry ServiceNow's standard list labels ("Sys ID", "Class",
// ...): they import with no column named, and naming every column gives
// the same model.
func TestCSV(t *testing.T) {
	for _, cols := range []servicenow.Columns{{}, {SysID: "Sys ID", Name: "Name", Class: "Class", OwnedBy: "Owned by", SupportGroup: "Support group",
		Criticality: "Business criticality", Status: "Operational status", Location: "Location", Parent: "Parent", Child: "Child", Type: "Type"}} {
		im := servicenow.New(servicenow.Options{
			Columns:   cols,
			Relations: map[string]servicenow.Relation{"Connects to::Connected by": {Role: servicenow.DependsOn}, "Contains::Contained by": {Role: servicenow.Ignore}},
			Kinds:     map[string]bcp.Kind{"cmdb_ci_printer": bcp.KindInfrastructure},
		})
		read(t, func(n string, f *os.File) error { return im.ReadCIsCSV(n, f) }, "cmdb_ci.csv")
		read(t, func(n string, f *os.File) error { return im.ReadRelationsCSV(n, f) }, "cmdb_rel_ci.csv")
		doc, rep := im.Result("Acme bank CMDB")
		ingesttest.Check(t, *update, filepath.Join(dir, "golden"), "csv", doc, rep)
	}
}

// Field names as headers (the other export setting), in any case, work
// without naming them; a missing column names what it expected.
func TestCSVHeaders(t *testing.T) {
	im := servicenow.New(servicenow.Options{})
	require.NoError(t, im.ReadCIsCSV("ci.csv", strings.NewReader("\ufeffSYS_ID,name,Sys_Class_Name, Support group \nabc,Web,cmdb_ci_appl,Web team\n")))
	doc, _ := im.Result("x")
	require.Len(t, doc.Components, 1)
	assert.Equal(t, "web", doc.Components[0].ID)
	assert.Equal(t, "Web team", doc.Components[0].Owner)

	im = servicenow.New(servicenow.Options{})
	require.NoError(t, im.ReadCIsCSV("ci.csv", strings.NewReader("sys_id,name,sys_class_name\r\n1,Café Système,cmdb_ci_service\r\n2,Zürich DB,cmdb_ci_db_instance\r\n")))
	doc, _ = im.Result("x")
	require.Len(t, doc.Components, 2)
	assert.Equal(t, "cafe-systeme", doc.Components[0].ID, "accents dropped, not the letters")
	assert.Equal(t, "zurich-db", doc.Components[1].ID)

	err := servicenow.New(servicenow.Options{}).ReadCIsCSV("ci.csv", strings.NewReader("Name,Kind\nWeb,x\n"))
	require.Error(t, err)
	assert.Equal(t, `ci.csv:1:1: no column for sys_id in the header ["Name" "Kind"]: expected "sys_id" or "Sys ID"; name it with --column sys_id=HEADER (Columns in Go)`, err.Error())
	err = servicenow.New(servicenow.Options{}).ReadCIsCSV("ci.csv", strings.NewReader(""))
	require.EqualError(t, err, "ci.csv:1:1: the file is empty; a CSV list export starts with a header row")
	err = servicenow.New(servicenow.Options{Columns: servicenow.Columns{SysID: "Id"}}).ReadCIsCSV("ci.csv", strings.NewReader("Sys ID,Name,Class\nabc,Web,x\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `expected "Id"`)
}
