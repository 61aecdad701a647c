package incident_test

import (
	"context"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/server/incident"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResolve(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(`
components:
  - {id: a, kind: application, externalIds: {servicenow: x1}}
  - {id: b, kind: application, externalIds: {pagerduty: x1, servicenow: y2}}
  - {id: s, kind: service, dependsOn: [a, b]}
`))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	t9 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	inc := &incident.Incident{Source: incident.SourceBCP, Since: t9, CIs: []incident.CI{
		{Location: "body.down[0]", ID: "x1"},
		{Location: "body.down[1]", ID: "y2"},
		{Location: "body.down[2]", ID: "b", Mode: incident.ComponentID, Since: t9.Add(-time.Hour)},
		{Location: "body.down[3]", ID: "y2", Mode: incident.ComponentID},
	}}
	sc, start, matched, unknown := incident.Resolve(m, inc)
	assert.Equal(t, t9.Add(-time.Hour), start, "the earliest CI starts the scenario")
	// y2 names b (servicenow), then b is named again an hour earlier:
	// one disruption, from the earlier time, and both references matched,
	// so that the integration can tell that each of its CIs was recognised.
	assert.Equal(t, []bcp.Disruption{{ID: "b", At: 0}}, sc.Disrupt)
	assert.Equal(t, []incident.Matched{{Ref: "y2", Component: "b", Since: t9}, {Ref: "b", Component: "b", Since: t9.Add(-time.Hour)}}, matched)
	assert.Equal(t, []incident.Unknown{
		{Ref: "x1", Location: "body.down[0]", Reason: `ambiguous: "x1" is an external id of "b" and of "a"; name the system`},
		{Ref: "y2", Location: "body.down[3]", Reason: `no component has id "y2"`},
	}, unknown)
}

// An incident answer whose context has ended stops with the context's
// error: an infrastructure component under most of a large model.
func TestRespondContextCancelled(t *testing.T) {
	doc := bcpgen.Generate(bcpgen.Config{Components: 3000, Seed: 6})
	bcpgen.AddOperations(doc, 5)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	widest, size := 0, 0
	for i := range doc.Components {
		im, err := m.Simulate(bcp.Scenario{ID: "x", Disrupt: []bcp.Disruption{{ID: doc.Components[i].ID}}}, bcp.SimulateOptions{})
		require.NoError(t, err)
		if n := len(im.Components); n > size {
			widest, size = i, n
		}
	}
	inc := &incident.Incident{Source: incident.SourceServiceNow, Since: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC),
		CIs: []incident.CI{{System: "servicenow", ID: bcpgen.ServiceNowID(widest), Mode: incident.SystemID}}}
	want, err := incident.Respond(m, "h", inc)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	got, err := incident.RespondContext(ctx, m, "h", inc)
	require.NoError(t, err)
	require.Equal(t, want, got)
	cancel()
	_, err = incident.RespondContext(ctx, m, "h", inc)
	require.ErrorIs(t, err, context.Canceled, "%s takes %d services down", doc.Components[widest].ID, len(want.Services))
}

// A component named twice keeps every reported time down: an outage within
// another is the same one, one that is neither is a second disruption
// (down 08:00-08:30, then again from 10:00 until recovered), where the
// earlier rule kept only the earlier report and lost the open outage.
func TestResolveKeepsEveryOutage(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte("components: [{id: a, kind: application}]\n"))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	t8 := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		cis  []incident.CI
		want []bcp.Disruption
	}{
		{"closed, then open later", []incident.CI{{ID: "a", Since: t8.Add(2 * time.Hour)}, {ID: "a", Since: t8, For: 30 * time.Minute}},
			[]bcp.Disruption{{ID: "a", At: 2 * time.Hour}, {ID: "a", For: 30 * time.Minute}}},
		{"closed within open", []incident.CI{{ID: "a", Since: t8}, {ID: "a", Since: t8.Add(time.Hour), For: time.Hour}},
			[]bcp.Disruption{{ID: "a"}}},
		{"open contains closed", []incident.CI{{ID: "a", Since: t8.Add(time.Hour), For: time.Hour}, {ID: "a", Since: t8}},
			[]bcp.Disruption{{ID: "a"}}},
		{"same report twice", []incident.CI{{ID: "a", Since: t8, For: time.Hour}, {ID: "a", Since: t8, For: time.Hour}},
			[]bcp.Disruption{{ID: "a", For: time.Hour}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc, start, matched, _ := incident.Resolve(m, &incident.Incident{Since: t8.Add(3 * time.Hour), CIs: tc.cis})
			assert.Equal(t, t8, start)
			assert.Equal(t, tc.want, sc.Disrupt)
			require.Len(t, matched, len(tc.cis))
			for k, ci := range tc.cis {
				assert.Equal(t, ci.Since, matched[k].Since)
			}
		})
	}
}

// Deadlines are counted on the wall clock: a service that goes down ten
// years after the incident's first CI, with an RTO of 15,000 weeks, is due
// in 2324, where the offset from the first CI (297 years) overflowed to
// 1739, before the service even went down.
func TestDeadlinesDoNotOverflow(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(`
components:
  - {id: shop, kind: service, dependsOn: [tape], objectives: {rto: 15000w, mtpd: 15000w}}
  - {id: tape, kind: infrastructure}
  - {id: other, kind: infrastructure}
`))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	t26 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	t36 := time.Date(2036, 11, 27, 9, 0, 0, 0, time.UTC)
	a, err := incident.Respond(m, "h", &incident.Incident{Since: t26, CIs: []incident.CI{{ID: "other"}, {ID: "tape", Since: t36}}})
	require.NoError(t, err)
	require.Len(t, a.Services, 1)
	s := a.Services[0]
	want := t36.Add(15000 * 7 * 24 * time.Hour)
	assert.Equal(t, t36, s.Down)
	require.NotNil(t, s.RTODeadline)
	assert.Equal(t, want, *s.RTODeadline)
	require.NotNil(t, s.MTPDDeadline)
	assert.Equal(t, want, *s.MTPDDeadline)
	assert.Equal(t, 2324, want.Year())
	for _, n := range a.Notify {
		for _, r := range n.Reasons {
			assert.NotContains(t, r, "1739", n.Who)
		}
	}
}

// A CI sent by name only (a ServiceNow reference with a display_value and
// no value) is unknown with a reason that names the name, not an empty id.
func TestUnknownByNameOnly(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte("components: [{id: a, kind: application, externalIds: {servicenow: x1}}]\n"))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	_, _, _, unknown := incident.Resolve(m, &incident.Incident{Since: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC),
		CIs: []incident.CI{{Location: "body.cmdb_ci", System: "servicenow", Display: "Orders DB", Mode: incident.SystemID}}})
	require.Len(t, unknown, 1)
	assert.Equal(t, `the CI came with a name only ("Orders DB"), and no component has that id; send its servicenow id (externalIds.servicenow)`, unknown[0].Reason)
}
