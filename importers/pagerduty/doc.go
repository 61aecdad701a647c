// Package pagerduty imports PagerDuty service dependencies into a bcp model.
//
// It reads the JSON of the REST API: service dependency responses
// ({"relationships": [{"supporting_service", "dependent_service"}]}, from
// /service_dependencies/technical_services/{id} or business_services/{id}),
// and optionally the service lists of /services and /business_services for
// names, teams and status. A dependent service requires its supporting
// service. Component ids are the PagerDuty ids, so that incidents name them
// directly; technical services become applications, business services
// services. A file may hold any of these keys; pages are files.
package pagerduty
