package recovery_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bia"
	"github.com/continuitykit/continuity/internal/modeltest"
	"github.com/continuitykit/continuity/recovery"
)

// randomDuration is a duration in whole seconds up to the largest one, most
// often near the limit where sums wrap around.
func randomDuration(r *rand.Rand) string {
	maxSecs := int64(bcp.Forever / time.Second)
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("%ds", 1+r.Int64N(7*24*3600))
	case 1:
		return fmt.Sprintf("%ds", maxSecs-r.Int64N(30*24*3600))
	default:
		return fmt.Sprintf("%ds", 1+r.Int64N(maxSecs))
	}
}

// saturationModel is a chain service <- app <- db with a fallback, a
// tolerance, recovery strategies, BIA impact and scenarios, every duration
// random.
func saturationModel(r *rand.Rand) string {
	d := func() string { return randomDuration(r) }
	return fmt.Sprintf(`version: 1
bia:
  categories:
    - {id: financial, name: Lost revenue, unit: EUR, thresholds: {1: 1000, 2: 25000, 3: 100000, 4: 300000, 5: 1000000}}
    - {id: customer, name: Customer harm}
teams:
  - {id: ops, name: Ops}
components:
  - id: svc
    kind: service
    objectives: {rto: %s, mtpd: %s}
    attributes: {revenuePerHour: 1000}
    bia:
      important: true
      impactTolerance: %s
      impact:
        financial: {formula: 'attributes.revenuePerHour * hours(t)'}
        customer: {%s: 2, %s: 4}
      dataLoss:
        customer: {%s: 3}
    dependsOn:
      - {id: app, tolerance: %s}
    fallbacks:
      - {name: paper, capacity: 0.5, activation: %s, maxDuration: %s, backlogPerHour: %s}
  - id: app
    kind: application
    objectives: {rto: %s, rpo: %s}
    dependsOn: [db]
    recovery:
      team: ops
      strategies:
        - {type: hot-standby, time: %s, tested: "%04d-01-01"}
  - id: db
    kind: data
    objectives: {rto: %s, rpo: %s}
    recovery:
      team: ops
      strategies:
        - {type: restore, time: %s, dataLoss: %s, copies: 3, media: 2, offsite: 1, tested: "%04d-06-30"}
scenarios:
  - id: bounded
    disrupt:
      - {id: db, at: %s, for: %s}
  - id: open
    disrupt:
      - {id: db, at: %s}
      - {id: app, at: %s, for: %s}
`, d(), d(), d(), d(), d(), d(), d(), d(), d(), d(), d(), d(), d(), 1+r.IntN(9999), d(), d(), d(), d(), 1+r.IntN(9999), d(), d(), d(), d(), d())
}

// TestNoNegativeTimes: with durations anywhere up to the largest one, no
// time or duration in the JSON of impact, recover, the incident timeline,
// bia and gaps (also on an incident) is negative, and no text says T+-.
func TestNoNegativeTimes(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 100
	}
	r := rand.New(rand.NewPCG(11, 2026))
	analysed := 0
	defer func() { assert.Greater(t, analysed, n/10, "enough random models compile") }()
	for i := 0; i < n; i++ {
		src := saturationModel(r)
		doc, err := bcp.Parse("sat.yaml", []byte(src))
		require.NoError(t, err, src)
		m, err := bcp.Compile(doc)
		if err != nil {
			// Random objectives may contradict (an rto above the mtpd);
			// those models are rejected, not analysed.
			continue
		}
		analysed++
		var outs []any
		for _, sc := range m.Scenarios() {
			im, err := m.Simulate(sc, bcp.SimulateOptions{})
			require.NoError(t, err)
			outs = append(outs, im)
			p, err := recovery.Schedule(m, sc, recovery.Options{})
			require.NoError(t, err)
			outs = append(outs, p)
			assert.NotContains(t, p.Runbook(m), "T+-", src)
			inc, err := recovery.Timeline(m, sc, recovery.Options{})
			require.NoError(t, err)
			outs = append(outs, inc.Impact, recovery.Gaps(m, recovery.GapOptions{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Incident: inc}))
		}
		rep, err := bia.Analyze(m, bia.Options{})
		require.NoError(t, err)
		outs = append(outs, rep)
		now := time.Date(1+r.IntN(9999), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		gaps := recovery.Gaps(m, recovery.GapOptions{Now: now})
		outs = append(outs, gaps)
		for _, f := range gaps.Findings {
			assert.NotContains(t, f.Message, " -", src)
		}
		for _, o := range outs {
			data, err := json.Marshal(o)
			require.NoError(t, err)
			var v any
			require.NoError(t, json.Unmarshal(data, &v))
			modeltest.WalkNumbers(v, "", func(path string, x float64) {
				assert.GreaterOrEqual(t, x, 0.0, "%s in %T is negative; model:\n%s", path, o, src)
			})
			assert.False(t, strings.Contains(string(data), "T+-"))
		}
		if t.Failed() {
			return
		}
	}
}

// TestRestoreBeyondTheLimit: a restore of 15250w started at 1w used to
// finish at a negative time and meet its RTO; now it finishes never and
// misses it.
func TestRestoreBeyondTheLimit(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(`version: 1
teams: [{id: ops}]
components:
  - {id: svc, kind: service, objectives: {rto: 1h}, dependsOn: [db]}
  - id: db
    kind: data
    recovery: {team: ops, strategies: [{type: restore, time: 15250w}]}
scenarios:
  - {id: s, disrupt: [{id: db, at: 1w}]}
`))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	sc, err := m.Scenario("s")
	require.NoError(t, err)
	p, err := recovery.Schedule(m, sc, recovery.Options{})
	require.NoError(t, err)
	require.Len(t, p.Steps, 1)
	assert.Equal(t, bcp.Forever, p.Steps[0].Finish)
	require.Len(t, p.Services, 1)
	require.NotNil(t, p.Services[0].Met)
	assert.False(t, *p.Services[0].Met)
	assert.Equal(t, bcp.Forever, p.Services[0].RestoredAt)
}

// TestTestAgeInDistantYears: ages beyond 292 years are counted on the
// calendar, not as a saturated time.Duration ("106751 days").
func TestTestAgeInDistantYears(t *testing.T) {
	doc, err := bcp.Parse("m.yaml", []byte(`version: 1
teams: [{id: ops}]
components:
  - id: db
    kind: data
    recovery: {team: ops, strategies: [{type: restore, time: 1h, copies: 3, media: 2, offsite: 1, tested: "2026-01-01"}]}
`))
	require.NoError(t, err)
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	rep := recovery.Gaps(m, recovery.GapOptions{Now: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)})
	var msgs []string
	for _, f := range rep.Findings {
		msgs = append(msgs, f.Message)
	}
	assert.Contains(t, msgs, `"restore" was last tested on 2026-01-01, 2912442 days ago (limit 365)`)
}

// TestGapsOnALongChain: every component of a chain used to list the whole
// chain below it (quadratic: a 100k chain ran out of 16 GB); the path is
// now at most MaxRTCPath ids, and the finding still names where the chain
// ends.
func TestGapsOnALongChain(t *testing.T) {
	const n = 40
	doc := &bcp.Document{Version: 1, Teams: []bcp.Team{{ID: "ops"}}}
	for i := 0; i < n; i++ {
		c := bcp.Component{ID: fmt.Sprintf("c%02d", i), Kind: bcp.KindApplication, Objectives: bcp.Objectives{RTO: time.Hour}}
		if i+1 < n {
			c.DependsOn = []bcp.Dependency{{ID: fmt.Sprintf("c%02d", i+1)}}
			c.Recovery = &bcp.Recovery{Team: "ops", Strategies: []bcp.Strategy{{Type: "restore", Time: time.Hour}}}
		}
		doc.Components = append(doc.Components, c)
	}
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	rep := recovery.Gaps(m, recovery.GapOptions{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	require.Len(t, rep.Components, n)
	first := rep.Components[0]
	assert.Len(t, first.RTCPath, recovery.MaxRTCPath)
	assert.True(t, first.RTCPathTruncated)
	assert.Equal(t, bcp.Forever, first.RTC)
	last := rep.Components[n-recovery.MaxRTCPath]
	assert.Len(t, last.RTCPath, recovery.MaxRTCPath)
	assert.False(t, last.RTCPathTruncated)
	var msg string
	for _, f := range rep.Findings {
		if f.Component == "c00" && f.Rule == "rto-gap" {
			msg = f.Message
		}
	}
	assert.Equal(t, "c00 cannot be recovered: c39 has no recovery strategy (via c00 → c01 → c02 → c03 → c04 → c05 → c06 → c07 → c08 → c09 → c10 → c11 → c12 → c13 → c14 → c15 → …)", msg)
}

// A long chain whose end recovers from a standby is answered on each
// component's own recovery closure, with the same truncated paths.
func TestGapsOnALongChainEndingInAStandby(t *testing.T) {
	const n = 40
	doc := &bcp.Document{Version: 1, Teams: []bcp.Team{{ID: "ops"}}}
	for i := 0; i < n; i++ {
		c := bcp.Component{ID: fmt.Sprintf("c%02d", i), Kind: bcp.KindApplication, Objectives: bcp.Objectives{RTO: time.Hour},
			Recovery: &bcp.Recovery{Team: "ops", Strategies: []bcp.Strategy{{Type: "restore", Time: time.Hour}}}}
		if i+1 < n {
			c.DependsOn = []bcp.Dependency{{ID: fmt.Sprintf("c%02d", i+1)}}
		} else {
			c.Recovery.Strategies = []bcp.Strategy{{Type: "warm-standby", Time: time.Hour, Requires: []string{"standby"}}}
		}
		doc.Components = append(doc.Components, c)
	}
	doc.Components = append(doc.Components, bcp.Component{ID: "standby", Kind: bcp.KindInfrastructure})
	m, err := bcp.Compile(doc)
	require.NoError(t, err)
	_, byID := gapsOn(m)
	first := byID["c00"]
	assert.Equal(t, n*time.Hour, first.RTC)
	assert.Len(t, first.RTCPath, recovery.MaxRTCPath)
	assert.True(t, first.RTCPathTruncated)
	last := byID[fmt.Sprintf("c%02d", n-recovery.MaxRTCPath)]
	assert.Equal(t, recovery.MaxRTCPath*time.Hour, last.RTC)
	assert.Len(t, last.RTCPath, recovery.MaxRTCPath)
	assert.False(t, last.RTCPathTruncated)
	assert.Equal(t, time.Hour, byID["c39"].RTC)
}
