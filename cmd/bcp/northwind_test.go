package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// northwind.yaml was written from the README alone by an outsider (trial
// 19), and every number below computed by hand before the CLI ran:
//
//   - sales needs crm (crm-saas 0.999 and the internet), the internet (isp-a
//     or isp-b, 0.99 each: 0.9999), a site (north or south, 0.999 each) and
//     2 of 3 reps (0.95 each: 3·0.95²·0.05 + 0.95³ = 0.99275). The internet
//     is shared, so A = 0.999 · 0.9999 · (1 − 0.001²) · 0.99275. SPOFs: crm,
//     crm-saas (the internet is virtual).
//   - payroll needs payroll-co 0.995, alice or bob (1 − 0.05·0.1), erp
//     0.999 on dc-primary 0.999 (tolerance 1d: not in the boolean model's
//     way) and the internet: 0.995 · 0.995 · 0.999² · 0.9999.
//   - crm-outage (crm-saas down 12h): sales down 0–12h, RTO 4h breached at
//     4h; paper forms at 70% from 30m: effective disruption 30m + 11h30m ·
//     0.3 = 3h57m (14220 s), within the tolerance (the MTPD 1d). Risk
//     crm-down: 0.5/yr × (1000 + 5000 EUR/h × 3.95h) = 10375.
//   - ransomware (every application down, contained after 1d): one IT team
//     rebuilds crm 1d–1d4h (it serves the tier-1 RTO), then restores erp
//     1d4h–1d16h. sales down 0–1d4h: RTO breached at 4h, MTPD 1d at 1d.
//     payroll goes down 1d after erp (tolerance), 1d–1d16h: 16h < RTO 2d.
//     Paper forms ran 27h30m: 27.5 × 10m = 4h35m of re-entry, caught up at
//     1d4h + 4h35m = 1d8h35m.
//   - dc-fire (dc-primary at 1h, warm standby in 2h): dc-primary and erp
//     down 1h–3h; payroll never (tolerance 1d).
//   - Roll-down: payroll's RTO 2d plus erp's tolerance 1d = 3d for erp and
//     dc-primary.
func TestHandCheckedNorthwind(t *testing.T) {
	nw := filepath.Join("testdata", "handchecked", "northwind.yaml")
	staff := 3*0.95*0.95*0.05 + 0.95*0.95*0.95
	for _, tc := range []struct {
		args   []string
		checks map[string]any
	}{
		{[]string{"spof", nw}, map[string]any{
			"services[id=sales].spof": ids("crm crm-saas"), "services[id=payroll].spof": ids("dc-primary erp payroll-co"),
		}},
		{[]string{"cutsets", nw, "--of", "sales"}, map[string]any{
			"cutsets": sets("crm|crm-saas|isp-a isp-b|rep-1 rep-2|rep-1 rep-3|rep-2 rep-3|site-north site-south"),
		}},
		{[]string{"cutsets", nw, "--of", "payroll", "--order", "3"}, map[string]any{
			"cutsets": sets("dc-primary|erp|payroll-co|alice bob|isp-a isp-b"),
		}},
		{[]string{"availability", nw}, map[string]any{
			"services[id=sales].availability":   0.999 * 0.9999 * (1 - 0.001*0.001) * staff,
			"services[id=payroll].availability": 0.995 * (1 - 0.05*0.1) * 0.999 * 0.999 * 0.9999,
		}},
		{[]string{"impact", nw, "--scenario", "crm-outage"}, map[string]any{
			"components[id=sales].downAt": 0.0, "components[id=sales].upAt": 43200.0, "components[id=sales].rtoBreachAt": 14400.0,
			"components[id=sales].mtpdBreached":                              false,
			"components[id=sales].capacity[fallback=paper order forms].from": 1800.0,
		}},
		{[]string{"impact", nw, "--scenario", "ransomware"}, map[string]any{
			"components[id=sales].upAt": 100800.0, "components[id=sales].rtoBreachAt": 14400.0, "components[id=sales].mtpdBreachAt": 86400.0,
			"components[id=payroll].downAt": 86400.0, "components[id=payroll].upAt": 144000.0, "components[id=payroll].rtoBreached": false,
			"components[id=erp].upAt": 144000.0,
		}},
		{[]string{"recover", nw, "--scenario", "ransomware"}, map[string]any{
			"steps[id=crm].start": 86400.0, "steps[id=crm].finish": 100800.0,
			"steps[id=erp].start": 100800.0, "steps[id=erp].finish": 144000.0,
			"services[id=sales].restoredAt": 100800.0, "services[id=sales].met": false,
			"services[id=payroll].restoredAt": 144000.0, "services[id=payroll].met": true,
			"backlogs[id=sales].work": 16500.0, "backlogs[id=sales].until": 117300.0,
		}},
		{[]string{"impact", nw, "--scenario", "dc-fire"}, map[string]any{
			"components[id=erp].downAt": 3600.0, "components[id=erp].upAt": 10800.0, "components[id=payroll]": absent{},
		}},
		{[]string{"bia", nw}, map[string]any{
			"tolerance[scenario=crm-outage].disruption": 14220.0, "tolerance[scenario=crm-outage].within": true,
			"rollDown[id=erp].rto": 259200.0, "rollDown[id=dc-primary].rto": 259200.0,
		}},
		{[]string{"risk", nw, "--years", "10"}, map[string]any{
			"risks[id=crm-down].inherent.closedForm.meanAnnualLoss": 10375.0,
		}},
	} {
		t.Run(strings.Join(append(tc.args[:1:1], tc.args[2:]...), " "), func(t *testing.T) {
			out, errOut, code := runCLI(append(tc.args, "--json")...)
			require.Contains(t, []int{exitOK, exitFindings}, code, errOut)
			var v any
			require.NoError(t, json.Unmarshal([]byte(out), &v))
			for path, want := range tc.checks {
				assertJSONAt(t, v, path, want)
			}
		})
	}
}

// The plan tells ransomware's story as bcp impact does: the MTPD breach at
// 1d is named with the RTO breach (it used to be left out).
func TestHandCheckedNorthwindPlan(t *testing.T) {
	out, errOut, code := runCLI("plan", "--now", "2026-11-27", filepath.Join("testdata", "handchecked", "northwind.yaml"))
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "- ransomware: Telephone and web sales <sub>`sales`</sub> (RTO breached at T+4h, MTPD breached at T+1d)\n")
	assert.Contains(t, out, "| T+0s | T+1d4h | 4h | **no, breached at T+4h; MTPD breached at T+1d** |\n")
}

// bia --help states the default RTO rule the BIA applies (northwind's
// payroll: MTPD 5d → RTO 3d, the largest bucket strictly below; it said
// "not above", which would give 5d).
func TestBIAHelpStatesTheRTORule(t *testing.T) {
	out, _, code := runCLI("bia", "--help")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "largest\nstandard bucket strictly below the MTPD")
	out, errOut, code := runCLI("bia", filepath.Join("testdata", "handchecked", "northwind.yaml"), "--json")
	require.Equal(t, exitOK, code, errOut)
	var v any
	require.NoError(t, json.Unmarshal([]byte(out), &v))
	assertJSONAt(t, v, "assessments[id=payroll].rto.derived", 259200.0)
}

// --start takes an offset without seconds too (2026-11-27T09:00+01:00, as
// people write it); runbook times are then on that clock.
func TestPlanStartWithOffset(t *testing.T) {
	nw := filepath.Join("testdata", "handchecked", "northwind.yaml")
	for _, start := range []string{"2026-11-27T09:00+01:00", "2026-11-27T09:00:00+01:00", "2026-11-27T09:00"} {
		out, errOut, code := runCLI("plan", "--now", "2026-11-27", "--start", start, nw)
		require.Equal(t, exitOK, code, errOut)
		assert.Contains(t, out, "| Telephone and web sales <sub>`sales`</sub> | Fri 27 Nov 09:00 <sub>`T+0s`</sub> | Fri 27 Nov 21:00 <sub>`T+12h`</sub> |", start)
	}
}
