package servicenow

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/continuitykit/continuity/importers/ingest"
)

// field is one value of a record: a plain value, a reference
// {"link", "value"} or, with sysparm_display_value=all, {"display_value",
// "value"}. Display is the value when no display value was exported.
type field struct {
	Value, Display string
}

// UnmarshalJSON reads any of the shapes a Table API field comes in.
func (f *field) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		*f = field{}
	case b[0] == '"':
		if bytes.IndexByte(b, '\\') < 0 { // most values: no escapes to undo
			s := string(b[1 : len(b)-1])
			*f = field{s, s}
			return nil
		}
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = field{s, s}
	case b[0] == '{':
		var ref struct {
			Value   string `json:"value"`
			Display string `json:"display_value"`
		}
		var ok bool
		if ref.Value, ref.Display, ok = flatRef(b); !ok && json.Unmarshal(b, &ref) != nil { // a number or a boolean inside
			var raw struct {
				Value   json.RawMessage `json:"value"`
				Display json.RawMessage `json:"display_value"`
			}
			if err := json.Unmarshal(b, &raw); err != nil {
				return err
			}
			ref.Value, ref.Display = scalar(raw.Value), scalar(raw.Display)
		}
		f.Value, f.Display = ref.Value, ref.Display
		if f.Display == "" {
			f.Display = f.Value
		}
	default: // numbers and booleans
		s := string(b)
		*f = field{s, s}
	}
	return nil
}

// flatRef reads "value" and "display_value" from a reference object whose
// members are all strings without escapes, the usual case, without a
// second pass of the reflection-based decoder (which made reading
// references most of an import's time). The decoder has validated b
// already; anything else reports !ok and takes the general path.
func flatRef(b []byte) (value, display string, ok bool) {
	i := 1
	for {
		k, next, ok := plainString(b, skipSpace(b, i))
		if !ok {
			return "", "", false
		}
		i = skipSpace(b, next)
		if i >= len(b) || b[i] != ':' {
			return "", "", false
		}
		v, next, ok := plainString(b, skipSpace(b, i+1))
		if !ok {
			return "", "", false
		}
		switch string(k) {
		case "value":
			value = string(v)
		case "display_value":
			display = string(v)
		}
		i = skipSpace(b, next)
		switch {
		case i < len(b) && b[i] == ',':
			i++
		case i < len(b) && b[i] == '}':
			return value, display, true
		default:
			return "", "", false
		}
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// plainString reads a string without escapes at b[i:], returning its
// content and the index after its closing quote.
func plainString(b []byte, i int) ([]byte, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, 0, false
	}
	end := bytes.IndexByte(b[i+1:], '"')
	if end < 0 {
		return nil, 0, false
	}
	s := b[i+1 : i+1+end]
	if bytes.IndexByte(s, '\\') >= 0 {
		return nil, 0, false
	}
	return s, i + 2 + end, true
}

func scalar(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	return string(raw)
}

// record is one CI or relationship, from JSON or CSV.
type record interface {
	get(name string) field
}

// jsonRecord holds the fields the importer reads; the decoder skips the
// others (an export has dozens) without building them.
type jsonRecord struct {
	SysID        field `json:"sys_id"`
	Name         field `json:"name"`
	Class        field `json:"sys_class_name"`
	OwnedBy      field `json:"owned_by"`
	SupportGroup field `json:"support_group"`
	Criticality  field `json:"busines_criticality"`
	Status       field `json:"operational_status"`
	Location     field `json:"location"`
	Parent       field `json:"parent"`
	Child        field `json:"child"`
	Type         field `json:"type"`
}

func (r *jsonRecord) get(name string) field {
	switch name {
	case "sys_id":
		return r.SysID
	case "name":
		return r.Name
	case "sys_class_name":
		return r.Class
	case "owned_by":
		return r.OwnedBy
	case "support_group":
		return r.SupportGroup
	case "busines_criticality":
		return r.Criticality
	case "operational_status":
		return r.Status
	case "location":
		return r.Location
	case "parent":
		return r.Parent
	case "child":
		return r.Child
	case "type":
		return r.Type
	}
	return field{}
}

type csvRecord struct {
	row []string
	col map[string]int // field name → index in row
}

func (r csvRecord) get(name string) field {
	i, ok := r.col[name]
	if !ok || i >= len(r.row) {
		return field{}
	}
	return field{r.row[i], r.row[i]}
}

// readJSON streams the records of a Table API export, calling fn for each
// with its index; only one record is decoded at a time.
func readJSON(file string, r io.Reader, fn func(rec record, ref ingest.Ref)) error {
	dec := json.NewDecoder(bufio.NewReaderSize(r, 64<<10)) // fewer, larger reads
	fail := func(err error) error {
		// Offsets inside json errors count from the value being decoded;
		// the decoder's own offset is the start of that value (a record).
		return ingest.NewSyntaxError(file, r, dec.InputOffset(), err)
	}
	if err := expectDelim(dec, '{'); err != nil {
		return fail(fmt.Errorf("expected a Table API export {\"result\": [...]}: %w", err))
	}
	found := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		switch tok {
		case "result":
			found = true
			if err := expectDelim(dec, '['); err != nil {
				return fail(fmt.Errorf("\"result\" must be a list of records: %w", err))
			}
			for i := 0; dec.More(); i++ {
				var rec jsonRecord
				if err := dec.Decode(&rec); err != nil {
					return fail(fmt.Errorf("record %d: %w", i, err))
				}
				fn(&rec, ingest.Ref{File: file, Index: i})
			}
			if _, err := dec.Token(); err != nil {
				return fail(err)
			}
		case "error":
			var e struct{ Message, Detail string }
			if err := dec.Decode(&e); err != nil {
				return fail(err)
			}
			return fail(fmt.Errorf("the export is a ServiceNow error response: %s (%s)", e.Message, e.Detail))
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return fail(err)
			}
		}
	}
	if !found {
		return fail(errors.New("no \"result\" list; expected a Table API export {\"result\": [...]}"))
	}
	return nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("found %v instead of %q", tok, string(want))
	}
	return nil
}

// readCSV streams the rows of a list export, calling fn for each with its
// line. need are the columns that must be in the header.
func readCSV(file string, r io.Reader, cols Columns, need []string, fn func(rec record, ref ingest.Ref)) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return &ingest.SyntaxError{File: file, Line: 1, Col: 1, Err: errors.New("the file is empty; a CSV list export starts with a header row")}
	}
	if err != nil {
		return ingest.NewSyntaxError(file, r, 0, fmt.Errorf("reading the CSV header: %w", err))
	}
	header := make(map[string]int, len(head))
	for i, h := range head {
		if i == 0 {
			h = string(bytes.TrimPrefix([]byte(h), []byte("\ufeff"))) // Excel's byte order mark
		}
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
			if _, dup := header[h]; !dup {
				header[h] = i
			}
		}
	}
	col := map[string]int{}
	for _, f := range fieldNames {
		for _, h := range cols.headers(f) {
			if i, ok := header[strings.ToLower(h)]; ok {
				col[f] = i
				break
			}
		}
	}
	for _, f := range need {
		if _, ok := col[f]; !ok {
			return &ingest.SyntaxError{File: file, Line: 1, Col: 1, Err: fmt.Errorf("no column for %s in the header %q: expected %s; name it with --column %s=HEADER (Columns in Go)",
				f, head, quoteOr(cols.headers(f)), f)}
		}
	}
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &ingest.SyntaxError{File: file, Line: pe.Line, Col: pe.Column, Err: pe.Err}
			}
			return fmt.Errorf("%s: %w", file, err)
		}
		line, _ := cr.FieldPos(0) // a row read without error has a first field
		fn(csvRecord{row, col}, ingest.Ref{File: file, Line: line})
	}
}

// quoteOr lists headers as "a" or "b".
func quoteOr(hs []string) string {
	q := make([]string, len(hs))
	for i, h := range hs {
		q[i] = strconv.Quote(h)
	}
	return strings.Join(q, " or ")
}

// tierOf reads a busines_criticality choice such as "1 - most critical".
func tierOf(v string) int {
	n := 0
	for n < len(v) && v[n] >= '0' && v[n] <= '9' {
		n++
	}
	t, _ := strconv.Atoi(v[:n])
	return t
}
