package main

import (
	"bytes"
	"fmt"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/report"
)

// writeFindings renders findings for the tools teams look at: SARIF for
// code scanning, JUnit XML for CI test reports.
func (a *app) writeFindings(format string, m *bcp.Model, fs []bcp.Finding) error {
	var buf bytes.Buffer
	var err error
	switch format {
	case "sarif":
		err = report.SARIF(&buf, m, fs, report.SARIFOptions{})
	case "junit":
		err = report.JUnit(&buf, m, fs)
	default:
		return fmt.Errorf("--format %q: valid are sarif and junit", format)
	}
	if err != nil {
		return err
	}
	_, err = a.stdout.Write(buf.Bytes())
	return err
}
