package incident

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTime(t *testing.T) {
	want := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	for _, s := range []string{"2026-11-27T09:00:00Z", "2026-11-27T10:00:00+01:00", "2026-11-27 09:00:00", "2026-11-27T10:00:00.0+0100"} {
		got, err := parseTime(s, "body.since", true)
		require.NoError(t, err, s)
		assert.True(t, want.Equal(got), "%s: %s", s, got)
		assert.Equal(t, time.UTC, got.Location(), s)
	}
	_, err := parseTime("27/11/2026", "body.since", true)
	assert.EqualError(t, err, `body.since: "27/11/2026" is not a time; use RFC 3339 (2026-11-27T09:00:00Z), ServiceNow's UTC value (2026-11-27 09:00:00) or Jira's (2026-11-27T10:00:00.0+0100)`)
}

func TestParseShapes(t *testing.T) {
	since := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		body string
		want *Incident
	}{
		{`{"id": "J-1", "since": "2026-11-27T09:00:00Z", "down": ["a", {"component": "b", "for": "2h"}, {"system": "backstage", "id": "component:default/c"}]}`,
			&Incident{Source: SourceBCP, Ref: "J-1", Since: since, CIs: []CI{
				{Location: "body.down[0]", ID: "a"},
				{Location: "body.down[1]", ID: "b", Mode: ComponentID, For: 2 * time.Hour},
				{Location: "body.down[2]", System: "backstage", ID: "component:default/c", Mode: SystemID}}}},
		{`{"number": {"value": "INC1", "display_value": "INC1"}, "opened_at": "2026-11-27 09:00:00", "cmdb_ci": "", "affected_cis": [null, {"value": "s1", "display_value": "One", "link": "x"}], "task_ci": [{"ci_item": {"value": "s2"}}]}`,
			&Incident{Source: SourceServiceNow, Ref: "INC1", Since: since, CIs: []CI{
				{Location: "body.affected_cis[1]", System: "servicenow", ID: "s1", Display: "One", Mode: SystemID},
				{Location: "body.task_ci[0].ci_item", System: "servicenow", ID: "s2", Mode: SystemID}}}},
		{`{"event": {"event_type": "incident.reopened", "data": {"id": "Q1", "created_at": "2026-11-27T09:00:00Z", "service": {"id": "P1", "summary": "Svc"}}}}`,
			&Incident{Source: SourcePagerDuty, Ref: "Q1", Since: since, CIs: []CI{
				{Location: "body.event.data.service.id", System: "pagerduty", ID: "P1", Display: "Svc", Mode: SystemID}}}},
	} {
		got, err := Parse([]byte(tc.body))
		require.NoError(t, err, tc.body)
		assert.Equal(t, tc.want, got)
	}
}

// Times outside 1970-2199 are refused: an answer adds up to bcp.Forever
// (292 years) to the earliest time, so a time in the year 9999 could not
// be written in the answer, and two times further apart than that could
// not be placed on one timeline (the 1700 CI put the other's services
// down in 1992).
func TestParseTimeRange(t *testing.T) {
	for _, tc := range []struct {
		s  string
		ok bool
	}{
		{"1970-01-01T00:00:00Z", true},
		{"1970-01-01T01:00:00+01:00", true},
		{"1969-12-31T23:59:59Z", false},
		{"1970-01-01T00:59:59+01:00", false},
		{"2199-12-31T23:59:59Z", true},
		{"2200-01-01T00:00:00Z", false},
		{"2199-12-31T23:00:00-01:00", false},
		{"9999-12-31T23:59:59Z", false},
		{"0001-01-01T00:00:00Z", false},
		{"1700-01-01 00:00:00", false},
	} {
		_, err := parseTime(tc.s, "body.since", true)
		if tc.ok {
			assert.NoError(t, err, tc.s)
			continue
		}
		assert.EqualError(t, err, `body.since: "`+tc.s+`" is outside the years 1970 to 2199 that an incident's times may lie in`)
	}
}

// A field of the wrong kind is named in JSON's words, never as a Go type,
// and a ServiceNow reference's error has no place in the body (-1) rather
// than the place inside the reference.
func TestParseWrongKinds(t *testing.T) {
	for _, tc := range []struct {
		body, location, message string
		offset                  int64
	}{
		{`{"since": "2026-11-27T09:00:00Z", "down": "crm"}`, "body.down", "must be an array, not string", 47},
		{`{"since": "2026-11-27T09:00:00Z", "down": [5]}`, "body.down[0]", `a CI is a component id, {"component": ID} or {"system": "servicenow", "id": ID}`, -1},
		{`{"since": "2026-11-27T09:00:00Z", "down": [{"component": 5}]}`, "body.down[0].component", "must be a string, not number", -1},
		{`{"number": "INC1", "opened_at": "2026-11-27 09:00:00", "cmdb_ci": 5}`, "body.cmdb_ci", "must be a string, not number", -1},
		{`{"number": "INC1", "opened_at": "2026-11-27 09:00:00", "cmdb_ci": {"value": 7}}`, "body.cmdb_ci.value", "must be a string, not number", -1},
		{`{"result": "INC1"}`, "body.result", "must be an object, not string", -1},
		{`{"number": "INC1", "opened_at": "2026-11-27 09:00:00", "cmdb_ci": "s1", "task_ci": [{"ci_item": "s2"}, {"ci": "s3"}]}`, "body.task_ci[1].ci_item", "required: the CI of the task_ci row", -1},
		{`{"event": "incident.triggered"}`, "body.event", "must be an object, not string", 30},
		{`{"event": {"event_type": "incident.triggered", "data": {"service": "P1"}}}`, "body.event.data.service", "must be an object, not string", 71},
	} {
		_, err := Parse([]byte(tc.body))
		var e *Error
		require.ErrorAs(t, err, &e, tc.body)
		assert.Equal(t, tc.location, e.Location, tc.body)
		assert.Equal(t, tc.message, e.Message, tc.body)
		assert.Equal(t, tc.offset, e.Offset, tc.body)
		assert.False(t, e.Syntax, tc.body)
	}
}

// A webhook with neither occurred_at nor data.created_at names
// occurred_at, the field PagerDuty always sends.
func TestParsePagerDutyWithoutTime(t *testing.T) {
	_, err := Parse([]byte(`{"event": {"event_type": "incident.triggered", "data": {"service": {"id": "P1"}}}}`))
	assert.EqualError(t, err, "body.event.occurred_at: required: when the incident started, as an RFC 3339 time such as 2026-11-27T09:00:00Z")
}

// An object that is no reference (a task_ci row sent as an affected CI)
// is refused; it was skipped as empty, a CI dropped without a trace.
func TestParseObjectThatIsNoReference(t *testing.T) {
	_, err := Parse([]byte(`{"number": "INC1", "opened_at": "2026-11-27 09:00:00", "cmdb_ci": "s1", "affected_cis": [{"ci_item": {"value": "s2"}}]}`))
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "body.affected_cis[0]", e.Location)
	assert.Equal(t, `must be a string or {"value": ..., "display_value": ...}, not an object without value or display_value`, e.Message)
	assert.Equal(t, int64(-1), e.Offset)
}

// A known outage that ends later than an answer can represent is refused:
// 3302 weeks from a CI down 229 years after the first (83641 days) end
// after 106751 days, and read as never ending; 3301 weeks fit.
func TestParseOutageEndingAfterForever(t *testing.T) {
	_, err := Parse([]byte(`{"since": "2199-01-01T00:00:00Z", "down": [{"component": "a", "since": "1970-01-01T00:00:00Z"}, {"component": "b", "for": "3302w"}]}`))
	assert.EqualError(t, err, "body.down[1].for: down for 3302w from 2199-01-01T00:00:00Z ends later than an answer can represent (106751d23h47m16s after the incident's start, about 292 years); give a shorter for, or leave it out for until recovered")
	_, err = Parse([]byte(`{"since": "2199-01-01T00:00:00Z", "down": [{"component": "a", "since": "1970-01-01T00:00:00Z"}, {"component": "b", "for": "3301w"}]}`))
	assert.NoError(t, err)
}

// MaxCIs names the first CI over the limit, across cmdb_ci, affected_cis
// and task_ci, before reading any of them.
func TestParseMaxCIs(t *testing.T) {
	for _, tc := range []struct {
		body, want string
	}{
		{`{"since": "2026-11-27T09:00:00Z", "down": ["a", "b", "c"]}`, "body.down[2]: the incident lists 3 CIs; the limit is 2"},
		{`{"number": "INC1", "opened_at": "2026-11-27 09:00:00", "cmdb_ci": "a", "affected_cis": ["b", "c"]}`, "body.affected_cis[1]: the incident lists 3 CIs; the limit is 2"},
		{`{"result": {"number": "INC1", "opened_at": "2026-11-27 09:00:00", "affected_cis": ["a"], "task_ci": [{"ci_item": "b"}, {"ci_item": 7}]}}`, "body.result.task_ci[1]: the incident lists 3 CIs; the limit is 2"},
	} {
		_, err := Parse([]byte(tc.body), MaxCIs(2))
		var tm *TooManyCIsError
		require.ErrorAs(t, err, &tm, tc.body)
		assert.EqualError(t, err, tc.want)
	}
	_, err := Parse([]byte(`{"since": "2026-11-27T09:00:00Z", "down": ["a", "b"]}`), MaxCIs(2))
	assert.NoError(t, err)
}
