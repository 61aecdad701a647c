package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/plan"
	"github.com/spf13/cobra"
)

// startLayouts are the ways --start may be written.
var startLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02 15:04"}

func (a *app) planCmd() *cobra.Command {
	var opts plan.Options
	var markdown, htmlOut bool
	var out, start, now, perCall string
	cmd := &cobra.Command{
		Use:   "plan FILE... [--markdown|--html] [-o FILE] [--start 2026-11-27T09:00] [--now YYYY-MM-DD]",
		Short: "The continuity plan to print: roles, activation, first actions, call tree, service pages, runbooks, contacts, exercises",
		Long: `plan writes the business continuity plan a continuity manager prints and
signs, following the contents of ISO 22301 clause 8.4.4 and NIST SP 800-34:
purpose and scope; roles and responsibilities with alternates; activation
criteria; first actions; the call tree; a page per service (objectives,
dependencies, single points of failure, workarounds, recovery strategies);
a recovery runbook per scenario; contact lists; reconstitution and
stand-down; the exercise programme and its status; and what weakens the plan
(core areas with fewer than two trained people, roles without an alternate,
overdue exercises, open actions past due).

Markdown by default (for wikis); --html gives one self-contained page with
print CSS, page breaks and inline SVG pictures (recovery Gantt charts, the
BIA heat map, and where the model has risks the loss exceedance curve),
nothing fetched from the network. With --start, runbook
times are wall-clock times of an incident starting then. --json prints the
findings, the call tree, the exercise programme and the open actions.

Exit status 1 when a finding has severity error (someone needed by two
teams at once, a risk whose loss has no end); the document is written all
the same.`,
		Example: `  bcp plan examples/contact-centre/model.yaml > plan.md
  bcp plan examples/contact-centre/model.yaml --html -o plan.html --start 2026-11-27T09:00
  bcp plan examples/msp-customer/model.yaml --now 2026-11-27 --fanout 4 --per-call 3m
  bcp plan examples/crisis-alerting/model.yaml --json   # findings, call tree, exercise status`,
		Args: needFiles,
		RunE: func(cmd *cobra.Command, files []string) error {
			if markdown && htmlOut {
				return errors.New("give at most one of --markdown and --html")
			}
			if err := a.oneFormat(markdown || htmlOut, "--markdown or --html"); err != nil {
				return err
			}
			if out != "" && !markdown && !htmlOut {
				htmlOut = strings.EqualFold(filepath.Ext(out), ".html") || strings.EqualFold(filepath.Ext(out), ".htm")
			}
			if err := parsePlanTimes(&opts, start, now, perCall); err != nil {
				return err
			}
			// 0 is plan.Options' "default": said explicitly, or below it,
			// it would silently be the default.
			for _, f := range []struct {
				name string
				v    int
			}{{"fanout", opts.CallTree.Fanout}, {"years", opts.RiskYears}} {
				if cmd.Flags().Changed(f.name) && f.v < 1 {
					return fmt.Errorf("--%s must be 1 or more, not %d", f.name, f.v)
				}
			}
			m, err := a.load(files)
			if err != nil {
				return err
			}
			doc, err := plan.Build(m, opts)
			if err != nil {
				return err
			}
			if a.json {
				err = a.writeJSON(doc.Summary())
			} else {
				err = writePlan(a.stdout, doc, out, htmlOut)
			}
			if err != nil {
				return err
			}
			// Error findings fail the command, as check, bia and gaps do;
			// the document is written first.
			if bcp.CountFindings(doc.Findings)[bcp.SeverityError] > 0 {
				return exitError{exitFindings}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&markdown, "markdown", false, "write Markdown (the default unless -o names an .html file)")
	cmd.Flags().BoolVar(&htmlOut, "html", false, "write one self-contained HTML page for print")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of standard output")
	cmd.Flags().StringVar(&start, "start", "", "incident start for wall-clock runbook times, e.g. 2026-11-27T09:00")
	cmd.Flags().StringVar(&now, "now", "", "date exercise status is measured at (default: today)")
	cmd.Flags().IntVar(&opts.CallTree.Fanout, "fanout", 3, "how many people each caller calls at most")
	cmd.Flags().StringVar(&perCall, "per-call", "", "how long one call takes (default 5m)")
	cmd.Flags().IntVar(&opts.RiskYears, "years", 0, "simulated years of the risk summary (default as bcp risk)")
	cmd.Flags().Uint64Var(&opts.RiskSeed, "seed", 1, "random seed of the risk summary, as bcp risk's")
	cmd.Flags().StringVar(&opts.CallTree.Root, "call-tree-root", "", "person id who starts the call tree (default: the holder of the first role)")
	return cmd
}

// writePlan writes the document to stdout, or to the file out.
func writePlan(stdout io.Writer, doc *plan.Document, out string, htmlOut bool) error {
	var buf bytes.Buffer
	var err error
	if htmlOut {
		err = doc.WriteHTML(&buf)
	} else {
		err = doc.WriteMarkdown(&buf)
	}
	if err != nil {
		return err
	}
	if out == "" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

func parsePlanTimes(opts *plan.Options, start, now, perCall string) error {
	if start != "" {
		var err error
		for _, l := range startLayouts {
			if opts.Start, err = time.Parse(l, start); err == nil {
				break
			}
		}
		if err != nil {
			return fmt.Errorf("--start must be a date and time such as 2026-11-27T09:00 (local to the plan) or 2026-11-27T09:00+01:00, not %q", start)
		}
	}
	if now != "" {
		t, err := time.Parse(time.DateOnly, now)
		if err != nil {
			return fmt.Errorf("--now must be a date such as 2026-11-27: %w", err)
		}
		opts.Now = t
	}
	if perCall != "" {
		d, err := bcp.ParseDuration(perCall)
		if err != nil {
			return fmt.Errorf("--per-call: %w", err)
		}
		if d == 0 {
			return errors.New("--per-call must be longer than 0 (leave it out for 5m)")
		}
		opts.CallTree.PerCall = d
	}
	return nil
}
