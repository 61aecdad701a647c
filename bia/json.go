package bia

import (
	"encoding/json"

	"github.com/continuitykit/continuity/bcp"
)

// The JSON form is a stable contract (schema/output.schema.json, "bia"):
// durations are whole seconds, null when not set or never reached.

type objectiveJSON struct {
	Declared  *int64 `json:"declared"`
	Derived   *int64 `json:"derived"`
	Effective *int64 `json:"effective"`
	Source    string `json:"source"`
	Why       string `json:"why"`
}

// MarshalJSON writes the objective with durations in seconds.
func (o Objective) MarshalJSON() ([]byte, error) {
	return json.Marshal(objectiveJSON{bcp.JSONSeconds(o.Declared), bcp.JSONSeconds(o.Derived), bcp.JSONSeconds(o.Effective), o.Source, o.Why})
}

type tierJSON struct {
	Declared  *int   `json:"declared"`
	Derived   int    `json:"derived"`
	Effective int    `json:"effective"`
	Name      string `json:"name"`
	Why       string `json:"why"`
}

// MarshalJSON writes the tier; an undeclared tier is null.
func (t TierResult) MarshalJSON() ([]byte, error) {
	var d *int
	if t.Declared > 0 {
		d = &t.Declared
	}
	return json.Marshal(tierJSON{d, t.Derived, t.Effective, t.Name, t.Why})
}

type categoryJSON struct {
	Category      string    `json:"category"`
	Formula       string    `json:"formula,omitempty"`
	Levels        []int     `json:"levels"`
	Amounts       []float64 `json:"amounts,omitempty"`
	Intolerable   int       `json:"intolerable"`
	IntolerableAt *int64    `json:"intolerableAt"`
	Why           string    `json:"why"`
}

// MarshalJSON writes the category result with durations in seconds.
func (c CategoryResult) MarshalJSON() ([]byte, error) {
	// Amounts are finite: ImpactAt rejects NaN and infinities.
	return json.Marshal(categoryJSON{c.Category, c.Formula, c.Levels, c.Amounts, c.Intolerable, bcp.JSONSeconds(c.IntolerableAt), c.Why})
}

type assessmentJSON struct {
	ID                string           `json:"id"`
	Name              string           `json:"name,omitempty"`
	Kind              bcp.Kind         `json:"kind"`
	Important         bool             `json:"important"`
	MTPD              Objective        `json:"mtpd"`
	RTO               Objective        `json:"rto"`
	RPO               Objective        `json:"rpo"`
	DataLossTolerance Objective        `json:"dataLossTolerance"`
	ImpactTolerance   Objective        `json:"impactTolerance"`
	Tier              TierResult       `json:"tier"`
	Heat              []int            `json:"heat"`
	Impact            []CategoryResult `json:"impact"`
	DataLoss          []CategoryResult `json:"dataLoss"`
}

// MarshalJSON writes the assessment.
func (a Assessment) MarshalJSON() ([]byte, error) {
	j := assessmentJSON{a.ID, a.Name, a.Kind, a.Important, a.MTPD, a.RTO, a.RPO, a.DataLossTolerance, a.ImpactTolerance, a.Tier, a.Heat, a.Impact, a.DataLoss}
	if j.Impact == nil {
		j.Impact = []CategoryResult{}
	}
	if j.DataLoss == nil {
		j.DataLoss = []CategoryResult{}
	}
	return json.Marshal(j)
}

type inheritedJSON struct {
	ID       string   `json:"id"`
	Kind     bcp.Kind `json:"kind"`
	RTO      *int64   `json:"rto"`
	RTOFrom  string   `json:"rtoFrom,omitempty"`
	RTOPath  []string `json:"rtoPath,omitempty"`
	RPO      *int64   `json:"rpo"`
	RPOFrom  string   `json:"rpoFrom,omitempty"`
	RPOPath  []string `json:"rpoPath,omitempty"`
	Tier     *int     `json:"tier"`
	TierName string   `json:"tierName,omitempty"`
	Why      string   `json:"why"`
}

// MarshalJSON writes the roll-down entry with durations in seconds.
func (in Inherited) MarshalJSON() ([]byte, error) {
	var t *int
	if in.Tier > 0 {
		t = &in.Tier
	}
	return json.Marshal(inheritedJSON{in.ID, in.Kind, bcp.JSONSeconds(in.RTO), in.RTOFrom, in.RTOPath, bcp.JSONSeconds(in.RPO), in.RPOFrom, in.RPOPath, t, in.TierName, in.Why})
}

type toleranceJSON struct {
	Scenario   string `json:"scenario"`
	ID         string `json:"id"`
	Tolerance  *int64 `json:"tolerance"`
	Source     string `json:"source"`
	Disruption *int64 `json:"disruption"`
	Downtime   *int64 `json:"downtime"`
	Within     bool   `json:"within"`
	BreachAt   *int64 `json:"breachAt"`
	Why        string `json:"why"`
}

// MarshalJSON writes the check with durations in seconds.
func (t ToleranceCheck) MarshalJSON() ([]byte, error) {
	return json.Marshal(toleranceJSON{t.Scenario, t.ID, bcp.JSONSeconds(t.Tolerance), t.Source, bcp.JSONSeconds(t.Disruption), bcp.JSONSeconds(t.Downtime), t.Within, bcp.JSONSeconds(t.BreachAt), t.Why})
}

type levelJSON struct {
	Level       int    `json:"level"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
}

type categoryDefJSON struct {
	ID          string          `json:"id"`
	Name        string          `json:"name,omitempty"`
	Unit        string          `json:"unit,omitempty"`
	Intolerable int             `json:"intolerable"`
	Thresholds  []thresholdJSON `json:"thresholds,omitempty"`
}

type thresholdJSON struct {
	Level  int     `json:"level"`
	Amount float64 `json:"amount"`
}

type tierDefJSON struct {
	Tier   int    `json:"tier"`
	Name   string `json:"name,omitempty"`
	MaxRTO *int64 `json:"maxRTO"`
}

type reportJSON struct {
	Buckets     []int64           `json:"buckets"`
	Levels      []levelJSON       `json:"levels"`
	Categories  []categoryDefJSON `json:"categories"`
	Tiers       []tierDefJSON     `json:"tiers"`
	Assessments []Assessment      `json:"assessments"`
	Unassessed  []string          `json:"unassessed"`
	RollDown    []Inherited       `json:"rollDown"`
	Findings    []bcp.Finding     `json:"findings"`
	Tolerance   []ToleranceCheck  `json:"tolerance"`
}

// MarshalJSON writes the report in the documented JSON form.
func (r *Report) MarshalJSON() ([]byte, error) {
	j := reportJSON{Buckets: []int64{}, Levels: []levelJSON{}, Categories: []categoryDefJSON{}, Tiers: []tierDefJSON{},
		Assessments: r.Assessments, Unassessed: r.Unassessed, RollDown: r.RollDown, Findings: r.Findings, Tolerance: r.Tolerance}
	for _, b := range r.Buckets {
		j.Buckets = append(j.Buckets, bcp.Seconds(b))
	}
	for _, l := range r.Levels {
		j.Levels = append(j.Levels, levelJSON{l.Level, l.Name, l.Description})
	}
	for _, c := range r.Categories {
		cj := categoryDefJSON{ID: c.ID, Name: c.Name, Unit: c.Unit, Intolerable: c.Intolerable}
		if cj.Intolerable == 0 {
			cj.Intolerable = bcp.DefaultIntolerable
		}
		for _, t := range c.Thresholds {
			cj.Thresholds = append(cj.Thresholds, thresholdJSON{t.Level, t.Amount})
		}
		j.Categories = append(j.Categories, cj)
	}
	for _, t := range r.Tiers {
		mx := bcp.JSONSeconds(t.MaxRTO)
		if t.MaxRTO == 0 {
			mx = nil
		}
		j.Tiers = append(j.Tiers, tierDefJSON{t.Tier, t.Name, mx})
	}
	return json.Marshal(j)
}
