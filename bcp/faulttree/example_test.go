package faulttree_test

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
)

// shop is a web shop with a plain chain (shop-app, db) and two ISPs, either
// of which is enough.
func shop() *bcp.Model {
	doc, err := bcp.Parse("shop.yaml", []byte(`
name: Example shop
components:
  - id: web-shop
    kind: service
    tier: 1
    dependsOn: [shop-app, {anyOf: [isp-a, isp-b]}]
  - {id: shop-app, kind: application, dependsOn: [db]}
  - {id: db, kind: data, availability: 0.999}
  - {id: isp-a, kind: supplier, availability: 0.99}
  - {id: isp-b, kind: supplier, availability: 0.98}
`))
	if err != nil {
		panic(err)
	}
	m, err := bcp.Compile(doc)
	if err != nil {
		panic(err)
	}
	return m
}

func ExampleSinglePointsOfFailure() {
	rep, _ := faulttree.SinglePointsOfFailure(shop(), faulttree.SPOFOptions{})
	for _, s := range rep.Services {
		for i, id := range s.SPOF {
			fmt.Println(s.ID, "fails with", id, "via", bcp.PathString(s.Path(i)), "| step:", bcp.PathString(s.Step(i)))
		}
	}
	// Output:
	// web-shop fails with db via web-shop → shop-app → db | step: shop-app → db
	// web-shop fails with shop-app via web-shop → shop-app | step: web-shop → shop-app
}

func ExampleCutSets() {
	// shop-app has a dependency and fails by itself too: it is a basic
	// event like db.
	rep, _ := faulttree.CutSets(shop(), "web-shop", faulttree.CutSetOptions{Order: 2})
	_ = json.NewEncoder(os.Stdout).Encode(rep)
	// Output: {"of":"web-shop","order":2,"cutsets":[["db"],["shop-app"],["isp-a","isp-b"]]}
}

func ExampleAvailability() {
	rep, _ := faulttree.Availability(shop(), faulttree.AvailabilityOptions{})
	a := rep.Services[0]
	// 0.999 × (1 − 0.01 × 0.02)
	fmt.Printf("%s %.7f\n", a.ID, a.Availability)
	// Output: web-shop 0.9988002
}
