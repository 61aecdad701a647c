package recovery

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// WriteText writes the plan as bcp recover prints it: the steps in order,
// what cannot be recovered, each service's restore time against its RTO
// with its critical path, the fallback backlogs and how far the schedule
// can be from optimal.
func (p *Plan) WriteText(w io.Writer) error {
	var b bytes.Buffer
	clock := bcp.FormatTime
	fmt.Fprintf(&b, "Recovery plan for scenario %s\n", p.Scenario)
	if len(p.Steps) > 0 { // a header over no rows reads as a missing plan
		tw := tabwriter.NewWriter(&b, 2, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "  START\tFINISH\tSTEP\tTEAM\tSTRATEGY\tWAITED FOR")
		for _, s := range p.Steps {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", clock(s.Start), clock(s.Finish), s.ID, s.Team, s.Strategy, s.WaitedFor)
		}
		tw.Flush()
	}
	for _, u := range p.Unrecoverable {
		fmt.Fprintf(&b, "  cannot recover %s: %s\n", u.ID, u.Reason)
	}
	fmt.Fprintln(&b, "Services:")
	if len(p.Services) == 0 {
		fmt.Fprintln(&b, "  none down")
	}
	for _, s := range p.Services {
		verdict := "no RTO"
		if s.Met != nil {
			rto := bcp.FormatDuration(s.RTO)
			if s.RTODerived {
				rto += " (derived)"
			}
			verdict = "RTO " + rto + " met"
			if !*s.Met {
				verdict = "RTO " + rto + " MISSED"
			}
		}
		path := strings.Join(s.CriticalPath, " <- ")
		if path == "" {
			path = "none (no recovery step holds it back)"
		}
		fmt.Fprintf(&b, "  %-24s restored %s (%s); critical path: %s\n", s.ID, clock(s.RestoredAt), verdict, path)
	}
	for _, bl := range p.Backlogs {
		if bl.Until == bcp.Forever {
			fmt.Fprintf(&b, "  backlog %s: workarounds (%s) run until it is back, which is never\n", bl.ID, strings.Join(bl.Fallbacks, ", "))
			continue
		}
		fmt.Fprintf(&b, "  backlog %s: %s of re-entry after %s on workarounds (%s); caught up %s\n", bl.ID, bcp.FormatDuration(bl.Work), bcp.FormatDuration(bl.Used), strings.Join(bl.Fallbacks, ", "), clock(bl.Until))
	}
	switch {
	case len(p.Steps) == 0 && len(p.Unrecoverable) > 0:
		fmt.Fprintln(&b, "No recovery step can run; what cannot be recovered is listed above.")
	case len(p.Steps) == 0:
		fmt.Fprintln(&b, "No recovery steps: every disruption in this scenario ends by itself.")
	default:
		how := "heuristic"
		if p.Exhaustive {
			how = "optimal: every order tried"
		}
		fmt.Fprintf(&b, "Last step finishes %s; no schedule can finish before %s (%s).", clock(p.Makespan), clock(p.LowerBound), how)
		if p.Bottleneck != "" {
			fmt.Fprintf(&b, " Bottleneck: team %s.", p.Bottleneck)
		}
		fmt.Fprintln(&b)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// WriteText writes the gap report as bcp gaps prints it: each component's
// recovery time and data loss capability against its objectives, then the
// findings.
func (r *GapReport) WriteText(w io.Writer) error {
	var b bytes.Buffer
	if r.Scenario != "" {
		fmt.Fprintf(&b, "Recovery in scenario %s (RTC: the longest time down on its timeline)\n", r.Scenario)
	} else {
		fmt.Fprintln(&b, "Recovery capability in the worst case (RTC: a component and everything it depends on fail at once, teams unlimited)")
	}
	tw := tabwriter.NewWriter(&b, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "COMPONENT\tRTC\tRTO\tRTO GAP\tRPC\tRPO\tRPO GAP")
	show := func(d time.Duration) string {
		if d == 0 {
			return "-"
		}
		return bcp.FormatDuration(d)
	}
	for _, c := range r.Components {
		rto := show(c.RTO)
		if c.RTODerived {
			rto = bcp.FormatDuration(c.RTO) + " (derived)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, bcp.FormatDuration(c.RTC), rto, show(c.RTOGap), show(c.RPC), show(c.RPO), show(c.RPOGap))
	}
	tw.Flush()
	if err := bcp.WriteFindings(&b, r.Findings); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}
