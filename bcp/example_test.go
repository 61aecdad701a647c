package bcp_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

const exampleModel = `
name: Example shop
components:
  - id: web-shop
    kind: service
    tier: 1
    objectives: {rto: 4h, mtpd: 1d}
    dependsOn: [shop-app, {anyOf: [isp-a, isp-b]}]
  - {id: shop-app, kind: application, dependsOn: [db]}
  - {id: db, kind: data, availability: 0.999}
  - {id: isp-a, kind: supplier, availability: 0.99}
  - {id: isp-b, kind: supplier, availability: 0.98}
rules:
  - name: tier1-rto
    when: 'kind == "service" && tier == 1'
    check: 'objectives.rto <= duration("2h")'
    severity: error
    message: 'tier-1 service {{id}} has RTO {{objectives.rto}}, more than 2h'
scenarios:
  - id: db-outage
    disrupt: [{id: db, at: 1h, for: 6h}]
`

func exampleShop() *bcp.Model {
	doc, err := bcp.Parse("shop.yaml", []byte(exampleModel))
	if err != nil {
		panic(err)
	}
	m, err := bcp.Compile(doc)
	if err != nil {
		panic(err)
	}
	return m
}

func ExampleLoad() {
	m, err := bcp.Load([]string{"../examples/contact-centre/model.yaml"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Name(), m.Len(), "components")
	// Output: Acme contact centre 18 components
}

func ExampleCompile_problems() {
	doc, _ := bcp.Parse("bad.yaml", []byte(`
components:
  - {id: web, kind: service, objectives: {rto: 2d, mtpd: 1d}, dependsOn: [shop-ap]}
  - {id: shop-app, kind: aplication}
`))
	_, err := bcp.Compile(doc)
	fmt.Println(err)
	// Output:
	// bad.yaml:3:42: component "web": rto 2d is longer than mtpd 1d; the recovery time objective must be at most the maximum tolerable period of disruption
	// bad.yaml:3:75: component "web" dependsOn refers to unknown component "shop-ap" (did you mean "shop-app"?)
	// bad.yaml:4:10: component "shop-app" has unknown kind "aplication" (did you mean "application"?); valid kinds: application, data, infrastructure, network, people, service, site, supplier (declare others under kinds:)
}

func ExampleModel_Check() {
	for _, f := range exampleShop().Check() {
		fmt.Println(f.Severity, f.Rule, f.Component+":", f.Message, f.Why)
	}
	// Output: error tier1-rto web-shop: tier-1 service web-shop has RTO 4h, more than 2h [objectives.rto = 4h]
}

func ExampleModel_Scenario() {
	m := exampleShop()
	sc, _ := m.Scenario("db-outage")
	im, _ := m.Simulate(sc, bcp.SimulateOptions{})
	for _, c := range im.Components {
		fmt.Printf("%s down %s..%s, RTO breached: %v\n", c.ID, bcp.FormatDuration(c.DownAt), bcp.FormatDuration(c.UpAt), c.RTOBreached)
	}
	// Output:
	// db down 1h..7h, RTO breached: false
	// shop-app down 1h..7h, RTO breached: false
	// web-shop down 1h..7h, RTO breached: true
}

func ExampleModel_Simulate() {
	m := exampleShop()
	// A what-if built in code: both ISPs fail, the second two hours later.
	im, _ := m.Simulate(bcp.Scenario{ID: "isps", Disrupt: []bcp.Disruption{
		{Select: `kind == "supplier" && id == "isp-a"`, For: 8 * time.Hour},
		{ID: "isp-b", At: 2 * time.Hour, For: 3 * time.Hour},
	}}, bcp.SimulateOptions{})
	c := im.Component("web-shop")
	fmt.Println(c.Cause, bcp.FormatDuration(c.DownAt), bcp.FormatDuration(c.Downtime))
	// Output: [anyOf(isp-a,isp-b)] 2h 3h
}

// shopPolicy is a rule library, as a regulator's or a company's policy
// would be packaged.
type shopPolicy struct{}

func (shopPolicy) LibraryName() string { return "shop-policy" }

func (shopPolicy) Options() []bcp.Option {
	return []bcp.Option{
		bcp.WithFunction("isCritical", func(p ...any) (any, error) {
			return p[0].(int) == 1, nil
		}, new(func(int) bool)),
		bcp.WithRule(bcp.Rule{Name: "critical-has-mtpd", When: "isCritical(tier)", Check: "objectives.mtpd > 0", Severity: bcp.SeverityError}),
		bcp.WithGoRule(bcp.GoRule{Name: "supplier-availability", Severity: bcp.SeverityWarning, Check: func(m *bcp.Model, c bcp.Component) string {
			if c.Kind == bcp.KindSupplier && c.OwnAvailability() < 0.99 {
				return fmt.Sprintf("%s is below 99%%; add a second supplier", c.ID)
			}
			return ""
		}}),
	}
}

func ExampleWithLibrary() {
	doc, _ := bcp.Parse("shop.yaml", []byte(exampleModel))
	m, err := bcp.Compile(doc, bcp.WithLibrary(shopPolicy{}))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range m.Check() {
		fmt.Println(f.Rule, f.Component, f.Message)
	}
	// Output:
	// supplier-availability isp-b isp-b is below 99%; add a second supplier
	// tier1-rto web-shop tier-1 service web-shop has RTO 4h, more than 2h
}

func ExampleCompareImpacts() {
	m, _ := bcp.Load([]string{"../examples/contact-centre/model.yaml"})
	// What does the second ISP buy us? Compare losing ISP A with losing
	// both, scripted in Go.
	one, _ := m.Simulate(bcp.Scenario{ID: "one", Disrupt: []bcp.Disruption{{ID: "isp-a", For: 8 * time.Hour}}}, bcp.SimulateOptions{})
	both, _ := m.Simulate(bcp.Scenario{ID: "both", Disrupt: []bcp.Disruption{{Select: `kind == "supplier" && id startsWith "isp-"`, For: 8 * time.Hour}}}, bcp.SimulateOptions{})
	for _, d := range bcp.CompareImpacts(one, both) {
		if d.A == nil && d.B.RTOBreached {
			fmt.Println(d.ID, "breaches its RTO only without the second ISP")
		}
	}
	// Output:
	// crm breaches its RTO only without the second ISP
	// customer-service breaches its RTO only without the second ISP
	// telephony breaches its RTO only without the second ISP
}

// simulateID simulates one of the model's scenarios by id.
func simulateID(m *bcp.Model, id string) (*bcp.Impact, error) {
	sc, err := m.Scenario(id)
	if err != nil {
		return nil, err
	}
	return m.Simulate(sc, bcp.SimulateOptions{})
}

func ExampleCheckLibrary() {
	// Plug-in authors run the conformance check in their tests.
	fmt.Println(bcp.CheckLibrary(shopPolicy{}))
	// Output: <nil>
}

// A model built in Go instead of loaded: what an importer or a CMDB job
// does. Compile checks it exactly as it checks a file.
func ExampleCompile() {
	doc := &bcp.Document{Version: 1, Name: "built in Go",
		Components: []bcp.Component{
			{ID: "shop", Kind: bcp.KindService, Objectives: bcp.Objectives{RTO: 2 * time.Hour},
				DependsOn: []bcp.Dependency{{ID: "db"}, {Kind: bcp.AnyOf, Members: []string{"isp-a", "isp-b"}}}},
			{ID: "db", Kind: bcp.KindData},
			{ID: "isp-a", Kind: bcp.KindSupplier, Availability: 0.995},
			{ID: "isp-b", Kind: bcp.KindSupplier, Availability: 0.99},
		},
	}
	m, err := bcp.Compile(doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	im, _ := m.Simulate(bcp.Scenario{ID: "db-down", Disrupt: []bcp.Disruption{{ID: "db", For: 3 * time.Hour}}}, bcp.SimulateOptions{})
	fmt.Print(im)
	// A mistake is a problem naming the component, as for a file.
	doc.Components[0].DependsOn[0].ID = "dbb"
	_, err = bcp.Compile(doc)
	fmt.Println(err)
	// Output:
	// Scenario db-down
	//   disrupted: db
	//   COMPONENT  KIND     DOWN  UP    DOWNTIME  RTO  BREACH       CAUSE
	//   db         data     T+0s  T+3h  3h        -    -            disrupted
	//   shop       service  T+0s  T+3h  3h        2h   RTO at T+2h  db
	// component "shop" dependsOn refers to unknown component "dbb" (did you mean "db"?)
}

// A service that declares no objectives: its BIA says customer impact
// becomes intolerable (level 4) after 10h, so its MTPD in force is 10h and
// its RTO the largest standard bucket below that, 4h. Simulate breaches
// these, as bia and the recovery plan do.
func ExampleModel_InForce() {
	m, err := bcp.Load([]string{"-"}, bcp.WithStdin(strings.NewReader(`
version: 1
components:
  - id: orders
    kind: service
    bia: {impact: {customer: {1h: 2, 10h: 4}}}
`)))
	if err != nil {
		fmt.Println(err)
		return
	}
	f := m.InForce(0)
	fmt.Println("MTPD", bcp.FormatDuration(f.MTPD), "derived:", f.MTPDDerived)
	fmt.Println("RTO", bcp.FormatDuration(f.RTO), "derived:", f.RTODerived)
	im, _ := m.Simulate(bcp.Scenario{ID: "outage", Disrupt: []bcp.Disruption{{ID: "orders", For: 12 * time.Hour}}}, bcp.SimulateOptions{})
	fmt.Print(im)
	// Output:
	// MTPD 10h derived: true
	// RTO 4h derived: true
	// Scenario outage
	//   disrupted: orders
	//   COMPONENT  KIND     DOWN  UP     DOWNTIME  RTO           BREACH                      CAUSE
	//   orders     service  T+0s  T+12h  12h       4h (derived)  RTO at T+4h, MTPD at T+10h  disrupted
}
