// Package schema embeds the JSON Schemas of the model file format
// (model.schema.json) and of the JSON output (output.schema.json), so that
// tools and the HTTP API can serve and validate against the same documents
// that are published in the repository.
package schema

import _ "embed"

// Model is the JSON Schema of model files (YAML files follow it too).
//
//go:embed model.schema.json
var Model []byte

// Output is the JSON Schema of bcp's JSON output.
//
//go:embed output.schema.json
var Output []byte
