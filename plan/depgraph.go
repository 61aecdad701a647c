package plan

import (
	"fmt"
	"html"
	"sort"
	"strings"

	"github.com/continuitykit/continuity/bcp"
)

// Dependency graph geometry, in SVG user units.
const (
	graphBoxH   = 26
	graphRowGap = 10
	graphColGap = 56
	graphMaxBox = 24 // characters of a label
	graphLimit  = 60 // components drawn at most
)

type gnode struct {
	id, label string
	layer     int
	order     float64
	x, y, w   int
}

type gedge struct {
	from, to  string
	redundant bool
}

// depGraph draws a component and everything it depends on as an SVG,
// left to right: each component in the column of its longest path from the
// service, so that every arrow points right; plain requirements solid,
// members of redundancy groups dashed; single points of failure in red.
// It returns "" when there is nothing to draw or too much to draw legibly.
func depGraph(m *bcp.Model, root string, spof []string) string {
	nodes, edges := graphOf(m, root)
	if len(nodes) < 2 || len(nodes) > graphLimit {
		return ""
	}
	cols := layout(nodes, edges)
	isSPOF := map[string]bool{}
	for _, id := range spof {
		isSPOF[id] = true
	}
	width, height := 0, 0
	for _, col := range cols {
		w := 0
		for _, n := range col {
			w = max(w, n.w)
		}
		for i, n := range col {
			n.x, n.y = width+8, 34+i*(graphBoxH+graphRowGap)
		}
		width += w + graphColGap
		height = max(height, 34+len(col)*(graphBoxH+graphRowGap))
	}
	width = width - graphColGap + 16
	height += 30
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="depgraph" viewBox="0 0 %d %d" width="%d" height="%d" font-family="sans-serif" font-size="11">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", width, height)
	fmt.Fprintf(&b, `<text x="8" y="18" font-size="13" font-weight="bold">%s</text>`+"\n", html.EscapeString("What "+root+" depends on"))
	byID := map[string]*gnode{}
	for _, n := range nodes {
		byID[n.id] = n
	}
	for _, e := range edges {
		a, z := byID[e.from], byID[e.to]
		x1, y1, x2, y2 := a.x+a.w, a.y+graphBoxH/2, z.x, z.y+graphBoxH/2
		dash, colour := "", "#546e7a"
		if e.redundant {
			dash, colour = ` stroke-dasharray="5,3"`, "#2e7d32"
		}
		fmt.Fprintf(&b, `<path d="M%d,%d C%d,%d %d,%d %d,%d" fill="none" stroke="%s" stroke-width="1.2"%s/>`+"\n", x1, y1, x1+graphColGap/2, y1, x2-graphColGap/2, y2, x2-3, y2, colour, dash)
		fmt.Fprintf(&b, `<path d="M%d,%d l-6,-3 v6 z" fill="%s"/>`+"\n", x2, y2, colour)
	}
	for _, n := range nodes {
		fill, stroke, text := "#ffffff", "#90a4ae", "#111111"
		switch {
		case n.id == root:
			fill, stroke, text = "#0d47a1", "#0d47a1", "#ffffff"
		case isSPOF[n.id]:
			fill, stroke = "#ffebee", "#c62828"
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="4" fill="%s" stroke="%s" stroke-width="1.5"><title>%s</title></rect>`+"\n", n.x, n.y, n.w, graphBoxH, fill, stroke, html.EscapeString(n.id))
		fmt.Fprintf(&b, `<text x="%d" y="%d" fill="%s">%s</text>`+"\n", n.x+6, n.y+17, text, html.EscapeString(n.label))
	}
	ly := height - 12
	fmt.Fprintf(&b, `<rect x="8" y="%d" width="12" height="12" fill="#ffebee" stroke="#c62828"/><text x="24" y="%d">single point of failure</text>`+"\n", ly-10, ly)
	fmt.Fprintf(&b, `<line x1="170" y1="%d" x2="200" y2="%d" stroke="#546e7a"/><text x="205" y="%d">needs</text>`+"\n", ly-4, ly-4, ly)
	fmt.Fprintf(&b, `<line x1="250" y1="%d" x2="280" y2="%d" stroke="#2e7d32" stroke-dasharray="5,3"/><text x="285" y="%d">one of a redundant group</text>`+"\n", ly-4, ly-4, ly)
	b.WriteString("</svg>")
	return b.String()
}

// graphOf collects a component and everything it depends on, in
// depth-first order, with the edges between them.
func graphOf(m *bcp.Model, root string) ([]*gnode, []gedge) {
	var nodes []*gnode
	var edges []gedge
	seen := map[string]bool{}
	var visit func(id string)
	visit = func(id string) {
		if seen[id] || len(nodes) > graphLimit {
			return
		}
		seen[id] = true
		c, _ := m.Component(id)
		label := clip(firstNonEmpty(c.Name, c.ID), graphMaxBox)
		nodes = append(nodes, &gnode{id: id, label: label, w: 14 + int(6.8*float64(len([]rune(label))))})
		for _, d := range c.DependsOn {
			if d.Kind == bcp.Requires {
				edges = append(edges, gedge{from: id, to: d.ID})
				visit(d.ID)
				continue
			}
			for _, x := range d.Members {
				edges = append(edges, gedge{from: id, to: x, redundant: true})
				visit(x)
			}
		}
	}
	visit(root)
	return nodes, edges
}

// layout puts each node in the column of its longest path from the root
// and orders each column by the mean row of its parents (two sweeps of
// the barycenter heuristic), which keeps most arrows short and uncrossed.
func layout(nodes []*gnode, edges []gedge) [][]*gnode {
	byID := map[string]*gnode{}
	for i, n := range nodes {
		byID[n.id] = n
		n.order = float64(i)
	}
	// Longest path: relax edges until nothing changes; the graph is
	// acyclic (the model rejects cycles), so len(nodes) rounds suffice.
	for range nodes {
		changed := false
		for _, e := range edges {
			a, z := byID[e.from], byID[e.to]
			if z.layer < a.layer+1 {
				z.layer, changed = a.layer+1, true
			}
		}
		if !changed {
			break
		}
	}
	depth := 0
	for _, n := range nodes {
		depth = max(depth, n.layer)
	}
	cols := make([][]*gnode, depth+1)
	for _, n := range nodes {
		cols[n.layer] = append(cols[n.layer], n)
	}
	for sweep := 0; sweep < 2; sweep++ {
		for _, col := range cols[1:] {
			for _, n := range col {
				sum, k := 0.0, 0
				for _, e := range edges {
					if e.to == n.id {
						sum += byID[e.from].order
						k++
					}
				}
				if k > 0 {
					n.order = sum / float64(k)
				}
			}
			sort.SliceStable(col, func(i, j int) bool { return col[i].order < col[j].order })
			for i, n := range col {
				n.order = float64(i)
			}
		}
	}
	return cols
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
