package otel_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/continuitykit/continuity/importers/ingest/ingesttest"
	"github.com/continuitykit/continuity/importers/otel"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

const dir = "../../testdata/otel"

func TestServiceGraph(t *testing.T) {
	im := otel.New(otel.Options{})
	f, err := os.Open(filepath.Join(dir, "servicegraph.prom"))
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, im.Read("servicegraph.prom", f))
	doc, rep := im.Result("Astronomy shop traces")
	ingesttest.Check(t, *update, filepath.Join(dir, "golden"), "servicegraph", doc, rep)
}
