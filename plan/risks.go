package plan

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/risk"
)

// risks summarises the model's risk register, when it has one: each
// risk's owner, treatment, residual rating and annual loss, and the loss
// exceedance curve (package risk, seeded, so the same model gives the same
// document).
func (b *builder) risks() error {
	if len(b.m.Risks()) == 0 {
		return nil
	}
	rep, err := risk.Analyze(context.Background(), b.m, risk.Options{Years: b.opts.RiskYears, Seed: b.opts.RiskSeed})
	var unvalued *risk.ValuationError
	if errors.As(err, &unvalued) {
		// The rest of the plan stands; the register's gap is said in the
		// document and as an error finding (the command fails on it).
		b.h2("11. Risk summary", "risks")
		b.p("The risk register could not be quantified: %v. Correct the model and print the plan again.", err)
		b.doc.Findings = append(b.doc.Findings, bcp.Finding{Component: unvalued.Risk, Severity: bcp.SeverityError, Rule: RuleRiskUnvalued, Pos: unvalued.Pos,
			Message: fmt.Sprintf("risk %q cannot be valued: %v", unvalued.Risk, unvalued.Err)})
		bcp.SortFindings(b.doc.Findings)
		return nil
	}
	if err != nil {
		return fmt.Errorf("risk summary: %w", err)
	}
	b.h2("11. Risk summary", "risks")
	b.p("The risk register quantified over %d simulated years (seed %d), losses in %s, with the controls in place (residual). Mean annual loss %s, 1 year in 10 worse than %s.",
		rep.Years, rep.Seed, rep.Currency, risk.Money(rep.Residual.MeanAnnualLoss), risk.Money(rep.Residual.P90))
	t := table{header: []string{"Risk", "Owner", "Treatment", "Rating", "Scenario", "Mean loss/year", "1 year in 10 above"}}
	for _, r := range rep.Risks {
		rating := "-"
		if g := r.Residual.Rating; g != nil {
			rating = fmt.Sprintf("%s (L%d×I%d)", g.Grade, g.Likelihood, g.Impact)
		}
		sc := txt("-")
		if s, err := b.m.Scenario(r.Scenario); err == nil {
			sc = b.scenario(s)
		}
		name := r.Name
		if name == "" {
			name = r.ID
		}
		t.rows = append(t.rows, []inline{{{text: name + " "}, {text: r.ID, id: true}}, txt("%s", dash(r.Owner)), txt("%s", dash(r.Treatment)),
			txt("%s", rating), sc, txt("%s", risk.Money(r.Residual.MeanAnnualLoss)), txt("%s", risk.Money(r.Residual.P90))})
	}
	b.add(t)
	var svg strings.Builder
	if err := rep.WriteLECSVG(&svg, b.m.Name()); err != nil {
		return err
	}
	b.add(figure{svg: svg.String(), caption: "Loss exceedance: the chance of a year losing more than each amount, without and with the controls"})
	return nil
}
