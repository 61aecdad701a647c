// Package bcp is the core of continuity: the model of services and what they
// depend on, its loading and validation, the expression rules engine, and
// the analyses that answer continuity questions exactly.
//
// # Model
//
// A model is a set of components (services, applications, data,
// infrastructure, networks, sites, suppliers, people) with dependencies:
// plain requirements with an optional tolerance, and redundancy groups
// (anyOf, atLeast K of). Files in YAML or JSON are read by Parse, ParseFiles
// or Load; a Document can also be built in Go. Compile validates a Document,
// reporting every problem at once with file:line:col (Problems), and returns
// an immutable Model whose methods are safe for concurrent use.
//
// # Rules
//
// Rules are github.com/expr-lang/expr expressions evaluated on each
// component's Env: checks produce Findings (Model.Check), set rules derive
// values at compile time in the order their reads and writes require.
// Helpers: duration("4h"), seconds/minutes/hours/days/weeks(n) (numbers to
// durations, and durations to numbers), component(id). Durations compare
// with whole numbers as seconds, so objectives.rto > 0 tests that an RTO is
// set. Go code adds functions and rules with WithFunction, WithRule,
// WithGoRule and WithLibrary; CheckLibrary is a plug-in's conformance check.
//
// # Business impact data
//
// Document.BIA configures the impact scale, time buckets, categories, RTO
// and RPO rules and tiers (DefaultBIAConfig when absent); Component.BIA
// holds a component's impact over time, as level tables or formulas of t.
// Compile validates both, compiles their expressions and derives each
// component's MTPD and RTO in force (InForce: declared, else derived), which
// every analysis breaches against; Model.BIA returns the view (BIA) whose
// ImpactAt, IntolerableAfter, DeriveRTO and DeriveRPO evaluate them.
// Package bia does the analysis.
//
// # Risk register
//
// Document.Currency, Risks, Controls, RiskAppetite and RiskMatrix hold a
// FAIR-style risk register (Estimate: a value, a 90% interval or a PERT);
// Compile checks its references and Model.Risks, Controls, Currency,
// RiskAppetite and Likelihood give it back. Package risk quantifies it.
//
// # Analyses
//
//   - Simulate: exact, event-driven simulation of a scenario, the model's
//     (Model.Scenario) or one built in code (interval arithmetic over the
//     dependency graph, no time steps), with tolerances, redundancy and
//     fallback capacity. It is the disruption alone; package recovery's
//     Timeline adds the recovery plan and is the incident timeline every
//     analysis of a scenario reads.
//
// # One expression environment
//
// The Model keeps the environment every expression compiles in: rules,
// scenario selectors, BIA formulas, and other packages' expressions through
// Model.CompileExpression (the recovery priority). Plug-ins (Library,
// WithFunction, WithRule, WithGoRule) and limits apply to all of them.
//
// # Findings
//
// Finding is the one finding type of every package (rules, BIA, recovery
// gaps, plans), positioned at the component; WriteFindings renders them.
//
// The fault-tree analyses (single points of failure, minimal cut sets,
// exact availability) live in package faulttree, built on Model.Graph (the
// dependency graph by dense index: Requirements, TopologicalOrder,
// SortByID) and Model.Lookup.
//
// Failure semantics, time semantics and the JSON form of every result are
// described in the repository's README.md; the JSON Schemas of the model
// file and of the output are in package schema.
package bcp
