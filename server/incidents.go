package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/continuitykit/continuity/server/incident"
)

// incidents answers POST /v1/incidents: an incident in our shape, from
// ServiceNow or from a PagerDuty webhook, answered by incident.Respond.
func (s *Server) incidents(w http.ResponseWriter, r *http.Request) {
	snap := s.cur.Load()
	body, p := readJSON(r)
	if p != nil {
		s.writeProblem(w, r, p)
		return
	}
	inc, err := incident.Parse(body, incident.MaxCIs(s.cfg.MaxCIs))
	var ignored *incident.Ignored
	var tooMany *incident.TooManyCIsError
	switch {
	case errors.As(err, &ignored):
		// A success, so that the sender does not retry it.
		writeJSON(w, r, http.StatusAccepted, ignored)
		return
	case errors.As(err, &tooMany):
		s.writeProblem(w, r, invalid(tooMany.Location, "the incident lists %d CIs; the limit is %d (bcp serve --max-cis raises it)", tooMany.Count, tooMany.Limit))
		return
	case err != nil:
		s.writeProblem(w, r, incidentProblem(body, err))
		return
	}
	s.analyse(w, r, s.incidentSlots, snap, "body", func(ctx context.Context, snap *snapshot) (any, error) {
		return incident.RespondContext(ctx, snap.model, snap.hash, inc)
	})
}

// incidentProblem places an incident.Error in the body: 400 when the body
// is no JSON, 422 when a field is wrong.
func incidentProblem(body []byte, err error) *Problem {
	var ie *incident.Error
	if !errors.As(err, &ie) {
		return asProblem(err, "body")
	}
	status, detail, msg := http.StatusUnprocessableEntity, "the incident is not valid", ie.Message
	if ie.Syntax {
		status, detail, msg = http.StatusBadRequest, "the body is not valid JSON", syntaxMessage(ie.Message)
	}
	fe := FieldError{Location: ie.Location, Message: msg}
	switch {
	case ie.Offset >= 0 && ie.Syntax:
		fe.Line, fe.Col = lineCol(body, ie.Offset)
	case ie.Offset >= 0:
		// A wrong value is placed just after it; point at its start.
		fe.Line, fe.Col = lineCol(body, valueStart(body, ie.Offset))
	}
	return problem(status, detail, fe)
}
