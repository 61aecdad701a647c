// Package otel imports the service graph that the OpenTelemetry Collector's
// servicegraph connector derives from traces: the series of
// traces_service_graph_request_total{client, server, connection_type} in a
// Prometheus text-format scrape. The client depends on the server.
//
// Services become applications; a server reached with connection_type
// "database" becomes data and one reached with "messaging_system"
// infrastructure, unless it is also seen as a client (then it is
// instrumented, an application). Several series of the same client and
// server (other label values) are one dependency. Requests from
// uninstrumented callers (the virtual client "user") name no dependency and
// are reported, as are series without a client or server and lines that
// are not valid samples.
package otel
