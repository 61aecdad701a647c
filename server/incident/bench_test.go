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
