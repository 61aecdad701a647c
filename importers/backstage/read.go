package backstage

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/ingest"
	"go.yaml.in/yaml/v3"
)

// DefaultKinds map "entity kind/spec.type" (lower case) to a model kind;
// the empty kind means the entity is skipped (a library is built in, not
// run beside). Types not listed take the entity kind's default: Component
// application, Resource infrastructure.
var DefaultKinds = map[string]bcp.Kind{
	"component/library":  "",
	"resource/database":  bcp.KindData,
	"resource/s3-bucket": bcp.KindData,
	"resource/storage":   bcp.KindData,
	"resource/queue":     bcp.KindInfrastructure,
	"resource/network":   bcp.KindNetwork,
	"resource/dns":       bcp.KindNetwork,
}

// Options configure an import; the zero value uses the defaults.
type Options struct {
	// Kinds adds to and overrides DefaultKinds.
	Kinds map[string]bcp.Kind
}

type entity struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name        string            `yaml:"name"`
		Namespace   string            `yaml:"namespace"`
		Title       string            `yaml:"title"`
		Description string            `yaml:"description"`
		Annotations map[string]string `yaml:"annotations"`
		Tags        []string          `yaml:"tags"`
	} `yaml:"metadata"`
	Spec struct {
		Type           string   `yaml:"type"`
		Lifecycle      string   `yaml:"lifecycle"`
		Owner          string   `yaml:"owner"`
		System         string   `yaml:"system"`
		SubcomponentOf string   `yaml:"subcomponentOf"`
		DependsOn      []string `yaml:"dependsOn"`
		ProvidesAPIs   []string `yaml:"providesApis"`
		ConsumesAPIs   []string `yaml:"consumesApis"`
		Profile        struct {
			DisplayName string `yaml:"displayName"`
			Email       string `yaml:"email"`
		} `yaml:"profile"`
	} `yaml:"spec"`
}

// Importer reads catalog files and builds the model; create it with New.
type Importer struct {
	opts    Options
	b       ingest.Builder
	systems map[string][]string // system id → its components
	rels    []pending
	// lines are the lines of the current entity's relation lists' entries,
	// by field ("dependsOn") and index, so that skips name the entry.
	lines map[string][]int
}

// pending is a relation whose target is resolved when every file is read.
type pending struct {
	from, to string
	member   bool
	ref      ingest.Ref
}

// New returns an Importer with the given options.
func New(opts Options) *Importer {
	return &Importer{opts: opts, systems: map[string][]string{}, b: ingest.Builder{Report: ingest.Report{Source: "backstage"}}}
}

// Read reads one catalog file: any number of YAML documents, one entity
// each. A syntax error stops the file, naming its line and column.
func (im *Importer) Read(file string, r io.Reader) error {
	dec := yaml.NewDecoder(r)
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		ref := ingest.Ref{File: file, Line: n.Line}
		if len(n.Content) == 0 || n.Content[0].Kind == yaml.ScalarNode {
			continue // an empty document between two ---
		}
		var e entity
		if err := n.Decode(&e); err != nil {
			im.b.Report.Skip(ref, "not a catalog entity: %v", err)
			continue
		}
		im.lines = specLines(&n)
		im.entity(&e, ref)
	}
}

// Result returns the model and the report of everything not mapped.
func (im *Importer) Result(name string) (*bcp.Document, *ingest.Report) {
	for _, p := range im.rels {
		switch {
		case p.member:
			im.b.Member(p.from, p.to, p.ref)
		default:
			im.b.Depend(p.from, p.to, p.ref)
		}
	}
	systems := make([]string, 0, len(im.systems))
	for s := range im.systems {
		systems = append(systems, s)
	}
	sort.Strings(systems)
	for _, s := range systems {
		for _, part := range im.systems[s] {
			if im.b.Has(s) {
				im.b.Depend(s, part, im.b.Component(part).Ref)
			} else {
				im.b.Report.Skip(im.b.Component(part).Ref, "spec.system %q is not in the catalog; %s is imported without it", s, part)
			}
		}
	}
	return im.b.Document(name), &im.b.Report
}

// specLines finds, in an entity's document, the line of every entry of the
// spec's relation lists.
func specLines(doc *yaml.Node) map[string][]int {
	out := map[string][]int{}
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	spec := mappingValue(root, "spec")
	for _, field := range []string{"dependsOn", "providesApis", "consumesApis", "subcomponentOf", "system"} {
		v := mappingValue(spec, field)
		switch {
		case v == nil:
		case v.Kind == yaml.SequenceNode:
			for _, e := range v.Content {
				out[field] = append(out[field], e.Line)
			}
		default:
			out[field] = []int{v.Line}
		}
	}
	return out
}

func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// parseRef normalises an entity ref [kind:][namespace/]name to the id
// used in the model, with defKind when the ref has no kind ("" requires
// one).
func parseRef(s, defKind string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	kind, rest, hasKind := strings.Cut(s, ":")
	if !hasKind {
		kind, rest = defKind, s
	}
	if kind == "" {
		return "", fmt.Errorf("%q names no kind; write it as kind:[namespace/]name", s)
	}
	ns, name, hasNS := strings.Cut(rest, "/")
	if !hasNS {
		ns, name = "default", rest
	}
	if !validPart(kind) || !validPart(ns) || !validPart(name) {
		return "", fmt.Errorf("%q is not an entity ref [kind:][namespace/]name (letters, digits and - _ . in each part)", s)
	}
	if ns == "default" {
		return kind + ":" + name, nil
	}
	return kind + ":" + ns + "/" + name, nil
}

// validPart reports whether s is a non-empty kind, namespace or name as
// the catalog's descriptor format allows them: letters, digits, - _ and .
func validPart(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') { // refs are lower-cased
			return false
		}
	}
	return true
}

// owner is how an owner ref is written in the model: a group's name, so
// that it matches the team id; other kinds keep their ref.
func owner(s string) string {
	id, err := parseRef(s, "group")
	if err != nil {
		return s
	}
	return strings.TrimPrefix(id, "group:")
}
