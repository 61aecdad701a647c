package bcp

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// EstimateForm says how an Estimate is given.
type EstimateForm int

// The forms of an estimate.
const (
	// EstimatePoint is a known value.
	EstimatePoint EstimateForm = iota
	// EstimateInterval is a 90% confidence interval: a lognormal whose 5th and 95th
	// percentiles are Low and High.
	EstimateInterval
	// EstimatePERT is a three-point estimate (Min, Mode, Max): a beta distribution
	// stretched over [Min, Max]; Method says which PERT.
	EstimatePERT
)

// The PERT variants. They differ in how the beta's shape follows from the
// three points; for (0, 5, 10) Vose gives α = β = 3, moments gives α = β = 4.
const (
	// PERTVose is the "modified" PERT of Vose (and riskquant):
	// α = 1 + 4(mode−min)/(max−min), β = 1 + 4(max−mode)/(max−min).
	PERTVose = "vose"
	// PERTMoments is the classic PERT fitted by the method of moments (as
	// pyfair and R's prevalence::betaPERT do): mean = (min + 4·mode +
	// max)/6 and standard deviation (max−min)/6 give
	// α = (mean−min)/(max−min) · ((mean−min)(max−mean)/sd² − 1) and
	// β = α(max−mean)/(mean−min).
	PERTMoments = "moments"
)

// Estimate is an uncertain non-negative quantity of a risk: a rate, a loss
// or a duration (in seconds). The zero value is the point value 0.
type Estimate struct {
	Form EstimateForm
	// Value is the point value (Form Point).
	Value float64
	// Low and High are the 90% interval (Form Interval).
	Low, High float64
	// Min, Mode and Max are the three points (Form PERT); Method is
	// PERTVose ("" means PERTVose) or PERTMoments.
	Min, Mode, Max float64
	Method         string
	Pos            Position
}

// ThreatClasses are the threat classes a risk may name.
var ThreatClasses = []string{
	"technical-failure", "ddos", "ransomware", "intrusion", "data-breach", "human-error",
	"power", "isp", "cloud", "supplier", "natural-disaster", "fire", "pandemic", "staff", "other",
}

// Treatments are the risk treatment options (ISO 31000 / 27005).
var Treatments = []string{"accept", "mitigate", "transfer", "avoid"}

// Risk is a threat that strikes at some rate, runs a scenario on the model
// and costs money: the risk register of a FAIR-style quantification.
type Risk struct {
	ID          string
	Name        string
	Description string
	Owner       string
	// Threat is one of ThreatClasses ("" when not classified).
	Threat string
	// Treatment is one of Treatments ("" when not decided).
	Treatment string
	// Frequency is the expected number of events per year (Poisson), or
	// uncertainty about it; nil when Probability is given instead.
	Frequency *Estimate
	// Probability is the chance of at least one event in a year
	// (Bernoulli: at most one event a year); nil when Frequency is given.
	Probability *float64
	// Scenario is the id of the scenario each event runs ("" for none).
	Scenario string
	// Duration is how long the scenario's disruptions without `for` last,
	// in seconds; nil means the incident timeline decides.
	Duration *Estimate
	// Loss is a direct loss per event (response, fines), in the currency;
	// nil means none.
	Loss *Estimate
	// Controls are the ids of the controls that apply to the risk.
	Controls []string
	Pos      Position
	// ScenarioPos and ControlPos are where the references are written.
	ScenarioPos Position
	ControlPos  []Position
}

// Control is a measure that reduces risks: it multiplies their rate, the
// duration of their disruptions and their direct loss, and costs money
// every year.
type Control struct {
	ID          string
	Name        string
	Description string
	// Frequency, Duration and Loss are multipliers; nil means 1.
	Frequency, Duration, Loss *float64
	CostPerYear               float64
	Pos                       Position
}

// Factor returns a multiplier's value: 1 when it is not set.
func Factor(x *float64) float64 {
	if x == nil {
		return 1
	}
	return *x
}

// AppetitePoint is one point of the risk appetite: the board accepts an
// annual loss above Loss with probability at most Probability.
type AppetitePoint struct {
	Loss        float64
	Probability float64
	Pos         Position
}

// RiskMatrix configures the qualitative likelihood × impact matrix; the
// impact axis is the BIA's level scale.
type RiskMatrix struct {
	// Likelihood are the likelihood bands, least likely first.
	Likelihood []LikelihoodBand
	// Grade is an expr expression giving a rating's grade (text) from its
	// GradeEnv, e.g. 'score >= 15 ? "red" : score >= 8 ? "amber" :
	// "green"'; "" keeps the default (low, medium, high, critical by the
	// share of the highest score).
	Grade    string
	GradePos Position
	Pos      Position
}

// GradeEnv is what a risk matrix's grade expression sees.
type GradeEnv struct {
	// Likelihood is the likelihood band (1 = least likely), Impact the BIA
	// level, Score their product.
	Likelihood int `expr:"likelihood"`
	Impact     int `expr:"impact"`
	Score      int `expr:"score"`
	// MaxScore is the matrix's highest score (bands × levels).
	MaxScore int `expr:"maxScore"`
	// Frequency is the expected events per year.
	Frequency float64 `expr:"frequency"`
}

// RiskGrade grades a rating with the model's riskMatrix grade expression;
// ok is false when the model has none.
func (m *Model) RiskGrade(e GradeEnv) (grade string, ok bool, err error) {
	if m.risk.grade == nil {
		return "", false, nil
	}
	v, err := m.risk.grade.Eval(e)
	if err != nil {
		return "", true, fmt.Errorf("riskMatrix grade %q: %w", m.risk.grade, err)
	}
	return v.(string), true, nil
}

// LikelihoodBand is a likelihood band: risks with at most UpTo expected
// events per year fall into it (the first band that fits); the last band
// has UpTo 0 and takes everything above.
type LikelihoodBand struct {
	Name string
	UpTo float64
	Pos  Position
}

// DefaultLikelihood are the default five likelihood bands: rare (at most
// once in 20 years), unlikely (once in 5), possible (once in 2), likely
// (up to twice a year) and almost certain.
func DefaultLikelihood() []LikelihoodBand {
	return []LikelihoodBand{{Name: "rare", UpTo: 0.05}, {Name: "unlikely", UpTo: 0.2}, {Name: "possible", UpTo: 0.5},
		{Name: "likely", UpTo: 2}, {Name: "almost certain"}}
}

// riskRegister is the model's risks, compiled.
type riskRegister struct {
	currency string
	appetite []AppetitePoint
	risks    []Risk
	controls []Control
	controlX map[string]int
	matrix   []LikelihoodBand
	grade    *Expression // the riskMatrix grade rule; nil: the default
}

// Currency returns the unit losses are summed in ("" when not set).
func (m *Model) Currency() string { return m.risk.currency }

// Risks returns the risk register in document order. It must not be changed.
func (m *Model) Risks() []Risk { return m.risk.risks }

// Controls returns the controls in document order. It must not be changed.
func (m *Model) Controls() []Control { return m.risk.controls }

// Control returns the control with the given id.
func (m *Model) Control(id string) (Control, bool) {
	i, ok := m.risk.controlX[id]
	if !ok {
		return Control{}, false
	}
	return m.risk.controls[i], true
}

// RiskAppetite returns the risk appetite points, by ascending loss.
func (m *Model) RiskAppetite() []AppetitePoint { return m.risk.appetite }

// Likelihood returns the likelihood bands of the risk matrix, defaults
// filled in.
func (m *Model) Likelihood() []LikelihoodBand { return m.risk.matrix }

// compileRisks checks the references of risks (scenarios, controls), ids
// and the currency; values were checked as they were decoded, and are
// checked again here for documents built in Go.
func (m *Model) compileRisks(doc *Document) Problems {
	var probs Problems
	r := &riskRegister{currency: doc.Currency, controlX: map[string]int{}, matrix: DefaultLikelihood()}
	m.risk = r
	for _, p := range doc.currencyConflicts {
		probs.add(p, nil, "currency is set to another value than %q (at %s); all files must use one currency", doc.Currency, doc.CurrencyPos)
	}
	r.appetite = append([]AppetitePoint(nil), doc.RiskAppetite...)
	sort.SliceStable(r.appetite, func(i, j int) bool { return r.appetite[i].Loss < r.appetite[j].Loss })
	for _, a := range r.appetite {
		if !(a.Loss > 0) || !(a.Probability > 0 && a.Probability <= 1) {
			probs.add(a.Pos, nil, "riskAppetite: a point needs a loss above 0 and a probability above 0 and at most 1, not loss %g probability %g", a.Loss, a.Probability)
		}
	}
	if doc.RiskMatrix != nil && len(doc.RiskMatrix.Likelihood) > 0 {
		r.matrix = doc.RiskMatrix.Likelihood
		probs = append(probs, checkLikelihood(r.matrix, doc.RiskMatrix.Pos)...)
	}
	if rm := doc.RiskMatrix; rm != nil && rm.Grade != "" {
		var prob *Problem
		if r.grade, prob = m.compileExpression(rm.Grade, rm.GradePos, GradeEnv{}, reflect.TypeOf(""), "riskMatrix grade"); prob != nil {
			probs = append(probs, *prob)
		}
	}
	r.controls = doc.Controls
	var controlIDs []string
	for i, c := range doc.Controls {
		if !validID(c.ID) {
			probs.add(c.Pos, nil, "control id %q must be non-empty and use letters, digits and . _ : / -", c.ID)
			continue
		}
		if j, dup := r.controlX[c.ID]; dup {
			probs.add(c.Pos, nil, "duplicate control id %q: already defined at %s", c.ID, doc.Controls[j].Pos)
			continue
		}
		r.controlX[c.ID] = i
		controlIDs = append(controlIDs, c.ID)
		for _, f := range []*float64{c.Frequency, c.Duration, c.Loss} {
			if f != nil && !(*f >= 0) {
				probs.add(c.Pos, nil, "control %q: multipliers must not be negative, not %g", c.ID, *f)
			}
		}
		if !(c.CostPerYear >= 0) {
			probs.add(c.Pos, nil, "control %q: costPerYear must not be negative, not %g", c.ID, c.CostPerYear)
		}
	}
	sort.Strings(controlIDs)
	scenarioIDs := make([]string, 0, len(m.scenarioX))
	for id := range m.scenarioX {
		scenarioIDs = append(scenarioIDs, id)
	}
	sort.Strings(scenarioIDs)
	r.risks = doc.Risks
	seen := map[string]Position{}
	for _, k := range doc.Risks {
		probs = append(probs, m.checkRisk(&k, seen, scenarioIDs, controlIDs)...)
	}
	if len(doc.Risks) > 0 && doc.Currency == "" {
		probs.add(doc.Risks[0].Pos, nil, "risks need currency: the unit losses are summed in (e.g. currency: EUR), the unit of the BIA categories that count money")
	}
	return probs
}

func (m *Model) checkRisk(k *Risk, seen map[string]Position, scenarioIDs, controlIDs []string) Problems {
	var probs Problems
	if !validID(k.ID) {
		probs.add(k.Pos, nil, "risk id %q must be non-empty and use letters, digits and . _ : / -", k.ID)
	} else if p, dup := seen[k.ID]; dup {
		probs.add(k.Pos, nil, "duplicate risk id %q: already defined at %s", k.ID, p)
	} else {
		seen[k.ID] = k.Pos
	}
	if (k.Frequency == nil) == (k.Probability == nil) {
		probs.add(k.Pos, nil, "risk %q needs either frequency (events per year) or probability (chance of an event in a year), exactly one", k.ID)
	}
	if k.Probability != nil && !(*k.Probability >= 0 && *k.Probability <= 1) {
		probs.add(k.Pos, nil, "risk %q: probability must be between 0 and 1, not %g", k.ID, *k.Probability)
	}
	for _, e := range []struct {
		est  *Estimate
		what string
	}{{k.Frequency, "frequency"}, {k.Duration, "duration"}, {k.Loss, "loss"}} {
		if e.est != nil {
			msg := e.est.check()
			if hi := e.est.upper(); msg == "" && hi > riskLimits[e.what] && riskLimits[e.what] > 0 {
				msg = fmt.Sprintf("%g is beyond what this release simulates (at most %g); %s", hi, riskLimits[e.what], riskLimitWhy[e.what])
			}
			if msg != "" {
				pos := e.est.Pos
				if pos.Line == 0 {
					pos = k.Pos
				}
				probs.add(pos, nil, "risk %q: %s: %s", k.ID, e.what, msg)
			}
		}
	}
	if k.Threat != "" && !contains(ThreatClasses, k.Threat) {
		probs.add(k.Pos, nil, "risk %q: unknown threat %q%s; valid: %s", k.ID, k.Threat, didYouMean(k.Threat, ThreatClasses), strings.Join(ThreatClasses, ", "))
	}
	if k.Treatment != "" && !contains(Treatments, k.Treatment) {
		probs.add(k.Pos, nil, "risk %q: unknown treatment %q%s; valid: %s", k.ID, k.Treatment, didYouMean(k.Treatment, Treatments), strings.Join(Treatments, ", "))
	}
	if k.Scenario == "" {
		if k.Duration != nil {
			probs.add(k.Duration.Pos, nil, "risk %q: duration is how long its scenario's disruptions last; give the risk a scenario or leave duration out", k.ID)
		}
		if k.Loss == nil {
			probs.add(k.Pos, nil, "risk %q costs nothing: give it a scenario (losses from the BIA) or a direct loss", k.ID)
		}
	} else if si, ok := m.scenarioX[k.Scenario]; !ok {
		pos := k.ScenarioPos
		if pos.Line == 0 {
			pos = k.Pos
		}
		probs.add(pos, notFound("scenario", k.Scenario, scenarioIDs), "risk %q refers to unknown scenario %q%s", k.ID, k.Scenario, didYouMean(k.Scenario, scenarioIDs))
	} else if k.Duration != nil && !openEnded(m.scenarios[si]) {
		probs.add(k.Duration.Pos, nil, "risk %q: duration sets how long the disruptions without for last, but every disruption of scenario %q has a for; leave duration out or drop a for", k.ID, k.Scenario)
	}
	listed := map[string]bool{}
	for j, c := range k.Controls {
		pos := k.Pos
		if j < len(k.ControlPos) {
			pos = k.ControlPos[j]
		}
		if _, ok := m.risk.controlX[c]; !ok {
			probs.add(pos, notFound("control", c, controlIDs), "risk %q refers to unknown control %q%s", k.ID, c, didYouMean(c, controlIDs))
		} else if listed[c] {
			probs.add(pos, nil, "risk %q lists control %q twice", k.ID, c)
		}
		listed[c] = true
	}
	return probs
}

// openEnded reports whether a scenario has a disruption without `for`.
func openEnded(sc Scenario) bool {
	for _, d := range sc.Disrupt {
		if d.For == 0 {
			return true
		}
	}
	return false
}

// check returns what is wrong with an estimate's values ("" when nothing).
// riskLimits bound what a risk may say, so that a simulation finishes and
// its sums stay finite: events per year (every event is drawn) and a
// direct loss per event.
var riskLimits = map[string]float64{"frequency": 10_000, "loss": 1e15}

var riskLimitWhy = map[string]string{
	"frequency": "more events a year than that are a running cost, better modelled as one loss per year",
	"loss":      "losses are summed in floating point and reported to the unit",
}

// upper is the largest value the estimate names: the point, the interval's
// high end or the PERT maximum.
func (e *Estimate) upper() float64 {
	switch e.Form {
	case EstimateInterval:
		return e.High
	case EstimatePERT:
		return e.Max
	}
	return e.Value
}

func (e *Estimate) check() string {
	bad := func(xs ...float64) bool {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return true
			}
		}
		return false
	}
	switch e.Form {
	case EstimatePoint:
		if bad(e.Value) || e.Value < 0 {
			return fmt.Sprintf("must not be negative, not %g", e.Value)
		}
	case EstimateInterval:
		switch {
		case bad(e.Low, e.High) || e.Low <= 0 || e.High <= 0:
			return fmt.Sprintf("a 90%% interval needs low and high above 0 (a lognormal), not low %g high %g", e.Low, e.High)
		case e.Low > e.High:
			return fmt.Sprintf("low %g is above high %g", e.Low, e.High)
		}
	case EstimatePERT:
		switch {
		case bad(e.Min, e.Mode, e.Max) || e.Min < 0:
			return fmt.Sprintf("a PERT needs min, mode and max not below 0, not min %g", e.Min)
		case !(e.Min <= e.Mode && e.Mode <= e.Max && e.Min < e.Max):
			return fmt.Sprintf("a PERT needs min <= mode <= max and min < max, not min %g mode %g max %g", e.Min, e.Mode, e.Max)
		case e.Method != "" && e.Method != PERTVose && e.Method != PERTMoments:
			return fmt.Sprintf("unknown PERT method %q; valid: %s, %s", e.Method, PERTVose, PERTMoments)
		}
	default:
		return fmt.Sprintf("unknown form %d", e.Form)
	}
	return ""
}

func checkLikelihood(bands []LikelihoodBand, pos Position) Problems {
	var probs Problems
	for i, b := range bands {
		p := b.Pos
		if p.Line == 0 {
			p = pos
		}
		last := i == len(bands)-1
		switch {
		case b.Name == "":
			probs.add(p, nil, "riskMatrix likelihood band %d needs a name", i+1)
		case last && b.UpTo != 0:
			probs.add(p, nil, "riskMatrix likelihood: the last band (%q) takes everything above the others; leave upTo out", b.Name)
		case !last && !(b.UpTo > 0):
			probs.add(p, nil, "riskMatrix likelihood band %q needs upTo: the most events per year it holds, above 0", b.Name)
		case !last && i > 0 && b.UpTo <= bands[i-1].UpTo:
			probs.add(p, nil, "riskMatrix likelihood bands must grow: %q upTo %g after %g", b.Name, b.UpTo, bands[i-1].UpTo)
		}
	}
	return probs
}

// decoding

var (
	riskFields       = []string{"id", "name", "description", "owner", "threat", "treatment", "frequency", "probability", "scenario", "duration", "loss", "controls"}
	controlFields    = []string{"id", "name", "description", "frequency", "duration", "loss", "costPerYear"}
	appetiteFields   = []string{"loss", "probability"}
	riskMatrixFields = []string{"likelihood", "grade"}
	bandFields       = []string{"name", "upTo"}
	intervalFields   = []string{"low", "high"}
	pertFields       = []string{"min", "mode", "max", "method"}
)

// riskSection decodes the top-level risk fields; it reports false for a
// key that is not one of them.
func (d *decoder) riskSection(key string, v *yaml.Node, doc *Document) bool {
	switch key {
	case "currency":
		doc.Currency, doc.CurrencyPos = d.str(v, "currency"), d.pos(v)
	case "riskAppetite":
		d.seq(v, "riskAppetite", func(_ int, e *yaml.Node) {
			a := AppetitePoint{Pos: d.pos(e)}
			d.fields(e, "a riskAppetite point", appetiteFields, func(key string, _, v *yaml.Node) {
				switch key {
				case "loss":
					a.Loss, _ = d.number(v, "loss")
				case "probability":
					if p := d.probability(v, "probability"); p != nil {
						a.Probability = *p
					}
				}
			})
			doc.RiskAppetite = append(doc.RiskAppetite, a)
		})
	case "riskMatrix":
		rm := &RiskMatrix{Pos: d.pos(v)}
		d.fields(v, "riskMatrix", riskMatrixFields, func(key string, _, v *yaml.Node) {
			if key == "grade" {
				rm.Grade, rm.GradePos = d.str(v, "grade"), d.exprPos(v)
				return
			}
			d.seq(v, "riskMatrix likelihood", func(_ int, e *yaml.Node) {
				b := LikelihoodBand{Pos: d.pos(e)}
				d.fields(e, "a likelihood band", bandFields, func(key string, _, v *yaml.Node) {
					if key == "name" {
						b.Name = d.str(v, "name")
					} else {
						b.UpTo, _ = d.number(v, "upTo")
					}
				})
				rm.Likelihood = append(rm.Likelihood, b)
			})
		})
		doc.RiskMatrix = rm
	case "risks":
		d.seq(v, "risks", func(_ int, e *yaml.Node) { doc.Risks = append(doc.Risks, d.risk(e)) })
	case "controls":
		d.seq(v, "controls", func(_ int, e *yaml.Node) { doc.Controls = append(doc.Controls, d.control(e)) })
	default:
		return false
	}
	return true
}

func (d *decoder) risk(n *yaml.Node) Risk {
	k := Risk{Pos: d.pos(n)}
	d.fields(n, "a risk", riskFields, func(key string, _, v *yaml.Node) {
		switch key {
		case "id":
			k.ID, k.Pos = d.str(v, "id"), d.pos(v)
		case "name":
			k.Name = d.str(v, "name")
		case "description":
			k.Description = d.str(v, "description")
		case "owner":
			k.Owner = d.str(v, "owner")
		case "threat":
			k.Threat = d.str(v, "threat")
			if k.Threat != "" && !contains(ThreatClasses, k.Threat) {
				d.errorf(v, "unknown threat %q%s; valid: %s", k.Threat, didYouMean(k.Threat, ThreatClasses), strings.Join(ThreatClasses, ", "))
				k.Threat = ""
			}
		case "treatment":
			k.Treatment = d.str(v, "treatment")
			if k.Treatment != "" && !contains(Treatments, k.Treatment) {
				d.errorf(v, "unknown treatment %q%s; valid: %s", k.Treatment, didYouMean(k.Treatment, Treatments), strings.Join(Treatments, ", "))
				k.Treatment = ""
			}
		case "frequency":
			k.Frequency = d.estimate(v, "frequency", false)
		case "probability":
			if k.Probability = d.probability(v, "probability"); k.Probability == nil {
				k.Probability = new(float64) // reported; keeps "needs a frequency" quiet
			}
		case "scenario":
			k.Scenario, k.ScenarioPos = d.str(v, "scenario"), d.pos(v)
		case "duration":
			k.Duration = d.estimate(v, "duration", true)
		case "loss":
			k.Loss = d.estimate(v, "loss", false)
		case "controls":
			k.Controls, k.ControlPos = d.strList(v, "controls")
		}
	})
	return k
}

func (d *decoder) control(n *yaml.Node) Control {
	c := Control{Pos: d.pos(n)}
	factor := func(v *yaml.Node, what string) *float64 {
		x, ok := d.number(v, what)
		if !ok {
			return nil
		}
		if x < 0 {
			d.errorf(v, "%s is a multiplier (0.5 halves it), not negative: %s", what, v.Value)
			return nil
		}
		return &x
	}
	d.fields(n, "a control", controlFields, func(key string, _, v *yaml.Node) {
		switch key {
		case "id":
			c.ID, c.Pos = d.str(v, "id"), d.pos(v)
		case "name":
			c.Name = d.str(v, "name")
		case "description":
			c.Description = d.str(v, "description")
		case "frequency":
			c.Frequency = factor(v, "frequency")
		case "duration":
			c.Duration = factor(v, "duration")
		case "loss":
			c.Loss = factor(v, "loss")
		case "costPerYear":
			if x, ok := d.number(v, "costPerYear"); ok {
				if x < 0 {
					// Reported here with its position; Compile's check is
					// for Documents built in Go.
					d.errorf(v, "costPerYear must not be negative, not %s", v.Value)
				} else {
					c.CostPerYear = x
				}
			}
		}
	})
	return c
}

// estimate reads a point value, {low, high} or {min, mode, max, method};
// with durations, the values are durations (stored as seconds). Values
// are checked here, where their position is known.
func (d *decoder) estimate(n *yaml.Node, what string, durations bool) *Estimate {
	n = d.resolve(n)
	e := &Estimate{Pos: d.pos(n)}
	val := func(v *yaml.Node, name string) float64 {
		if durations {
			return d.duration(v, what+" "+name).Seconds()
		}
		x, _ := d.number(v, what+" "+name)
		return x
	}
	if n.Kind == yaml.ScalarNode {
		e.Value = val(n, "value")
	} else {
		forms := intervalFields
		if n.Kind == yaml.MappingNode && len(n.Content) > 0 && !contains(intervalFields, d.resolve(n.Content[0]).Value) {
			forms, e.Form = pertFields, EstimatePERT
		} else {
			e.Form = EstimateInterval
		}
		if !d.fields(n, what+" (a 90% interval {low, high} or a PERT {min, mode, max, method})", forms, func(key string, _, v *yaml.Node) {
			switch key {
			case "low":
				e.Low = val(v, key)
			case "high":
				e.High = val(v, key)
			case "min":
				e.Min = val(v, key)
			case "mode":
				e.Mode = val(v, key)
			case "max":
				e.Max = val(v, key)
			case "method":
				e.Method = d.str(v, "method")
			}
		}) {
			return &Estimate{Pos: e.Pos}
		}
	}
	if msg := e.check(); msg != "" {
		d.errorf(n, "%s: %s", what, msg)
		return &Estimate{Pos: e.Pos} // reported; a placeholder keeps "needs a frequency" quiet
	}
	return e
}

// DurationOf converts an Estimate's seconds to a duration, saturating at
// Forever.
func DurationOf(seconds float64) time.Duration {
	if seconds >= float64(Forever)/float64(time.Second) {
		return Forever
	}
	return time.Duration(seconds * float64(time.Second))
}

// mergeRisks appends other's risk register to doc's; a second, different
// currency is remembered and reported when compiling.
func (doc *Document) mergeRisks(other *Document) {
	switch {
	case doc.Currency == "":
		doc.Currency, doc.CurrencyPos = other.Currency, other.CurrencyPos
	case other.Currency != "" && other.Currency != doc.Currency:
		doc.currencyConflicts = append(doc.currencyConflicts, other.CurrencyPos)
	}
	doc.currencyConflicts = append(doc.currencyConflicts, other.currencyConflicts...)
	doc.RiskAppetite = append(doc.RiskAppetite, other.RiskAppetite...)
	doc.Risks = append(doc.Risks, other.Risks...)
	doc.Controls = append(doc.Controls, other.Controls...)
	if doc.RiskMatrix == nil {
		doc.RiskMatrix = other.RiskMatrix
	}
}

// writing (WriteJSON)

type fileRiskRegister struct {
	Currency     string           `json:"currency,omitempty"`
	RiskAppetite []map[string]any `json:"riskAppetite,omitempty"`
	RiskMatrix   map[string]any   `json:"riskMatrix,omitempty"`
	Risks        []map[string]any `json:"risks,omitempty"`
	Controls     []map[string]any `json:"controls,omitempty"`
}

func fileRisks(doc *Document) fileRiskRegister {
	out := fileRiskRegister{Currency: doc.Currency}
	for _, a := range doc.RiskAppetite {
		out.RiskAppetite = append(out.RiskAppetite, map[string]any{"loss": a.Loss, "probability": a.Probability})
	}
	if rm := doc.RiskMatrix; rm != nil && rm.Grade != "" {
		out.RiskMatrix = map[string]any{"grade": rm.Grade}
	}
	if rm := doc.RiskMatrix; rm != nil && len(rm.Likelihood) > 0 {
		var bands []map[string]any
		for _, b := range rm.Likelihood {
			e := map[string]any{"name": b.Name}
			if b.UpTo != 0 {
				e["upTo"] = b.UpTo
			}
			bands = append(bands, e)
		}
		if out.RiskMatrix == nil {
			out.RiskMatrix = map[string]any{}
		}
		out.RiskMatrix["likelihood"] = bands
	}
	for _, k := range doc.Risks {
		e := map[string]any{"id": k.ID}
		for key, v := range map[string]string{"name": k.Name, "description": k.Description, "owner": k.Owner, "threat": k.Threat, "treatment": k.Treatment, "scenario": k.Scenario} {
			if v != "" {
				e[key] = v
			}
		}
		if k.Frequency != nil {
			e["frequency"] = k.Frequency.file(false)
		}
		if k.Probability != nil {
			e["probability"] = *k.Probability
		}
		if k.Duration != nil {
			e["duration"] = k.Duration.file(true)
		}
		if k.Loss != nil {
			e["loss"] = k.Loss.file(false)
		}
		if len(k.Controls) > 0 {
			e["controls"] = k.Controls
		}
		out.Risks = append(out.Risks, e)
	}
	for _, c := range doc.Controls {
		e := map[string]any{"id": c.ID}
		if c.Name != "" {
			e["name"] = c.Name
		}
		if c.Description != "" {
			e["description"] = c.Description
		}
		for key, f := range map[string]*float64{"frequency": c.Frequency, "duration": c.Duration, "loss": c.Loss} {
			if f != nil {
				e[key] = *f
			}
		}
		if c.CostPerYear != 0 {
			e["costPerYear"] = c.CostPerYear
		}
		out.Controls = append(out.Controls, e)
	}
	return out
}

// file renders an estimate in the model format; durations are written as
// durations (whole seconds).
func (e *Estimate) file(durations bool) any {
	v := func(x float64) any {
		if durations {
			return FormatDuration(DurationOf(x))
		}
		return x
	}
	switch e.Form {
	case EstimateInterval:
		return map[string]any{"low": v(e.Low), "high": v(e.High)}
	case EstimatePERT:
		m := map[string]any{"min": v(e.Min), "mode": v(e.Mode), "max": v(e.Max)}
		if e.Method != "" {
			m["method"] = e.Method
		}
		return m
	}
	return v(e.Value)
}
