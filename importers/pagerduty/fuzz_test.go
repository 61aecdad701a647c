package pagerduty_test

import (
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/pagerduty"
)

// FuzzRead feeds arbitrary API responses to the importer: it never panics,
// and whatever it accepts compiles.
func FuzzRead(f *testing.F) {
	f.Add(`{"relationships":[{"supporting_service":{"id":"P1","type":"technical_service_reference"},"dependent_service":{"id":"P2","type":"business_service_reference"}}]}`)
	f.Add(`{"services":[{"id":"P1","name":"x","teams":[{"summary":"t"}]},{"id":"P1"}],"more":false}`)
	f.Add(`{"relationships":[{"supporting_service":{"id":"a b","type":"service_reference"},"dependent_service":{"id":"","type":"x"}}]}`)
	f.Fuzz(func(t *testing.T, response string) {
		im := pagerduty.New()
		if err := im.Read("r.json", strings.NewReader(response)); err != nil {
			return
		}
		doc, _ := im.Result("fuzz")
		if _, err := bcp.Compile(doc); err != nil {
			t.Fatalf("the import does not compile: %v", err)
		}
	})
}
