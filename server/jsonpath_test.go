package server

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFieldAt(t *testing.T) {
	body := "{\"scenario\":\n  {\"disrupt\": [{\"id\": \"crm\"}, {\"id\": \"pbx\", \"at\": \"2x\", \"tags\": [1, {\"a\": true}]}]},\n \"priority\": \"é deadline\"}"
	for _, tc := range []struct {
		line, col int
		want      string
	}{
		{1, 1, "body"},
		{1, 2, "body.scenario"},
		{1, 13, "body.scenario"},
		{2, 3, "body.scenario"},
		{2, 4, "body.scenario.disrupt"},
		{2, 15, "body.scenario.disrupt"},
		{2, 16, "body.scenario.disrupt[0]"},
		{2, 23, "body.scenario.disrupt[0].id"},
		{2, 31, "body.scenario.disrupt[1]"},
		{2, 38, "body.scenario.disrupt[1].id"},
		{2, 45, "body.scenario.disrupt[1].at"},
		{2, 51, "body.scenario.disrupt[1].at"},
		{2, 53, "body.scenario.disrupt[1].at"},
		{2, 65, "body.scenario.disrupt[1].tags"},
		{2, 66, "body.scenario.disrupt[1].tags[0]"},
		{2, 69, "body.scenario.disrupt[1].tags[1]"},
		{2, 75, "body.scenario.disrupt[1].tags[1].a"},
		{3, 14, "body.priority"},
		{3, 18, "body.priority"},
		{9, 1, "body"},
	} {
		off := offsetOf([]byte(body), tc.line, tc.col)
		if tc.line == 9 {
			assert.Equal(t, -1, off)
			continue
		}
		assert.Equal(t, tc.want, fieldAt([]byte(body), off, "body"), "%d:%d", tc.line, tc.col)
	}
}

func TestValueStart(t *testing.T) {
	data := []byte(`{"a": "yes", "b": [1, {"c": 2}], "d": 7}`)
	for _, value := range []string{`"yes"`, `[1, {"c": 2}]`, `{"c": 2}`, `7`, `2`} {
		start := strings.Index(string(data), value)
		require.GreaterOrEqual(t, start, 0, value)
		assert.Equal(t, int64(start), valueStart(data, int64(start+len(value))), value)
	}
	assert.Equal(t, int64(3), valueStart(data, 3), "no value ends there")
}
