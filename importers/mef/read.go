package mef

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/continuitykit/continuity/bcp"
)

// Kinds of the components Read creates; they are declared in the document.
const (
	KindGate       bcp.Kind = "gate"
	KindBasicEvent bcp.Kind = "basic-event"
	KindHouseEvent bcp.Kind = "house-event"
)

// Read converts an Open-PSA MEF file into a bcp document, the inverse of
// Write: every gate becomes a virtual component of kind gate, every basic
// event a component of kind basic-event with availability 1-p, every house
// event a component that is always down (true) or cannot fail (false). or is a
// set of plain requirements, and an anyOf group, atleast min=m of n an
// atLeast n-m+1 group; nested formulas become gates named PARENT/1, PARENT/2.
// Only coherent logic and constant probabilities are supported: not, xor,
// nand, nor, iff, imply and probability expressions other than <float> are
// errors naming their line and column. The name is used in positions.
func Read(name string, data []byte) (*bcp.Document, error) {
	r := &reader{name: name, data: data, events: map[string]*bcp.Component{}}
	root, err := r.parse()
	if err != nil {
		return nil, err
	}
	r.walk(root)
	if len(r.probs) > 0 {
		return nil, r.probs
	}
	// The model is named after its (first) fault tree, else the file.
	title := r.tree
	if title == "" {
		title = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	}
	doc := &bcp.Document{Version: 1, Name: title, Files: []string{name},
		Kinds: []bcp.KindDecl{{Name: KindGate}, {Name: KindBasicEvent}, {Name: KindHouseEvent}}}
	doc.Components = append(doc.Components, r.gates...)
	ids := make([]string, 0, len(r.events))
	for id := range r.events {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		doc.Components = append(doc.Components, *r.events[id])
	}
	return doc, nil
}

// element is a minimal XML tree with positions.
type element struct {
	name     string
	attrs    map[string]string
	children []*element
	pos      bcp.Position
}

type reader struct {
	name   string
	tree   string // the first define-fault-tree's name
	data   []byte
	probs  bcp.Problems
	gates  []bcp.Component
	events map[string]*bcp.Component
	// counted, line and lineStart cache the line of the last offset
	// positioned: elements come in file order, so lines are counted on
	// from there, keeping reading linear in the file size.
	counted, line, lineStart int
}

// maxDepth bounds element nesting: nested formulas become gates named by
// their path, so each level costs a component and a recursion step.
const maxDepth = 1000

func (r *reader) position(off int64) bcp.Position {
	o := int(off)
	if o < r.counted || r.line == 0 {
		r.counted, r.line, r.lineStart = 0, 1, 0
	}
	for {
		i := bytes.IndexByte(r.data[r.counted:o], '\n')
		if i < 0 {
			break
		}
		r.line++
		r.counted += i + 1
		r.lineStart = r.counted
	}
	r.counted = o
	return bcp.Position{File: r.name, Line: r.line, Col: o - r.lineStart + 1}
}

func (r *reader) parse() (*element, error) {
	dec := xml.NewDecoder(bytes.NewReader(r.data))
	var stack []*element
	var root *element
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			pos := r.position(dec.InputOffset())
			if errors.As(err, &se) {
				pos = bcp.Position{File: r.name, Line: se.Line, Col: 1}
			}
			return nil, bcp.Problems{{Pos: pos, Message: "XML syntax: " + err.Error(), Err: err}}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxDepth {
				return nil, bcp.Problems{{Pos: r.position(off), Message: fmt.Sprintf("elements nested deeper than %d", maxDepth)}}
			}
			e := &element{name: t.Name.Local, attrs: map[string]string{}, pos: r.position(off)}
			for _, a := range t.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, e)
			} else if root == nil {
				root = e
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	if root == nil || root.name != "opsa-mef" {
		return nil, bcp.Problems{{Pos: bcp.Position{File: r.name, Line: 1, Col: 1}, Message: "not an Open-PSA MEF file: the root element must be <opsa-mef>"}}
	}
	return root, nil
}

func (r *reader) errorf(e *element, format string, args ...any) {
	r.probs = append(r.probs, bcp.Problem{Pos: e.pos, Message: fmt.Sprintf(format, args...)})
}

func (r *reader) walk(e *element) {
	for _, c := range e.children {
		switch c.name {
		case "define-fault-tree", "model-data", "define-component":
			if c.name == "define-fault-tree" && r.tree == "" {
				r.tree = c.attrs["name"]
			}
			r.walk(c)
		case "define-gate":
			r.gate(c)
		case "define-basic-event":
			r.basicEvent(c)
		case "define-house-event":
			r.houseEvent(c)
		case "label", "attributes", "define-parameter":
		default:
			r.errorf(c, "unsupported element <%s> in <%s>", c.name, e.name)
		}
	}
}

func formulaChildren(e *element) []*element {
	var out []*element
	for _, c := range e.children {
		if c.name != "label" && c.name != "attributes" {
			out = append(out, c)
		}
	}
	return out
}

func (r *reader) gate(e *element) {
	name := e.attrs["name"]
	if name == "" {
		r.errorf(e, "<define-gate> without a name")
		return
	}
	f := formulaChildren(e)
	if len(f) != 1 {
		r.errorf(e, "gate %q must have exactly one formula, has %d", name, len(f))
		return
	}
	r.defineGate(name, f[0])
}

// defineGate adds the virtual component for a gate named id with formula f.
func (r *reader) defineGate(id string, f *element) {
	c := bcp.Component{ID: id, Kind: KindGate, Virtual: true, Pos: f.pos}
	args := func() []string {
		var ids []string
		for i, a := range f.children {
			arg := r.argument(a, fmt.Sprintf("%s/%d", id, i+1))
			if slices.Contains(ids, arg) {
				// Said in the file's terms: compile would call an and gate
				// an anyOf group.
				r.errorf(a, "gate %q lists %q twice in its <%s>; give each argument once", id, arg, f.name)
				continue
			}
			ids = append(ids, arg)
		}
		return ids
	}
	switch f.name {
	case "or":
		for _, a := range args() {
			c.DependsOn = append(c.DependsOn, bcp.Dependency{ID: a, Pos: f.pos})
		}
	case "and":
		c.DependsOn = []bcp.Dependency{{Kind: bcp.AnyOf, Members: args(), Pos: f.pos}}
	case "atleast":
		ids := args()
		m, err := strconv.Atoi(f.attrs["min"])
		if err != nil || m < 1 || m > len(ids) {
			r.errorf(f, "atleast in gate %q needs min between 1 and %d, has %q", id, len(ids), f.attrs["min"])
			return
		}
		c.DependsOn = []bcp.Dependency{{Kind: bcp.AtLeast, K: len(ids) - m + 1, Members: ids, Pos: f.pos}}
	case "gate", "basic-event", "house-event", "event", "constant":
		c.DependsOn = []bcp.Dependency{{ID: r.argument(f, id+"/1"), Pos: f.pos}}
	case "not", "xor", "nand", "nor", "iff", "imply", "cardinality":
		r.errorf(f, "gate %q uses <%s>: only coherent logic (or, and, atleast) is supported, because single points of failure and cut sets assume that more failures never help", id, f.name)
		return
	default:
		r.errorf(f, "gate %q: unknown formula <%s>", id, f.name)
		return
	}
	r.gates = append(r.gates, c)
}

// argument returns the id a formula argument stands for, defining a gate
// for a nested formula (named anon) and an event for a constant.
func (r *reader) argument(a *element, anon string) string {
	switch a.name {
	case "gate", "basic-event", "house-event", "event":
		id := a.attrs["name"]
		if id == "" {
			r.errorf(a, "<%s> reference without a name", a.name)
		}
		return id
	case "constant":
		r.events[anon] = constant(anon, a.attrs["value"] == "true", a.pos)
		return anon
	}
	r.defineGate(anon, a)
	return anon
}

func (r *reader) basicEvent(e *element) {
	name := e.attrs["name"]
	if name == "" {
		r.errorf(e, "<define-basic-event> without a name")
		return
	}
	f := formulaChildren(e)
	a := 1.0
	switch {
	case len(f) == 0:
		// No probability: it can fail (cut sets), but has no known rate.
	case len(f) == 1 && f[0].name == "float":
		p, err := strconv.ParseFloat(f[0].attrs["value"], 64)
		if err != nil || !(p >= 0 && p <= 1) { // NaN fails both comparisons
			r.errorf(f[0], "basic event %q: probability must be a number between 0 and 1, not %q", name, f[0].attrs["value"])
			return
		}
		a = 1 - p
	default:
		r.errorf(e, "basic event %q: only constant probabilities (<float value=\"p\"/>) are supported, not <%s>", name, f[0].name)
		return
	}
	// p = 1 is an event that has always happened: AlwaysDown, since a zero
	// Availability means "not declared".
	r.events[name] = &bcp.Component{ID: name, Kind: KindBasicEvent, Availability: a, AlwaysDown: a == 0, Pos: e.pos}
}

func (r *reader) houseEvent(e *element) {
	name := e.attrs["name"]
	f := formulaChildren(e)
	r.events[name] = constant(name, len(f) == 1 && f[0].name == "constant" && f[0].attrs["value"] == "true", e.pos)
}

// constant is a component that is always down (availability 0) or never
// (virtual: it cannot fail, not even in single-point-of-failure analysis).
func constant(id string, down bool, pos bcp.Position) *bcp.Component {
	if !down {
		return &bcp.Component{ID: id, Kind: KindHouseEvent, Virtual: true, Pos: pos}
	}
	return &bcp.Component{ID: id, Kind: KindHouseEvent, AlwaysDown: true, Pos: pos}
}
