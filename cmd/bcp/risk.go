package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/continuitykit/continuity/risk"
	"github.com/spf13/cobra"
)

// progressFrom is the size of a run (risks × years) from which a terminal
// gets a progress bar.
const progressFrom = 20_000_000

func (a *app) riskCmd() *cobra.Command {
	var opts risk.Options
	var csvOut, markdown bool
	var lec string
	cmd := &cobra.Command{
		Use:   "risk FILE... [--years N] [--seed S] [--json|--csv|--markdown] [--lec FILE.svg]",
		Short: "Quantified risk register: annual loss by Monte Carlo, loss exceedance, likelihood x impact, controls by value",
		Long: `risk simulates the model's risk register year by year: each risk's events
(Poisson at its frequency, or at most one a year with its probability) run its
scenario for a sampled duration, every component that goes down is valued with
its BIA formulas in the model's currency, and a direct loss is added. It prints
each risk's mean annual loss (with its standard error and the exact value where
one exists), percentiles and rating, inherent (no controls) and residual (with
controls), the total, each control's net value, and the risk appetite check.

The same model, --years and --seed give the same output on any machine.

  bcp risk examples/contact-centre/model.yaml --years 100000 --markdown --lec lec.svg > risks.md`,
		Args: needFiles,
		RunE: func(cmd *cobra.Command, files []string) error {
			if err := a.tableFormat(csvOut, markdown); err != nil {
				return err
			}
			if err := svgFlag("--lec", lec); err != nil {
				return err
			}
			if opts.Years < 1 {
				return fmt.Errorf("--years must be 1 or more, not %d", opts.Years)
			}
			m, err := a.load(files)
			if err != nil {
				return err
			}
			if len(m.Risks())*opts.Years >= progressFrom && isTerminal(a.stderr) {
				opts.Progress = progressBar(a.stderr)
			}
			rep, err := risk.Analyze(cmd.Context(), m, opts)
			if err != nil {
				return err
			}
			if lec != "" {
				if err := writeRendered(lec, func(w io.Writer) error { return rep.WriteLECSVG(w, m.Name()) }); err != nil {
					return err
				}
			}
			switch {
			case a.json:
				return a.writeJSON(rep)
			case csvOut:
				return rep.WriteCSV(a.stdout)
			case markdown:
				return rep.WriteMarkdown(a.stdout, m.Name())
			case len(m.Risks()) == 0:
				// An empty table with a currency of "(no currency)" reads
				// as a broken register, not as one never written.
				_, err := fmt.Fprintln(a.stdout, "The model has no risks: add them under risks: (see the README's Risks section).")
				return err
			}
			return rep.WriteText(a.stdout)
		},
	}
	cmd.Flags().IntVar(&opts.Years, "years", risk.DefaultYears, "number of simulated years")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 1, "random seed; the same seed gives the same output")
	cmd.Flags().BoolVar(&csvOut, "csv", false, "print one CSV row per risk")
	cmd.Flags().BoolVar(&markdown, "markdown", false, "print a Markdown report")
	cmd.Flags().StringVar(&lec, "lec", "", "also write the loss exceedance curve (total, inherent and residual) to this SVG file")
	return cmd
}

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressBar draws a bar on one terminal line, redrawn at each percent.
func progressBar(w any) func(done, total int64) {
	out := w.(*os.File)
	last := -1
	return func(done, total int64) {
		pct := int(100 * done / max(1, total))
		if pct == last {
			return
		}
		last = pct
		fmt.Fprintf(out, "\rsimulating [%-40s] %3d%%", strings.Repeat("=", pct*40/100), pct)
		if done >= total {
			fmt.Fprint(out, "\r\033[K")
		}
	}
}
