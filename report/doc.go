// Package report renders analyses for the tools teams already look at. It
// only renders: every number comes from bcp (and the packages beside it).
//
// DOT (Graphviz) and Mermaid render the dependency graph of a model, or a
// slice of it (one component and what it needs, to a depth), with single
// points of failure, redundancy groups and a scenario's damage marked, and
// components clustered by site or owner so that a few hundred stay
// readable. Mermaid output renders as it is in GitHub and GitLab Markdown.
//
// SARIF 2.1.0 and JUnit XML render rule findings, each at the model file's
// line and column, so that code scanning annotates the YAML in a pull
// request and CI systems show a failing check.
package report
