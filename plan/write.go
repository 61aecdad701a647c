package plan

import (
	"html"
	"io"
	"strings"

	"github.com/continuitykit/continuity/bia"
)

// WriteMarkdown writes the plan as Markdown, for wikis. Pictures are
// named by their captions; the HTML edition draws them.
func (d *Document) WriteMarkdown(w io.Writer) error {
	return writeMarkdown(w, d.blocks)
}

// printCSS lays the plan out for screen and paper: A4 pages, each major
// section and each service and scenario page on a new sheet, tables that
// never split a row, pictures scaled to the page width. Only system fonts:
// nothing is fetched when the page opens.
const printCSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 11pt; line-height: 1.4; color: #111; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 20pt; border-bottom: 3px solid #1565c0; padding-bottom: .3rem; }
h2 { font-size: 15pt; color: #0d47a1; border-bottom: 1px solid #90a4ae; margin-top: 2rem; }
h3 { font-size: 12.5pt; margin-top: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 9.5pt; }
th, td { border: 1px solid #b0bec5; padding: 3px 5px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #eceff1; }
.nw { white-space: nowrap; }
small.id { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 7.5pt; color: #607d8b; }
figure { margin: .5rem 0 1rem; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 9pt; color: #455a64; }
ul ul { margin: 0; }
@page { size: A4; margin: 15mm 12mm 15mm 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  .page { break-before: page; page-break-before: always; }
  tr, figure, li { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
}
`

// WriteHTML writes the plan as one self-contained HTML page: print CSS
// with page breaks, the recovery Gantt charts and the BIA heat map as
// inline SVG, no script, and nothing fetched from the network.
func (d *Document) WriteHTML(w io.Writer) error {
	e := &errWriter{w: w}
	e.printf("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	e.printf("<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n", html.EscapeString(d.Title), printCSS)
	writeHTMLBody(e, d.blocks)
	e.printf("</body>\n</html>\n")
	return e.err
}

// heatMap is the BIA heat map as inline SVG, without the XML namespace
// declaration repeated (it is valid inside HTML either way).
func heatMap(r *bia.Report, title string) string {
	if len(r.Assessments) == 0 {
		return ""
	}
	var b strings.Builder
	if err := r.WriteHeatMapSVG(&b, title); err != nil {
		return ""
	}
	return b.String()
}
