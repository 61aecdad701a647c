package server

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// fieldAt returns the place in the JSON document data of the member or
// element that starts last at or before byte off, as a location under
// root: root.scenario.disrupt[0].at. A problem positioned on a value (or
// inside a string, as an expression's column is) is so named by the field
// that holds it. It returns root when off is before every value or data
// is not JSON up to off.
func fieldAt(data []byte, off int, root string) string {
	type frame struct {
		object, wantKey bool
		key             string
		index           int
	}
	var stack []frame
	path := func() string {
		var b strings.Builder
		b.WriteString(root)
		for _, f := range stack {
			if f.object {
				b.WriteString("." + f.key)
			} else {
				b.WriteString("[" + strconv.Itoa(f.index) + "]")
			}
		}
		return b.String()
	}
	best := root
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		start := int(dec.InputOffset())
		for start < len(data) && strings.IndexByte(" \t\r\n,:", data[start]) >= 0 {
			start++
		}
		if start > off {
			return best
		}
		tok, err := dec.Token()
		if err != nil {
			return best
		}
		var top *frame
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			continue
		}
		if top != nil && top.object && top.wantKey {
			top.key, top.wantKey = tok.(string), false
			best = path()
			continue
		}
		if top != nil {
			if top.object {
				top.wantKey = true // the next token in it is a key
			} else {
				top.index++
			}
		}
		best = path()
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, frame{object: d == '{', wantKey: d == '{', index: -1})
		}
	}
}

// offsetOf returns the byte offset of line and col (counted in runes, as
// bcp positions are) in data, or -1 when data has no such place.
func offsetOf(data []byte, line, col int) int {
	if line < 1 || col < 1 {
		return -1
	}
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	for c := 1; c < col; c++ {
		if off >= len(data) || data[off] == '\n' {
			return -1
		}
		_, size := utf8.DecodeRune(data[off:])
		off += size
	}
	return off
}

// valueStart returns the offset in data of the value that ends at end:
// encoding/json places a wrong type just after the value, and a column
// should point at its first byte. It returns end when no value ends
// there.
func valueStart(data []byte, end int64) int64 {
	dec := json.NewDecoder(bytes.NewReader(data))
	var opens []int64
	for {
		start := dec.InputOffset()
		for start < int64(len(data)) && strings.IndexByte(" \t\r\n,:", data[start]) >= 0 {
			start++
		}
		if start >= end {
			return end
		}
		tok, err := dec.Token()
		if err != nil {
			return end
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			opens = append(opens, start)
			continue
		case json.Delim('}'), json.Delim(']'):
			start, opens = opens[len(opens)-1], opens[:len(opens)-1]
		}
		if dec.InputOffset() == end {
			return start
		}
	}
}
