package ingest

import (
	"sort"
	"strings"
	"unicode"

	"github.com/continuitykit/continuity/bcp"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Component is an imported component: the fields of bcp.Component that
// source systems know, plus the ids other systems give it.
type Component struct {
	ID          string
	Name        string
	Kind        bcp.Kind
	Owner       string
	Description string
	Tier        int
	// Virtual marks pure groupings (a cluster, an API) that cannot fail by
	// themselves.
	Virtual    bool
	Attributes map[string]any
	Tags       []string
	// ExternalIDs maps a system ("servicenow", "pagerduty") to the
	// component's id there, so that incidents that name it there find it.
	ExternalIDs map[string]string
	Ref         Ref
}

// ValidID reports whether id can be a component id: not empty, and only
// ASCII letters, digits and . _ : / -, the rule bcp.Compile applies (which
// keeps its own check unexported).
func ValidID(id string) bool {
	if id == "" {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._:/-", r)) {
			return false
		}
	}
	return true
}

// FoldAccents removes the accents of letters (é → e, ü → u, ñ → n), so
// that an id made from a name ("Café Système") stays readable
// ("cafe-systeme") under the id rule, which allows ASCII letters only.
// Letters without an unaccented form (ß, 東) are kept as they are.
func FoldAccents(s string) string {
	out, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err != nil {
		return s
	}
	return out
}

// Slug makes a name an id: accents folded (FoldAccents), ASCII letters,
// digits and the runes of keep kept, every run of anything else one dash
// (none at the start or the end). With keep "._:/-" the result is a valid
// id unless empty.
func Slug(name, keep string) string {
	var b strings.Builder
	dash := false
	for _, r := range FoldAccents(name) {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(keep, r)) {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ExternalIDAttribute is the attribute under which a component's id in a
// system other than ServiceNow is kept (ServiceNow sys_ids go to the
// model's externalIds): rules and integrations read them there.
func ExternalIDAttribute(system string) string {
	if system == "servicenow" {
		return "sys_id"
	}
	return system + "_id"
}

type relKind uint8

const (
	relDepends relKind = iota // from requires to
	relMember                 // from (a group) is up while any member to is up
)

type relation struct {
	from, to int32
	kind     relKind
	ref      Ref
}

// Builder collects components and relations from one import. Relations
// may be added before the components they name (CMDB exports come in two
// files); unknown names are reported when Document is called. The zero
// value is ready to use.
type Builder struct {
	// Report is filled in as records are skipped; Document completes it.
	Report Report
	comps  []Component
	index  map[string]int32
	rels   []relation
	// names are the ids relations refer to, interned; names[i] for
	// i < len(comps) is comps[i].ID once Document resolves them.
	names []string
	refs  map[string]int32
	teams []bcp.Team
}

// AddTeam adds a team (the owners that carry out recovery), for sources
// that know them; Document lists teams sorted by id.
func (b *Builder) AddTeam(t bcp.Team) { b.teams = append(b.teams, t) }

// Add adds a component. One without a valid id, or with the id of one
// added before, is skipped and reported (naming the first one's record); Add
// returns false then.
func (b *Builder) Add(c Component) bool {
	if !ValidID(c.ID) {
		b.Report.Skip(c.Ref, "%q cannot be a component id (letters, digits and . _ : / - only)", c.ID)
		return false
	}
	if b.index == nil {
		b.index = map[string]int32{}
	}
	if i, dup := b.index[c.ID]; dup {
		b.Report.Skip(c.Ref, "duplicate of %s: the id %q is taken", b.comps[i].Ref, c.ID)
		return false
	}
	b.index[c.ID] = int32(len(b.comps))
	b.comps = append(b.comps, c)
	return true
}

// Has reports whether a component with id was added.
func (b *Builder) Has(id string) bool {
	_, ok := b.index[id]
	return ok
}

// Component returns the component added with id, for importers that fill
// in fields from later records (a PagerDuty service list after its
// relationships); it is nil when there is none.
func (b *Builder) Component(id string) *Component {
	if i, ok := b.index[id]; ok {
		return &b.comps[i]
	}
	return nil
}

func (b *Builder) intern(id string) int32 {
	if b.refs == nil {
		b.refs = map[string]int32{}
	}
	if i, ok := b.refs[id]; ok {
		return i
	}
	i := int32(len(b.names))
	b.refs[id] = i
	b.names = append(b.names, id)
	return i
}

// Depend records that from requires to; rec names the source relation.
func (b *Builder) Depend(from, to string, rec Ref) {
	b.rels = append(b.rels, relation{b.intern(from), b.intern(to), relDepends, rec})
}

// Member records that member belongs to the redundancy group that group
// stands for: group is up while at least one of its members is up.
func (b *Builder) Member(group, member string, rec Ref) {
	b.rels = append(b.rels, relation{b.intern(group), b.intern(member), relMember, rec})
}

// Len is the number of components added so far.
func (b *Builder) Len() int { return len(b.comps) }

// sortedComponents returns the component indices in id order and the
// rank of each index in that order.
func (b *Builder) sortedComponents() (order, rank []int32) {
	order = make([]int32, len(b.comps))
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(x, y int) bool { return b.comps[order[x]].ID < b.comps[order[y]].ID })
	rank = make([]int32, len(b.comps))
	for r, i := range order {
		rank[i] = int32(r)
	}
	return order, rank
}

// layerOrder returns order sorted by kind layer (services first, then
// applications, data, infrastructure, networks, sites, suppliers, people,
// other kinds), ids breaking ties. A search from the top layer down meets a
// cycle's upward relation last, so that is the relation it cuts: a
// database "depending on" the application that uses it, more often than
// the other way round.
func (b *Builder) layerOrder(order []int32) []int32 {
	layer := func(k bcp.Kind) int {
		for i, bk := range bcp.BuiltinKinds {
			if k == bk {
				return i
			}
		}
		return len(bcp.BuiltinKinds)
	}
	out := append([]int32(nil), order...)
	sort.SliceStable(out, func(x, y int) bool { return layer(b.comps[out[x]].Kind) < layer(b.comps[out[y]].Kind) })
	return out
}
