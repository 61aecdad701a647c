package jsondup

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Duplicate is a key given twice in one object of a document.
type Duplicate struct {
	// Key is the key, unescaped.
	Key string
	// Path is where the second one is, relative to the document:
	// ".scenario.disrupt[0].at"; a key at the top is ".at".
	Path string
	// Offset is the byte offset of the second key's opening quote, and
	// First that of the first.
	Offset, First int
}

// MaxDepth is the deepest nesting Find follows; below it Find stops
// looking, and the decoder (encoding/json refuses more than 10,000
// levels) reports the document.
const MaxDepth = 10_000

// mapAfter is how many keys an object may have before its keys are looked
// up in a map rather than compared one by one.
const mapAfter = 16

type key struct {
	name []byte
	at   int
}

// frame is one open object or array.
type frame struct {
	object, wantKey bool
	// first is the index in keys of the object's first key.
	first int
	// index counts an array's elements (commas) so far.
	index int
	// key is an object's current key.
	key []byte
	// seen holds an object's keys once it has more than mapAfter.
	seen map[string]int
}

// Find returns the first key, in document order, that an object of data
// gives a second time. Data that is not JSON is followed as far as its
// brackets and strings allow and then given up on (ok false): reporting
// its syntax is the decoder's job.
func Find(data []byte) (d Duplicate, ok bool) {
	var stackBuf [16]frame
	var keysBuf [32]key
	stack, keys := stackBuf[:0], keysBuf[:0]
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '{', '[':
			if len(stack) == MaxDepth {
				return Duplicate{}, false
			}
			stack = append(stack, frame{object: c == '{', wantKey: c == '{', first: len(keys)})
		case '}', ']':
			if len(stack) == 0 {
				return Duplicate{}, false
			}
			keys = keys[:stack[len(stack)-1].first]
			stack = stack[:len(stack)-1]
		case ',':
			if n := len(stack); n > 0 {
				stack[n-1].wantKey = stack[n-1].object
				stack[n-1].index++
			}
		case '"':
			end, plain := stringEnd(data, i)
			if end < 0 {
				return Duplicate{}, false
			}
			if n := len(stack); n > 0 && stack[n-1].wantKey {
				f := &stack[n-1]
				f.wantKey = false
				name := data[i+1 : end]
				// Escapes, and invalid UTF-8 (which decoders replace
				// with U+FFFD), make different bytes the same key.
				if !plain && (bytes.IndexByte(name, '\\') >= 0 || !utf8.Valid(name)) {
					var s string
					if json.Unmarshal(data[i:end+1], &s) != nil {
						return Duplicate{}, false
					}
					name = []byte(s)
				}
				f.key = name
				var first int
				var dup bool
				if keys, first, dup = f.add(keys, name, i); dup {
					return Duplicate{Key: string(name), Path: path(stack), Offset: i, First: first}, true
				}
			}
			i = end
		}
	}
	return Duplicate{}, false
}

// add records name at offset at in the object f, whose keys are at the
// end of keys, and returns the offset of an equal key already there.
func (f *frame) add(keys []key, name []byte, at int) (_ []key, first int, dup bool) {
	if f.seen != nil {
		if first, dup = f.seen[string(name)]; !dup {
			f.seen[string(name)] = at
		}
		return keys, first, dup
	}
	mine := keys[f.first:]
	for _, k := range mine {
		if bytes.Equal(k.name, name) {
			return keys, k.at, true
		}
	}
	if len(mine) == mapAfter {
		// Many keys (a hostile body can hold tens of thousands): one map
		// instead of comparing each with all before it.
		f.seen = make(map[string]int, 2*mapAfter)
		for _, k := range mine {
			f.seen[string(k.name)] = k.at
		}
		f.seen[string(name)] = at
		return keys, 0, false
	}
	return append(keys, key{name, at}), 0, false
}

// stringEnd returns the offset of the quote that closes the string opening
// at data[open] (-1 when it is not closed), and whether the string is
// plain: ASCII without escapes, its bytes its value.
func stringEnd(data []byte, open int) (end int, plain bool) {
	plain = true
	for j := open + 1; j < len(data); j++ {
		switch c := data[j]; {
		case c == '\\':
			plain = false
			j++
		case c == '"':
			return j, plain
		case c >= utf8.RuneSelf:
			plain = false
		}
	}
	return -1, plain
}

// path names the current key of each open object and the current element
// of each open array.
func path(stack []frame) string {
	var b strings.Builder
	for _, f := range stack {
		if f.object {
			b.WriteString("." + string(f.key))
		} else {
			b.WriteString("[" + strconv.Itoa(f.index) + "]")
		}
	}
	return b.String()
}
