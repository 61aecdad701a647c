package report_test

import (
	"os"
	"strings"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/report"
)

// A service behind two ISPs and a CRM: the CRM is its single point of
// failure (red border), the ISPs a redundancy group.
func ExampleMermaid() {
	doc, err := bcp.Parse("m.yaml", []byte(strings.TrimSpace(`
components:
  - {id: shop, kind: service, dependsOn: [crm, {anyOf: [isp-a, isp-b]}]}
  - {id: crm, kind: application}
  - {id: isp-a, kind: supplier}
  - {id: isp-b, kind: supplier}
`)))
	if err != nil {
		panic(err)
	}
	m, err := bcp.Compile(doc)
	if err != nil {
		panic(err)
	}
	if err := report.Mermaid(os.Stdout, m, report.GraphOptions{}); err != nil {
		panic(err)
	}
	// Output:
	// ---
	// title: dependencies
	// ---
	// flowchart LR
	//   n0["crm (application)"]
	//   n1["isp-a (supplier)"]
	//   n2["isp-b (supplier)"]
	//   n3["shop (service)"]
	//   g0{{"any of"}}
	//   g0 -.-> n1
	//   g0 -.-> n2
	//   n3 --> n0
	//   n3 --> g0
	//   classDef spof stroke:#d62828,stroke-width:3px
	//   classDef down fill:#f4a261
	//   classDef breached fill:#e76f51
	//   classDef disrupted fill:#3d3d3d,color:#ffffff
	//   class n0 spof
}
