package ingest

import (
	"maps"
	"slices"
	"sort"

	"github.com/continuitykit/continuity/bcp"
)

// Overlay joins kept, a hand-kept model (objectives, BIA, recovery,
// fallbacks, scenarios, rules, teams, people, roles, exercises), onto
// imported by component id and returns the joined document; neither
// argument is changed.
//
// A kept component whose id the import has adds to it: its non-empty
// fields win (name, kind, owner, description, tier, each objective,
// availability, virtual, fallbacks, recovery, BIA), its attributes are
// merged key by key over the imported ones, its tags are added, and its
// dependsOn entries come after the imported ones (hand-known requirements
// the source lacks), replacing an imported plain requirement on the same
// component. A kept component the import does not have and that
// has a kind is hand-modelled (paper forms, a team) and kept as it is; one
// without a kind only adds to a component that is gone at the source, and
// is reported in report so that the analyst sees it, never dropped in
// silence. Scenarios, rules, teams, people, roles, exercises, kinds and
// the BIA configuration come from kept.
func Overlay(imported, kept *bcp.Document, report *Report) *bcp.Document {
	out := *imported
	out.Components = slices.Clone(imported.Components)
	index := make(map[string]int, len(out.Components))
	for i, c := range out.Components {
		index[c.ID] = i
	}
	var ids []string // the imported ids, for a did-you-mean
	for _, k := range kept.Components {
		i, ok := index[k.ID]
		switch {
		case ok:
			join(&out.Components[i], &k)
		case k.Kind != "":
			out.Components = append(out.Components, k)
		default:
			if ids == nil {
				ids = make([]string, 0, len(imported.Components))
				for _, c := range imported.Components {
					ids = append(ids, c.ID)
				}
			}
			report.Skip(Ref{File: k.Pos.File, Line: k.Pos.Line, Key: k.ID},
				"kept facts for %q%s, which the import no longer has (renamed or retired at the source?); give it a kind to keep it as a hand-modelled component", k.ID, bcp.DidYouMean(k.ID, ids))
		}
	}
	sort.SliceStable(out.Components, func(i, j int) bool { return out.Components[i].ID < out.Components[j].ID })
	if kept.Name != "" {
		out.Name = kept.Name
	}
	if kept.Description != "" {
		out.Description = kept.Description
	}
	out.Kinds = append(slices.Clone(imported.Kinds), kept.Kinds...)
	out.Scenarios = append(slices.Clone(imported.Scenarios), kept.Scenarios...)
	out.Rules = append(slices.Clone(imported.Rules), kept.Rules...)
	out.Teams = append(slices.Clone(imported.Teams), kept.Teams...)
	out.People = append(slices.Clone(imported.People), kept.People...)
	out.Roles = append(slices.Clone(imported.Roles), kept.Roles...)
	out.Exercises = append(slices.Clone(imported.Exercises), kept.Exercises...)
	if kept.BIA != nil {
		out.BIA = kept.BIA
	}
	out.Files = append(slices.Clone(imported.Files), kept.Files...)
	return &out
}

// join adds the facts of k to c (see Overlay).
func join(c *bcp.Component, k *bcp.Component) {
	setIf(&c.Name, k.Name)
	setIf(&c.Kind, k.Kind)
	setIf(&c.Owner, k.Owner)
	setIf(&c.Description, k.Description)
	setIf(&c.Tier, k.Tier)
	setIf(&c.Objectives.RTO, k.Objectives.RTO)
	setIf(&c.Objectives.RPO, k.Objectives.RPO)
	setIf(&c.Objectives.MTPD, k.Objectives.MTPD)
	setIf(&c.Objectives.Availability, k.Objectives.Availability)
	if k.Availability != 0 || k.AlwaysDown {
		c.Availability, c.AlwaysDown = k.Availability, k.AlwaysDown
	}
	c.Virtual = c.Virtual || k.Virtual
	if len(k.Attributes) > 0 {
		attrs := maps.Clone(c.Attributes)
		if attrs == nil {
			attrs = map[string]any{}
		}
		maps.Copy(attrs, k.Attributes)
		c.Attributes = attrs
	}
	for _, t := range k.Tags {
		if !slices.Contains(c.Tags, t) {
			c.Tags = append(slices.Clip(c.Tags), t)
		}
	}
	c.DependsOn = joinDependencies(c.DependsOn, k.DependsOn)
	if len(k.Fallbacks) > 0 {
		c.Fallbacks = k.Fallbacks
	}
	if k.Recovery != nil {
		c.Recovery = k.Recovery
	}
	if k.BIA != nil {
		c.BIA = k.BIA
	}
}

// joinDependencies appends the kept requirements to the imported ones. A
// kept plain requirement replaces an imported one on the same component
// (the analyst's tolerance or note wins), so that the source learning a
// relation the analyst already added never makes it a duplicate.
func joinDependencies(imported, kept []bcp.Dependency) []bcp.Dependency {
	keptIDs := map[string]bool{}
	for _, d := range kept {
		if d.Kind == bcp.Requires {
			keptIDs[d.ID] = true
		}
	}
	out := make([]bcp.Dependency, 0, len(imported)+len(kept))
	for _, d := range imported {
		if d.Kind != bcp.Requires || !keptIDs[d.ID] {
			out = append(out, d)
		}
	}
	return append(out, kept...)
}

func setIf[T comparable](dst *T, v T) {
	var zero T
	if v != zero {
		*dst = v
	}
}
