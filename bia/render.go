package bia

import (
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// show formats an objective's value with a mark for derived values.
func show(o Objective) string {
	switch o.Source {
	case "none":
		return "-"
	case "derived":
		return fmtDur(o.Effective) + "*"
	}
	return fmtDur(o.Effective)
}

func showDur(d time.Duration) string {
	if d == Forever {
		return "-"
	}
	return fmtDur(d)
}

// disruption shows an effective disruption; one that never ends (the
// scenario leaves something down until recovered) says so.
func disruption(d time.Duration) string {
	if d == Forever {
		return "never ends"
	}
	return fmtDur(d)
}

// bucketLabels are the bucket column headers.
func (r *Report) bucketLabels() []string {
	out := make([]string, len(r.Buckets))
	for k, b := range r.Buckets {
		out[k] = fmtDur(b)
	}
	return out
}

// ranked returns the assessments, the most urgent first: by the MTPD in
// force, then id.
func (r *Report) ranked() []*Assessment {
	out := make([]*Assessment, len(r.Assessments))
	for k := range r.Assessments {
		out[k] = &r.Assessments[k]
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].MTPD.Effective, out[j].MTPD.Effective
		if a != b {
			return a < b
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// WriteText writes the BIA as plain-text tables for a terminal.
func (r *Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "ID\tTIER\tMTPD\tRTO\tRPO\tTOLERANCE\t%s\n", strings.Join(r.bucketLabels(), "\t"))
	for _, a := range r.ranked() {
		heat := make([]string, len(a.Heat))
		for k, l := range a.Heat {
			heat[k] = strconv.Itoa(l)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, tierText(a.Tier), show(a.MTPD), show(a.RTO), show(a.RPO), show(a.ImpactTolerance), strings.Join(heat, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "(* derived by the BIA; unmarked: declared. Duration columns: the highest impact level after an outage that long.)")
	for _, a := range r.ranked() {
		fmt.Fprintf(w, "%s: MTPD %s; RTO %s; RPO %s; tier %s\n", a.ID, a.MTPD.Why, a.RTO.Why, a.RPO.Why, a.Tier.Why)
	}
	if len(r.Unassessed) > 0 {
		fmt.Fprintf(w, "Services without BIA data: %s\n", strings.Join(r.Unassessed, ", "))
	}
	if len(r.Findings) > 0 {
		fmt.Fprintln(w, "\nFindings:")
		for _, f := range r.Findings {
			fmt.Fprintf(w, "  %s [%s] %s: %s\n", f.Severity, f.Rule, f.Component, f.Message)
		}
	}
	if len(r.RollDown) > 0 {
		fmt.Fprintln(w, "\nRoll-down (what supporting components inherit):")
		tw = tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "  ID\tRTO\tFROM\tRPO\tFROM\tTIER")
		for _, in := range r.RollDown {
			tier := "-"
			if in.Tier > 0 {
				tier = strconv.Itoa(in.Tier)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", in.ID, showDur(in.RTO), dash(strings.Join(in.RTOPath, " → ")), showDur(in.RPO), dash(strings.Join(in.RPOPath, " → ")), tier)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(r.Tolerance) > 0 {
		fmt.Fprintln(w, "\nImpact tolerance in scenarios:")
		tw = tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "  SCENARIO\tID\tTOLERANCE\tDISRUPTION\tRESULT")
		for _, t := range r.Tolerance {
			res := "within"
			if !t.Within {
				res = "BREACHED at T+" + fmtDur(t.BreachAt)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", t.Scenario, t.ID, fmtDur(t.Tolerance), disruption(t.Disruption), res)
		}
		return tw.Flush()
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func tierText(t TierResult) string {
	if t.Declared > 0 {
		return strconv.Itoa(t.Effective)
	}
	return strconv.Itoa(t.Effective) + "*"
}

// WriteCSV writes one row per assessed component: objectives (durations in
// the model's notation, empty when none), their sources, the tier, and the
// highest impact level at each bucket.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{"id", "name", "kind", "important", "mtpd", "mtpdSource", "rto", "rtoSource", "rpo", "rpoSource",
		"dataLossTolerance", "impactTolerance", "tier", "tierName", "tierSource", "mtpdWhy"}
	for _, b := range r.bucketLabels() {
		head = append(head, "level@"+b)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	csvDur := func(d time.Duration) string {
		if d == Forever {
			return ""
		}
		return fmtDur(d)
	}
	for _, a := range r.Assessments {
		ts := "derived"
		if a.Tier.Declared > 0 {
			ts = "declared"
		}
		row := []string{a.ID, a.Name, string(a.Kind), strconv.FormatBool(a.Important),
			csvDur(a.MTPD.Effective), a.MTPD.Source, csvDur(a.RTO.Effective), a.RTO.Source, csvDur(a.RPO.Effective), a.RPO.Source,
			csvDur(a.DataLossTolerance.Effective), csvDur(a.ImpactTolerance.Effective), strconv.Itoa(a.Tier.Effective), a.Tier.Name, ts, a.MTPD.Why}
		for _, l := range a.Heat {
			row = append(row, strconv.Itoa(l))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteMarkdown writes the BIA as a Markdown report: objectives, impact by
// duration, findings, roll-down and the tolerance check.
func (r *Report) WriteMarkdown(w io.Writer, title string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Business impact analysis: %s\n\n", bcp.MarkdownText(title))
	fmt.Fprintf(&b, "%d component(s) assessed. Values marked * are derived by the BIA; unmarked values are declared.\n\n", len(r.Assessments))
	b.WriteString("## Objectives\n\n| Component | Tier | MTPD | RTO | RPO | Impact tolerance | How the MTPD was reached |\n|---|---|---|---|---|---|---|\n")
	for _, a := range r.ranked() {
		imp := ""
		if a.Important {
			imp = " (important)"
		}
		fmt.Fprintf(&b, "| %s%s | %s %s | %s | %s | %s | %s | %s |\n", bcp.MarkdownText(a.ID), imp, tierText(a.Tier), bcp.MarkdownText(a.Tier.Name), show(a.MTPD), show(a.RTO), show(a.RPO), show(a.ImpactTolerance), bcp.MarkdownText(a.MTPD.Why))
	}
	b.WriteString("\n## Impact by outage duration (highest level over all categories)\n\n| Component | " + strings.Join(r.bucketLabels(), " | ") + " |\n|---|" + strings.Repeat("---|", len(r.Buckets)) + "\n")
	for _, a := range r.ranked() {
		cells := make([]string, len(a.Heat))
		for k, l := range a.Heat {
			cells[k] = strconv.Itoa(l)
			if a.MTPD.Effective != Forever && r.Buckets[k] >= a.MTPD.Effective {
				cells[k] = "**" + cells[k] + "**"
			}
		}
		fmt.Fprintf(&b, "| %s | %s |\n", bcp.MarkdownText(a.ID), strings.Join(cells, " | "))
	}
	b.WriteString("\nBold: at or beyond the MTPD in force. Levels: ")
	var names []string
	for _, l := range r.Levels {
		names = append(names, fmt.Sprintf("%d %s", l.Level, l.Name))
	}
	b.WriteString(strings.Join(names, ", ") + ".\n")
	if len(r.Findings) > 0 {
		b.WriteString("\n## Contradictions and comparisons\n\n| Severity | Component | Check | Finding |\n|---|---|---|---|\n")
		for _, f := range r.Findings {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", f.Severity, bcp.MarkdownText(f.Component), bcp.MarkdownText(f.Rule), bcp.MarkdownText(f.Message))
		}
	}
	if len(r.RollDown) > 0 {
		b.WriteString("\n## Objectives rolled down to supporting components\n\n| Component | Must be back within | Because of | Data loss at most | Because of | Tier |\n|---|---|---|---|---|---|\n")
		for _, in := range r.RollDown {
			tier := "-"
			if in.Tier > 0 {
				tier = fmt.Sprintf("%d %s", in.Tier, bcp.MarkdownText(in.TierName))
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", bcp.MarkdownText(in.ID), showDur(in.RTO), bcp.MarkdownText(dash(strings.Join(in.RTOPath, " → "))), showDur(in.RPO), bcp.MarkdownText(dash(strings.Join(in.RPOPath, " → "))), tier)
		}
	}
	if len(r.Tolerance) > 0 {
		b.WriteString("\n## Impact tolerance in severe but plausible scenarios\n\n| Scenario | Component | Tolerance | Effective disruption | Result |\n|---|---|---|---|---|\n")
		for _, t := range r.Tolerance {
			res := "within tolerance"
			if !t.Within {
				res = "**breached** at T+" + fmtDur(t.BreachAt)
			}
			fmt.Fprintf(&b, "| %s | %s | %s (%s) | %s | %s |\n", bcp.MarkdownText(t.Scenario), bcp.MarkdownText(t.ID), fmtDur(t.Tolerance), t.Source, disruption(t.Disruption), res)
		}
	}
	if len(r.Unassessed) > 0 {
		fmt.Fprintf(&b, "\nServices without BIA data: %s.\n", strings.Join(r.Unassessed, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// heatColours run from no impact to the most severe level.
var heatColours = []string{"#f2f2f2", "#d9f0d3", "#fee08b", "#fdae61", "#f46d43", "#a50026"}

// WriteHeatMapSVG draws impact level by component (rows, the most urgent
// first) and outage duration (columns) as an SVG image; cells at or beyond
// the MTPD in force have a heavy border.
func (r *Report) WriteHeatMapSVG(w io.Writer, title string) error {
	const cellW, cellH, top, legendH = 56, 26, 56, 40
	label := 120
	for _, a := range r.Assessments {
		label = max(label, 16+7*len(a.ID))
	}
	rows := r.ranked()
	width := label + cellW*len(r.Buckets) + 20
	legendW := 10 + 140
	for _, l := range r.Levels {
		legendW += 30 + 7*len(l.Name)
	}
	width = max(width, legendW+30+7*len("none"))
	height := top + cellH*len(rows) + legendH + 20
	maxLevel := 1
	for _, l := range r.Levels {
		maxLevel = max(maxLevel, l.Level)
	}
	colour := func(level int) string {
		k := (level*(len(heatColours)-1) + maxLevel - 1) / maxLevel
		return heatColours[min(max(k, 0), len(heatColours)-1)]
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", width, height)
	fmt.Fprintf(&b, `<text x="10" y="20" font-size="14" font-weight="bold">%s</text>`+"\n", html.EscapeString("Impact by outage duration: "+title))
	for k, l := range r.bucketLabels() {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", label+k*cellW+cellW/2, top-8, l)
	}
	for y, a := range rows {
		ry := top + y*cellH
		fmt.Fprintf(&b, `<text x="10" y="%d">%s</text>`+"\n", ry+cellH/2+4, html.EscapeString(a.ID))
		for k, l := range a.Heat {
			x := label + k*cellW
			stroke, sw := "#ffffff", 1
			if a.MTPD.Effective != Forever && r.Buckets[k] >= a.MTPD.Effective {
				stroke, sw = "#000000", 2
			}
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="%s" stroke-width="%d"><title>%s after %s: level %d</title></rect>`+"\n",
				x, ry, cellW, cellH, colour(l), stroke, sw, html.EscapeString(a.ID), r.bucketLabels()[k], l)
			text := "#000000"
			if l*(len(heatColours)-1) >= 4*maxLevel {
				text = "#ffffff"
			}
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="%s">%d</text>`+"\n", x+cellW/2, ry+cellH/2+4, text, l)
		}
	}
	ly := top + cellH*len(rows) + 20
	x := 10
	for _, l := range append([]int{0}, levelsOf(r)...) {
		name := "none"
		for _, lv := range r.Levels {
			if lv.Level == l {
				name = lv.Name
			}
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="14" height="14" fill="%s" stroke="#999999"/><text x="%d" y="%d">%d %s</text>`+"\n", x, ly, colour(l), x+18, ly+12, l, html.EscapeString(name))
		x += 30 + 7*len(name)
	}
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="14" height="14" fill="#ffffff" stroke="#000000" stroke-width="2"/><text x="%d" y="%d">beyond the MTPD</text>`+"\n", x, ly, x+18, ly+12)
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func levelsOf(r *Report) []int {
	out := make([]int, len(r.Levels))
	for k, l := range r.Levels {
		out[k] = l.Level
	}
	return out
}
