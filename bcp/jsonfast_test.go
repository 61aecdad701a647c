package bcp_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// assertSameParse parses data with and without the fast path for JSON
// components: the documents and the problems must be the same.
func assertSameParse(t *testing.T, name string, data []byte) {
	t.Helper()
	fast, ferr := bcp.Parse(name, data)
	slow, serr := bcp.ParseWithoutFastPath(name, data)
	assert.Equal(t, serr, ferr)
	assert.Equal(t, slow, fast)
}

// TestFastJSONComponents compares the two ways JSON components are
// decoded on generated models and on components that the fast path must
// give up on (each gives the node tree's problems at the same positions).
func TestFastJSONComponents(t *testing.T) {
	for _, cfg := range []bcpgen.Config{
		{Components: 500, Seed: 1, Rules: 5, Scenarios: 3},
		{Components: 300, Seed: 2, BIA: true},
	} {
		var buf bytes.Buffer
		require.NoError(t, bcp.WriteJSON(&buf, bcpgen.Generate(cfg)))
		assertSameParse(t, "gen.json", buf.Bytes())
	}
	examples, _ := filepath.Glob(filepath.Join("..", "examples", "*", "*.yaml"))
	for _, path := range examples {
		doc, err := bcp.ParseFiles(path)
		require.NoError(t, err, path)
		var buf bytes.Buffer
		require.NoError(t, bcp.WriteJSON(&buf, doc))
		assertSameParse(t, "example.json", buf.Bytes())
	}
	for _, comp := range []string{
		`{"id":"a","kind":"service","tier":0}`,
		`{"id":"a","kind":"service","tier":-0}`,
		`{"id":"a","kind":"service","tier":1.0}`,
		`{"id":"a","kind":"service","tier":99999999999}`,
		`{"id":"a","kind":"service","tier":-3}`,
		`{"id":"a","id":"b","kind":"service"}`,
		`{"id":"a\u00e9","kind":"service","name":"caf\u00e9 ☕"}`,
		`{"id":"a","kind":"service","colour":"red"}`,
		`{"id":"a","kind":5,"owner":null}`,
		`{"id":"a","kind":"service","availability":1.5}`,
		`{"id":"a","kind":"service","availability":1e400}`,
		`{"id":"a","kind":"service","availability":0.5e-1,"virtual":true}`,
		`{"id":"a","kind":"service","virtual":"yes"}`,
		`{"id":"a","kind":"service","availability":0}`,
		`{"id":"a","kind":"service","objectives":{"availability":0}}`,
		`{"id":"a","kind":"service","tags":[],"dependsOn":[]}`,
		`{"id":"a","kind":"service","tags":["x",1]}`,
		`{"id":"a","kind":"service","objectives":{"rto":"4h","rpo":"0","mtpd":"1d","availability":0.999}}`,
		`{"id":"a","kind":"service","objectives":{"rto":4}}`,
		`{"id":"a","kind":"service","objectives":{"rto":"4 hours"}}`,
		`{"id":"a","kind":"service","attributes":{"n":1,"f":2.5,"e":1E3,"s":"x","b":false,"z":null,"big":123456789012345678901}}`,
		`{"id":"a","kind":"service","attributes":{"nested":{"x":1}}}`,
		`{"id":"a","kind":"service","attributes":{"x":1,"x":2}}`,
		`{"id":"a","kind":"service","attributes":[]}`,
		`{"id":"a","kind":"service","dependsOn":["b",""]}`,
		`{"id":"a","kind":"service","dependsOn":[{"id":"b","tolerance":"1h","note":"n"},{"anyOf":["b","c"]},{"atLeast":2,"of":["b","c","d"]}]}`,
		`{"id":"a","kind":"service","dependsOn":[{"id":"b","anyOf":["c"]}]}`,
		`{"id":"a","kind":"service","dependsOn":[{"atLeast":2}]}`,
		`{"id":"a","kind":"service","dependsOn":[{"of":["b"]}]}`,
		`{"id":"a","kind":"service","dependsOn":[{"anyOf":[]}]}`,
		`{"id":"a","kind":"service","dependsOn":[{"id":"b","tolerance":60}]}`,
		`{"id":"a","kind":"service","dependsOn":null}`,
		`{"id":"a","kind":"service","externalIds":{"servicenow":"x"}}`,
		"{\n  \"id\": \"a\",\n\t\"kind\": \"service\",\n  \"dependsOn\": [\n    \"b\" ,\n    {\"anyOf\": [ \"c\",\n \"d\" ]}\n  ]\n}",
		`"a"`,
		`{}`,
	} {
		data := []byte(`{"version": 1, "components": [{"id":"b","kind":"data"}, ` + comp + `, {"id":"c","kind":"data"},{"id":"d","kind":"data"}]}`)
		t.Run(comp, func(t *testing.T) { assertSameParse(t, "m.json", data) })
	}
}

// FuzzFastJSON looks for JSON on which the fast path and the node tree
// disagree.
func FuzzFastJSON(f *testing.F) {
	f.Add([]byte(`{"components":[{"id":"a","kind":"service","tier":1,"dependsOn":["b",{"anyOf":["b","c"]},{"atLeast":1,"of":["b"]}]}]}`))
	f.Add([]byte(`{"components":[{"id":"a","attributes":{"x":1.5e3,"y":"z"},"objectives":{"rto":"1h"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		assertSameParse(t, "fuzz.json", data)
	})
}
