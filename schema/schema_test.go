package schema_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func compile(t *testing.T, name string, data []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource(name, doc))
	s, err := c.Compile(name)
	require.NoError(t, err)
	return s
}

// asJSONValue turns YAML into the values a JSON parser would give.
func asJSONValue(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	require.NoError(t, yaml.Unmarshal(data, &v))
	j, err := json.Marshal(datesAsText(v))
	require.NoError(t, err)
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	require.NoError(t, err)
	return out
}

func TestExamplesMatchModelSchema(t *testing.T) {
	s := compile(t, "model.schema.json", schema.Model)
	files, _ := filepath.Glob(filepath.Join("..", "examples", "*", "*.yaml"))
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, s.Validate(asJSONValue(t, data)), f)
	}
	// What the writer produces must match too.
	var buf bytes.Buffer
	require.NoError(t, bcp.WriteJSON(&buf, bcpgen.Small(7, 12)))
	v, err := jsonschema.UnmarshalJSON(&buf)
	require.NoError(t, err)
	require.NoError(t, s.Validate(v))
}

func TestSchemaRejectsWhatTheLoaderRejects(t *testing.T) {
	s := compile(t, "model.schema.json", schema.Model)
	for _, src := range []string{
		"componets: []",
		"components: [{id: a, kind: service, colour: blue}]",
		"components: [{id: a, kind: service, objectives: {rto: 4x}}]",
		"components: [{id: 'a b', kind: service}]",
		"components: [{id: a, kind: service, dependsOn: [{of: [b]}]}]",
		"rules: [{name: r}]",
		"risks: [{id: r, frequency: 1, probability: 0.5, loss: 1}]",
		"risks: [{id: r, frequency: {low: 1}}]",
		"controls: [{id: c, frequency: -1}]",
	} {
		require.Error(t, s.Validate(asJSONValue(t, []byte(src))), src)
	}
}

func TestGoldenOutputsMatchOutputSchema(t *testing.T) {
	s := compile(t, "output.schema.json", schema.Output)
	files, _ := filepath.Glob(filepath.Join("..", "cmd", "bcp", "testdata", "golden", "*.json"))
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		require.NoError(t, err)
		require.NoError(t, s.Validate(v), f)
	}
}

// datesAsText turns the dates YAML decodes (tested: 2026-06-12) back into
// the text the model file holds, as JSON would carry it.
func datesAsText(v any) any {
	switch x := v.(type) {
	case map[any]any: // integer keys (thresholds): JSON keys are text
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(k)] = datesAsText(e)
		}
		return out
	case map[string]any:
		for k, e := range x {
			x[k] = datesAsText(e)
		}
	case []any:
		for i, e := range x {
			x[i] = datesAsText(e)
		}
	case time.Time:
		return x.Format("2006-01-02")
	}
	return v
}
