package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/server/incident"
)

// Problem is an RFC 9457 problem detail, the body of every error answer
// (Content-Type application/problem+json). Type is always about:blank: the
// status says what kind of problem it is, and Errors say which part of the
// request was wrong.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	// Instance is the request's path.
	Instance string `json:"instance,omitempty"`
	// Errors name each wrong part of the request, at most
	// Config.MaxProblems of them.
	Errors []FieldError `json:"errors,omitempty"`
	// ErrorsOmitted counts the errors left out of Errors by that limit.
	ErrorsOmitted int `json:"errorsOmitted,omitempty"`
}

// FieldError is one wrong part of a request: where (Location, such as
// body.scenario.disrupt[0].id or query.of), what is wrong, and, for a
// body, the line and column in it. For a problem in a model file (a
// rejected reload: Location model) File names the file and Line and Col
// are in it.
type FieldError struct {
	Location string `json:"location"`
	Message  string `json:"message"`
	Value    any    `json:"value,omitempty"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Col      int    `json:"col,omitempty"`
}

// Error returns the detail and every field error on one line.
func (p *Problem) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s", p.Status, p.Title)
	if p.Detail != "" {
		b.WriteString(": " + p.Detail)
	}
	for _, e := range p.Errors {
		fmt.Fprintf(&b, "; %s: %s", e.Location, e.Message)
	}
	return b.String()
}

// problem builds a Problem with the status's title.
func problem(status int, detail string, errs ...FieldError) *Problem {
	return &Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail, Errors: errs}
}

// invalid is a 422 naming one wrong field.
func invalid(location, format string, args ...any) *Problem {
	msg := fmt.Sprintf(format, args...)
	return problem(http.StatusUnprocessableEntity, msg, FieldError{Location: location, Message: msg})
}

// fromProblems turns positioned problems in a part of the body into field
// errors; positions are relative to the body.
func fromProblems(status int, location string, ps bcp.Problems) *Problem {
	p := problem(status, fmt.Sprintf("%s: %d problem(s)", location, len(ps)))
	for _, x := range ps {
		p.Errors = append(p.Errors, FieldError{Location: location, Message: x.Message, File: x.Pos.File, Line: x.Pos.Line, Col: x.Pos.Col})
	}
	return p
}

// asProblem makes any error a Problem: a Problem as it is, bcp's
// positioned problems with their places, anything else as a 422 about
// the named location (the analyses reject what they cannot answer with
// plain errors).
func asProblem(err error, location string) *Problem {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	var ps bcp.Problems
	if errors.As(err, &ps) {
		return fromProblems(http.StatusUnprocessableEntity, location, ps)
	}
	var one *bcp.Problem
	if errors.As(err, &one) {
		return fromProblems(http.StatusUnprocessableEntity, location, bcp.Problems{*one})
	}
	return invalid(location, "%s", err.Error())
}

// capped returns p with at most limit errors, counting the rest; p
// itself is not changed.
func (p *Problem) capped(limit int) *Problem {
	if len(p.Errors) <= limit {
		return p
	}
	out := *p
	out.Errors = p.Errors[:limit:limit]
	out.ErrorsOmitted = len(p.Errors) - limit
	out.Detail += fmt.Sprintf(" (%d errors; the first %d are listed, errorsOmitted counts the rest; bcp serve --max-problems raises the limit)", len(p.Errors), limit)
	return &out
}

// writeProblem sends p as application/problem+json, its errors capped at
// the configured limit, so that a small request cannot ask for a large
// answer.
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, p *Problem) {
	sendProblem(w, r, p.capped(s.cfg.MaxProblems))
}

// sendProblem sends p as application/problem+json; Server.writeProblem,
// which caps its errors, is the one to call.
func sendProblem(w http.ResponseWriter, r *http.Request, p *Problem) {
	out := *p
	out.Instance = r.URL.Path
	var buf bytes.Buffer
	if err := bcp.EncodeJSON(&buf, &out); err != nil {
		// Nothing in a Problem fails to encode; keep the status anyway.
		buf.Reset()
		buf.WriteString(`{"type":"about:blank","status":500}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Content-Length", fmt.Sprint(buf.Len()))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(out.Status)
	_, _ = w.Write(buf.Bytes())
}

// writeJSON sends v with bcp.EncodeJSON, the bytes of the CLI's --json.
// It encodes before writing, so that a failure is a 500, not half an
// answer.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b := getBuffer()
	defer putBuffer(b)
	if err := b.enc.Encode(v); err != nil {
		sendProblem(w, r, problem(http.StatusInternalServerError, "the answer could not be encoded: "+err.Error()))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(b.buf.Len()))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(b.buf.Bytes())
}

// buffers keeps answer buffers, with their encoders, between requests:
// growing a new buffer (and the encoder's indentation buffer) for every
// answer was a tenth of the incident endpoint's CPU under load.
var buffers sync.Pool

type buffer struct {
	buf bytes.Buffer
	enc *bcp.JSONEncoder
}

func getBuffer() *buffer {
	if b, ok := buffers.Get().(*buffer); ok {
		return b
	}
	b := &buffer{}
	b.enc = bcp.NewJSONEncoder(&b.buf)
	return b
}

// putBuffer keeps b unless an unusually large answer grew it: one
// whole-model answer should not pin its memory for good.
func putBuffer(b *buffer) {
	if b.buf.Cap() > 1<<20 {
		return
	}
	b.buf.Reset()
	buffers.Put(b)
}

// jsonProblem turns an encoding/json error into a Problem that names the
// place: a syntax error with its line and column, a wrong type with its
// field.
func jsonProblem(body []byte, err error) *Problem {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := lineCol(body, syn.Offset-1) // Offset is just after the wrong byte
		return problem(http.StatusBadRequest, "the body is not valid JSON", FieldError{Location: "body", Message: syntaxMessage(syn.Error()), Line: line, Col: col})
	case errors.As(err, &typ):
		line, col := lineCol(body, valueStart(body, typ.Offset))
		loc := "body"
		if typ.Field != "" {
			loc += "." + typ.Field
		}
		return problem(http.StatusUnprocessableEntity, "a field has the wrong type",
			FieldError{Location: loc, Message: fmt.Sprintf("must be %s, not %s", incident.JSONKind(typ.Type), typ.Value), Line: line, Col: col})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return invalid("body."+field, "unknown field %q", field)
	}
	return problem(http.StatusBadRequest, "the body is not valid JSON: "+err.Error(), FieldError{Location: "body", Message: err.Error()})
}

// syntaxMessage says encoding/json's syntax error in words for people.
func syntaxMessage(msg string) string {
	if strings.HasSuffix(msg, "exceeded max depth") {
		return "arrays and objects are nested more than 10000 deep here; no request needs that many"
	}
	return msg
}

// lineCol converts a byte offset into a 1-based line and column.
func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}
