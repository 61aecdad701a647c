package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

func runCLI(args ...string) (stdout, stderr string, code int) {
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(""), &o, &e)
	return o.String(), e.String(), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd/bcp -update to create golden files")
	assert.Equal(t, string(want), got)
}

var examples = []string{"contact-centre", "crisis-alerting", "msp-customer"}

func model(name string) string { return filepath.Join("..", "..", "examples", name, "model.yaml") }

func TestGoldenReports(t *testing.T) {
	for _, ex := range examples {
		for _, c := range []struct {
			name string
			args []string
		}{
			{"analyze.txt", []string{"analyze"}},
			{"analyze.json", []string{"analyze", "--json"}},
			{"check.json", []string{"check", "--json"}},
			{"spof.json", []string{"spof", "--json"}},
			{"availability.json", []string{"availability", "--json"}},
		} {
			t.Run(ex+"/"+c.name, func(t *testing.T) {
				out, errOut, code := runCLI(append(c.args, model(ex))...)
				require.Equal(t, 0, code, errOut)
				if strings.HasSuffix(c.name, ".json") {
					require.True(t, json.Valid([]byte(out)), out)
				}
				golden(t, ex+"-"+c.name, out)
			})
		}
	}
}

func TestImpactAndCutSetsJSON(t *testing.T) {
	out, errOut, code := runCLI("impact", model("contact-centre"), "--scenario", "both-isps", "--json")
	require.Equal(t, 0, code, errOut)
	golden(t, "contact-centre-impact-both-isps.json", out)
	var im struct {
		Scenario   string `json:"scenario"`
		Components []struct {
			ID          string `json:"id"`
			DownAt      int64  `json:"downAt"`
			UpAt        *int64 `json:"upAt"`
			RTOBreached bool   `json:"rtoBreached"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &im))
	assert.Equal(t, "both-isps", im.Scenario)
	byID := map[string]int{}
	for i, c := range im.Components {
		byID[c.ID] = i
	}
	cs := im.Components[byID["customer-service"]]
	assert.Equal(t, int64(7200), cs.DownAt)
	assert.Equal(t, int64(28800), *cs.UpAt)
	assert.True(t, cs.RTOBreached)
	email := im.Components[byID["email"]]
	assert.False(t, email.RTOBreached, "email is down 6h, RTO 8h")

	// One story: under the recovery plan the site is back at 6h; without
	// recovery it never is.
	out, errOut, code = runCLI("impact", model("contact-centre"), "--scenario", "site-loss", "--json")
	require.Equal(t, 0, code, errOut)
	assert.NotContains(t, out, `"upAt": null`)
	assert.Contains(t, out, `"upAt": 21600`)
	out, errOut, code = runCLI("impact", model("contact-centre"), "--scenario", "site-loss", "--no-recovery", "--json")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"upAt": null`)

	out, errOut, code = runCLI("cutsets", model("contact-centre"), "--of", "customer-service", "--order", "2", "--json")
	require.Equal(t, 0, code, errOut)
	golden(t, "contact-centre-cutsets.json", out)
	var cs2 struct {
		Of      string     `json:"of"`
		Order   int        `json:"order"`
		CutSets [][]string `json:"cutsets"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &cs2))
	assert.Contains(t, cs2.CutSets, []string{"isp-a", "isp-b"})
	assert.Contains(t, cs2.CutSets, []string{"ams-site"})

	out, errOut, code = runCLI("impact", model("msp-customer"))
	require.Equal(t, 0, code, errOut)
	golden(t, "msp-customer-impact.txt", out)
}

func TestValidateExitCodes(t *testing.T) {
	for _, ex := range examples {
		out, errOut, code := runCLI("validate", model(ex))
		assert.Equal(t, 0, code, errOut)
		assert.Contains(t, out, "valid:")
	}
	bad := filepath.Join("..", "..", "testdata", "invalid", "five-mistakes.yaml")
	out, errOut, code := runCLI("validate", bad)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	var lines []string // the problems, without the snippets' lines
	for _, l := range strings.Split(strings.TrimSpace(errOut), "\n") {
		if !strings.HasPrefix(l, " | ") {
			lines = append(lines, l)
		}
	}
	require.Len(t, lines, 6)
	for _, l := range lines[:5] {
		assert.True(t, strings.HasPrefix(l, bad+":"), l)
	}
	assert.Equal(t, "5 problem(s)", lines[5])

	out, _, code = runCLI("validate", "--json", bad)
	assert.Equal(t, 1, code)
	golden(t, "five-mistakes-validate.json", out)
	var res struct {
		Valid    bool `json:"valid"`
		Problems []struct {
			Pos struct {
				Line, Col int
			} `json:"pos"`
			Message string `json:"message"`
		} `json:"problems"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.False(t, res.Valid)
	require.Len(t, res.Problems, 5)
	assert.Equal(t, 6, res.Problems[0].Pos.Line)
	assert.Equal(t, 23, res.Problems[0].Pos.Col)
}

func TestCheckExitsOneOnErrorFindings(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "m.yaml")
	require.NoError(t, os.WriteFile(f, []byte(`
components:
  - {id: s, kind: service, tier: 1, objectives: {rto: 8h}}
rules:
  - name: tier1-rto
    when: 'tier == 1'
    check: 'objectives.rto <= duration("4h")'
    severity: error
    message: 'tier-1 service {{id}} has RTO {{objectives.rto}}, more than 4h'
`), 0o644))
	out, _, code := runCLI("check", f)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "tier-1 service s has RTO 8h, more than 4h")
	assert.Contains(t, out, "because objectives.rto = 8h")
	// analyze, the main job, fails on the same findings (it exited 0).
	out, _, code = runCLI("analyze", f)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "tier-1 service s has RTO 8h, more than 4h")
	// The finding points at the component, the rule's place beside it.
	out, _, _ = runCLI("check", f, "--json")
	assert.Contains(t, out, `"line": 3`)
	assert.Contains(t, out, `"rulePos"`)
}

// The CLI means the same by the same flag everywhere: before, cutsets --of a
// --of b silently analysed only b, --json with --markdown printed one of
// them, --heatmap x.png wrote SVG into x.png and "-" was a missing file.
func TestCLIConsistency(t *testing.T) {
	out, errOut, code := runCLI("cutsets", model("contact-centre"), "--of", "complaints", "--of", "customer-service", "--order", "1", "--json")
	require.Equal(t, 0, code, errOut)
	var both struct {
		Components []struct {
			Of string `json:"of"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &both))
	require.Len(t, both.Components, 2)
	assert.Equal(t, "complaints", both.Components[0].Of)
	assert.Equal(t, "customer-service", both.Components[1].Of)

	_, errOut, code = runCLI("bia", model("contact-centre"), "--json", "--markdown")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "at most one of --json and --csv or --markdown")
	_, errOut, code = runCLI("bia", model("contact-centre"), "--heatmap", filepath.Join(t.TempDir(), "x.png"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--heatmap writes SVG")

	data, err := os.ReadFile(model("contact-centre"))
	require.NoError(t, err)
	var o, e bytes.Buffer
	code = run([]string{"validate", "-"}, bytes.NewReader(data), &o, &e)
	assert.Equal(t, 0, code, e.String())
	assert.Contains(t, o.String(), "valid: 18 components")

	// A model that does not load still gives code scanning a SARIF file:
	// its problems at their lines (before, nothing on stdout).
	bad := filepath.Join("..", "..", "testdata", "invalid", "five-mistakes.yaml")
	out, _, code = runCLI("check", bad, "--format", "sarif")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `"ruleId": "model-problem"`)
	assert.Contains(t, out, `"startLine": 19`)
	out, _, code = runCLI("check", bad, "--format", "junit")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `name="model"`)

	// compare: a model against itself changes nothing, and says so.
	out, errOut, code = runCLI("compare", model("contact-centre"), "--proposed", model("contact-centre"), "--years", "200", "--json")
	require.Equal(t, 0, code, errOut)
	golden(t, "contact-centre-compare.json", out)
	assert.Contains(t, out, `"spof": {`)
	assert.Contains(t, out, `"annualLoss"`)
	_, errOut, code = runCLI("compare", model("contact-centre"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "needs --proposed")

	out, _, code = runCLI("--version")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "bcp version")
}

func TestUsageErrors(t *testing.T) {
	_, errOut, code := runCLI("cutsets", model("contact-centre"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "needs --of")
	_, errOut, code = runCLI("impact", model("contact-centre"), "--scenario", "crm-outag")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `did you mean "crm-outage"`)
	_, errOut, code = runCLI("spof", model("contact-centre"), "--of", "nope")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown component "nope"`)
	_, _, code = runCLI("validate")
	assert.Equal(t, 2, code)
	for _, order := range []string{"9", "0", "-1"} {
		_, errOut, code = runCLI("cutsets", model("contact-centre"), "--of", "crm", "--order", order)
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "out of range")
	}
}

// TestMEFInput reads an Open-PSA MEF fault tree; SCRAM 0.16.2 gives
// P(top) = 0.00106993 for this file.
func TestMEFInput(t *testing.T) {
	tree := filepath.Join("..", "..", "testdata", "mef", "pumps.xml")
	out, errOut, code := runCLI("cutsets", tree, "--of", "top", "--order", "4", "--json")
	require.Equal(t, 0, code, errOut)
	assert.JSONEq(t, `{"of":"top","order":4,"cutsets":[["valve"],["p1","p2","pump-a","pump-b"],["p1","p3","pump-a","pump-b"],["p2","p3","pump-a","pump-b"]]}`, out)
	out, errOut, code = runCLI("availability", tree, "--of", "top", "--json")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"unavailability": 0.00106993`)
	_, errOut, code = runCLI("validate", filepath.Join("..", "..", "testdata", "invalid", "five-mistakes.yaml"), tree)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "5 problem(s)")
	assert.Contains(t, errOut, " | tier >= \"1\"\n | .....^", "expression errors show the caret snippet")
}

func TestRecover(t *testing.T) {
	out, errOut, code := runCLI("recover", model("msp-customer"), "--scenario", "ransomware", "--json")
	require.Equal(t, 0, code, errOut)
	golden(t, "msp-customer-recover.json", out)
	var p struct {
		Steps []struct {
			ID            string `json:"id"`
			Team          string `json:"team"`
			Start, Finish int64
		} `json:"steps"`
		Services []struct {
			ID         string `json:"id"`
			RestoredAt *int64 `json:"restoredAt"`
			RTO        *int64 `json:"rto"`
			Met        *bool  `json:"met"`
		} `json:"services"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &p))
	require.Len(t, p.Steps, 3)
	assert.Equal(t, "erp-db", p.Steps[0].ID)
	for _, s := range p.Services {
		if s.ID == "order-intake" {
			assert.Equal(t, int64(5*3600), *s.RestoredAt)
			assert.False(t, *s.Met)
		}
	}
	out, errOut, code = runCLI("recover", model("msp-customer"), "--scenario", "ransomware")
	require.Equal(t, 0, code, errOut)
	golden(t, "msp-customer-recover.txt", out)
	out, errOut, code = runCLI("recover", model("contact-centre"), "--scenario", "site-loss")
	require.Equal(t, 0, code, errOut)
	golden(t, "contact-centre-recover-site-loss.txt", out)
	assert.Contains(t, out, "customer-service         restored T+9h (RTO 4h MISSED); critical path: pbx-server <- ams-site")
	out, errOut, code = runCLI("recover", model("contact-centre"), "--scenario", "crm-outage")
	require.Equal(t, 0, code, errOut)
	golden(t, "contact-centre-recover-crm-outage.txt", out)
	out, errOut, code = runCLI("recover", model("contact-centre"), "--scenario", "crm-outage", "--markdown")
	require.Equal(t, 0, code, errOut)
	golden(t, "contact-centre-recover-crm-outage.md", out)
	// A corrupted database copied to both nodes: the resync each node
	// offers is passed over for the point-in-time restore.
	out, errOut, code = runCLI("recover", model("crisis-alerting"), "--scenario", "db-corruption", "--json")
	require.Equal(t, 0, code, errOut)
	golden(t, "crisis-alerting-recover-db-corruption.json", out)
	out, errOut, code = runCLI("recover", model("crisis-alerting"), "--scenario", "db-corruption", "--markdown")
	require.Equal(t, 0, code, errOut)
	golden(t, "crisis-alerting-recover-db-corruption.md", out)
	assert.Contains(t, out, "| db-dc1 | Platform engineering | +31 30 555 0170 (on-call rota) | Point-in-time restore from the backup vault |")
	out, errOut, code = runCLI("recover", model("crisis-alerting"), "--scenario", "dc1-fire")
	require.Equal(t, 0, code, errOut)
	golden(t, "crisis-alerting-recover-dc1-fire.txt", out)
	out, errOut, code = runCLI("gaps", model("crisis-alerting"), "--now", "2026-11-23")
	require.Equal(t, 1, code, errOut)
	golden(t, "crisis-alerting-gaps.txt", out)
	// Without --scenario, every scenario's plan, as impact does.
	out, errOut, code = runCLI("recover", model("msp-customer"), "--json")
	require.Equal(t, 0, code, errOut)
	var all struct {
		Scenarios []struct {
			Scenario string `json:"scenario"`
		} `json:"scenarios"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &all))
	assert.Len(t, all.Scenarios, 4)
	// The priority compiles in the model's expression environment: the
	// duration helpers every rule has work there too.
	_, errOut, code = runCLI("recover", model("contact-centre"), "--scenario", "site-loss", "--priority", "deadline - hours(1)")
	assert.Equal(t, 0, code, errOut)
	_, errOut, code = runCLI("recover", model("msp-customer"), "--json", "--markdown")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "at most one of --json and --markdown")
	_, errOut, code = runCLI("recover", model("msp-customer"), "--scenario", "ransomware", "--priority", "kind +")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "recovery priority")
}

func TestGapsAndRunbook(t *testing.T) {
	// Exit status 1: the gaps include errors (an RTO gap).
	out, errOut, code := runCLI("gaps", model("msp-customer"), "--now", "2026-11-23", "--json")
	require.Equal(t, 1, code, errOut)
	golden(t, "msp-customer-gaps.json", out)
	out, errOut, code = runCLI("gaps", model("msp-customer"), "--now", "2026-11-23")
	require.Equal(t, 1, code, errOut)
	golden(t, "msp-customer-gaps.txt", out)
	assert.Contains(t, out, "erp recovers in 10h at best")
	out, errOut, code = runCLI("recover", model("msp-customer"), "--scenario", "ransomware", "--markdown")
	require.Equal(t, 0, code, errOut)
	golden(t, "msp-customer-runbook.md", out)
	assert.Contains(t, out, "| 1 | T+0s | T+2h | erp-db | MSP service desk (24/7) | +31 13 555 0100 |")
	// On a scenario's timeline, gaps measure what recover and impact show.
	out, errOut, code = runCLI("gaps", model("contact-centre"), "--scenario", "site-loss", "--now", "2026-11-23")
	require.Equal(t, 1, code, errOut)
	golden(t, "contact-centre-gaps-site-loss.txt", out)
	assert.Contains(t, out, "in scenario site-loss, customer-service stays down 9h")
	_, errOut, code = runCLI("gaps", model("msp-customer"), "--now", "23-11-2026")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--now must be a date")
}

func TestGoldenBIA(t *testing.T) {
	// Exit status 1 means the BIA found contradictions (severity error).
	wantCode := map[string]int{"contact-centre": 0, "crisis-alerting": 0, "msp-customer": 0}
	for _, ex := range examples {
		for _, c := range []struct {
			name string
			args []string
		}{
			{"bia.txt", []string{"bia"}},
			{"bia.json", []string{"bia", "--json"}},
			{"bia.csv", []string{"bia", "--csv"}},
			{"bia.md", []string{"bia", "--markdown"}},
		} {
			t.Run(ex+"/"+c.name, func(t *testing.T) {
				out, errOut, code := runCLI(append(c.args, model(ex))...)
				require.Equal(t, wantCode[ex], code, errOut)
				if strings.HasSuffix(c.name, ".json") {
					require.True(t, json.Valid([]byte(out)), out)
				}
				golden(t, ex+"-"+c.name, out)
			})
		}
		t.Run(ex+"/heatmap.svg", func(t *testing.T) {
			svg := filepath.Join(t.TempDir(), "heat.svg")
			_, errOut, code := runCLI("bia", "--no-scenarios", "--heatmap", svg, model(ex))
			require.Equal(t, wantCode[ex], code, errOut)
			data, err := os.ReadFile(svg)
			require.NoError(t, err)
			require.NoError(t, xml.Unmarshal(data, new(struct{ XMLName xml.Name })), "the heat map is well-formed XML")
			golden(t, ex+"-bia-heatmap.svg", string(data))
		})
	}
}

func TestBIAFlagsAndErrors(t *testing.T) {
	_, errOut, code := runCLI("bia", "--csv", "--markdown", model("msp-customer"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "at most one of --csv and --markdown")

	_, errOut, code = runCLI("bia", "--scenario", "nope", model("msp-customer"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown scenario "nope"`)

	out, errOut, code := runCLI("bia", "--json", "--scenario", "fibre-cut", model("msp-customer"))
	require.Equal(t, 0, code, errOut)
	var rep struct {
		Tolerance []struct {
			Scenario string `json:"scenario"`
			ID       string `json:"id"`
			Within   bool   `json:"within"`
		} `json:"tolerance"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Len(t, rep.Tolerance, 1)
	assert.Equal(t, "order-intake", rep.Tolerance[0].ID)
	assert.True(t, rep.Tolerance[0].Within)
}
