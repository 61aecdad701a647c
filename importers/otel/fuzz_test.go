package otel_test

import (
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/otel"
)

// FuzzRead feeds arbitrary scrapes to the importer: it never panics, and
// whatever it accepts compiles into a model.
func FuzzRead(f *testing.F) {
	for _, seed := range []string{
		`traces_service_graph_request_total{client="a",server="b",connection_type=""} 1`,
		`traces_service_graph_request_total{client="a\"x",server="b\\",connection_type="database"} 1 1700000000`,
		`traces_service_graph_request_total{client="a",server="a"} 1`,
		"traces_service_graph_request_total{client=\"a\",server=\"b\"} 1\ntraces_service_graph_request_total{client=\"b\",server=\"a\"} 1",
		`traces_service_graph_request_total{client="a",server="b} 1`,
		`traces_service_graph_request_total 5`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, scrape string) {
		im := otel.New(otel.Options{})
		if err := im.Read("f.prom", strings.NewReader(scrape)); err != nil {
			return
		}
		doc, _ := im.Result("fuzz")
		if _, err := bcp.Compile(doc); err != nil {
			t.Fatalf("the import of %q does not compile: %v", scrape, err)
		}
	})
}
