// Command msp-customer asks how long the MSP may take to restore after
// ransomware before Bakker Logistics' services breach their RTO and MTPD,
// and what the phone-order fallback keeps running meanwhile.
//
//	go run ./examples/msp-customer
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

func main() {
	model := flag.String("model", "examples/msp-customer/model.yaml", "model file")
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
	for _, restore := range []time.Duration{4 * time.Hour, 12 * time.Hour, 36 * time.Hour, 72 * time.Hour} {
		im, err := m.Simulate(bcp.Scenario{ID: "ransomware", Disrupt: []bcp.Disruption{{Select: `"windows" in tags`, For: restore}}}, bcp.SimulateOptions{})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "restore in %s:\n", bcp.FormatDuration(restore))
		for _, id := range m.ComponentsOfKind(bcp.KindService) {
			c := im.Component(id)
			if c == nil {
				fmt.Fprintf(w, "  %-20s not affected\n", id)
				continue
			}
			verdict := "within RTO"
			switch {
			case c.MTPDBreached:
				verdict = "MTPD breached at T+" + bcp.FormatDuration(c.MTPDBreachAt)
			case c.RTOBreached:
				verdict = "RTO breached at T+" + bcp.FormatDuration(c.RTOBreachAt)
			}
			fmt.Fprintf(w, "  %-20s down %s, %s\n", id, bcp.FormatDuration(c.Downtime), verdict)
			for _, p := range c.Capacity {
				if p.Fallback != "" {
					fmt.Fprintf(w, "  %-20s   %.0f%% on %s from T+%s\n", "", p.Capacity*100, p.Fallback, bcp.FormatDuration(p.From))
				}
			}
		}
	}
	return nil
}
