package bcp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// jsonTree parses JSON into the same node tree the YAML parser produces, with
// line and column of every value, so that one decoder serves both formats and
// JSON keeps the speed of encoding/json's scanner.
type jsonTree struct {
	data       []byte
	dec        *json.Decoder
	lineStarts []int
}

func parseJSON(data []byte) (*yaml.Node, *Problem) {
	t := &jsonTree{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	t.dec.UseNumber()
	t.lineStarts = append(t.lineStarts, 0)
	for i, b := range data {
		if b == '\n' {
			t.lineStarts = append(t.lineStarts, i+1)
		}
	}
	n, err := t.value(0)
	if err == nil {
		if _, err2 := t.dec.Token(); err2 != io.EOF {
			off := t.tokenStart(t.dec.InputOffset())
			line, col := t.lineCol(off)
			return nil, &Problem{Pos: Position{Line: line, Col: col}, Message: "JSON syntax: extra data after the top-level value"}
		}
		return n, nil
	}
	var se *json.SyntaxError
	off := int(t.dec.InputOffset())
	msg := err.Error()
	if errors.As(err, &se) {
		off = int(se.Offset) - 1
		msg = se.Error()
	} else if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		off = len(data)
		msg = "unexpected end of input"
	}
	line, col := t.lineCol(max(off, 0))
	return nil, &Problem{Pos: Position{Line: line, Col: col}, Message: "JSON syntax: " + msg, Err: err}
}

func (t *jsonTree) lineCol(off int) (int, int) {
	if off > len(t.data) {
		off = len(t.data)
	}
	i := sort.Search(len(t.lineStarts), func(i int) bool { return t.lineStarts[i] > off }) - 1
	return i + 1, utf8.RuneCount(t.data[t.lineStarts[i]:off]) + 1
}

// tokenStart skips the separators encoding/json leaves before a token.
func (t *jsonTree) tokenStart(off int64) int {
	i := int(off)
	for i < len(t.data) {
		switch t.data[i] {
		case ' ', '\t', '\r', '\n', ':', ',':
			i++
			continue
		}
		break
	}
	return i
}

const maxJSONDepth = 10_000

func (t *jsonTree) value(depth int) (*yaml.Node, error) {
	if depth > maxJSONDepth {
		return nil, fmt.Errorf("nesting deeper than %d", maxJSONDepth)
	}
	start := t.tokenStart(t.dec.InputOffset())
	tok, err := t.dec.Token()
	if err != nil {
		return nil, err
	}
	line, col := t.lineCol(start)
	n := &yaml.Node{Line: line, Column: col, Kind: yaml.ScalarNode}
	switch v := tok.(type) {
	case json.Delim:
		switch v {
		case '{':
			n.Kind, n.Tag = yaml.MappingNode, "!!map"
			for t.dec.More() {
				k, err := t.value(depth + 1)
				if err != nil {
					return nil, err
				}
				val, err := t.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, k, val)
			}
		case '[':
			n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
			for t.dec.More() {
				val, err := t.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, val)
			}
		default:
			return nil, fmt.Errorf("unexpected %q", v)
		}
		if _, err := t.dec.Token(); err != nil { // closing delimiter
			return nil, err
		}
	case string:
		n.Tag, n.Value, n.Style = "!!str", v, yaml.DoubleQuotedStyle
	case json.Number:
		n.Value = string(v)
		n.Tag = "!!float"
		if _, err := v.Int64(); err == nil {
			n.Tag = "!!int"
		}
	case bool:
		n.Tag, n.Value = "!!bool", "false"
		if v {
			n.Value = "true"
		}
	case nil:
		n.Tag, n.Value = "!!null", "null"
	}
	return n, nil
}
