package bcp

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	goccy "github.com/goccy/go-yaml"
	goccyparser "github.com/goccy/go-yaml/parser"
	"go.yaml.in/yaml/v3"
)

// maxNodes bounds the nodes one file may expand to, so that YAML aliases
// ("billion laughs") and merge keys cannot exhaust memory. A file without
// aliases has fewer nodes than bytes, so the bound is a few nodes per byte
// of the file, at least minNodes and at most maxNodes: a 400-byte alias bomb
// stops after a million nodes, not fifty million.
const (
	maxNodes = 50_000_000
	minNodes = 1_000_000
)

// nodeLimit is the node bound of a file of size bytes.
func nodeLimit(size int) int { return min(maxNodes, max(minNodes, 4*size)) }

// decoder turns a yaml.Node tree (from YAML, or built from JSON) into a
// Document, recording every problem instead of stopping at the first.
type decoder struct {
	file       string
	probs      Problems
	nodes      int
	mergeDepth int
	// limit is the node bound (nodeLimit); tooLarge is set once it is
	// passed, after which every node reads as null and no further problem
	// is reported, so that expansion stops wherever the value lands.
	limit    int
	tooLarge bool
}

// nullNode is what every node reads as once a document is too large.
var nullNode = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}

// maxMergeDepth bounds merge keys within merge keys.
const maxMergeDepth = 64

func (d *decoder) pos(n *yaml.Node) Position {
	return Position{File: d.file, Line: n.Line, Col: n.Column}
}

// exprPos is where the text of a scalar starts: after an opening quote, or on
// the line after a block scalar's indicator.
func (d *decoder) exprPos(n *yaml.Node) Position {
	p := d.pos(n)
	switch n.Style {
	case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
		p.Col++
	case yaml.LiteralStyle, yaml.FoldedStyle:
		p.Line++
	}
	return p
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	if d.tooLarge {
		return
	}
	d.probs.add(d.pos(n), nil, format, args...)
}

// resolve follows aliases and counts nodes against the node bound.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if d.tooLarge {
		return nullNode
	}
	d.nodes++
	if d.limit == 0 {
		d.limit = maxNodes
	}
	if d.nodes > d.limit {
		d.errorf(n, "document too large: more than %d nodes after expanding aliases and merge keys (a file of this size may have at most %d)", d.limit, d.limit)
		d.tooLarge = true
		return nullNode
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "null"
		case "!!str":
			return fmt.Sprintf("the string %q", n.Value)
		}
		return n.Value
	}
	return "nothing"
}

// mergedPairs returns a mapping's key/value nodes with YAML merge keys
// (<<: *defaults, or a list of aliases) applied: keys written in the
// mapping win over merged ones, and earlier merge sources over later ones.
func (d *decoder) mergedPairs(n *yaml.Node, what string) ([]*yaml.Node, bool) {
	d.mergeDepth++
	defer func() { d.mergeDepth-- }()
	if d.mergeDepth > maxMergeDepth {
		d.errorf(n, "merge keys (<<) nested more than %d deep in %s (an alias that merges itself?)", maxMergeDepth, what)
		return nil, false
	}
	if plainPairs(n) {
		// No merge key and no alias: the mapping's own pairs, counted
		// against the node bound, without a copy (JSON is always so).
		for _, x := range n.Content {
			d.resolve(x)
		}
		return n.Content[:len(n.Content)&^1], true
	}
	var explicit, merged []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := d.resolve(n.Content[i]), d.resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode || k.Value != "<<" || k.Style != 0 {
			explicit = append(explicit, k, v)
			continue
		}
		sources := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			sources = sources[:0]
			for _, x := range v.Content {
				sources = append(sources, d.resolve(x))
			}
		}
		for _, src := range sources {
			if src.Kind != yaml.MappingNode {
				d.errorf(src, "a merge key (<<) in %s takes a mapping or a list of mappings, not %s", what, kindName(src))
				return nil, false
			}
			sub, ok := d.mergedPairs(src, what)
			if !ok {
				return nil, false
			}
			merged = append(merged, sub...)
		}
	}
	if merged == nil {
		return explicit, true
	}
	have := map[string]bool{}
	for i := 0; i < len(explicit); i += 2 {
		have[explicit[i].Value] = true
	}
	out := explicit
	for i := 0; i+1 < len(merged); i += 2 {
		if !have[merged[i].Value] {
			have[merged[i].Value] = true
			out = append(out, merged[i], merged[i+1])
		}
	}
	return out, true
}

// plainPairs reports whether a mapping has neither merge keys nor aliases,
// so that its pairs are what it says.
func plainPairs(n *yaml.Node) bool {
	for i, x := range n.Content {
		if x.Kind == yaml.AliasNode || (i%2 == 0 && x.Value == "<<" && x.Kind == yaml.ScalarNode && x.Style == 0) {
			return false
		}
	}
	return true
}

// fields walks a mapping, calling fn for every known key and reporting unknown
// and duplicate keys with the list of valid ones.
func (d *decoder) fields(n *yaml.Node, what string, valid []string, fn func(key string, k, v *yaml.Node)) bool {
	n = d.resolve(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping, not %s", what, kindName(n))
		return false
	}
	pairs, ok := d.mergedPairs(n, what)
	if !ok {
		return false
	}
	// Duplicates are looked for among the keys before: a map per mapping
	// cost more than the scan for the few fields a mapping here has.
	var seen map[string]*yaml.Node
	if len(pairs) > 2*maxScanFields {
		seen = make(map[string]*yaml.Node, len(pairs)/2)
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		k, v := pairs[i], pairs[i+1]
		if d.tooLarge {
			return false
		}
		key := k.Value
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "keys of %s must be plain names", what)
			continue
		}
		if prev := earlierKey(pairs[:i], key, seen); prev != nil {
			d.errorf(k, "duplicate field %q in %s (first at line %d)", key, what, prev.Line)
			continue
		}
		if seen != nil {
			seen[key] = k
		}
		if !contains(valid, key) {
			if what == "the model" && strings.HasPrefix(key, "x-") {
				continue // extension fields: a place for YAML anchors
			}
			d.errorf(k, "unknown field %q in %s%s; valid fields: %s", key, what, didYouMean(key, valid), strings.Join(valid, ", "))
			continue
		}
		fn(key, k, v)
	}
	return true
}

// maxScanFields is the most keys a mapping may have for its duplicates to
// be found by scanning instead of with a map.
const maxScanFields = 24

// earlierKey returns the scalar key among pairs' keys equal to key, from
// seen when the mapping is large enough to have one.
func earlierKey(pairs []*yaml.Node, key string, seen map[string]*yaml.Node) *yaml.Node {
	if seen != nil {
		return seen[key]
	}
	for i := 0; i < len(pairs); i += 2 {
		if pairs[i].Kind == yaml.ScalarNode && pairs[i].Value == key {
			return pairs[i]
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (d *decoder) seq(n *yaml.Node, what string, fn func(i int, v *yaml.Node)) {
	n = d.resolve(n)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s must be a list, not %s", what, kindName(n))
		return
	}
	for i, v := range n.Content {
		fn(i, d.resolve(v))
		if d.tooLarge {
			return
		}
	}
}

func (d *decoder) str(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		d.errorf(n, "%s must be text, not %s", what, kindName(n))
		return ""
	}
	return n.Value
}

func (d *decoder) strList(n *yaml.Node, what string) ([]string, []Position) {
	var out []string
	var pos []Position
	if n.Kind == yaml.SequenceNode && len(n.Content) > 0 {
		out, pos = make([]string, 0, len(n.Content)), make([]Position, 0, len(n.Content))
	}
	d.seq(n, what, func(i int, v *yaml.Node) {
		out = append(out, d.str(v, what+" entries"))
		pos = append(pos, d.pos(v))
	})
	return out, pos
}

// textList is strList for lists whose entries' positions are not kept.
func (d *decoder) textList(n *yaml.Node, what string) []string {
	var out []string
	if n.Kind == yaml.SequenceNode && len(n.Content) > 0 {
		out = make([]string, 0, len(n.Content))
	}
	d.seq(n, what, func(i int, v *yaml.Node) { out = append(out, d.str(v, what+" entries")) })
	return out
}

func (d *decoder) integer(n *yaml.Node, what string) (int, bool) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" {
		if v, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil && v >= math.MinInt32 && v <= math.MaxInt32 {
			return int(v), true
		}
	}
	d.errorf(n, "%s must be a whole number, not %s", what, kindName(n))
	return 0, false
}

func (d *decoder) number(n *yaml.Node, what string) (float64, bool) {
	if n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!int" || n.ShortTag() == "!!float") {
		if v, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
			return v, true
		}
	}
	d.errorf(n, "%s must be a number, not %s", what, kindName(n))
	return 0, false
}

func (d *decoder) boolean(n *yaml.Node, what string) bool {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
	}
	d.errorf(n, "%s must be true or false, not %s", what, kindName(n))
	return false
}

func (d *decoder) probability(n *yaml.Node, what string) *float64 {
	v, ok := d.number(n, what)
	if !ok {
		return nil
	}
	if v < 0 || v > 1 {
		d.errorf(n, "%s must be a probability between 0 and 1 (e.g. 0.999), not %s", what, n.Value)
		return nil
	}
	return &v
}

// availabilityTarget decodes objectives.availability: a target above 0
// (0 would accept a component that is always down, so it is refused rather
// than read as "no target").
func (d *decoder) availabilityTarget(n *yaml.Node) float64 {
	a := d.probability(n, "objectives.availability")
	if a == nil {
		return 0
	}
	if *a == 0 {
		d.errorf(n, "objectives.availability is a target above 0 and at most 1 (e.g. 0.999), not 0; leave it out for no target")
	}
	return *a
}

func (d *decoder) duration(n *yaml.Node, what string) time.Duration {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" && n.Value != "0" {
		d.errorf(n, "%s %s has no unit; write it as %ss, %sm or %sh", what, n.Value, n.Value, n.Value, n.Value)
		return 0
	}
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		d.errorf(n, "%s must be a duration such as 4h or 1d12h, not %s", what, kindName(n))
		return 0
	}
	v, err := ParseDuration(n.Value)
	if err != nil {
		d.probs.add(d.pos(n), err, "%s: %v", what, err)
	}
	return v
}

// timeObjective reads an RTO or MTPD. A declared 0 is an error rather than
// a silent "none": Objectives reads 0 as not declared, so an RTO of 0 would
// never be breached, the opposite of what it says.
func (d *decoder) timeObjective(n *yaml.Node, what string) time.Duration {
	v := d.duration(n, what)
	if _, err := ParseDuration(n.Value); v == 0 && err == nil && n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" {
		d.errorf(n, "%s: 0 is not supported (it would read as no %s and never be breached); give the longest tolerable outage, e.g. 1m, or leave %s out for none", what, strings.ToUpper(what), what)
	}
	return v
}

// value converts free-form YAML (attributes) to Go values: map[string]any,
// []any, string, int, float64, bool or nil.
func (d *decoder) value(n *yaml.Node) any {
	n = d.resolve(n)
	switch n.Kind {
	case yaml.MappingNode:
		pairs, ok := d.mergedPairs(n, "a mapping")
		if !ok {
			return nil
		}
		m := make(map[string]any, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			k := pairs[i]
			if _, dup := m[k.Value]; dup {
				d.errorf(k, "duplicate key %q", k.Value)
			}
			m[k.Value] = d.value(pairs[i+1])
		}
		return m
	case yaml.SequenceNode:
		l := make([]any, len(n.Content))
		for i, v := range n.Content {
			l[i] = d.value(v)
		}
		return l
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil
		case "!!bool":
			return d.boolean(n, "value")
		case "!!int":
			if v, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
				return int(v)
			}
			var v any
			if err := n.Decode(&v); err == nil {
				return v
			}
		case "!!float":
			var v float64
			if err := n.Decode(&v); err == nil {
				return v
			}
		}
		return n.Value
	}
	return nil
}

var (
	documentFields   = []string{"version", "name", "description", "kinds", "components", "scenarios", "rules", "teams", "people", "roles", "exercises", "bia", "currency", "riskAppetite", "riskMatrix", "risks", "controls"}
	kindFields       = []string{"name", "description"}
	componentFields  = []string{"id", "name", "kind", "owner", "description", "tier", "objectives", "attributes", "tags", "externalIds", "availability", "virtual", "dependsOn", "fallbacks", "recovery", "bia"}
	teamFields       = []string{"id", "name", "contact", "capacity", "members", "alternates"}
	recoveryFields   = []string{"team", "strategies"}
	strategyFields   = []string{"type", "name", "time", "dataLoss", "requires", "copies", "media", "offsite", "tested"}
	objectiveFields  = []string{"rto", "rpo", "mtpd", "availability"}
	dependencyFields = []string{"id", "anyOf", "atLeast", "of", "tolerance", "note"}
	fallbackFields   = []string{"name", "description", "capacity", "activation", "maxDuration", "requires", "backlogPerHour"}
	scenarioFields   = []string{"id", "name", "description", "disrupt"}
	disruptFields    = []string{"id", "select", "at", "for", "recoverAfter", "fraction", "seed"}
	ruleFields       = []string{"name", "description", "when", "check", "set", "severity", "message"}
)

func (d *decoder) document(root *yaml.Node, doc *Document) {
	root = d.resolve(root)
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return
		}
		root = d.resolve(root.Content[0])
	}
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return
	}
	d.fields(root, "the model", documentFields, func(key string, k, v *yaml.Node) {
		if d.riskSection(key, v, doc) {
			return
		}
		switch key {
		case "version":
			if ver, ok := d.integer(v, "version"); ok {
				doc.Version, doc.VersionPos = ver, d.pos(v)
			}
		case "name":
			doc.Name = d.str(v, "name")
		case "description":
			doc.Description = d.str(v, "description")
		case "kinds":
			d.seq(v, "kinds", func(_ int, e *yaml.Node) {
				kd := KindDecl{Pos: d.pos(e)}
				if e.Kind == yaml.ScalarNode {
					kd.Name = Kind(d.str(e, "a kind"))
				} else {
					d.fields(e, "a kind", kindFields, func(key string, _, v *yaml.Node) {
						switch key {
						case "name":
							kd.Name = Kind(d.str(v, "kind name"))
						case "description":
							kd.Description = d.str(v, "description")
						}
					})
				}
				doc.Kinds = append(doc.Kinds, kd)
			})
		case "components":
			if v.Kind == yaml.SequenceNode {
				doc.Components = make([]Component, 0, len(v.Content))
			}
			d.seq(v, "components", func(_ int, e *yaml.Node) {
				doc.Components = append(doc.Components, d.component(e))
			})
		case "scenarios":
			d.seq(v, "scenarios", func(_ int, e *yaml.Node) {
				doc.Scenarios = append(doc.Scenarios, d.scenario(e))
			})
		case "rules":
			d.seq(v, "rules", func(_ int, e *yaml.Node) {
				doc.Rules = append(doc.Rules, d.rule(e))
			})
		case "bia":
			doc.BIA = d.biaConfig(v)
		case "people":
			d.seq(v, "people", func(_ int, e *yaml.Node) { doc.People = append(doc.People, d.person(e)) })
		case "roles":
			d.seq(v, "roles", func(_ int, e *yaml.Node) { doc.Roles = append(doc.Roles, d.role(e)) })
		case "exercises":
			d.seq(v, "exercises", func(_ int, e *yaml.Node) { doc.Exercises = append(doc.Exercises, d.exercise(e)) })
		case "teams":
			d.seq(v, "teams", func(_ int, e *yaml.Node) {
				tm := Team{Pos: d.pos(e)}
				d.fields(e, "a team", teamFields, func(key string, _, v *yaml.Node) {
					switch key {
					case "id":
						tm.ID, tm.Pos = d.str(v, "id"), d.pos(v)
					case "name":
						tm.Name = d.str(v, "name")
					case "contact":
						tm.Contact = d.str(v, "contact")
					case "capacity":
						if c, ok := d.integer(v, "capacity"); ok {
							if c < 1 {
								d.errorf(v, "capacity is how many steps the team works on at once, 1 or more, not %d", c)
							}
							tm.Capacity = c
						}
					case "members":
						tm.Members = d.members(v, "members")
					case "alternates":
						tm.Alternates = d.members(v, "alternates")
					}
				})
				doc.Teams = append(doc.Teams, tm)
			})
		}
	})
}

func (d *decoder) component(n *yaml.Node) Component {
	c := Component{Pos: d.pos(n)}
	var availability *yaml.Node
	d.fields(n, "a component", componentFields, func(key string, k, v *yaml.Node) {
		switch key {
		case "id":
			c.ID = d.str(v, "id")
			c.Pos = d.pos(v)
		case "name":
			c.Name = d.str(v, "name")
		case "kind":
			c.Kind = Kind(d.str(v, "kind"))
		case "owner":
			c.Owner = d.str(v, "owner")
		case "description":
			c.Description = d.str(v, "description")
		case "tier":
			if t, ok := d.integer(v, "tier"); ok {
				if t == 0 {
					d.errorf(v, "tier: 0 is not a tier; 1 is the most critical, and leaving tier out means untiered")
				}
				c.Tier, c.TierPos = t, d.pos(v)
			}
		case "objectives":
			c.Objectives.Pos = d.pos(v)
			d.fields(v, "objectives", objectiveFields, func(key string, _, v *yaml.Node) {
				switch key {
				case "rto":
					c.Objectives.RTO = d.timeObjective(v, "rto")
				case "rpo":
					c.Objectives.RPO = d.duration(v, "rpo")
				case "mtpd":
					c.Objectives.MTPD = d.timeObjective(v, "mtpd")
				case "availability":
					c.Objectives.Availability = d.availabilityTarget(v)
				}
			})
		case "attributes":
			if v.Kind != yaml.MappingNode {
				d.errorf(v, "attributes must be a mapping of names to values, not %s", kindName(v))
				return
			}
			c.Attributes, _ = d.value(v).(map[string]any)
		case "tags":
			c.Tags = d.textList(v, "tags")
		case "externalIds":
			c.ExternalIDs, c.ExternalIDPos = d.externalIDs(v)
		case "availability":
			if a := d.probability(v, "availability"); a != nil {
				c.Availability, c.AlwaysDown, availability = *a, *a == 0, v
			}
		case "virtual":
			c.Virtual = d.boolean(v, "virtual")
		case "dependsOn":
			if v.Kind == yaml.SequenceNode && len(v.Content) > 0 {
				c.DependsOn = make([]Dependency, 0, len(v.Content))
			}
			d.seq(v, "dependsOn", func(_ int, e *yaml.Node) {
				if dep, ok := d.dependency(e); ok {
					c.DependsOn = append(c.DependsOn, dep)
				}
			})
		case "fallbacks":
			d.seq(v, "fallbacks", func(_ int, e *yaml.Node) {
				c.Fallbacks = append(c.Fallbacks, d.fallback(e))
			})
		case "recovery":
			c.Recovery = d.recovery(v)
		case "bia":
			c.BIA = d.componentBIA(v)
		}
	})
	if c.Virtual && availability != nil && ownAvailabilityIgnored(&c) {
		d.errorf(availability, "%s", virtualAvailabilityMessage(&c))
	}
	return c
}

// externalIDs reads a mapping of system names to ids, e.g.
// {servicenow: 0a1b..., pagerduty: PX1234}.
func (d *decoder) externalIDs(n *yaml.Node) (map[string]string, map[string]Position) {
	n = d.resolve(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "externalIds must be a mapping of systems to ids, e.g. {servicenow: 9d3c1e..., pagerduty: PX1234}, not %s", kindName(n))
		return nil, nil
	}
	pairs, ok := d.mergedPairs(n, "externalIds")
	if !ok {
		return nil, nil
	}
	ids := make(map[string]string, len(pairs)/2)
	pos := make(map[string]Position, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		k, v := d.resolve(pairs[i]), d.resolve(pairs[i+1])
		sys := d.str(k, "an external system name")
		id := d.str(v, "externalIds."+sys)
		switch {
		case sys == "":
			d.errorf(k, "externalIds needs system names such as servicenow, pagerduty or backstage")
		case pos[sys] != (Position{}):
			d.errorf(k, "externalIds.%s is given twice; a component has one id per system", sys)
		case id == "" && v.Kind == yaml.ScalarNode:
			d.errorf(v, "externalIds.%s is empty; give the component's id in %s or leave the entry out", sys, sys)
		default:
			ids[sys], pos[sys] = id, d.pos(v)
		}
	}
	return ids, pos
}

func (d *decoder) dependency(n *yaml.Node) (Dependency, bool) {
	dep := Dependency{Pos: d.pos(n)}
	if n.Kind == yaml.ScalarNode {
		dep.ID = d.str(n, "a dependency")
		return dep, dep.ID != ""
	}
	var hasID, hasAny, hasAtLeast, hasOf bool
	before := len(d.probs)
	ok := d.fields(n, "a dependency", dependencyFields, func(key string, k, v *yaml.Node) {
		switch key {
		case "id":
			hasID = true
			dep.ID = d.str(v, "id")
			dep.Pos = d.pos(v)
		case "anyOf":
			hasAny = true
			dep.Kind = AnyOf
			dep.Members, dep.MemberPos = d.strList(v, "anyOf")
		case "atLeast":
			hasAtLeast = true
			dep.Kind = AtLeast
			dep.K, _ = d.integer(v, "atLeast")
		case "of":
			hasOf = true
			dep.Members, dep.MemberPos = d.strList(v, "of")
		case "tolerance":
			dep.Tolerance = d.duration(v, "tolerance")
		case "note":
			dep.Note = d.str(v, "note")
		}
	})
	if !ok {
		return dep, false
	}
	switch {
	case hasID && (hasAny || hasAtLeast):
		d.errorf(n, "a dependency has either id, anyOf, or atLeast with of; this one has more than one")
	case hasAny && hasAtLeast:
		d.errorf(n, "a dependency has either anyOf or atLeast with of, not both")
	case hasAtLeast && !hasOf:
		d.errorf(n, "atLeast needs its members in of: [...]")
	case hasOf && !hasAtLeast:
		d.errorf(n, "of: [...] goes with atLeast: K (use anyOf for 'at least one')")
	case !hasID && !hasAny && !hasAtLeast:
		if len(d.probs) == before { // a misspelt anyOf has its problem already
			d.errorf(n, "a dependency needs id, anyOf or atLeast with of")
		}
	default:
		return dep, true
	}
	return dep, false
}

func (d *decoder) recovery(n *yaml.Node) *Recovery {
	r := &Recovery{Pos: d.pos(n)}
	d.fields(n, "recovery", recoveryFields, func(key string, _, v *yaml.Node) {
		switch key {
		case "team":
			r.Team = d.str(v, "team")
		case "strategies":
			d.seq(v, "strategies", func(_ int, e *yaml.Node) {
				r.Strategies = append(r.Strategies, d.strategy(e))
			})
		}
	})
	return r
}

func (d *decoder) strategy(n *yaml.Node) Strategy {
	s := Strategy{Pos: d.pos(n)}
	hasTime := false
	count := func(v *yaml.Node, what string) int {
		c, ok := d.integer(v, what)
		if ok && c < 0 {
			d.errorf(v, "%s must not be negative", what)
		}
		return c
	}
	d.fields(n, "a strategy", strategyFields, func(key string, _, v *yaml.Node) {
		switch key {
		case "type":
			s.Type = d.str(v, "type")
			if !contains(StrategyTypes, s.Type) {
				d.errorf(v, "unknown strategy type %q%s; valid: %s", s.Type, didYouMean(s.Type, StrategyTypes), strings.Join(StrategyTypes, ", "))
			}
		case "name":
			s.Name = d.str(v, "name")
		case "time":
			hasTime = true
			s.Time = d.duration(v, "time")
		case "dataLoss":
			s.DataLoss = d.duration(v, "dataLoss")
		case "requires":
			s.Requires = d.textList(v, "requires")
		case "copies":
			s.Copies = count(v, "copies")
		case "media":
			s.Media = count(v, "media")
		case "offsite":
			s.Offsite = count(v, "offsite")
		case "tested":
			t, err := time.Parse("2006-01-02", d.str(v, "tested"))
			if err != nil && v.Kind == yaml.ScalarNode {
				d.errorf(v, "tested must be a date such as 2026-03-31, not %q", v.Value)
			}
			s.Tested = t
		}
	})
	if n.Kind == yaml.MappingNode {
		if s.Type == "" {
			d.errorf(n, "a strategy needs a type: %s", strings.Join(StrategyTypes, ", "))
		}
		if !hasTime {
			d.errorf(n, "a strategy needs time: how long recovery takes with it, e.g. 4h")
		}
	}
	return s
}

func (d *decoder) fallback(n *yaml.Node) Fallback {
	f := Fallback{Pos: d.pos(n)}
	hasCap := false
	d.fields(n, "a fallback", fallbackFields, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			f.Name = d.str(v, "name")
		case "description":
			f.Description = d.str(v, "description")
		case "capacity":
			hasCap = true
			if c, ok := d.number(v, "capacity"); ok {
				f.Capacity = c
			}
		case "activation":
			f.Activation = d.duration(v, "activation")
		case "maxDuration":
			f.MaxDuration = d.duration(v, "maxDuration")
		case "backlogPerHour":
			f.BacklogPerHour = d.duration(v, "backlogPerHour")
		case "requires":
			f.Requires = d.textList(v, "requires")
		}
	})
	if n.Kind == yaml.MappingNode && !hasCap {
		d.errorf(n, "a fallback needs capacity: the fraction of normal capacity it gives, e.g. 0.7")
	}
	return f
}

func (d *decoder) scenario(n *yaml.Node) Scenario {
	s := Scenario{Pos: d.pos(n)}
	d.fields(n, "a scenario", scenarioFields, func(key string, k, v *yaml.Node) {
		switch key {
		case "id":
			s.ID = d.str(v, "id")
			s.Pos = d.pos(v)
		case "name":
			s.Name = d.str(v, "name")
		case "description":
			s.Description = d.str(v, "description")
		case "disrupt":
			d.seq(v, "disrupt", func(_ int, e *yaml.Node) {
				x := Disruption{Pos: d.pos(e)}
				if e.Kind == yaml.ScalarNode {
					x.ID = d.str(e, "a disruption")
					s.Disrupt = append(s.Disrupt, x)
					return
				}
				d.fields(e, "a disruption", disruptFields, func(key string, k, v *yaml.Node) {
					switch key {
					case "id":
						x.ID = d.str(v, "id")
						x.Pos = d.pos(v)
					case "select":
						x.Select = d.str(v, "select")
						x.SelectPos = d.exprPos(v)
					case "at":
						x.At = d.duration(v, "at")
					case "fraction":
						if f, ok := d.number(v, "fraction"); ok {
							if f == 0 {
								d.errorf(v, "fraction: 0 disrupts nothing; leave fraction out to disrupt every matched component")
							}
							x.Fraction = f
						}
					case "seed":
						if n, ok := d.integer(v, "seed"); ok {
							if n < 0 {
								d.errorf(v, "seed must not be negative")
							}
							x.Seed = uint64(n)
						}
					case "for":
						x.For = d.duration(v, "for")
						// A for that did not parse was reported as such.
						if _, err := ParseDuration(v.Value); x.For == 0 && err == nil && v.Kind == yaml.ScalarNode {
							d.errorf(v, "for: 0 disrupts nothing; leave for out to mean until recovered")
						}
					case "recoverAfter":
						x.RecoverAfter = d.duration(v, "recoverAfter")
					}
				})
				s.Disrupt = append(s.Disrupt, x)
			})
		}
	})
	return s
}

func (d *decoder) rule(n *yaml.Node) Rule {
	r := Rule{Pos: d.pos(n)}
	d.fields(n, "a rule", ruleFields, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			r.Name = d.str(v, "name")
		case "description":
			r.Description = d.str(v, "description")
		case "when":
			r.When, r.WhenPos = d.str(v, "when"), d.exprPos(v)
		case "check":
			r.Check, r.CheckPos = d.str(v, "check"), d.exprPos(v)
		case "message":
			r.Message, r.MessagePos = d.str(v, "message"), d.exprPos(v)
		case "severity":
			r.Severity = Severity(d.str(v, "severity"))
		case "set":
			v = d.resolve(v)
			if v.Kind != yaml.MappingNode {
				d.errorf(v, "set must be a mapping of targets to expressions, e.g. {tier: 'objectives.mtpd <= duration(\"24h\") ? 1 : 2'}, not %s", kindName(v))
				return
			}
			seen := map[string]bool{}
			for i := 0; i+1 < len(v.Content); i += 2 {
				tk, tv := d.resolve(v.Content[i]), d.resolve(v.Content[i+1])
				if seen[tk.Value] {
					d.errorf(tk, "target %q is set twice in rule %q", tk.Value, r.Name)
					continue
				}
				seen[tk.Value] = true
				r.Set = append(r.Set, Assignment{Target: tk.Value, Expr: d.str(tv, "a set expression"), Pos: d.pos(tk), ExprPos: d.exprPos(tv)})
			}
		}
	})
	return r
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// maxLocateBytes and maxLocateDepth bound the second parse that locates a
// syntax error: goccy/go-yaml's parser takes time quadratic in flow nesting
// and about 170 bytes of memory per input byte, so it only ever sees a
// window of the input that starts where yaml.v3 says the broken block
// starts, and not at all when that window nests deeply.
const (
	maxLocateBytes = 256 << 10
	maxLocateDepth = 64
)

// syntaxProblem turns a YAML parser error into a positioned problem.
// yaml.v3 reports the line where the enclosing block starts, or none, so the
// error is located with goccy/go-yaml's parser, which reports the offending
// token, on a bounded window from that line; yaml.v3's message is the
// fallback.
func syntaxProblem(file string, data []byte, err error) Problem {
	line, msg := 1, strings.Replace(err.Error(), "yaml: ", "", 1)
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if l, c, gmsg, ok := locateSyntaxError(data, line); ok {
		return Problem{Pos: Position{File: file, Line: l, Col: c}, Message: "YAML syntax: " + gmsg + tabHint(data, l), Err: err}
	}
	return Problem{Pos: Position{File: file, Line: line, Col: 1}, Message: "YAML syntax: " + msg + tabHint(data, line), Err: err}
}

// tabHint explains a syntax error on a line indented with a tab, which
// YAML does not allow and editors do not show.
func tabHint(data []byte, line int) string {
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return ""
		}
		data = data[i+1:]
	}
	if len(bytes.TrimLeft(data, " ")) > 0 && bytes.TrimLeft(data, " ")[0] == '\t' {
		return " (the line is indented with a tab: YAML indents with spaces only)"
	}
	return ""
}

// locateSyntaxError parses the window of data from line on with goccy's
// parser and returns the position of the token it rejects.
func locateSyntaxError(data []byte, line int) (int, int, string, bool) {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return 0, 0, "", false
		}
		off += i + 1
	}
	window := data[off:]
	truncated := len(window) > maxLocateBytes
	if truncated {
		window = window[:bytes.LastIndexByte(window[:maxLocateBytes], '\n')+1]
	}
	if flowDepth(window) > maxLocateDepth {
		return 0, 0, "", false
	}
	_, gerr := goccyparser.ParseBytes(window, 0)
	var se *goccy.SyntaxError
	if gerr == nil || !errors.As(gerr, &se) || se.Token == nil {
		return 0, 0, "", false
	}
	// An error on the window's last line may be where the window was cut.
	if truncated && se.Token.Position.Line >= bytes.Count(window, []byte("\n")) {
		return 0, 0, "", false
	}
	return line + se.Token.Position.Line - 1, se.Token.Position.Column, se.Message, true
}

// flowDepth is the deepest nesting of [ and { in data, ignoring quoting: an
// upper bound is all that is needed.
func flowDepth(data []byte) int {
	depth, deepest := 0, 0
	for _, c := range data {
		switch c {
		case '[', '{':
			depth++
			deepest = max(deepest, depth)
		case ']', '}':
			depth = max(0, depth-1)
		}
	}
	return deepest
}
