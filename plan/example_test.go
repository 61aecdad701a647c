package plan_test

import (
	"fmt"
	"strings"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/plan"
)

func ExampleBuildCallTree() {
	doc, _ := bcp.Parse("m.yaml", []byte(`components: [{id: a, kind: service}]
people: [{id: ann, name: Ann}, {id: bo, name: Bo}, {id: cy, name: Cy}, {id: di, name: Di}, {id: ed, name: Ed}]
roles: [{id: cm, name: Continuity manager, holder: ann, alternate: bo}]
`))
	m, _ := bcp.Compile(doc)
	tree, _ := plan.BuildCallTree(m, plan.CallTreeOptions{Fanout: 2})
	tree.Walk(func(c *plan.Call) {
		p, _ := m.Person(c.Person)
		fmt.Printf("%s%s by %s\n", strings.Repeat("  ", c.Depth), p.Name, bcp.FormatTime(c.ReachedAt))
	})
	fmt.Printf("%d people in %d rounds, %s\n", tree.People, tree.Depth, tree.Time)
	// Output:
	// Ann by T+0s
	//   Bo by T+5m
	//     Di by T+10m
	//     Ed by T+15m
	//   Cy by T+10m
	// 5 people in 2 rounds, 15m0s
}

func ExampleBuild() {
	m, _ := bcp.Load([]string{"../examples/msp-customer/model.yaml"})
	doc, _ := plan.Build(m, plan.Options{})
	var md strings.Builder
	_ = doc.WriteMarkdown(&md)
	for _, line := range strings.Split(md.String(), "\n") {
		if strings.HasPrefix(line, "## ") {
			fmt.Println(line)
		}
	}
	// Output:
	// ## 1. Purpose and scope
	// ## 2. Roles and responsibilities
	// ## 3. Activation criteria
	// ## 4. First actions
	// ## 5. Call tree
	// ## 6. Services
	// ## 7. Recovery runbooks
	// ## 8. Contact lists
	// ## 9. Reconstitution and stand-down
	// ## 10. Exercise programme and status
	// ## 11. Risk summary
	// ## 12. What weakens this plan
}
