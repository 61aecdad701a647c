package bcpgen

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// Config describes the model to generate. Zero fields take the defaults
// noted on each.
type Config struct {
	// Components is the number of components; default 1000.
	Components int
	// Seed makes the model; the same seed gives the same model.
	Seed uint64
	// Degree is the average number of dependency entries per component that
	// has dependencies; default 4.
	Degree float64
	// Redundancy is the share of dependency entries that are redundancy
	// groups (anyOf or atLeast); default 0.2.
	Redundancy float64
	// Window is how far (as a share of a layer) a component looks for its
	// dependencies around its own position: organisations are modular, so
	// cones stay bounded. Default 0.01; 1 means anywhere.
	Window float64
	// Hubs is the chance that a dependency goes to a shared hub (the core
	// network, the identity provider, a main site); default 0.02.
	Hubs float64
	// Virtual is the share of virtual components; default 0.02.
	Virtual float64
	// Tolerance is the share of plain dependencies with a tolerance;
	// default 0.1.
	Tolerance float64
	// Rules adds this many rules (checks and one set rule).
	Rules int
	// Scenarios adds this many random scenarios.
	Scenarios int
	// BIA gives every service BIA data: a revenue formula, customer and
	// reputational levels, and data-loss levels, with a BIA configuration
	// that has thresholds. It draws from its own random stream, so the rest
	// of the model is the same with or without it.
	BIA bool
}

func (c Config) withDefaults() Config {
	if c.Components <= 0 {
		c.Components = 1000
	}
	if c.Degree <= 0 {
		c.Degree = 4
	}
	if c.Redundancy < 0 || c.Redundancy > 1 {
		c.Redundancy = 0.2
	} else if c.Redundancy == 0 {
		c.Redundancy = 0.2
	}
	if c.Window <= 0 {
		c.Window = 0.01
	}
	if c.Hubs <= 0 {
		c.Hubs = 0.02
	}
	if c.Virtual <= 0 {
		c.Virtual = 0.02
	}
	if c.Tolerance <= 0 {
		c.Tolerance = 0.1
	}
	return c
}

// layers from the bottom (no dependencies) up, with their share of
// components. A component depends only on lower layers, so models are
// acyclic by construction.
var layers = []struct {
	kind  bcp.Kind
	share float64
}{
	{bcp.KindSite, 0.03}, {bcp.KindSupplier, 0.07}, {bcp.KindPeople, 0.15},
	{bcp.KindNetwork, 0.08}, {bcp.KindInfrastructure, 0.25}, {bcp.KindData, 0.10},
	{bcp.KindApplication, 0.22}, {bcp.KindService, 0.10},
}

// Generate returns a layered, acyclic model: services depend on
// applications, which depend on data and infrastructure, down to networks,
// people, suppliers and sites.
func Generate(cfg Config) *bcp.Document {
	cfg = cfg.withDefaults()
	n := cfg.Components
	g := &generator{cfg: cfg, r: rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15)), start: make([]int, len(layers)+1)}
	// Layer boundaries: layer l holds ids [start[l], start[l+1]).
	acc := 0.0
	for l := range layers {
		g.start[l] = int(acc * float64(n))
		acc += layers[l].share
	}
	g.start[len(layers)] = n
	doc := &bcp.Document{Version: 1, Name: fmt.Sprintf("generated n=%d seed=%d", n, cfg.Seed), Components: make([]bcp.Component, n)}
	for l := range layers {
		for i := g.start[l]; i < g.start[l+1]; i++ {
			doc.Components[i] = g.component(i, l)
		}
	}
	doc.Rules = rules(cfg.Rules)
	if cfg.BIA {
		addBIA(doc, cfg.Seed)
	}
	for s := 0; s < cfg.Scenarios; s++ {
		doc.Scenarios = append(doc.Scenarios, g.scenario(s))
	}
	return doc
}

// generator draws a model's parts from one random stream, in a fixed
// order: the same seed gives the same model.
type generator struct {
	cfg   Config
	r     *rand.Rand
	start []int // layer l holds ids [start[l], start[l+1])
}

func id(i int) string { return fmt.Sprintf("c%d", i) }

// pick returns a component of layer l for component i to depend on (-1:
// the layer is empty): near i's relative position in its own layer, or a
// hub.
func (g *generator) pick(i, l int) int {
	lo, hi := g.start[l], g.start[l+1]
	size := hi - lo
	if size == 0 {
		return -1
	}
	if g.r.Float64() < g.cfg.Hubs {
		return lo + g.r.IntN(min(size, 5))
	}
	var ownLayer int
	for ownLayer = 0; g.start[ownLayer+1] <= i; ownLayer++ {
	}
	p := float64(i-g.start[ownLayer]) / float64(max(1, g.start[ownLayer+1]-g.start[ownLayer]))
	w := max(1, int(g.cfg.Window*float64(size)))
	c := lo + int(p*float64(size)) + g.r.IntN(2*w+1) - w
	return min(max(c, lo), hi-1)
}

func (g *generator) component(i, l int) bcp.Component {
	r := g.r
	c := bcp.Component{ID: id(i), Kind: layers[l].kind, Owner: fmt.Sprintf("team-%d", i%50)}
	if r.Float64() < g.cfg.Virtual && l > 0 {
		c.Virtual = true
	}
	if l == 0 || r.Float64() < 0.3 {
		// Drawn for every component, so that the rest of the model stays
		// what the seed gave before; a virtual one cannot fail by itself
		// and has none.
		if a := 0.99 + 0.0099*r.Float64(); !c.Virtual {
			c.Availability = a
		}
	}
	if layers[l].kind == bcp.KindService {
		c.Tier = 1 + r.IntN(3)
		rto := time.Duration(1+r.IntN(48)) * time.Hour
		c.Objectives = bcp.Objectives{RTO: rto, MTPD: rto * time.Duration(1+r.IntN(3)), RPO: time.Duration(r.IntN(24)) * time.Hour}
		c.Attributes = map[string]any{"revenuePerHour": r.IntN(100000)}
	}
	if r.Float64() < 0.1 {
		c.Tags = []string{"windows"}
	}
	if l > 0 {
		c.DependsOn = g.dependencies(i, l)
	}
	return c
}

// dependencies draws component i's requirements on the layers below l.
func (g *generator) dependencies(i, l int) []bcp.Dependency {
	r := g.r
	deg := int(g.cfg.Degree)
	if r.Float64() < g.cfg.Degree-float64(deg) {
		deg++
	}
	deg = max(deg, 1)
	var deps []bcp.Dependency
	used := map[string]bool{}
	for d := 0; d < deg; d++ {
		lower := r.IntN(l)
		if r.Float64() < g.cfg.Redundancy {
			if dep, ok := g.group(i, lower); ok {
				deps = append(deps, dep)
			}
			continue
		}
		x := g.pick(i, lower)
		if x < 0 || used[id(x)] {
			continue
		}
		used[id(x)] = true
		dep := bcp.Dependency{ID: id(x)}
		if r.Float64() < g.cfg.Tolerance {
			dep.Tolerance = time.Duration(1+r.IntN(12)) * time.Hour
		}
		deps = append(deps, dep)
	}
	return deps
}

// group draws a redundancy group of 2 to 4 members of layer lower (ok is
// false when fewer than 2 distinct ones came up).
func (g *generator) group(i, lower int) (bcp.Dependency, bool) {
	size := 2 + g.r.IntN(3)
	var members []string
	seen := map[int]bool{}
	for k := 0; k < size*3 && len(members) < size; k++ {
		x := g.pick(i, lower)
		if x >= 0 && !seen[x] {
			seen[x] = true
			members = append(members, id(x))
		}
	}
	if len(members) < 2 {
		return bcp.Dependency{}, false
	}
	dep := bcp.Dependency{Kind: bcp.AnyOf, Members: members}
	if len(members) > 2 && g.r.IntN(2) == 0 {
		dep.Kind, dep.K = bcp.AtLeast, 2
	}
	return dep, true
}

// rules returns n policy rules of four shapes and, with any, a set rule.
func rules(n int) []bcp.Rule {
	var out []bcp.Rule
	for k := 0; k < n; k++ {
		switch k % 4 {
		case 0:
			out = append(out, bcp.Rule{Name: fmt.Sprintf("r%d-tier1-rto", k), When: `kind == "service" && tier == 1`, Check: `objectives.rto <= duration("4h")`, Severity: bcp.SeverityError, Message: "{{id}} RTO {{objectives.rto}}"})
		case 1:
			out = append(out, bcp.Rule{Name: fmt.Sprintf("r%d-owner", k), Check: `owner != ""`, Severity: bcp.SeverityWarning})
		case 2:
			out = append(out, bcp.Rule{Name: fmt.Sprintf("r%d-avail", k), When: `kind in ["site", "supplier"]`, Check: `availability >= 0.99`, Severity: bcp.SeverityInfo})
		case 3:
			out = append(out, bcp.Rule{Name: fmt.Sprintf("r%d-deps", k), When: `kind == "application"`, Check: `len(dependencies) > 0 && !("windows" in tags && tier == 1)`, Severity: bcp.SeverityWarning})
		}
	}
	if n > 0 {
		out = append(out, bcp.Rule{Name: "derive-criticality", When: `kind == "service"`, Set: []bcp.Assignment{{Target: "attributes.critical", Expr: `tier == 1 || objectives.mtpd <= duration("1d")`}}})
	}
	return out
}

func (g *generator) scenario(s int) bcp.Scenario {
	r := g.r
	sc := bcp.Scenario{ID: fmt.Sprintf("s%d", s)}
	for k := 0; k < 1+r.IntN(3); k++ {
		l := r.IntN(5)
		x := g.start[l] + r.IntN(max(1, g.start[l+1]-g.start[l]))
		d := bcp.Disruption{ID: id(x), At: time.Duration(r.IntN(12)) * time.Hour}
		if r.IntN(3) > 0 {
			d.For = time.Duration(1+r.IntN(72)) * time.Hour
		}
		sc.Disrupt = append(sc.Disrupt, d)
	}
	return sc
}

func addBIA(doc *bcp.Document, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 0xb1a))
	doc.BIA = &bcp.BIAConfig{Categories: []bcp.ImpactCategory{
		{ID: "financial", Unit: "EUR", Thresholds: []bcp.Threshold{{Level: 1, Amount: 1000}, {Level: 2, Amount: 50000}, {Level: 3, Amount: 250000}, {Level: 4, Amount: 1000000}, {Level: 5, Amount: 5000000}}},
		{ID: "customer"}, {ID: "reputational"}, {ID: "legal", Intolerable: 3},
	}}
	h := time.Hour
	steps := []time.Duration{h, 4 * h, 24 * h, 72 * h, 168 * h}
	levels := func() []bcp.LevelAt {
		var out []bcp.LevelAt
		level := 0
		for _, at := range steps {
			level = min(5, level+r.IntN(3))
			if level > 0 {
				out = append(out, bcp.LevelAt{At: at, Level: level})
			}
		}
		if out == nil {
			out = []bcp.LevelAt{{At: steps[len(steps)-1], Level: 1}}
		}
		return out
	}
	for i := range doc.Components {
		c := &doc.Components[i]
		if c.Kind != bcp.KindService {
			continue
		}
		b := &bcp.ComponentBIA{
			Impact: []bcp.CategoryImpact{
				{Category: "financial", Formula: "attributes.revenuePerHour * hours(t)"},
				{Category: "customer", Levels: levels()},
				{Category: "reputational", Levels: levels()},
			},
			DataLoss:  []bcp.CategoryImpact{{Category: "legal", Levels: levels()}},
			Important: r.IntN(4) == 0,
		}
		if r.IntN(2) == 0 {
			b.ImpactTolerance = time.Duration(4+r.IntN(44)) * h
		}
		c.BIA = b
	}
}

// Small returns a small dense model for property tests: n components (up
// to a few dozen) where any component may depend on any earlier one, with
// every kind of redundancy, virtual components, tolerances in whole hours,
// availabilities and fallbacks.
func Small(seed uint64, n int) *bcp.Document {
	r := rand.New(rand.NewPCG(seed, 42))
	doc := &bcp.Document{Version: 1, Name: fmt.Sprintf("small seed=%d", seed)}
	id := func(i int) string { return fmt.Sprintf("n%02d", i) }
	kinds := []bcp.Kind{bcp.KindSite, bcp.KindSupplier, bcp.KindPeople, bcp.KindInfrastructure, bcp.KindApplication}
	for i := 0; i < n; i++ {
		c := bcp.Component{ID: id(i), Kind: kinds[r.IntN(len(kinds))]}
		if i >= n-max(1, n/4) {
			c.Kind = bcp.KindService
			c.Objectives.RTO = time.Duration(1+r.IntN(6)) * time.Hour
			c.Objectives.MTPD = c.Objectives.RTO + time.Duration(r.IntN(6))*time.Hour
		}
		if i > 0 && r.IntN(6) == 0 {
			c.Virtual = true
		}
		if r.IntN(3) > 0 {
			if a := []float64{0.9, 0.95, 0.99, 0.5, 0.999}[r.IntN(5)]; !c.Virtual {
				c.Availability = a
			}
		}
		if i > 0 {
			deg := r.IntN(4)
			used := map[int]bool{}
			for d := 0; d < deg; d++ {
				if r.IntN(3) == 0 && i >= 2 {
					size := 2 + r.IntN(min(3, i-1))
					perm := r.Perm(i)[:size]
					var ms []string
					for _, x := range perm {
						ms = append(ms, id(x))
					}
					dep := bcp.Dependency{Kind: bcp.AnyOf, Members: ms}
					if size > 2 && r.IntN(2) == 0 {
						dep.Kind, dep.K = bcp.AtLeast, 1+r.IntN(size)
					}
					if r.IntN(4) == 0 {
						dep.Tolerance = time.Duration(1+r.IntN(4)) * time.Hour
					}
					c.DependsOn = append(c.DependsOn, dep)
					continue
				}
				x := r.IntN(i)
				if used[x] {
					continue
				}
				used[x] = true
				dep := bcp.Dependency{ID: id(x)}
				if r.IntN(4) == 0 {
					dep.Tolerance = time.Duration(1+r.IntN(4)) * time.Hour
				}
				c.DependsOn = append(c.DependsOn, dep)
			}
		}
		if c.Kind == bcp.KindService && i > 0 && r.IntN(2) == 0 {
			f := bcp.Fallback{Name: "manual", Capacity: 0.5, Activation: time.Duration(r.IntN(3)) * time.Hour}
			if r.IntN(2) == 0 {
				f.MaxDuration = time.Duration(1+r.IntN(8)) * time.Hour
			}
			if r.IntN(2) == 0 {
				f.Requires = []string{id(r.IntN(i))}
			}
			c.Fallbacks = append(c.Fallbacks, f)
		}
		doc.Components = append(doc.Components, c)
	}
	for s := 0; s < 3; s++ {
		sc := bcp.Scenario{ID: fmt.Sprintf("s%d", s)}
		for k := 0; k < 1+r.IntN(4); k++ {
			d := bcp.Disruption{ID: id(r.IntN(n)), At: time.Duration(r.IntN(10)) * time.Hour}
			if r.IntN(4) > 0 {
				d.For = time.Duration(1+r.IntN(10)) * time.Hour
			}
			sc.Disrupt = append(sc.Disrupt, d)
		}
		doc.Scenarios = append(doc.Scenarios, sc)
	}
	return doc
}
