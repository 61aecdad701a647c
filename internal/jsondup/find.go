package jsondup

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Duplicate is a key given twice in one object of a document, or two
// keys that differ only in case: encoding/json matches the fields of a Go
// struct without regard to case, so {"down": [...], "Down": [...]} is
// the same field twice for it, and it keeps the last.
type Duplicate struct {
	// Key is the second key, unescaped, and FirstKey the first, which
	// differs from it in case only, or not at all.
	Key, FirstKey string
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
	// seen holds an object's keys, folded (see fold), once it has more
	// than mapAfter.
	seen map[string]key
}

// Find returns the first key, in document order, that an object of data
// gives a second time, in the same case or another. Data that is not JSON is followed as far as its
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
				var first key
				var dup bool
				if keys, first, dup = f.add(keys, name, i); dup {
					return Duplicate{Key: string(name), FirstKey: string(first.name), Path: path(stack), Offset: i, First: first.at}, true
				}
			}
			i = end
		}
	}
	return Duplicate{}, false
}

// add records name at offset at in the object f, whose keys are at the
// end of keys, and returns a key already there that equals it but for
// case.
func (f *frame) add(keys []key, name []byte, at int) (_ []key, first key, dup bool) {
	if f.seen != nil {
		folded := fold(name)
		if first, dup = f.seen[folded]; !dup {
			f.seen[folded] = key{name, at}
		}
		return keys, first, dup
	}
	mine := keys[f.first:]
	for _, k := range mine {
		if bytes.EqualFold(k.name, name) {
			return keys, k, true
		}
	}
	if len(mine) == mapAfter {
		// Many keys (a hostile body can hold tens of thousands): one map
		// instead of comparing each with all before it.
		f.seen = make(map[string]key, 2*mapAfter)
		for _, k := range mine {
			f.seen[fold(k.name)] = k
		}
		f.seen[fold(name)] = key{name, at}
		return keys, key{}, false
	}
	return append(keys, key{name, at}), key{}, false
}

// fold returns the form of name that every key equal to it but for case
// has (as bytes.EqualFold sees them): each letter replaced by the
// smallest of its case variants.
func fold(name []byte) string {
	var b strings.Builder
	b.Grow(len(name))
	if isASCII(name) {
		// The least variant of an ASCII letter is its upper case: the
		// others (k, and the Kelvin sign for K) come after it.
		for _, c := range name {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			b.WriteByte(c)
		}
		return b.String()
	}
	for _, r := range string(name) {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
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
