package risk_test

import (
	"context"
	"fmt"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/risk"
)

// A ransomware risk whose events take the file server down for a sampled
// duration; the service that needs it loses 2000 EUR an hour, and each event
// costs a direct 50k–500k on top. Offline backups halve the outage. By hand:
// 0.2 × (2000 EUR/h × 123.9h mean outage + 202,001 mean direct loss) =
// 89,960 inherent, and the backups save 0.2 × 2000 × 123.9h / 2 = 24,780.
func ExampleAnalyze() {
	doc, err := bcp.Parse("model.yaml", []byte(`
currency: EUR
bia:
  categories: [{id: financial, unit: EUR, thresholds: {1: 10000, 2: 50000, 3: 200000, 4: 1000000, 5: 5000000}}]
components:
  - {id: file-server, kind: infrastructure}
  - id: billing
    kind: service
    dependsOn: [file-server]
    bia: {impact: {financial: {formula: '2000 * hours(t)'}}}
scenarios:
  - {id: file-server-down, disrupt: [file-server]}
risks:
  - id: ransomware
    frequency: 0.2
    scenario: file-server-down
    duration: {low: 1d, high: 2w}
    loss: {low: 50000, high: 500000}
    controls: [offline-backups]
controls:
  - {id: offline-backups, duration: 0.5, costPerYear: 20000}
`))
	if err != nil {
		panic(err)
	}
	m, err := bcp.Compile(doc)
	if err != nil {
		panic(err)
	}
	rep, err := risk.Analyze(context.Background(), m, risk.Options{Years: 50_000, Seed: 1})
	if err != nil {
		panic(err)
	}
	r := rep.Risks[0]
	fmt.Printf("inherent %s ± %s EUR a year, %s\n", risk.Money(r.Inherent.MeanAnnualLoss), risk.Money(r.Inherent.StandardError), r.Inherent.Rating.Grade)
	fmt.Printf("residual %s EUR a year, P(loss) %.3f\n", risk.Money(r.Residual.MeanAnnualLoss), r.Residual.ProbabilityOfLoss)
	c := rep.Controls[0]
	fmt.Printf("%s saves %s a year for %s\n", c.ID, risk.Money(c.Reduction), risk.Money(c.CostPerYear))
	// Output:
	// inherent 90,766 ± 1,071 EUR a year, medium
	// residual 65,803 EUR a year, P(loss) 0.182
	// offline-backups saves 24,962 a year for 20,000
}
