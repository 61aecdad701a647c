package plan_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/plan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func load(t *testing.T, src string) *bcp.Model {
	t.Helper()
	doc, err := bcp.Parse("m.yaml", []byte(src))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	return m
}

// people returns a model with n people p1..pn and no teams.
func people(t *testing.T, n int) *bcp.Model {
	var b strings.Builder
	b.WriteString("components: [{id: a, kind: service}]\npeople:\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  - {id: p%d}\n", i)
	}
	return load(t, b.String())
}

func TestCallTreeReachesEveryoneWithinTheDepthBound(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 5, 13, 14, 40, 41, 100} {
		for _, f := range []int{1, 2, 3, 5} {
			if f == 1 && n > 14 {
				continue
			}
			t.Run(fmt.Sprintf("%d people fanout %d", n, f), func(t *testing.T) {
				tree, err := plan.BuildCallTree(people(t, n), plan.CallTreeOptions{Fanout: f})
				require.NoError(t, err)
				seen := map[string]int{}
				depth := 0
				tree.Walk(func(c *plan.Call) {
					seen[c.Person]++
					assert.LessOrEqual(t, len(c.Calls), f, "%s calls too many", c.Person)
					depth = max(depth, c.Depth)
				})
				assert.Len(t, seen, n)
				for id, k := range seen {
					assert.Equal(t, 1, k, "%s called %d times", id, k)
				}
				// The least depth d with 1 + f + ... + f^d >= n.
				want, reach, level := 0, 1, 1
				for reach < n {
					level *= f
					reach += level
					want++
				}
				assert.Equal(t, want, depth)
				assert.Equal(t, want, tree.Depth)
				assert.Equal(t, n, tree.People)
			})
		}
	}
}

func TestCallTreeTimes(t *testing.T) {
	// 7 people, fanout 2, 10 minutes a call: p1 calls p2 (10m) and p3 (20m);
	// p2 calls p4 (20m) and p5 (30m); p3 calls p6 (30m) and p7 (40m).
	tree, err := plan.BuildCallTree(people(t, 7), plan.CallTreeOptions{Fanout: 2, PerCall: 10 * time.Minute})
	require.NoError(t, err)
	got := map[string]time.Duration{}
	tree.Walk(func(c *plan.Call) { got[c.Person] = c.ReachedAt })
	assert.Equal(t, map[string]time.Duration{"p1": 0, "p2": 10 * time.Minute, "p3": 20 * time.Minute,
		"p4": 20 * time.Minute, "p5": 30 * time.Minute, "p6": 30 * time.Minute, "p7": 40 * time.Minute}, got)
	assert.Equal(t, 40*time.Minute, tree.Time)
	assert.Equal(t, 2, tree.Depth)
}

func TestCallTreeStartsWithTheContinuityManager(t *testing.T) {
	m := load(t, `components: [{id: a, kind: service}]
people: [{id: x}, {id: y}, {id: boss}, {id: deputy}]
roles: [{id: cm, holder: boss, alternate: deputy}]
teams: [{id: t, members: [y, {person: x, role: lead}]}]
`)
	tree, err := plan.BuildCallTree(m, plan.CallTreeOptions{})
	require.NoError(t, err)
	var order []string
	for _, c := range tree.Root.Calls {
		order = append(order, c.Person)
	}
	assert.Equal(t, "boss", tree.Root.Person)
	assert.Equal(t, []string{"deputy", "x", "y"}, order)
	_, err = plan.BuildCallTree(m, plan.CallTreeOptions{Root: "nobody"})
	require.ErrorContains(t, err, `call tree root "nobody" is not declared`)
	none, err := plan.BuildCallTree(people(t, 0), plan.CallTreeOptions{})
	require.NoError(t, err)
	assert.Nil(t, none)
}

const checkModel = `components:
  - {id: svc, name: Service, kind: service, tier: 1, dependsOn: [db, app]}
  - {id: db, kind: data, recovery: {team: dba, strategies: [{type: restore, time: 4h}]}}
  - {id: app, kind: application, recovery: {team: ops, strategies: [{type: rebuild, time: 2h}]}}
  - {id: other, kind: application, recovery: {team: ops, strategies: [{type: rebuild, time: 1h, tested: 2026-10-01}]}}
scenarios: [{id: both, disrupt: [db, app]}]
people:
  - {id: ann, name: Ann, trained: [svc, db]}
  - {id: bo, name: Bo, trained: [svc, db, app]}
  - {id: cy, name: Cy}
teams:
  - {id: dba, members: [ann, cy]}
  - {id: ops, members: [cy, bo]}
roles:
  - {id: cm, name: Continuity manager, holder: ann}
  - {id: lead, holder: bo, alternate: ann}
exercises:
  - {id: tt, date: 2026-01-15, type: tabletop, scope: [db], outcome: pass, actions: [{description: Fix it, owner: cy, due: 2026-02-01}, {owner: bo, due: 2026-12-31}]}
  - {id: ct, date: 2026-10-01, type: component, scope: [other], outcome: pass}
`

func TestCheckFindsEveryWeakness(t *testing.T) {
	m := load(t, checkModel)
	fs, err := plan.Check(m, plan.Options{Now: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%s %s %s %d: %s", f.Severity, f.Rule, f.Component, f.Pos.Line, f.Message))
	}
	assert.Equal(t, []string{
		"warning exercise.overdue  0: no full exercise on record; one is due every 365 days",
		"warning exercise.never app 4: the recovery of app has never been exercised or tested",
		"warning people.two-trained app 4: core area app: only Bo is trained on it; a core area needs at least two trained people",
		"warning role.no-alternate cm 15: role Continuity manager has no alternate: when Ann is away nobody holds it",
		"error people.double-booked cy 10: scenario both: Cy is needed by team ops for app (T+0s-T+2h) and by team dba for db (T+0s-T+4h) at the same time",
		"warning people.two-teams cy 10: Cy is a primary member of 2 teams (dba, ops): in an incident that needs both, one goes without",
		"warning action.overdue tt 18: action from exercise tt is past due (2026-02-01), owner Cy: Fix it",
	}, got)
}

func TestProgramme(t *testing.T) {
	m := load(t, checkModel)
	ps := plan.Programme(m, plan.Options{Now: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)})
	require.Len(t, ps, 2)
	assert.True(t, ps[0].Overdue)
	assert.Nil(t, ps[0].Last)
	assert.Equal(t, "ct", ps[1].Last.ID)
	assert.Equal(t, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), ps[1].Next)
	assert.False(t, ps[1].Overdue, "due on the day, not overdue")
}

func TestDependencyGraphMarksSPOFsAndRedundancy(t *testing.T) {
	m := load(t, `components:
  - {id: svc, kind: service, tier: 1, dependsOn: [app, {anyOf: [isp-a, isp-b]}]}
  - {id: app, name: The application, kind: application, dependsOn: [db]}
  - {id: db, kind: data}
  - {id: isp-a, kind: supplier}
  - {id: isp-b, kind: supplier}
`)
	doc, err := plan.Build(m, plan.Options{Now: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, doc.WriteHTML(&b))
	page := b.String()
	assert.Contains(t, page, `class="depgraph"`)
	assert.Equal(t, 2, strings.Count(page, `stroke-dasharray="5,3"/>`+"\n"+`<path d=`), "two dashed arrows to the redundant ISPs")
	assert.Contains(t, page, `fill="#ffebee" stroke="#c62828" stroke-width="1.5"><title>db</title>`, "db is a SPOF")
	assert.Contains(t, page, `fill="#ffffff" stroke="#90a4ae" stroke-width="1.5"><title>isp-a</title>`, "isp-a is not")
}
