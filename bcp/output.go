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
func EncodeJSON(w io.Writer, v any) error {
	if s, ok := v.(interface {
		WriteJSON(w io.Writer, indent string) error
	}); ok {
		return s.WriteJSON(w, "  ")
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
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
