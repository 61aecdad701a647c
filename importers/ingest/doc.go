// Package ingest is what every importer shares: a Builder that collects
// imported components and the relations between them, names every record it
// cannot map in a Report (with why), cuts dependency cycles that source
// systems allow and the model does not (reporting each cut with the cycle it
// closes), and turns the result into a bcp.Document.
//
// Overlay joins a hand-kept model file (objectives, BIA, strategies,
// fallbacks, scenarios) onto an import by component id, so that re-importing
// never loses an analyst's work; WriteYAML writes the result as a model file,
// the same bytes for the same input.
//
// Each source lives in its own package next to this one: servicenow,
// backstage, pagerduty and otel.
package ingest
