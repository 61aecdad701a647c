package main

import (
	"bytes"
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
