package bcp

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"go.yaml.in/yaml/v3"
)

// BIAConfig is the model's business impact analysis setup: the impact scale,
// the categories, the standard time buckets and the rules that turn impact
// into objectives. Every part has a default (DefaultBIAConfig); a part that
// is given replaces its default.
type BIAConfig struct {
	// Levels is the impact scale, ascending; level 0 means no impact.
	Levels []ImpactLevel
	// Buckets are the standard outage durations, ascending: the columns of a
	// BIA questionnaire and heat map, and the values an RTO is rounded down to.
	Buckets []time.Duration
	// RPOBuckets are the standard RPO values, ascending.
	RPOBuckets []time.Duration
	// Categories are the kinds of impact assessed.
	Categories []ImpactCategory
	// RTO is an expression giving the RTO from mtpd (and the component's
	// Env); "" means DefaultRTORule.
	RTO    string
	RTOPos Position
	// RPO is an expression giving the RPO from dataLossTolerance; ""
	// means DefaultRPORule.
	RPO    string
	RPOPos Position
	// Tiers map an RTO to a recovery tier, the most critical first.
	Tiers []TierDef
	Pos   Position
}

// ImpactLevel is one step of the impact scale.
type ImpactLevel struct {
	Level       int
	Name        string
	Description string
	Pos         Position
}

// ImpactCategory is a kind of impact (financial, customer, legal, ...).
type ImpactCategory struct {
	ID   string
	Name string
	// Unit names what formulas in this category count (EUR, customers).
	Unit string
	// Intolerable is the level from which impact in this category is
	// intolerable; 0 means DefaultIntolerable.
	Intolerable int
	// Thresholds map a formula's amount to a level: the level is the
	// highest one whose amount is reached. Without thresholds a formula
	// gives the level itself.
	Thresholds []Threshold
	Pos        Position
}

// Threshold is the amount from which impact reaches Level.
type Threshold struct {
	Level  int
	Amount float64
	Pos    Position
}

// TierDef is a recovery tier: components whose RTO is at most MaxRTO (0: no
// limit, the catch-all last tier) belong to it.
type TierDef struct {
	Tier   int
	Name   string
	MaxRTO time.Duration
	Pos    Position
}

// ComponentBIA is one component's BIA data.
type ComponentBIA struct {
	// Impact is the impact of an outage over its elapsed time, per category.
	Impact []CategoryImpact
	// DataLoss is the impact of losing data, over the amount lost (as time),
	// per category.
	DataLoss []CategoryImpact
	// DataLossTolerance is the most data (as time) that may be lost, when
	// given directly instead of DataLoss; nil when not given.
	DataLossTolerance *time.Duration
	// ImpactTolerance is the declared impact tolerance (UK FCA/PRA, EU
	// DORA): the longest disruption the business accepts; 0 when not set.
	ImpactTolerance time.Duration
	// Important marks an important business service.
	Important bool
	Pos       Position
}

// CategoryImpact is the impact in one category, as levels reached at elapsed
// times (a step function), or as a formula of the elapsed time t.
type CategoryImpact struct {
	Category   string
	Levels     []LevelAt
	Formula    string
	FormulaPos Position
	Pos        Position
}

// LevelAt says that impact reaches Level after At.
type LevelAt struct {
	At    time.Duration
	Level int
	Pos   Position
}

// DefaultIntolerable is the level from which impact is intolerable when a
// category does not say.
const DefaultIntolerable = 4

// DefaultRTORule derives the RTO: the largest standard bucket strictly
// below the MTPD (half the MTPD when no bucket is that short), since the
// RTO must be less than the time to unacceptable impact (ISO 22301 3.28).
const DefaultRTORule = "bucketBelow(mtpd)"

// DefaultRPORule derives the RPO: the largest standard RPO not above the
// data-loss tolerance.
const DefaultRPORule = "rpoBucketAtMost(dataLossTolerance)"

// DefaultBIAConfig returns the defaults: a 1-5 scale, buckets 1h 4h 1d 3d
// 1w 2w 30d, RPOs 0s 15m 1h 4h 1d 1w, six categories intolerable from level
// 4, and tiers 1 (RTO <= 4h) mission critical, 2 (<= 24h) business critical,
// 3 (<= 1w) essential, 4 non-essential.
func DefaultBIAConfig() *BIAConfig {
	h := time.Hour
	d := 24 * h
	return &BIAConfig{
		Levels: []ImpactLevel{
			{Level: 1, Name: "minimal"}, {Level: 2, Name: "minor"}, {Level: 3, Name: "moderate"},
			{Level: 4, Name: "major"}, {Level: 5, Name: "severe"},
		},
		Buckets:    []time.Duration{h, 4 * h, d, 3 * d, 7 * d, 14 * d, 30 * d},
		RPOBuckets: []time.Duration{0, 15 * time.Minute, h, 4 * h, d, 7 * d},
		Categories: []ImpactCategory{
			{ID: "financial", Name: "Financial"},
			{ID: "operational", Name: "Operational"},
			{ID: "customer", Name: "Customer"},
			{ID: "reputational", Name: "Reputational"},
			{ID: "legal", Name: "Legal and regulatory"},
			{ID: "safety", Name: "Health and safety"},
		},
		RTO: DefaultRTORule,
		RPO: DefaultRPORule,
		Tiers: []TierDef{
			{Tier: 1, Name: "mission critical", MaxRTO: 4 * h},
			{Tier: 2, Name: "business critical", MaxRTO: d},
			{Tier: 3, Name: "essential", MaxRTO: 7 * d},
			{Tier: 4, Name: "non-essential"},
		},
	}
}

// MaxLevel is the highest level of the scale.
func (c *BIAConfig) MaxLevel() int {
	if len(c.Levels) == 0 {
		return 0
	}
	return c.Levels[len(c.Levels)-1].Level
}

// LevelName is the name of a level ("" for 0 and unnamed levels).
func (c *BIAConfig) LevelName(level int) string {
	for _, l := range c.Levels {
		if l.Level == level {
			return l.Name
		}
	}
	return ""
}

// Category returns the index of a category, or -1.
func (c *BIAConfig) Category(id string) int {
	for i, cat := range c.Categories {
		if cat.ID == id {
			return i
		}
	}
	return -1
}

// IntolerableAt is the level from which category i is intolerable.
func (c *BIAConfig) IntolerableAt(i int) int {
	if c.Categories[i].Intolerable > 0 {
		return c.Categories[i].Intolerable
	}
	return DefaultIntolerable
}

// LevelOf maps an amount to a level with category i's thresholds; without
// thresholds the amount is the level (rounded down). An amount within one
// part in 10^9 of a threshold reaches it, so that floating-point rounding
// (12000 * 150000s / 3600s) does not move a result by a second.
func (c *BIAConfig) LevelOf(i int, amount float64) int {
	th := c.Categories[i].Thresholds
	if len(th) == 0 {
		return int(math.Floor(amount + 1e-9*math.Max(1, math.Abs(amount))))
	}
	level := 0
	for _, t := range th {
		if amount >= t.Amount-1e-9*math.Max(1, math.Abs(t.Amount)) {
			level = t.Level
		}
	}
	return level
}

// TierOf returns the tier an RTO belongs to; rto < 0 (no RTO) gives the last
// tier.
func (c *BIAConfig) TierOf(rto time.Duration) TierDef {
	for _, t := range c.Tiers {
		if rto >= 0 && (t.MaxRTO == 0 || rto <= t.MaxRTO) {
			return t
		}
	}
	return c.Tiers[len(c.Tiers)-1]
}

// bucketBelow returns the largest of buckets strictly below d, or half of
// d (to the second) when none is.
func bucketBelow(buckets []time.Duration, d time.Duration) time.Duration {
	out := time.Duration(-1)
	for _, b := range buckets {
		if b < d {
			out = b
		}
	}
	if out < 0 || d == Forever {
		if d == Forever {
			return d
		}
		return (d / 2).Truncate(time.Second)
	}
	return out
}

// bucketAtMost returns the largest of buckets not above d, or d when none is.
func bucketAtMost(buckets []time.Duration, d time.Duration) time.Duration {
	out := time.Duration(-1)
	for _, b := range buckets {
		if b <= d {
			out = b
		}
	}
	if out < 0 {
		return d
	}
	return out
}

// ImpactEnv is what BIA expressions see: the component's Env plus t (the
// elapsed outage, or the data lost, in impact formulas), mtpd (in the RTO
// rule) and dataLossTolerance (in the RPO rule).
type ImpactEnv struct {
	Env
	T                 time.Duration `expr:"t"`
	MTPD              time.Duration `expr:"mtpd"`
	DataLossTolerance time.Duration `expr:"dataLossTolerance"`
}

// biaCompiled holds the model's BIA: the configuration with defaults and the
// compiled expressions.
type biaCompiled struct {
	cfg      *BIAConfig
	rto, rpo *program
	// forms[i] are component i's formulas: Impact entries then DataLoss
	// entries, nil for level tables.
	forms map[int32][]*program
	// derived are the components' derived objectives (deriveObjectives).
	derived map[int32]*derivedBIA
	vms     sync.Pool
}

func (m *Model) biaDuration(p *program, env *ImpactEnv, what string) (time.Duration, error) {
	out, err := m.runBIA(p, env)
	if err != nil {
		return 0, err
	}
	d, ok := out.(time.Duration)
	if !ok {
		return 0, fmt.Errorf("%s: %s %q gives %s, not a duration", p.pos, what, p.src, describe(out))
	}
	if d < 0 {
		return 0, fmt.Errorf("%s: %s %q gives a negative duration %s", p.pos, what, p.src, d)
	}
	return d, nil
}

func (m *Model) runBIA(p *program, env *ImpactEnv) (any, error) {
	v := m.bia.vms.Get().(*vm.VM)
	defer m.bia.vms.Put(v)
	out, err := runSafely(v, p, *env)
	if err != nil {
		return nil, fmt.Errorf("%s: evaluating %q: %w", p.pos, p.src, err)
	}
	return out, nil
}

// compileBIA validates the BIA configuration and every component's BIA data
// and compiles their expressions.
func (m *Model) compileBIA(doc *Document, cfg *config) Problems {
	var probs Problems
	for _, p := range doc.extraBIA {
		probs.add(p, nil, "bia is configured twice (first at %s); give it in one file only", doc.BIA.Pos)
	}
	bc := DefaultBIAConfig()
	if u := doc.BIA; u != nil {
		bc.override(u)
		probs = append(probs, bc.validate(u.Pos)...)
	}
	m.bia = &biaCompiled{cfg: bc, forms: map[int32][]*program{}}
	m.bia.vms.New = func() any { return &vm.VM{MemoryBudget: cfg.memoryBudget} }

	ec := newExprCompiler(m, cfg)
	ec.opts = append(ec.opts, expr.Env(ImpactEnv{}),
		bucketFunc("bucketAtMost", bc.Buckets, bucketAtMost), bucketFunc("bucketBelow", bc.Buckets, bucketBelow),
		bucketFunc("rpoBucketAtMost", bc.RPOBuckets, bucketAtMost))
	var prob *Problem
	if m.bia.rto, prob = ec.compile(bc.RTO, bc.RTOPos, reflectDuration, "bia rto rule"); prob != nil {
		probs = append(probs, *prob)
	}
	if m.bia.rpo, prob = ec.compile(bc.RPO, bc.RPOPos, reflectDuration, "bia rpo rule"); prob != nil {
		probs = append(probs, *prob)
	}
	bf := biaForms{bc: bc, ec: ec, compiled: map[string]*program{}, catIDs: make([]string, len(bc.Categories))}
	for i, c := range bc.Categories {
		bf.catIDs[i] = c.ID
	}
	for i := range m.comps {
		if m.comps[i].BIA != nil {
			m.bia.forms[int32(i)] = bf.component(&m.comps[i], &probs)
		}
	}
	return probs
}

// override takes what the model's bia configuration gives over the
// defaults.
func (bc *BIAConfig) override(u *BIAConfig) {
	bc.Pos = u.Pos
	if len(u.Levels) > 0 {
		bc.Levels = slices.Clone(u.Levels)
	}
	if len(u.Buckets) > 0 {
		bc.Buckets = slices.Clone(u.Buckets)
	}
	if len(u.RPOBuckets) > 0 {
		bc.RPOBuckets = slices.Clone(u.RPOBuckets)
	}
	if len(u.Categories) > 0 {
		bc.Categories = slices.Clone(u.Categories)
	}
	if len(u.Tiers) > 0 {
		bc.Tiers = slices.Clone(u.Tiers)
	}
	if u.RTO != "" {
		bc.RTO, bc.RTOPos = u.RTO, u.RTOPos
	}
	if u.RPO != "" {
		bc.RPO, bc.RPOPos = u.RPO, u.RPOPos
	}
}

// biaForms checks components' BIA data and compiles their formulas.
type biaForms struct {
	bc     *BIAConfig
	ec     *exprCompiler
	catIDs []string
	// compiled shares programs: models repeat the same formula on many
	// components (often through YAML anchors), compiled once.
	compiled map[string]*program
}

// component returns c's formulas, impact categories then data loss (nil
// where levels are given).
func (bf *biaForms) component(c *Component, probs *Problems) []*program {
	b := c.BIA
	pos := b.Pos
	if pos.Line == 0 {
		pos = c.Pos
	}
	if b.DataLossTolerance != nil && len(b.DataLoss) > 0 {
		probs.add(pos, nil, "component %q: give either bia.dataLoss (impact of losing data) or bia.dataLossTolerance, not both", c.ID)
	}
	if b.DataLossTolerance != nil && *b.DataLossTolerance < 0 || b.ImpactTolerance < 0 {
		probs.add(pos, nil, "component %q: bia tolerances must not be negative", c.ID)
	}
	var forms []*program
	for li, list := range [][]CategoryImpact{b.Impact, b.DataLoss} {
		what := "bia.impact"
		if li == 1 {
			what = "bia.dataLoss"
		}
		seen := map[string]bool{}
		for _, ci := range list {
			cpos := ci.Pos
			if cpos.Line == 0 {
				cpos = pos
			}
			if bf.bc.Category(ci.Category) < 0 {
				probs.add(cpos, nil, "component %q: %s: unknown impact category %q%s; the categories are: %s", c.ID, what, ci.Category, didYouMean(ci.Category, bf.catIDs), strings.Join(bf.catIDs, ", "))
			} else if seen[ci.Category] {
				probs.add(cpos, nil, "component %q: %s: category %q is given twice", c.ID, what, ci.Category)
			}
			seen[ci.Category] = true
			forms = append(forms, bf.formula(c, what, ci, cpos, probs))
		}
	}
	return forms
}

// formula compiles one category's formula, or checks its levels (nil).
func (bf *biaForms) formula(c *Component, what string, ci CategoryImpact, cpos Position, probs *Problems) *program {
	if ci.Formula == "" {
		*probs = append(*probs, bf.bc.checkLevels(c.ID, what+"."+ci.Category, cpos, ci.Levels)...)
		return nil
	}
	if len(ci.Levels) > 0 {
		probs.add(cpos, nil, "component %q: %s.%s: give levels or a formula, not both", c.ID, what, ci.Category)
	}
	if q, ok := bf.compiled[ci.Formula]; ok {
		return &program{Program: q.Program, src: q.src, pos: ci.FormulaPos}
	}
	p, prob := bf.ec.compile(ci.Formula, ci.FormulaPos, reflect.TypeOf(0.0), fmt.Sprintf("component %q %s.%s formula", c.ID, what, ci.Category))
	if prob != nil {
		*probs = append(*probs, *prob)
		return p
	}
	bf.compiled[ci.Formula] = p
	return p
}

func bucketFunc(name string, buckets []time.Duration, f func([]time.Duration, time.Duration) time.Duration) expr.Option {
	return expr.Function(name, func(p ...any) (any, error) {
		return f(buckets, p[0].(time.Duration)), nil
	}, new(func(time.Duration) time.Duration))
}

func (c *BIAConfig) checkLevels(id, what string, pos Position, levels []LevelAt) Problems {
	var probs Problems
	if len(levels) == 0 {
		probs.add(pos, nil, "component %q: %s: give levels by elapsed time (e.g. {4h: 2, 1d: 4}) or a formula", id, what)
	}
	max := c.MaxLevel()
	for k, l := range levels {
		lp := l.Pos
		if lp.Line == 0 {
			lp = pos
		}
		if l.Level < 0 || l.Level > max {
			probs.add(lp, nil, "component %q: %s: level %d at %s is outside the scale 0-%d", id, what, l.Level, FormatDuration(l.At), max)
		}
		if k > 0 && l.Level < levels[k-1].Level {
			probs.add(lp, nil, "component %q: %s: impact must not fall as time goes on: level %d at %s, then %d at %s", id, what, levels[k-1].Level, FormatDuration(levels[k-1].At), l.Level, FormatDuration(l.At))
		}
	}
	return probs
}

// validate checks a configuration given in a file.
func (c *BIAConfig) validate(pos Position) Problems {
	var probs Problems
	at := func(p Position) Position {
		if p.Line == 0 {
			return pos
		}
		return p
	}
	for k, l := range c.Levels {
		if l.Level < 1 {
			probs.add(at(l.Pos), nil, "bia levels: level %d: levels are whole numbers from 1 (0 means no impact)", l.Level)
		}
		if k > 0 && l.Level <= c.Levels[k-1].Level {
			probs.add(at(l.Pos), nil, "bia levels must be listed in ascending order without repeats: %d after %d", l.Level, c.Levels[k-1].Level)
		}
	}
	for _, b := range [][]time.Duration{c.Buckets, c.RPOBuckets} {
		for k := 1; k < len(b); k++ {
			if b[k] <= b[k-1] {
				probs.add(pos, nil, "bia buckets must be ascending without repeats: %s after %s", FormatDuration(b[k]), FormatDuration(b[k-1]))
			}
		}
	}
	max := c.MaxLevel()
	seen := map[string]Position{}
	for _, cat := range c.Categories {
		cp := at(cat.Pos)
		if !validID(cat.ID) {
			probs.add(cp, nil, "bia category id %q must be non-empty and use letters, digits and . _ : / -", cat.ID)
		}
		if p, dup := seen[cat.ID]; dup {
			probs.add(cp, nil, "bia category %q is defined twice (first at %s)", cat.ID, p)
		}
		seen[cat.ID] = cp
		if cat.Intolerable < 0 || cat.Intolerable > max {
			probs.add(cp, nil, "bia category %q: intolerable level %d is outside the scale 1-%d", cat.ID, cat.Intolerable, max)
		}
		for k, t := range cat.Thresholds {
			if t.Level < 1 || t.Level > max {
				probs.add(at(t.Pos), nil, "bia category %q: threshold for level %d is outside the scale 1-%d", cat.ID, t.Level, max)
			}
			if k > 0 && t.Amount <= cat.Thresholds[k-1].Amount {
				probs.add(at(t.Pos), nil, "bia category %q: thresholds must grow with the level: level %d from %g, but level %d already from %g", cat.ID, t.Level, t.Amount, cat.Thresholds[k-1].Level, cat.Thresholds[k-1].Amount)
			}
		}
	}
	tiers := map[int]bool{}
	for k, t := range c.Tiers {
		tp := at(t.Pos)
		if t.Tier < 1 || tiers[t.Tier] {
			probs.add(tp, nil, "bia tiers: tier %d: tiers are distinct whole numbers from 1", t.Tier)
		}
		tiers[t.Tier] = true
		if t.MaxRTO == 0 && k != len(c.Tiers)-1 {
			probs.add(tp, nil, "bia tiers: only the last tier may omit maxRTO (it takes everything else)")
		}
		if k > 0 && t.MaxRTO != 0 && t.MaxRTO <= c.Tiers[k-1].MaxRTO {
			probs.add(tp, nil, "bia tiers must be listed with growing maxRTO: %s after %s", FormatDuration(t.MaxRTO), FormatDuration(c.Tiers[k-1].MaxRTO))
		}
	}
	return probs
}

// decoding

var (
	biaConfigFields    = []string{"levels", "buckets", "rpoBuckets", "categories", "rto", "rpo", "tiers"}
	biaLevelFields     = []string{"level", "name", "description"}
	biaCategoryFields  = []string{"id", "name", "unit", "intolerable", "thresholds"}
	biaTierFields      = []string{"tier", "name", "maxRTO"}
	componentBIAFields = []string{"impact", "dataLoss", "dataLossTolerance", "impactTolerance", "important"}
)

func (d *decoder) biaConfig(n *yaml.Node) *BIAConfig {
	c := &BIAConfig{Pos: d.pos(n)}
	d.fields(n, "bia", biaConfigFields, func(key string, _, v *yaml.Node) {
		switch key {
		case "levels":
			d.seq(v, "bia levels", func(_ int, e *yaml.Node) {
				l := ImpactLevel{Pos: d.pos(e)}
				d.fields(e, "a bia level", biaLevelFields, func(key string, _, v *yaml.Node) {
					switch key {
					case "level":
						l.Level, _ = d.integer(v, "level")
					case "name":
						l.Name = d.str(v, "name")
					case "description":
						l.Description = d.str(v, "description")
					}
				})
				c.Levels = append(c.Levels, l)
			})
		case "buckets":
			c.Buckets = d.durations(v, "bia buckets")
		case "rpoBuckets":
			c.RPOBuckets = d.durations(v, "bia rpoBuckets")
		case "categories":
			d.seq(v, "bia categories", func(_ int, e *yaml.Node) {
				c.Categories = append(c.Categories, d.biaCategory(e))
			})
		case "rto":
			c.RTO, c.RTOPos = d.str(v, "bia rto rule"), d.exprPos(v)
		case "rpo":
			c.RPO, c.RPOPos = d.str(v, "bia rpo rule"), d.exprPos(v)
		case "tiers":
			d.seq(v, "bia tiers", func(_ int, e *yaml.Node) {
				t := TierDef{Pos: d.pos(e)}
				d.fields(e, "a bia tier", biaTierFields, func(key string, _, v *yaml.Node) {
					switch key {
					case "tier":
						t.Tier, _ = d.integer(v, "tier")
					case "name":
						t.Name = d.str(v, "name")
					case "maxRTO":
						t.MaxRTO = d.duration(v, "maxRTO")
					}
				})
				c.Tiers = append(c.Tiers, t)
			})
		}
	})
	return c
}

func (d *decoder) durations(n *yaml.Node, what string) []time.Duration {
	var out []time.Duration
	d.seq(n, what, func(_ int, e *yaml.Node) {
		out = append(out, d.duration(e, what+" entry"))
	})
	return out
}

func (d *decoder) biaCategory(n *yaml.Node) ImpactCategory {
	c := ImpactCategory{Pos: d.pos(n)}
	d.fields(n, "a bia category", biaCategoryFields, func(key string, _, v *yaml.Node) {
		switch key {
		case "id":
			c.ID = d.str(v, "id")
		case "name":
			c.Name = d.str(v, "name")
		case "unit":
			c.Unit = d.str(v, "unit")
		case "intolerable":
			c.Intolerable, _ = d.integer(v, "intolerable")
		case "thresholds":
			if d.resolve(v).Kind != yaml.MappingNode {
				d.errorf(v, "thresholds must be a mapping of levels to amounts, e.g. {2: 10000, 4: 500000}, not %s", kindName(v))
				return
			}
			pairs, ok := d.mergedPairs(d.resolve(v), "thresholds")
			if !ok {
				return
			}
			for i := 0; i+1 < len(pairs); i += 2 {
				lv, err := strconv.Atoi(pairs[i].Value)
				if err != nil {
					d.errorf(pairs[i], "thresholds: key %q must be a level (a whole number)", pairs[i].Value)
					continue
				}
				amt, _ := d.number(pairs[i+1], fmt.Sprintf("threshold of level %d", lv))
				c.Thresholds = append(c.Thresholds, Threshold{Level: lv, Amount: amt, Pos: d.pos(pairs[i])})
			}
			sort.SliceStable(c.Thresholds, func(a, b int) bool { return c.Thresholds[a].Level < c.Thresholds[b].Level })
		}
	})
	return c
}

func (d *decoder) componentBIA(n *yaml.Node) *ComponentBIA {
	b := &ComponentBIA{Pos: d.pos(n)}
	d.fields(n, "bia", componentBIAFields, func(key string, _, v *yaml.Node) {
		switch key {
		case "impact":
			b.Impact = d.categoryImpacts(v, "bia.impact")
		case "dataLoss":
			b.DataLoss = d.categoryImpacts(v, "bia.dataLoss")
		case "dataLossTolerance":
			t := d.duration(v, "dataLossTolerance")
			b.DataLossTolerance = &t
		case "impactTolerance":
			b.ImpactTolerance = d.duration(v, "impactTolerance")
		case "important":
			b.Important = d.boolean(v, "important")
		}
	})
	return b
}

// categoryImpacts reads {category: {4h: 2, 1d: 4}} or {category: {formula: '...'}}.
func (d *decoder) categoryImpacts(n *yaml.Node, what string) []CategoryImpact {
	n = d.resolve(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping of categories to impacts, not %s", what, kindName(n))
		return nil
	}
	pairs, ok := d.mergedPairs(n, what)
	if !ok {
		return nil
	}
	var out []CategoryImpact
	for i := 0; i+1 < len(pairs); i += 2 {
		k, v := pairs[i], d.resolve(pairs[i+1])
		ci := CategoryImpact{Category: k.Value, Pos: d.pos(k)}
		cw := what + "." + k.Value
		if v.Kind != yaml.MappingNode {
			d.errorf(v, "%s must be levels by elapsed time, e.g. {4h: 2, 1d: 4}, or {formula: '...'}, not %s", cw, kindName(v))
			continue
		}
		vp, ok := d.mergedPairs(v, cw)
		if !ok {
			continue
		}
		for j := 0; j+1 < len(vp); j += 2 {
			key, val := vp[j], d.resolve(vp[j+1])
			if key.Value == "formula" {
				ci.Formula, ci.FormulaPos = d.str(val, cw+" formula"), d.exprPos(val)
				continue
			}
			at, err := ParseDuration(key.Value)
			if err != nil {
				d.probs.add(d.pos(key), err, "%s: %q is neither a duration (e.g. 4h) nor formula: %v", cw, key.Value, err)
				continue
			}
			lv, ok := d.integer(val, fmt.Sprintf("%s level at %s", cw, key.Value))
			if !ok {
				continue
			}
			for _, prev := range ci.Levels {
				if prev.At == at {
					d.errorf(key, "%s: %s is given twice", cw, FormatDuration(at))
				}
			}
			ci.Levels = append(ci.Levels, LevelAt{At: at, Level: lv, Pos: d.pos(key)})
		}
		sort.SliceStable(ci.Levels, func(a, b int) bool { return ci.Levels[a].At < ci.Levels[b].At })
		out = append(out, ci)
	}
	return out
}
