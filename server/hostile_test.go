package server_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/continuitykit/continuity/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Times an answer could not write, or could not place on one timeline,
// are refused naming the field; before, a since in the year 9999 was a
// 500 (a deadline in the year 10000 has no RFC 3339 form), and a CI down
// since 1700 put the other CI's services down in 1992 (the 326 years
// between them saturated a time.Duration).
func TestIncidentTimesOutOfRange(t *testing.T) {
	r := start(t, server.Config{})
	for _, tc := range []struct{ body, location string }{
		{`{"since": "9999-12-31T20:00:00Z", "down": ["pbx-server"]}`, "body.since"},
		{`{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server", {"component": "crm-saas", "since": "1700-01-01T00:00:00Z"}]}`, "body.down[1].since"},
		{`{"number": "INC1", "opened_at": "0001-01-01 00:00:00", "cmdb_ci": "3f1c9a0e1b8d4e02a7c5d9e8f6b4a201"}`, "body.opened_at"},
		{`{"event": {"event_type": "incident.triggered", "occurred_at": "2500-01-01T00:00:00Z", "data": {"service": {"id": "PVOICE1"}}}}`, "body.event.occurred_at"},
	} {
		res := r.post(t, "/v1/incidents", tc.body)
		require.Equal(t, http.StatusUnprocessableEntity, res.status, "%s: %s", tc.body, res.body)
		p := problemOf(t, res)
		require.Len(t, p.Errors, 1, string(res.body))
		assert.Equal(t, tc.location, p.Errors[0].Location, string(res.body))
		assert.Contains(t, p.Errors[0].Message, "outside the years 1970 to 2199", string(res.body))
	}
}

// A ServiceNow reference of the wrong kind is named in JSON's words, and
// without a line and column: the decoder only knows its place inside the
// reference, which was reported as line 1, column 2 of the body.
func TestServiceNowReferenceOfWrongKind(t *testing.T) {
	r := start(t, server.Config{})
	res := r.post(t, "/v1/incidents", "{\"number\": \"INC1\",\n \"opened_at\": \"2026-11-27 09:00:00\",\n \"cmdb_ci\": 5}")
	require.Equal(t, http.StatusUnprocessableEntity, res.status, string(res.body))
	p := problemOf(t, res)
	require.Len(t, p.Errors, 1)
	assert.Equal(t, server.FieldError{Location: "body.cmdb_ci", Message: "must be a string, not number"}, p.Errors[0])
}

// A body announced larger than the limit is refused before it is read: a
// client that waits for "100 Continue" (curl does for large bodies) gets
// the 413, where before it got 100 Continue and then a connection closed
// under its upload.
func TestOversizedBodyRefusedBeforeContinue(t *testing.T) {
	r := start(t, server.Config{MaxBodyBytes: 64})
	conn, err := net.Dial("tcp", strings.TrimPrefix(r.url, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "POST /v1/incidents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\nExpect: 100-continue\r\n\r\n")
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode)
	assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
}

// The Authorization scheme is case-insensitive (RFC 9110, section 11.1);
// the token is not.
func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	r := start(t, server.Config{Token: "s3cret"})
	for _, tc := range []struct {
		header string
		status int
	}{
		{"Bearer s3cret", http.StatusOK},
		{"bearer s3cret", http.StatusOK},
		{"BEARER s3cret", http.StatusOK},
		{"Bearer S3CRET", http.StatusUnauthorized},
		{"Bearers3cret", http.StatusUnauthorized},
		{"Basic s3cret", http.StatusUnauthorized},
		{"s3cret", http.StatusUnauthorized},
	} {
		req, err := http.NewRequest(http.MethodGet, r.url+"/v1/findings", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", tc.header)
		res, err := r.client.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, tc.status, res.StatusCode, tc.header)
	}
}

// Methods HTTP does not define are counted under one label: every
// unauthenticated caller's made-up method was a new series before.
func TestMetricsMethodLabelIsBounded(t *testing.T) {
	r := start(t, server.Config{Token: "s3cret"})
	anon := &running{url: r.url, client: r.client}
	for i := range 20 {
		res := anon.do(t, fmt.Sprintf("M%d", i), "/v1/spof", "")
		assert.Equal(t, http.StatusUnauthorized, res.status)
	}
	metrics := string(r.get(t, "/metrics").body)
	assert.Contains(t, metrics, `bcp_http_requests_total{code="401",method="OTHER",route="/v1/spof"} 20`)
	assert.NotContains(t, metrics, `method="M1"`)
}

// A parameter of an endpoint that takes none says so; it said "valid: "
// followed by nothing.
func TestUnknownParameterOfAnEndpointWithoutParameters(t *testing.T) {
	r := start(t, server.Config{})
	res := r.get(t, "/v1/findings?x=1")
	require.Equal(t, http.StatusUnprocessableEntity, res.status)
	p := problemOf(t, res)
	require.Len(t, p.Errors, 1)
	assert.Equal(t, server.FieldError{Location: "query.x", Message: `unknown parameter "x"; this endpoint takes none`}, p.Errors[0])
}

// An affected CI that names no CI (a task_ci row sent as one), or a
// task_ci row without ci_item, is refused: it was skipped as empty, and
// the answer showed neither it nor a trace of it.
func TestServiceNowCIsAreNeverDropped(t *testing.T) {
	r := start(t, server.Config{})
	res := r.post(t, "/v1/incidents", `{"number": "INC1", "opened_at": "2026-11-27 09:00:00", "cmdb_ci": "3f1c9a0e1b8d4e02a7c5d9e8f6b4a201",
		"affected_cis": [{"ci_item": {"value": "c2d4e6f8a0b24c6e8f0a1b3c5d7e9f11"}}]}`)
	require.Equal(t, http.StatusUnprocessableEntity, res.status, string(res.body))
	p := problemOf(t, res)
	require.Len(t, p.Errors, 1)
	assert.Equal(t, "body.affected_cis[0]", p.Errors[0].Location, string(res.body))

	res = r.post(t, "/v1/incidents", `{"number": "INC1", "opened_at": "2026-11-27 09:00:00", "cmdb_ci": "3f1c9a0e1b8d4e02a7c5d9e8f6b4a201",
		"task_ci": [{"ci": "c2d4e6f8a0b24c6e8f0a1b3c5d7e9f11"}]}`)
	require.Equal(t, http.StatusUnprocessableEntity, res.status, string(res.body))
	p = problemOf(t, res)
	require.Len(t, p.Errors, 1)
	assert.Equal(t, "body.task_ci[0].ci_item", p.Errors[0].Location, string(res.body))
}

// Incidents have slots of their own: with every other analysis slot taken
// (ten long risk simulations, say), an incident is still answered, where
// it waited behind them past its time limit and got 503; a risk request
// then is the one that waits.
func TestIncidentsDoNotWaitBehindLongAnalyses(t *testing.T) {
	r := start(t, server.Config{MaxConcurrent: 1, Timeout: 2 * time.Second})
	release := r.HoldAnalysisSlots()
	defer release()
	res := r.post(t, "/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server"]}`)
	assert.Equal(t, http.StatusOK, res.status, string(res.body))
	res = r.get(t, "/v1/risk?years=10")
	assert.Equal(t, http.StatusServiceUnavailable, res.status, string(res.body))
}

// HEAD is answered wherever GET is (RFC 9110 9.3.2): the GET's status and
// headers without a body; it was 405. A POST-only endpoint still allows
// POST only, and a GET endpoint's 405 names GET and HEAD.
func TestHeadWhereGet(t *testing.T) {
	r := start(t, server.Config{})
	for _, path := range []string{"/v1/spof", "/v1/findings", "/openapi.json", "/metrics"} {
		get, head := r.get(t, path), r.do(t, http.MethodHead, path, "")
		assert.Equal(t, http.StatusOK, head.status, path)
		assert.Empty(t, head.body, path)
		assert.Equal(t, get.header.Get("Content-Type"), head.header.Get("Content-Type"), path)
	}
	res := r.do(t, http.MethodHead, "/v1/incidents", "")
	assert.Equal(t, http.StatusMethodNotAllowed, res.status)
	assert.Equal(t, "POST", res.header.Get("Allow"))
	res = r.post(t, "/v1/spof", "{}")
	assert.Equal(t, http.StatusMethodNotAllowed, res.status)
	assert.Equal(t, "GET, HEAD", res.header.Get("Allow"))
}

// A body of the wrong JSON kind is named in JSON's words, not by the Go
// type the server reads it into ("must be server.scenarioRequest, not
// array"; trial 20).
func TestWrongKindOfBodyInJSONWords(t *testing.T) {
	r := start(t, server.Config{})
	for _, tc := range []struct{ path, body, want string }{
		{"/v1/impact", `[]`, "must be an object, not array"},
		{"/v1/impact", `{"noRecovery": "yes"}`, "must be true or false, not string"},
	} {
		res := r.post(t, tc.path, tc.body)
		require.Equal(t, http.StatusUnprocessableEntity, res.status, string(res.body))
		p := problemOf(t, res)
		require.Len(t, p.Errors, 1)
		assert.Equal(t, tc.want, p.Errors[0].Message)
		assert.NotContains(t, string(res.body), "server.")
	}
}
