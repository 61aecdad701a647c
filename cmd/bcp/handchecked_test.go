package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The models under testdata/handchecked were written for this test, and
// every number below was computed by hand before the CLI was run:
//
// pharmacy.yaml. dispensing needs the pharmacists, the pharmacy system
// (tolerance 1h; it runs in the data centre) and either wholesaler.
//   - SPOFs: hospital-dc, pharmacists, pharmacy-system; order-2 cut sets
//     add {wholesaler-a, wholesaler-b}.
//   - Availability: 0.98 · (0.99 · 0.999) · (1 − 0.05 · 0.1) = 0.964383651.
//   - wholesalers: A down [0, 10h), B down [2h, 14h): dispensing is down
//     while both are, [2h, 10h) = 8h > RTO 4h, breached at 2h + 4h = 6h;
//     MTPD 12h not breached; paper prescriptions from 2h30m at 50%.
//   - dc-fire: the IT team (capacity 1) rebuilds the data centre 0–2h,
//     then restores the pharmacy system 2h–5h (it needs the data
//     centre). dispensing goes down 1h after the system (tolerance) and
//     is back at 5h: down 4h, exactly its RTO, so met and not breached.
//     As an incident at 09:00: down 10:00, restored 14:00 = the RTO
//     deadline, MTPD deadline 22:00, paper from 10:30.
//   - Impact tolerance 3h, paper counted at half: wholesalers 30m + 7h30m
//     · 0.5 = 4h15m, breached at 2h30m + 2h30m / 0.5 = 7h30m; dc-fire
//     30m + 3h30m · 0.5 = 2h15m, within. Roll-down: the data centre must
//     be back within 4h + 1h (tolerance) = 5h, tier 2.
//
// saas.yaml. api needs app, 2 of 3 database regions and dns (tolerance 30m).
//   - SPOFs: app, dns; cut sets of order 2: {app}, {dns} and each pair of
//     regions.
//   - Availability: 0.9995 · 0.9999 · P(2 of 3 up) with 0.99, 0.98, 0.97:
//     P = 0.9702 + 0.9603 + 0.9506 − 2 · 0.941094 = 0.998912, so
//     0.9983127027456 < target 0.999.
//   - two-regions: EU (2h) and US (3h) restores by one DBA: EU first gives
//     the quorum back at 2h (US first: 3h), then US 2h–5h. api down 0–2h,
//     RTO 1h breached at 1h, MTPD 4h not.
//   - dns down 45m from 1h: api down 1h30m–1h45m; down 20m: never down.
//
// branch.yaml. No declared objectives: the BIA derives them.
//   - cash-services: 5,000 EUR/h reaches the level-4 threshold 100,000 at
//     20h (customer level 4 only at 1d): MTPD 20h; RTO the largest bucket
//     below 20h = 4h; tier 1 (RTO ≤ 4h). loan-advice: level 4 at 3d: MTPD
//     3d, RTO 1d, tier 2.
//   - Tellers 2 of 3 at 0.9: 0.729 + 3 · 0.081 = 0.972; cash-services
//     0.972 · 0.999 · 0.9995 = 0.970542486; loan-advice 0.95 · 0.999.
//   - flu (two tellers off a week): cash-services down [0, 1w), its impact
//     tolerance (the MTPD 20h) breached at 20h.
func TestHandChecked(t *testing.T) {
	dir := filepath.Join("testdata", "handchecked")
	pharmacy, saas, branch := filepath.Join(dir, "pharmacy.yaml"), filepath.Join(dir, "saas.yaml"), filepath.Join(dir, "branch.yaml")
	type check struct {
		path string // dot path; [k=v] picks the array element whose k is v
		want any    // float64, string, bool, nil, []any, or absent
	}
	for _, tc := range []struct {
		args   []string
		checks []check
	}{
		{[]string{"spof", pharmacy}, []check{{"services[id=dispensing].spof", ids("hospital-dc pharmacists pharmacy-system")}}},
		{[]string{"cutsets", pharmacy, "--of", "dispensing"}, []check{{"cutsets", sets("hospital-dc|pharmacists|pharmacy-system|wholesaler-a wholesaler-b")}}},
		{[]string{"availability", pharmacy}, []check{{"services[id=dispensing].availability", 0.98 * (0.99 * 0.999) * (1 - 0.05*0.1)}}},
		{[]string{"impact", pharmacy, "--scenario", "wholesalers"}, []check{
			{"components[id=dispensing].downAt", 7200.0}, {"components[id=dispensing].upAt", 36000.0},
			{"components[id=dispensing].rtoBreached", true}, {"components[id=dispensing].rtoBreachAt", 21600.0},
			{"components[id=dispensing].mtpdBreached", false},
			{"components[id=dispensing].capacity[fallback=paper prescriptions].from", 9000.0},
			{"components[id=dispensing].capacity[fallback=paper prescriptions].capacity", 0.5},
		}},
		{[]string{"impact", pharmacy, "--scenario", "dc-fire"}, []check{
			{"components[id=dispensing].downAt", 3600.0}, {"components[id=dispensing].upAt", 18000.0},
			{"components[id=dispensing].rtoBreached", false}, {"components[id=hospital-dc].upAt", 7200.0},
			{"components[id=pharmacy-system].upAt", 18000.0},
		}},
		{[]string{"recover", pharmacy, "--scenario", "dc-fire"}, []check{
			{"steps[id=hospital-dc].start", 0.0}, {"steps[id=hospital-dc].finish", 7200.0},
			{"steps[id=pharmacy-system].start", 7200.0}, {"steps[id=pharmacy-system].finish", 18000.0},
			{"services[id=dispensing].restoredAt", 18000.0}, {"services[id=dispensing].met", true},
		}},
		{[]string{"gaps", pharmacy, "--scenario", "dc-fire", "--now", "2026-11-27"}, []check{
			{"components[id=dispensing].rtc", 14400.0}, {"components[id=dispensing].rtoGap", 0.0},
		}},
		{[]string{"bia", pharmacy}, []check{
			{"tolerance[scenario=wholesalers].disruption", 15300.0}, {"tolerance[scenario=wholesalers].breachAt", 27000.0},
			{"tolerance[scenario=dc-fire].disruption", 8100.0}, {"tolerance[scenario=dc-fire].within", true},
			{"rollDown[id=hospital-dc].rto", 18000.0}, {"rollDown[id=hospital-dc].tier", 2.0},
		}},
		{[]string{"spof", saas}, []check{{"services[id=api].spof", ids("app dns")}}},
		{[]string{"cutsets", saas, "--of", "api"}, []check{{"cutsets", sets("app|dns|db-ap db-eu|db-ap db-us|db-eu db-us")}}},
		{[]string{"availability", saas}, []check{
			{"services[id=api].availability", 0.9995 * 0.9999 * (0.99*0.98 + 0.99*0.97 + 0.98*0.97 - 2*0.99*0.98*0.97)},
			{"services[id=api].target", 0.999}, {"services[id=api].met", false},
		}},
		{[]string{"impact", saas, "--scenario", "two-regions"}, []check{
			{"components[id=api].downAt", 0.0}, {"components[id=api].upAt", 7200.0},
			{"components[id=api].rtoBreachAt", 3600.0}, {"components[id=api].mtpdBreached", false},
		}},
		{[]string{"recover", saas, "--scenario", "two-regions"}, []check{
			{"steps[id=db-eu].start", 0.0}, {"steps[id=db-eu].finish", 7200.0},
			{"steps[id=db-us].start", 7200.0}, {"steps[id=db-us].finish", 18000.0},
			{"services[id=api].restoredAt", 7200.0}, {"services[id=api].met", false},
		}},
		{[]string{"impact", saas, "--scenario", "dns-long"}, []check{
			{"components[id=api].downAt", 5400.0}, {"components[id=api].upAt", 6300.0}, {"components[id=api].rtoBreached", false},
		}},
		{[]string{"impact", saas, "--scenario", "dns-short"}, []check{{"components[id=api]", absent{}}}},
		{[]string{"spof", branch}, []check{
			{"services[id=cash-services].spof", ids("branch core-banking")}, {"services[id=loan-advice].spof", ids("advisor branch")},
		}},
		{[]string{"cutsets", branch, "--of", "cash-services"}, []check{{"cutsets", sets("branch|core-banking|teller-1 teller-2|teller-1 teller-3|teller-2 teller-3")}}},
		{[]string{"availability", branch}, []check{
			{"services[id=cash-services].availability", (0.729 + 3*0.081) * 0.999 * 0.9995},
			{"services[id=loan-advice].availability", 0.95 * 0.999},
		}},
		{[]string{"bia", branch}, []check{
			{"assessments[id=cash-services].mtpd.effective", 72000.0}, {"assessments[id=cash-services].rto.effective", 14400.0},
			{"assessments[id=cash-services].tier.effective", 1.0},
			{"assessments[id=loan-advice].mtpd.effective", 259200.0}, {"assessments[id=loan-advice].rto.effective", 86400.0},
			{"assessments[id=loan-advice].tier.effective", 2.0},
			{"tolerance[id=cash-services].breachAt", 72000.0},
		}},
		{[]string{"impact", branch, "--scenario", "flu"}, []check{
			{"components[id=cash-services].downAt", 0.0}, {"components[id=cash-services].upAt", 604800.0},
		}},
	} {
		t.Run(strings.Join(tc.args[:1], " ")+" "+filepath.Base(tc.args[1])+" "+strings.Join(tc.args[2:], " "), func(t *testing.T) {
			out, errOut, code := runCLI(append(tc.args, "--json")...)
			require.Contains(t, []int{exitOK, exitFindings}, code, errOut)
			var v any
			require.NoError(t, json.Unmarshal([]byte(out), &v))
			for _, c := range tc.checks {
				assertJSONAt(t, v, c.path, c.want)
			}
		})
	}
}

// assertJSONAt checks the value at path in v (see jsonAt): exactly, or to
// 1e-12 for a fraction, since probabilities are printed to 15 significant
// digits.
func assertJSONAt(t *testing.T, v any, path string, want any) {
	t.Helper()
	got := jsonAt(v, path)
	if w, ok := want.(float64); ok && w != float64(int64(w)) {
		require.IsType(t, 0.0, got, path)
		assert.InDelta(t, w, got, 1e-12, path)
		return
	}
	assert.Equal(t, want, got, path)
}

// The incident endpoint of bcp serve tells the dc-fire and two-regions
// stories of TestHandChecked on the wall clock.
func TestHandCheckedIncident(t *testing.T) {
	base := serveModel(t, filepath.Join("testdata", "handchecked", "pharmacy.yaml"))
	out := httpAnswer(t, "POST", base+"/v1/incidents", `{"id": "INC-1", "since": "2026-11-27T09:00:00Z", "down": ["hospital-dc", "pharmacy-system"]}`)
	var v any
	require.NoError(t, json.Unmarshal([]byte(out), &v))
	for path, want := range map[string]any{
		"services[id=dispensing].downAt":           "2026-11-27T10:00:00Z",
		"services[id=dispensing].restoredAt":       "2026-11-27T14:00:00Z",
		"services[id=dispensing].rtoDeadline":      "2026-11-27T14:00:00Z",
		"services[id=dispensing].mtpdDeadline":     "2026-11-27T22:00:00Z",
		"services[id=dispensing].rtoBreachAt":      nil,
		"recovery[id=hospital-dc].order":           1.0,
		"recovery[id=hospital-dc].finish":          "2026-11-27T11:00:00Z",
		"recovery[id=pharmacy-system].start":       "2026-11-27T11:00:00Z",
		"recovery[id=pharmacy-system].finish":      "2026-11-27T14:00:00Z",
		"fallbacks[component=dispensing].from":     "2026-11-27T10:30:00Z",
		"fallbacks[component=dispensing].capacity": 0.5,
	} {
		assert.Equal(t, want, jsonAt(v, path), path)
	}

	// saas.yaml's two-regions as an incident at 09:00: the quorum is back
	// with EU at 11:00, an hour past the RTO deadline 10:00.
	base = serveModel(t, filepath.Join("testdata", "handchecked", "saas.yaml"))
	out = httpAnswer(t, "POST", base+"/v1/incidents", `{"since": "2026-11-27T09:00:00Z", "down": ["db-eu", "db-us"]}`)
	require.NoError(t, json.Unmarshal([]byte(out), &v))
	for path, want := range map[string]any{
		"services[id=api].restoredAt":   "2026-11-27T11:00:00Z",
		"services[id=api].rtoDeadline":  "2026-11-27T10:00:00Z",
		"services[id=api].rtoBreachAt":  "2026-11-27T10:00:00Z",
		"services[id=api].mtpdBreachAt": nil,
		"recovery[id=db-eu].order":      1.0,
		"recovery[id=db-us].start":      "2026-11-27T11:00:00Z",
		"recovery[id=db-us].finish":     "2026-11-27T14:00:00Z",
	} {
		assert.Equal(t, want, jsonAt(v, path), path)
	}
}

// Every scenario of the hand-checked models gets the same impact and plan
// from analyze as from impact and recover.
func TestHandCheckedVerbsAgree(t *testing.T) {
	for _, name := range []string{"pharmacy", "saas", "branch", "northwind"} {
		file := filepath.Join("testdata", "handchecked", name+".yaml")
		out, errOut, code := runCLI("analyze", file, "--json")
		require.Contains(t, []int{exitOK, exitFindings}, code, errOut)
		var all struct {
			Impacts  []json.RawMessage `json:"impacts"`
			Recovery []json.RawMessage `json:"recovery"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &all))
		require.NotEmpty(t, all.Impacts)
		// compare prints the availability that availability prints.
		avail, errOut, code := runCLI("availability", file, "--json")
		require.Equal(t, exitOK, code, errOut)
		cmp, errOut, code := runCLI("compare", file, "--proposed", file, "--years", "10", "--json")
		require.Equal(t, exitOK, code, errOut)
		var a, c any
		require.NoError(t, json.Unmarshal([]byte(avail), &a))
		require.NoError(t, json.Unmarshal([]byte(cmp), &c))
		for _, s := range jsonAt(a, "services").([]any) {
			id := s.(map[string]any)["id"].(string)
			assert.Equal(t, jsonAt(s, "availability"), jsonAt(c, "services[id="+id+"].availability.base"), "%s %s", name, id)
		}
		for i, im := range all.Impacts {
			var sc struct {
				Scenario string `json:"scenario"`
			}
			require.NoError(t, json.Unmarshal(im, &sc))
			one, errOut, code := runCLI("impact", file, "--scenario", sc.Scenario, "--json")
			require.Equal(t, exitOK, code, errOut)
			assert.JSONEq(t, one, string(im), "%s %s", name, sc.Scenario)
			one, errOut, code = runCLI("recover", file, "--scenario", sc.Scenario, "--json")
			require.Equal(t, exitOK, code, errOut)
			assert.JSONEq(t, one, string(all.Recovery[i]), "%s %s", name, sc.Scenario)
		}
	}
}

// absent is the want of a path that must not exist (a component never
// down is left out of an impact).
type absent struct{}

func ids(s string) []any {
	out := []any{}
	for _, f := range strings.Fields(s) {
		out = append(out, f)
	}
	return out
}

func sets(s string) []any {
	out := []any{}
	for _, set := range strings.Split(s, "|") {
		out = append(out, ids(set))
	}
	return out
}

// jsonAt follows a path such as "services[id=api].spof" into decoded JSON.
func jsonAt(v any, path string) any {
	for _, part := range strings.Split(path, ".") {
		key, sel, _ := strings.Cut(part, "[")
		obj, ok := v.(map[string]any)
		if !ok {
			return absent{}
		}
		if v, ok = obj[key]; !ok {
			return absent{}
		}
		if sel == "" {
			continue
		}
		k, want, _ := strings.Cut(strings.TrimSuffix(sel, "]"), "=")
		arr, _ := v.([]any)
		v = absent{}
		for _, e := range arr {
			if m, ok := e.(map[string]any); ok && m[k] == want {
				v = e
				break
			}
		}
	}
	return v
}

// branch.yaml declares no objectives; the BIA derives cash-services' MTPD
// 20h and RTO 4h. The flu scenario's impact and plan measure its breaches
// against those, as the BIA's impact tolerance does (breached at 20h): RTO
// breached at 4h, MTPD at 20h, the RTO missed.
func TestHandCheckedObjectivesInForce(t *testing.T) {
	file := filepath.Join("testdata", "handchecked", "branch.yaml")
	for verb, checks := range map[string]map[string]any{
		"impact": {
			"components[id=cash-services].rto": 14400.0, "components[id=cash-services].rtoDerived": true,
			"components[id=cash-services].rtoBreachAt":  14400.0,
			"components[id=cash-services].mtpdBreachAt": 72000.0,
		},
		"recover": {"services[id=cash-services].rto": 14400.0, "services[id=cash-services].met": false},
	} {
		out, errOut, code := runCLI(verb, file, "--scenario", "flu", "--json")
		require.Equal(t, exitOK, code, errOut)
		var v any
		require.NoError(t, json.Unmarshal([]byte(out), &v))
		for path, want := range checks {
			assert.Equal(t, want, jsonAt(v, path), "%s %s", verb, path)
		}
	}
}
