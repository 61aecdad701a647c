package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/continuitykit/continuity/server"
	"github.com/continuitykit/continuity/server/incident"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEveryEndpointAnswers(t *testing.T) {
	r := start(t, server.Config{})
	for _, tc := range []struct {
		method, path, body string
		contains           string
	}{
		{"GET", "/livez", "", `"ok"`},
		{"GET", "/readyz", "", `"ready"`},
		{"GET", "/openapi.json", "", `"openapi": "3.1.0"`},
		{"GET", "/v1/spof", "", `"id": "customer-service"`},
		{"GET", "/v1/spof?of=telephony", "", `"id": "telephony"`},
		{"GET", "/v1/cutsets?of=customer-service&order=2", "", `"of": "customer-service"`},
		{"GET", "/v1/availability?of=customer-service", "", `"availability"`},
		{"GET", "/v1/bia?noScenarios=true", "", `"assessments"`},
		{"GET", "/v1/findings", "", `"counts"`},
		{"GET", "/v1/risk?years=200&seed=2", "", `"seed": 2`},
		{"POST", "/v1/impact", `{"scenario": "crm-outage"}`, `"scenario": "crm-outage"`},
		{"POST", "/v1/impact", `{"scenario": {"disrupt": [{"id": "crm-saas", "for": "12h"}]}}`, `"scenario": "request"`},
		{"POST", "/v1/recover", `{"scenario": "site-loss"}`, `"steps"`},
		{"POST", "/v1/recover", `{"scenario": {"id": "x", "disrupt": ["pbx-server"]}, "priority": "deadline"}`, `"id": "pbx-server"`},
		{"POST", "/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server"]}`, `"rtoDeadline": "2026-11-27T13:00:00Z"`},
		{"POST", "/-/reload", "", `"changed": false`},
		{"GET", "/metrics", "", `bcp_config_last_reload_successful 1`},
	} {
		res := r.do(t, tc.method, tc.path, tc.body)
		require.Equal(t, http.StatusOK, res.status, "%s %s: %s", tc.method, tc.path, res.body)
		assert.Contains(t, string(res.body), tc.contains, tc.path)
	}
}

// The incident answers are hand-checked: pbx-server is recovered by the
// voice team's cold standby in 3h, so customer service (down at once
// through telephony) is back at 12:00, before its RTO deadline 13:00.
func TestIncidentAnswers(t *testing.T) {
	r := start(t, server.Config{})
	for _, tc := range []struct{ name, body string }{
		{"own", `{"id": "INC-7", "since": "2026-11-27T09:00:00Z", "down": ["pbx-server", {"component": "crm-saas", "since": "2026-11-27T10:00:00Z", "for": "12h"}, "nonesuch"]}`},
		{"servicenow", `{"result": {"number": {"value": "INC0010042", "display_value": "INC0010042"},
			"opened_at": {"value": "2026-11-27 09:00:00", "display_value": "2026-11-27 10:00:00"},
			"cmdb_ci": {"value": "8b7e2d4c9a1f4c3e9d0b6a5f4e3d2c10", "display_value": "ISP A", "link": "https://x.service-now.com/api/now/table/cmdb_ci/8b7e"},
			"affected_cis": [{"value": "0000", "display_value": "Old PBX"}, "c2d4e6f8a0b24c6e8f0a1b3c5d7e9f11"],
			"task_ci": [{"ci_item": {"value": "3f1c9a0e1b8d4e02a7c5d9e8f6b4a201"}}]}}`},
		{"pagerduty", `{"event": {"id": "01DEN", "event_type": "incident.triggered", "resource_type": "incident", "occurred_at": "2026-11-27T09:00:00.169Z",
			"data": {"id": "Q2K7", "type": "incident", "title": "PBX down", "service": {"id": "PVOICE1", "summary": "PBX", "type": "service_reference"}}}}`},
	} {
		res := r.post(t, "/v1/incidents", tc.body)
		require.Equal(t, http.StatusOK, res.status, string(res.body))
		// The hash changes with every edit of the example; the rest not.
		golden(t, "incident-"+tc.name+".json", bytes.ReplaceAll(res.body, []byte(r.Hash()), []byte("MODEL-HASH")))
	}

	var a incident.Answer
	res := r.post(t, "/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server"]}`)
	require.NoError(t, json.Unmarshal(res.body, &a))
	at := func(s string) time.Time { tm, err := time.Parse(time.RFC3339, s); require.NoError(t, err); return tm }
	require.Len(t, a.Services, 1)
	cs := a.Services[0]
	assert.Equal(t, "customer-service", cs.ID)
	assert.Equal(t, at("2026-11-27T09:00:00Z"), cs.Down)
	assert.Equal(t, at("2026-11-27T12:00:00Z"), *cs.Restored)
	assert.Equal(t, at("2026-11-27T13:00:00Z"), *cs.RTODeadline)
	assert.Equal(t, at("2026-11-28T09:00:00Z"), *cs.MTPDDeadline)
	assert.Nil(t, cs.RTOBreachAt, "restored at 12:00, before the 4h RTO")
	require.Len(t, a.Recovery, 1)
	assert.Equal(t, incident.Step{Order: 1, ID: "pbx-server", Team: "it-voice", Contact: "+31 20 555 0131", Strategy: "Start the spare PBX at the recovery office",
		Start: at("2026-11-27T09:00:00Z"), Finish: at("2026-11-27T12:00:00Z"), Needs: []string{"ams-site"}, WaitedFor: "disruption"}, a.Recovery[0])
	require.Len(t, a.Notify, 2)
	assert.Equal(t, "cs-ops", a.Notify[0].Who)
	assert.Equal(t, "it-voice", a.Notify[1].Who)
}

// A CRM outage leaves customer service on paper forms from 15 minutes in
// until the CRM is back 12 hours later.
func TestIncidentFallbacks(t *testing.T) {
	r := start(t, server.Config{})
	res := r.post(t, "/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": [{"component": "crm-saas", "for": "12h"}]}`)
	require.Equal(t, http.StatusOK, res.status, string(res.body))
	var a incident.Answer
	require.NoError(t, json.Unmarshal(res.body, &a))
	require.Len(t, a.Fallbacks, 1)
	f := a.Fallbacks[0]
	assert.Equal(t, "customer-service", f.Component)
	assert.Equal(t, "paper call forms", f.Fallback)
	assert.Equal(t, 0.7, f.Capacity)
	assert.Equal(t, "2026-11-27T09:15:00Z", f.From.Format(time.RFC3339))
	assert.Equal(t, "2026-11-27T21:00:00Z", f.To.Format(time.RFC3339))
}

// A wrong value's line and column are those of its first byte: they were
// those just after it (encoding/json's offset), one column off for a
// number and the value's length off for a string.
func TestBadRequestsNameTheField(t *testing.T) {
	r := start(t, server.Config{})
	for _, tc := range []struct {
		method, path, body string
		status             int
		location           string
		line, col          int
	}{
		{"POST", "/v1/impact", `{"scenario": {"disrupt": [}`, 400, "body", 1, 27},
		{"POST", "/v1/impact", `{"scenario": "crm-outage", "colour": 1}`, 422, "body.colour", 0, 0},
		{"POST", "/v1/impact", `{}`, 422, "body.scenario", 0, 0},
		{"POST", "/v1/impact", `{"scenario": "nonesuch"}`, 422, "body.scenario", 0, 0},
		{"POST", "/v1/impact", "{\"scenario\":\n  {\"disrupt\": [{\"id\": \"crm-sass\"}]}}", 422, "body.scenario.disrupt[0].id", 2, 23},
		{"POST", "/v1/impact", "{\"scenario\":\n  {\"disrupt\": [{\"id\": \"crm\", \"at\": \"2x\"}]}}", 422, "body.scenario.disrupt[0].at", 2, 36},
		{"POST", "/v1/impact", `{"scenario": {"disrupt": [{"select": "kind ==="}]}}`, 422, "body.scenario.disrupt[0].select", 1, 46},
		{"POST", "/v1/impact", `{"scenario": {"disrupt": [{"id": "crm-saas", "colour": 1}]}}`, 422, "body.scenario.disrupt[0].colour", 1, 46},
		{"POST", "/v1/impact", `{"scenario": {"disrupt": [{"id": "crm-saas"}, {"id": "internet", "for": -1}]}}`, 422, "body.scenario.disrupt[1].for", 1, 73},
		{"POST", "/v1/impact", `{"scenario": {"disrupt": [{"id": "crm-saas", "select": "true"}]}}`, 422, "body.scenario.disrupt[0].id", 1, 34},
		{"POST", "/v1/recover", `{"scenario": {"disrupt": [{"id": "crm-saas"}]}, "priority": "deadline +"}`, 422, "body.priority", 0, 0},
		{"POST", "/v1/recover", `{"scenario": "site-loss", "priority": "nonesuch +"}`, 422, "body.priority", 0, 0},
		{"POST", "/v1/recover", `{"scenario": "site-loss", "priority": "tier == 1"}`, 422, "body.priority", 0, 0},
		{"POST", "/v1/impact", `{"scenario": {"disrupt": [{"select": "kind == 'servce'"}]}}`, 422, "body.scenario.disrupt[0].select", 1, 39},
		{"POST", "/v1/impact", `{"scenario": "crm-outage"} {}`, 400, "body", 1, 28},
		{"GET", "/v1/spof?of=nonesuch", "", 422, "query.of", 0, 0},
		{"GET", "/v1/spof?of=telephony&of=telephony", "", 422, "query.of", 0, 0},
		{"GET", "/v1/availability?of=telephony&of=telephony", "", 422, "query.of", 0, 0},
		{"GET", "/v1/cutsets?of=telephony&of=telephony", "", 422, "query.of", 0, 0},
		{"GET", "/v1/spof?colour=blue", "", 422, "query.colour", 0, 0},
		{"GET", "/v1/spof?leaves=maybe", "", 422, "query.leaves", 0, 0},
		{"GET", "/v1/spof?leaves=true", "", 422, "query.leaves", 0, 0},
		{"GET", "/v1/cutsets?of=crm&leaves=true", "", 422, "query.leaves", 0, 0},
		{"GET", "/v1/cutsets", "", 422, "query.of", 0, 0},
		{"GET", "/v1/cutsets?of=crm&order=9", "", 422, "query.order", 0, 0},
		{"GET", "/v1/bia?scenario=nonesuch", "", 422, "query.scenario", 0, 0},
		{"GET", "/v1/bia?scenario=site-loss&scenario=site-loss", "", 422, "query.scenario", 0, 0},
		{"GET", "/v1/findings?x=1", "", 422, "query.x", 0, 0},
		{"GET", "/v1/risk?years=0", "", 422, "query.years", 0, 0},
		{"GET", "/v1/risk?seed=-1", "", 422, "query.seed", 0, 0},
		{"POST", "/v1/incidents", `[]`, 422, "body", 0, 0},
		{"POST", "/v1/incidents", `{"down": ["crm"]}`, 422, "body.since", 0, 0},
		{"POST", "/v1/incidents", `{"since": "yesterday", "down": ["crm"]}`, 422, "body.since", 0, 0},
		{"POST", "/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": []}`, 422, "body.down", 0, 0},
		{"POST", "/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": [{"component": "crm", "for": "-1h"}]}`, 422, "body.down[0].for", 0, 0},
		{"POST", "/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": [{"colour": "crm"}]}`, 422, "body.down[0].colour", 0, 0},
		{"POST", "/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": "crm"}`, 422, "body.down", 1, 43},
		{"POST", "/v1/incidents", `{"event": {"event_type": ""}}`, 422, "body.event.event_type", 0, 0},
		{"POST", "/v1/incidents", `{"event": {"event_type": 7}}`, 422, "body.event.event_type", 1, 26},
		{"POST", "/v1/incidents", `{"event": {"event_type": "incident.triggered", "occurred_at": "2026-11-27T09:00:00Z", "data": {}}}`, 422, "body.event.data.service.id", 0, 0},
		{"POST", "/v1/incidents", `{"number": "INC1", "opened_at": "2026-11-27 09:00:00"}`, 422, "body.cmdb_ci", 0, 0},
		{"POST", "/v1/incidents", `{"number": "INC1", "cmdb_ci": "x"}`, 422, "body.opened_at", 0, 0},
		{"POST", "/v1/incidents", `{"colour": 1}`, 422, "body", 0, 0},
		{"POST", "/v1/impact", `{"scenario": "crm-outage", "noRecovery": "yes"}`, 422, "body.noRecovery", 1, 42},
		{"POST", "/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": [{"component": 5}]}`, 422, "body.down[0].component", 0, 0},
		{"POST", "/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": ["crm", 7]}`, 422, "body.down[1]", 0, 0},
		{"POST", "/v1/incidents", `{"result": {"number": "INC1", "cmdb_ci": "x", "opened_at": 5}}`, 422, "body.result.opened_at", 0, 0},
		{"POST", "/v1/incidents", `{"number": "INC1", "cmdb_ci": "x", "opened_at": "2026-11-27 09:00:00", "affected_cis": [7]}`, 422, "body.affected_cis[0]", 0, 0},
		{"POST", "/v1/incidents", `{"number": "INC1", "cmdb_ci": "x", "opened_at": "2026-11-27 09:00:00", "task_ci": [{"ci_item": "y"}, {"ci_item": {"value": 5}}]}`, 422, "body.task_ci[1].ci_item.value", 0, 0},
		{"POST", "/v1/incidents", `{"number": "INC1", "cmdb_ci": {"value": 5}, "opened_at": "2026-11-27 09:00:00"}`, 422, "body.cmdb_ci.value", 0, 0},
		{"POST", "/v1/incidents", `{"event": {"event_type": "incident.triggered", "occurred_at": "2026-11-27T09:00:00Z", "data": {"service": {"id": 5}}}}`, 422, "body.event.data.service.id", 1, 114},
	} {
		res := r.do(t, tc.method, tc.path, tc.body)
		require.Equal(t, tc.status, res.status, "%s %s: %s", tc.path, tc.body, res.body)
		p := problemOf(t, res)
		require.NotEmpty(t, p.Errors, string(res.body))
		e := p.Errors[0]
		assert.Equal(t, tc.location, e.Location, "%s: %s", tc.body, res.body)
		assert.Equal(t, tc.line, e.Line, "%s: %s", tc.body, res.body)
		assert.Equal(t, tc.col, e.Col, "%s: %s", tc.body, res.body)
	}
}

func TestWrongMethodAndPath(t *testing.T) {
	r := start(t, server.Config{})
	res := r.get(t, "/v1/impact")
	assert.Equal(t, http.StatusMethodNotAllowed, res.status)
	assert.Equal(t, "POST", res.header.Get("Allow"))
	problemOf(t, res)
	res = r.get(t, "/v2/nothing")
	assert.Equal(t, http.StatusNotFound, res.status)
	problemOf(t, res)
}

func TestUnknownCIsAreReported(t *testing.T) {
	r := start(t, server.Config{})
	res := r.post(t, "/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": ["nonesuch", {"system": "servicenow", "id": "pbx-server"}, {"system": "pagerduty", "id": "P0"}]}`)
	require.Equal(t, http.StatusOK, res.status, string(res.body))
	var a incident.Answer
	require.NoError(t, json.Unmarshal(res.body, &a))
	// A system id that is a component id matches it (integrations that
	// send names); the other two are reported.
	require.Len(t, a.CIs, 1)
	assert.Equal(t, "pbx-server", a.CIs[0].Component)
	assert.Equal(t, []incident.Unknown{
		{Ref: "nonesuch", Location: "body.down[0]", Reason: `no component has id "nonesuch", nor an external id "nonesuch" in any system`},
		{Ref: "P0", System: "pagerduty", Location: "body.down[2]", Reason: `no component has externalIds.pagerduty "P0", and no component has that id`},
	}, a.Unknown)
}

func TestOversizedBody(t *testing.T) {
	r := start(t, server.Config{MaxBodyBytes: 64})
	res := r.post(t, "/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server", "crm-saas", "isp-a", "isp-b"]}`)
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.status)
	problemOf(t, res)
}

// A client that sends its headers and then only part of its body is cut
// off at the read timeout with 408; one that never finishes its headers
// is disconnected.
func TestSlowClients(t *testing.T) {
	r := start(t, server.Config{ReadTimeout: 300 * time.Millisecond})
	addr := strings.TrimPrefix(r.url, "http://")

	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "POST /v1/incidents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"since\":")
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err, "the server answers before the client's own deadline")
	assert.Equal(t, http.StatusRequestTimeout, res.StatusCode)
	res.Body.Close()

	slow, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer slow.Close()
	_, err = fmt.Fprintf(slow, "GET /livez HTTP/1.1\r\nHost: x\r\n")
	require.NoError(t, err)
	require.NoError(t, slow.SetReadDeadline(time.Now().Add(10*time.Second)))
	_, err = bufio.NewReader(slow).ReadByte()
	require.Error(t, err)
	assert.False(t, isTimeout(err), "the server closes the connection; the client's deadline did not have to: %v", err)
}

func TestTimeLimit(t *testing.T) {
	r := start(t, server.Config{Timeout: time.Nanosecond})
	res := r.get(t, "/v1/spof")
	assert.Equal(t, http.StatusServiceUnavailable, res.status)
	problemOf(t, res)
}

func TestAuthentication(t *testing.T) {
	r := start(t, server.Config{Token: "s3cret"})
	hash := r.Hash()
	anon := &running{url: r.url, client: r.client}
	wrong := &running{url: r.url, client: r.client, token: "s3cre"}
	for _, c := range []*running{anon, wrong} {
		for _, tc := range []struct{ method, path, body string }{
			{"GET", "/v1/spof", ""},
			{"GET", "/v1/spof?of=nonesuch", ""},
			{"POST", "/v1/impact", `{"scenario": {"disrupt": [{"id": "crm-sass"}]}}`},
			{"POST", "/v1/impact", `not json`},
			{"POST", "/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server"]}`},
			{"GET", "/metrics", ""},
			{"POST", "/-/reload", ""},
			{"GET", "/v1/nonesuch", ""},
			{"DELETE", "/v1/spof", ""},
		} {
			res := c.do(t, tc.method, tc.path, tc.body)
			require.Equal(t, http.StatusUnauthorized, res.status, "%s %s", tc.method, tc.path)
			assert.Equal(t, `Bearer realm="bcp"`, res.header.Get("WWW-Authenticate"))
			assert.Empty(t, res.header.Get("Bcp-Model-Hash"))
			for _, secret := range []string{hash, "crm", "pbx", "customer-service", "nonesuch", "Acme"} {
				if strings.Contains(tc.path, secret) {
					continue // the instance is the caller's own path
				}
				assert.NotContains(t, string(res.body), secret, "%s %s", tc.method, tc.path)
			}
		}
	}
	for _, path := range []string{"/livez", "/readyz", "/openapi.json"} {
		assert.Equal(t, http.StatusOK, anon.get(t, path).status, path)
	}
	res := r.get(t, "/v1/spof")
	assert.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, hash, res.header.Get("Bcp-Model-Hash"))
}

func TestReloadKeepsTheOldModelWhenTheNewOneIsBroken(t *testing.T) {
	path := modelFile(t)
	r := start(t, server.Config{Files: []string{path}})
	before := r.Hash()
	good, err := os.ReadFile(path)
	require.NoError(t, err)

	require.NoError(t, os.WriteFile(path, append(good, "\n  - {id: extra, kind: service}\n"...), 0o644))
	// The model ends with rules; an extra component needs its own key.
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(good), "components:\n", "components:\n  - {id: extra, kind: service, owner: x, tier: 2}\n", 1)), 0o644))
	res := r.post(t, "/-/reload", "")
	require.Equal(t, http.StatusOK, res.status, string(res.body))
	var rr server.ReloadResult
	require.NoError(t, json.Unmarshal(res.body, &rr))
	assert.True(t, rr.Changed)
	assert.Equal(t, 19, rr.Components)
	changed := r.Hash()
	assert.NotEqual(t, before, changed)

	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(good), "dependsOn: [crm-saas, internet]", "dependsOn: [crm-sass, internet]", 1)), 0o644))
	res = r.post(t, "/-/reload", "")
	require.Equal(t, http.StatusUnprocessableEntity, res.status)
	p := problemOf(t, res)
	require.Len(t, p.Errors, 1)
	assert.Contains(t, p.Errors[0].Message, `unknown component "crm-sass"`)
	assert.Equal(t, "model", p.Errors[0].Location)
	assert.Equal(t, path, p.Errors[0].File, "a reload's problem names its file")
	assert.NotZero(t, p.Errors[0].Line)
	assert.Equal(t, changed, r.Hash(), "the old model keeps serving")
	assert.Contains(t, string(r.get(t, "/metrics").body), "bcp_config_last_reload_successful 0")
	res = r.get(t, "/v1/spof?of=extra")
	assert.Equal(t, http.StatusOK, res.status, "the model with extra still answers")

	require.NoError(t, os.WriteFile(path, good, 0o644))
	res = r.post(t, "/-/reload", "")
	require.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, before, r.Hash())
	assert.Contains(t, string(r.get(t, "/metrics").body), "bcp_config_last_reload_successful 1")
}

// Requests in flight while the model is reloaded again and again each get
// a whole answer from one model or the other, never a mix or an error.
func TestConcurrentRequestsDuringReloads(t *testing.T) {
	path := modelFile(t)
	r := start(t, server.Config{Files: []string{path}})
	a, err := os.ReadFile(path)
	require.NoError(t, err)
	b := []byte(strings.Replace(string(a), "time: 3h, requires: [ams-site]", "time: 5h, requires: [ams-site]", 1))
	require.NotEqual(t, a, b)
	const body = `{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server"]}`
	want := map[string]string{}
	for _, content := range [][]byte{b, a} {
		require.NoError(t, os.WriteFile(path, content, 0o644))
		_, err := r.Reload(context.Background(), "test")
		require.NoError(t, err)
		want[r.Hash()] = string(r.post(t, "/v1/incidents", body).body)
	}
	require.Len(t, want, 2)

	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			content := a
			if i%2 == 0 {
				content = b
			}
			if err := os.WriteFile(path, content, 0o644); err != nil {
				t.Error(err)
				return
			}
			if _, err := r.Reload(context.Background(), "test"); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	var clients sync.WaitGroup
	for c := 0; c < 4; c++ {
		clients.Add(1)
		go func() {
			defer clients.Done()
			for i := 0; i < 25; i++ {
				res := r.post(t, "/v1/incidents", body)
				if !assert.Equal(t, http.StatusOK, res.status, string(res.body)) {
					return
				}
				assert.Equal(t, want[res.header.Get("Bcp-Model-Hash")], string(res.body))
			}
		}()
	}
	clients.Wait()
	close(stop)
	wg.Wait()
}

func TestWatchReloadsChangedFiles(t *testing.T) {
	path := modelFile(t)
	r := start(t, server.Config{Files: []string{path}})
	before := r.Hash()
	ctx, cancel := contextWithCancel(t)
	defer cancel()
	go r.Watch(ctx, 5*time.Millisecond)
	good, err := os.ReadFile(path)
	require.NoError(t, err)
	// Replace the file the way editors and ConfigMaps do: a new file
	// renamed over the old one.
	tmp := path + ".new"
	require.NoError(t, os.WriteFile(tmp, []byte(strings.Replace(string(good), "name: Acme contact centre", "name: Acme contact centre (v2)", 1)), 0o644))
	require.NoError(t, os.Rename(tmp, path))
	require.Eventually(t, func() bool { return r.Hash() != before }, 10*time.Second, 5*time.Millisecond)
	assert.Equal(t, "Acme contact centre (v2)", r.Model().Name())
}

func TestShutdownTurnsReadinessOffFirst(t *testing.T) {
	srv, err := server.New(server.Config{Files: []string{modelFile(t)}, ShutdownDelay: 500 * time.Millisecond})
	require.NoError(t, err)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := contextWithCancel(t)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, l) }()
	r := &running{Server: srv, url: "http://" + l.Addr().String(), client: &http.Client{Timeout: 5 * time.Second}}
	require.Equal(t, http.StatusOK, r.get(t, "/readyz").status)
	cancel()
	require.Eventually(t, func() bool { return r.get(t, "/readyz").status == http.StatusServiceUnavailable }, 5*time.Second, time.Millisecond)
	assert.Equal(t, http.StatusOK, r.get(t, "/livez").status, "still answering during the delay")
	require.NoError(t, <-done)
}
