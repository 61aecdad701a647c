package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/continuitykit/continuity/bia"
	"github.com/continuitykit/continuity/recovery"
	"github.com/continuitykit/continuity/risk"
)

// Every answer here is the value the CLI prints with --json for the same
// question, written by the same bcp.EncodeJSON: the same bytes.

// scenarioRequest is the body of POST /v1/impact and /v1/recover.
type scenarioRequest struct {
	// Scenario is a model scenario's id (a JSON string) or a scenario
	// object in the model format.
	Scenario json.RawMessage `json:"scenario"`
	// Priority is recover's --priority.
	Priority string `json:"priority"`
	// NoRecovery is impact's --no-recovery: the disruption alone.
	NoRecovery bool `json:"noRecovery"`
}

// decodeStrict decodes a JSON body into v, rejecting unknown fields and
// trailing data.
func decodeStrict(body []byte, v any) *Problem {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonProblem(body, err)
	}
	if dec.More() {
		line, col := lineCol(body, dec.InputOffset())
		return problem(http.StatusBadRequest, "the body has data after its JSON value", FieldError{Location: "body", Message: "unexpected data after the JSON value", Line: line, Col: col})
	}
	return nil
}

// parseScenario reads a scenario request. A string names a model
// scenario; an object is parsed with bcp.ParseScenario, its positions moved
// to where it sits in the body, and its ids checked.
func parseScenario(body []byte, m *bcp.Model) (req scenarioRequest, sc bcp.Scenario, p *Problem) {
	if p := decodeStrict(body, &req); p != nil {
		return req, sc, p
	}
	raw := bytes.TrimSpace(req.Scenario)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return req, sc, invalid("body.scenario", `scenario is required: a model scenario's id, or an object such as {"disrupt": [{"id": "crm", "at": "0h"}]}`)
	case raw[0] == '"':
		var id string
		if err := json.Unmarshal(raw, &id); err != nil {
			return req, sc, jsonProblem(raw, err)
		}
		sc, err := m.Scenario(id)
		if err != nil {
			return req, sc, invalid("body.scenario", "%s", err.Error())
		}
		return req, sc, nil
	}
	sc, err := bcp.ParseScenario("body.json", raw)
	shift := positionIn(body, raw)
	shiftScenario(&sc, shift)
	if err != nil {
		ps, _ := err.(bcp.Problems)
		for i := range ps {
			ps[i].Pos = shift(ps[i].Pos)
		}
		return req, sc, bodyProblems(http.StatusUnprocessableEntity, body, "body.scenario", ps)
	}
	if sc.ID == "" {
		sc.ID = "request"
	}
	var errs []FieldError
	for i, d := range sc.Disrupt {
		if _, ok := m.Index(d.ID); d.ID != "" && !ok {
			errs = append(errs, FieldError{Location: fmt.Sprintf("body.scenario.disrupt[%d].id", i), Message: fmt.Sprintf("unknown component %q", d.ID), Value: d.ID, Line: d.Pos.Line, Col: d.Pos.Col})
		}
		// A question about a selection of nothing is a typo, not an
		// incident without damage (a model's scenario is a check warning).
		// An expression that does not compile is Simulate's to report.
		if d.Select == "" {
			continue
		}
		ids, err := m.Select(d.Select)
		var compileErr *bcp.Problem
		switch {
		case err != nil && !errors.As(err, &compileErr):
			// An expression that fails on a component (past its memory
			// budget, say) is placed at its field, not at body.scenario.
			errs = append(errs, FieldError{Location: fmt.Sprintf("body.scenario.disrupt[%d].select", i), Message: err.Error(), Value: d.Select, Line: d.SelectPos.Line, Col: d.SelectPos.Col})
		case err == nil && len(ids) == 0:
			errs = append(errs, FieldError{Location: fmt.Sprintf("body.scenario.disrupt[%d].select", i), Message: fmt.Sprintf("select %q matched nothing: no component of the model", d.Select), Value: d.Select, Line: d.SelectPos.Line, Col: d.SelectPos.Col})
		}
	}
	if errs != nil {
		return req, sc, problem(http.StatusUnprocessableEntity, "the scenario's disruptions do not fit the model", errs...)
	}
	return req, sc, nil
}

// scenarioProblem places an analysis's error about a scenario request:
// the priority's at body.priority, positioned problems of a scenario
// given in the body at their fields, the rest at body.scenario. Other
// errors (the context's) pass as they are.
func scenarioProblem(body []byte, err error) error {
	var pe *recovery.PriorityError
	var ps bcp.Problems
	var one *bcp.Problem
	switch {
	case errors.As(err, &pe):
		return invalid("body.priority", "%s", err.Error())
	case errors.As(err, &ps):
		return bodyProblems(http.StatusUnprocessableEntity, body, "body.scenario", ps)
	case errors.As(err, &one):
		return bodyProblems(http.StatusUnprocessableEntity, body, "body.scenario", bcp.Problems{*one})
	}
	return err
}

// bodyProblems turns problems of a part of the body (part, such as
// body.scenario) into field errors, each at the field its position falls
// in: body.scenario.disrupt[0].at. A problem without a position in the
// body (one about the model's own scenario) stays at part.
func bodyProblems(status int, body []byte, part string, ps bcp.Problems) *Problem {
	p := problem(status, fmt.Sprintf("%s: %d problem(s)", part, len(ps)))
	for _, x := range ps {
		loc := part
		if off := offsetOf(body, x.Pos.Line, x.Pos.Col); x.Pos.File == "" && off >= 0 {
			if f := fieldAt(body, off, "body"); f == part || strings.HasPrefix(f, part+".") || strings.HasPrefix(f, part+"[") {
				loc = f
			}
		}
		p.Errors = append(p.Errors, FieldError{Location: loc, Message: x.Message, Line: x.Pos.Line, Col: x.Pos.Col})
	}
	return p
}

// positionIn returns a function that moves a position within raw to the
// same place in body, which contains raw.
func positionIn(body, raw []byte) func(bcp.Position) bcp.Position {
	off := bytes.Index(body, raw)
	if off < 0 {
		return func(p bcp.Position) bcp.Position { p.File = ""; return p }
	}
	line, col := lineCol(body, int64(off))
	return func(p bcp.Position) bcp.Position {
		if p.Line == 0 {
			return bcp.Position{}
		}
		if p.Line == 1 {
			return bcp.Position{Line: line, Col: col + p.Col - 1}
		}
		return bcp.Position{Line: line + p.Line - 1, Col: p.Col}
	}
}

func shiftScenario(sc *bcp.Scenario, shift func(bcp.Position) bcp.Position) {
	sc.Pos = shift(sc.Pos)
	for i := range sc.Disrupt {
		sc.Disrupt[i].Pos = shift(sc.Disrupt[i].Pos)
		sc.Disrupt[i].SelectPos = shift(sc.Disrupt[i].SelectPos)
	}
}

// impact answers POST /v1/impact: bcp impact --scenario ID --json, the
// scenario's incident timeline (noRecovery: the disruption alone).
func (s *Server) impact(w http.ResponseWriter, r *http.Request) {
	s.scenarioAnswer(w, r, func(ctx context.Context, m *bcp.Model, req scenarioRequest, sc bcp.Scenario) (any, error) {
		inc, err := recovery.TimelineContext(ctx, m, sc, recovery.Options{DisruptionOnly: req.NoRecovery})
		if err != nil {
			return nil, err
		}
		return inc.Impact, nil
	})
}

// recover answers POST /v1/recover: bcp recover --scenario ID --json, the
// plan of the scenario's incident timeline.
func (s *Server) recover(w http.ResponseWriter, r *http.Request) {
	s.scenarioAnswer(w, r, func(ctx context.Context, m *bcp.Model, req scenarioRequest, sc bcp.Scenario) (any, error) {
		inc, err := recovery.TimelineContext(ctx, m, sc, recovery.Options{Priority: req.Priority})
		if err != nil {
			return nil, err
		}
		return inc.Plan, nil
	})
}

// scenarioAnswer reads a scenario request and answers it with fn. The
// scenario object is parsed within an analysis slot: its node tree costs
// about 60 times the body (50 MB for a 1 MiB list of disruptions), and
// parsed outside, any number of clients could make the server hold that
// at once.
func (s *Server) scenarioAnswer(w http.ResponseWriter, r *http.Request, fn func(context.Context, *bcp.Model, scenarioRequest, bcp.Scenario) (any, error)) {
	body, p := readJSON(r)
	if p != nil {
		s.writeProblem(w, r, p)
		return
	}
	s.analyse(w, r, s.slots, s.cur.Load(), "body.scenario", func(ctx context.Context, snap *snapshot) (any, error) {
		req, sc, p := parseScenario(body, snap.model)
		if p != nil {
			return nil, p
		}
		v, err := fn(ctx, snap.model, req, sc)
		if err != nil {
			return nil, scenarioProblem(body, err)
		}
		return v, nil
	})
}

// query reads the query string, rejecting parameters the endpoint does not
// know, so that a typo is an error and not a silently different question.
type query struct {
	v    url.Values
	errs []FieldError
}

func newQuery(r *http.Request, known ...string) *query {
	q := &query{v: r.URL.Query()}
	valid := "valid: " + strings.Join(known, ", ")
	if len(known) == 0 {
		valid = "this endpoint takes none"
	}
	for k := range q.v {
		if !contains(known, k) {
			q.errs = append(q.errs, FieldError{Location: "query." + k, Message: fmt.Sprintf("unknown parameter %q; %s", k, valid)})
		}
	}
	sort.Slice(q.errs, func(i, j int) bool { return q.errs[i].Location < q.errs[j].Location })
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && (r.ContentLength > 0 || len(r.TransferEncoding) > 0) {
		// Parameters sent in a body would be ignored, and another
		// question answered than the one asked.
		q.errs = append(q.errs, FieldError{Location: "body", Message: fmt.Sprintf("%s takes no body; give its parameters in the query (%s)", r.Method, valid)})
	}
	return q
}

// refuseLeaves answers leaves=true as the CLI answers --leaves: the option
// hid components that fail by themselves and was removed.
func (q *query) refuseLeaves() {
	if q.bool("leaves") {
		q.errs = append(q.errs, FieldError{Location: "query.leaves", Message: "leaves was removed: it hid components with dependencies that fail by themselves; every component that is not virtual is a basic event", Value: "true"})
	}
}

func (q *query) bool(name string) bool {
	v := q.v.Get(name)
	if _, ok := q.v[name]; !ok {
		return false
	}
	if v == "" {
		return true
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		q.errs = append(q.errs, FieldError{Location: "query." + name, Message: "must be true or false", Value: v})
	}
	return b
}

func (q *query) int(name string, def, lo, hi int) int {
	v := q.v.Get(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		q.errs = append(q.errs, FieldError{Location: "query." + name, Message: fmt.Sprintf("must be a whole number from %d to %d", lo, hi), Value: v})
	}
	return n
}

// ids reads a repeatable parameter of component ids, checking each.
func (q *query) ids(name string, m *bcp.Model) []string {
	ids := q.v[name]
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if _, ok := m.Index(id); !ok {
			q.errs = append(q.errs, FieldError{Location: "query." + name, Message: fmt.Sprintf("unknown component %q", id), Value: id})
		}
		if seen[id] {
			// As the CLI refuses --of X --of X: an answer listing X twice.
			q.errs = append(q.errs, FieldError{Location: "query." + name, Message: fmt.Sprintf("%q is given twice; name each once", id), Value: id})
		}
		seen[id] = true
	}
	return ids
}

func (q *query) problem() *Problem {
	if q.errs == nil {
		return nil
	}
	return problem(http.StatusUnprocessableEntity, "the query is not valid", q.errs...)
}

// spof answers GET /v1/spof?of=ID: bcp spof --json.
func (s *Server) spof(w http.ResponseWriter, r *http.Request) {
	snap := s.cur.Load()
	q := newQuery(r, "of", "leaves")
	opts := faulttree.SPOFOptions{Of: q.ids("of", snap.model)}
	q.refuseLeaves()
	if p := q.problem(); p != nil {
		s.writeProblem(w, r, p)
		return
	}
	s.analyse(w, r, s.slots, snap, "query", func(ctx context.Context, snap *snapshot) (any, error) {
		return faulttree.SinglePointsOfFailureContext(ctx, snap.model, opts)
	})
}

// cutsets answers GET /v1/cutsets?of=ID&order=N: bcp cutsets --json.
func (s *Server) cutsets(w http.ResponseWriter, r *http.Request) {
	snap := s.cur.Load()
	q := newQuery(r, "of", "order", "leaves")
	of := q.ids("of", snap.model)
	if len(of) != 1 {
		q.errs = append(q.errs, FieldError{Location: "query.of", Message: "give exactly one component to analyse"})
	}
	opts := faulttree.CutSetOptions{Order: q.int("order", 2, 1, faulttree.MaxCutSetOrder)}
	q.refuseLeaves()
	if p := q.problem(); p != nil {
		s.writeProblem(w, r, p)
		return
	}
	s.analyse(w, r, s.slots, snap, "query", func(ctx context.Context, snap *snapshot) (any, error) {
		return faulttree.CutSetsContext(ctx, snap.model, of[0], opts)
	})
}

// availability answers GET /v1/availability?of=ID: bcp availability --json.
func (s *Server) availability(w http.ResponseWriter, r *http.Request) {
	snap := s.cur.Load()
	q := newQuery(r, "of")
	opts := faulttree.AvailabilityOptions{Of: q.ids("of", snap.model)}
	if p := q.problem(); p != nil {
		s.writeProblem(w, r, p)
		return
	}
	s.analyse(w, r, s.slots, snap, "query", func(ctx context.Context, snap *snapshot) (any, error) {
		return faulttree.AvailabilityContext(ctx, snap.model, opts)
	})
}

// bia answers GET /v1/bia?scenario=ID&noScenarios=true: bcp bia --json,
// impact tolerance checked against the scenarios' incident timelines.
func (s *Server) bia(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r, "scenario", "noScenarios")
	snap := s.cur.Load()
	var scs []bcp.Scenario
	seen := map[string]bool{}
	for _, id := range q.v["scenario"] {
		sc, err := snap.model.Scenario(id)
		if err != nil {
			q.errs = append(q.errs, FieldError{Location: "query.scenario", Message: err.Error(), Value: id})
		}
		if seen[id] { // as bcp bia --scenario X --scenario X
			q.errs = append(q.errs, FieldError{Location: "query.scenario", Message: fmt.Sprintf("%q is given twice; name each once", id), Value: id})
		}
		seen[id] = true
		scs = append(scs, sc)
	}
	noScenarios := q.bool("noScenarios")
	if p := q.problem(); p != nil {
		s.writeProblem(w, r, p)
		return
	}
	s.analyse(w, r, s.slots, snap, "query", func(ctx context.Context, snap *snapshot) (any, error) {
		opts := bia.Options{NoScenarios: noScenarios}
		for _, sc := range scs {
			if noScenarios {
				break
			}
			inc, err := recovery.TimelineContext(ctx, snap.model, sc, recovery.Options{})
			if err != nil {
				return nil, err
			}
			opts.Incidents = append(opts.Incidents, inc)
		}
		return bia.AnalyzeContext(ctx, snap.model, opts)
	})
}

// findings answers GET /v1/findings: bcp check --json.
func (s *Server) findings(w http.ResponseWriter, r *http.Request) {
	snap := s.cur.Load()
	if p := newQuery(r).problem(); p != nil {
		s.writeProblem(w, r, p)
		return
	}
	s.analyse(w, r, s.slots, snap, "model", func(ctx context.Context, snap *snapshot) (any, error) {
		return bcp.NewCheckReport(snap.model.Check()), nil
	})
}

// maxRiskYears bounds the years one request may simulate; the time limit
// bounds them too: risk.Analyze stops when the request ends.
const maxRiskYears = 10_000_000

// risk answers GET /v1/risk?years=N&seed=S: bcp risk --json.
func (s *Server) risk(w http.ResponseWriter, r *http.Request) {
	snap := s.cur.Load()
	q := newQuery(r, "years", "seed")
	opts := risk.Options{Years: q.int("years", risk.DefaultYears, 1, maxRiskYears)}
	if v := q.v.Get("seed"); v != "" {
		seed, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			q.errs = append(q.errs, FieldError{Location: "query.seed", Message: "must be a whole number from 0", Value: v})
		}
		opts.Seed = seed
	} else {
		opts.Seed = 1 // the CLI's default
	}
	if p := q.problem(); p != nil {
		s.writeProblem(w, r, p)
		return
	}
	s.analyse(w, r, s.slots, snap, "query", func(ctx context.Context, snap *snapshot) (any, error) { return risk.Analyze(ctx, snap.model, opts) })
}
