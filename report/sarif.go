package report

import (
	"encoding/json"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/continuitykit/continuity/bcp"
)

// SARIFOptions describe the tool in a SARIF log.
type SARIFOptions struct {
	// ToolVersion is the bcp version; empty leaves it out.
	ToolVersion string
}

// SARIF writes findings (of rules and of analyses alike) as a SARIF 2.1.0
// log with one run. Each result's location is where the component is
// defined in the model file (so a pull request annotation lands on the
// component), with a model rule's definition as a related location; the
// level is error, warning or note. Rules are listed in the driver in name
// order and results keep the order of findings. m gives the position of a
// finding's component when the finding has none.
func SARIF(w io.Writer, m *bcp.Model, findings []bcp.Finding, opts SARIFOptions) error {
	rules, ruleIndex := sarifRules(findings)
	results := make([]sarifResult, 0, len(findings))
	for _, f := range findings {
		r := sarifResult{RuleID: f.Rule, RuleIndex: ruleIndex[f.Rule], Level: sarifLevel(f.Severity),
			Message:             sarifMessage{Text: findingText(f)},
			PartialFingerprints: map[string]string{"bcpFinding/v1": f.Rule + "|" + f.Component}}
		at := positionOf(m, f)
		loc := sarifLocation{PhysicalLocation: physical(at)}
		if f.Component != "" {
			loc.LogicalLocations = []sarifLogical{{Name: f.Component, Kind: "object"}}
		}
		r.Locations = []sarifLocation{loc}
		if f.RulePos != nil && f.RulePos.Line > 0 {
			r.RelatedLocations = []sarifLocation{{ID: 1, PhysicalLocation: physical(*f.RulePos), Message: &sarifMessage{Text: "rule " + f.Rule}}}
		}
		results = append(results, r)
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool:    sarifTool{Driver: sarifDriver{Name: "bcp", InformationURI: "https://github.com/continuitykit/continuity", Version: opts.ToolVersion, Rules: rules}},
			Results: results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

func findingText(f bcp.Finding) string {
	s := f.Message
	if s == "" {
		s = "rule " + f.Rule + " fails on " + f.Component
	}
	if len(f.Why) > 0 {
		s += " (because " + strings.Join(f.Why, ", ") + ")"
	}
	return s
}

func sarifRules(findings []bcp.Finding) ([]sarifRule, map[string]int) {
	level := map[string]string{}
	for _, f := range findings {
		if _, ok := level[f.Rule]; !ok {
			level[f.Rule] = sarifLevel(f.Severity)
		}
	}
	names := make([]string, 0, len(level))
	for n := range level {
		names = append(names, n)
	}
	sort.Strings(names)
	rules := make([]sarifRule, len(names))
	index := make(map[string]int, len(names))
	for i, n := range names {
		rules[i] = sarifRule{ID: n, ShortDescription: sarifMessage{Text: "continuity rule " + n}, DefaultConfiguration: sarifConfig{Level: level[n]}}
		index[n] = i
	}
	return rules, index
}

func sarifLevel(s bcp.Severity) string {
	switch s {
	case bcp.SeverityError:
		return "error"
	case bcp.SeverityWarning:
		return "warning"
	}
	return "note"
}

// physical is a file position as SARIF wants it: a relative URI with
// forward slashes (code scanning resolves it against the repository) and
// a region from line and column.
func physical(p bcp.Position) *sarifPhysical {
	uri := filepath.ToSlash(filepath.Clean(p.File))
	if filepath.IsAbs(p.File) {
		uri = "file://" + uri
	}
	ph := &sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}}
	if p.Line > 0 {
		ph.Region = &sarifRegion{StartLine: p.Line, StartColumn: max(p.Col, 1)}
	}
	return ph
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string       `json:"id"`
	ShortDescription     sarifMessage `json:"shortDescription"`
	DefaultConfiguration sarifConfig  `json:"defaultConfiguration"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	ID               int            `json:"id,omitempty"`
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	Message          *sarifMessage  `json:"message,omitempty"`
}

type sarifLogical struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}
