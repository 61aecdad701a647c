package risk

import "encoding/json"

type pointJSON struct {
	Loss        float64 `json:"loss"`
	Probability float64 `json:"probability"`
}

type closedFormJSON struct {
	MeanAnnualLoss    float64  `json:"meanAnnualLoss"`
	ProbabilityOfLoss *float64 `json:"probabilityOfLoss,omitempty"`
}

type ratingJSON struct {
	Likelihood     int     `json:"likelihood"`
	LikelihoodName string  `json:"likelihoodName"`
	Frequency      float64 `json:"frequency"`
	Impact         int     `json:"impact"`
	ImpactName     string  `json:"impactName,omitempty"`
	Score          int     `json:"score"`
	Grade          string  `json:"grade"`
}

// MarshalJSON writes the stable JSON form (schema/output.schema.json).
func (s Summary) MarshalJSON() ([]byte, error) {
	ex := make([]pointJSON, len(s.Exceedance))
	for i, p := range s.Exceedance {
		ex[i] = pointJSON(p)
	}
	var cf *closedFormJSON
	if s.ClosedForm != nil {
		cf = &closedFormJSON{s.ClosedForm.MeanAnnualLoss, s.ClosedForm.ProbabilityOfLoss}
	}
	var r *ratingJSON
	if s.Rating != nil {
		x := ratingJSON(*s.Rating)
		r = &x
	}
	return json.Marshal(struct {
		MeanAnnualLoss    float64         `json:"meanAnnualLoss"`
		StandardError     float64         `json:"standardError"`
		ProbabilityOfLoss float64         `json:"probabilityOfLoss"`
		P50               float64         `json:"p50"`
		P90               float64         `json:"p90"`
		P99               float64         `json:"p99"`
		Max               float64         `json:"max"`
		Exceedance        []pointJSON     `json:"exceedance"`
		ClosedForm        *closedFormJSON `json:"closedForm,omitempty"`
		Rating            *ratingJSON     `json:"rating,omitempty"`
	}{s.MeanAnnualLoss, s.StandardError, s.ProbabilityOfLoss, s.P50, s.P90, s.P99, s.Max, ex, cf, r})
}

// MarshalJSON writes the stable JSON form.
func (r Result) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID        string   `json:"id"`
		Name      string   `json:"name,omitempty"`
		Owner     string   `json:"owner,omitempty"`
		Threat    string   `json:"threat,omitempty"`
		Treatment string   `json:"treatment,omitempty"`
		Scenario  string   `json:"scenario,omitempty"`
		Controls  []string `json:"controls"`
		Inherent  Summary  `json:"inherent"`
		Residual  Summary  `json:"residual"`
	}{r.ID, r.Name, r.Owner, r.Threat, r.Treatment, r.Scenario, r.Controls, r.Inherent, r.Residual})
}

// MarshalJSON writes the stable JSON form.
func (c ControlValue) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID            string   `json:"id"`
		Name          string   `json:"name,omitempty"`
		CostPerYear   float64  `json:"costPerYear"`
		Reduction     float64  `json:"reduction"`
		StandardError float64  `json:"standardError"`
		NetValue      float64  `json:"netValue"`
		ReturnOnSpend *float64 `json:"returnOnSpend"`
		Risks         []string `json:"risks"`
	}{c.ID, c.Name, c.CostPerYear, c.Reduction, c.StandardError, c.NetValue, c.ReturnOnSpend, c.Risks})
}

type cellJSON struct {
	Likelihood int      `json:"likelihood"`
	Impact     int      `json:"impact"`
	Risks      []string `json:"risks"`
}

// cells lists the occupied cells of the matrix for one state (0 inherent,
// 1 residual), most severe first.
func (r *Report) cells(state int) []cellJSON {
	out := []cellJSON{}
	for l := len(r.Likelihood); l >= 1; l-- {
		for i := r.maxLevel(); i >= 0; i-- {
			if ids := r.cell(state, l, i); len(ids) > 0 {
				out = append(out, cellJSON{l, i, ids})
			}
		}
	}
	return out
}

// MarshalJSON writes the stable JSON form (schema/output.schema.json).
func (r *Report) MarshalJSON() ([]byte, error) {
	type band struct {
		Band int      `json:"band"`
		Name string   `json:"name"`
		UpTo *float64 `json:"upTo"`
	}
	type level struct {
		Level int    `json:"level"`
		Name  string `json:"name,omitempty"`
	}
	type appetite struct {
		Loss        float64 `json:"loss"`
		Probability float64 `json:"probability"`
		Inherent    float64 `json:"inherent"`
		Residual    float64 `json:"residual"`
		Within      bool    `json:"within"`
	}
	bands := make([]band, len(r.Likelihood))
	for i, b := range r.Likelihood {
		bands[i] = band{Band: i + 1, Name: b.Name}
		if i < len(r.Likelihood)-1 {
			up := b.UpTo
			bands[i].UpTo = &up
		}
	}
	levels := []level{}
	for _, l := range r.Levels {
		levels = append(levels, level{l.Level, l.Name})
	}
	apps := []appetite{}
	for _, a := range r.Appetite {
		apps = append(apps, appetite(a))
	}
	risks := r.Risks
	if risks == nil {
		risks = []Result{}
	}
	type total struct {
		Inherent Summary `json:"inherent"`
		Residual Summary `json:"residual"`
	}
	type matrix struct {
		Likelihood []band     `json:"likelihood"`
		Impact     []level    `json:"impact"`
		Inherent   []cellJSON `json:"inherent"`
		Residual   []cellJSON `json:"residual"`
	}
	return json.Marshal(struct {
		Years    int            `json:"years"`
		Seed     uint64         `json:"seed"`
		Currency string         `json:"currency"`
		Risks    []Result       `json:"risks"`
		Total    total          `json:"total"`
		Controls []ControlValue `json:"controls"`
		Appetite []appetite     `json:"appetite"`
		Matrix   matrix         `json:"matrix"`
	}{r.Years, r.Seed, r.Currency, risks, total{r.Inherent, r.Residual}, r.Controls, apps,
		matrix{bands, levels, r.cells(0), r.cells(1)}})
}
