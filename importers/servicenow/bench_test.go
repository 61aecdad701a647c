package servicenow_test

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/continuitykit/continuity/importers/servicenow"
	"github.com/stretchr/testify/require"
)

// generate writes a seeded CMDB export of n CIs in layers (services,
// applications, databases, servers, network gear) and rels relationships,
// each from a CI to one in a lower layer, Table API JSON without display
// values; one relationship in 10,000 reverses the one before (a cycle to
// cut), and one in 20 is a cluster membership.
func generate(ciW, relW io.Writer, seed uint64, n, rels int) error {
	r := rand.New(rand.NewPCG(seed, 1))
	classes := []string{"cmdb_ci_service", "cmdb_ci_appl", "cmdb_ci_db_ora_instance", "cmdb_ci_linux_server", "cmdb_ci_ip_switch"}
	share := []int{2, 20, 8, 60, 10} // percent of CIs per layer
	layerOf := make([]int, n)
	start := []int{0}
	for l, s := range share {
		end := start[l] + n*s/100
		if l == len(share)-1 {
			end = n
		}
		for i := start[l]; i < end; i++ {
			layerOf[i] = l
		}
		start = append(start, end)
	}
	cw := bufio.NewWriter(ciW)
	cw.WriteString(`{"result":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			cw.WriteByte(',')
		}
		fmt.Fprintf(cw, `{"sys_id":"%032x","name":"ci-%d","sys_class_name":"%s","operational_status":"1","busines_criticality":"%d - critical",`+
			`"support_group":{"link":"https://x.service-now.com/api/now/table/sys_user_group/%032x","value":"%032x"},"location":{"link":"https://x.service-now.com/api/now/table/cmn_location/%032x","value":"%032x"},"sys_updated_on":"2026-11-02 07:14:51"}`,
			i, i, classes[layerOf[i]], 1+i%4, i%50, i%50, i%7, i%7)
	}
	cw.WriteString("]}")
	if err := cw.Flush(); err != nil {
		return err
	}
	rw := bufio.NewWriter(relW)
	rw.WriteString(`{"result":[`)
	var from, to int
	for k := 0; k < rels; k++ {
		if k%10000 == 1 { // the previous relationship reversed: a cycle
			from, to = to, from
		} else {
			from = r.IntN(start[len(share)-1])
			l := layerOf[from] + 1
			to = start[l] + r.IntN(start[l+1]-start[l])
		}
		typ := "1a9cb166f1571100a92eb60da2bce5c5"
		if k%20 == 0 {
			typ = "55c95bf6c0a8010e0118ec7056ebc54d"
		}
		if k > 0 {
			rw.WriteByte(',')
		}
		fmt.Fprintf(rw, `{"sys_id":"%032x","parent":{"link":"https://x.service-now.com/api/now/table/cmdb_ci/%032x","value":"%032x"},`+
			`"child":{"link":"https://x.service-now.com/api/now/table/cmdb_ci/%032x","value":"%032x"},"type":{"link":"https://x.service-now.com/api/now/table/cmdb_rel_type/%s","value":"%s"},"connection_strength":"always"}`,
			k, from, from, to, to, typ, typ)
	}
	rw.WriteString("]}")
	return rw.Flush()
}

var relTypes = map[string]string{"1a9cb166f1571100a92eb60da2bce5c5": "Depends on::Used by", "55c95bf6c0a8010e0118ec7056ebc54d": "Members::Member of"}

func benchmarkImport(b *testing.B, n, rels int) {
	dir := b.TempDir()
	ciPath, relPath := filepath.Join(dir, "ci.json"), filepath.Join(dir, "rel.json")
	ciF, err := os.Create(ciPath)
	require.NoError(b, err)
	relF, err := os.Create(relPath)
	require.NoError(b, err)
	require.NoError(b, generate(ciF, relF, 1, n, rels))
	require.NoError(b, ciF.Close())
	require.NoError(b, relF.Close())
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		im := servicenow.New(servicenow.Options{RelTypes: relTypes})
		for _, f := range []struct {
			path string
			read func(string, io.Reader) error
		}{{ciPath, im.ReadCIs}, {relPath, im.ReadRelations}} {
			file, err := os.Open(f.path)
			require.NoError(b, err)
			require.NoError(b, f.read(f.path, file))
			file.Close()
		}
		doc, rep := im.Result("bench")
		if len(doc.Components) != n {
			b.Fatalf("%d components, want %d", len(doc.Components), n)
		}
		b.ReportMetric(float64(len(rep.Cuts)), "cuts")
	}
}

// BenchmarkImport100k imports 100k CIs and 300k relationships from files:
// go test ./importers/servicenow -run '^$' -bench Import100k -benchtime 1x
func BenchmarkImport100k(b *testing.B) { benchmarkImport(b, 100_000, 300_000) }

// BenchmarkImport10k is the same at a tenth of the size.
func BenchmarkImport10k(b *testing.B) { benchmarkImport(b, 10_000, 30_000) }
