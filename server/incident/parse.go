package incident

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// The sources an incident can come from.
const (
	SourceBCP        = "bcp"
	SourceServiceNow = "servicenow"
	SourcePagerDuty  = "pagerduty"
)

// Incident is an incident as read from a request: where it came from, its
// reference in that system, when it started and the CIs it names.
type Incident struct {
	Source string
	// Ref is the incident's reference: a ServiceNow number, a PagerDuty
	// incident id, or the id given in our own shape.
	Ref   string
	Since time.Time
	CIs   []CI
}

// CI is one configuration item an incident names as down.
type CI struct {
	// Location is where the request names it, e.g. body.down[2].
	Location string
	// System is the outside system the ID belongs to ("" for a component
	// id or an id in any system; see Mode).
	System string
	ID     string
	// Display is the name the outside system shows, when it sends one.
	Display string
	Mode    Mode
	// Since is when it went down; zero means the incident's Since.
	Since time.Time
	// For is how long the outage is known to last; zero means until
	// recovered.
	For time.Duration
}

// Mode says how a CI's ID is matched against the model.
type Mode uint8

const (
	// AnyID matches a component id, then an external id in any system.
	AnyID Mode = iota
	// ComponentID matches a component id only.
	ComponentID
	// SystemID matches an external id in System, then a component id
	// (integrations that send the CI's name where an id is expected).
	SystemID
)

// Error is a request that cannot be read: where, what is wrong, and the
// byte offset in the body when known (-1 otherwise). Syntax is set when
// the body is not JSON at all.
type Error struct {
	Location, Message string
	Offset            int64
	Syntax            bool
}

// Error returns the location and the message.
func (e *Error) Error() string { return e.Location + ": " + e.Message }

func fieldError(location, format string, args ...any) *Error {
	return &Error{Location: location, Message: fmt.Sprintf(format, args...), Offset: -1}
}

// jsonError locates an encoding/json error.
func jsonError(prefix string, err error) *Error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		// Offset is just after the wrong byte.
		return &Error{Location: "body", Message: syn.Error(), Offset: max(syn.Offset-1, 0), Syntax: true}
	case errors.As(err, &typ):
		loc := prefix
		if typ.Field != "" {
			loc += "." + typ.Field
		}
		return &Error{Location: loc, Message: fmt.Sprintf("must be %s, not %s", JSONKind(typ.Type), typ.Value), Offset: typ.Offset}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return fieldError(prefix+"."+field, "unknown field %q", field)
	}
	return &Error{Location: "body", Message: err.Error(), Offset: -1, Syntax: true}
}

// JSONKind names what a Go type reads from JSON, in JSON's words, for
// error messages: a message to a client names no Go type
// ("server.scenarioRequest").
func JSONKind(t reflect.Type) string {
	if t == reflect.TypeFor[Ref]() {
		return `a string or {"value": ..., "display_value": ...}`
	}
	switch t.Kind() {
	case reflect.Pointer:
		return JSONKind(t.Elem())
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16,
		reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}

// ParseOption configures Parse.
type ParseOption func(*parseConfig)

type parseConfig struct{ maxCIs int }

// MaxCIs bounds the CIs an incident may list: one that lists more is a
// *TooManyCIsError, found before any of them is read, so that a large
// list costs little. n <= 0 means no bound.
func MaxCIs(n int) ParseOption { return func(c *parseConfig) { c.maxCIs = n } }

// TooManyCIsError is an incident that lists more CIs than MaxCIs allows.
type TooManyCIsError struct {
	// Location is the first CI over the limit, such as body.down[1000].
	Location     string
	Count, Limit int
}

// Error says how many CIs the incident lists and the limit.
func (e *TooManyCIsError) Error() string {
	return fmt.Sprintf("%s: the incident lists %d CIs; the limit is %d", e.Location, e.Count, e.Limit)
}

// checkCount returns a *TooManyCIsError when lists (location prefixes
// and lengths, in the order the CIs are read) hold more than the limit.
func (c *parseConfig) checkCount(lists ...countedList) error {
	total := 0
	for _, l := range lists {
		total += l.n
	}
	if c.maxCIs <= 0 || total <= c.maxCIs {
		return nil
	}
	k := c.maxCIs // the index of the first one over, across the lists
	for _, l := range lists {
		if k < l.n {
			loc := l.prefix
			if l.indexed {
				loc = fmt.Sprintf("%s[%d]", l.prefix, k)
			}
			return &TooManyCIsError{Location: loc, Count: total, Limit: c.maxCIs}
		}
		k -= l.n
	}
	return nil
}

// countedList is a list of CIs in a request: its location and length;
// indexed is false for a single field (cmdb_ci).
type countedList struct {
	prefix  string
	n       int
	indexed bool
}

// Parse reads an incident in any of the three shapes, told apart by their
// top-level fields: down (ours), event (a PagerDuty webhook), result,
// cmdb_ci, task_ci, affected_cis or number (ServiceNow).
func Parse(body []byte, opts ...ParseOption) (*Incident, error) {
	var cfg parseConfig
	for _, o := range opts {
		o(&cfg)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			return nil, fieldError("body", "an incident is a JSON object, not %s", typ.Value)
		}
		return nil, jsonError("body", err)
	}
	has := func(k string) bool { _, ok := top[k]; return ok }
	switch {
	case has("down"):
		return parseOwn(body, &cfg)
	case has("event"):
		return parsePagerDuty(body)
	case has("result"):
		return parseServiceNow(top["result"], "body.result", &cfg)
	case has("cmdb_ci"), has("task_ci"), has("affected_cis"), has("number"):
		return parseServiceNow(body, "body", &cfg)
	}
	return nil, fieldError("body", `not an incident this server reads: give {"since": RFC 3339 time, "down": [CI ids]}, a ServiceNow incident (cmdb_ci, affected_cis, opened_at) or a PagerDuty v3 webhook (event)`)
}

// ownIncident is our own shape.
type ownIncident struct {
	ID    string            `json:"id"`
	Since string            `json:"since"`
	Down  []json.RawMessage `json:"down"`
}

type ownCI struct {
	Component string `json:"component"`
	System    string `json:"system"`
	ID        string `json:"id"`
	Since     string `json:"since"`
	For       string `json:"for"`
}

func parseOwn(body []byte, cfg *parseConfig) (*Incident, error) {
	var in ownIncident
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, jsonError("body", err)
	}
	inc := &Incident{Source: SourceBCP, Ref: in.ID}
	var err error
	if inc.Since, err = parseTime(in.Since, "body.since", true); err != nil {
		return nil, err
	}
	if len(in.Down) == 0 {
		return nil, fieldError("body.down", `name at least one CI that is down: a component id, or {"system": "servicenow", "id": "..."}`)
	}
	if err := cfg.checkCount(countedList{"body.down", len(in.Down), true}); err != nil {
		return nil, err
	}
	for i, raw := range in.Down {
		loc := fmt.Sprintf("body.down[%d]", i)
		ci, err := parseOwnCI(raw, loc)
		if err != nil {
			return nil, err
		}
		inc.CIs = append(inc.CIs, ci)
	}
	return inc, checkEnds(inc)
}

// checkEnds refuses a CI whose known outage ends later than an answer can
// represent (bcp.Forever after the incident's start): it would read as
// never ending.
func checkEnds(inc *Incident) error {
	start := inc.Since
	for _, ci := range inc.CIs {
		if !ci.Since.IsZero() && ci.Since.Before(start) {
			start = ci.Since
		}
	}
	for _, ci := range inc.CIs {
		since := ci.Since
		if since.IsZero() {
			since = inc.Since
		}
		if at := since.Sub(start); ci.For > 0 && bcp.SatAdd(at, ci.For) == bcp.Forever {
			return fieldError(ci.Location+".for", "down for %s from %s ends later than an answer can represent (%s after the incident's start, about 292 years); give a shorter for, or leave it out for until recovered", bcp.FormatDuration(ci.For), since.Format(time.RFC3339), bcp.FormatDuration(bcp.Forever-1))
		}
	}
	return nil
}

func parseOwnCI(raw json.RawMessage, loc string) (CI, error) {
	ci := CI{Location: loc}
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		if err := json.Unmarshal(raw, &ci.ID); err != nil {
			return ci, jsonError(loc, err)
		}
		if ci.ID == "" {
			return ci, fieldError(loc, "an empty CI id")
		}
		return ci, nil
	}
	if len(raw) > 0 && raw[0] != '{' && !bytes.Equal(raw, []byte("null")) {
		return ci, fieldError(loc, `a CI is a component id, {"component": ID} or {"system": "servicenow", "id": ID}`)
	}
	var o ownCI
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		e := jsonError(loc, err)
		e.Offset = -1 // an offset in the entry, not the body
		return ci, e
	}
	switch {
	case o.Component != "" && (o.System != "" || o.ID != ""):
		return ci, fieldError(loc, "give either component or system and id, not both")
	case o.Component != "":
		ci.ID, ci.Mode = o.Component, ComponentID
	case o.ID != "" && o.System != "":
		ci.ID, ci.System, ci.Mode = o.ID, o.System, SystemID
	case o.ID != "":
		ci.ID = o.ID
	default:
		return ci, fieldError(loc, `a CI is a component id, {"component": ID} or {"system": "servicenow", "id": ID}`)
	}
	var err error
	if ci.Since, err = parseTime(o.Since, loc+".since", false); err != nil {
		return ci, err
	}
	if o.For != "" {
		if ci.For, err = bcp.ParseDuration(o.For); err != nil || ci.For <= 0 {
			return ci, fieldError(loc+".for", "for is how long the outage is known to last, such as 4h, not %q; leave it out for until recovered", o.For)
		}
	}
	return ci, nil
}

// serviceNowTime is the form of ServiceNow's date-time values: UTC in the
// Table API's value (the display value is in the user's time zone).
const serviceNowTime = "2006-01-02 15:04:05"

// jiraTime is the form Jira prints dates in by default (smart values such
// as {{issue.created}}): ISO 8601 with a zone offset without a colon.
const jiraTime = "2006-01-02T15:04:05.999999999-0700"

// The times an incident may name: from 1970 to 2199. An answer places
// every step at the incident's earliest time plus a duration of at most
// bcp.Forever (292 years), so the times of one incident must lie less
// than that apart, and their answer must end before the year 10000 that
// RFC 3339 (and JSON's time.Time) can write.
var (
	earliestTime = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	latestTime   = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// parseTime reads an RFC 3339 time, ServiceNow's form as UTC, or Jira's,
// from 1970 to 2199.
func parseTime(s, loc string, required bool) (time.Time, error) {
	if s == "" {
		if required {
			return time.Time{}, fieldError(loc, "required: when the incident started, as an RFC 3339 time such as 2026-11-27T09:00:00Z")
		}
		return time.Time{}, nil
	}
	t, ok := readTime(s)
	if !ok {
		return time.Time{}, fieldError(loc, "%q is not a time; use RFC 3339 (2026-11-27T09:00:00Z), ServiceNow's UTC value (2026-11-27 09:00:00) or Jira's (2026-11-27T10:00:00.0+0100)", s)
	}
	if t.Before(earliestTime) || !t.Before(latestTime) {
		return time.Time{}, fieldError(loc, "%q is outside the years 1970 to 2199 that an incident's times may lie in", s)
	}
	return t, nil
}

// readTime reads the forms parseTime accepts, in UTC.
func readTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339, serviceNowTime, jiraTime} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
