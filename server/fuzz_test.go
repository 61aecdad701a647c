package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/continuitykit/continuity/server"
)

// FuzzRequests sends arbitrary bodies to every POST endpoint and
// arbitrary query strings to the GET ones: every answer is JSON with a
// status below 500, never a panic (the recover middleware would turn one
// into a 500).
func FuzzRequests(f *testing.F) {
	for _, seed := range []string{
		`{"scenario": "crm-outage"}`,
		`{"scenario": {"disrupt": [{"select": "kind == \"site\"", "fraction": 0.5, "seed": 3}]}}`,
		`{"scenario": {"disrupt": [{"id": "crm", "at": "1d", "for": "2w"}]}, "priority": "tail"}`,
		`{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server", {"system": "servicenow", "id": "x", "since": "2026-11-27T08:00:00Z"}]}`,
		`{"result": {"number": "INC1", "opened_at": {"value": "2026-11-27 09:00:00"}, "cmdb_ci": {"value": "8b7e2d4c9a1f4c3e9d0b6a5f4e3d2c10"}, "task_ci": [{"ci_item": null}]}}`,
		`{"event": {"event_type": "incident.triggered", "occurred_at": "2026-11-27T09:00:00Z", "data": {"service": {"id": "PVOICE1"}}}}`,
		`of=customer-service&order=3&leaves=1`,
	} {
		f.Add(seed)
	}
	srv, err := server.New(server.Config{Files: []string{"../examples/contact-centre/model.yaml"}})
	if err != nil {
		f.Fatal(err)
	}
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, in string) {
		for _, path := range []string{"/v1/impact", "/v1/recover", "/v1/incidents"} {
			check(t, h, httptest.NewRequest(http.MethodPost, path, strings.NewReader(in)))
		}
		for _, path := range []string{"/v1/spof", "/v1/cutsets", "/v1/availability", "/v1/bia"} {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.URL.RawQuery = in
			check(t, h, req)
		}
	})
}

func check(t *testing.T, h http.Handler, req *http.Request) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("%s %s %q: %d %s", req.Method, req.URL.Path, req.URL.RawQuery, rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/") {
		t.Fatalf("%s: content type %q", req.URL.Path, ct)
	}
}
