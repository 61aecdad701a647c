package server_test

import (
	"net/http"
	"testing"

	"github.com/continuitykit/continuity/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A body that gives a key twice is refused, naming the key, where it is
// and where it was first: encoding/json kept the last one silently, so
// {"scenario": "a", "scenario": "b"} was answered for b.
func TestDuplicateKeysAreRefused(t *testing.T) {
	r := start(t, server.Config{})
	for _, tc := range []struct {
		path, body string
		want       server.FieldError
	}{
		{"/v1/impact", `{"scenario": "pbx-failure", "scenario": {"disrupt": [{"id": "crm-saas"}]}}`,
			server.FieldError{Location: "body.scenario", Value: "scenario", Line: 1, Col: 29,
				Message: `"scenario" is given twice in this object (first at line 1, column 2); give each key once: JSON readers differ in which one they keep`}},
		{"/v1/recover", "{\"scenario\": {\"disrupt\": [\n  {\"id\": \"crm-saas\", \"for\": \"1h\", \"for\": \"-1h\"}]}}",
			server.FieldError{Location: "body.scenario.disrupt[0].for", Value: "for", Line: 2, Col: 35,
				Message: `"for" is given twice in this object (first at line 2, column 22); give each key once: JSON readers differ in which one they keep`}},
		{"/v1/impact", `{"scenario": "pbx-failure", "noRecovery": false, "noRecovery": true}`,
			server.FieldError{Location: "body.noRecovery", Value: "noRecovery", Line: 1, Col: 50,
				Message: `"noRecovery" is given twice in this object (first at line 1, column 29); give each key once: JSON readers differ in which one they keep`}},
		{"/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server"], "down": []}`,
			server.FieldError{Location: "body.down", Value: "down", Line: 1, Col: 59,
				Message: `"down" is given twice in this object (first at line 1, column 35); give each key once: JSON readers differ in which one they keep`}},
		{"/v1/incidents", `{"result": {"number": "INC1", "opened_at": "2026-11-27 09:00:00", "cmdb_ci": {"value": "a", "value": "b"}}}`,
			server.FieldError{Location: "body.result.cmdb_ci.value", Value: "value", Line: 1, Col: 93,
				Message: `"value" is given twice in this object (first at line 1, column 79); give each key once: JSON readers differ in which one they keep`}},
		{"/v1/incidents", `{"event": {"event_type": "incident.triggered", "event_type": "incident.resolved", "data": {"service": {"id": "PVOICE1"}}}}`,
			server.FieldError{Location: "body.event.event_type", Value: "event_type", Line: 1, Col: 48,
				Message: `"event_type" is given twice in this object (first at line 1, column 12); give each key once: JSON readers differ in which one they keep`}},
	} {
		res := r.post(t, tc.path, tc.body)
		require.Equal(t, http.StatusBadRequest, res.status, "%s: %s", tc.body, res.body)
		p := problemOf(t, res)
		assert.Contains(t, p.Detail, "twice")
		require.Len(t, p.Errors, 1, string(res.body))
		assert.Equal(t, tc.want, p.Errors[0])
	}
}
