package bcp

import (
	"encoding/json"
	"io"
	"strconv"
	"time"
)

// WriteJSON writes a document in the model file format (JSON), the inverse
// of Parse for .json files: importers and generators use it to produce
// files that bcp reads back unchanged.
func WriteJSON(w io.Writer, doc *Document) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(fileDocument(doc))
}

type fileDoc struct {
	Version     int            `json:"version"`
	Name        string         `json:"name,omitempty"`
	Description string         `json:"description,omitempty"`
	Kinds       []fileKind     `json:"kinds,omitempty"`
	Components  []fileComp     `json:"components"`
	Scenarios   []fileScenario `json:"scenarios,omitempty"`
	Rules       []fileRule     `json:"rules,omitempty"`
	Teams       []fileTeam     `json:"teams,omitempty"`
	People      []filePerson   `json:"people,omitempty"`
	Roles       []fileRole     `json:"roles,omitempty"`
	Exercises   []fileExercise `json:"exercises,omitempty"`
	BIA         map[string]any `json:"bia,omitempty"`
	fileRiskRegister
}

type fileTeam struct {
	ID         string       `json:"id"`
	Name       string       `json:"name,omitempty"`
	Contact    string       `json:"contact,omitempty"`
	Capacity   int          `json:"capacity,omitempty"`
	Members    []fileMember `json:"members,omitempty"`
	Alternates []fileMember `json:"alternates,omitempty"`
}

type fileRecovery struct {
	Team       string         `json:"team,omitempty"`
	Strategies []fileStrategy `json:"strategies,omitempty"`
}

type fileStrategy struct {
	Type     string   `json:"type"`
	Name     string   `json:"name,omitempty"`
	Time     string   `json:"time"`
	DataLoss string   `json:"dataLoss,omitempty"`
	Requires []string `json:"requires,omitempty"`
	Copies   int      `json:"copies,omitempty"`
	Media    int      `json:"media,omitempty"`
	Offsite  int      `json:"offsite,omitempty"`
	Tested   string   `json:"tested,omitempty"`
}

type fileKind struct {
	Name        Kind   `json:"name"`
	Description string `json:"description,omitempty"`
}

type fileComp struct {
	ID           string            `json:"id"`
	Name         string            `json:"name,omitempty"`
	Kind         Kind              `json:"kind"`
	Owner        string            `json:"owner,omitempty"`
	Description  string            `json:"description,omitempty"`
	Tier         int               `json:"tier,omitempty"`
	Objectives   map[string]any    `json:"objectives,omitempty"`
	Attributes   map[string]any    `json:"attributes,omitempty"`
	Tags         []string          `json:"tags,omitempty"`
	ExternalIDs  map[string]string `json:"externalIds,omitempty"`
	Availability *float64          `json:"availability,omitempty"`
	Virtual      bool              `json:"virtual,omitempty"`
	DependsOn    []any             `json:"dependsOn,omitempty"`
	Fallbacks    []fileFallback    `json:"fallbacks,omitempty"`
	Recovery     *fileRecovery     `json:"recovery,omitempty"`
	BIA          map[string]any    `json:"bia,omitempty"`
}

type fileFallback struct {
	Name        string   `json:"name,omitempty"`
	Description string   `json:"description,omitempty"`
	Capacity    float64  `json:"capacity"`
	Activation  string   `json:"activation,omitempty"`
	MaxDuration string   `json:"maxDuration,omitempty"`
	Requires    []string `json:"requires,omitempty"`
	Backlog     string   `json:"backlogPerHour,omitempty"`
}

type fileScenario struct {
	ID          string        `json:"id"`
	Name        string        `json:"name,omitempty"`
	Description string        `json:"description,omitempty"`
	Disrupt     []fileDisrupt `json:"disrupt"`
}

type fileDisrupt struct {
	ID     string `json:"id,omitempty"`
	Select string `json:"select,omitempty"`
	At     string `json:"at,omitempty"`
	For    string `json:"for,omitempty"`
	// RecoverAfter is the cause's length before recovery starts.
	RecoverAfter string  `json:"recoverAfter,omitempty"`
	Fraction     float64 `json:"fraction,omitempty"`
	Seed         uint64  `json:"seed,omitempty"`
}

type fileRule struct {
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	When        string            `json:"when,omitempty"`
	Check       string            `json:"check,omitempty"`
	Set         map[string]string `json:"set,omitempty"`
	Severity    Severity          `json:"severity,omitempty"`
	Message     string            `json:"message,omitempty"`
}

func fileDocument(doc *Document) *fileDoc {
	out := &fileDoc{Version: 1, Name: doc.Name, Description: doc.Description, Components: make([]fileComp, len(doc.Components))}
	for _, k := range doc.Kinds {
		out.Kinds = append(out.Kinds, fileKind{k.Name, k.Description})
	}
	for i := range doc.Components {
		out.Components[i] = fileComponent(&doc.Components[i])
	}
	out.BIA = fileBIAConfig(doc.BIA)
	out.fileRiskRegister = fileRisks(doc)
	for _, tm := range doc.Teams {
		out.Teams = append(out.Teams, fileTeam{tm.ID, tm.Name, tm.Contact, tm.Capacity, fileMembers(tm.Members), fileMembers(tm.Alternates)})
	}
	filePeople(doc, out)
	for _, s := range doc.Scenarios {
		out.Scenarios = append(out.Scenarios, fileScenarioOf(s))
	}
	for _, r := range doc.Rules {
		fr := fileRule{Name: r.Name, Description: r.Description, When: r.When, Check: r.Check, Severity: r.Severity, Message: r.Message}
		if len(r.Set) > 0 {
			fr.Set = map[string]string{}
			for _, a := range r.Set {
				fr.Set[a.Target] = a.Expr
			}
		}
		out.Rules = append(out.Rules, fr)
	}
	return out
}

// durationIf formats d, or gives "" (left out) when it is not positive.
func durationIf(d time.Duration) string {
	if d > 0 {
		return FormatDuration(d)
	}
	return ""
}

func fileComponent(c *Component) fileComp {
	fc := fileComp{ID: c.ID, Name: c.Name, Kind: c.Kind, Owner: c.Owner, Description: c.Description, Tier: c.Tier,
		Attributes: c.Attributes, Tags: c.Tags, ExternalIDs: c.ExternalIDs, Availability: ownAvailabilityJSON(c), Virtual: c.Virtual}
	o := map[string]any{}
	for k, d := range map[string]time.Duration{"rto": c.Objectives.RTO, "rpo": c.Objectives.RPO, "mtpd": c.Objectives.MTPD} {
		if d > 0 {
			o[k] = FormatDuration(d)
		}
	}
	if c.Objectives.Availability != 0 {
		o["availability"] = c.Objectives.Availability
	}
	if len(o) > 0 {
		fc.Objectives = o
	}
	for _, d := range c.DependsOn {
		fc.DependsOn = append(fc.DependsOn, fileDependency(d))
	}
	for _, f := range c.Fallbacks {
		fc.Fallbacks = append(fc.Fallbacks, fileFallback{Name: f.Name, Description: f.Description, Capacity: f.Capacity, Requires: f.Requires,
			Activation: durationIf(f.Activation), MaxDuration: durationIf(f.MaxDuration), Backlog: durationIf(f.BacklogPerHour)})
	}
	if r := c.Recovery; r != nil {
		fc.Recovery = &fileRecovery{Team: r.Team}
		for _, st := range r.Strategies {
			fs := fileStrategy{Type: st.Type, Name: st.Name, Time: FormatDuration(st.Time), Requires: st.Requires, Copies: st.Copies, Media: st.Media, Offsite: st.Offsite,
				DataLoss: durationIf(st.DataLoss)}
			if !st.Tested.IsZero() {
				fs.Tested = st.Tested.Format("2006-01-02")
			}
			fc.Recovery.Strategies = append(fc.Recovery.Strategies, fs)
		}
	}
	fc.BIA = fileComponentBIA(c.BIA)
	return fc
}

func fileScenarioOf(s Scenario) fileScenario {
	fs := fileScenario{ID: s.ID, Name: s.Name, Description: s.Description}
	for _, d := range s.Disrupt {
		fd := fileDisrupt{ID: d.ID, Select: d.Select, Fraction: d.Fraction, Seed: d.Seed, At: durationIf(d.At), RecoverAfter: durationIf(d.RecoverAfter)}
		if d.For != Forever {
			fd.For = durationIf(d.For)
		}
		fs.Disrupt = append(fs.Disrupt, fd)
	}
	return fs
}

func fileDependency(d Dependency) any {
	m := map[string]any{}
	switch d.Kind {
	case Requires:
		if d.Tolerance == 0 && d.Note == "" {
			return d.ID
		}
		m["id"] = d.ID
	case AnyOf:
		m["anyOf"] = d.Members
	case AtLeast:
		m["atLeast"] = d.K
		m["of"] = d.Members
	}
	if d.Tolerance > 0 {
		m["tolerance"] = FormatDuration(d.Tolerance)
	}
	if d.Note != "" {
		m["note"] = d.Note
	}
	return m
}

func fileDurations(ds []time.Duration) []string {
	var out []string
	for _, d := range ds {
		out = append(out, FormatDuration(d))
	}
	return out
}

func fileBIAConfig(c *BIAConfig) map[string]any {
	if c == nil {
		return nil
	}
	m := map[string]any{}
	if len(c.Levels) > 0 {
		var ls []map[string]any
		for _, l := range c.Levels {
			e := map[string]any{"level": l.Level}
			if l.Name != "" {
				e["name"] = l.Name
			}
			if l.Description != "" {
				e["description"] = l.Description
			}
			ls = append(ls, e)
		}
		m["levels"] = ls
	}
	if len(c.Buckets) > 0 {
		m["buckets"] = fileDurations(c.Buckets)
	}
	if len(c.RPOBuckets) > 0 {
		m["rpoBuckets"] = fileDurations(c.RPOBuckets)
	}
	if len(c.Categories) > 0 {
		var cs []map[string]any
		for _, cat := range c.Categories {
			e := map[string]any{"id": cat.ID}
			if cat.Name != "" {
				e["name"] = cat.Name
			}
			if cat.Unit != "" {
				e["unit"] = cat.Unit
			}
			if cat.Intolerable != 0 {
				e["intolerable"] = cat.Intolerable
			}
			if len(cat.Thresholds) > 0 {
				th := map[string]float64{}
				for _, t := range cat.Thresholds {
					th[strconv.Itoa(t.Level)] = t.Amount
				}
				e["thresholds"] = th
			}
			cs = append(cs, e)
		}
		m["categories"] = cs
	}
	if c.RTO != "" {
		m["rto"] = c.RTO
	}
	if c.RPO != "" {
		m["rpo"] = c.RPO
	}
	if len(c.Tiers) > 0 {
		var ts []map[string]any
		for _, t := range c.Tiers {
			e := map[string]any{"tier": t.Tier}
			if t.Name != "" {
				e["name"] = t.Name
			}
			if t.MaxRTO > 0 {
				e["maxRTO"] = FormatDuration(t.MaxRTO)
			}
			ts = append(ts, e)
		}
		m["tiers"] = ts
	}
	return m
}

func fileComponentBIA(b *ComponentBIA) map[string]any {
	if b == nil {
		return nil
	}
	m := map[string]any{}
	impacts := func(list []CategoryImpact) map[string]any {
		out := map[string]any{}
		for _, ci := range list {
			if ci.Formula != "" {
				out[ci.Category] = map[string]string{"formula": ci.Formula}
				continue
			}
			ls := map[string]int{}
			for _, l := range ci.Levels {
				ls[FormatDuration(l.At)] = l.Level
			}
			out[ci.Category] = ls
		}
		return out
	}
	if len(b.Impact) > 0 {
		m["impact"] = impacts(b.Impact)
	}
	if len(b.DataLoss) > 0 {
		m["dataLoss"] = impacts(b.DataLoss)
	}
	if b.DataLossTolerance != nil {
		m["dataLossTolerance"] = FormatDuration(*b.DataLossTolerance)
	}
	if b.ImpactTolerance > 0 {
		m["impactTolerance"] = FormatDuration(b.ImpactTolerance)
	}
	if b.Important {
		m["important"] = true
	}
	return m
}

// ownAvailabilityJSON writes a component's availability as declared: 0 for
// AlwaysDown, absent when not declared.
func ownAvailabilityJSON(c *Component) *float64 {
	if !c.AlwaysDown && c.Availability == 0 {
		return nil
	}
	a := c.Availability
	return &a
}
