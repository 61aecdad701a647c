package servicenow

import (
	"strings"

	"github.com/continuitykit/continuity/bcp"
)

// Role is what a relationship type means for the model.
type Role int

// The roles of relationship types.
const (
	// DependsOn: the parent requires the child (or the child the parent, with
	// Reverse).
	DependsOn Role = iota
	// Members: the parent is up while at least one of its children is up
	// (a cluster, a pool); it becomes a virtual component with an anyOf group.
	Members
	// Ignore: the type carries no continuity meaning (Contains, Located in);
	// its relations are skipped and counted in the report.
	Ignore
)

// Relation says how one relationship type maps to the model.
type Relation struct {
	Role Role
	// Reverse swaps parent and child: for a type named the other way round,
	// such as "Used by::Depends on".
	Reverse bool
}

// DefaultRelations are the relationship types understood without
// configuration, by cmdb_rel_type.name.
var DefaultRelations = map[string]Relation{
	"Depends on::Used by": {Role: DependsOn},
	"Runs on::Runs":       {Role: DependsOn},
	"Hosted on::Hosts":    {Role: DependsOn},
	"Uses::Used by":       {Role: DependsOn},
	"Members::Member of":  {Role: Members},
	"Cluster of::Cluster": {Role: Members, Reverse: true},
}

// DefaultKinds map CI classes (sys_class_name) to kinds. Classes not listed
// are looked up by KindPrefixes, then skipped and reported.
var DefaultKinds = map[string]bcp.Kind{
	"cmdb_ci_service":            bcp.KindService,
	"cmdb_ci_service_business":   bcp.KindService,
	"service_offering":           bcp.KindService,
	"cmdb_ci_service_discovered": bcp.KindApplication,
	"cmdb_ci_service_auto":       bcp.KindApplication,
	"cmdb_ci_appl":               bcp.KindApplication,
	"cmdb_ci_business_app":       bcp.KindApplication,
	"cmdb_ci_database":           bcp.KindData,
	"cmdb_ci_server":             bcp.KindInfrastructure,
	"cmdb_ci_linux_server":       bcp.KindInfrastructure,
	"cmdb_ci_win_server":         bcp.KindInfrastructure,
	"cmdb_ci_unix_server":        bcp.KindInfrastructure,
	"cmdb_ci_esx_server":         bcp.KindInfrastructure,
	"cmdb_ci_vm_instance":        bcp.KindInfrastructure,
	"cmdb_ci_vmware_instance":    bcp.KindInfrastructure,
	"cmdb_ci_cluster":            bcp.KindInfrastructure,
	"cmdb_ci_storage_device":     bcp.KindInfrastructure,
	"cmdb_ci_netgear":            bcp.KindNetwork,
	"cmdb_ci_ip_router":          bcp.KindNetwork,
	"cmdb_ci_ip_switch":          bcp.KindNetwork,
	"cmdb_ci_ip_firewall":        bcp.KindNetwork,
	"cmdb_ci_lb":                 bcp.KindNetwork,
	"cmdb_ci_lb_appl":            bcp.KindNetwork,
	"cmdb_ci_dns_name":           bcp.KindNetwork,
	"cmdb_ci_computer_room":      bcp.KindSite,
	"cmdb_ci_datacenter":         bcp.KindSite,
	"cmn_location":               bcp.KindSite,
}

// KindPrefixes map families of classes to kinds by the start of their name
// (cmdb_ci_db_mssql_instance is data); the longest matching prefix wins.
var KindPrefixes = map[string]bcp.Kind{
	"cmdb_ci_db_":         bcp.KindData,
	"cmdb_ci_appl_":       bcp.KindApplication,
	"cmdb_ci_app_server":  bcp.KindApplication,
	"cmdb_ci_cloud_":      bcp.KindInfrastructure,
	"cmdb_ci_vm_":         bcp.KindInfrastructure,
	"cmdb_ci_storage_":    bcp.KindInfrastructure,
	"cmdb_ci_ip_":         bcp.KindNetwork,
	"cmdb_ci_service_":    bcp.KindApplication,
	"cmdb_ci_translation": bcp.KindApplication,
}

// Columns name the CSV header of each field the importer reads. An empty
// name accepts the headers of ServiceNow's own list exports: the field's
// name (sys_id, name, sys_class_name, ...) or its label in the standard
// cmdb_ci and cmdb_rel_ci lists ("Sys ID", "Name", "Class", "Owned by",
// "Support group", "Business criticality", "Operational status",
// "Location", "Parent", "Child", "Type"), whichever the instance's export
// settings wrote, in any letter case. A name given here is the only header
// accepted for its field.
type Columns struct {
	SysID, Name, Class, OwnedBy, SupportGroup, Criticality, Status, Location string
	Parent, Child, Type                                                      string
}

// fieldNames are the fields the importer reads, by their ServiceNow names.
var fieldNames = []string{"sys_id", "name", "sys_class_name", "owned_by", "support_group", "busines_criticality",
	"operational_status", "location", "parent", "child", "type"}

// fieldLabels are the column labels of the fields in ServiceNow's standard
// cmdb_ci and cmdb_rel_ci list views (busines_criticality, so spelled, is
// labelled "Business criticality").
var fieldLabels = map[string]string{"sys_id": "Sys ID", "name": "Name", "sys_class_name": "Class", "owned_by": "Owned by",
	"support_group": "Support group", "busines_criticality": "Business criticality", "operational_status": "Operational status",
	"location": "Location", "parent": "Parent", "child": "Child", "type": "Type"}

// headers returns the CSV headers accepted for field: the one named, or
// else its name and its standard label.
func (c Columns) headers(field string) []string {
	m := map[string]string{"sys_id": c.SysID, "name": c.Name, "sys_class_name": c.Class, "owned_by": c.OwnedBy,
		"support_group": c.SupportGroup, "busines_criticality": c.Criticality, "operational_status": c.Status,
		"location": c.Location, "parent": c.Parent, "child": c.Child, "type": c.Type}
	if v := m[field]; v != "" {
		return []string{v}
	}
	return []string{field, fieldLabels[field]}
}

// Options configure an import; the zero value uses the defaults.
type Options struct {
	// Kinds adds to and overrides DefaultKinds.
	Kinds map[string]bcp.Kind
	// Relations adds to and overrides DefaultRelations.
	Relations map[string]Relation
	// RelTypes maps cmdb_rel_type sys_ids to names, for relationship exports
	// made without display values (the type is then only a reference).
	RelTypes map[string]string
	// Columns are the CSV headers.
	Columns Columns
	// IDsFromSysID makes component ids the CI sys_ids instead of slugs of
	// their names: stable across renames, unreadable in diagrams.
	IDsFromSysID bool
	// KeepRetired imports CIs whose operational_status is Retired.
	KeepRetired bool
}

func (o *Options) kind(class string) (bcp.Kind, bool) {
	if k, ok := o.Kinds[class]; ok {
		return k, true
	}
	if k, ok := DefaultKinds[class]; ok {
		return k, true
	}
	best := ""
	for p := range KindPrefixes {
		if strings.HasPrefix(class, p) && len(p) > len(best) {
			best = p
		}
	}
	if best != "" {
		return KindPrefixes[best], true
	}
	return "", false
}

func (o *Options) relation(name string) (Relation, bool) {
	if r, ok := o.Relations[name]; ok {
		return r, true
	}
	r, ok := DefaultRelations[name]
	return r, ok
}

// operationalStatus names the choices of cmdb_ci.operational_status.
var operationalStatus = map[string]string{
	"1": "Operational", "2": "Non-Operational", "3": "Repair in Progress", "4": "DR Standby",
	"5": "Ready", "6": "Retired", "7": "Pipeline", "8": "Catalog",
}
