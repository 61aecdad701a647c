package risk

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Risk names and owners read as themselves in the Markdown register.
func TestMarkdownEscapesNames(t *testing.T) {
	m := load(t, `
currency: EUR
components: [{id: a, kind: service}]
risks: [{id: fire, name: 'Fire | <b>office</b>', owner: '*facilities*', frequency: 0.1, loss: 1000}]
`)
	r, err := Analyze(context.Background(), m, Options{Years: 10, Seed: 1})
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, r.WriteMarkdown(&b, "Acme | <i>x</i>"))
	md := b.String()
	assert.Contains(t, md, "# Risk register: Acme \\| \\<i\\>x\\</i\\>\n")
	assert.Contains(t, md, "| Fire \\| \\<b\\>office\\</b\\> (`fire`) | \\*facilities\\* | ")
}
