package ingest

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Ref names a source record: the file, and either the line it starts on
// (line-based formats) or its index in the file's list of records, plus the
// key that identifies it in the source system (a sys_id, an entity ref).
type Ref struct {
	File string `json:"file"`
	// Line is the 1-based line of the record, when the format has lines
	// worth naming (CSV, YAML, Prometheus text).
	Line int `json:"line,omitempty"`
	// Index is the 0-based position of the record in the file's list, for
	// JSON exports whose records are not one per line.
	Index int `json:"index"`
	// Key identifies the record in its system.
	Key string `json:"key,omitempty"`
}

// String formats r as "file:line (key)" or "file#index (key)".
func (r Ref) String() string {
	s := r.File
	if r.Line > 0 {
		s += fmt.Sprintf(":%d", r.Line)
	} else {
		s += fmt.Sprintf("#%d", r.Index)
	}
	if r.Key != "" {
		s += " (" + r.Key + ")"
	}
	return s
}

// Skip is one source record that did not become part of the model, and why.
type Skip struct {
	Record Ref    `json:"record"`
	Reason string `json:"reason"`
}

// Cut is a relation left out because it closed a dependency cycle: the
// model forbids cycles, CMDBs do not. Cycle runs from the relation's target
// back to its source along relations that were kept, so that From → To
// closes it.
type Cut struct {
	Record Ref      `json:"record"`
	From   string   `json:"from"`
	To     string   `json:"to"`
	Cycle  []string `json:"cycle"`
}

// Report says what an import mapped and everything it did not.
type Report struct {
	Source       string `json:"source"`
	Components   int    `json:"components"`
	Dependencies int    `json:"dependencies"`
	Groups       int    `json:"groups"`
	Skipped      []Skip `json:"skipped"`
	Cuts         []Cut  `json:"cuts"`
}

// Skip records that rec was not mapped, with the reason as a format.
func (r *Report) Skip(rec Ref, format string, args ...any) {
	r.Skipped = append(r.Skipped, Skip{Record: rec, Reason: fmt.Sprintf(format, args...)})
}

// Sort orders skipped records by file, then line and index, so that a
// report is the same whatever order the importer found things in.
func (r *Report) Sort() {
	sort.SliceStable(r.Skipped, func(i, j int) bool {
		a, b := r.Skipped[i].Record, r.Skipped[j].Record
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Index < b.Index
	})
}

// WriteText writes the report for people: counts, then one line per skipped
// record and per cut relation.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d components, %d dependencies, %d redundancy groups; %d records skipped, %d relations cut to break cycles\n",
		r.Source, r.Components, r.Dependencies, r.Groups, len(r.Skipped), len(r.Cuts))
	for _, s := range r.Skipped {
		fmt.Fprintf(&b, "skipped %s: %s\n", s.Record, s.Reason)
	}
	for _, c := range r.Cuts {
		fmt.Fprintf(&b, "cut %s: %s → %s closes the cycle %s; suggested fix: remove or reverse it in the source\n",
			c.Record, c.From, c.To, strings.Join(append([]string{c.From}, c.Cycle...), " → "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
