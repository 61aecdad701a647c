package servicenow

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/continuitykit/continuity/importers/ingest"
)

// field is one value of a record: a plain value, a reference
// {"link", "value"} or, with sysparm_display_value=all, {"display_value",
// "value"}. Display is the value when no display value was exported.
type field struct {
	Value, Display string
}

func (f *field) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		*f = field{}
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = field{s, s}
	case b[0] == '{':
		var ref struct {
			Value   json.RawMessage `json:"value"`
			Display json.RawMessage `json:"display_value"`
		}
		if err := json.Unmarshal(b, &ref); err != nil {
			return err
		}
		f.Value, f.Display = scalar(ref.Value), scalar(ref.Display)
		if f.Display == "" {
			f.Display = f.Value
		}
	default: // numbers and booleans
		s := string(b)
		*f = field{s, s}
	}
	return nil
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

type jsonRecord map[string]field

func (r jsonRecord) get(name string) field { return r[name] }

type csvRecord struct {
	row    []string
	header map[string]int
	cols   Columns
}

func (r csvRecord) get(name string) field {
	i, ok := r.header[r.cols.get(name)]
	if !ok || i >= len(r.row) {
		return field{}
	}
	return field{r.row[i], r.row[i]}
}

// readJSON streams the records of a Table API export, calling fn for each
// with its index; only one record is decoded at a time.
func readJSON(file string, r io.Reader, fn func(rec record, ref ingest.Ref)) error {
	dec := json.NewDecoder(r)
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
				rec := jsonRecord{}
				if err := dec.Decode(&rec); err != nil {
					return fail(fmt.Errorf("record %d: %w", i, err))
				}
				fn(rec, ingest.Ref{File: file, Index: i})
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
	if err != nil {
		return ingest.NewSyntaxError(file, r, 0, fmt.Errorf("reading the CSV header: %w", err))
	}
	header := make(map[string]int, len(head))
	for i, h := range head {
		if i == 0 {
			h = string(bytes.TrimPrefix([]byte(h), []byte("\ufeff"))) // Excel's byte order mark
		}
		header[h] = i
	}
	for _, f := range need {
		if _, ok := header[cols.get(f)]; !ok {
			return &ingest.SyntaxError{File: file, Line: 1, Col: 1, Err: fmt.Errorf("no column %q for %s in the header %q; name it with the column options", cols.get(f), f, head)}
		}
	}
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &ingest.SyntaxError{File: file, Line: pe.Line, Col: pe.Column, Err: pe.Err}
			}
			return fmt.Errorf("%s:%d: %w", file, line, err)
		}
		fn(csvRecord{row, header, cols}, ingest.Ref{File: file, Line: line})
	}
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
