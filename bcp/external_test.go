package bcp_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExternalIDsResolveToComponents(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(`
components:
  - id: crm
    kind: application
    externalIds: {servicenow: 9d3c, pagerduty: PX1}
  - id: web
    kind: service
    externalIds: {servicenow: 77aa}
`))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	for _, tc := range []struct {
		system, id string
		want       string
	}{{"servicenow", "9d3c", "crm"}, {"pagerduty", "PX1", "crm"}, {"servicenow", "77aa", "web"}} {
		i, ok := m.ByExternalID(tc.system, tc.id)
		require.True(t, ok, tc)
		assert.Equal(t, tc.want, m.ID(i))
	}
	_, ok := m.ByExternalID("pagerduty", "9d3c")
	assert.False(t, ok, "ids are per system")
	assert.Equal(t, []string{"pagerduty", "servicenow"}, m.ExternalSystems())

	// The writer keeps them.
	var buf bytes.Buffer
	require.NoError(t, bcp.WriteJSON(&buf, doc))
	assert.Contains(t, buf.String(), `"externalIds":{"pagerduty":"PX1","servicenow":"9d3c"}`)
}

func TestExternalIDProblems(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"components:\n  - {id: a, kind: service, externalIds: {servicenow: x1}}\n  - {id: b, kind: service, externalIds: {servicenow: x1}}\n",
			`m.yaml:3:54: externalIds.servicenow "x1" of "b" is already the id of "a" at m.yaml:2:54; an id names one component per system`},
		{"components:\n  - {id: a, kind: service, externalIds: [x1]}\n",
			`m.yaml:2:41: externalIds must be a mapping of systems to ids, e.g. {servicenow: 9d3c1e..., pagerduty: PX1234}, not a list`},
		{"components:\n  - {id: a, kind: service, externalIds: {servicenow: ''}}\n",
			`m.yaml:2:54: externalIds.servicenow is empty; give the component's id in servicenow or leave the entry out`},
	} {
		doc, err := bcp.Parse("m.yaml", []byte(tc.src))
		if err == nil {
			_, err = bcp.Compile(doc)
		}
		ps := problems(t, err)
		require.Len(t, ps, 1, tc.src)
		assert.Equal(t, tc.want, ps[0].Error())
	}
}

func TestParseScenario(t *testing.T) {
	sc, err := bcp.ParseScenario("req.json", []byte(`{"id": "x", "disrupt": [{"id": "crm", "at": "1h", "for": "2h"}, "web"]}`))
	require.NoError(t, err)
	assert.Equal(t, "x", sc.ID)
	require.Len(t, sc.Disrupt, 2)
	assert.Equal(t, bcp.Disruption{ID: "crm", At: time.Hour, For: 2 * time.Hour, Pos: bcp.Position{File: "req.json", Line: 1, Col: 32}}, sc.Disrupt[0])
	assert.Equal(t, "web", sc.Disrupt[1].ID)

	for _, tc := range []struct{ src, want string }{
		{`{"disrupt": [{"id": "crm", "at": "1x"}]}`, `req.json:1:34: at: invalid duration "1x"`},
		{`{"disrupt": []}`, `req.json:1:1: a scenario needs disrupt`},
		{`{"disrupt": [{"id": "crm"}], "colour": 1}`, `req.json:1:30: unknown field "colour" in a scenario`},
		{`{"disrupt": [`, `req.json:1:`},
		{`null`, `req.json:1:1: a scenario is an object`},
	} {
		_, err := bcp.ParseScenario("req.json", []byte(tc.src))
		ps := problems(t, err)
		assert.Contains(t, ps[0].Error(), tc.want, tc.src)
	}
}
