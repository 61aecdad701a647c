package plan

import (
	"fmt"
	"strings"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/recovery"
)

func (b *builder) runbooks() {
	b.h2("7. Recovery runbooks", "runbooks")
	if b.opts.Start.IsZero() {
		b.p("One runbook per scenario. Times are from the start of the incident (T+0); generate the plan with an incident start for wall-clock times.")
	} else {
		b.p("One runbook per scenario. Times assume the incident started on %s.", b.opts.Start.Format("Monday 2 January 2006 at 15:04"))
	}
	for _, inc := range b.doc.Incidents {
		b.runbook(inc)
	}
}

func (b *builder) runbook(inc *recovery.Incident) {
	b.add(heading{level: 3, text: b.scenario(inc.Scenario), anchor: "scenario-" + inc.Scenario.ID, page: true})
	if inc.Scenario.Description != "" {
		b.p("%s", inc.Scenario.Description)
	}
	pl := inc.Plan
	if pl == nil || len(pl.Steps) == 0 {
		b.p("No recovery steps: every disruption in this scenario ends by itself.")
	} else {
		t := table{header: []string{"#", "Start", "Finish", "Recover", "Team", "Call", "How", "Data lost", "First up"}}
		for i, s := range pl.Steps {
			needs := txt("-")
			for i, id := range s.Needs {
				if i == 0 {
					needs = nil
				} else {
					needs = needs.add(span{text: ", "})
				}
				needs = append(needs, b.comp(id)...)
			}
			t.rows = append(t.rows, []inline{txt("%d", i+1), b.at(s.Start), b.at(s.Finish), b.comp(s.ID), b.team(s.Team), txt("%s", b.teamCall(s.Team)), txt("%s", s.Strategy), txt("%s", b.dataLoss(s)), needs})
		}
		b.add(t)
		b.add(figure{svg: gantt(b.m, pl), caption: "Recovery of " + inc.Scenario.ID + ": steps by team, RTO deadlines as red lines"})
	}
	if pl != nil && len(pl.Unrecoverable) > 0 {
		var items []item
		for _, u := range pl.Unrecoverable {
			items = append(items, item{text: append(b.comp(u.ID), span{text: ": " + u.Reason})})
		}
		b.p("Cannot be recovered with the current strategies:")
		b.add(list{items: items})
	}
	b.serviceOutcomes(inc)
}

// teamCall is who to call for a team: its lead's (or first member's) name
// and first channel, else the team line.
func (b *builder) teamCall(id string) string {
	tm, ok := b.m.Team(id)
	if !ok {
		return "-"
	}
	for _, mb := range tm.Members {
		if p, ok := b.m.Person(mb.Person); ok && len(p.Channels) > 0 {
			return fmt.Sprintf("%s, %s %s", p.Label(), p.Channels[0].Type, p.Channels[0].Value)
		}
	}
	return dash(tm.Contact)
}

func (b *builder) serviceOutcomes(inc *recovery.Incident) {
	t := table{header: []string{"Service", "Down", "Restored", "RTO", "Met"}}
	for _, ci := range inc.Impact.Components {
		c, _ := b.m.Component(ci.ID)
		if c.Kind != bcp.KindService {
			continue
		}
		met := inline{{text: "-"}}
		switch {
		case ci.RTOBreached && ci.MTPDBreached:
			met = inline{{text: "no, breached at " + bcp.FormatTime(ci.RTOBreachAt) + "; MTPD breached at " + bcp.FormatTime(ci.MTPDBreachAt), strong: true}}
		case ci.RTOBreached:
			met = inline{{text: "no, breached at " + bcp.FormatTime(ci.RTOBreachAt), strong: true}}
		case ci.MTPDBreached:
			met = inline{{text: "no, MTPD breached at " + bcp.FormatTime(ci.MTPDBreachAt), strong: true}}
		case ci.HasRTO():
			met = inline{{text: "yes"}}
		}
		t.rows = append(t.rows, []inline{b.comp(ci.ID), b.at(ci.DownAt), b.at(ci.UpAt), txt("%s", dur(ci.RTO)), met})
	}
	if len(t.rows) == 0 {
		b.p("No business service goes down in this scenario.")
		return
	}
	b.p("Services:")
	b.add(t)
}

// dataLoss is the worst-case data a step's strategy loses: the backup
// interval, the replication lag.
func (b *builder) dataLoss(s recovery.Step) string {
	c, _ := b.m.Component(s.ID)
	if c.Recovery == nil {
		return "-"
	}
	for _, st := range c.Recovery.Strategies {
		if st.Label() == s.Strategy {
			return dur(st.DataLoss)
		}
	}
	return "-"
}

// breaches says which objectives a service breaches and when, as
// "RTO breached at T+4h, MTPD breached at T+1d": the MTPD breach is the one
// that calls for crisis management, so it is never left out.
func breaches(ci bcp.ComponentImpact) string {
	var parts []string
	if ci.RTOBreached {
		parts = append(parts, "RTO breached at "+bcp.FormatTime(ci.RTOBreachAt))
	}
	if ci.MTPDBreached {
		parts = append(parts, "MTPD breached at "+bcp.FormatTime(ci.MTPDBreachAt))
	}
	return strings.Join(parts, ", ")
}
