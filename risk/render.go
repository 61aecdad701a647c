package risk

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/continuitykit/continuity/bcp"
)

// Money formats an amount for people: whole units with thousands
// separators, and two decimals below 100.
func Money(x float64) string {
	if math.Abs(x) < 100 && x != math.Trunc(x) {
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
	s := strconv.FormatFloat(math.Abs(math.Round(x)), 'f', 0, 64)
	var b strings.Builder
	if x < 0 && s != "0" {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func percent(p float64) string {
	return strconv.FormatFloat(100*p, 'f', 1, 64) + "%"
}

func (r *Report) header() string {
	cur := r.Currency
	if cur == "" {
		cur = "(no currency)"
	}
	return fmt.Sprintf("%d simulated years, seed %d, losses in %s", r.Years, r.Seed, cur)
}

func ratingText(rt *Rating) string {
	if rt == nil {
		return "-"
	}
	return fmt.Sprintf("L%d×I%d=%d %s", rt.Likelihood, rt.Impact, rt.Score, rt.Grade)
}

func closedText(s Summary) string {
	if s.ClosedForm == nil {
		return "-"
	}
	return Money(s.ClosedForm.MeanAnnualLoss)
}

// WriteText writes the register as aligned tables: risks by residual mean
// annual loss, the total, the controls by net value and the appetite.
func (r *Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Risk register: %s\n\n", r.header())
	fmt.Fprintln(tw, "RISK\tRATING (INHERENT → RESIDUAL)\tMEAN LOSS/YEAR\t± SE\tEXACT\tRESIDUAL MEAN\tP90\tP99")
	for _, k := range r.ranked() {
		fmt.Fprintf(tw, "%s\t%s → %s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, ratingText(k.Inherent.Rating), ratingText(k.Residual.Rating),
			Money(k.Inherent.MeanAnnualLoss), Money(k.Inherent.StandardError), closedText(k.Inherent),
			Money(k.Residual.MeanAnnualLoss), Money(k.Residual.P90), Money(k.Residual.P99))
	}
	fmt.Fprintf(tw, "TOTAL\t\t%s\t%s\t%s\t%s\t%s\t%s\n", Money(r.Inherent.MeanAnnualLoss), Money(r.Inherent.StandardError), closedText(r.Inherent),
		Money(r.Residual.MeanAnnualLoss), Money(r.Residual.P90), Money(r.Residual.P99))
	if len(r.Controls) > 0 {
		fmt.Fprintln(tw, "\nCONTROL\tCOST/YEAR\tREDUCTION\t± SE\tNET VALUE\tRETURN ON SPEND\tRISKS")
		for _, c := range r.Controls {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, Money(c.CostPerYear), Money(c.Reduction), Money(c.StandardError),
				Money(c.NetValue), ros(c.ReturnOnSpend), strings.Join(c.Risks, ", "))
		}
	}
	if len(r.Appetite) > 0 {
		fmt.Fprintln(tw, "\nAPPETITE: P(LOSS > …)\tACCEPTED\tINHERENT\tRESIDUAL\tWITHIN")
		for _, a := range r.Appetite {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", Money(a.Loss), percent(a.Probability), percent(a.Inherent), percent(a.Residual), yesNo(a.Within))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n"+r.matrixText(1, "Residual risk matrix (likelihood × impact)"))
	return err
}

func ros(x *float64) string {
	if x == nil {
		return "-"
	}
	return strconv.FormatFloat(100**x, 'f', 0, 64) + "%"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}

// ranked returns the risks by residual mean annual loss, highest first
// (ties by id).
func (r *Report) ranked() []*Result {
	out := make([]*Result, len(r.Risks))
	for i := range r.Risks {
		out[i] = &r.Risks[i]
	}
	slices.SortStableFunc(out, func(a, b *Result) int { return cmp.Compare(b.Residual.MeanAnnualLoss, a.Residual.MeanAnnualLoss) })
	return out
}

// matrixText draws the matrix as a text grid of risk counts, most likely
// at the top.
func (r *Report) matrixText(state int, title string) string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(&b, title)
	fmt.Fprint(tw, "likelihood \\ impact\t")
	for i := 1; i <= r.maxLevel(); i++ {
		fmt.Fprintf(tw, "%d\t", i)
	}
	fmt.Fprintln(tw)
	for l := len(r.Likelihood); l >= 1; l-- {
		fmt.Fprintf(tw, "%d %s\t", l, r.Likelihood[l-1].Name)
		for i := 1; i <= r.maxLevel(); i++ {
			n := len(r.cell(state, l, i))
			if n == 0 {
				fmt.Fprint(tw, ".\t")
			} else {
				fmt.Fprintf(tw, "%d\t", n)
			}
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	return b.String()
}

// WriteCSV writes one row per risk and a TOTAL row.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{"id", "name", "owner", "threat", "treatment", "scenario", "controls"}
	for _, s := range []string{"inherent", "residual"} {
		head = append(head, s+"MeanAnnualLoss", s+"StandardError", s+"ClosedForm", s+"ProbabilityOfLoss", s+"P50", s+"P90", s+"P99",
			s+"Likelihood", s+"Impact", s+"Score", s+"Grade")
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	num := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	cols := func(s Summary) []string {
		cf := ""
		if s.ClosedForm != nil {
			cf = num(s.ClosedForm.MeanAnnualLoss)
		}
		out := []string{num(s.MeanAnnualLoss), num(s.StandardError), cf, num(s.ProbabilityOfLoss), num(s.P50), num(s.P90), num(s.P99)}
		if rt := s.Rating; rt != nil {
			return append(out, strconv.Itoa(rt.Likelihood), strconv.Itoa(rt.Impact), strconv.Itoa(rt.Score), rt.Grade)
		}
		return append(out, "", "", "", "")
	}
	for _, k := range r.Risks {
		row := []string{k.ID, k.Name, k.Owner, k.Threat, k.Treatment, k.Scenario, strings.Join(k.Controls, " ")}
		if err := cw.Write(append(append(row, cols(k.Inherent)...), cols(k.Residual)...)); err != nil {
			return err
		}
	}
	row := []string{"TOTAL", "", "", "", "", "", ""}
	if err := cw.Write(append(append(row, cols(r.Inherent)...), cols(r.Residual)...)); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// WriteMarkdown writes a report for people: the register, the matrices,
// the controls and the appetite.
func (r *Report) WriteMarkdown(w io.Writer, title string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Risk register: %s\n\n%s. Losses are annual; ± is the Monte Carlo standard error; *exact* is the closed form where one exists.\n\n", bcp.MarkdownText(title), r.header())
	b.WriteString("| Risk | Owner | Treatment | Inherent | Residual | Mean loss/year | ± | Exact | Residual mean | Residual P90 | Residual P99 |\n")
	b.WriteString("|---|---|---|---|---|--:|--:|--:|--:|--:|--:|\n")
	for _, k := range r.ranked() {
		name := bcp.MarkdownText(k.ID)
		if k.Name != "" {
			name = bcp.MarkdownText(k.Name) + " (`" + k.ID + "`)"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", name, bcp.MarkdownText(k.Owner), k.Treatment,
			ratingText(k.Inherent.Rating), ratingText(k.Residual.Rating), Money(k.Inherent.MeanAnnualLoss), Money(k.Inherent.StandardError),
			closedText(k.Inherent), Money(k.Residual.MeanAnnualLoss), Money(k.Residual.P90), Money(k.Residual.P99))
	}
	fmt.Fprintf(&b, "| **Total** | | | | | **%s** | %s | %s | **%s** | %s | %s |\n\n", Money(r.Inherent.MeanAnnualLoss), Money(r.Inherent.StandardError),
		closedText(r.Inherent), Money(r.Residual.MeanAnnualLoss), Money(r.Residual.P90), Money(r.Residual.P99))
	for s, name := range []string{"Inherent", "Residual"} {
		fmt.Fprintf(&b, "## %s risk matrix\n\nLikelihood from the expected events per year; impact is the BIA level a typical event reaches.\n\n| Likelihood \\ impact |", name)
		for i := 1; i <= r.maxLevel(); i++ {
			fmt.Fprintf(&b, " %d %s |", i, bcp.MarkdownText(r.levelName(i)))
		}
		b.WriteString("\n|---|" + strings.Repeat("---|", r.maxLevel()) + "\n")
		for l := len(r.Likelihood); l >= 1; l-- {
			fmt.Fprintf(&b, "| %d %s |", l, bcp.MarkdownText(r.Likelihood[l-1].Name))
			for i := 1; i <= r.maxLevel(); i++ {
				fmt.Fprintf(&b, " %s |", strings.Join(r.cell(s, l, i), ", "))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	if len(r.Controls) > 0 {
		b.WriteString("## Controls by net value\n\n| Control | Cost/year | Reduction | ± | Net value | Return on spend | Risks |\n|---|--:|--:|--:|--:|--:|---|\n")
		for _, c := range r.Controls {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", bcp.MarkdownText(c.ID), Money(c.CostPerYear), Money(c.Reduction), Money(c.StandardError),
				Money(c.NetValue), ros(c.ReturnOnSpend), strings.Join(c.Risks, ", "))
		}
		b.WriteString("\n")
	}
	if len(r.Appetite) > 0 {
		b.WriteString("## Risk appetite\n\n| Annual loss above | Accepted probability | Inherent | Residual | Within |\n|--:|--:|--:|--:|---|\n")
		for _, a := range r.Appetite {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", Money(a.Loss), percent(a.Probability), percent(a.Inherent), percent(a.Residual), yesNo(a.Within))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (r *Report) levelName(level int) string {
	for _, l := range r.Levels {
		if l.Level == level {
			return l.Name
		}
	}
	return ""
}

// WriteLECSVG draws the loss exceedance curve of the total annual loss,
// inherent and residual, on a logarithmic loss axis, with the risk
// appetite when the model sets one: a chart for a board report.
func (r *Report) WriteLECSVG(w io.Writer, title string) error {
	const (
		width, height          = 760, 460
		left, right, top, foot = 80, 56, 60, 70
	)
	pw, ph := float64(width-left-right), float64(height-top-foot)
	d0, d1, ptop, ticks := r.lecRange()
	x := func(loss float64) float64 { return float64(left) + pw*(math.Log10(loss)-d0)/(d1-d0) }
	y := func(p float64) float64 { return float64(top) + ph*(1-p/ptop) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", width, height)
	fmt.Fprintf(&b, `<text x="%d" y="28" font-size="17" font-weight="bold" fill="#1a1a1a">%s</text>`+"\n", left, html.EscapeString("Loss exceedance: "+title))
	fmt.Fprintf(&b, `<text x="%d" y="46" fill="#555555">%s</text>`+"\n", left, html.EscapeString("Probability that the total annual loss exceeds the amount. "+r.header()+"."))
	// Grid: a line per decade of loss, five probability steps.
	for e := d0; e <= d1; e++ {
		px := x(math.Pow(10, e))
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#dddddd"/>`+"\n", px, top, px, height-foot)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#333333">%s</text>`+"\n", px, height-foot+18, Money(math.Pow(10, e)))
	}
	for k := 0; k <= ticks; k++ {
		p := ptop * float64(k) / float64(ticks)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#dddddd"/>`+"\n", left, y(p), width-right, y(p))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" fill="#333333">%s</text>`+"\n", left-8, y(p)+4, percent(p))
	}
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.0f" height="%.0f" fill="none" stroke="#888888"/>`+"\n", left, top, pw, ph)
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#333333">Annual loss (%s, log scale)</text>`+"\n", float64(left)+pw/2, height-foot+40, html.EscapeString(r.Currency))
	fmt.Fprintf(&b, `<text transform="translate(18 %.1f) rotate(-90)" text-anchor="middle" fill="#333333">P(annual loss &gt; amount)</text>`+"\n", float64(top)+ph/2)
	curve := func(s Summary, color, dash string) {
		var pts []string
		for _, p := range s.Exceedance {
			if p.Loss > 0 && p.Loss >= math.Pow(10, d0) {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p.Loss), y(p.Probability)))
			}
		}
		if len(pts) > 0 {
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"%s/>`+"\n", strings.Join(pts, " "), color, dash)
		}
	}
	curve(r.Inherent, "#9aa5b1", ` stroke-dasharray="6 4"`)
	curve(r.Residual, "#1f5fa8", "")
	legend := []struct{ label, color, dash string }{{"Inherent (no controls)", "#9aa5b1", ` stroke-dasharray="6 4"`}, {"Residual (with controls)", "#1f5fa8", ""}}
	if len(r.Appetite) > 0 {
		var pts []string
		for _, a := range r.Appetite {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(a.Loss), y(a.Probability)))
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="#c0392b"/>`+"\n", x(a.Loss), y(a.Probability))
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#c0392b" stroke-width="2" stroke-dasharray="2 3"/>`+"\n", strings.Join(pts, " "))
		legend = append(legend, struct{ label, color, dash string }{"Risk appetite", "#c0392b", ` stroke-dasharray="2 3"`})
	}
	for i, l := range legend {
		lx := float64(width-right) - 190
		ly := float64(top) + 18 + 18*float64(i)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2.5"%s/>`+"\n", lx, ly-4, lx+28, ly-4, l.color, l.dash)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="#1a1a1a">%s</text>`+"\n", lx+36, ly, l.label)
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#555555">Mean annual loss: inherent %s, residual %s %s</text>`+"\n", left, height-12,
		Money(r.Inherent.MeanAnnualLoss), Money(r.Residual.MeanAnnualLoss), html.EscapeString(r.Currency))
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// lecRange is the curve's extent: the decades of loss (10^d0 to 10^d1) and
// the top of the probability axis with its number of ticks.
func (r *Report) lecRange() (d0, d1, ptop float64, ticks int) {
	lo, hi := math.Inf(1), 0.0
	pmax := 0.0
	for _, s := range []Summary{r.Inherent, r.Residual} {
		for _, p := range s.Exceedance {
			if p.Loss > 0 && p.Probability > 0 {
				lo, hi = math.Min(lo, p.Loss), math.Max(hi, p.Loss)
			}
		}
		pmax = math.Max(pmax, s.ProbabilityOfLoss)
	}
	for _, a := range r.Appetite {
		lo, hi = math.Min(lo, a.Loss), math.Max(hi, a.Loss)
		pmax = math.Max(pmax, a.Probability)
	}
	if hi == 0 {
		lo, hi = 1, 10
	}
	d0, d1 = math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
	if d1 <= d0 {
		d1 = d0 + 1
	}
	ptop, ticks = niceCeil(pmax)
	return d0, d1, ptop, ticks
}

// niceCeil rounds a probability up to 1, 2, 2.5, 4, 5, 6 or 8 times a power
// of ten (at most 1) for the top of the axis, with a number of ticks that
// gives round steps.
func niceCeil(p float64) (top float64, ticks int) {
	if p <= 0 {
		return 1, 5
	}
	e := math.Pow(10, math.Floor(math.Log10(p)))
	for _, m := range []float64{1, 2, 2.5, 4, 5, 6, 8, 10} {
		if m*e >= p*(1-1e-12) {
			ticks = 5
			if m == 2 || m == 4 || m == 6 || m == 8 {
				ticks = 4
			}
			if m*e >= 1 {
				return 1, 5
			}
			return m * e, ticks
		}
	}
	return 1, 5
}
