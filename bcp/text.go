package bcp

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// FormatTime renders a time from the scenario start as "T+4h", or "never"
// for Forever: how every text report shows times.
func FormatTime(d time.Duration) string {
	if d == Forever {
		return "never"
	}
	return "T+" + FormatDuration(d)
}

// WriteText writes the impact as the text table bcp impact prints: each
// component down, when it goes down and is back, its downtime, RTO and
// breaches, and what took it down; then the capacity fallbacks give.
func (im *Impact) WriteText(w io.Writer) error {
	var b bytes.Buffer
	title := im.Scenario
	if im.Name != "" {
		title += ": " + im.Name
	}
	fmt.Fprintf(&b, "Scenario %s\n", title)
	fmt.Fprintf(&b, "  disrupted: %s\n", strings.Join(im.Disrupted, ", "))
	for _, k := range im.Unmatched() {
		fmt.Fprintf(&b, "  disruption %d matched no component\n", k)
	}
	tw := tabwriter.NewWriter(&b, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "  COMPONENT\tKIND\tDOWN\tUP\tDOWNTIME\tRTO\tBREACH\tCAUSE")
	for _, c := range im.Components {
		rto, br := "-", "-"
		if c.HasRTO() {
			rto = FormatDuration(c.RTO)
			if c.RTODerived {
				rto += " (derived)"
			}
			br = "met"
			if c.RTOBreached {
				br = "RTO at " + FormatTime(c.RTOBreachAt)
			}
		}
		switch {
		case c.MTPDBreached && c.RTOBreached:
			br += ", MTPD at " + FormatTime(c.MTPDBreachAt)
		case c.MTPDBreached: // no RTO in force, or one that is met
			br = "MTPD at " + FormatTime(c.MTPDBreachAt)
		case br == "-" && c.HasMTPD():
			br = "met"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Kind, FormatTime(c.DownAt), FormatTime(c.UpAt), FormatDuration(c.Downtime), rto, br, strings.Join(c.Cause, ", "))
	}
	tw.Flush()
	for _, c := range im.Components {
		for _, p := range c.Capacity {
			if p.Capacity <= 0 {
				continue
			}
			on := strconv.Quote(p.Fallback)
			if p.Fallback == "" { // a name is optional: the capacity is shown all the same
				on = "a fallback without a name"
			}
			fmt.Fprintf(&b, "  %s runs at %.0f%% on %s from %s to %s\n", c.ID, p.Capacity*100, on, FormatTime(p.From), FormatTime(p.To))
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// String returns the impact as WriteText writes it.
func (im *Impact) String() string {
	var b strings.Builder
	_ = im.WriteText(&b)
	return b.String()
}

// WriteFindings writes findings one per line as file:line:col: severity
// [rule] component: message (the values a rule read below it), then the
// count per severity.
func WriteFindings(w io.Writer, fs []Finding) error {
	var b bytes.Buffer
	for _, f := range fs {
		fmt.Fprintf(&b, "%s: %s [%s] %s: %s\n", f.Pos, f.Severity, f.Rule, f.Component, f.Message)
		if len(f.Why) > 0 {
			fmt.Fprintf(&b, "    because %s\n", strings.Join(f.Why, ", "))
		}
	}
	c := CountFindings(fs)
	fmt.Fprintf(&b, "%d error(s), %d warning(s), %d info\n", c[SeverityError], c[SeverityWarning], c[SeverityInfo])
	_, err := w.Write(b.Bytes())
	return err
}
