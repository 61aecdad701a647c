// Package server is the HTTP API of continuity for ITSM integrations
// (ServiceNow, Jira Service Management, PagerDuty): `bcp serve`.
//
// A Server loads and compiles the model once and answers every request from
// the immutable compiled model, held in an atomic pointer; Reload (POST
// /-/reload, SIGHUP, or Watch noticing that the files' content hash changed)
// builds the next model beside it and swaps it in only if it compiles. A
// model with problems is rejected, logged and reported, and the old one
// keeps serving; bcp_config_last_reload_successful and bcp_model_info{hash}
// show which is which.
//
// # Endpoints
//
// Under /v1, each answer is the value the CLI prints with --json for the
// same question, written by the same bcp.EncodeJSON, so an integration
// never gets different bytes than an analyst: POST /v1/impact and
// /v1/recover take {"scenario": ID or scenario object}; GET /v1/spof,
// /v1/cutsets, /v1/availability, /v1/bia, /v1/findings and /v1/risk take
// the CLI's flags as query parameters. POST /v1/incidents answers an
// incident (see package server/incident) with wall-clock deadlines, the
// recovery order, fallbacks and whom to notify.
//
// # Contract
//
// The OpenAPI 3.1 document (openapi.json, served at /openapi.json) is
// kept by hand and verified by the tests: every route in the table is in
// it and nothing else, and every answer the tests receive, errors
// included, validates against the schema it declares. Its schemas of
// answers are copies of schema/output.schema.json and
// schema/model.schema.json, checked equal by a test; after changing those,
// `go test ./server -update` copies them again. Generating it from
// code (huma v2, for example) was weighed and not chosen: the answers must
// be the CLI's exact bytes, which bcp.EncodeJSON writes and the output
// JSON Schemas already describe, while a framework owns its marshalling;
// the scenario object is decoded by bcp with line and column positions,
// and ServiceNow and PagerDuty payloads are loose by nature. A hand-kept
// document tested against the real server says exactly what is served,
// and adds no dependency.
//
// # Behaviour
//
// Errors are RFC 9457 problem details (application/problem+json) whose
// errors name the wrong part of the request (body.scenario.disrupt[0].at,
// body.priority, query.of) with line and column for bodies; a rejected
// reload's problems name their model file. A body that gives a key twice
// in one object is refused (encoding/json would keep the last silently).
// Small requests cannot ask for large answers: an incident names at most
// Config.MaxCIs CIs, and an error answer lists at most Config.MaxProblems
// errors, counting the rest. Bodies are limited in size
// (413), requests in time (503 after Config.Timeout) and clients in how
// long they may take to send one (Config.ReadTimeout). The analyses run
// with the request's context (their ...Context variants): when the client
// goes away or the time runs out, the client gets 503 at once and the
// analysis stops at its next checkpoint, counted against
// Config.MaxConcurrent until then so that overload cannot pile up work.
// Every request is logged with log/slog and counted in Prometheus metrics
// (GET /metrics): requests and latency per route, model size, reload
// status. With a token, every endpoint but /livez, /readyz and
// /openapi.json needs "Authorization: Bearer TOKEN" (compared in constant
// time), and an unauthenticated caller learns nothing about the model, not
// even from errors. A token file (Config.TokenFile) is read again by every
// reload and when Watch sees it change, so that a rotated secret takes
// effect without a restart. Serve shuts down gracefully: readiness off first, then
// requests in flight finish. A recover in the middleware turns a panic
// into a logged 500 as a last resort.
package server
