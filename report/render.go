package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/continuitykit/continuity/bcp"
)

// The colours of the marks, the same in both formats.
const (
	colourSPOF      = "#d62828"
	colourDown      = "#f4a261"
	colourBreached  = "#e76f51"
	colourDisrupted = "#3d3d3d"
)

// DOT writes the graph for Graphviz: dependencies point from a component to
// what it needs, redundancy groups are diamonds, single points of failure
// have a thick red border, and a scenario's damage fills the components it
// took down (dark: disrupted, orange: down, red: RTO breached).
func DOT(w io.Writer, m *bcp.Model, opts GraphOptions) error {
	g, err := buildGraph(m, opts, "owner")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "digraph %s {\n", dotQuote(g.title))
	fmt.Fprintf(bw, "  label=%s; labelloc=t; rankdir=LR; compound=true; fontname=\"Helvetica\";\n", dotQuote(g.title))
	bw.WriteString("  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\", fontsize=10];\n")
	bw.WriteString("  edge [arrowsize=0.6, fontname=\"Helvetica\", fontsize=9];\n")
	for c, cluster := range append([]string{""}, g.clusters...) {
		indent := "  "
		if cluster != "" {
			fmt.Fprintf(bw, "  subgraph cluster_%d {\n    label=%s; style=dashed; color=\"#888888\";\n", c, dotQuote(cluster))
			indent = "    "
		}
		for _, n := range g.nodes {
			if n.cluster == cluster {
				fmt.Fprintf(bw, "%s%s [%s];\n", indent, dotQuote(n.id), dotAttrs(n))
			}
		}
		if cluster != "" {
			bw.WriteString("  }\n")
		}
	}
	for k, gr := range g.groups {
		fmt.Fprintf(bw, "  %s [shape=diamond, style=filled, fillcolor=\"#e9ecef\", label=%s, fontsize=8];\n", dotQuote(groupID(g, k)), dotQuote(gr.label))
		for _, mem := range gr.members {
			fmt.Fprintf(bw, "  %s -> %s [style=dashed];\n", dotQuote(groupID(g, k)), dotQuote(g.nodes[mem].id))
		}
	}
	for _, e := range g.edges {
		to := ""
		if e.to < 0 {
			to = groupID(g, -e.to-1)
		} else {
			to = g.nodes[e.to].id
		}
		attr := ""
		if e.tolerance {
			attr = " [style=dotted, label=\"tolerates\"]"
		}
		fmt.Fprintf(bw, "  %s -> %s%s;\n", dotQuote(g.nodes[e.from].id), dotQuote(to), attr)
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

func groupID(g *graph, k int) string {
	return fmt.Sprintf("%s#group%d", g.nodes[g.groups[k].owner].id, k)
}

func dotAttrs(n gnode) string {
	label := n.label
	if n.hidden > 0 {
		label += fmt.Sprintf("\n+%d deeper", n.hidden)
	}
	a := []string{"label=" + dotQuote(label)}
	switch n.state {
	case stateDisrupted:
		a = append(a, "fillcolor=\""+colourDisrupted+"\"", "fontcolor=white")
	case stateBreached:
		a = append(a, "fillcolor=\""+colourBreached+"\"")
	case stateDown:
		a = append(a, "fillcolor=\""+colourDown+"\"")
	}
	if n.spof {
		a = append(a, "color=\""+colourSPOF+"\"", "penwidth=3")
	}
	if n.virtual {
		a = append(a, "style=\"rounded,filled,dashed\"")
	}
	return strings.Join(a, ", ")
}

// dotQuote quotes s as a DOT string; \n stays a line break.
func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// The limits of Mermaid's default configuration, which GitHub and GitLab
// use and a diagram cannot raise (they are "secure" settings).
const (
	MermaidMaxEdges = 500
	MermaidMaxText  = 50_000
)

// MermaidLimitError is a diagram too large for Mermaid's default limits.
type MermaidLimitError struct {
	Edges, Chars int
}

// Error says how large the diagram is and what to do instead.
func (e *MermaidLimitError) Error() string {
	return fmt.Sprintf("the Mermaid diagram would have %d arrows and %d characters; renderers stop at %d arrows and %d characters: "+
		"draw a slice (--of ID --depth N), leave out implied arrows (--reduce), or use DOT", e.Edges, e.Chars, MermaidMaxEdges, MermaidMaxText)
}

// Mermaid writes the graph as a Mermaid flowchart, which GitHub and GitLab
// render in Markdown (wrap it in a ```mermaid block). The marks are those
// of DOT, as classes. A diagram beyond MermaidMaxEdges arrows or
// MermaidMaxText characters, which those renderers refuse, is a
// *MermaidLimitError and nothing is written.
func Mermaid(w io.Writer, m *bcp.Model, opts GraphOptions) error {
	g, err := buildGraph(m, opts, "none")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := writeMermaid(&buf, g); err != nil {
		return err
	}
	arrows := len(g.edges)
	for _, gr := range g.groups {
		arrows += len(gr.members)
	}
	if arrows > MermaidMaxEdges || buf.Len() > MermaidMaxText {
		return &MermaidLimitError{Edges: arrows, Chars: buf.Len()}
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func writeMermaid(w io.Writer, g *graph) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "---\ntitle: %s\n---\nflowchart LR\n", mermaidTitle(g.title))
	for c, cluster := range append([]string{""}, g.clusters...) {
		indent := "  "
		if cluster != "" {
			fmt.Fprintf(bw, "  subgraph c%d[%s]\n", c, mermaidLabel(cluster))
			indent = "    "
		}
		for k, n := range g.nodes {
			if n.cluster != cluster {
				continue
			}
			label := n.label
			if n.hidden > 0 {
				label += fmt.Sprintf("\n+%d deeper", n.hidden)
			}
			open, close := "[", "]"
			if n.virtual {
				open, close = "([", "])"
			}
			fmt.Fprintf(bw, "%sn%d%s%s%s\n", indent, k, open, mermaidLabel(label), close)
		}
		if cluster != "" {
			bw.WriteString("  end\n")
		}
	}
	for k, gr := range g.groups {
		fmt.Fprintf(bw, "  g%d{{%s}}\n", k, mermaidLabel(gr.label))
		for _, mem := range gr.members {
			fmt.Fprintf(bw, "  g%d -.-> n%d\n", k, mem)
		}
	}
	for _, e := range g.edges {
		to := fmt.Sprintf("n%d", e.to)
		if e.to < 0 {
			to = fmt.Sprintf("g%d", -e.to-1)
		}
		arrow := "-->"
		if e.tolerance {
			arrow = "-. tolerates .->"
		}
		fmt.Fprintf(bw, "  n%d %s %s\n", e.from, arrow, to)
	}
	fmt.Fprintf(bw, "  classDef spof stroke:%s,stroke-width:3px\n", colourSPOF)
	fmt.Fprintf(bw, "  classDef down fill:%s\n", colourDown)
	fmt.Fprintf(bw, "  classDef breached fill:%s\n", colourBreached)
	fmt.Fprintf(bw, "  classDef disrupted fill:%s,color:#ffffff\n", colourDisrupted)
	classes := map[string][]string{}
	for k, n := range g.nodes {
		if n.spof {
			classes["spof"] = append(classes["spof"], fmt.Sprintf("n%d", k))
		}
		if s := [...]string{"", "down", "breached", "disrupted"}[n.state]; s != "" {
			classes[s] = append(classes[s], fmt.Sprintf("n%d", k))
		}
	}
	for _, c := range []string{"spof", "down", "breached", "disrupted"} {
		if len(classes[c]) > 0 {
			fmt.Fprintf(bw, "  class %s %s\n", strings.Join(classes[c], ","), c)
		}
	}
	return bw.Flush()
}

// mermaidLabel quotes a label; Mermaid has entity codes, not backslash
// escapes, for quotes, and <br/> for line breaks.
func mermaidLabel(s string) string {
	r := strings.NewReplacer(`"`, "#quot;", "\n", "<br/>")
	return `"` + r.Replace(s) + `"`
}

// mermaidTitle is the diagram's title as a YAML front-matter value: plain
// where YAML reads it as written, else double-quoted, since " #" would
// start a comment that cuts the title and a leading indicator (- [ { & * !
// | > ' " % @ `) would not parse as text.
func mermaidTitle(s string) string {
	if s == "" {
		return "dependencies"
	}
	s = strings.NewReplacer("\n", " ", ":", " -").Replace(s)
	if strings.Contains(s, " #") || strings.ContainsAny(s[:1], "-?,[]{}#&*!|>'\"%@`") || strings.TrimSpace(s) != s {
		return strconv.Quote(s)
	}
	return s
}
