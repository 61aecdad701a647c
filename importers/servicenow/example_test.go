package servicenow_test

import (
	"fmt"
	"strings"

	"github.com/continuitykit/continuity/importers/servicenow"
)

// A Table API export read with sysparm_display_value=all: the service
// depends on the application, the relationship to a CI outside the export
// is reported.
func Example() {
	cis := `{"result": [
	  {"sys_id": {"display_value": "a1", "value": "a1"}, "name": {"display_value": "Online Banking", "value": "Online Banking"},
	   "sys_class_name": {"display_value": "Business Service", "value": "cmdb_ci_service"},
	   "busines_criticality": {"display_value": "1 - most critical", "value": "1 - most critical"},
	   "support_group": {"display_value": "Digital Channels", "link": "https://x/api/now/table/sys_user_group/g1", "value": "g1"}},
	  {"sys_id": {"display_value": "b2", "value": "b2"}, "name": {"display_value": "Web App", "value": "Web App"},
	   "sys_class_name": {"display_value": "Application", "value": "cmdb_ci_appl"}}]}`
	rels := `{"result": [
	  {"parent": {"display_value": "Online Banking", "value": "a1"}, "child": {"display_value": "Web App", "value": "b2"},
	   "type": {"display_value": "Depends on::Used by", "value": "1a9cb166f1571100a92eb60da2bce5c5"}},
	  {"parent": {"display_value": "Web App", "value": "b2"}, "child": {"display_value": "Mainframe", "value": "c3"},
	   "type": {"display_value": "Runs on::Runs", "value": "60bc4e22c0a8010e01f074cbe6bd73c3"}}]}`
	im := servicenow.New(servicenow.Options{})
	if err := im.ReadCIs("ci.json", strings.NewReader(cis)); err != nil {
		panic(err)
	}
	if err := im.ReadRelations("rel.json", strings.NewReader(rels)); err != nil {
		panic(err)
	}
	doc, report := im.Result("bank")
	for _, c := range doc.Components {
		fmt.Println(c.ID, c.Kind, c.Owner, c.Tier, c.ExternalIDs["servicenow"], c.DependsOn != nil)
	}
	for _, s := range report.Skipped {
		fmt.Println(s.Record, s.Reason)
	}
	// Output:
	// online-banking service Digital Channels 1 a1 true
	// web-app application  0 b2 false
	// rel.json#1 (web-app → Mainframe, Runs on::Runs) child "Mainframe" (c3) not among the imported CIs (missing from the export, retired or skipped)
}
