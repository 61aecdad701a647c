package plan

import (
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/continuitykit/continuity/bcp"
)

// The document is built once as a list of blocks and rendered as Markdown
// or HTML, so that both formats always say the same thing.

// span is a piece of inline text: plain, strong, or an id in small print;
// nowrap keeps a date or time on one line in HTML.
type span struct {
	text   string
	id     bool
	strong bool
	nowrap bool
}

// inline is a run of spans.
type inline []span

func txt(format string, args ...any) inline {
	return inline{{text: fmt.Sprintf(format, args...)}}
}

func (in inline) add(s ...span) inline { return append(in, s...) }

func (in inline) md() string {
	var b strings.Builder
	for _, s := range in {
		t := bcp.MarkdownText(s.text)
		switch {
		case s.id:
			fmt.Fprintf(&b, "<sub>`%s`</sub>", s.text)
		case s.strong:
			fmt.Fprintf(&b, "**%s**", t)
		default:
			b.WriteString(t)
		}
	}
	return b.String()
}

func (in inline) html() string {
	var b strings.Builder
	for _, s := range in {
		t := html.EscapeString(s.text)
		switch {
		case s.id:
			fmt.Fprintf(&b, `<small class="id">%s</small>`, t)
		case s.strong:
			fmt.Fprintf(&b, "<strong>%s</strong>", t)
		case s.nowrap:
			fmt.Fprintf(&b, `<span class="nw">%s</span>`, t)
		default:
			b.WriteString(t)
		}
	}
	return b.String()
}

// date is a date or time kept on one line.
func date(s string) inline { return inline{{text: s, nowrap: true}} }

type block interface{ isBlock() }

type heading struct {
	level  int
	text   inline
	anchor string
	// page starts the heading on a new printed page.
	page bool
}

type para struct{ text inline }

type item struct {
	text inline
	sub  []item
}

type list struct {
	ordered bool
	items   []item
}

type table struct {
	header []string
	rows   [][]inline
}

// figure is HTML only (an SVG picture); Markdown shows its caption.
type figure struct {
	svg     string
	caption string
}

func (heading) isBlock() {}
func (para) isBlock()    {}
func (list) isBlock()    {}
func (table) isBlock()   {}
func (figure) isBlock()  {}

// errWriter keeps the first write error so that renderers stay readable.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

func writeMarkdown(w io.Writer, blocks []block) error {
	e := &errWriter{w: w}
	for i, b := range blocks {
		if i > 0 {
			e.printf("\n")
		}
		switch b := b.(type) {
		case heading:
			e.printf("%s %s\n", strings.Repeat("#", b.level), b.text.md())
		case para:
			e.printf("%s\n", b.text.md())
		case list:
			mdItems(e, b.items, b.ordered, "")
		case table:
			e.printf("| %s |\n|%s\n", strings.Join(b.header, " | "), strings.Repeat("---|", len(b.header)))
			for _, r := range b.rows {
				cells := make([]string, len(r))
				for j, c := range r {
					cells[j] = c.md()
				}
				e.printf("| %s |\n", strings.Join(cells, " | "))
			}
		case figure:
			e.printf("*%s (picture in the HTML edition).*\n", b.caption)
		}
	}
	return e.err
}

func mdItems(e *errWriter, items []item, ordered bool, indent string) {
	for i, it := range items {
		marker := "- "
		if ordered {
			marker = fmt.Sprintf("%d. ", i+1)
		}
		e.printf("%s%s%s\n", indent, marker, it.text.md())
		mdItems(e, it.sub, false, indent+strings.Repeat(" ", len(marker)))
	}
}

func writeHTMLBody(e *errWriter, blocks []block) {
	for _, b := range blocks {
		switch b := b.(type) {
		case heading:
			cls := ""
			if b.page {
				cls = ` class="page"`
			}
			id := ""
			if b.anchor != "" {
				id = fmt.Sprintf(` id="%s"`, html.EscapeString(b.anchor))
			}
			e.printf("<h%d%s%s>%s</h%d>\n", b.level, id, cls, b.text.html(), b.level)
		case para:
			e.printf("<p>%s</p>\n", b.text.html())
		case list:
			htmlItems(e, b.items, b.ordered)
		case table:
			e.printf("<table>\n<thead><tr>")
			for _, h := range b.header {
				e.printf("<th>%s</th>", html.EscapeString(h))
			}
			e.printf("</tr></thead>\n<tbody>\n")
			for _, r := range b.rows {
				e.printf("<tr>")
				for _, c := range r {
					e.printf("<td>%s</td>", c.html())
				}
				e.printf("</tr>\n")
			}
			e.printf("</tbody>\n</table>\n")
		case figure:
			e.printf("<figure>\n%s\n<figcaption>%s</figcaption>\n</figure>\n", b.svg, html.EscapeString(b.caption))
		}
	}
}

func htmlItems(e *errWriter, items []item, ordered bool) {
	tag := "ul"
	if ordered {
		tag = "ol"
	}
	e.printf("<%s>\n", tag)
	for _, it := range items {
		e.printf("<li>%s", it.text.html())
		if len(it.sub) > 0 {
			e.printf("\n")
			htmlItems(e, it.sub, false)
		}
		e.printf("</li>\n")
	}
	e.printf("</%s>\n", tag)
}
