package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRiskGolden(t *testing.T) {
	for _, ex := range examples {
		svg := filepath.Join(t.TempDir(), "lec.svg")
		for _, c := range []struct {
			name string
			args []string
		}{
			{"risk.txt", []string{"--lec", svg}},
			{"risk.json", []string{"--json"}},
			{"risk.csv", []string{"--csv"}},
			{"risk.md", []string{"--markdown"}},
		} {
			t.Run(ex+"/"+c.name, func(t *testing.T) {
				args := append([]string{"risk", model(ex), "--years", "20000", "--seed", "7"}, c.args...)
				out, errOut, code := runCLI(args...)
				require.Equal(t, 0, code, errOut)
				if c.name == "risk.json" {
					require.True(t, json.Valid([]byte(out)))
				}
				golden(t, ex+"-"+c.name, out)
			})
		}
		data, err := os.ReadFile(svg)
		require.NoError(t, err)
		golden(t, ex+"-risk-lec.svg", string(data))
	}
}

func TestRiskJSONShape(t *testing.T) {
	out, errOut, code := runCLI("risk", model("contact-centre"), "--years", "5000", "--seed", "1", "--json")
	require.Equal(t, 0, code, errOut)
	var rep struct {
		Years    int    `json:"years"`
		Seed     uint64 `json:"seed"`
		Currency string `json:"currency"`
		Risks    []struct {
			ID       string `json:"id"`
			Inherent struct {
				MeanAnnualLoss float64 `json:"meanAnnualLoss"`
				Exceedance     []struct {
					Loss, Probability float64
				} `json:"exceedance"`
			} `json:"inherent"`
		} `json:"risks"`
		Total struct {
			Residual struct {
				MeanAnnualLoss float64 `json:"meanAnnualLoss"`
			} `json:"residual"`
		} `json:"total"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Equal(t, 5000, rep.Years)
	assert.Equal(t, uint64(1), rep.Seed)
	assert.Equal(t, "EUR", rep.Currency)
	require.Len(t, rep.Risks, 5)
	assert.Equal(t, "isp-outage", rep.Risks[0].ID, "sorted by id")
	for _, r := range rep.Risks {
		for i := 1; i < len(r.Inherent.Exceedance); i++ {
			assert.Greater(t, r.Inherent.Exceedance[i].Loss, r.Inherent.Exceedance[i-1].Loss, "sorted by loss")
			assert.LessOrEqual(t, r.Inherent.Exceedance[i].Probability, r.Inherent.Exceedance[i-1].Probability)
		}
	}
	again, _, _ := runCLI("risk", model("contact-centre"), "--years", "5000", "--seed", "1", "--json")
	assert.Equal(t, out, again, "same seed, same bytes")

	_, errOut, code = runCLI("risk", model("contact-centre"), "--years", "0")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--years must be 1 or more")
}

func TestRiskFlagsAndProgress(t *testing.T) {
	_, errOut, code := runCLI("risk", model("contact-centre"), "--json", "--csv")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "give at most one of --json and --csv or --markdown")
	_, errOut, code = runCLI("risk", model("contact-centre"), "--lec", "lec.png")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `--lec writes SVG; name the file .svg, not "lec.png"`)

	f, err := os.CreateTemp(t.TempDir(), "bar")
	require.NoError(t, err)
	bar := progressBar(f)
	for _, done := range []int64{1, 2, 50, 100} {
		bar(done, 100)
	}
	require.NoError(t, f.Close())
	data, err := os.ReadFile(f.Name())
	require.NoError(t, err)
	assert.Contains(t, string(data), "[====================                    ]  50%")
	assert.True(t, strings.HasSuffix(string(data), "\r\033[K"), "the bar is erased when done")
	assert.False(t, isTerminal(f))
}

func TestRiskWithoutRisksSaysSo(t *testing.T) {
	out, errOut, code := runCLI("risk", filepath.Join("testdata", "handchecked", "saas.yaml"))
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "The model has no risks: add them under risks: (see the README's Risks section).\n", out)
}

// A risk that cannot be valued (its scenario leaves a component down for
// good) is a model problem: risk and compare exit 1 naming its line, as
// plan's risk.unvalued finding does; they exited 2, "failed" (trial 20).
func TestUnvaluedRiskIsAModelProblem(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "m.yaml")
	require.NoError(t, os.WriteFile(model, []byte(`currency: EUR
bia:
  categories: [{id: financial, unit: EUR, thresholds: {1: 1000, 2: 10000, 3: 100000, 4: 1000000, 5: 10000000}}]
components:
  - {id: app, kind: application}
  - {id: svc, kind: service, dependsOn: [app], bia: {impact: {financial: {formula: '1000 * hours(t)'}}}}
scenarios:
  - {id: app-down, disrupt: [app]}
risks:
  - {id: r, frequency: 0.5, scenario: app-down}
`), 0o644))
	for _, args := range [][]string{{"risk", model}, {"compare", model, "--proposed", model}} {
		_, errOut, code := runCLI(args...)
		assert.Equal(t, exitFindings, code, "%v: %s", args, errOut)
		assert.Contains(t, errOut, model+`:10:10: risk "r": component "svc" is down for good`, args)
	}
}
