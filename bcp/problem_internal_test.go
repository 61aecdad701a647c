package bcp

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSuggest(t *testing.T) {
	cands := []string{"tier", "owner", "database", "components", "crm", "service", "isp-a"}
	for in, want := range map[string]string{
		"teir": "tier", "databse": "database", "componets": "components", "cmr": "crm",
		"servce": "service", "isp-c": "isp-a", "colour": "", "xyz": "", "owners": "owner",
	} {
		assert.Equal(t, want, suggest(in, cands), in)
	}
	assert.Equal(t, 1, editDistance("ab", "ba", 5))
	assert.Equal(t, 3, editDistance("kitten", "sitting", 5))
	assert.Equal(t, 2, editDistance("abc", "", 2))
}
