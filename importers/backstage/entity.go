package backstage

import (
	"strings"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/ingest"
)

func (im *Importer) entity(e *entity, ref ingest.Ref) {
	kind := strings.ToLower(e.Kind)
	if e.Metadata.Name == "" {
		im.b.Report.Skip(ref, "%s entity without metadata.name", e.Kind)
		return
	}
	name := e.Metadata.Name
	if e.Metadata.Namespace != "" {
		name = e.Metadata.Namespace + "/" + name
	}
	id, err := parseRef(kind+":"+name, "")
	if err != nil {
		im.b.Report.Skip(ref, "%v", err)
		return
	}
	ref.Key = id
	switch kind {
	case "group":
		im.b.AddTeam(bcp.Team{ID: strings.TrimPrefix(id, "group:"), Name: e.Spec.Profile.DisplayName, Contact: e.Spec.Profile.Email})
		return
	case "user":
		im.b.Report.Skip(ref, "users own entities by reference; only groups become teams")
		return
	case "component", "resource", "api", "system":
	default:
		im.b.Report.Skip(ref, "%s entities carry no runtime dependencies", e.Kind)
		return
	}
	mk, ok := im.kind(kind, e.Spec.Type)
	if !ok {
		im.b.Report.Skip(ref, "%s of type %q is not run (map it with a kind for %s/%s to import it)", e.Kind, e.Spec.Type, kind, strings.ToLower(e.Spec.Type))
		return
	}
	c := ingest.Component{ID: id, Name: e.Metadata.Title, Kind: mk, Description: strings.TrimSpace(e.Metadata.Description),
		Owner: owner(e.Spec.Owner), Tags: e.Metadata.Tags, Virtual: kind == "api", Ref: ref,
		ExternalIDs: map[string]string{}, Attributes: map[string]any{}}
	if e.Spec.Type != "" {
		c.Attributes["type"] = e.Spec.Type
	}
	if e.Spec.Lifecycle != "" {
		c.Attributes["lifecycle"] = e.Spec.Lifecycle
	}
	if len(e.Metadata.Annotations) > 0 {
		ann := make(map[string]any, len(e.Metadata.Annotations))
		for k, v := range e.Metadata.Annotations {
			ann[k] = v
		}
		c.Attributes["annotations"] = ann
		if pd := e.Metadata.Annotations["pagerduty.com/service-id"]; pd != "" {
			c.ExternalIDs["pagerduty"] = pd
		}
	}
	if !im.b.Add(c) {
		return
	}
	im.relations(e, id, kind, ref)
}

func (im *Importer) kind(kind, typ string) (bcp.Kind, bool) {
	key := kind + "/" + strings.ToLower(typ)
	if k, ok := im.opts.Kinds[key]; ok {
		return k, k != ""
	}
	if k, ok := DefaultKinds[key]; ok {
		return k, k != ""
	}
	switch kind {
	case "component":
		return bcp.KindApplication, true
	case "system":
		return bcp.KindService, true
	case "api":
		return bcp.KindApplication, true
	}
	return bcp.KindInfrastructure, true
}

func (im *Importer) relations(e *entity, id, kind string, ref ingest.Ref) {
	// at is the entry's own line, so that a skipped relation names it.
	at := func(field string, i int) ingest.Ref {
		r := ref
		if ls := im.lines[field]; i < len(ls) {
			r.Line = ls[i]
		}
		return r
	}
	add := func(list []string, field, defKind string, fn func(target string, r ingest.Ref)) {
		for i, s := range list {
			target, err := parseRef(s, defKind)
			if err != nil {
				im.b.Report.Skip(at(field, i), "spec.%s: %v", field, err)
				continue
			}
			fn(target, at(field, i))
		}
	}
	add(e.Spec.DependsOn, "dependsOn", "", func(t string, r ingest.Ref) { im.rels = append(im.rels, pending{id, t, false, r}) })
	add(e.Spec.ConsumesAPIs, "consumesApis", "api", func(t string, r ingest.Ref) { im.rels = append(im.rels, pending{id, t, false, r}) })
	add(e.Spec.ProvidesAPIs, "providesApis", "api", func(t string, r ingest.Ref) { im.rels = append(im.rels, pending{t, id, true, r}) })
	if e.Spec.SubcomponentOf != "" {
		add([]string{e.Spec.SubcomponentOf}, "subcomponentOf", "component", func(t string, r ingest.Ref) { im.rels = append(im.rels, pending{t, id, false, r}) })
	}
	if e.Spec.System != "" && kind == "component" {
		if sys, err := parseRef(e.Spec.System, "system"); err == nil {
			im.systems[sys] = append(im.systems[sys], id)
		} else {
			im.b.Report.Skip(at("system", 0), "spec.system: %v", err)
		}
	}
}
