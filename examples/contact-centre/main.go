// Command contact-centre scripts what-if questions about the Acme contact
// centre in Go: what the second ISP buys, how a growing flu wave hits
// customer service, and which pairs of failures stop it.
//
//	go run ./examples/contact-centre
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
)

func main() {
	model := flag.String("model", "examples/contact-centre/model.yaml", "model file")
	flag.Parse()
	if err := run(os.Stdout, *model); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer, model string) error {
	m, err := bcp.Load([]string{model})
	if err != nil {
		return err
	}

	// 1. What does the second ISP buy us? An 8-hour fibre cut at ISP A,
	// with and without ISP B failing too.
	one, err := m.Simulate(bcp.Scenario{ID: "isp-a", Disrupt: []bcp.Disruption{{ID: "isp-a", For: 8 * time.Hour}}}, bcp.SimulateOptions{})
	if err != nil {
		return err
	}
	both, err := m.Simulate(bcp.Scenario{ID: "both", Disrupt: []bcp.Disruption{{Select: `id startsWith "isp-"`, For: 8 * time.Hour}}}, bcp.SimulateOptions{})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Without the second ISP an 8h fibre cut would breach the RTO of:")
	for _, d := range bcp.CompareImpacts(one, both) {
		if d.A == nil && d.B.RTOBreached {
			fmt.Fprintf(w, "  %s (RTO %s, breached at T+%s)\n", d.ID, bcp.FormatDuration(d.B.RTO), bcp.FormatDuration(d.B.RTOBreachAt))
		}
	}

	// 2. A flu wave: how large may it get before customer service stops?
	fmt.Fprintln(w, "\nFlu wave among the three agent teams, for one week:")
	for _, f := range []float64{0.2, 0.4, 0.7, 1.0} {
		im, err := m.Simulate(bcp.Scenario{ID: "flu", Disrupt: []bcp.Disruption{{
			Select: `kind == "people" && owner == "cs-ops" && !virtual`, Fraction: f, Seed: 1, For: 7 * 24 * time.Hour,
		}}}, bcp.SimulateOptions{})
		if err != nil {
			return err
		}
		state := "keeps running"
		if c := im.Component("customer-service"); c != nil {
			state = "stops (cause: " + strings.Join(c.Cause, ", ") + ")"
		}
		fmt.Fprintf(w, "  %3.0f%% of teams off (%s): customer service %s\n", f*100, strings.Join(im.Disrupted, ", "), state)
	}

	// 3. Which pairs of failures stop customer service?
	cs, err := faulttree.CutSets(m, "customer-service", faulttree.CutSetOptions{Order: 2})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nPairs of failures that stop customer service:")
	for _, c := range cs.CutSets {
		if len(c) == 2 {
			fmt.Fprintf(w, "  %s + %s\n", c[0], c[1])
		}
	}
	return nil
}
