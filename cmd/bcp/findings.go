package main

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/report"
	"github.com/spf13/cobra"
)

// findingsFormatFlag registers --format on a command that reports
// findings (check, gaps, bia).
func findingsFormatFlag(cmd *cobra.Command, format *string) {
	cmd.Flags().StringVar(format, "format", "", "write the findings as sarif (code scanning) or junit (CI test reports) instead")
}

// writeFindings renders the findings of a command for the tools teams look
// at: SARIF for code scanning, JUnit XML for CI test reports.
func (a *app) writeFindings(format, command string, m *bcp.Model, fs []bcp.Finding) error {
	if err := a.oneFormat(true, "--format"); err != nil {
		return err
	}
	var buf bytes.Buffer
	var err error
	switch format {
	case "sarif":
		err = report.SARIF(&buf, m, fs, report.SARIFOptions{})
	case "junit":
		err = report.JUnit(&buf, m, command, fs)
	default:
		return fmt.Errorf("--format %q: valid are sarif and junit", format)
	}
	if err != nil {
		return err
	}
	_, err = a.stdout.Write(buf.Bytes())
	return err
}

// loadFindings loads the model for a command that writes findings in
// --format: when it does not load, its problems are written in that format
// (so that code scanning sees them at their lines) as well as to stderr,
// and the command exits 1.
func (a *app) loadFindings(files []string, format, command string) (*bcp.Model, error) {
	m, err := a.load(files)
	var ee exitError
	if format == "" || !errors.As(err, &ee) || ee.code != exitFindings {
		return m, err
	}
	_, perr := bcp.Load(files, a.loadOptions()...)
	var ps bcp.Problems
	if !errors.As(perr, &ps) {
		return m, err
	}
	fs := make([]bcp.Finding, len(ps))
	for i, p := range ps {
		fs[i] = bcp.Finding{Rule: "model-problem", Severity: bcp.SeverityError, Message: p.Message, Pos: p.Pos}
	}
	if werr := a.writeFindings(format, command, nil, fs); werr != nil {
		return nil, werr
	}
	return nil, err
}
