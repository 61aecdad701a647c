package recovery_test

import (
	"fmt"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/recovery"
)

const exampleModel = `
teams:
  - {id: dba, name: Database team, contact: "+31 20 555 0101"}
  - {id: apps, name: Application team, contact: "+31 20 555 0102"}
components:
  - id: orders
    kind: service
    objectives: {rto: 4h, rpo: 15m}
    dependsOn: [shop, db]
  - id: shop
    kind: application
    dependsOn: [db]
    recovery:
      team: apps
      strategies:
        - {type: rebuild, name: Redeploy the shop, time: 1h, tested: 2026-10-01}
  - id: db
    kind: data
    recovery:
      team: dba
      strategies:
        - {type: restore, name: Restore last night's backup, time: 2h, dataLoss: 1d, copies: 3, media: 2, offsite: 1, tested: 2026-09-01}
scenarios:
  - id: ransomware
    disrupt: [{id: shop}, {id: db}]
`

func exampleCompiled() *bcp.Model {
	doc, err := bcp.Parse("model.yaml", []byte(exampleModel))
	if err != nil {
		panic(err)
	}
	m, err := bcp.Compile(doc)
	if err != nil {
		panic(err)
	}
	return m
}

// The shop can only be redeployed once its database is back.
func ExampleSchedule() {
	m := exampleCompiled()
	sc, err := m.Scenario("ransomware")
	if err != nil {
		panic(err)
	}
	plan, err := recovery.Schedule(m, sc, recovery.Options{})
	if err != nil {
		panic(err)
	}
	for _, s := range plan.Steps {
		fmt.Printf("%s by %s from T+%s to T+%s (%s)\n", s.ID, s.Team, bcp.FormatDuration(s.Start), bcp.FormatDuration(s.Finish), s.WaitedFor)
	}
	for _, s := range plan.Services {
		fmt.Printf("%s restored at T+%s, RTO met: %v, critical path %v\n", s.ID, bcp.FormatDuration(s.RestoredAt), *s.Met, s.CriticalPath)
	}
	// Output:
	// db by dba from T+0s to T+2h (disruption)
	// shop by apps from T+2h to T+3h (needs db)
	// orders restored at T+3h, RTO met: true, critical path [shop db]
}

func ExamplePlan_Runbook() {
	m := exampleCompiled()
	sc, _ := m.Scenario("ransomware")
	plan, _ := recovery.Schedule(m, sc, recovery.Options{})
	fmt.Print(plan.Runbook(m))
	// Output:
	// # Recovery runbook: ransomware
	//
	// Times are from the start of the incident (T+0).
	//
	// | # | Start | Finish | Recover | Team | Contact | How | First up | Expected |
	// |---|---|---|---|---|---|---|---|---|
	// | 1 | T+0s | T+2h | db | Database team | +31 20 555 0101 | Restore last night's backup | - | 2h |
	// | 2 | T+2h | T+3h | shop | Application team | +31 20 555 0102 | Redeploy the shop | db | 1h |
	//
	// ## Services
	//
	// | Service | Down | Restored | RTO | Met |
	// |---|---|---|---|---|
	// | orders | T+0s | T+3h | 4h | yes |
}

// A nightly backup loses up to a day of data, more than the 15m the orders
// service allows.
func ExampleGaps() {
	m := exampleCompiled()
	rep := recovery.Gaps(m, recovery.GapOptions{Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	for _, f := range rep.Findings {
		fmt.Printf("%s [%s] %s: %s\n", f.Severity, f.Rule, f.Component, f.Message)
	}
	// Output:
	// error [rpo-gap] orders: orders may lose 1d of data (from db), 23h45m more than its RPO 15m
}

// A what-if built in code, not in the model: the database is lost at 1h.
// The incident timeline is what every analysis reads: the shop is back
// when the plan's last step for it finishes, in the impact as in the plan.
func ExampleTimeline() {
	m := exampleCompiled()
	whatIf := bcp.Scenario{ID: "db-loss", Disrupt: []bcp.Disruption{{ID: "db", At: time.Hour}}}
	inc, err := recovery.Timeline(m, whatIf, recovery.Options{})
	if err != nil {
		panic(err)
	}
	orders := inc.Impact.Component("orders")
	fmt.Printf("orders down T+%s, up T+%s\n", bcp.FormatDuration(orders.DownAt), bcp.FormatDuration(orders.UpAt))
	fmt.Printf("plan restores it at T+%s\n", bcp.FormatDuration(inc.Plan.Services[0].RestoredAt))
	// Without recovery, nobody brings it back.
	pure, _ := recovery.Timeline(m, whatIf, recovery.Options{DisruptionOnly: true})
	fmt.Println("disruption alone, down for:", bcp.FormatDuration(pure.Impact.Component("orders").Downtime))
	// Output:
	// orders down T+1h, up T+3h
	// plan restores it at T+3h
	// disruption alone, down for: forever
}
