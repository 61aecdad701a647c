package server

import (
	"testing"

	"github.com/stretchr/testify/assert"
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
