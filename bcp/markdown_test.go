package bcp_test

import (
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/stretchr/testify/assert"
)

func TestMarkdownText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Customer service by phone", "Customer service by phone"},
		{"Sales | EU", `Sales \| EU`},
		{"<script>alert(1)</script>", `\<script\>alert(1)\</script\>`},
		{"*bold* _it_ `code` ~~del~~", "\\*bold\\* \\_it\\_ \\`code\\` \\~\\~del\\~\\~"},
		{"[link](http://x) ![img](y)", `\[link\](http://x) !\[img\](y)`},
		{`# heading \ back`, `\# heading \\ back`},
		{"two\nlines\r\nand\rmore", "two lines and more"},
		{"Café — 70% (T+4h) a.b-c:d/e", "Café — 70% (T+4h) a.b-c:d/e"},
	} {
		assert.Equal(t, tc.want, bcp.MarkdownText(tc.in), tc.in)
	}
}
