package server_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// An incident names at most MaxCIs CIs: its answer lists each, so a
// small body of many CIs was a large answer. The first one over is named.
func TestIncidentCIsAreLimited(t *testing.T) {
	r := start(t, server.Config{MaxCIs: 2})
	for _, tc := range []struct{ body, location string }{
		{`{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server", "crm-saas", "isp-a"]}`, "body.down[2]"},
		{`{"number": "INC1", "opened_at": "2026-11-27 09:00:00", "cmdb_ci": "a", "affected_cis": ["b", "c"]}`, "body.affected_cis[1]"},
	} {
		res := r.post(t, "/v1/incidents", tc.body)
		require.Equal(t, http.StatusUnprocessableEntity, res.status, string(res.body))
		p := problemOf(t, res)
		require.Len(t, p.Errors, 1)
		assert.Equal(t, server.FieldError{Location: tc.location, Message: "the incident lists 3 CIs; the limit is 2 (bcp serve --max-cis raises it)"}, p.Errors[0])
	}
	res := r.post(t, "/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server", "crm-saas"]}`)
	assert.Equal(t, http.StatusOK, res.status, string(res.body))
}

// An error answer lists at most MaxProblems errors and counts the rest:
// a body naming 50,000 unknown components was an answer of 50,000
// errors.
func TestErrorsAreLimited(t *testing.T) {
	r := start(t, server.Config{MaxProblems: 3})
	body := `{"scenario": {"disrupt": [{"id": "x1"}, {"id": "x2"}, {"id": "x3"}, {"id": "x4"}, {"id": "x5"}]}}`
	res := r.post(t, "/v1/impact", body)
	require.Equal(t, http.StatusUnprocessableEntity, res.status, string(res.body))
	p := problemOf(t, res)
	require.Len(t, p.Errors, 3)
	assert.Equal(t, 2, p.ErrorsOmitted)
	assert.Equal(t, "body.scenario.disrupt[2].id", p.Errors[2].Location)
	assert.Equal(t, "the scenario's disruptions do not fit the model (5 errors; the first 3 are listed, errorsOmitted counts the rest; bcp serve --max-problems raises the limit)", p.Detail)

	res = r.post(t, "/v1/impact", `{"scenario": {"disrupt": [{"id": "x1"}, {"id": "x2"}, {"id": "x3"}]}}`)
	p = problemOf(t, res)
	assert.Len(t, p.Errors, 3)
	assert.Zero(t, p.ErrorsOmitted)
	assert.NotContains(t, string(res.body), "errorsOmitted")
}

// PagerDuty retries a webhook that gets no success, so events that start
// no incident are accepted (202) and ignored, saying why; they were 422,
// and PagerDuty sent each acknowledgement and resolution again and again.
// An event whose data has another shape (a ping's) is ignored too.
func TestPagerDutyEventsThatStartNoIncidentAreAccepted(t *testing.T) {
	r := start(t, server.Config{})
	const why = "starts no incident, so it is accepted and ignored; only incident.triggered and incident.reopened are answered (subscribing the webhook to those alone saves the calls)"
	for _, tc := range []struct{ body, want string }{
		{`{"event": {"event_type": "incident.resolved", "occurred_at": "2026-11-27T10:00:00Z", "data": {"id": "Q2K7", "service": {"id": "PVOICE1"}}}}`,
			`{"source": "pagerduty", "event": "incident.resolved", "incident": "Q2K7", "reason": "event incident.resolved ` + why + `"}`},
		{`{"event": {"event_type": "incident.acknowledged", "data": {"id": "Q2K7"}}}`,
			`{"source": "pagerduty", "event": "incident.acknowledged", "incident": "Q2K7", "reason": "event incident.acknowledged ` + why + `"}`},
		{`{"event": {"id": "5ac64822", "event_type": "pagey.ping", "resource_type": "pagey", "data": {"message": "Hello from your friend Pagey!", "type": "ping", "id": 1}}}`,
			`{"source": "pagerduty", "event": "pagey.ping", "reason": "event pagey.ping ` + why + `"}`},
	} {
		res := r.post(t, "/v1/incidents", tc.body)
		require.Equal(t, http.StatusAccepted, res.status, string(res.body))
		assert.Equal(t, "application/json", res.header.Get("Content-Type"))
		assert.JSONEq(t, tc.want, string(res.body))
	}
	// A triggering event whose data is of the wrong shape is still wrong.
	res := r.post(t, "/v1/incidents", `{"event": {"event_type": "incident.triggered", "data": {"id": 1}}}`)
	assert.Equal(t, http.StatusUnprocessableEntity, res.status, string(res.body))
}

// authGet asks for the findings with a token.
func authGet(t *testing.T, r *running, token string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, r.url+"/v1/findings", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := r.client.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	return res.StatusCode
}

// The token file is read again on reload, so that a rotated secret takes
// effect without a restart (it was read once, at start); a file that
// came out empty changes nothing and says why.
func TestReloadRereadsTheTokenFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(file, []byte("one\n"), 0o600))
	r := start(t, server.Config{TokenFile: file})
	r.token = "one"
	assert.Equal(t, http.StatusOK, authGet(t, r, "one"))
	assert.Equal(t, http.StatusUnauthorized, authGet(t, r, "two"))

	res := r.post(t, "/-/reload", "")
	require.Equal(t, http.StatusOK, res.status, string(res.body))
	assert.Contains(t, string(res.body), `"tokenChanged": false`)

	require.NoError(t, os.WriteFile(file, []byte("two\n"), 0o600))
	res = r.post(t, "/-/reload", "")
	require.Equal(t, http.StatusOK, res.status, string(res.body))
	assert.Contains(t, string(res.body), `"tokenChanged": true`)
	assert.Equal(t, http.StatusUnauthorized, authGet(t, r, "one"))
	assert.Equal(t, http.StatusOK, authGet(t, r, "two"))

	r.token = "two"
	require.NoError(t, os.WriteFile(file, []byte(" \n"), 0o600))
	res = r.post(t, "/-/reload", "")
	require.Equal(t, http.StatusUnprocessableEntity, res.status, string(res.body))
	p := problemOf(t, res)
	require.Len(t, p.Errors, 1)
	assert.Equal(t, "token", p.Errors[0].Location)
	assert.Equal(t, "the token file could not be read, so nothing was reloaded; the previous token and model keep serving: token file "+file+": it is empty", p.Errors[0].Message)
	assert.Equal(t, http.StatusOK, authGet(t, r, "two"))
}

// Watch notices a changed token file and loads it without reloading the
// model.
func TestWatchReloadsTheTokenFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(file, []byte("one"), 0o600))
	r := start(t, server.Config{TokenFile: file})
	ctx, cancel := contextWithCancel(t)
	defer cancel()
	go r.Watch(ctx, 5*time.Millisecond)
	require.NoError(t, os.WriteFile(file, []byte("two"), 0o600))
	require.Eventually(t, func() bool { return authGet(t, r, "two") == http.StatusOK }, 10*time.Second, 5*time.Millisecond)
	assert.Equal(t, http.StatusUnauthorized, authGet(t, r, "one"))
}

// Token and TokenFile are one setting given two ways; both is a mistake.
func TestTokenAndTokenFileAreExclusive(t *testing.T) {
	file := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(file, []byte("one"), 0o600))
	_, err := server.New(server.Config{Files: []string{modelFile(t)}, Token: "x", TokenFile: file})
	assert.EqualError(t, err, "server: give Token or TokenFile, not both")
	_, err = server.New(server.Config{Files: []string{modelFile(t)}, TokenFile: file + ".missing"})
	var tfe *server.TokenFileError
	assert.ErrorAs(t, err, &tfe)
	// A file of two lines holds no token a request could carry.
	require.NoError(t, os.WriteFile(file, []byte("one\ntwo\n"), 0o600))
	_, err = server.New(server.Config{Files: []string{modelFile(t)}, TokenFile: file})
	assert.EqualError(t, err, "token file "+file+": the token has a control character (byte 4, 0xa) that no Authorization header can carry; a token is one line of visible characters")
}

// Keys that differ only in case are one field for this server's JSON
// reader, which kept the last: {"down": ["pbx-server"], "Down":
// ["crm-saas"]} was answered for crm-saas alone.
func TestKeysDifferingInCaseAreRefused(t *testing.T) {
	r := start(t, server.Config{})
	res := r.post(t, "/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server"], "Down": ["crm-saas"]}`)
	require.Equal(t, http.StatusBadRequest, res.status, string(res.body))
	p := problemOf(t, res)
	require.Len(t, p.Errors, 1)
	assert.Equal(t, server.FieldError{Location: "body.Down", Value: "Down", Line: 1, Col: 59,
		Message: `"Down" and "down" (line 1, column 35) differ only in case, and this server reads keys without regard to case, as one; give each key once`}, p.Errors[0])
}

// A byte order mark (Windows tools write one) is ignored, as RFC 8259
// allows; it was "invalid character 'ï'".
func TestByteOrderMarkIsIgnored(t *testing.T) {
	r := start(t, server.Config{})
	res := r.post(t, "/v1/impact", "\ufeff"+`{"scenario": "crm-outage"}`)
	assert.Equal(t, http.StatusOK, res.status, string(res.body))
	res = r.post(t, "/v1/incidents", "\ufeff"+`{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server"]}`)
	assert.Equal(t, http.StatusOK, res.status, string(res.body))
}

// Nesting deeper than encoding/json reads is said in words, at its place.
func TestDeepNestingIsSaidInWords(t *testing.T) {
	r := start(t, server.Config{})
	deep := strings.Repeat("[", 20_000) + strings.Repeat("]", 20_000)
	for _, path := range []string{"/v1/impact", "/v1/incidents"} {
		res := r.post(t, path, `{"scenario": `+deep+`}`)
		require.Equal(t, http.StatusBadRequest, res.status, string(res.body))
		p := problemOf(t, res)
		require.Len(t, p.Errors, 1)
		assert.Equal(t, server.FieldError{Location: "body", Line: 1, Col: 10013,
			Message: "arrays and objects are nested more than 10000 deep here; no request needs that many"}, p.Errors[0], path)
	}
}

// postWith posts body with headers.
func postWith(t *testing.T, r *running, path, body string, headers map[string]string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, r.url+path, strings.NewReader(body))
	require.NoError(t, err)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := r.client.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	out := response{status: res.StatusCode, header: res.Header, body: data}
	checkAgainstSpec(t, http.MethodPost, path, out)
	return out
}

// A body whose headers say it is not JSON text is refused with 415 saying
// what to send: an XML body was read as JSON when it happened to be, a
// gzip one was "invalid character '\x1f'", a UTF-16 one garbage. The types
// integrations and curl -d send are read.
func TestBodiesThatAreNotJSONText(t *testing.T) {
	r := start(t, server.Config{})
	body := `{"scenario": "crm-outage"}`
	for _, tc := range []struct {
		headers map[string]string
		status  int
		message string
	}{
		{map[string]string{"Content-Type": "application/json"}, http.StatusOK, ""},
		{map[string]string{"Content-Type": "application/json; charset=UTF-8"}, http.StatusOK, ""},
		{map[string]string{"Content-Type": "application/merge-patch+json"}, http.StatusOK, ""},
		{map[string]string{"Content-Type": "text/plain"}, http.StatusOK, ""},
		{map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, http.StatusOK, ""},
		{map[string]string{"Content-Type": "application/xml"}, http.StatusUnsupportedMediaType, "the body is JSON, not application/xml; send it as application/json"},
		{map[string]string{"Content-Type": "multipart/form-data; boundary=x"}, http.StatusUnsupportedMediaType, "the body is JSON, not multipart/form-data; send it as application/json"},
		{map[string]string{"Content-Type": "application/json; charset=utf-16"}, http.StatusUnsupportedMediaType, "JSON is read as UTF-8 (RFC 8259), not utf-16"},
		{map[string]string{"Content-Type": "application/json; charset="}, http.StatusUnsupportedMediaType, "the Content-Type cannot be read: mime: invalid media parameter"},
		{map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}, http.StatusUnsupportedMediaType, "Content-Encoding gzip is not read; send the body uncompressed"},
	} {
		for _, path := range []string{"/v1/impact", "/v1/incidents"} {
			b := body
			if path == "/v1/incidents" {
				b = `{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server"]}`
			}
			res := postWith(t, r, path, b, tc.headers)
			require.Equal(t, tc.status, res.status, "%v: %s", tc.headers, res.body)
			if tc.message != "" {
				assert.Equal(t, tc.message, problemOf(t, res).Detail, tc.headers)
			}
		}
	}
}

// An empty body says so; it was "the body is not valid JSON: EOF".
func TestEmptyBody(t *testing.T) {
	r := start(t, server.Config{})
	for _, path := range []string{"/v1/impact", "/v1/recover", "/v1/incidents"} {
		res := r.post(t, path, " \n")
		require.Equal(t, http.StatusBadRequest, res.status, string(res.body))
		p := problemOf(t, res)
		assert.Equal(t, []server.FieldError{{Location: "body", Message: "the body is empty; this endpoint takes a JSON object (see /openapi.json)"}}, p.Errors)
	}
}

// The endpoints with a body take no query parameters, and the reload
// takes neither: ?dryRun=true was ignored, and the incident answered as
// if it were not there.
func TestPostEndpointsRefuseParameters(t *testing.T) {
	r := start(t, server.Config{})
	for _, tc := range []struct{ path, body string }{
		{"/v1/incidents?dryRun=true", `{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server"]}`},
		{"/v1/impact?noRecovery=true", `{"scenario": "crm-outage"}`},
		{"/v1/recover?priority=tier", `{"scenario": "crm-outage"}`},
		{"/-/reload?files=x.yaml", ""},
	} {
		res := r.post(t, tc.path, tc.body)
		require.Equal(t, http.StatusUnprocessableEntity, res.status, "%s: %s", tc.path, res.body)
		p := problemOf(t, res)
		require.Len(t, p.Errors, 1)
		name := tc.path[strings.IndexByte(tc.path, '?')+1 : strings.IndexByte(tc.path, '=')]
		assert.Equal(t, server.FieldError{Location: "query." + name, Message: `unknown parameter "` + name + `"; this endpoint takes none`}, p.Errors[0])
	}
	res := r.post(t, "/-/reload", `{"files": ["other.yaml"]}`)
	require.Equal(t, http.StatusUnprocessableEntity, res.status, string(res.body))
	assert.Equal(t, []server.FieldError{{Location: "body", Message: "the reload takes no body: it loads the files the server was started with"}}, problemOf(t, res).Errors)
	assert.Equal(t, http.StatusOK, r.post(t, "/-/reload", "").status)
}

// A GET with a body is refused: parameters sent there were ignored, and
// the answer was for every service instead of the one asked about.
func TestGetRefusesABody(t *testing.T) {
	r := start(t, server.Config{})
	res := r.do(t, http.MethodGet, "/v1/spof", `{"of": "customer-service"}`)
	require.Equal(t, http.StatusUnprocessableEntity, res.status, string(res.body))
	assert.Equal(t, []server.FieldError{{Location: "body", Message: "GET takes no body; give its parameters in the query (valid: of, leaves)"}}, problemOf(t, res).Errors)
	res = r.do(t, http.MethodGet, "/v1/findings", `x`)
	require.Equal(t, http.StatusUnprocessableEntity, res.status, string(res.body))
	assert.Equal(t, []server.FieldError{{Location: "body", Message: "GET takes no body; give its parameters in the query (this endpoint takes none)"}}, problemOf(t, res).Errors)
}

// A disruption that ends past the latest time an analysis can represent
// is refused; two days at 106751d were an outage that never ends.
func TestScenarioEndingAfterForever(t *testing.T) {
	r := start(t, server.Config{})
	res := r.post(t, "/v1/impact", `{"scenario": {"disrupt": [{"id": "pbx-server", "at": "106751d", "for": "2d"}]}}`)
	require.Equal(t, http.StatusUnprocessableEntity, res.status, string(res.body))
	p := problemOf(t, res)
	require.Len(t, p.Errors, 1)
	assert.Equal(t, "body.scenario.disrupt[0].id", p.Errors[0].Location)
	assert.Contains(t, p.Errors[0].Message, "at 106751d + for 2d ends later than the latest time an analysis can represent")
}

// A select that fails on a component (past the expression memory budget)
// is placed at its field; it was at body.scenario without a line.
func TestSelectThatFailsIsPlaced(t *testing.T) {
	r := start(t, server.Config{})
	res := r.post(t, "/v1/impact", `{"scenario": {"disrupt": [{"select": "len(reduce(1..64, #acc + #acc, \"xx\")) > 0"}]}}`)
	require.Equal(t, http.StatusUnprocessableEntity, res.status, string(res.body))
	p := problemOf(t, res)
	require.Len(t, p.Errors, 1)
	e := p.Errors[0]
	assert.Equal(t, "body.scenario.disrupt[0].select", e.Location)
	assert.Equal(t, 1, e.Line)
	assert.Equal(t, 39, e.Col)
	assert.Contains(t, e.Message, "memory budget exceeded")
}
