package incident_test

import (
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
