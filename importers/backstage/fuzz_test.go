package backstage_test

import (
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/backstage"
)

// FuzzRead feeds arbitrary catalog files to the importer: it never
// panics, and whatever it accepts compiles.
func FuzzRead(f *testing.F) {
	f.Add("kind: Component\nmetadata: {name: a}\nspec: {type: service, dependsOn: [component:b], providesApis: [x]}\n---\nkind: Component\nmetadata: {name: b}\nspec: {system: s, dependsOn: [component:a]}\n---\nkind: System\nmetadata: {name: s}\n")
	f.Add("kind: API\nmetadata: {name: x, namespace: N}\n---\nkind: Group\nmetadata: {name: g}\nspec: {profile: {email: e}}\n")
	f.Add("kind: Component\nmetadata: {name: 'a b'}\nspec: {owner: 'user:x y', dependsOn: ['component:a b', ':', 'a/']}\n")
	f.Fuzz(func(t *testing.T, catalog string) {
		im := backstage.New(backstage.Options{})
		if err := im.Read("c.yaml", strings.NewReader(catalog)); err != nil {
			return
		}
		doc, _ := im.Result("fuzz")
		if _, err := bcp.Compile(doc); err != nil {
			t.Fatalf("the import does not compile: %v", err)
		}
	})
}
