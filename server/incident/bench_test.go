package incident_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/server/incident"
)

// BenchmarkRespond100k is one incident answer (resolve, impact, recovery
// plan, notify) on a 100k-component model: an application of the middle
// of the model fails, named by its ServiceNow sys_id.
func BenchmarkRespond100k(b *testing.B) {
	doc := bcpgen.Generate(bcpgen.Config{Components: 100_000, Seed: 1})
	bcpgen.AddOperations(doc, 50)
	m, err := bcp.Compile(doc)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for k, c := range doc.Components {
		if c.Kind == bcp.KindApplication && k > len(doc.Components)/2 {
			i = k
			break
		}
	}
	inc := &incident.Incident{Source: incident.SourceServiceNow, Ref: "INC1", Since: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC),
		CIs: []incident.CI{{System: "servicenow", ID: bcpgen.ServiceNowID(i), Mode: incident.SystemID}}}
	a, err := incident.Respond(m, "h", inc)
	if err != nil || len(a.Services) == 0 {
		b.Fatalf("%v: %d services", err, len(a.Services))
	}
	b.Logf("%s down: %d services, %d steps", doc.Components[i].ID, len(a.Services), len(a.Recovery))
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		if _, err := incident.Respond(m, "h", inc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRespond100kVaried is the average incident answer on the same
// model: each iteration answers the next of 1,000 incidents drawn with a
// seed, as cmd/bcpload sends them: one to three CIs that are no service
// (seven in ten name one), anywhere in the model, from a leaf to a hub
// that takes down thousands of components.
func BenchmarkRespond100kVaried(b *testing.B) {
	doc := bcpgen.Generate(bcpgen.Config{Components: 100_000, Seed: 1})
	bcpgen.AddOperations(doc, 50)
	m, err := bcp.Compile(doc)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 7))
	ci := func() incident.CI {
		for {
			if i := rng.IntN(len(doc.Components)); doc.Components[i].Kind != bcp.KindService {
				return incident.CI{System: "servicenow", ID: bcpgen.ServiceNowID(i), Mode: incident.SystemID}
			}
		}
	}
	incs := make([]*incident.Incident, 1000)
	for k := range incs {
		inc := &incident.Incident{Source: incident.SourceServiceNow, Ref: fmt.Sprint("INC", k),
			Since: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC).Add(-time.Duration(rng.IntN(24*60)) * time.Minute), CIs: []incident.CI{ci()}}
		if r := rng.IntN(10); r >= 7 {
			inc.CIs = append(inc.CIs, ci())
			if r == 9 {
				inc.CIs = append(inc.CIs, ci())
			}
		}
		incs[k] = inc
	}
	services := 0
	for _, inc := range incs { // and builds the model's tables, as bcp serve does at load
		a, err := incident.Respond(m, "h", inc)
		if err != nil {
			b.Fatal(err)
		}
		services += len(a.Services)
	}
	b.Logf("%d incidents take down %.1f services on average", len(incs), float64(services)/float64(len(incs)))
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		if _, err := incident.Respond(m, "h", incs[n%len(incs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRespondContactCentre is one incident answer on the contact-centre
// example (18 components): the PBX server fails.
func BenchmarkRespondContactCentre(b *testing.B) {
	m, err := bcp.Load([]string{"../../examples/contact-centre/model.yaml"})
	if err != nil {
		b.Fatal(err)
	}
	inc := &incident.Incident{Source: incident.SourcePagerDuty, Since: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC),
		CIs: []incident.CI{{System: "pagerduty", ID: "PVOICE1", Mode: incident.SystemID}}}
	b.ReportAllocs()
	for n := 0; n < b.N; n++ {
		if _, err := incident.Respond(m, "h", inc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse reads an incident of each shape as integrations send
// them: the part of the incident endpoint's work before the model.
func BenchmarkParse(b *testing.B) {
	for _, tc := range []struct{ name, body string }{
		{"own", `{"id": "J-1", "since": "2026-11-27T09:00:00Z", "down": ["pbx-server", {"component": "crm-saas", "for": "2h"}, {"system": "servicenow", "id": "3f1c9a0e1b8d4e02a7c5d9e8f6b4a201"}]}`},
		{"servicenow", `{"result": {"number": {"value": "INC0012345", "display_value": "INC0012345"}, "sys_id": {"value": "9d3c1e0b1b8d4e02a7c5d9e8f6b4a201"},
			"opened_at": {"value": "2026-11-27 09:00:00", "display_value": "2026-11-27 10:00:00"}, "short_description": "PBX down", "priority": "1",
			"cmdb_ci": {"value": "3f1c9a0e1b8d4e02a7c5d9e8f6b4a201", "display_value": "PBX", "link": "https://x.service-now.com/api/now/table/cmdb_ci/3f1c9a0e1b8d4e02a7c5d9e8f6b4a201"},
			"affected_cis": [{"value": "c2d4e6f8a0b24c6e8f0a1b3c5d7e9f11"}, {"value": "a1b2c3d4e5f60718293a4b5c6d7e8f90"}]}}`},
		{"pagerduty", `{"event": {"id": "01DEN", "event_type": "incident.triggered", "resource_type": "incident", "occurred_at": "2026-11-27T09:00:00.169Z",
			"agent": {"html_url": "https://acme.pagerduty.com/users/PLH1HKV", "id": "PLH1HKV", "self": "https://api.pagerduty.com/users/PLH1HKV", "summary": "Tenex Engineer", "type": "user_reference"},
			"client": null, "data": {"id": "Q2K7", "type": "incident", "self": "https://api.pagerduty.com/incidents/Q2K7", "html_url": "https://acme.pagerduty.com/incidents/Q2K7",
			"number": 2, "status": "triggered", "incident_key": "d3640fbd41094207a1c11e58e46b1662", "created_at": "2026-11-27T09:00:00Z", "title": "PBX down",
			"service": {"html_url": "https://acme.pagerduty.com/services/PVOICE1", "id": "PVOICE1", "self": "https://api.pagerduty.com/services/PVOICE1", "summary": "Voice", "type": "service_reference"},
			"assignees": [{"html_url": "https://acme.pagerduty.com/users/PTUXL6G", "id": "PTUXL6G", "self": "https://api.pagerduty.com/users/PTUXL6G", "summary": "User 123", "type": "user_reference"}],
			"escalation_policy": {"id": "PUS0KTE", "type": "escalation_policy_reference"}, "teams": [], "priority": {"id": "PSO75BM", "summary": "P1", "type": "priority_reference"},
			"urgency": "high", "conference_bridge": null, "resolve_reason": null}}}`},
	} {
		b.Run(tc.name, func(b *testing.B) {
			body := []byte(tc.body)
			b.ReportAllocs()
			for n := 0; n < b.N; n++ {
				if _, err := incident.Parse(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
