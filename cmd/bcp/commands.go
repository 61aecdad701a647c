package main

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/continuitykit/continuity/bia"
	"github.com/continuitykit/continuity/importers/mef"
	"github.com/continuitykit/continuity/recovery"
	"github.com/continuitykit/continuity/risk"
	"github.com/spf13/cobra"
)

// Exit codes: 0 all good, 1 the model has problems or error findings, 2 the
// command was used wrongly or failed.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

// exitError carries an exit code through cobra.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	var ee exitError
	var unvalued *risk.ValuationError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &unvalued):
		// A model problem, found when the risk is valued: exit 1 as the
		// problems load finds, and as bcp plan's risk.unvalued finding.
		fmt.Fprintln(stderr, "bcp:", err)
		return exitFindings
	default:
		fmt.Fprintln(stderr, "bcp:", err)
		return exitUsage
	}
}

type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	json           bool
}

func newRoot(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "bcp",
		Short: "Business continuity analysis: impact, single points of failure, cut sets, availability",
		Long: `bcp reads continuity models (YAML or JSON: services, their dependencies,
redundancy, objectives, rules and scenarios) and answers continuity questions
exactly: what a disruption takes down and when objectives are breached, which
components are single points of failure, which pairs of failures stop a
service, and how available a service is.

Every command takes one or more model files, merged into one model.
Times in JSON output are whole seconds from the scenario start.`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().BoolVar(&a.json, "json", false, "print machine-readable JSON (see schema/output.schema.json)")
	root.AddCommand(a.validateCmd(), a.checkCmd(), a.analyzeCmd(), a.impactCmd(), a.spofCmd(), a.cutsetsCmd(), a.availabilityCmd(), a.recoverCmd(), a.gapsCmd(), a.biaCmd())
	root.AddCommand(a.importCmd(), a.graphCmd())
	root.AddCommand(a.riskCmd(), a.compareCmd())
	root.AddCommand(a.serveCmd())
	root.AddCommand(a.planCmd())
	return root
}

// version is the module version and VCS revision the binary was built
// from, as Go records them.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v += " " + s.Value
		case "vcs.modified":
			if s.Value == "true" {
				v += " (modified)"
			}
		}
	}
	return v + " " + bi.GoVersion
}

// loadOptions are how the CLI reads model files: Open-PSA MEF for .xml,
// standard input for "-".
func (a *app) loadOptions() []bcp.Option {
	return []bcp.Option{bcp.WithFormat(".xml", mef.Read), bcp.WithStdin(a.stdin)}
}

// load compiles the model, printing every problem as file:line:col: message.
// Files ending in .xml are Open-PSA MEF fault trees; "-" is standard input.
func (a *app) load(files []string) (*bcp.Model, error) {
	m, _, err := a.loadReporting(files)
	return m, err
}

// loadReporting is load that also returns the model's problems, for
// callers that write them in another format too.
func (a *app) loadReporting(files []string) (*bcp.Model, bcp.Problems, error) {
	restore := loadGC(files)
	m, err := bcp.Load(files, a.loadOptions()...)
	restore()
	if err == nil {
		return m, nil, nil
	}
	var ps bcp.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Fprintln(a.stderr, p.Error()+p.Snippet)
		}
		fmt.Fprintf(a.stderr, "%d problem(s)\n", len(ps))
		if a.json {
			// Integrations read stdout: the same problems, as data.
			if err := a.writeJSON(map[string]any{"valid": false, "problems": []bcp.Problem(ps)}); err != nil {
				return nil, ps, err
			}
		}
		return nil, ps, exitError{exitFindings}
	}
	return nil, nil, err
}

func (a *app) writeJSON(v any) error { return bcp.EncodeJSON(a.stdout, v) }

func (a *app) validateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check that model files are valid; list every problem as file:line:col: message",
		Example: `  bcp validate examples/contact-centre/model.yaml
  cat model.yaml | bcp validate -
  bcp validate base.yaml overrides.yaml --json`,
		Args: needFiles,
		RunE: func(cmd *cobra.Command, files []string) error {
			m, err := a.load(files)
			if err != nil {
				return err
			}
			if a.json {
				return a.writeJSON(map[string]any{"valid": true, "components": m.Len(), "edges": m.Edges(), "scenarios": len(m.Scenarios())})
			}
			fmt.Fprintf(a.stdout, "valid: %d components, %d dependency edges, %d scenarios\n", m.Len(), m.Edges(), len(m.Scenarios()))
			return nil
		},
	}
}

func (a *app) checkCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "check FILE... [--format sarif|junit]",
		Short: "Run the model's rules; exit 1 if any finding has severity error",
		Example: `  bcp check examples/contact-centre/model.yaml
  bcp check examples/*/model.yaml --json`,
		Args: needFiles,
		RunE: func(cmd *cobra.Command, files []string) error {
			m, err := a.loadFindings(files, format, "check")
			if err != nil {
				return err
			}
			rep := bcp.NewCheckReport(m.Check())
			if format != "" {
				if err := a.writeFindings(format, "check", m, rep.Findings); err != nil {
					return err
				}
			} else if a.json {
				if err := a.writeJSON(rep); err != nil {
					return err
				}
			} else {
				if err := bcp.WriteFindings(a.stdout, rep.Findings); err != nil {
					return err
				}
			}
			if rep.Errors() > 0 {
				return exitError{exitFindings}
			}
			return nil
		},
	}
	findingsFormatFlag(cmd, &format)
	return cmd
}

func (a *app) impactCmd() *cobra.Command {
	var scenarios []string
	var opts recovery.Options
	cmd := &cobra.Command{
		Use:   "impact FILE... [--scenario ID]... [--no-recovery]",
		Short: "Simulate scenarios: what goes down, when it is back under the recovery plan, and which objectives are breached",
		Long: `impact runs each scenario's incident timeline: the disruptions, tolerances and
fallbacks, then the recovery plan where the model has strategies and teams
(the same plan bcp recover prints), so that a component taken down without
"for" is back when its recovery step finishes, and never without one.
--no-recovery shows the disruption alone, as if nobody recovered.`,
		Example: `  bcp impact examples/contact-centre/model.yaml --scenario site-loss
  bcp impact examples/contact-centre/model.yaml --scenario site-loss --no-recovery --json`,
		Args: needFiles,
		RunE: func(cmd *cobra.Command, files []string) error {
			m, err := a.load(files)
			if err != nil {
				return err
			}
			incs, err := incidents(m, scenarios, opts)
			if err != nil {
				return err
			}
			ims := make([]*bcp.Impact, len(incs))
			for i, inc := range incs {
				ims[i] = inc.Impact
			}
			if a.json {
				if len(scenarios) == 1 {
					return a.writeJSON(ims[0])
				}
				return a.writeJSON(map[string]any{"scenarios": ims})
			}
			for i, im := range ims {
				if i > 0 {
					fmt.Fprintln(a.stdout)
				}
				if err := im.WriteText(a.stdout); err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&scenarios, "scenario", nil, "scenario id (repeatable; default: every scenario)")
	cmd.Flags().BoolVar(&opts.DisruptionOnly, "no-recovery", false, "the disruption alone: components taken down without for stay down")
	return distinctFlags(cmd, "scenario")
}

// incidents builds the incident timeline of each scenario id (default: all
// of the model's, in document order).
func incidents(m *bcp.Model, ids []string, opts recovery.Options) ([]*recovery.Incident, error) {
	var scs []bcp.Scenario
	if len(ids) == 0 {
		scs = m.Scenarios()
		if len(scs) == 0 {
			return nil, errors.New("the model has no scenarios; add some under scenarios:")
		}
	}
	for _, id := range ids {
		sc, err := m.Scenario(id)
		if err != nil {
			return nil, err
		}
		scs = append(scs, sc)
	}
	out := make([]*recovery.Incident, 0, len(scs))
	for _, sc := range scs {
		inc, err := recovery.Timeline(m, sc, opts)
		if err != nil {
			return nil, err
		}
		out = append(out, inc)
	}
	return out, nil
}

func (a *app) spofCmd() *cobra.Command {
	var opts faulttree.SPOFOptions
	cmd := &cobra.Command{
		Use:   "spof FILE... [--of ID]...",
		Short: "Single points of failure of every service (or --of components), with a blast-radius ranking",
		Example: `  bcp spof examples/contact-centre/model.yaml
  bcp spof examples/contact-centre/model.yaml --of telephony --json`,
		Args: needFiles,
		RunE: func(cmd *cobra.Command, files []string) error {
			m, err := a.load(files)
			if err != nil {
				return err
			}
			rep, err := faulttree.SinglePointsOfFailure(m, opts)
			if err != nil {
				return err
			}
			if a.json {
				return a.writeJSON(rep)
			}
			printSPOF(a.stdout, rep)
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&opts.Of, "of", nil, "component to analyse (repeatable; default: every service)")
	refuseLeaves(cmd)
	return distinctFlags(cmd, "of")
}

func printSPOF(w io.Writer, rep *faulttree.SPOFReport) {
	for _, s := range rep.Services {
		if len(s.SPOF) == 0 {
			fmt.Fprintf(w, "%s: no single point of failure\n", s.ID)
			continue
		}
		fmt.Fprintf(w, "%s: %d single point(s) of failure\n", s.ID, len(s.SPOF))
		for i, id := range s.SPOF {
			fmt.Fprintf(w, "  %-24s %s\n", id, bcp.PathString(s.Step(i)))
		}
	}
	if len(rep.Ranking) == 0 {
		return
	}
	fmt.Fprintln(w, "\nBlast radius (services a single failure takes down):")
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "  COMPONENT\tKIND\tSERVICES\tBY TIER\tIMPACT/H")
	for _, b := range rep.Ranking {
		var tiers []string
		keys := make([]int, 0, len(b.ByTier))
		for t := range b.ByTier {
			keys = append(keys, t)
		}
		sort.Ints(keys)
		for _, t := range keys {
			name := fmt.Sprintf("T%d", t)
			if t == 0 {
				name = "untiered"
			}
			tiers = append(tiers, fmt.Sprintf("%s:%d", name, b.ByTier[t]))
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\t%g\n", b.ID, b.Kind, len(b.Services), strings.Join(tiers, " "), b.ImpactPerHour)
	}
	tw.Flush()
}

func (a *app) cutsetsCmd() *cobra.Command {
	var of []string
	var opts faulttree.CutSetOptions
	cmd := &cobra.Command{
		Use:   "cutsets FILE... --of ID... [--order N]",
		Short: "Minimal cut sets: the sets of at most N failures that together take a component down",
		Example: `  bcp cutsets examples/contact-centre/model.yaml --of customer-service --order 2
  bcp cutsets tree.xml --of top --order 3 --json`,
		Args: needFiles,
		RunE: func(cmd *cobra.Command, files []string) error {
			if opts.Order < 1 || opts.Order > faulttree.MaxCutSetOrder {
				return fmt.Errorf("--order %d out of range; valid: 1 to %d", opts.Order, faulttree.MaxCutSetOrder)
			}
			m, err := a.load(files)
			if err != nil {
				return err
			}
			if len(of) == 0 {
				return fmt.Errorf("cutsets needs --of ID: the component to analyse (repeatable), e.g. %s", ofSuggestions(m))
			}
			reps := make([]*faulttree.CutSetReport, 0, len(of))
			for _, id := range of {
				rep, err := faulttree.CutSets(m, id, opts)
				if err != nil {
					return err
				}
				reps = append(reps, rep)
			}
			if a.json {
				if len(reps) == 1 {
					return a.writeJSON(reps[0])
				}
				return a.writeJSON(map[string]any{"components": reps})
			}
			for _, rep := range reps {
				fmt.Fprintf(a.stdout, "%s: %d minimal cut set(s) of order <= %d\n", rep.Of, len(rep.CutSets), rep.Order)
				for _, c := range rep.CutSets {
					fmt.Fprintf(a.stdout, "  {%s}\n", strings.Join(c, ", "))
				}
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&of, "of", nil, "component to analyse (required; repeatable)")
	cmd.Flags().IntVar(&opts.Order, "order", 2, fmt.Sprintf("largest cut set size (1 to %d)", faulttree.MaxCutSetOrder))
	refuseLeaves(cmd)
	return distinctFlags(cmd, "of")
}

// ofSuggestions names what --of could be: the model's services, or in a
// model without any (a fault tree) its top components, at most ten.
func ofSuggestions(m *bcp.Model) string {
	ids := m.ComponentsOfKind(bcp.KindService)
	what := "a service"
	if len(ids) == 0 {
		what = "a top component"
		for _, id := range m.IDs() {
			if len(ids) == 10 {
				break
			}
			if len(m.Dependents(id)) == 0 {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) > 10 {
		ids = ids[:10]
	}
	return fmt.Sprintf("%s: %s", what, strings.Join(ids, ", "))
}

func (a *app) availabilityCmd() *cobra.Command {
	var opts faulttree.AvailabilityOptions
	cmd := &cobra.Command{
		Use:   "availability FILE... [--of ID]...",
		Short: "Exact availability of every service (or --of components) against its target",
		Example: `  bcp availability examples/contact-centre/model.yaml
  bcp availability tree.xml --of top --json`,
		Args: needFiles,
		RunE: func(cmd *cobra.Command, files []string) error {
			m, err := a.load(files)
			if err != nil {
				return err
			}
			rep, err := faulttree.Availability(m, opts)
			if err != nil {
				return err
			}
			if a.json {
				return a.writeJSON(rep)
			}
			printAvailability(a.stdout, rep)
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&opts.Of, "of", nil, "component to analyse (repeatable; default: every service)")
	return distinctFlags(cmd, "of")
}

func printAvailability(w io.Writer, rep *faulttree.AvailabilityReport) {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "COMPONENT\tAVAILABILITY\tDOWNTIME/YEAR\tTARGET\tMET")
	for _, s := range rep.Services {
		target, met := "-", "-"
		if s.Target != nil {
			target = fmt.Sprintf("%.4f%%", *s.Target*100)
			met = "no"
			if *s.Met {
				met = "yes"
			}
		}
		fmt.Fprintf(tw, "%s\t%.6f%%\t%.2fh\t%s\t%s\n", s.ID, s.Availability*100, s.DowntimePerYear, target, met)
	}
	tw.Flush()
}

func (a *app) analyzeCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "analyze FILE...",
		Short: "The main job: validate, run the rules, SPOFs, availability, BIA, and every scenario's impact and recovery plan",
		Long: `analyze validates the model and runs everything that needs no extra input:
the rules, single points of failure, exact availability, the business impact
analysis (when the model has BIA data) and, for every scenario, its incident
timeline: what goes down, when the recovery plan brings it back, and which
objectives are breached. Exit status 1 when a rule or the BIA finds an error.`,
		Example: `  bcp analyze examples/contact-centre/model.yaml
  bcp analyze examples/contact-centre/model.yaml --json > analysis.json`,
		Args: needFiles,
		RunE: func(cmd *cobra.Command, files []string) error {
			m, err := a.load(files)
			if err != nil {
				return err
			}
			fs := m.Check()
			if fs == nil {
				fs = []bcp.Finding{}
			}
			spof, err := faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{})
			if err != nil {
				return err
			}
			avail, err := faulttree.Availability(m, faulttree.AvailabilityOptions{})
			if err != nil {
				return err
			}
			var incs []*recovery.Incident
			if len(m.Scenarios()) > 0 {
				if incs, err = incidents(m, nil, recovery.Options{}); err != nil {
					return err
				}
			}
			ims, plans := []*bcp.Impact{}, []*recovery.Plan{}
			for _, inc := range incs {
				ims, plans = append(ims, inc.Impact), append(plans, inc.Plan)
			}
			var rep *bia.Report
			if hasBIA(m) {
				if rep, err = bia.Analyze(m, bia.Options{Incidents: incs}); err != nil {
					return err
				}
				fs = append(fs, rep.Findings...)
			}
			if a.json {
				err = a.writeJSON(map[string]any{
					"model":    map[string]any{"name": m.Name(), "components": m.Len(), "edges": m.Edges(), "services": len(m.ComponentsOfKind(bcp.KindService))},
					"findings": fs, "spof": spof, "availability": avail, "impacts": ims, "recovery": plans, "bia": rep,
				})
			} else {
				err = a.printAnalysis(m, fs, spof, avail, incs, rep)
			}
			if err != nil {
				return err
			}
			if bcp.CountFindings(fs)[bcp.SeverityError] > 0 {
				return exitError{exitFindings}
			}
			return nil
		},
	}
}

// hasBIA reports whether any component has BIA data.
func hasBIA(m *bcp.Model) bool {
	for _, c := range m.Components() {
		if c.BIA != nil {
			return true
		}
	}
	return false
}

func (a *app) printAnalysis(m *bcp.Model, fs []bcp.Finding, spof *faulttree.SPOFReport, avail *faulttree.AvailabilityReport, incs []*recovery.Incident, rep *bia.Report) error {
	w := a.stdout
	fmt.Fprintf(w, "Model %q: %d components, %d dependency edges, %d services, %d scenarios\n", m.Name(), m.Len(), m.Edges(), len(m.ComponentsOfKind(bcp.KindService)), len(m.Scenarios()))
	fmt.Fprintln(w, "\n== Findings (rules and BIA)")
	if err := bcp.WriteFindings(w, fs); err != nil {
		return err
	}
	fmt.Fprintln(w, "\n== Single points of failure")
	printSPOF(w, spof)
	fmt.Fprintln(w, "\n== Availability")
	printAvailability(w, avail)
	if rep != nil {
		fmt.Fprintln(w, "\n== Business impact analysis")
		if err := rep.WriteText(w); err != nil {
			return err
		}
	}
	for _, inc := range incs {
		fmt.Fprintln(w)
		if err := inc.Impact.WriteText(w); err != nil {
			return err
		}
		if err := inc.Plan.WriteText(w); err != nil {
			return err
		}
	}
	return nil
}

func (a *app) recoverCmd() *cobra.Command {
	var scenarios []string
	var markdown bool
	var opts recovery.Options
	cmd := &cobra.Command{
		Use:   "recover FILE... [--scenario ID]... [--priority EXPR] [--markdown]",
		Short: "Recovery schedule for each scenario: who restores what when, and which services meet their RTO",
		Example: `  bcp recover examples/contact-centre/model.yaml --scenario site-loss
  bcp recover examples/contact-centre/model.yaml --scenario site-loss --markdown > runbook.md
  bcp recover examples/contact-centre/model.yaml --priority 'deadline - hours(1)' --json`,
		Args: needFiles,
		RunE: func(cmd *cobra.Command, files []string) error {
			if err := a.oneFormat(markdown, "--markdown"); err != nil {
				return err
			}
			m, err := a.load(files)
			if err != nil {
				return err
			}
			incs, err := incidents(m, scenarios, opts)
			if err != nil {
				return err
			}
			plans := make([]*recovery.Plan, len(incs))
			for i, inc := range incs {
				plans[i] = inc.Plan
			}
			if a.json {
				if len(scenarios) == 1 {
					return a.writeJSON(plans[0])
				}
				return a.writeJSON(map[string]any{"scenarios": plans})
			}
			for i, p := range plans {
				if i > 0 {
					fmt.Fprintln(a.stdout)
				}
				if markdown {
					fmt.Fprint(a.stdout, p.Runbook(m))
				} else {
					if err := p.WriteText(a.stdout); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&markdown, "markdown", false, "print each plan as a Markdown runbook")
	cmd.Flags().StringArrayVar(&scenarios, "scenario", nil, "scenario id (repeatable; default: every scenario)")
	cmd.Flags().StringVar(&opts.Priority, "priority", "", "expr giving each step's priority, lower first (default: deadline - tail)")
	return distinctFlags(cmd, "scenario")
}

// oneFormat refuses --json together with another output format flag.
func (a *app) oneFormat(set bool, flag string) error {
	if set && a.json {
		return fmt.Errorf("give at most one of --json and %s", flag)
	}
	return nil
}

// tableFormat checks the output flags of a verb that prints a table as
// text, CSV or Markdown: at most one of --json, --csv and --markdown.
func (a *app) tableFormat(csvOut, markdown bool) error {
	if csvOut && markdown {
		return errors.New("give at most one of --csv and --markdown")
	}
	return a.oneFormat(csvOut || markdown, "--csv or --markdown")
}

func (a *app) gapsCmd() *cobra.Command {
	var opts recovery.GapOptions
	var now, maxAge, format string
	var scenarios []string
	cmd := &cobra.Command{
		Use: "gaps FILE... [--scenario ID]... [--now YYYY-MM-DD] [--max-test-age DURATION] [--format sarif|junit]",
		Long: `gaps compares what the recovery strategies can achieve with the objectives.
By default it takes the worst case: a component and everything it depends on
fail at once, with unlimited teams (RTC: recovery time capability). With
--scenario it measures each component on that scenario's incident timeline
instead, the same one bcp impact and bcp recover show. It also checks backups
against 3-2-1 and strategy tests against their age.`,
		Example: `  bcp gaps examples/crisis-alerting/model.yaml --now 2026-11-23
  bcp gaps examples/contact-centre/model.yaml --scenario site-loss --json`,
		Short: "Recovery capabilities against objectives (RTC/RPC gaps), 3-2-1 backups and strategy tests",
		Args:  needFiles,
		RunE: func(cmd *cobra.Command, files []string) error {
			if err := gapOptions(&opts, now, maxAge); err != nil {
				return err
			}
			m, err := a.load(files)
			if err != nil {
				return err
			}
			reps, err := gapReports(m, opts, scenarios)
			if err != nil {
				return err
			}
			return a.writeGaps(m, reps, format, len(scenarios) > 1)
		},
	}
	cmd.Flags().StringArrayVar(&scenarios, "scenario", nil, "measure recovery on these scenarios' timelines (repeatable; default: the worst case, everything a component needs failing at once)")
	cmd.Flags().StringVar(&now, "now", "", "date test ages are measured from (default: today)")
	cmd.Flags().StringVar(&maxAge, "max-test-age", "", "how old a strategy test may be (default 365d)")
	findingsFormatFlag(cmd, &format)
	return distinctFlags(cmd, "scenario")
}

// gapOptions reads gaps' --now and --max-test-age into opts.
func gapOptions(opts *recovery.GapOptions, now, maxAge string) error {
	if now != "" {
		t, err := time.Parse("2006-01-02", now)
		if err != nil {
			return fmt.Errorf("--now must be a date such as 2026-11-23: %w", err)
		}
		opts.Now = t
	}
	if maxAge != "" {
		d, err := bcp.ParseDuration(maxAge)
		if err != nil {
			return fmt.Errorf("--max-test-age: %w", err)
		}
		if d == 0 {
			// 0 is the library's "default"; said explicitly it would be
			// silently a year.
			return errors.New("--max-test-age must be longer than 0 (leave it out for a year)")
		}
		opts.MaxTestAge = d
	}
	return nil
}

// gapReports measures the worst case, or each scenario's incident.
func gapReports(m *bcp.Model, opts recovery.GapOptions, scenarios []string) ([]*recovery.GapReport, error) {
	if len(scenarios) == 0 {
		return []*recovery.GapReport{recovery.Gaps(m, opts)}, nil
	}
	incs, err := incidents(m, scenarios, recovery.Options{})
	if err != nil {
		return nil, err
	}
	var reps []*recovery.GapReport
	for _, inc := range incs {
		o := opts
		o.Incident = inc
		reps = append(reps, recovery.Gaps(m, o))
	}
	return reps, nil
}

// writeGaps writes the reports; error findings fail the command, as check
// and bia do, so that a pipeline can gate on them.
func (a *app) writeGaps(m *bcp.Model, reps []*recovery.GapReport, format string, several bool) error {
	var fs []bcp.Finding
	failed := false
	for _, rep := range reps {
		fs = append(fs, rep.Findings...)
		for _, f := range rep.Findings {
			failed = failed || f.Severity == bcp.SeverityError
		}
	}
	var err error
	switch {
	case format != "":
		err = a.writeFindings(format, "gaps", m, fs)
	case a.json && several:
		err = a.writeJSON(map[string]any{"scenarios": reps})
	case a.json:
		err = a.writeJSON(reps[0])
	default:
		for i, rep := range reps {
			if i > 0 {
				fmt.Fprintln(a.stdout)
			}
			if err = rep.WriteText(a.stdout); err != nil {
				break
			}
		}
	}
	if err != nil {
		return err
	}
	if failed {
		return exitError{exitFindings}
	}
	return nil
}

func (a *app) biaCmd() *cobra.Command {
	var opts bia.Options
	var scenarios []string
	var csvOut, markdown bool
	var heatmap, format string
	cmd := &cobra.Command{
		Use:   "bia FILE... [--csv|--markdown|--format sarif|junit] [--heatmap FILE.svg] [--scenario ID]... [--no-scenarios]",
		Short: "Business impact analysis: MTPD, RTO, RPO and tiers derived from impact, contradictions, roll-down, impact tolerance",
		Long: `bia derives each assessed component's MTPD (the first time any impact
category becomes intolerable), RTO (the model's rto rule, by default the largest
standard bucket strictly below the MTPD: an MTPD of 1d gives 4h), RPO (from the
data-loss tolerance) and
tier; compares them with declared objectives; rolls objectives down the
dependencies to every supporting component and reports contradictions with the
path that causes them; and checks impact tolerances against the scenarios.

Exit status 1 when a finding has severity error (a contradiction).`,
		Example: `  bcp bia examples/contact-centre/model.yaml
  bcp bia examples/contact-centre/model.yaml --markdown --heatmap heat.svg > bia.md
  bcp bia examples/contact-centre/model.yaml --scenario site-loss --json`,
		Args: needFiles,
		RunE: func(cmd *cobra.Command, files []string) error {
			if err := a.tableFormat(csvOut, markdown); err != nil {
				return err
			}
			if err := svgFlag("--heatmap", heatmap); err != nil {
				return err
			}
			m, err := a.load(files)
			if err != nil {
				return err
			}
			if !opts.NoScenarios && len(scenarios) > 0 {
				if opts.Incidents, err = incidents(m, scenarios, recovery.Options{}); err != nil {
					return err
				}
			}
			rep, err := bia.Analyze(m, opts)
			if err != nil {
				return err
			}
			if heatmap != "" {
				if err := writeRendered(heatmap, func(w io.Writer) error { return rep.WriteHeatMapSVG(w, m.Name()) }); err != nil {
					return err
				}
			}
			switch {
			case format != "":
				err = a.writeFindings(format, "bia", m, rep.Findings)
			case a.json:
				err = a.writeJSON(rep)
			case csvOut:
				err = rep.WriteCSV(a.stdout)
			case markdown:
				err = rep.WriteMarkdown(a.stdout, m.Name())
			default:
				err = rep.WriteText(a.stdout)
			}
			if err != nil {
				return err
			}
			for _, f := range rep.Findings {
				if f.Severity == bcp.SeverityError {
					return exitError{exitFindings}
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&csvOut, "csv", false, "print the BIA table as CSV")
	cmd.Flags().BoolVar(&markdown, "markdown", false, "print a Markdown report")
	cmd.Flags().StringVar(&heatmap, "heatmap", "", "also write the impact heat map (service x outage duration) to this SVG file")
	cmd.Flags().StringArrayVar(&scenarios, "scenario", nil, "check impact tolerance against these scenarios' timelines only (repeatable; default: all)")
	cmd.Flags().BoolVar(&opts.NoScenarios, "no-scenarios", false, "skip the impact tolerance check")
	findingsFormatFlag(cmd, &format)
	return distinctFlags(cmd, "scenario")
}
