package plan

import (
	"fmt"
	"strings"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

func (b *builder) services() {
	b.h2("6. Services", "services")
	b.p("One page per business service: its objectives, what it depends on, its single points of failure, the workarounds and when to start them, and how what it depends on is recovered.")
	if svg := heatMap(b.bia, b.m.Name()); svg != "" {
		b.add(figure{svg: svg, caption: "Business impact analysis: impact level by outage duration (cells beyond the MTPD outlined)"})
	}
	for _, c := range b.serviceList() {
		b.servicePage(c)
	}
}

func (b *builder) servicePage(c bcp.Component) {
	b.add(heading{level: 3, text: b.comp(c.ID), anchor: "service-" + c.ID, page: true})
	rto, rpo, mtpd := c.Objectives.RTO, c.Objectives.RPO, c.Objectives.MTPD
	tol := time.Duration(0)
	if a := b.bia.Assessment(c.ID); a != nil {
		rto, rpo, mtpd, tol = effective(a.RTO), effective(a.RPO), effective(a.MTPD), effective(a.ImpactTolerance)
	}
	facts := []item{
		{text: txt("Owner: %s; tier: %s", dash(c.Owner), tierText(c.Tier))},
		{text: txt("RTO %s, RPO %s, MTPD %s, impact tolerance %s", dur(rto), dur(rpo), dur(mtpd), dur(tol))},
	}
	if c.Description != "" {
		facts = append(facts, item{text: txt("%s", c.Description)})
	}
	var trained inline
	for i, id := range Trained(b.m, c.ID) {
		if i > 0 {
			trained = trained.add(span{text: ", "})
		}
		trained = append(trained, b.person(id)...)
	}
	if len(trained) > 0 {
		facts = append(facts, item{text: append(txt("Trained people: "), trained...)})
	}
	if fp, err := Fingerprint(b.m, c.ID); err == nil {
		facts = append(facts, item{text: txt("Dependency fingerprint: %s (record it under the exercise's dependencies; a change makes the exercise stale)", fp)})
	}
	b.add(list{items: facts})
	b.dependsOn(c)
	b.spofs(c)
	b.fallbacks(c)
	b.recoveryOf(c)
}

func tierText(t int) string {
	if t == 0 {
		return "not set"
	}
	return fmt.Sprint(t)
}

func (b *builder) dependsOn(c bcp.Component) {
	if len(c.DependsOn) == 0 {
		return
	}
	var items []item
	for _, d := range c.DependsOn {
		var in inline
		switch d.Kind {
		case bcp.Requires:
			in = b.comp(d.ID)
		default:
			in = txt("any one of: ")
			if d.Kind == bcp.AtLeast {
				in = txt("at least %d of: ", d.K)
			}
			for i, id := range d.Members {
				if i > 0 {
					in = in.add(span{text: ", "})
				}
				in = append(in, b.comp(id)...)
			}
		}
		if d.Tolerance > 0 {
			in = in.add(span{text: fmt.Sprintf(" (keeps running %s without it)", dur(d.Tolerance))})
		}
		items = append(items, item{text: in})
	}
	b.p("Depends on:")
	b.add(list{items: items})
}

func (b *builder) spofs(c bcp.Component) {
	for _, s := range b.spof.Services {
		if s.ID != c.ID {
			continue
		}
		if c.Tier == 1 {
			if svg := depGraph(b.m, c.ID, s.SPOF); svg != "" {
				b.add(figure{svg: svg, caption: "What " + name(c) + " depends on; single points of failure in red"})
			}
		}
		if len(s.SPOF) == 0 {
			b.p("Single points of failure: none; every dependency is redundant.")
			return
		}
		var items []item
		for j, id := range s.SPOF {
			items = append(items, item{text: append(b.comp(id), span{text: " - via " + bcp.PathString(s.Path(j))})})
		}
		b.p("Single points of failure (each one alone stops the service):")
		b.add(list{items: items})
	}
}

func (b *builder) fallbacks(c bcp.Component) {
	if len(c.Fallbacks) == 0 {
		b.p("Workarounds: none in the model.")
		return
	}
	var items []item
	for _, f := range c.Fallbacks {
		name := f.Name
		if name == "" {
			name = "the workaround"
		}
		s := fmt.Sprintf("Start %s at %s", name, bcp.FormatTime(f.Activation))
		s += fmt.Sprintf(" after the service goes down: %.0f%% of normal capacity", f.Capacity*100)
		if f.MaxDuration > 0 {
			s += ", for at most " + dur(f.MaxDuration)
		}
		if len(f.Requires) > 0 {
			s += "; needs " + strings.Join(f.Requires, ", ")
		}
		if f.BacklogPerHour > 0 {
			s += fmt.Sprintf("; leaves %s of re-entry work per hour", dur(f.BacklogPerHour))
		}
		if f.Description != "" {
			s += ". " + f.Description
		}
		items = append(items, item{text: txt("%s", s)})
	}
	b.p("Workarounds:")
	b.add(list{items: items})
}

// recoveryOf lists how the service and everything it depends on are
// recovered: team, strategies with their times and data loss, last test.
func (b *builder) recoveryOf(c bcp.Component) {
	t := table{header: []string{"Component", "Team", "Strategy", "Time", "Data loss", "Tested"}}
	seen := map[string]bool{}
	var visit func(id string)
	visit = func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		x, _ := b.m.Component(id)
		if x.Recovery != nil {
			team := x.Recovery.Team
			if team == "" {
				team = x.Owner
			}
			for _, st := range x.Recovery.Strategies {
				tested := "never"
				if !st.Tested.IsZero() {
					tested = st.Tested.Format(time.DateOnly)
				}
				t.rows = append(t.rows, []inline{b.comp(id), b.team(team), txt("%s", st.Label()), txt("%s", dur(st.Time)), txt("%s", dur(st.DataLoss)), date(tested)})
			}
		}
		for _, d := range b.m.Dependencies(id) {
			visit(d)
		}
	}
	visit(c.ID)
	if len(t.rows) == 0 {
		b.p("Recovery: no strategies in the model for this service or what it depends on.")
		return
	}
	b.p("How it and what it depends on are recovered:")
	b.add(t)
}
