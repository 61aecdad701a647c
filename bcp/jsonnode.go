package bcp

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// parseJSON parses JSON into the same node tree the YAML parser produces,
// with the line and column of every value, so that one decoder serves both
// formats. encoding/json reports no positions and its token API is several
// times slower than this single pass; strings with escapes and every number
// are still decoded by encoding/json and strconv, so only the structure is
// scanned here.
//
// each, when not nil, receives the elements of the top-level "components"
// array one at a time, as soon as each is parsed, with the number of
// elements in that array, and the tree keeps an
// empty list in their place: the node tree costs about 30 times the file,
// and a model is mostly components, so decoding them as they come keeps the
// memory of loading near the size of the model itself.
//
// comps, when not nil, receives them instead: decoded directly where the
// fast path can (jsonfast.go), as nodes otherwise.
func parseJSON(data []byte, comps *jsonComponents) (*yaml.Node, *Problem) {
	p := &jsonParser{data: data, line: 1, colAt: 1, comps: comps}
	p.skipSpace()
	n := p.value(0)
	if p.err == nil {
		p.skipSpace()
		if p.pos < len(p.data) {
			p.fail("extra data after the top-level value")
		}
	}
	if p.err != nil {
		return nil, p.err
	}
	return n, nil
}

// jsonComponents receives the components of a JSON model as they are
// parsed, with the number of elements of the components array.
type jsonComponents struct {
	// file names the file in positions of decoded components.
	file string
	// decode offers each component to the fast path: it calls fast with
	// a zero Component in its place in the result and keeps it when fast
	// reports true; node receives the others. Without decode, every
	// component goes through the node tree.
	decode func(count int, fast func(*Component) bool) bool
	node   func(n *yaml.Node, count int)
}

type jsonParser struct {
	data      []byte
	pos       int
	line      int
	lineStart int
	err       *Problem
	slab      []yaml.Node
	comps     *jsonComponents
	slabs     fastSlabs
	// colOff and colAt cache the last column computed: minified JSON is one
	// long line, so columns are counted on from there, not from the line
	// start.
	colOff, colAt int
	// recent caches short strings by a hash of their bytes, so that keys,
	// kinds, owners and other values a model repeats on every component
	// are allocated once, not once per use. A direct-mapped cache costs
	// a hash and a compare; a map of every string met cost more time in
	// cache misses than the allocations it saved.
	recent [recentSize]string
}

const (
	recentSize   = 4096 // a power of two
	maxRecentLen = 32
)

// text returns b as a string, from the cache of recent strings when it
// is there.
func (p *jsonParser) text(b []byte) string {
	if len(b) > maxRecentLen {
		return string(b)
	}
	h := uint32(2166136261) // FNV-1a
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	slot := &p.recent[h&(recentSize-1)]
	if *slot == string(b) {
		return *slot
	}
	*slot = string(b)
	return *slot
}

const maxJSONDepth = 10_000

func (p *jsonParser) col() int {
	if p.colOff < p.lineStart || p.colOff > p.pos {
		p.colOff, p.colAt = p.lineStart, 1
	}
	p.colAt += utf8.RuneCount(p.data[p.colOff:p.pos])
	p.colOff = p.pos
	return p.colAt
}

func (p *jsonParser) fail(format string, args ...any) {
	if p.err == nil {
		p.err = &Problem{Pos: Position{Line: p.line, Col: p.col()}, Message: "JSON syntax: " + fmt.Sprintf(format, args...)}
	}
}

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case '\n':
			p.line++
			p.lineStart = p.pos + 1
		case ' ', '\t', '\r':
		default:
			return
		}
		p.pos++
	}
}

// newNode takes a node from a slab: one allocation per thousand nodes.
func (p *jsonParser) newNode(kind yaml.Kind, tag string) *yaml.Node {
	if len(p.slab) == 0 {
		p.slab = make([]yaml.Node, 1024)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	*n = yaml.Node{Kind: kind, Tag: tag, Line: p.line, Column: p.col()} // slab nodes are reused
	return n
}

func (p *jsonParser) describe() string {
	if p.pos >= len(p.data) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(p.data[p.pos:])
	return strconv.QuoteRune(r)
}

func (p *jsonParser) value(depth int) *yaml.Node {
	if depth > maxJSONDepth {
		p.fail("nesting deeper than %d", maxJSONDepth)
		return nil
	}
	if p.pos >= len(p.data) {
		p.fail("unexpected end of input, expected a value")
		return nil
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		n := p.newNode(yaml.MappingNode, "!!map")
		p.pos++
		p.skipSpace()
		if p.pos < len(p.data) && p.data[p.pos] == '}' {
			p.pos++
			return n
		}
		for p.err == nil {
			p.skipSpace()
			if p.pos >= len(p.data) || p.data[p.pos] != '"' {
				p.fail("expected a quoted key, found %s", p.describe())
				return nil
			}
			k := p.str()
			p.skipSpace()
			if p.pos >= len(p.data) || p.data[p.pos] != ':' {
				p.fail("expected ':' after key, found %s", p.describe())
				return nil
			}
			p.pos++
			p.skipSpace()
			var v *yaml.Node
			if depth == 0 && p.comps != nil && k.Value == "components" && p.pos < len(p.data) && p.data[p.pos] == '[' {
				count := countJSONElements(p.data[p.pos:])
				var fast func() bool
				if p.comps.decode != nil {
					file := p.comps.file
					decode := func(c *Component) bool { return p.fastComponent(file, c) }
					fast = func() bool { return p.comps.decode(count, decode) }
				}
				v = p.array(depth+1, func(n *yaml.Node) { p.comps.node(n, count) }, fast)
			} else {
				v = p.value(depth + 1)
			}
			n.Content = append(n.Content, k, v)
			p.skipSpace()
			if p.pos < len(p.data) && p.data[p.pos] == ',' {
				p.pos++
				continue
			}
			if p.pos < len(p.data) && p.data[p.pos] == '}' {
				p.pos++
				return n
			}
			p.fail("expected ',' or '}' in object, found %s", p.describe())
		}
		return nil
	case c == '[':
		return p.array(depth, nil, nil)
	case c == '"':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		for _, lit := range []struct{ word, tag string }{{"true", "!!bool"}, {"false", "!!bool"}, {"null", "!!null"}} {
			if len(p.data)-p.pos >= len(lit.word) && string(p.data[p.pos:p.pos+len(lit.word)]) == lit.word {
				n := p.newNode(yaml.ScalarNode, lit.tag)
				n.Value = lit.word
				p.pos += len(lit.word)
				return n
			}
		}
		p.fail("unexpected %s, expected a value", p.describe())
		return nil
	}
}

// countJSONElements counts the elements of the array data starts with,
// skipping strings and nested values; on broken input the count is only an
// estimate, which is all it is used for.
func countJSONElements(data []byte) int {
	depth, count, empty := 0, 0, true
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '"':
			for i++; i < len(data) && data[i] != '"'; i++ {
				if data[i] == '\\' {
					i++
				}
			}
			empty = false
		case '[', '{':
			depth++
			if depth > 1 {
				empty = false
			}
		case ']', '}':
			depth--
			if depth == 0 {
				if !empty {
					count++
				}
				return count
			}
		case ',':
			if depth == 1 {
				count++
			}
		case ' ', '\t', '\n', '\r':
		default:
			empty = false
		}
	}
	return count
}

// array parses a JSON array; each, when not nil, receives the elements
// instead of the returned node, and fast, when not nil, is tried first on
// each element (it decodes a component, or reports false with the parser
// where it was).
func (p *jsonParser) array(depth int, each func(*yaml.Node), fast func() bool) *yaml.Node {
	n := p.newNode(yaml.SequenceNode, "!!seq")
	p.pos++
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return n
	}
	for p.err == nil {
		p.skipSpace()
		decoded := fast != nil && fast()
		mark := p.slab
		var v *yaml.Node
		if !decoded {
			v = p.value(depth + 1)
		}
		switch {
		case decoded:
		case each == nil:
			n.Content = append(n.Content, v)
		case p.err == nil:
			each(v)
			// each keeps nothing of the element's nodes: when they all
			// came from the current slab, the next element reuses them,
			// so streaming makes no garbage nodes.
			if len(mark) > 0 && len(p.slab) > 0 && &mark[len(mark)-1] == &p.slab[len(p.slab)-1] {
				p.slab = mark
			}
		}
		p.skipSpace()
		if p.pos < len(p.data) && p.data[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.data) && p.data[p.pos] == ']' {
			p.pos++
			return n
		}
		p.fail("expected ',' or ']' in array, found %s", p.describe())
	}
	return nil
}

func (p *jsonParser) str() *yaml.Node {
	n := p.newNode(yaml.ScalarNode, "!!str")
	n.Style = yaml.DoubleQuotedStyle
	start := p.pos
	p.pos++
	escaped := false
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			if !escaped {
				n.Value = p.text(p.data[start+1 : p.pos-1])
				if !utf8.ValidString(n.Value) {
					p.fail("invalid UTF-8 in string")
				}
				return n
			}
			if err := json.Unmarshal(p.data[start:p.pos], &n.Value); err != nil {
				p.pos = start
				p.fail("invalid string: %v", err)
			}
			return n
		case c == '\\':
			escaped = true
			p.pos += 2
			continue
		case c < 0x20:
			p.fail("control character in string (write it as \\u%04x)", c)
			return n
		}
		p.pos++
	}
	p.pos = start
	p.fail("string never closed")
	return n
}

func (p *jsonParser) number() *yaml.Node {
	n := p.newNode(yaml.ScalarNode, "!!int")
	start := p.pos
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		if (c >= '0' && c <= '9') || c == '-' || c == '+' {
			p.pos++
			continue
		}
		if c == '.' || c == 'e' || c == 'E' {
			n.Tag = "!!float"
			p.pos++
			continue
		}
		break
	}
	n.Value = string(p.data[start:p.pos])
	if !json.Valid(p.data[start:p.pos]) {
		p.pos = start
		p.fail("invalid number %q", n.Value)
	} else if n.Tag == "!!int" {
		if _, err := strconv.ParseInt(n.Value, 10, 64); err != nil {
			n.Tag = "!!float"
		}
	}
	return n
}
