package incident

import (
	"context"
	"sort"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/recovery"
)

// Answer is what an incident means for the business, on the wall clock.
// Times are RFC 3339 (UTC); null means never. Durations are whole seconds.
type Answer struct {
	Source   string `json:"source"`
	Incident string `json:"incident"`
	// Since is the scenario's start: the earliest time a CI went down.
	Since time.Time `json:"since"`
	// Model is the hash of the model that answered (GET /metrics shows it
	// as bcp_model_info).
	Model    string    `json:"model"`
	CIs      []Matched `json:"cis"`
	Unknown  []Unknown `json:"unknown"`
	Services []Service `json:"services"`
	// Recovery is the recovery plan's steps in order of start.
	Recovery      []Step                   `json:"recovery"`
	Unrecoverable []recovery.Unrecoverable `json:"unrecoverable"`
	Fallbacks     []Fallback               `json:"fallbacks"`
	Notify        []Notify                 `json:"notify"`
}

// Service is a service the incident takes down, with its deadlines and
// when the recovery plan brings it back.
type Service struct {
	ID    string    `json:"id"`
	Name  string    `json:"name,omitempty"`
	Tier  int       `json:"tier,omitempty"`
	Owner string    `json:"owner,omitempty"`
	Cause []string  `json:"cause"`
	Down  time.Time `json:"downAt"`
	// Restored is when it is up again for good under the plan.
	Restored *time.Time `json:"restoredAt"`
	// RTO and MTPD are the objectives (null: not set); the deadlines are
	// when the service must be back to meet them: down + RTO, down + MTPD.
	RTO          *int64     `json:"rto"`
	RTODeadline  *time.Time `json:"rtoDeadline"`
	MTPD         *int64     `json:"mtpd"`
	MTPDDeadline *time.Time `json:"mtpdDeadline"`
	// RTOBreachAt and MTPDBreachAt are when the plan breaches them; null
	// when it meets them (or they are not set).
	RTOBreachAt  *time.Time `json:"rtoBreachAt"`
	MTPDBreachAt *time.Time `json:"mtpdBreachAt"`
}

// Step is one recovery step of the plan.
type Step struct {
	Order     int       `json:"order"`
	ID        string    `json:"id"`
	Team      string    `json:"team"`
	Contact   string    `json:"contact,omitempty"`
	Strategy  string    `json:"strategy"`
	Start     time.Time `json:"start"`
	Finish    time.Time `json:"finish"`
	Needs     []string  `json:"needs"`
	WaitedFor string    `json:"waitedFor"`
}

// Fallback is a workaround to activate: from From to To (null: until the
// component is back, never), giving Capacity of normal.
type Fallback struct {
	Component   string     `json:"component"`
	Fallback    string     `json:"fallback"`
	Description string     `json:"description,omitempty"`
	Capacity    float64    `json:"capacity"`
	From        time.Time  `json:"from"`
	To          *time.Time `json:"to"`
}

// Notify is someone to tell: a team (or an owner that is no declared
// team), by when, and why.
type Notify struct {
	Who     string    `json:"who"`
	Name    string    `json:"name,omitempty"`
	Contact string    `json:"contact,omitempty"`
	By      time.Time `json:"by"`
	Reasons []string  `json:"reasons"`
}

// Respond answers an incident from a model: Resolve, the incident timeline
// (recovery.Timeline, the same story impact, recover and the BIA tell),
// and the answer on the wall clock. hash names the model in the answer.
func Respond(m *bcp.Model, hash string, inc *Incident) (*Answer, error) {
	return RespondContext(context.Background(), m, hash, inc)
}

// RespondContext is Respond, stopped when ctx ends: it then returns ctx's
// error (context.Canceled or context.DeadlineExceeded).
func RespondContext(ctx context.Context, m *bcp.Model, hash string, inc *Incident) (*Answer, error) {
	sc, start, matched, unknown := Resolve(m, inc)
	a := &Answer{Source: inc.Source, Incident: inc.Ref, Since: start, Model: hash, CIs: matched, Unknown: unknown,
		Services: []Service{}, Recovery: []Step{}, Unrecoverable: []recovery.Unrecoverable{}, Fallbacks: []Fallback{}, Notify: []Notify{}}
	if a.CIs == nil {
		a.CIs = []Matched{}
	}
	if a.Unknown == nil {
		a.Unknown = []Unknown{}
	}
	if len(sc.Disrupt) == 0 {
		return a, nil
	}
	tl, err := recovery.TimelineContext(ctx, m, sc, recovery.Options{})
	if err != nil {
		return nil, err
	}
	im, plan := tl.Impact, tl.Plan
	at := func(d time.Duration) time.Time { return start.Add(d) }
	n := newNotifier(m)
	for k, st := range plan.Steps {
		team, _ := m.Team(st.Team)
		a.Recovery = append(a.Recovery, Step{Order: k + 1, ID: st.ID, Team: st.Team, Contact: team.Contact, Strategy: st.Strategy,
			Start: at(st.Start), Finish: at(st.Finish), Needs: nonNil(st.Needs), WaitedFor: st.WaitedFor})
		n.add(st.Team, at(st.Start), "recover "+st.ID+" ("+st.Strategy+")")
	}
	if plan.Unrecoverable != nil {
		a.Unrecoverable = plan.Unrecoverable
	}
	comps := m.Components()
	idx := im.ComponentIndices()
	for k, ci := range im.Components {
		c := &comps[idx[k]]
		for _, p := range ci.Capacity {
			if p.Fallback == "" {
				continue
			}
			a.Fallbacks = append(a.Fallbacks, Fallback{Component: ci.ID, Fallback: p.Fallback, Description: fallbackDescription(c, p.Fallback),
				Capacity: p.Capacity, From: at(p.From), To: wall(start, p.To)})
			n.add(c.Owner, at(p.From), "activate fallback "+p.Fallback+" for "+ci.ID+" at "+at(p.From).Format(time.RFC3339))
		}
		if ci.Kind != bcp.KindService {
			continue
		}
		a.Services = append(a.Services, service(c, &ci, start))
		why := "owns service " + ci.ID + " (down)"
		if d := deadline(start, ci.DownAt, ci.RTO); ci.HasRTO() && d != nil {
			why = "owns service " + ci.ID + " (RTO deadline " + d.Format(time.RFC3339) + ")"
		}
		n.add(c.Owner, at(ci.DownAt), why)
	}
	a.Notify = n.list()
	return a, nil
}

func service(c *bcp.Component, ci *bcp.ComponentImpact, start time.Time) Service {
	s := Service{ID: ci.ID, Name: c.Name, Tier: ci.Tier, Owner: c.Owner, Cause: nonNil(ci.Cause), Down: start.Add(ci.DownAt), Restored: wall(start, ci.UpAt)}
	if ci.HasRTO() {
		s.RTO, s.RTODeadline = bcp.JSONSeconds(ci.RTO), deadline(start, ci.DownAt, ci.RTO)
		if ci.RTOBreached {
			s.RTOBreachAt = wall(start, ci.RTOBreachAt)
		}
	}
	if ci.HasMTPD() {
		s.MTPD, s.MTPDDeadline = bcp.JSONSeconds(ci.MTPD), deadline(start, ci.DownAt, ci.MTPD)
		if ci.MTPDBreached {
			s.MTPDBreachAt = wall(start, ci.MTPDBreachAt)
		}
	}
	return s
}

// deadline is when a service down at start + down must be back to meet an
// objective: on the wall clock, so that a late outage with a long objective
// (decades) does not overflow the offset from start; nil when either is
// Forever.
func deadline(start time.Time, down, objective time.Duration) *time.Time {
	if down >= bcp.Forever || objective >= bcp.Forever {
		return nil
	}
	t := start.Add(down).Add(objective)
	return &t
}

// wall is start + d on the wall clock, nil for Forever.
func wall(start time.Time, d time.Duration) *time.Time {
	if d >= bcp.Forever {
		return nil
	}
	t := start.Add(d)
	return &t
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func fallbackDescription(c *bcp.Component, name string) string {
	for _, f := range c.Fallbacks {
		if f.Name == name {
			return f.Description
		}
	}
	return ""
}

// notifier gathers whom to tell: teams by id (with the model's name and
// contact), owners that are no team as they are.
type notifier struct {
	m   *bcp.Model
	by  map[string]*Notify
	ord []string
}

func newNotifier(m *bcp.Model) *notifier { return &notifier{m: m, by: map[string]*Notify{}} }

func (n *notifier) add(who string, by time.Time, why string) {
	if who == "" {
		return
	}
	x := n.by[who]
	if x == nil {
		x = &Notify{Who: who, By: by}
		if t, ok := n.m.Team(who); ok {
			x.Name, x.Contact = t.Name, t.Contact
		}
		n.by[who] = x
		n.ord = append(n.ord, who)
	}
	if by.Before(x.By) {
		x.By = by
	}
	x.Reasons = append(x.Reasons, why)
}

// list is everyone to tell, the most urgent first, then by id.
func (n *notifier) list() []Notify {
	out := make([]Notify, 0, len(n.ord))
	for _, who := range n.ord {
		out = append(out, *n.by[who])
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].By.Equal(out[j].By) {
			return out[i].By.Before(out[j].By)
		}
		return out[i].Who < out[j].Who
	})
	return out
}
