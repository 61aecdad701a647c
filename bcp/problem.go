package bcp

import (
	"errors"
	"fmt"
	"github.com/expr-lang/expr/file"
	"sort"
	"strings"
)

// Position is a place in a model file. Line and Col are 1-based; a zero Line
// means the value did not come from a file (a model built in Go).
type Position struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

// String formats p as file:line:col, the form editors and CI annotate.
func (p Position) String() string {
	file := p.File
	if file == "" {
		file = "<model>"
	}
	if p.Line == 0 {
		return file
	}
	return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
}

// Problem is one thing wrong with a model: where, what, and (in the message)
// what would be valid.
type Problem struct {
	Pos     Position `json:"pos"`
	Message string   `json:"message"`
	// Code classifies the problem, stably, for tools that act on kinds of
	// problems: syntax, unknown-field, type, duration, unknown-id,
	// duplicate-id, cycle, expression, limit or invalid (a value out of its
	// range or contradicting another).
	Code string `json:"code"`
	// Snippet shows an expression error in its source, the offending
	// column marked with a caret ("\n | tier >= \"1\"\n | .....^"); ""
	// for other problems.
	Snippet string `json:"snippet,omitempty"`
	// Err is the underlying typed error when there is one (a *DurationError, a
	// *CycleError, a rule's compile error), for callers that inspect it.
	Err error `json:"-"`
}

// Error formats the problem as file:line:col: message, or the message
// alone when it has no position (a model or expression built in Go).
func (p Problem) Error() string {
	if p.Pos == (Position{}) {
		return p.Message
	}
	return p.Pos.String() + ": " + p.Message
}

// Unwrap returns the underlying typed error, if any.
func (p Problem) Unwrap() error { return p.Err }

// Problems is every problem found in a model, sorted by position. A non-empty
// Problems is the error that loading and compiling return, so that users fix
// everything in one pass instead of one mistake per run.
type Problems []Problem

func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap gives errors.Is and errors.As access to every problem.
func (ps Problems) Unwrap() []error {
	out := make([]error, len(ps))
	for i, p := range ps {
		out[i] = p
	}
	return out
}

// keptProblems is how many problems are kept before sorting; beyond it
// they are only counted (in a moreProblems at the end), so that a million
// copies of one mistake cost no memory.
const keptProblems = 10 * MaxProblems

// moreProblems counts problems found but not kept.
type moreProblems struct{ n int }

func (m *moreProblems) Error() string { return fmt.Sprintf("%d more problems", m.n) }

func (ps *Problems) add(pos Position, err error, format string, args ...any) {
	if len(*ps) >= keptProblems {
		last := &(*ps)[len(*ps)-1]
		if more, ok := last.Err.(*moreProblems); ok {
			more.n++
			return
		}
		*ps = append(*ps, Problem{Pos: pos, Err: &moreProblems{n: 1}})
		return
	}
	*ps = append(*ps, Problem{Pos: pos, Message: fmt.Sprintf(format, args...), Err: err})
}

// Sort orders problems by file, line and column, keeping the order of
// problems at the same place.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Pos, ps[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// distinct drops a problem said already at the same place (sorted ps): a
// YAML alias decodes its anchor's node at every use, one mistake each time.
func (ps Problems) distinct() Problems {
	out := ps[:0]
	for _, p := range ps {
		dup := false
		for k := len(out) - 1; k >= 0 && out[k].Pos == p.Pos; k-- {
			if out[k].Message == p.Message {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, p)
		}
	}
	return out
}

// MaxProblems is how many problems loading and compiling report; the rest
// are counted in one last problem ("and 999000 more"), so that a model with a
// million copies of one mistake gives a readable answer in bounded memory.
const MaxProblems = 1000

func (ps Problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	for i := range ps {
		if ps[i].Code == "" {
			ps[i].Code = problemCode(&ps[i])
		}
	}
	// Problems merged from several lists may hold several counts.
	rest := 0
	kept := ps[:0]
	for _, p := range ps {
		if more, ok := p.Err.(*moreProblems); ok {
			rest += more.n
			continue
		}
		kept = append(kept, p)
	}
	ps = kept
	ps.Sort()
	ps = ps.distinct()
	if len(ps) > MaxProblems {
		rest += len(ps) - MaxProblems
		ps = ps[:MaxProblems:MaxProblems]
	}
	if rest > 0 {
		ps = append(ps, Problem{Pos: ps[len(ps)-1].Pos, Message: fmt.Sprintf("and %d more problems (only the first %d are listed; fix these and run again)", rest, MaxProblems)})
	}
	return ps
}

// suggest returns the candidate closest to s when it is close enough to be
// a plausible typo (about one edit per four characters), or "".
func suggest(s string, candidates []string) string {
	for _, c := range candidates {
		if strings.EqualFold(s, c) { // RTO for rto
			return c
		}
	}
	limit := max(1, (len(s)+2)/4)
	best, bestD := "", limit+1
	for _, c := range candidates {
		if d := editDistance(s, c, bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the optimal string alignment distance of a and b (edits
// and swaps of neighbours, each counting one: "teir" is one from "tier"), or
// limit when it is at least limit, which keeps "did you mean" cheap on large
// models.
func editDistance(a, b string, limit int) int {
	if abs(len(a)-len(b)) >= limit {
		return limit
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func didYouMean(s string, candidates []string) string {
	if m := suggest(s, candidates); m != "" {
		return fmt.Sprintf(" (did you mean %q?)", m)
	}
	return ""
}

// problemCode classifies a problem by its typed error, else by the wording
// that the decoder and Compile use for each kind (tests pin both).
func problemCode(p *Problem) string {
	var de *DurationError
	var ce *CycleError
	var nf *NotFoundError
	var fe *file.Error
	var pe *exprPosError
	switch {
	case errors.As(p.Err, &de):
		return "duration"
	case errors.As(p.Err, &ce):
		return "cycle"
	case errors.As(p.Err, &nf):
		return "unknown-id"
	case errors.As(p.Err, &fe), errors.As(p.Err, &pe), p.Snippet != "":
		return "expression"
	}
	m := p.Message
	switch {
	case strings.HasPrefix(m, "YAML syntax") || strings.HasPrefix(m, "JSON syntax"):
		return "syntax"
	case strings.HasPrefix(m, "unknown field"):
		return "unknown-field"
	case strings.Contains(m, "refers to unknown") || strings.Contains(m, "disrupts unknown") || strings.Contains(m, "unknown component"):
		return "unknown-id"
	case strings.HasPrefix(m, "duplicate ") || strings.Contains(m, "already defined at"):
		return "duplicate-id"
	case strings.Contains(m, "must be a number") || strings.Contains(m, "must be text") || strings.Contains(m, "must be a whole number") ||
		strings.Contains(m, "must be a list") || strings.Contains(m, "must be a mapping") || strings.Contains(m, "must be true or false"):
		return "type"
	case strings.Contains(m, "the limit is") || strings.Contains(m, "more problems") || strings.Contains(m, "nested deeper") || strings.Contains(m, "too many"):
		return "limit"
	case strings.Contains(m, "rule ") && (strings.Contains(m, " check: ") || strings.Contains(m, " when: ") || strings.Contains(m, " set ")):
		return "expression"
	}
	return "invalid"
}
