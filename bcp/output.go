package bcp

import (
	"encoding/json"
	"io"
)

// EncodeJSON writes v the way every machine-readable answer is written, by
// the CLI's --json and by the HTTP API alike, so that both give the same
// bytes for the same question: indented by two spaces, <, > and & left as
// they are, one trailing newline. A value with a method WriteJSON(w
// io.Writer, indent string) error (an answer large enough to stream, such as
// faulttree.SPOFReport) writes itself, in the same layout.
func EncodeJSON(w io.Writer, v any) error { return NewJSONEncoder(w).Encode(v) }

// JSONEncoder writes values to one writer as EncodeJSON does, keeping its
// buffers from one value to the next: a server that answers many requests
// reuses one per buffer instead of growing new ones for every answer.
type JSONEncoder struct {
	w   io.Writer
	enc *json.Encoder
}

// NewJSONEncoder returns a JSONEncoder writing to w.
func NewJSONEncoder(w io.Writer) *JSONEncoder {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return &JSONEncoder{w: w, enc: enc}
}

// Encode writes v as EncodeJSON does.
func (e *JSONEncoder) Encode(v any) error {
	if s, ok := v.(interface {
		WriteJSON(w io.Writer, indent string) error
	}); ok {
		return s.WriteJSON(e.w, "  ")
	}
	return e.enc.Encode(v)
}

// CheckReport is the answer to "what do the rules find": every finding of
// Model.Check and how many there are of each severity (`bcp check --json`,
// GET /v1/findings).
type CheckReport struct {
	// Counts has the keys error, warning and info, always.
	Counts   map[Severity]int `json:"counts"`
	Findings []Finding        `json:"findings"`
}

// NewCheckReport counts findings by severity; nil findings become an empty
// list, so that the JSON form is always a list.
func NewCheckReport(fs []Finding) *CheckReport {
	if fs == nil {
		fs = []Finding{}
	}
	return &CheckReport{Counts: CountFindings(fs), Findings: fs}
}

// Errors returns how many findings have severity error.
func (r *CheckReport) Errors() int { return r.Counts[SeverityError] }
