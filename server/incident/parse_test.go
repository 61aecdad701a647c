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
