package mef_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/continuitykit/continuity/importers/mef"
	"github.com/stretchr/testify/require"
)

// scramReport is the part of SCRAM's report this test reads.
type scramReport struct {
	Results struct {
		SumOfProducts []struct {
			Probability string `xml:"probability,attr"`
			Products    []struct {
				Events []struct {
					Name string `xml:"name,attr"`
				} `xml:"basic-event"`
			} `xml:"product"`
		} `xml:"sum-of-products"`
	} `xml:"results"`
}

// treeSet is a family of generated fault trees to compare on.
type treeSet struct {
	name      string
	cfg       bcpgen.Config
	minEvents int
	seeds     uint64
	trees     int // stop after this many
}

var treeSets = []treeSet{
	{"100+", bcpgen.Config{Components: 3000, Window: 0.2, Degree: 3, Redundancy: 0.2}, 100, 6, 16},
	// Trees of 200+ events take minutes; BCP_SCRAM_LARGE=1 adds them.
	{"200+", bcpgen.Config{Components: 3000, Window: 0.3, Degree: 4, Redundancy: 0.15}, 200, 3, 3},
}

// faultTreeModel is a generated organisation in which every component that
// is not virtual can fail, so that bcp's candidates and SCRAM's basic
// events are the same set.
func faultTreeModel(t testing.TB, cfg bcpgen.Config, seed uint64) *bcp.Model {
	cfg.Seed = seed
	doc := bcpgen.Generate(cfg)
	for i := range doc.Components {
		c := &doc.Components[i]
		if c.Availability == 0 && !c.Virtual {
			c.Availability = 0.995 + 0.004*float64(i%7)/7
		}
	}
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	return m
}

// TestAvailabilityAndCutSetsMatchSCRAM compares exact top-event probability
// (6 significant digits, what SCRAM prints) and order-2 minimal cut sets with
// SCRAM 0.16 (Debian package scram) on fault trees of a few hundred events.
// It logs both tools' run times. Skipped where scram is not installed.
func TestAvailabilityAndCutSetsMatchSCRAM(t *testing.T) {
	if testing.Short() {
		t.Skip("the SCRAM comparison takes about 30 s; it runs without -short")
	}
	scram, err := exec.LookPath("scram")
	if err != nil {
		t.Skip("scram not installed (apt-get install scram)")
	}
	dir := t.TempDir()
	for _, set := range treeSets {
		if set.minEvents >= 200 && os.Getenv("BCP_SCRAM_LARGE") == "" {
			continue
		}
		compareWithSCRAM(t, scram, dir, set)
	}
}

func compareWithSCRAM(t *testing.T, scram, dir string, set treeSet) {
	compared, tooLarge := 0, 0
	for seed := uint64(1); seed <= set.seeds; seed++ {
		m := faultTreeModel(t, set.cfg, seed)
		for _, svc := range m.ComponentsOfKind(bcp.KindService)[:20] {
			if compared+tooLarge >= set.trees {
				break
			}
			var buf bytes.Buffer
			require.NoError(t, mef.Write(&buf, m, svc))
			events := strings.Count(buf.String(), "<define-basic-event")
			if events < set.minEvents {
				continue
			}
			in := filepath.Join(dir, fmt.Sprintf("s%d-%s.xml", seed, svc))
			out := in + ".report.xml"
			require.NoError(t, os.WriteFile(in, buf.Bytes(), 0o644))
			start := time.Now()
			cmd := exec.Command(scram, "--bdd", "--probability", "true", "--limit-order", "2", in, "-o", out)
			msg, err := cmd.CombinedOutput()
			require.NoError(t, err, string(msg))
			scramTime := time.Since(start)
			data, err := os.ReadFile(out)
			require.NoError(t, err)
			var rep scramReport
			require.NoError(t, xml.Unmarshal(data, &rep))
			require.Len(t, rep.Results.SumOfProducts, 1)
			want, err := strconv.ParseFloat(rep.Results.SumOfProducts[0].Probability, 64)
			require.NoError(t, err)

			start = time.Now()
			av, err := faulttree.Availability(m, faulttree.AvailabilityOptions{Of: []string{svc}, MaxNodes: 20_000_000})
			if errors.Is(err, faulttree.ErrBDDTooLarge) {
				t.Logf("seed %d %-6s events %4d: bcp's BDD exceeds 20M nodes; SCRAM took %.1fms", seed, svc, events, ms(scramTime))
				tooLarge++
				continue
			}
			require.NoError(t, err)
			cs, err := faulttree.CutSets(m, svc, faulttree.CutSetOptions{Order: 2})
			require.NoError(t, err)
			oursTime := time.Since(start)
			got := av.Services[0].Unavailability
			require.Equal(t, sig6(want), sig6(got), "seed %d %s: SCRAM %g, bcp %.17g", seed, svc, want, got)

			var scramSets [][]string
			for _, p := range rep.Results.SumOfProducts[0].Products {
				var set []string
				for _, e := range p.Events {
					i, _ := strconv.Atoi(strings.TrimPrefix(e.Name, "e"))
					set = append(set, m.ID(i))
				}
				sort.Strings(set)
				// MODEL.md's cut sets never contain the analysed
				// component itself; SCRAM lists its own failure.
				if len(set) == 1 && set[0] == svc {
					continue
				}
				scramSets = append(scramSets, set)
			}
			faulttree.SortCutSets(scramSets)
			require.Equal(t, scramSets, cs.CutSets, "seed %d %s", seed, svc)
			t.Logf("seed %d %-6s events %4d cut sets %4d  P=%.6g  SCRAM %8.1fms  bcp %6.2fms", seed, svc, events, len(cs.CutSets), got, ms(scramTime), ms(oursTime))
			compared++
		}
	}
	t.Logf("%s events: compared %d trees; %d too large for bcp's BDD", set.name, compared, tooLarge)
	require.GreaterOrEqual(t, compared, set.trees*2/3, "too few trees of %s events to compare", set.name)
	require.LessOrEqual(t, tooLarge, compared/5, "bcp's BDD fails on too many trees")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// sig6 rounds to the 6 significant digits SCRAM prints.
func sig6(x float64) float64 {
	if x == 0 {
		return 0
	}
	mag := math.Pow(10, 5-math.Floor(math.Log10(math.Abs(x))))
	return math.Round(x*mag) / mag
}
