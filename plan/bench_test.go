package plan_test

import (
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/plan"
)

// withPeople adds n people to a generated document, each trained on two
// random components and a member of one of its teams (or of a new team when
// it has none), seeded.
func withPeople(doc *bcp.Document, n int) {
	r := rand.New(rand.NewPCG(1, 2))
	if len(doc.Teams) == 0 {
		doc.Teams = []bcp.Team{{ID: "team-1"}, {ID: "team-2"}, {ID: "team-3"}}
	}
	for i := range n {
		id := fmt.Sprintf("person-%d", i)
		doc.People = append(doc.People, bcp.Person{ID: id, Name: "Person " + id,
			Channels: []bcp.Channel{{Type: "phone", Value: fmt.Sprintf("+31 6 %08d", i)}},
			Trained:  []string{doc.Components[r.IntN(len(doc.Components))].ID, doc.Components[r.IntN(len(doc.Components))].ID}})
		t := &doc.Teams[r.IntN(len(doc.Teams))]
		t.Members = append(t.Members, bcp.Member{Person: id})
	}
	doc.Roles = []bcp.Role{{ID: "cm", Holder: "person-0", Alternate: "person-1"}}
}

func BenchmarkCallTree(b *testing.B) {
	doc := &bcp.Document{Components: []bcp.Component{{ID: "a", Kind: bcp.KindService}}}
	withPeople(doc, 100_000)
	m, err := bcp.Compile(doc)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := plan.BuildCallTree(m, plan.CallTreeOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			doc := bcpgen.Generate(bcpgen.Config{Components: n, Seed: 1, Rules: 20, Scenarios: 10})
			withPeople(doc, n/10)
			m, err := bcp.Compile(doc)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				d, err := plan.Build(m, plan.Options{Now: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)})
				if err != nil {
					b.Fatal(err)
				}
				if err := d.WriteHTML(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
