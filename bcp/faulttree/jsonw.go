package faulttree

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"
)

// jsonWriter streams JSON in the layout of encoding/json's Encoder with
// SetIndent("", indent) and HTML escaping off (compact when indent is
// empty), except that arrays of strings stay on one line, so that an
// answer of millions of entries never exists twice in memory and is not
// mostly indentation. Errors stick: the first one is returned by flush.
type jsonWriter struct {
	w      io.Writer
	buf    []byte // written to w when it reaches flushAt
	indent string
	depth  int
	first  bool // nothing written yet at this depth
	keyed  bool // a key was written: its value follows directly
	// escapeHTML keeps <, > and & escaped in strings, as json.Marshal
	// does (an answer whose MarshalJSON uses it).
	escapeHTML bool
	err        error
}

// flushAt is the buffered output written at a time: large answers are
// written by appends to one buffer, not by a call per token.
const flushAt = 1 << 16

func newJSONWriter(w io.Writer, indent string) *jsonWriter {
	return &jsonWriter{w: w, buf: make([]byte, 0, flushAt+4096), indent: indent, first: true}
}

// spill writes the buffer out once it is full.
func (j *jsonWriter) spill() {
	if len(j.buf) < flushAt {
		return
	}
	if j.err == nil {
		_, j.err = j.w.Write(j.buf)
	}
	j.buf = j.buf[:0]
}

func (j *jsonWriter) raw(s string) {
	j.buf = append(j.buf, s...)
	j.spill()
}

// begin starts a value: after a key directly, in a container after a
// comma (unless first), a newline and the indent.
func (j *jsonWriter) begin() {
	if j.keyed {
		j.keyed = false
		return
	}
	if j.depth == 0 {
		return
	}
	if !j.first {
		j.buf = append(j.buf, ',')
	}
	j.first = false
	j.newline()
}

func (j *jsonWriter) newline() {
	if j.indent == "" {
		return
	}
	j.buf = append(j.buf, '\n')
	for i := 0; i < j.depth; i++ {
		j.buf = append(j.buf, j.indent...)
	}
}

// open starts an object or array ('{' or '[') as the next value.
func (j *jsonWriter) open(c string) {
	j.begin()
	j.raw(c)
	j.depth++
	j.first = true
}

// close ends it; an empty container stays on one line ({} or []).
func (j *jsonWriter) close(c string) {
	j.depth--
	if !j.first {
		j.newline()
	}
	j.first = false
	j.raw(c)
}

// key starts a member of the current object.
func (j *jsonWriter) key(k string) {
	j.begin()
	j.quote(k)
	if j.indent == "" {
		j.buf = append(j.buf, ':')
	} else {
		j.buf = append(j.buf, ':', ' ')
	}
	j.keyed = true
}

// str writes a string value.
func (j *jsonWriter) str(s string) {
	j.begin()
	j.quote(s)
	j.spill()
}

// integer writes a whole number, as encoding/json does.
func (j *jsonWriter) integer(n int) {
	j.begin()
	j.buf = strconv.AppendInt(j.buf, int64(n), 10)
	j.spill()
}

// value writes a value encoding/json marshals (numbers, small maps).
func (j *jsonWriter) value(v any) {
	j.begin()
	b, err := json.Marshal(v)
	if err != nil && j.err == nil {
		j.err = err
	}
	j.raw(string(b))
}

// ids writes an array of strings on one line: lists of ids are the
// bulk of large answers, and one id per line would triple their size.
func (j *jsonWriter) ids(ss []string) {
	j.begin()
	j.buf = append(j.buf, '[')
	for i, s := range ss {
		if i > 0 {
			j.buf = append(j.buf, ',')
			if j.indent != "" {
				j.buf = append(j.buf, ' ')
			}
		}
		j.quote(s)
		j.spill()
	}
	j.buf = append(j.buf, ']')
	j.spill()
}

func (j *jsonWriter) quote(s string) {
	if safe(s) && !(j.escapeHTML && strings.ContainsAny(s, "<>&")) {
		j.buf = append(j.buf, '"')
		j.buf = append(j.buf, s...)
		j.buf = append(j.buf, '"')
		return
	}
	b, _ := json.Marshal(s)
	if j.escapeHTML {
		j.buf = append(j.buf, b...)
		return
	}
	// encoding/json escapes <, > and & for HTML; the Encoder used with
	// SetEscapeHTML(false) does not.
	r := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&")
	j.buf = append(j.buf, r.Replace(string(b))...)
}

// safe reports whether s needs no escaping in JSON.
func safe(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x7f {
			return false
		}
	}
	return true
}

func (j *jsonWriter) flush() error {
	if j.err == nil && len(j.buf) > 0 {
		_, j.err = j.w.Write(j.buf)
	}
	j.buf = j.buf[:0]
	return j.err
}
