// Command crisis-alerting changes the AlertNow model in Go and compares:
// how much availability does the alternate SMS aggregator add, and does
// alerting meet its 99.95% target without it?
//
//	go run ./examples/crisis-alerting
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
)

func main() {
	model := flag.String("model", "examples/crisis-alerting/model.yaml", "model file")
	flag.Parse()
	if err := run(os.Stdout, *model); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer, model string) error {
	doc, err := bcp.ParseFiles(model)
	if err != nil {
		return err
	}
	with, err := bcp.Compile(doc)
	if err != nil {
		return err
	}
	// The same organisation without the alternate SMS aggregator: a new
	// document, since a compiled model shares the old one's data.
	alt := *doc
	alt.Components = make([]bcp.Component, len(doc.Components))
	copy(alt.Components, doc.Components)
	for i := range alt.Components {
		c := &alt.Components[i]
		if c.ID != "alerting" {
			continue
		}
		deps := make([]bcp.Dependency, 0, len(c.DependsOn))
		for _, d := range c.DependsOn {
			if d.Kind == bcp.AnyOf && len(d.Members) == 2 && d.Members[1] == "sms-alternate" {
				d = bcp.Dependency{ID: "sms-primary"}
			}
			deps = append(deps, d)
		}
		c.DependsOn = deps
	}
	without, err := bcp.Compile(&alt)
	if err != nil {
		return err
	}
	for _, v := range []struct {
		name string
		m    *bcp.Model
	}{{"with the alternate SMS aggregator", with}, {"without it", without}} {
		rep, err := faulttree.Availability(v.m, faulttree.AvailabilityOptions{Of: []string{"alerting"}})
		if err != nil {
			return err
		}
		a := rep.Services[0]
		fmt.Fprintf(w, "alerting %s: %.4f%% (%.1f h down a year), target %.2f%% met: %v\n", v.name, a.Availability*100, a.DowntimePerYear, *a.Target*100, *a.Met)
		spof, err := faulttree.SinglePointsOfFailure(v.m, faulttree.SPOFOptions{Of: []string{"alerting"}})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  single points of failure: %v\n", spof.Services[0].SPOF)
	}
	return nil
}
