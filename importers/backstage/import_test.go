package backstage_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/continuitykit/continuity/importers/backstage"
	"github.com/continuitykit/continuity/importers/ingest/ingesttest"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

const dir = "../../testdata/backstage"

func TestCatalog(t *testing.T) {
	im := backstage.New(backstage.Options{})
	for _, name := range []string{"catalog-info.yaml", "services.yaml"} {
		f, err := os.Open(filepath.Join(dir, name))
		require.NoError(t, err)
		require.NoError(t, im.Read(name, f))
		f.Close()
	}
	doc, rep := im.Result("Artist engagement")
	ingesttest.Check(t, *update, filepath.Join(dir, "golden"), "catalog", doc, rep)
}
