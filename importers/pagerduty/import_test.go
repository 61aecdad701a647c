package pagerduty_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/continuitykit/continuity/importers/ingest/ingesttest"
	"github.com/continuitykit/continuity/importers/pagerduty"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

const dir = "../../testdata/pagerduty"

func TestDependencies(t *testing.T) {
	im := pagerduty.New()
	for _, name := range []string{"services.json", "business_services.json", "dependencies-checkout.json", "dependencies-inventory.json"} {
		f, err := os.Open(filepath.Join(dir, name))
		require.NoError(t, err)
		require.NoError(t, im.Read(name, f))
		f.Close()
	}
	doc, rep := im.Result("Acme shop on-call")
	ingesttest.Check(t, *update, filepath.Join(dir, "golden"), "dependencies", doc, rep)
}

func TestSyntaxErrorNamesLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(path, []byte("{\n  \"relationships\": [\n    {\"id\": 1,}\n  ]\n}\n"), 0o644))
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	err = pagerduty.New().Read("bad.json", f)
	require.EqualError(t, err, "bad.json:3:5: relationships[0]: invalid character '}' looking for beginning of object key string")
}
