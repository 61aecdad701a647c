package bcp

import (
	"slices"
	"strings"
)

// Finding is one thing an analysis found to act on: a rule violation
// (Model.Check), a BIA contradiction (package bia), a recovery gap (package
// recovery). Every package reports findings with this type, so that one
// renderer (text, JSON, SARIF) serves them all.
type Finding struct {
	// Rule names what was checked: a model rule's name, or an analysis'
	// check such as "rto-gap" or "rto.dependency".
	Rule      string   `json:"rule"`
	Severity  Severity `json:"severity"`
	Component string   `json:"component"`
	Message   string   `json:"message"`
	// Why lists the values a rule's check read, e.g. "objectives.rto = 8h",
	// so that a finding explains itself.
	Why []string `json:"why,omitempty"`
	// Path is the dependency path that explains the finding, when there
	// is one: from the component that demands down to Component.
	Path []string `json:"path,omitempty"`
	// Pos is the component's position in its file: where to fix it.
	Pos Position `json:"pos"`
	// RulePos is the position of the model rule that produced the finding;
	// nil for an analysis' own checks.
	RulePos *Position `json:"rulePos,omitempty"`
}

// SortFindings sorts findings by component, then rule, then message: the
// order every report lists them in.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if c := strings.Compare(a.Component, b.Component); c != 0 {
			return c
		}
		if c := strings.Compare(a.Rule, b.Rule); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
}

// CountFindings counts findings by severity; every severity is present.
func CountFindings(fs []Finding) map[Severity]int {
	c := map[Severity]int{SeverityError: 0, SeverityWarning: 0, SeverityInfo: 0}
	for _, f := range fs {
		c[f.Severity]++
	}
	return c
}
