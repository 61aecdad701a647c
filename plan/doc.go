// Package plan builds the continuity plan people use on paper when the
// systems are down: who is called and in what order (the call tree), who
// holds which role and who stands in, what has been exercised and what is
// overdue, and the whole plan as one printable document following the
// contents ISO 22301 clause 8.4.4 and NIST SP 800-34's contingency plan
// template prescribe.
//
// CallTree arranges the model's people so that each caller calls at most a
// few people and everyone is reached in as few rounds as that allows.
// Check reports what weakens the plan as bcp.Finding: core areas with fewer
// than two trained people, people needed in two places at once, roles
// without an alternate, overdue exercises, strategies never exercised and
// open actions past their due date. Write renders the document as Markdown
// or as self-contained HTML.
package plan
