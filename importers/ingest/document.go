package ingest

import (
	"maps"
	"sort"

	"github.com/continuitykit/continuity/bcp"
)

// maxCycleShown bounds the ids a cut names for its cycle: a cycle through a
// large tangle of CMDB relations is shown by its two ends.
const maxCycleShown = 40

// Document resolves the relations, cuts cycles and returns the imported
// model: components sorted by id, each with its requirements sorted by id
// and its redundancy group (if any) last. Relations naming an id that was
// never added, relations of a component to itself and repeated relations
// are skipped and reported. The Report is complete afterwards.
func (b *Builder) Document(name string) *bcp.Document {
	order, rank := b.sortedComponents()
	kept := b.resolve(rank)
	adj, off := csr(len(b.comps), kept, rank)
	cut := b.cutCycles(b.layerOrder(order), adj, off, kept)
	doc := &bcp.Document{Version: 1, Name: name, Components: make([]bcp.Component, 0, len(b.comps))}
	for _, i := range order {
		c := &b.comps[i]
		bc := bcp.Component{ID: c.ID, Name: c.Name, Kind: c.Kind, Owner: c.Owner, Description: c.Description,
			Tier: c.Tier, Virtual: c.Virtual, Tags: c.Tags, Attributes: attributes(c)}
		if id, ok := c.ExternalIDs[uniqueSystem]; ok {
			bc.ExternalIDs = map[string]string{uniqueSystem: id}
		}
		var members []string
		for _, e := range adj[off[i]:off[i+1]] {
			if cut[e] {
				continue
			}
			to := b.comps[kept[e].to].ID
			if kept[e].kind == relMember {
				members = append(members, to)
				continue
			}
			bc.DependsOn = append(bc.DependsOn, bcp.Dependency{Kind: bcp.Requires, ID: to})
			b.Report.Dependencies++
		}
		switch len(members) {
		case 0:
		case 1:
			bc.DependsOn = append(bc.DependsOn, bcp.Dependency{Kind: bcp.Requires, ID: members[0]})
			b.Report.Dependencies++
		default:
			bc.DependsOn = append(bc.DependsOn, bcp.Dependency{Kind: bcp.AnyOf, Members: members})
			b.Report.Groups++
		}
		doc.Components = append(doc.Components, bc)
	}
	doc.Teams = b.teams
	sort.SliceStable(doc.Teams, func(i, j int) bool { return doc.Teams[i].ID < doc.Teams[j].ID })
	b.Report.Components = len(doc.Components)
	b.Report.Sort()
	return doc
}

// uniqueSystem is the outside system whose ids name one component each
// (a CMDB sys_id): they go to the model's externalIds, which an incident
// names CIs by. Other systems' ids (a PagerDuty service several Backstage
// components share) stay attributes, where one id may appear many times.
const uniqueSystem = "servicenow"

func attributes(c *Component) map[string]any {
	if len(c.Attributes) == 0 && len(c.ExternalIDs) == 0 {
		return nil
	}
	out := maps.Clone(c.Attributes)
	if out == nil {
		out = map[string]any{}
	}
	for sys, id := range c.ExternalIDs {
		if sys != uniqueSystem {
			out[ExternalIDAttribute(sys)] = id
		}
	}
	return out
}

// resolve maps relation names to component indices, skipping and reporting
// what cannot be mapped, and returns the rest sorted by source, then target
// id, the first record of a repeated pair winning.
func (b *Builder) resolve(rank []int32) []relation {
	comp := make([]int32, len(b.names))
	for n, id := range b.names {
		comp[n] = -1
		if i, ok := b.index[id]; ok {
			comp[n] = i
		}
	}
	kept := make([]relation, 0, len(b.rels))
	for _, r := range b.rels {
		from, to := comp[r.from], comp[r.to]
		switch {
		case from < 0 && to < 0:
			b.Report.Skip(r.ref, "neither %q nor %q is an imported component", b.names[r.from], b.names[r.to])
		case from < 0:
			b.Report.Skip(r.ref, "%q is not an imported component (missing or skipped)", b.names[r.from])
		case to < 0:
			b.Report.Skip(r.ref, "%q is not an imported component (missing or skipped)", b.names[r.to])
		case from == to:
			b.Report.Skip(r.ref, "%q relates to itself", b.names[r.from])
		default:
			kept = append(kept, relation{from, to, r.kind, r.ref})
		}
	}
	b.rels, b.names, b.refs = nil, nil, nil // no second copy while the document is built
	sort.SliceStable(kept, func(x, y int) bool {
		a, c := kept[x], kept[y]
		if a.from != c.from {
			return rank[a.from] < rank[c.from]
		}
		return rank[a.to] < rank[c.to]
	})
	out := kept[:0]
	for _, r := range kept {
		if n := len(out); n > 0 && r.from == out[n-1].from && r.to == out[n-1].to {
			b.Report.Skip(r.ref, "repeats %s between %q and %q", out[n-1].ref, b.comps[r.from].ID, b.comps[r.to].ID)
			continue
		}
		out = append(out, r)
	}
	return out
}

// csr returns, for every component index, the positions in rels of its
// outgoing relations (rels is sorted by source already): adj[off[i]:off[i+1]].
func csr(n int, rels []relation, rank []int32) (adj []int32, off []int32) {
	off = make([]int32, n+1)
	for _, r := range rels {
		off[r.from+1]++
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	adj = make([]int32, len(rels))
	next := append([]int32(nil), off[:n]...)
	for e, r := range rels {
		adj[next[r.from]] = int32(e)
		next[r.from]++
	}
	return adj, off
}

// cutCycles runs a depth-first search from every component in the given order and
// cuts each relation that leads back into the current path (a back edge):
// without them the graph is acyclic, and the search order makes the choice
// the same on every run. Each cut is reported with the cycle it closed.
func (b *Builder) cutCycles(order, adj, off []int32, rels []relation) []bool {
	cut := make([]bool, len(rels))
	const (
		white = iota
		onPath
		done
	)
	state := make([]uint8, len(b.comps))
	pathPos := make([]int32, len(b.comps))
	var path, next []int32 // the current path and, per path entry, the next adj offset
	for _, root := range order {
		if state[root] != white {
			continue
		}
		path, next = append(path[:0], root), append(next[:0], off[root])
		state[root], pathPos[root] = onPath, 0
		for len(path) > 0 {
			top := len(path) - 1
			u := path[top]
			if next[top] == off[u+1] {
				state[u] = done
				path, next = path[:top], next[:top]
				continue
			}
			e := adj[next[top]]
			next[top]++
			v := rels[e].to
			switch state[v] {
			case white:
				state[v], pathPos[v] = onPath, int32(len(path))
				path, next = append(path, v), append(next, off[v])
			case onPath:
				cut[e] = true
				b.Report.Cuts = append(b.Report.Cuts, Cut{Record: rels[e].ref, From: b.comps[u].ID, To: b.comps[v].ID, Cycle: b.cycleIDs(path[pathPos[v]:])})
			}
		}
	}
	return cut
}

func (b *Builder) cycleIDs(path []int32) []string {
	ids := make([]string, 0, min(len(path), maxCycleShown+1))
	for k, i := range path {
		if len(path) > maxCycleShown && k == maxCycleShown/2 {
			ids = append(ids, "…")
			path = path[len(path)-maxCycleShown/2:]
			break
		}
		ids = append(ids, b.comps[i].ID)
	}
	if len(ids) > 0 && ids[len(ids)-1] == "…" {
		for _, i := range path {
			ids = append(ids, b.comps[i].ID)
		}
	}
	return ids
}
