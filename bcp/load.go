package bcp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxFileSize is the largest model file Parse and ParseFiles accept (256 MiB).
const MaxFileSize = 256 << 20

// Parse reads one model file's content. Files whose name ends in .json are read
// as JSON, everything else as YAML (several YAML documents separated by ---
// are merged). The name is used in positions. The returned error, if any, is a
// Problems listing every problem found. JSON is the format for very large
// models: its components are decoded as they are read, mostly without a
// node tree, while YAML is parsed into a node tree first (about 30 times the
// file).
func Parse(name string, data []byte) (*Document, error) { return parse(name, data, true) }

// parse is Parse; fast lets JSON components be decoded without the node
// tree where they can be (jsonfast.go), which tests compare against.
func parse(name string, data []byte, fast bool) (*Document, error) {
	doc := &Document{Files: []string{name}}
	if len(data) > MaxFileSize {
		return nil, Problems{{Pos: Position{File: name, Line: 1, Col: 1}, Message: fmt.Sprintf("file is %d bytes; the limit is %d", len(data), MaxFileSize)}}
	}
	d := &decoder{file: name, limit: nodeLimit(len(data))}
	if strings.EqualFold(filepath.Ext(name), ".json") {
		// Windows tools write a byte order mark; RFC 8259 lets a parser
		// ignore it, and YAML files may have one too.
		data = bytes.TrimPrefix(data, []byte("\ufeff"))
		// Components are decoded as the JSON parser meets them (see
		// parseJSON), before the rest of the document.
		// The parser counts them first (countJSONElements), so that
		// they fill one slice of the right size.
		var streamed []Component
		comps := &jsonComponents{
			file: name,
			node: func(n *yaml.Node, count int) {
				if streamed == nil {
					streamed = make([]Component, 0, count)
				}
				if n = d.resolve(n); !d.tooLarge {
					streamed = append(streamed, d.component(n))
				}
			},
		}
		if fast {
			comps.decode = func(count int, fast func(*Component) bool) bool {
				if streamed == nil {
					streamed = make([]Component, 0, count)
				}
				streamed = append(streamed, Component{})
				if fast(&streamed[len(streamed)-1]) {
					return true
				}
				streamed = streamed[:len(streamed)-1]
				return false
			}
		}
		root, p := parseJSON(data, comps)
		if p != nil {
			p.Pos.File = name
			return nil, Problems{*p}
		}
		if root == nil {
			return doc, nil
		}
		d.document(root, doc)
		if len(streamed) > 0 {
			doc.Components = append(streamed, doc.Components...)
		}
	} else {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for docs := 0; ; docs++ {
			var root yaml.Node
			err := dec.Decode(&root)
			if errors.Is(err, io.EOF) {
				if docs == 0 {
					// As an empty .json file is a syntax error: a model
					// file with nothing in it is a wrong path or a failed
					// export, never a model of nothing.
					d.probs.add(Position{File: name, Line: 1, Col: 1}, nil, "the file is empty (no YAML document); a model file has version: 1 and components:")
				}
				break
			}
			if err != nil {
				d.probs = append(d.probs, syntaxProblem(name, data, err))
				break
			}
			part := &Document{}
			d.document(&root, part)
			doc.merge(part)
		}
	}
	if err := d.probs.err(); err != nil {
		return doc, err
	}
	return doc, nil
}

// merge appends other's content to doc; ids stay as they are, so duplicates
// are found (naming both places) when the merged document is compiled.
func (doc *Document) merge(other *Document) {
	// An unsupported version in any file wins, so that Compile reports it.
	if doc.Version == 0 || (other.Version != 0 && other.Version != 1) {
		doc.Version, doc.VersionPos = other.Version, other.VersionPos
	}
	if doc.Name == "" {
		doc.Name = other.Name
	}
	if doc.Description == "" {
		doc.Description = other.Description
	}
	doc.Kinds = append(doc.Kinds, other.Kinds...)
	doc.Components = append(doc.Components, other.Components...)
	doc.Scenarios = append(doc.Scenarios, other.Scenarios...)
	doc.Rules = append(doc.Rules, other.Rules...)
	doc.Teams = append(doc.Teams, other.Teams...)
	doc.People = append(doc.People, other.People...)
	doc.Roles = append(doc.Roles, other.Roles...)
	doc.Exercises = append(doc.Exercises, other.Exercises...)
	doc.extraBIA = append(doc.extraBIA, other.extraBIA...)
	if other.BIA != nil {
		if doc.BIA == nil {
			doc.BIA = other.BIA
		} else {
			doc.extraBIA = append(doc.extraBIA, other.BIA.Pos)
		}
	}
	doc.Files = append(doc.Files, other.Files...)
	doc.mergeRisks(other)
}

// Merge combines documents into one, in order; it is what loading several
// files does.
func Merge(docs ...*Document) *Document {
	out := &Document{}
	for _, d := range docs {
		if d != nil {
			out.merge(d)
		}
	}
	return out
}

// Format parses one file's content into a Document, as Parse does for
// YAML and JSON: importers provide one (Open-PSA MEF's mef.Read) so that
// Load reads their files like model files.
type Format func(name string, data []byte) (*Document, error)

// WithFormat makes Load read files whose name ends in ext (".xml", any
// case) with parse instead of as YAML.
func WithFormat(ext string, parse Format) Option {
	return func(c *config) {
		if c.formats == nil {
			c.formats = map[string]Format{}
		}
		c.formats[strings.ToLower(ext)] = parse
	}
}

// WithStdin makes Load read the path "-" from r (the command line's
// standard input); without it, "-" is an error.
func WithStdin(r io.Reader) Option { return func(c *config) { c.stdin = r } }

// ParseFiles reads and merges model files into a Document without
// compiling it (Load also compiles). It reports the problems of every file,
// not only the first that has some.
func ParseFiles(paths ...string) (*Document, error) { return parseFiles(paths, &config{}) }

func parseFiles(paths []string, cfg *config) (*Document, error) {
	if len(paths) == 0 {
		return nil, errors.New("no model file given")
	}
	out := &Document{}
	var probs Problems
	seen := map[string]bool{}
	for _, p := range paths {
		key := filepath.Clean(p)
		if seen[key] && p != "-" {
			probs = append(probs, Problem{Pos: Position{File: p}, Message: "this file is given twice; give each model file once"})
			continue
		}
		seen[key] = true
		data, err := cfg.read(p)
		if err != nil {
			probs = append(probs, Problem{Pos: Position{File: p}, Message: err.Error(), Err: err})
			continue
		}
		parse := Parse
		if f, ok := cfg.formats[strings.ToLower(filepath.Ext(p))]; ok {
			parse = f
		}
		doc, err := parse(p, data)
		var ps Problems
		if errors.As(err, &ps) {
			probs = append(probs, ps...)
		} else if err != nil {
			probs = append(probs, Problem{Pos: Position{File: p}, Message: err.Error(), Err: err})
		}
		switch {
		case doc == nil:
		case len(paths) == 1:
			out = doc // merging would copy every component
		default:
			out.merge(doc)
		}
	}
	return out, probs.err()
}

// read reads a model file, or standard input for "-" when given.
func (c *config) read(path string) ([]byte, error) {
	if path != "-" {
		return readFile(path)
	}
	if c.stdin == nil {
		return nil, errors.New(`"-" (standard input) is not available here`)
	}
	data, err := io.ReadAll(io.LimitReader(c.stdin, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading standard input: %w", err)
	}
	return data, nil
}

// Load reads, merges and compiles model files: the usual way to get a Model.
// Problems from parsing and from compiling are reported together. Files are
// YAML or JSON (by name), or of a format given with WithFormat.
func Load(paths []string, opts ...Option) (*Model, error) {
	cfg := newConfig(opts)
	doc, err := parseFiles(paths, cfg)
	if doc == nil {
		return nil, err
	}
	m, cerr := compile(doc, cfg, true)
	if err != nil || cerr != nil {
		var all Problems
		for _, e := range []error{err, cerr} {
			var ps Problems
			if errors.As(e, &ps) {
				all = append(all, ps...)
			} else if e != nil {
				return nil, e
			}
		}
		return nil, all.err()
	}
	return m, nil
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("this is a directory, not a file; give the model files in it (%s)", filepath.Join(path, "*.yaml"))
	}
	// Sized by the file, as os.ReadFile does: io.ReadAll would copy a
	// large model several times while growing its buffer.
	data := make([]byte, 0, min(fi.Size(), MaxFileSize)+1)
	for len(data) <= MaxFileSize {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	return data, nil
}

// ParseScenario reads one scenario object as the model format writes it
// under scenarios (id, name, description, disrupt), for scenarios that
// arrive on their own, such as in an HTTP request. As in Parse, a name
// ending in .json is read as JSON, anything else as YAML; positions are in
// data. The id may be left out. The error, if any, is a Problems; ids and
// selectors are checked against a model by Model.Simulate.
func ParseScenario(name string, data []byte) (Scenario, error) {
	if len(data) > MaxFileSize {
		return Scenario{}, Problems{{Pos: Position{File: name, Line: 1, Col: 1}, Message: fmt.Sprintf("scenario is %d bytes; the limit is %d", len(data), MaxFileSize)}}
	}
	d := &decoder{file: name, limit: nodeLimit(len(data))}
	var root *yaml.Node
	if strings.EqualFold(filepath.Ext(name), ".json") {
		var p *Problem
		if root, p = parseJSON(data, nil); p != nil {
			p.Pos.File = name
			return Scenario{}, Problems{*p}
		}
	} else {
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return Scenario{}, Problems{syntaxProblem(name, data, err)}
		}
		root = &doc
		if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
			root = doc.Content[0]
		}
	}
	if root == nil || root.Kind == yaml.DocumentNode || root.ShortTag() == "!!null" {
		return Scenario{}, Problems{{Pos: Position{File: name, Line: 1, Col: 1}, Message: `a scenario is an object such as {"disrupt": [{"id": "crm", "at": "0h"}]}, not nothing`}}
	}
	sc := d.scenario(root)
	if len(sc.Disrupt) == 0 && len(d.probs) == 0 {
		d.errorf(root, `a scenario needs disrupt: what goes down, e.g. [{"id": "crm", "at": "0h"}]`)
	}
	return sc, d.probs.err()
}
