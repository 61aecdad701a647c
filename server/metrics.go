package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, in a registry of its own so
// that two servers in one process (tests) do not collide.
type metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	inFlight   prometheus.Gauge
	components prometheus.Gauge
	edges      prometheus.Gauge
	info       *prometheus.GaugeVec
	lastOK     prometheus.Gauge
	lastOKTime prometheus.Gauge
	reloads    *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bcp_http_requests_total", Help: "HTTP requests answered, by route, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "bcp_http_request_duration_seconds", Help: "Time to answer a request, by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
		inFlight:   prometheus.NewGauge(prometheus.GaugeOpts{Name: "bcp_http_requests_in_flight", Help: "Requests being answered."}),
		components: prometheus.NewGauge(prometheus.GaugeOpts{Name: "bcp_model_components", Help: "Components in the model being served."}),
		edges:      prometheus.NewGauge(prometheus.GaugeOpts{Name: "bcp_model_edges", Help: "Dependency edges in the model being served."}),
		info: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "bcp_model_info", Help: "1 for the model being served, labelled with the SHA-256 of its files.",
		}, []string{"hash"}),
		lastOK: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "bcp_config_last_reload_successful", Help: "Whether the last reload of the model succeeded (1) or was rejected (0).",
		}),
		lastOKTime: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "bcp_config_last_reload_success_timestamp_seconds", Help: "When the model was last loaded successfully.",
		}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bcp_config_reloads_total", Help: "Reloads of the model, by result (success, failure).",
		}, []string{"result"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.inFlight, m.components, m.edges, m.info, m.lastOK, m.lastOKTime, m.reloads,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) model(s *snapshot) {
	m.components.Set(float64(s.model.Len()))
	m.edges.Set(float64(s.model.Edges()))
	m.info.Reset()
	m.info.WithLabelValues(s.hash).Set(1)
}

func (m *metrics) reloaded(ok bool, at time.Time) {
	if ok {
		m.lastOK.Set(1)
		m.lastOKTime.Set(float64(at.Unix()))
		m.reloads.WithLabelValues("success").Inc()
		return
	}
	m.lastOK.Set(0)
	m.reloads.WithLabelValues("failure").Inc()
}

func (m *metrics) observe(route, method string, code int, took time.Duration) {
	m.requests.WithLabelValues(route, methodLabel(method), strconv.Itoa(code)).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// methodLabel is the method as a label value: a method HTTP defines as
// it is, any other as OTHER. Callers choose the method, so labelling it
// as sent would let anyone, unauthenticated too, add series without
// bound, growing the server's memory and every scrape.
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace:
		return method
	}
	return "OTHER"
}
