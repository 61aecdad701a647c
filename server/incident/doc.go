// Package incident turns an incident as ITSM tools send it into a
// continuity answer: which services it takes down and by when they must be
// back (RTO and MTPD deadlines on the wall clock), the recovery order with
// teams and contacts, the fallbacks to activate and when, and whom to
// notify.
//
// Parse reads three shapes of request: this project's own
// ({"since", "down": [...]}), a ServiceNow incident record (cmdb_ci,
// affected CIs, opened_at; references as {"value", "display_value"}) and a
// PagerDuty v3 webhook (incident.triggered with its service; other events
// are *Ignored, which the server accepts so that PagerDuty does not retry
// them). The CIs they
// name are component ids or ids in outside systems that components map
// with externalIds in the model. Resolve matches them against a model,
// reporting every CI it cannot match instead of dropping it, and builds
// the scenario: each CI down from when it failed, until recovered. Respond
// runs the scenario's incident timeline (recovery.Timeline) and writes the
// answer.
//
// The package is shared by the HTTP server (package server) and its Go
// client (package server/client), so that both read the same wire types.
package incident
