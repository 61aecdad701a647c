package risk

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lineModel: the service goes down 2h after the application (tolerance) and
// loses 1000 EUR per hour down.
const lineModel = `
currency: EUR
bia:
  categories: [{id: financial, unit: EUR, thresholds: {1: 1000, 2: 10000, 3: 100000, 4: 1000000, 5: 10000000}}]
components:
  - {id: app, kind: application}
  - id: svc
    kind: service
    dependsOn: [{id: app, tolerance: 2h}]
    bia: {impact: {financial: {formula: '1000 * hours(t)'}}}
scenarios:
  - {id: app-down, disrupt: [app]}
risks:
  - {id: r, frequency: 0.5, scenario: app-down, duration: {low: 1h, high: 1d}}
`

// simpson integrates f over [a, b] with n (even) intervals.
func simpson(f func(float64) float64, a, b float64, n int) float64 {
	h := (b - a) / float64(n)
	sum := f(a) + f(b)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * f(a+float64(i)*h)
	}
	return sum * h / 3
}

// The loss per event is 1000 · max(0, D − 2h) in hours with D lognormal from
// the 90% interval (1h, 24h): its mean, by numerical integration over the
// standard normal, times the rate is the mean annual loss.
func TestScenarioRiskAgainstIntegration(t *testing.T) {
	m := load(t, lineModel)
	mu, sigma := Lognormal(1, 24) // in hours
	perEvent := simpson(func(z float64) float64 {
		d := math.Exp(mu + sigma*z)
		return 1000 * math.Max(0, d-2) * math.Exp(-z*z/2) / math.Sqrt(2*math.Pi)
	}, (math.Log(2)-mu)/sigma, 12, 20000) // from D = 2h, where the loss starts: smooth from there
	want := 0.5 * perEvent
	// scipy.integrate.quad over scipy.stats.lognorm gives 2969.0121088373066.
	require.InDelta(t, 2969.0121088373066, want, 1e-6)
	rep, err := Analyze(context.Background(), m, Options{Years: mcYears(), Seed: 3})
	require.NoError(t, err)
	got := rep.Risks[0].Inherent
	assert.Nil(t, got.ClosedForm, "a sampled duration has no closed form here")
	assert.InDelta(t, want, got.MeanAnnualLoss, 4*got.StandardError, "want %g, got %g ± %g", want, got.MeanAnnualLoss, got.StandardError)
	assert.Less(t, got.StandardError, 0.04*want)
	// The impact rating: at the median duration (√24 h ≈ 4.9h) the service
	// loses about 2900 EUR: level 1 from 1000 EUR.
	assert.Equal(t, 1, got.Rating.Impact)
}

// A fixed duration and a scenario give every event the same loss, so the
// closed form is exact.
func TestScenarioFixedDuration(t *testing.T) {
	m := load(t, lineModel[:len(lineModel)-len("duration: {low: 1h, high: 1d}}\n")]+"duration: 6h}\n")
	rep, err := Analyze(context.Background(), m, Options{Years: 1000, Seed: 1})
	require.NoError(t, err)
	cf := rep.Risks[0].Inherent.ClosedForm
	require.NotNil(t, cf)
	relEqual(t, 0.5*4000, cf.MeanAnnualLoss, "λ · 1000 EUR/h · (6h − 2h)")
	relEqual(t, 1-math.Exp(-0.5), *cf.ProbabilityOfLoss, "P(loss > 0)")
}

// The tabulated downtimes equal direct simulation at every duration,
// on hand-made timelines with tolerances, redundancy, fixed disruptions
// and fallbacks, and on generated models.
func TestTableEqualsSimulation(t *testing.T) {
	hand := `
currency: EUR
bia: {categories: [{id: financial, unit: EUR, thresholds: {1: 1000, 2: 1e4, 3: 1e5, 4: 1e6, 5: 1e7}}]}
components:
  - {id: a, kind: application}
  - {id: b, kind: application}
  - {id: c, kind: application}
  - id: s1
    kind: service
    dependsOn: [{anyOf: [a, b], tolerance: 3h}]
    bia: {impact: {financial: {formula: '500 + 10 * hours(t)'}}}
  - id: s2
    kind: service
    dependsOn: [{id: a, tolerance: 1h}, c]
    fallbacks: [{capacity: 0.6, activation: 2h, maxDuration: 10h}]
    bia: {impact: {financial: {formula: 'hours(t) * hours(t)'}}}
  - id: s3
    kind: service
    dependsOn: [{atLeast: 2, of: [a, b, c], tolerance: 30m}]
    bia: {impact: {financial: {formula: '5 * hours(t)'}}}
scenarios:
  - id: mixed
    disrupt:
      - a
      - {id: b, at: 5h, for: 7h}
      - {id: c, at: 20h}
`
	m := load(t, hand)
	sc, _ := m.Scenario("mixed")
	checkTable(t, m, sc, 1e9, 3*86400e9)

	doc := bcpgen.Generate(bcpgen.Config{Components: 400, Seed: 5, BIA: true, Scenarios: 4, Tolerance: 0.5})
	doc.Currency = "EUR"
	gm, err := bcp.Compile(doc)
	require.NoError(t, err)
	for _, sc := range gm.Scenarios() {
		for k := range sc.Disrupt {
			if k%2 == 0 {
				sc.Disrupt[k].For = 0 // open: the sampled duration sets it
			}
		}
		checkTable(t, gm, sc, 60e9, 10*86400e9)
	}
}

func checkTable(t *testing.T, m *bcp.Model, sc bcp.Scenario, lo, hi float64) {
	t.Helper()
	v := newValuation(m, sc, moneyFormulas(m))
	require.NoError(t, v.tabulate(lo, hi))
	r := rand.New(rand.NewPCG(1, 2))
	got := make([]float64, len(v.money))
	probes := append([]float64{lo, hi}, v.knots...)
	for k := 0; k < 300; k++ {
		probes = append(probes, math.Round(lo+(hi-lo)*r.Float64()))
	}
	for _, d := range probes {
		require.True(t, v.at(d, got))
		want, err := v.downtimes(d)
		require.NoError(t, err)
		for c := range want {
			// To the microsecond: chords carry float rounding of nanosecond values.
			require.InDelta(t, want[c], got[c], 1e3, "scenario %s, component %s, duration %s", sc.ID, m.ID(v.money[c].comp), bcp.FormatDuration(bcp.DurationOf(d/1e9)))
		}
		// The loss of an event: interpolated (affine formulas) and
		// evaluated (the others) equals valuing the simulation directly.
		direct, err := v.loss(want)
		require.NoError(t, err)
		interpolated, err := v.lossAt(d, make([]float64, len(v.money)))
		require.NoError(t, err)
		require.InDelta(t, direct, interpolated, 1e-6*(1+math.Abs(direct)), "scenario %s, duration %s", sc.ID, bcp.FormatDuration(bcp.DurationOf(d/1e9)))
	}
	t.Logf("scenario %s: %d knots from %d simulations", sc.ID, len(v.knots), v.sims)
}

// A scenario risk without a duration takes the incident timeline; a
// component down for good has no finite loss and is an error that says so.
func TestScenarioWithoutDuration(t *testing.T) {
	src := lineModel[:len(lineModel)-len(", duration: {low: 1h, high: 1d}}\n")] + "}\n"
	m := load(t, src)
	_, err := Analyze(context.Background(), m, Options{Years: 10})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `component "svc" is down for good in scenario "app-down"`)
	assert.Regexp(t, `^model\.yaml:\d+:\d+: risk "r": `, err.Error(), "the error names the risk where it is defined")
	var ve *ValuationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "r", ve.Risk)
	assert.Equal(t, 14, ve.Pos.Line)

	m = load(t, src[:len(src)-len("risks:\n  - {id: r, frequency: 0.5, scenario: app-down}\n")]+
		"  - {id: short, disrupt: [{id: app, for: 5h}]}\nrisks:\n  - {id: r, frequency: 0.5, scenario: short}\n")
	rep, err := Analyze(context.Background(), m, Options{Years: 10})
	require.NoError(t, err)
	relEqual(t, 0.5*3000, rep.Risks[0].Inherent.ClosedForm.MeanAnnualLoss, "(5h − 2h) · 1000 EUR/h · 0.5")
}

// A fallback that covers 75% of the work from the first minute leaves a
// quarter of the outage to value: 8h down is 2h at 1000 EUR/h (the BIA's
// effective disruption); with a 2h activation, 2h + 6h/4 = 3.5h.
func TestFallbackCapacityIsValued(t *testing.T) {
	for _, c := range []struct {
		activation string
		want       float64
	}{{"0s", 2000}, {"2h", 3500}} {
		src := strings.Replace(lineModel, "dependsOn: [{id: app, tolerance: 2h}]",
			"dependsOn: [app]\n    fallbacks: [{capacity: 0.75, activation: "+c.activation+"}]", 1)
		src = strings.Replace(src, "duration: {low: 1h, high: 1d}", "duration: 8h", 1)
		m := load(t, src)
		rep, err := Analyze(context.Background(), m, Options{Years: 100, Seed: 1})
		require.NoError(t, err)
		relEqual(t, 0.5*c.want, rep.Risks[0].Inherent.ClosedForm.MeanAnnualLoss, "activation "+c.activation)
	}
}

// A scenario risk without a duration is valued on the incident timeline,
// the recovery plan included: the files are back when the 8h restore
// finishes, as bcp impact and bcp recover say. Before, the plain simulation
// left them down for good and the risk failed.
func TestScenarioRiskWithoutDurationUsesTheRecoveryPlan(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(`
version: 1
currency: EUR
bia:
  categories: [{id: financial, unit: EUR, thresholds: {1: 1000, 2: 10000, 3: 100000, 4: 1000000, 5: 10000000}}]
teams: [{id: ops, capacity: 1}]
components:
  - id: files
    kind: data
    recovery: {team: ops, strategies: [{type: restore, time: 8h}]}
  - id: office
    kind: service
    dependsOn: [files]
    bia: {impact: {financial: {formula: '1000 * hours(t)'}}}
scenarios:
  - id: ransomware
    disrupt: [{id: files}]
risks:
  - {id: r, frequency: 0.5, scenario: ransomware}
`))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	rep, err := Analyze(context.Background(), m, Options{Years: 2000, Seed: 1})
	require.NoError(t, err)
	r := rep.Risks[0]
	require.NotNil(t, r.Inherent.ClosedForm, "the loss per event does not depend on a sampled duration")
	assert.InDelta(t, 0.5*8000, r.Inherent.ClosedForm.MeanAnnualLoss, 1e-9, "λ × 1000 EUR/h × 8h")
}

// Sums that overflow are an error naming the risk, not +Inf in a report
// that JSON cannot carry (before: "json: unsupported value: +Inf").
func TestOverflowingLossesAreAnError(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(`
version: 1
currency: EUR
bia:
  categories: [{id: financial, unit: EUR, thresholds: {1: 1, 2: 10, 3: 100, 4: 1000, 5: 10000}}]
components: [{id: svc, kind: service, bia: {impact: {financial: {formula: '1e300 * hours(t)'}}}}]
scenarios: [{id: s, disrupt: [{id: svc, for: 1h}]}]
risks:
  - {id: f, frequency: 1000, scenario: s}
`))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	_, err = Analyze(context.Background(), m, Options{Years: 100})
	assert.ErrorContains(t, err, `risk "f": annual losses overflow`)
	// Inputs beyond what a simulation can finish are load errors.
	doc, err = bcp.Parse("m.yaml", []byte("version: 1\ncurrency: EUR\ncomponents: [{id: a, kind: data}]\nrisks:\n  - {id: often, frequency: 1e9, loss: 10}\n  - {id: big, frequency: 1, loss: 1e308}\n"))
	require.NoError(t, err)
	_, err = bcp.Compile(doc)
	assert.ErrorContains(t, err, "frequency: 1e+09 is beyond what this release simulates")
	assert.ErrorContains(t, err, "loss: 1e+308 is beyond what this release simulates")
}
