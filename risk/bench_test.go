package risk

import (
	"context"
	"fmt"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
)

// directRegister is n direct-loss risks: rates and losses fixed or
// uncertain, half of them with a control.
func directRegister(n int) *bcp.Document {
	doc := &bcp.Document{Currency: "EUR"}
	half, third := 0.5, 0.3
	doc.Controls = []bcp.Control{{ID: "c1", Frequency: &half, CostPerYear: 1000}, {ID: "c2", Loss: &third, CostPerYear: 500}}
	for i := 0; i < n; i++ {
		k := bcp.Risk{ID: fmt.Sprintf("r%04d", i), Loss: &bcp.Estimate{Form: bcp.EstimateInterval, Low: 1e4, High: 1e6}}
		switch i % 3 {
		case 0:
			k.Frequency = &bcp.Estimate{Value: 0.1 + float64(i%10)/10}
		case 1:
			k.Frequency = &bcp.Estimate{Form: bcp.EstimateInterval, Low: 0.05, High: 1}
		default:
			p := 0.05
			k.Probability = &p
			k.Loss = &bcp.Estimate{Form: bcp.EstimatePERT, Min: 1e4, Mode: 5e4, Max: 1e6}
		}
		if i%2 == 0 {
			k.Controls = []string{[]string{"c1", "c2"}[i%4/2]}
		}
		doc.Risks = append(doc.Risks, k)
	}
	return doc
}

// BenchmarkDirectLoss1000Risks100kYears is the acceptance run: 1,000
// direct-loss risks over 100,000 years (10^8 risk-years), inherent,
// residual and one control state each.
func BenchmarkDirectLoss1000Risks100kYears(b *testing.B) {
	m, err := bcp.Compile(directRegister(1000))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Analyze(context.Background(), m, Options{Years: 100_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*1000*100_000/b.Elapsed().Seconds(), "risk-years/s")
}

// scenarioRegister is a 10k-component generated model with BIA formulas on
// every service and n scenario risks over 20 scenarios whose first
// disruption has no `for` (its length is sampled).
func scenarioModel(b *testing.B, n int) *bcp.Model {
	doc := bcpgen.Generate(bcpgen.Config{Components: 10_000, Seed: 1, BIA: true, Scenarios: 20})
	doc.Currency = "EUR"
	for s := range doc.Scenarios {
		doc.Scenarios[s].Disrupt[0].For = 0
	}
	for i := 0; i < n; i++ {
		doc.Risks = append(doc.Risks, bcp.Risk{ID: fmt.Sprintf("r%03d", i), Scenario: doc.Scenarios[i%20].ID,
			Frequency: &bcp.Estimate{Form: bcp.EstimateInterval, Low: 0.1, High: 2},
			Duration:  &bcp.Estimate{Form: bcp.EstimateInterval, Low: 3600, High: 14 * 86400},
			Loss:      &bcp.Estimate{Form: bcp.EstimateInterval, Low: 1e4, High: 1e5}})
	}
	m, err := bcp.Compile(doc)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkScenarioRisks10k: 100 scenario-driven risks on a 10k-component
// model, 100,000 years each, tables included.
func BenchmarkScenarioRisks10k(b *testing.B) {
	m := scenarioModel(b, 100)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Analyze(context.Background(), m, Options{Years: 100_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*100*100_000/b.Elapsed().Seconds(), "risk-years/s")
}

// BenchmarkScenarioTables10k is the one-off cost of the downtime tables of
// 20 scenarios on the 10k-component model.
func BenchmarkScenarioTables10k(b *testing.B) {
	m := scenarioModel(b, 20)
	b.ReportAllocs()
	b.ResetTimer()
	sims := 0
	for i := 0; i < b.N; i++ {
		plans, err := prepare(m)
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range plans {
			if p.val != nil {
				sims += p.val.sims
			}
		}
	}
	b.ReportMetric(float64(sims)/float64(b.N)/20, "sims/scenario")
}
