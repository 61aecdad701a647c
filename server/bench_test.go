package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/continuitykit/continuity/server"
)

// BenchmarkIncidentHandler is the incident endpoint's whole handler on the
// contact-centre example, without the network: the checks of the request
// (headers, duplicate keys, limits), parsing, the answer and its bytes.
// Run on two commits back to back, it shows what the checks cost.
func BenchmarkIncidentHandler(b *testing.B) {
	srv, err := server.New(server.Config{Files: []string{"../examples/contact-centre/model.yaml"}})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	const body = `{"result": {"number": {"value": "INC0012345", "display_value": "INC0012345"}, "sys_id": {"value": "9d3c1e0b1b8d4e02a7c5d9e8f6b4a201"},
		"opened_at": {"value": "2026-11-27 09:00:00", "display_value": "2026-11-27 10:00:00"}, "short_description": "PBX down", "priority": "1",
		"cmdb_ci": {"value": "3f1c9a0e1b8d4e02a7c5d9e8f6b4a201", "display_value": "PBX", "link": "https://x.service-now.com/api/now/table/cmdb_ci/3f1c9a0e1b8d4e02a7c5d9e8f6b4a201"},
		"affected_cis": [{"value": "8b7e2d4c9a1f4c3e9d0b6a5f4e3d2c10"}]}}`
	b.ReportAllocs()
	for n := 0; n < b.N; n++ {
		req := httptest.NewRequest(http.MethodPost, "/v1/incidents", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%d: %s", rec.Code, rec.Body)
		}
	}
}
