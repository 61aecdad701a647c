package incident

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Ref is a ServiceNow reference or value: a plain string, or an object
// {"value", "display_value", "link"} as the Table API sends with
// sysparm_display_value=all (or {"value", "link"} without it).
type Ref struct {
	Value   string `json:"value"`
	Display string `json:"display_value"`
}

// UnmarshalJSON accepts a string, an object or null. A wrong type is a
// *json.UnmarshalTypeError without an offset (-1): offsets within the
// reference would be taken for offsets in the body.
func (r *Ref) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*r = Ref{}
		return nil
	case len(b) > 0 && b[0] == '"':
		*r = Ref{}
		return json.Unmarshal(b, &r.Value)
	case len(b) == 0 || b[0] != '{':
		kind := "number"
		switch {
		case len(b) > 0 && b[0] == '[':
			kind = "array"
		case bytes.Equal(b, []byte("true")) || bytes.Equal(b, []byte("false")):
			kind = "bool"
		}
		return &json.UnmarshalTypeError{Value: kind, Type: reflect.TypeOf(""), Offset: -1}
	}
	type plain Ref
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			typ.Offset = -1
		}
		return err
	}
	*r = Ref(p)
	// An object that has neither is no reference (a task_ci row sent as
	// an affected CI, say): skipping it as empty would drop a CI unseen.
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err == nil {
		_, value := keys["value"]
		_, display := keys["display_value"]
		if !value && !display {
			return &json.UnmarshalTypeError{Value: "an object without value or display_value", Type: reflect.TypeFor[Ref](), Offset: -1}
		}
	}
	return nil
}

// serviceNowIncident is the part of an incident record that is read.
// affected_cis is what a Flow or Business Rule assembles from the task_ci
// table; task_ci rows themselves are accepted too.
type serviceNowIncident struct {
	Number   Ref `json:"number"`
	SysID    Ref `json:"sys_id"`
	OpenedAt Ref `json:"opened_at"`
	CmdbCI   Ref `json:"cmdb_ci"`
	// The lists are read element by element, so that a wrong element is
	// named with its index.
	AffectedCIs []json.RawMessage `json:"affected_cis"`
	TaskCI      []json.RawMessage `json:"task_ci"`
}

// taskCI is one task_ci row; CIItem is nil when the row has none.
type taskCI struct {
	CIItem *Ref `json:"ci_item"`
}

// element decodes one element of a list into v, an error naming it at
// where.
func element(raw json.RawMessage, v any, where string) error {
	if err := json.Unmarshal(raw, v); err != nil {
		e := jsonError(where, err)
		e.Offset = -1
		if e.Syntax {
			e.Location = where
		}
		return e
	}
	return nil
}

func parseServiceNow(body []byte, loc string, cfg *parseConfig) (*Incident, error) {
	var in serviceNowIncident
	if err := json.Unmarshal(body, &in); err != nil {
		e := jsonError(loc, err)
		if loc != "body" {
			e.Offset = -1
		}
		return nil, e
	}
	inc := &Incident{Source: SourceServiceNow, Ref: in.Number.Value}
	if inc.Ref == "" {
		inc.Ref = in.SysID.Value
	}
	var err error
	if inc.Since, err = parseTime(in.OpenedAt.Value, loc+".opened_at", true); err != nil {
		return nil, err
	}
	add := func(r Ref, where string) {
		if r.Value == "" && r.Display == "" {
			return
		}
		inc.CIs = append(inc.CIs, CI{Location: where, System: SourceServiceNow, ID: r.Value, Display: r.Display, Mode: SystemID})
	}
	cmdb := 0
	if in.CmdbCI.Value != "" || in.CmdbCI.Display != "" {
		cmdb = 1
	}
	if err := cfg.checkCount(countedList{loc + ".cmdb_ci", cmdb, false}, countedList{loc + ".affected_cis", len(in.AffectedCIs), true},
		countedList{loc + ".task_ci", len(in.TaskCI), true}); err != nil {
		return nil, err
	}
	add(in.CmdbCI, loc+".cmdb_ci")
	for i, raw := range in.AffectedCIs {
		where := fmt.Sprintf("%s.affected_cis[%d]", loc, i)
		var r Ref
		if err := element(raw, &r, where); err != nil {
			return nil, err
		}
		add(r, where)
	}
	for i, raw := range in.TaskCI {
		where := fmt.Sprintf("%s.task_ci[%d]", loc, i)
		var t taskCI
		if err := element(raw, &t, where); err != nil {
			return nil, err
		}
		if t.CIItem == nil {
			// Skipping it would drop a CI unseen.
			return nil, fieldError(where+".ci_item", "required: the CI of the task_ci row")
		}
		add(*t.CIItem, where+".ci_item")
	}
	if len(inc.CIs) == 0 {
		return nil, fieldError(loc+".cmdb_ci", "the incident names no CI: set cmdb_ci or send affected_cis")
	}
	return inc, nil
}

// pagerDutyWebhook is the part of a PagerDuty v3 webhook that is read.
type pagerDutyWebhook struct {
	Event struct {
		EventType  string `json:"event_type"`
		OccurredAt string `json:"occurred_at"`
		Data       struct {
			ID        string `json:"id"`
			CreatedAt string `json:"created_at"`
			Service   struct {
				ID      string `json:"id"`
				Summary string `json:"summary"`
			} `json:"service"`
		} `json:"data"`
	} `json:"event"`
}

// pagerDutyEvents are the webhook events that start an incident.
var pagerDutyEvents = []string{"incident.triggered", "incident.reopened"}

// Ignored is what Parse returns, as its error, for a webhook event that
// starts no incident: a PagerDuty incident.acknowledged or
// incident.resolved, a pagey.ping. It is no mistake of the sender, which
// retries whatever is not a success: the server accepts it (202) with
// this value as its answer, and answers nothing else.
type Ignored struct {
	Source string `json:"source"`
	Event  string `json:"event"`
	// Ref is the incident's reference in the sender, when it has one.
	Ref    string `json:"incident,omitempty"`
	Reason string `json:"reason"`
}

// Error returns the reason.
func (e *Ignored) Error() string { return e.Reason }

func parsePagerDuty(body []byte) (*Incident, error) {
	var wh pagerDutyWebhook
	if err := json.Unmarshal(body, &wh); err != nil {
		// Events other than incidents' may shape their data otherwise:
		// one that is ignored anyway is no error.
		var head struct {
			Event struct {
				EventType string `json:"event_type"`
			} `json:"event"`
		}
		if json.Unmarshal(body, &head) != nil || head.Event.EventType == "" || slices.Contains(pagerDutyEvents, head.Event.EventType) {
			return nil, jsonError("body", err)
		}
		wh.Event.EventType = head.Event.EventType
	}
	ev := &wh.Event
	switch ev.EventType {
	case pagerDutyEvents[0], pagerDutyEvents[1]:
	case "":
		return nil, fieldError("body.event.event_type", "required: the webhook's event type, such as %s", pagerDutyEvents[0])
	default:
		return nil, &Ignored{Source: SourcePagerDuty, Event: ev.EventType, Ref: ev.Data.ID,
			Reason: fmt.Sprintf("event %s starts no incident, so it is accepted and ignored; only %s are answered (subscribing the webhook to those alone saves the calls)", ev.EventType, strings.Join(pagerDutyEvents, " and "))}
	}
	inc := &Incident{Source: SourcePagerDuty, Ref: ev.Data.ID}
	since, where := ev.OccurredAt, "body.event.occurred_at"
	if since == "" && ev.Data.CreatedAt != "" {
		since, where = ev.Data.CreatedAt, "body.event.data.created_at"
	}
	var err error
	if inc.Since, err = parseTime(since, where, true); err != nil {
		return nil, err
	}
	if ev.Data.Service.ID == "" {
		return nil, fieldError("body.event.data.service.id", "the webhook names no service")
	}
	inc.CIs = []CI{{Location: "body.event.data.service.id", System: SourcePagerDuty, ID: ev.Data.Service.ID, Display: ev.Data.Service.Summary, Mode: SystemID}}
	return inc, nil
}
