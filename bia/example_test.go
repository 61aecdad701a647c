package bia_test

import (
	"fmt"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bia"
)

// Analyze derives a service's objectives from how its impact grows, and
// rolls them down to what it depends on.
func ExampleAnalyze() {
	doc, err := bcp.Parse("model.yaml", []byte(`
version: 1
bia:
  categories:
    - {id: financial, unit: EUR, thresholds: {2: 10000, 4: 500000}}
    - {id: customer}
components:
  - id: orders
    kind: service
    attributes: {revenuePerHour: 12000}
    bia:
      impact:
        financial: {formula: 'attributes.revenuePerHour * hours(t)'}
        customer: {4h: 2, 3d: 4}
      dataLossTolerance: 30m
    dependsOn: [erp]
  - {id: erp, kind: application, objectives: {rto: 2d}}
`))
	if err != nil {
		panic(err)
	}
	m, err := bcp.Compile(doc)
	if err != nil {
		panic(err)
	}
	r, err := bia.Analyze(m, bia.Options{})
	if err != nil {
		panic(err)
	}
	a := r.Assessment("orders")
	fmt.Println("MTPD:", bcp.FormatDuration(a.MTPD.Effective), "-", a.MTPD.Why)
	fmt.Println("RTO:", bcp.FormatDuration(a.RTO.Effective), "-", a.RTO.Why)
	fmt.Println("RPO:", bcp.FormatDuration(a.RPO.Effective), "-", a.RPO.Why)
	fmt.Println("tier:", a.Tier.Effective, a.Tier.Name)
	for _, f := range r.Findings {
		fmt.Println(f.Severity, f.Component+":", f.Message)
	}
	// Output:
	// MTPD: 1d17h40m - financial: attributes.revenuePerHour * hours(t) reaches 500000 EUR, level 4 (major), after 1d17h40m (intolerable from 4)
	// RTO: 1d - largest standard bucket below the MTPD 1d17h40m (derived), since the RTO must be less than it: 1d
	// RPO: 15m - largest standard RPO not above the data-loss tolerance 30m (declared): 15m
	// tier: 2 business critical
	// error erp: RTO 2d (declared), but orders needs it back within 1d along orders → erp
}
