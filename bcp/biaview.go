package bcp

import (
	"fmt"
	"math"
	"time"
)

// BIA is the model's business impact analysis as the bia and risk packages
// read it: the configuration, each component's impact at a time, when it
// becomes intolerable and the RTO and RPO rules. It is a view of the
// compiled model: cheap to copy and safe for concurrent use. The objectives
// in force (declared, else derived) are Model.InForce.
type BIA struct{ m *Model }

// BIA returns the model's business impact analysis.
func (m *Model) BIA() BIA { return BIA{m} }

// Config returns the model's BIA configuration, defaults filled in. It must
// not be changed.
func (v BIA) Config() *BIAConfig { return v.m.bia.cfg }

// ImpactAt evaluates component i's impact in entry e of its BIA Impact (or,
// with dataLoss, DataLoss) list at t: the level and, for a formula, the
// amount (NaN for a level table). Errors are evaluation errors of a formula.
func (v BIA) ImpactAt(i int, dataLoss bool, e int, t time.Duration) (int, float64, error) {
	b := v.m.comps[i].BIA
	list := b.Impact
	k := e
	if dataLoss {
		list = b.DataLoss
		k = len(b.Impact) + e
	}
	ci := &list[e]
	if ci.Formula == "" {
		level := 0
		for _, l := range ci.Levels {
			if l.At <= t {
				level = l.Level
			}
		}
		return level, math.NaN(), nil
	}
	cat := v.m.bia.cfg.Category(ci.Category)
	env := ImpactEnv{Env: v.m.environments()[i], T: t}
	out, err := v.m.runBIA(v.m.bia.forms[int32(i)][k], &env)
	if err != nil {
		return 0, 0, err
	}
	amount, ok := toFloat(out)
	if !ok {
		return 0, 0, fmt.Errorf("%s: formula %q gives %s at t=%s, not a number", ci.FormulaPos, ci.Formula, describe(out), FormatDuration(t))
	}
	if math.IsNaN(amount) || math.IsInf(amount, 0) {
		return 0, amount, fmt.Errorf("%s: formula %q gives %g at t=%s; it must give a finite number", ci.FormulaPos, ci.Formula, amount, FormatDuration(t))
	}
	level := v.m.bia.cfg.LevelOf(cat, amount)
	if level < 0 || level > v.m.bia.cfg.MaxLevel() {
		return 0, amount, fmt.Errorf("%s: formula %q gives level %d at t=%s, outside the scale 0-%d (category %q has no thresholds, so the formula must give a level)", ci.FormulaPos, ci.Formula, level, FormatDuration(t), v.m.bia.cfg.MaxLevel(), ci.Category)
	}
	return level, amount, nil
}

// DeriveRTO applies the model's RTO rule to component i with the given MTPD.
func (v BIA) DeriveRTO(i int, mtpd time.Duration) (time.Duration, error) {
	env := ImpactEnv{Env: v.m.environments()[i], MTPD: mtpd}
	return v.m.biaDuration(v.m.bia.rto, &env, "rto rule")
}

// DeriveRPO applies the model's RPO rule to component i with the given
// data-loss tolerance.
func (v BIA) DeriveRPO(i int, tolerance time.Duration) (time.Duration, error) {
	env := ImpactEnv{Env: v.m.environments()[i], DataLossTolerance: tolerance}
	return v.m.biaDuration(v.m.bia.rpo, &env, "rpo rule")
}

// IntolerableAfter returns when entry e of component i's BIA Impact list
// (with dataLoss, its DataLoss list) first reaches its category's
// intolerable level: the elapsed outage, or the data lost; Forever when it
// never does. A level table is read as given. A formula is evaluated at 0
// and at each bucket (RPO buckets for data loss) up to the first
// intolerable one, then bisected to the second in the gap before it, so
// it is assumed to grow with time; one that stays tolerable up to the last
// bucket is taken as never intolerable. Compile computes the Impact
// entries once; errors are a formula's evaluation errors.
func (v BIA) IntolerableAfter(i int, dataLoss bool, e int) (time.Duration, error) {
	if d := v.m.bia.derived[int32(i)]; d != nil && !dataLoss {
		return d.intolerable[e], nil
	}
	return v.m.searchIntolerable(i, dataLoss, e)
}
