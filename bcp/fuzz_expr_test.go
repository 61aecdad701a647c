package bcp_test

import (
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
)

// exprSeeds are the hostile expressions of issue 11 and ordinary ones.
var exprSeeds = []string{
	`len(repeat(repeat(repeat("x", 1000000), 1000000), 1000000)) > 0`,
	`len(reduce(1..64, #acc + #acc, "xx")) > 0`,
	`len(reduce(1..64, join([#acc, #acc], #acc), "xx")) > 0`,
	`len(map(1..1000, map(1..1000, 1))) > 0`,
	`hours(5124096) > duration("1h")`,
	`weeks(15251.0) > objectives.rto`,
	`attributes.revenuePerHour * hours(t)`,
	`kind == "service" && tier <= 1 && objectives.rto > duration("4h")`,
	`upper(name) + lower(id) != ""`,
	`0.0 / 0.0`,
}

// FuzzExpr compiles an expression as a rule check, a set rule, a scenario
// selector and a BIA formula, and evaluates it: the answer may be an error,
// never a panic or a process that runs out of memory.
// go test ./bcp -run XXX -fuzz FuzzExpr -fuzztime 5m -fuzzminimizetime 10x
func FuzzExpr(f *testing.F) {
	for _, s := range exprSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if strings.ContainsAny(src, "'\n\r") {
			return // keeps the YAML quoting below simple
		}
		model := `version: 1
bia:
  categories:
    - {id: financial, name: Lost revenue, unit: EUR, thresholds: {1: 1000, 2: 25000, 3: 100000, 4: 300000, 5: 1000000}}
components:
  - id: a
    kind: service
    objectives: {rto: 4h}
    attributes: {revenuePerHour: 1000, name: x}
    bia:
      impact:
        financial: {formula: '` + src + `'}
    dependsOn: [b]
  - {id: b, kind: data}
rules:
  - {name: c, check: '` + src + `'}
  - name: s
    set: {attributes.x: '` + src + `'}
scenarios:
  - id: s
    disrupt:
      - select: '` + src + `'
`
		doc, err := bcp.Parse("fuzz.yaml", []byte(model))
		if err != nil || doc == nil {
			return
		}
		// Each use alone, so that one bad use does not hide the others.
		for _, keep := range []func(d *bcp.Document){
			func(d *bcp.Document) { d.Rules, d.Scenarios, d.Components[0].BIA = d.Rules[:1], nil, nil },
			func(d *bcp.Document) { d.Rules, d.Scenarios, d.Components[0].BIA = d.Rules[1:], nil, nil },
			func(d *bcp.Document) { d.Rules, d.Components[0].BIA = nil, nil },
			func(d *bcp.Document) { d.Rules, d.Scenarios = nil, nil },
		} {
			d := *doc
			d.Components = append([]bcp.Component(nil), doc.Components...)
			keep(&d)
			m, err := bcp.Compile(&d)
			if err != nil {
				continue
			}
			runAllAnalyses(t, m)
			_, _ = m.Select(src)
		}
	})
}
