package ingest_test

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/ingest"
	"github.com/stretchr/testify/require"
)

func ref(i int) ingest.Ref { return ingest.Ref{File: "rel.json", Index: i} }

func add(b *ingest.Builder, kind bcp.Kind, ids ...string) {
	for i, id := range ids {
		b.Add(ingest.Component{ID: id, Kind: kind, Ref: ingest.Ref{File: "ci.json", Index: i}})
	}
}

// deps lists each component's requirements as "a>b" and groups as
// "a>any(b,c)", for compact expectations.
func deps(doc *bcp.Document) []string {
	var out []string
	for _, c := range doc.Components {
		for _, d := range c.DependsOn {
			if d.Kind == bcp.Requires {
				out = append(out, c.ID+">"+d.ID)
			} else {
				out = append(out, c.ID+">any("+strings.Join(d.Members, ",")+")")
			}
		}
	}
	return out
}

func TestBuilder(t *testing.T) {
	for _, c := range []struct {
		name     string
		build    func(b *ingest.Builder)
		wantDeps []string
		skipped  []string // reasons
		cuts     []string // "from>to via cycle"
	}{{
		name: "a cycle is cut at the relation that points up a layer",
		build: func(b *ingest.Builder) {
			add(b, bcp.KindService, "svc")
			add(b, bcp.KindApplication, "app")
			add(b, bcp.KindData, "db")
			b.Depend("svc", "app", ref(0))
			b.Depend("app", "db", ref(1))
			b.Depend("db", "app", ref(2))
		},
		wantDeps: []string{"app>db", "svc>app"},
		cuts:     []string{"db>app: app db"},
	}, {
		name: "a three-cycle names its whole path",
		build: func(b *ingest.Builder) {
			add(b, bcp.KindApplication, "a", "b", "c")
			b.Depend("a", "b", ref(0))
			b.Depend("b", "c", ref(1))
			b.Depend("c", "a", ref(2))
		},
		wantDeps: []string{"a>b", "b>c"},
		cuts:     []string{"c>a: a b c"},
	}, {
		name: "unknown ends, self relations and repeats are skipped",
		build: func(b *ingest.Builder) {
			add(b, bcp.KindApplication, "a", "b")
			b.Depend("a", "b", ref(0))
			b.Depend("a", "b", ref(1))
			b.Depend("a", "ghost", ref(2))
			b.Depend("a", "a", ref(3))
			b.Add(ingest.Component{ID: "a", Kind: bcp.KindData, Ref: ingest.Ref{File: "ci.json", Index: 9}})
		},
		wantDeps: []string{"a>b"},
		skipped: []string{
			`duplicate of ci.json#0: the id "a" is taken`,
			`repeats rel.json#0 between "a" and "b"`,
			`"ghost" is not an imported component (missing or skipped)`,
			`"a" relates to itself`,
		},
	}, {
		name: "members make a group; a group of one is a plain requirement",
		build: func(b *ingest.Builder) {
			add(b, bcp.KindInfrastructure, "cluster", "n1", "n2", "solo", "only")
			b.Member("cluster", "n2", ref(0))
			b.Member("cluster", "n1", ref(1))
			b.Member("solo", "only", ref(2))
		},
		wantDeps: []string{"cluster>any(n1,n2)", "solo>only"},
	}} {
		t.Run(c.name, func(t *testing.T) {
			var b ingest.Builder
			c.build(&b)
			doc := b.Document("t")
			require.Equal(t, c.wantDeps, deps(doc))
			var reasons []string
			for _, s := range b.Report.Skipped {
				reasons = append(reasons, s.Reason)
			}
			require.Equal(t, c.skipped, reasons)
			var cuts []string
			for _, cut := range b.Report.Cuts {
				cuts = append(cuts, cut.From+">"+cut.To+": "+strings.Join(cut.Cycle, " "))
			}
			require.Equal(t, c.cuts, cuts)
			_, err := bcp.Compile(doc)
			require.NoError(t, err)
		})
	}
}

func TestOverlay(t *testing.T) {
	avail := 0.99
	imported := &bcp.Document{Version: 1, Name: "cmdb", Components: []bcp.Component{
		{ID: "crm", Kind: bcp.KindApplication, Owner: "it", Tier: 2, Attributes: map[string]any{"sys_id": "1", "site": "a"}, Tags: []string{"x"},
			DependsOn: []bcp.Dependency{{Kind: bcp.Requires, ID: "db"}}},
		{ID: "db", Kind: bcp.KindData},
	}}
	kept := &bcp.Document{Name: "Acme", Components: []bcp.Component{
		{ID: "crm", Tier: 1, Objectives: bcp.Objectives{RTO: 4 * time.Hour}, Attributes: map[string]any{"site": "b", "revenuePerHour": 100},
			Tags: []string{"x", "regulated"}, Availability: avail, DependsOn: []bcp.Dependency{{Kind: bcp.Requires, ID: "staff", Tolerance: time.Hour},
				{Kind: bcp.Requires, ID: "db", Tolerance: 30 * time.Minute}}},
		{ID: "staff", Kind: bcp.KindPeople},
		{ID: "retired", Objectives: bcp.Objectives{RTO: time.Hour}, Pos: bcp.Position{File: "keep.yaml", Line: 7, Col: 5}},
	}, Scenarios: []bcp.Scenario{{ID: "s", Disrupt: []bcp.Disruption{{ID: "db"}}}},
		People: []bcp.Person{{ID: "ann", Trained: []string{"crm"}}}, Roles: []bcp.Role{{ID: "cm", Holder: "ann"}},
		Exercises: []bcp.Exercise{{ID: "e", Date: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Type: "tabletop", Outcome: "pass", Scope: []string{"s"}}}}
	var rep ingest.Report
	out := ingest.Overlay(imported, kept, &rep)
	require.Equal(t, "Acme", out.Name)
	require.Len(t, out.Components, 3) // crm, db, staff; retired reported
	crm := out.Components[0]
	require.Equal(t, "crm", crm.ID)
	require.Equal(t, bcp.KindApplication, crm.Kind) // kept has no kind: the import's stays
	require.Equal(t, "it", crm.Owner)
	require.Equal(t, 1, crm.Tier)
	require.Equal(t, 4*time.Hour, crm.Objectives.RTO)
	require.Equal(t, map[string]any{"sys_id": "1", "site": "b", "revenuePerHour": 100}, crm.Attributes)
	require.Equal(t, []string{"x", "regulated"}, crm.Tags)
	// The kept requirement on db replaces the imported one: no duplicate.
	require.Equal(t, []bcp.Dependency{{Kind: bcp.Requires, ID: "staff", Tolerance: time.Hour}, {Kind: bcp.Requires, ID: "db", Tolerance: 30 * time.Minute}}, crm.DependsOn)
	require.Equal(t, "staff", out.Components[2].ID)
	require.Len(t, out.Scenarios, 1)
	require.Len(t, out.People, 1, "hand-kept people, roles and exercises survive a re-import")
	require.Len(t, out.Roles, 1)
	require.Len(t, out.Exercises, 1)
	require.Len(t, rep.Skipped, 1)
	require.Equal(t, "keep.yaml:7 (retired)", rep.Skipped[0].Record.String())
	// The inputs are unchanged.
	require.Equal(t, 2, imported.Components[0].Tier)
	require.Equal(t, map[string]any{"sys_id": "1", "site": "a"}, imported.Components[0].Attributes)
	require.Len(t, imported.Components[0].DependsOn, 1)
	_, err := bcp.Compile(out)
	require.NoError(t, err)
}

func TestWriteYAMLRoundTrips(t *testing.T) {
	doc := &bcp.Document{Version: 1, Name: "quotes: and # marks", Components: []bcp.Component{
		{ID: "a", Kind: bcp.KindService, Description: "line one\nline two", Attributes: map[string]any{"code": "0123", "yes": "yes", "n": 1.5},
			DependsOn: []bcp.Dependency{{Kind: bcp.AnyOf, Members: []string{"b", "c"}}}},
		{ID: "b", Kind: bcp.KindApplication}, {ID: "c", Kind: bcp.KindApplication},
	}}
	var first, second bytes.Buffer
	require.NoError(t, ingest.WriteYAML(&first, doc, "header"))
	require.NoError(t, ingest.WriteYAML(&second, doc, "header"))
	require.Equal(t, first.String(), second.String())
	back, err := bcp.Parse("t.yaml", first.Bytes())
	require.NoError(t, err, first.String())
	require.Equal(t, doc.Name, back.Name)
	require.Equal(t, "line one\nline two", back.Components[0].Description)
	require.Equal(t, map[string]any{"code": "0123", "yes": "yes", "n": 1.5}, back.Components[0].Attributes)
	require.Equal(t, []string{"b", "c"}, back.Components[0].DependsOn[0].Members)
}

func TestSyntaxErrorPosition(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "x")
	require.NoError(t, err)
	_, err = f.WriteString("{\n  \"a\": [\n    1,\n    x\n")
	require.NoError(t, err)
	err = ingest.NewSyntaxError("x.json", f, 19, os.ErrInvalid)
	require.EqualError(t, err, "x.json:4:5: invalid argument")
	require.EqualError(t, ingest.NewSyntaxError("x.json", bytes.NewBufferString("not seekable"), 19, os.ErrInvalid), "x.json: at byte 19: invalid argument")
}

func TestFoldAccents(t *testing.T) {
	for in, want := range map[string]string{
		"Café Système": "Cafe Systeme", "Zürich DB": "Zurich DB", "São Paulo": "Sao Paulo",
		"Straße": "Straße", "東京 App": "東京 App", "plain-id": "plain-id",
	} {
		require.Equal(t, want, ingest.FoldAccents(in), in)
	}
}

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ name, keep, want string }{
		{"Café Système", "._:/-", "Cafe-Systeme"},
		{"  orders DB (prod) ", "._", "orders-DB-prod"},
		{"team/a:b", "._:/-", "team/a:b"},
		{"team/a:b", "._", "team-a-b"},
		{"東京 office", "._", "office"},
		{"!!!", "._", ""},
	} {
		require.Equal(t, tc.want, ingest.Slug(tc.name, tc.keep), tc.name)
	}
}
