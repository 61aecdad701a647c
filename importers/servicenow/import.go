package servicenow

import (
	"fmt"
	"io"
	"maps"
	"sort"
	"strings"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/ingest"
)

// Importer reads CI exports, then relationship exports, and builds the
// model. Create one with New; read every CI file before the relationship
// files, since relationships name CIs by sys_id (or, in CSV list exports,
// by display name).
type Importer struct {
	opts   Options
	b      ingest.Builder
	bySys  map[string]string // sys_id → component id
	byName map[string]string // CI name → component id; "" when several CIs share the name
	groups map[string]bool   // components that stand for a redundancy group
}

// New returns an Importer with the given options.
func New(opts Options) *Importer {
	opts.RelTypes = maps.Clone(opts.RelTypes) // ReadRelTypes adds to it
	return &Importer{opts: opts, bySys: map[string]string{}, byName: map[string]string{}, groups: map[string]bool{},
		b: ingest.Builder{Report: ingest.Report{Source: "servicenow"}}}
}

// ReadCIs streams a Table API JSON export of cmdb_ci or its classes.
func (im *Importer) ReadCIs(file string, r io.Reader) error {
	return readJSON(file, r, im.ci)
}

// ReadRelations streams a Table API JSON export of cmdb_rel_ci.
func (im *Importer) ReadRelations(file string, r io.Reader) error {
	return readJSON(file, r, im.relation)
}

// ReadCIsCSV streams a CSV list export of CIs; Options.Columns name its
// headers.
func (im *Importer) ReadCIsCSV(file string, r io.Reader) error {
	return readCSV(file, r, im.opts.Columns, []string{"sys_id", "name", "sys_class_name"}, im.ci)
}

// ReadRelationsCSV streams a CSV list export of cmdb_rel_ci, whose parent
// and child columns hold sys_ids or CI names.
func (im *Importer) ReadRelationsCSV(file string, r io.Reader) error {
	return readCSV(file, r, im.opts.Columns, []string{"parent", "child", "type"}, im.relation)
}

// ReadRelTypes streams a Table API JSON export of cmdb_rel_type, so that
// relationship exports made without display values, whose type is only a
// sys_id, can be mapped by type name. Names in Options.RelTypes win.
func (im *Importer) ReadRelTypes(file string, r io.Reader) error {
	if im.opts.RelTypes == nil {
		im.opts.RelTypes = map[string]string{}
	}
	return readJSON(file, r, func(rec record, ref ingest.Ref) {
		id, name := rec.get("sys_id").Value, rec.get("name").Display
		if _, set := im.opts.RelTypes[id]; !set && id != "" {
			im.opts.RelTypes[id] = name
		}
	})
}

// Result returns the model and the report of everything not mapped. Name
// is the model's name.
func (im *Importer) Result(name string) (*bcp.Document, *ingest.Report) {
	for id := range im.groups {
		im.b.Component(id).Virtual = true
	}
	doc := im.b.Document(name)
	return doc, &im.b.Report
}

func (im *Importer) ci(rec record, ref ingest.Ref) {
	sysID, name := rec.get("sys_id").Value, rec.get("name").Display
	ref.Key = fmt.Sprintf("%s, sys_id %s", name, sysID)
	if sysID == "" {
		im.b.Report.Skip(ref, "no sys_id")
		return
	}
	if first, dup := im.bySys[sysID]; dup {
		im.b.Report.Skip(ref, "duplicate of %s: the sys_id is exported twice", im.b.Component(first).Ref)
		return
	}
	class := rec.get("sys_class_name").Value
	if class == "" {
		im.b.Report.Skip(ref, "no sys_class_name, so no kind; export the sys_class_name field")
		return
	}
	kind, ok := im.opts.kind(class)
	if !ok {
		im.b.Report.Skip(ref, "class %q has no kind; map it with --kind %s=KIND", class, class)
		return
	}
	status := rec.get("operational_status")
	statusName := operationalStatus[status.Value]
	if statusName == "" {
		statusName = status.Display
	}
	if (status.Value == "6" || strings.EqualFold(statusName, "Retired")) && !im.opts.KeepRetired {
		im.b.Report.Skip(ref, "retired (operational_status 6)")
		im.bySys[sysID] = ""
		return
	}
	c := ingest.Component{ID: im.id(name, sysID), Name: name, Kind: kind, Ref: ref,
		Owner:       firstOf(rec.get("support_group").Display, rec.get("owned_by").Display),
		Tier:        tierOf(rec.get("busines_criticality").Value),
		ExternalIDs: map[string]string{"servicenow": sysID},
		Attributes:  map[string]any{"class": class}}
	if statusName != "" {
		c.Attributes["operational_status"] = statusName
	}
	if loc := rec.get("location").Display; loc != "" {
		c.Attributes["site"] = loc
	}
	im.b.Add(c)
	im.bySys[sysID] = c.ID
	if prev, seen := im.byName[name]; seen && prev != c.ID {
		im.byName[name] = ""
	} else {
		im.byName[name] = c.ID
	}
}

// id is the component id of a CI: a slug of its name, made unique with
// the start of its sys_id when another CI has the same slug.
func (im *Importer) id(name, sysID string) string {
	if im.opts.IDsFromSysID {
		return sysID
	}
	id := slug(name)
	if id == "" {
		return sysID
	}
	if im.b.Has(id) {
		id += "-" + sysID[:min(8, len(sysID))]
	}
	return id
}

// slug makes a CI name an id: lower case, letters, digits, . and _.
func slug(s string) string { return ingest.Slug(strings.ToLower(s), "._") }

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func (im *Importer) relation(rec record, ref ingest.Ref) {
	parent, child, typ := rec.get("parent"), rec.get("child"), rec.get("type")
	typeName := typ.Display
	if !strings.Contains(typeName, "::") {
		if n, ok := im.opts.RelTypes[typ.Value]; ok {
			typeName = n
		}
	}
	ref.Key = fmt.Sprintf("%s → %s, %s", im.name(parent), im.name(child), typeName)
	rel, ok := im.opts.relation(typeName)
	switch {
	case !ok && typeName == typ.Value && isSysID(typ.Value):
		im.b.Report.Skip(ref, "relationship type %q is only a reference; export with sysparm_display_value=all or give the cmdb_rel_type names", typ.Value)
		return
	case !ok:
		im.b.Report.Skip(ref, "relationship type %q is not mapped; map it with --relation %q=dependsOn|members|ignore[,reverse]", typeName, typeName)
		return
	case rel.Role == Ignore:
		im.b.Report.Skip(ref, "relationship type %q is ignored by configuration", typeName)
		return
	}
	from, okF := im.resolve(parent)
	to, okT := im.resolve(child)
	if !okF || !okT {
		var missing []string
		if !okF {
			missing = append(missing, "parent "+describe(parent))
		}
		if !okT {
			missing = append(missing, "child "+describe(child))
		}
		sort.Strings(missing)
		why := "not among the imported CIs (missing from the export, retired or skipped)"
		if im.ambiguous(parent) || im.ambiguous(child) {
			why = "ambiguous: several CIs have that name; export relationships with sys_ids"
		}
		im.b.Report.Skip(ref, "%s %s", strings.Join(missing, " and "), why)
		return
	}
	if rel.Reverse {
		from, to = to, from
	}
	if rel.Role == Members {
		im.groups[from] = true
		im.b.Member(from, to, ref)
		return
	}
	im.b.Depend(from, to, ref)
}

// name is how a report names a reference: the component it resolves to,
// else its display value, else its sys_id.
func (im *Importer) name(f field) string {
	if id, ok := im.resolve(f); ok {
		return id
	}
	return firstOf(f.Display, f.Value, "(empty)")
}

func describe(f field) string {
	if f.Display != f.Value && f.Display != "" {
		return fmt.Sprintf("%q (%s)", f.Display, f.Value)
	}
	if f.Value == "" {
		return "(empty)"
	}
	return fmt.Sprintf("%q", f.Value)
}

// ambiguous reports whether a reference names, by display name only, a CI
// name that several CIs share.
func (im *Importer) ambiguous(f field) bool {
	_, bySys := im.bySys[f.Value]
	id, byName := im.byName[f.Display]
	return !bySys && byName && id == ""
}

// resolve finds the component of a reference: by sys_id, or by CI name in
// CSV exports that show names.
func (im *Importer) resolve(f field) (string, bool) {
	if id, ok := im.bySys[f.Value]; ok {
		return id, id != ""
	}
	id, ok := im.byName[f.Display]
	return id, ok && id != ""
}

// isSysID reports whether s has the form of a ServiceNow sys_id (32
// hexadecimal digits): a relationship type exported as one is a reference
// to cmdb_rel_type, anything else a name that --relation can map.
func isSysID(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}
