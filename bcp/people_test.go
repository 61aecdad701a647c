package bcp_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const peopleModel = `components: [{id: crm, kind: application, tier: 1}]
scenarios: [{id: crm-down, disrupt: [crm]}]
people:
  - id: anna
    name: Anna de Vries
    title: Service desk lead
    channels: [{type: phone, value: "+31 20 555 0101"}, {type: email, value: anna@example.com}]
    trained: [crm]
  - {id: bob, name: Bob Jansen}
teams:
  - {id: ops, members: [anna, {person: bob, role: lead}]}
roles:
  - {id: cm, name: Continuity manager, holder: anna, alternate: bob}
exercises:
  - id: ex1
    date: 2026-03-12
    type: tabletop
    scope: [crm-down, crm]
    outcome: partial
    actions: [{description: Print the call tree, owner: bob, due: 2026-04-01, done: 2026-03-20}]
`

func TestPeopleRolesAndExercisesLoad(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(peopleModel))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	anna, ok := m.Person("anna")
	require.True(t, ok)
	assert.Equal(t, "Anna de Vries", anna.Label())
	assert.Equal(t, []bcp.Channel{{Type: "phone", Value: "+31 20 555 0101", Pos: bcp.Position{File: "m.yaml", Line: 7, Col: 16}},
		{Type: "email", Value: "anna@example.com", Pos: bcp.Position{File: "m.yaml", Line: 7, Col: 57}}}, anna.Channels)
	tm, _ := m.Team("ops")
	require.Len(t, tm.Members, 2)
	assert.Equal(t, "lead", tm.Members[1].Role)
	assert.Equal(t, "bob", m.Roles()[0].Alternate)
	ex := m.Exercises()[0]
	assert.Equal(t, time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC), ex.Date)
	assert.Equal(t, time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC), ex.Actions[0].Done)

	// The writer's JSON reads back to the same JSON.
	var a, b bytes.Buffer
	require.NoError(t, bcp.WriteJSON(&a, doc))
	back, err := bcp.Parse("m.json", a.Bytes())
	require.NoError(t, err)
	require.NoError(t, bcp.WriteJSON(&b, back))
	assert.Equal(t, a.String(), b.String())
	assert.Contains(t, a.String(), `"members":[{"person":"anna"},{"person":"bob","role":"lead"}]`)
}

func TestInvalidPeople(t *testing.T) {
	base := "components: [{id: crm, kind: application}]\nscenarios: [{id: s, disrupt: [crm]}]\npeople: [{id: anna}, {id: bob}]\n"
	tests := []struct{ name, src, want string }{
		{"unknown member", "teams: [{id: t, members: [ana]}]", `m.yaml:4:27: team "t": member "ana" is not declared under people (did you mean "anna"?)`},
		{"twice in team", "teams: [{id: t, members: [anna], alternates: [anna]}]", `m.yaml:4:47: team "t" lists "anna" twice`},
		{"duplicate person", "---\npeople: [{id: anna}]", `m.yaml:5:15: duplicate person id "anna": already defined at m.yaml:3:15`},
		{"channel type", "---\npeople: [{id: c, channels: [{type: fax, value: '1'}]}]", `m.yaml:5:36: unknown channel type "fax"`},
		{"trained unknown", "---\npeople: [{id: c, trained: [cmr]}]", `m.yaml:5:28: person "c" is trained on "cmr", which is not a component (did you mean "crm"?)`},
		{"role alternate is holder", "roles: [{id: cm, holder: anna, alternate: anna}]", `m.yaml:4:43: role "cm": the alternate must be someone other than the holder "anna"`},
		{"role without holder", "roles: [{id: cm}]", `m.yaml:4:14: role "cm" needs a holder`},
		{"exercise date", "exercises: [{id: e, date: 2026-13-01, type: full, outcome: pass}]", `m.yaml:4:27: date must be a date such as 2026-03-31, not "2026-13-01"`},
		{"exercise type", "exercises: [{id: e, date: 2026-01-01, type: drill, outcome: pass}]", `m.yaml:4:45: unknown exercise type "drill"`},
		{"exercise scope", "exercises: [{id: e, date: 2026-01-01, type: full, outcome: pass, scope: [ss]}]", `m.yaml:4:74: exercise "e": scope "ss" is neither a scenario nor a component`},
		{"duplicate exercise", "exercises: [{id: e, date: 2026-01-01, type: full, outcome: pass}, {id: e, date: 2026-01-01, type: full, outcome: pass}]", `duplicate exercise id "e"`},
		{"members not a list", "teams: [{id: t, members: anna}]", `m.yaml:4:26: members must be a list, not the string "anna"`},
		{"member without person", "teams: [{id: t, members: [{role: lead}]}]", `a team member needs person`},
		{"channel without value", "---\npeople: [{id: c, channels: [{type: phone}]}]", `a channel needs type (phone, sms, email, chat, pager) and value`},
		{"exercise outcome", "exercises: [{id: e, date: 2026-01-01, type: full, outcome: ok}]", `unknown outcome "ok"`},
		{"action without due", "exercises: [{id: e, date: 2026-01-01, type: full, outcome: pass, actions: [{owner: bob}]}]", `exercise "e": an action needs due`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := bcp.Parse("m.yaml", []byte(base+tt.src))
			if err == nil {
				_, err = bcp.Compile(doc)
			}
			ps := problems(t, err)
			require.Len(t, ps, 1, "%v", err)
			assert.Contains(t, ps[0].Error(), tt.want)
		})
	}
}
