package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/continuitykit/continuity/bcp"
)

// JUnit writes findings as JUnit XML: one test suite named after the
// command that found them ("check", "gaps", "bia"), one test case per
// component of m, and one per other name findings are on (a rule or
// scenario whose selector matches nothing). A component fails when it has findings of severity error
// (each one a failure line with file:line:col); warnings and notes are in
// the test case's output and do not fail it, as they do not fail bcp check.
//
// With a nil model (it did not load), the findings are its load problems,
// reported as one failed test case.
func JUnit(w io.Writer, m *bcp.Model, suiteName string, findings []bcp.Finding) error {
	byComp := map[string][]bcp.Finding{}
	for _, f := range findings {
		byComp[f.Component] = append(byComp[f.Component], f)
	}
	var others []string // findings on a rule or scenario (selector.matches-nothing)
	if m == nil {       // the model did not load: one case, failed by its problems
		m = &bcp.Model{}
		byComp = map[string][]bcp.Finding{"": findings}
	} else {
		for id := range byComp {
			if _, ok := m.Index(id); !ok && id != "" {
				others = append(others, id)
			}
		}
		sort.Strings(others)
	}
	suite := junitSuite{Name: "bcp " + suiteName, Tests: m.Len() + len(others)}
	ids := append(m.IDs(), others...)
	if len(byComp[""]) > 0 {
		ids, suite.Tests = append(ids, ""), suite.Tests+1
	}
	for _, id := range ids {
		tc := junitCase{ClassName: "bcp." + suiteName, Name: id}
		if id == "" {
			tc.Name = "model"
		}
		c, _ := m.Component(id)
		switch {
		case c.Pos.Line > 0:
			tc.File, tc.Line = c.Pos.File, c.Pos.Line
		case len(byComp[id]) > 0 && byComp[id][0].Pos.Line > 0:
			tc.File, tc.Line = byComp[id][0].Pos.File, byComp[id][0].Pos.Line
		}
		var errs, notes []string
		for _, f := range byComp[id] {
			line := fmt.Sprintf("%s: %s [%s] %s", positionOf(m, f), f.Severity, f.Rule, findingText(f))
			if f.Severity == bcp.SeverityError {
				errs = append(errs, line)
			} else {
				notes = append(notes, line)
			}
		}
		if len(errs) > 0 {
			suite.Failures++
			tc.Failure = &junitFailure{Type: "error", Message: fmt.Sprintf("%d error finding(s)", len(errs)), Text: strings.Join(errs, "\n")}
		}
		if len(notes) > 0 {
			tc.SystemOut = strings.Join(notes, "\n")
		}
		suite.Cases = append(suite.Cases, tc)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(junitSuites{Name: "bcp", Tests: suite.Tests, Failures: suite.Failures, Suites: []junitSuite{suite}}); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// positionOf is where a finding is shown: its component's definition,
// else the rule's.
func positionOf(m *bcp.Model, f bcp.Finding) bcp.Position {
	if f.Pos.Line > 0 || m == nil {
		return f.Pos
	}
	if c, ok := m.Component(f.Component); ok && c.Pos.Line > 0 {
		return c.Pos
	}
	if f.RulePos != nil {
		return *f.RulePos
	}
	return f.Pos
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	ClassName string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Type    string `xml:"type,attr"`
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}
