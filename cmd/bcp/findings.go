package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

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
	m, ps, err := a.loadReporting(files)
	if format == "" || ps == nil {
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

// svgFlag refuses an SVG output flag whose file is not named .svg, so that
// a .png name is not silently written as SVG.
func svgFlag(flag, path string) error {
	if path != "" && !strings.EqualFold(filepath.Ext(path), ".svg") {
		return fmt.Errorf("%s writes SVG; name the file .svg, not %q", flag, path)
	}
	return nil
}

// writeRendered writes what render produces to the file at path.
func writeRendered(path string, render func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
