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

// batch is how many components are encoded at a time: large enough that
// the encoder's set-up does not count, small enough that a 100k import is
// never held as one YAML tree.
const batch = 512

// WriteYAML writes doc as a YAML model file: header (if any) as comment
// lines, then the fields in the order bcp.WriteJSON gives them, in block
// style. The same document gives the same bytes. The JSON form is turned
// into YAML nodes token by token, a batch of components at a time.
func WriteYAML(w io.Writer, doc *bcp.Document, header string) error {
	var js bytes.Buffer
	if err := bcp.WriteJSON(&js, doc); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if header != "" {
		for _, line := range strings.Split(strings.TrimRight(header, "\n"), "\n") {
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
		key, _ := tok.(string)
		if key == "components" {
			if err := writeComponents(bw, dec); err != nil {
				return err
			}
			continue
		}
		value, err := nodeOf(dec)
		if err != nil {
			return err
		}
		pair := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{str(key), value}}
		if err := encode(bw, pair, ""); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func writeComponents(w *bufio.Writer, dec *json.Decoder) error {
	if _, err := dec.Token(); err != nil { // [
		return err
	}
	w.WriteString("components:\n")
	seq := &yaml.Node{Kind: yaml.SequenceNode}
	flush := func() error {
		if len(seq.Content) == 0 {
			return nil
		}
		err := encode(w, seq, "  ")
		seq.Content = seq.Content[:0]
		return err
	}
	for dec.More() {
		n, err := nodeOf(dec)
		if err != nil {
			return err
		}
		seq.Content = append(seq.Content, n)
		if len(seq.Content) == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	_, err := dec.Token() // ]
	return err
}

// encode writes n as block YAML with every line indented by indent.
func encode(w *bufio.Writer, n *yaml.Node, indent string) error {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	if indent == "" {
		_, err := w.Write(buf.Bytes())
		return err
	}
	for _, line := range bytes.SplitAfter(buf.Bytes(), []byte("\n")) {
		if len(line) > 0 {
			w.WriteString(indent)
			w.Write(line)
		}
	}
	return nil
}

// nodeOf reads one JSON value from dec as a YAML node. Strings are tagged
// !!str, so that the encoder quotes those that would read back as
// something else ("0123", "yes").
func nodeOf(dec *json.Decoder) (*yaml.Node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		if t == '{' {
			n.Kind = yaml.MappingNode
		}
		for dec.More() {
			if n.Kind == yaml.MappingNode {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, str(k.(string)))
			}
			v, err := nodeOf(dec)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, v)
		}
		_, err := dec.Token() // } or ]
		return n, err
	case string:
		return str(t), nil
	case json.Number:
		tag := "!!int"
		if strings.ContainsAny(t.String(), ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: t.String()}, nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(t)}, nil
	default: // null
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	}
}

func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}
