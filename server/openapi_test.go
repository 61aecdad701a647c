package server

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateSpec = flag.Bool("update", false, "rewrite golden files and the schemas openapi.json copies from package schema")

// Update is -update for the external tests (golden files).
var Update = updateSpec

// The OpenAPI document names exactly the routes of the table, with their
// methods.
func TestOpenAPICoversTheRouteTable(t *testing.T) {
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(OpenAPI, &doc))
	assert.Equal(t, "3.1.0", doc.OpenAPI)
	s := &Server{metrics: newMetrics()}
	seen := map[string]bool{}
	for _, e := range s.endpoints() {
		seen[e.path] = true
		item, ok := doc.Paths[e.path]
		require.True(t, ok, "%s is served but not in openapi.json", e.path)
		var methods []string
		for m, op := range item {
			methods = append(methods, strings.ToUpper(m))
			_, open := op["security"]
			assert.Equal(t, e.open, open, "%s %s: security in openapi.json must say whether a token is needed", m, e.path)
		}
		sort.Strings(methods)
		want := append([]string(nil), e.methods...)
		sort.Strings(want)
		assert.Equal(t, want, methods, e.path)
	}
	for p := range doc.Paths {
		assert.True(t, seen[p], "%s is in openapi.json but not served", p)
	}
}

// The schemas of answers are the repository's JSON Schemas, copied: those
// of schema/output.schema.json under their names, those of
// schema/model.schema.json as model.NAME. -update copies them again.
func TestOpenAPISchemasAreTheRepositorySchemas(t *testing.T) {
	var doc map[string]any
	require.NoError(t, json.Unmarshal(OpenAPI, &doc))
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, src := range []struct {
		data   []byte
		prefix string
	}{{schema.Output, ""}, {schema.Model, "model."}} {
		var s struct {
			Defs map[string]any `json:"$defs"`
		}
		require.NoError(t, json.Unmarshal(src.data, &s))
		for name, def := range s.Defs {
			raw, err := json.Marshal(def)
			require.NoError(t, err)
			raw = bytes.ReplaceAll(raw, []byte(`"#/$defs/`), []byte(`"#/components/schemas/`+src.prefix))
			var want any
			require.NoError(t, json.Unmarshal(raw, &want))
			if *updateSpec {
				schemas[src.prefix+name] = want
				continue
			}
			assert.Equal(t, want, schemas[src.prefix+name], "components.schemas.%s%s differs from the repository's schema; run go test ./server -update", src.prefix, name)
		}
	}
	if *updateSpec {
		var buf bytes.Buffer
		require.NoError(t, bcp.EncodeJSON(&buf, doc))
		require.NoError(t, os.WriteFile("openapi.json", buf.Bytes(), 0o644))
	}
}
