package bcp

import "strings"

// markdownText escapes what Markdown would read as markup: CommonMark's
// backslash escapes for inline formatting, links, raw HTML, headings and
// table cells, and line breaks that would end a table row or list item.
var markdownText = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `|`, `\|`, `#`, `\#`, `~`, `\~`,
	"\r\n", " ", "\n", " ", "\r", " ",
)

// MarkdownText returns s escaped to read as itself in Markdown (CommonMark
// and GitHub's tables): names and messages from a model, which may come
// from a CMDB nobody here controls, can then neither break a table nor
// carry HTML or formatting into a wiki page. Every Markdown writer (bcp
// plan, bia, risk and recover --markdown) escapes text with it.
func MarkdownText(s string) string { return markdownText.Replace(s) }
