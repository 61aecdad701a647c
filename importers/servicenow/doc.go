// Package servicenow imports configuration items and their relationships
// from a ServiceNow CMDB into a bcp model.
//
// It reads Table API JSON exports ({"result": [...]}, with references as
// {"link", "value"} or, with sysparm_display_value=all, as
// {"display_value", "value"}) of cmdb_ci or any of its classes and of
// cmdb_rel_ci, and CSV list exports of the same tables with configurable
// column names. Exports are streamed record by record.
//
// A CI becomes a component: sys_class_name gives the kind (Options.Kinds),
// support_group or else owned_by the owner, busines_criticality (spelled
// so, on cmdb_ci_service) the tier, operational_status and location
// attributes, and the sys_id is kept in attributes.sys_id. A relationship's
// type (cmdb_rel_type.name, "parent descriptor::child descriptor") decides
// what it means (Options.Relations): "Depends on::Used by", "Runs on::Runs"
// and "Hosted on::Hosts" make the parent require the child, "Members::Member
// of" makes the parent a redundancy group of its children. Unknown classes
// and relationship types, retired CIs, references to CIs not in the export,
// duplicates and relations that close a cycle are named in the report.
package servicenow
