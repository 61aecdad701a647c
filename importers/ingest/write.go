package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/continuitykit/continuity/bcp"
	"go.yaml.in/yaml/v3"
)

// WriteYAML writes doc as a YAML model file: header (if any) as comment
// lines, then the fields in the order bcp.WriteJSON gives them, in block
// style. The same document gives the same bytes. Components are converted
// one at a time, so that a large import is not held as a YAML tree.
func WriteYAML(w io.Writer, doc *bcp.Document, header string) error {
	var js bytes.Buffer
	if err := bcp.WriteJSON(&js, doc); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	for _, line := range strings.Split(strings.TrimRight(header, "\n"), "\n") {
		if line != "" || header != "" {
			fmt.Fprintf(bw, "# %s\n", line)
		}
	}
	dec := json.NewDecoder(&js)
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key := tok.(string)
		if key != "components" {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return err
			}
			if err := writeNode(bw, map[string]json.RawMessage{key: raw}, ""); err != nil {
				return err
			}
			continue
		}
		if _, err := dec.Token(); err != nil { // [
			return err
		}
		bw.WriteString("components:\n")
		for dec.More() {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return err
			}
			if err := writeNode(bw, raw, "  - "); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil { // ]
			return err
		}
	}
	return bw.Flush()
}

// writeNode writes v as block YAML, the first line prefixed with item and
// every other line indented to match, so that it is an item of a sequence.
func writeNode(w *bufio.Writer, v any, item string) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return err
	}
	plain(&n)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return err
	}
	text := buf.String()
	if item == "" {
		_, err := w.WriteString(text)
		return err
	}
	pad := strings.Repeat(" ", len(item))
	for i, line := range strings.SplitAfter(text, "\n") {
		if line == "" {
			continue
		}
		if i == 0 {
			w.WriteString(item)
		} else {
			w.WriteString(pad)
		}
		w.WriteString(line)
	}
	return nil
}

// plain drops the JSON styles (flow mappings, double quotes) that parsing
// JSON as YAML gives; the encoder still quotes strings that need it.
func plain(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		plain(c)
	}
}
