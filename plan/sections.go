package plan

import (
	"fmt"
	"strings"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

func (b *builder) roles() {
	b.h2("2. Roles and responsibilities", "roles")
	if len(b.m.Roles()) == 0 {
		b.p("The model names no continuity roles. Add roles (continuity manager, recovery team lead, communications) with a holder and an alternate.")
	} else {
		t := table{header: []string{"Role", "Holder", "Alternate", "Responsibilities"}}
		for _, r := range b.m.Roles() {
			alt := txt("none: name one")
			if r.Alternate != "" {
				alt = b.person(r.Alternate)
			}
			t.rows = append(t.rows, []inline{txt("%s", r.Label()), b.person(r.Holder), alt, txt("%s", dash(r.Responsibilities))})
		}
		b.add(t)
	}
	if len(b.m.Teams()) == 0 {
		return
	}
	b.h3(txt("Recovery teams"))
	t := table{header: []string{"Team", "Members", "Alternates", "Team line", "Parallel steps"}}
	for _, tm := range b.m.Teams() {
		t.rows = append(t.rows, []inline{b.team(tm.ID), b.members(tm.Members), b.members(tm.Alternates), txt("%s", dash(tm.Contact)), txt("%d", max(tm.Capacity, 1))})
	}
	b.add(t)
}

func (b *builder) members(ms []bcp.Member) inline {
	if len(ms) == 0 {
		return txt("-")
	}
	var out inline
	for i, mb := range ms {
		if i > 0 {
			out = out.add(span{text: "; "})
		}
		out = append(out, b.person(mb.Person)...)
		if mb.Role != "" {
			out = out.add(span{text: " (" + mb.Role + ")"})
		}
	}
	return out
}

// activation lists, per service with objectives, when to activate the
// plan: half its RTO, so that recovery started then can still finish in
// time, and the scenarios that bring it there.
func (b *builder) activation() {
	b.h2("3. Activation criteria", "activation")
	b.p("Activate this plan when a service below is down, or is expected to stay down, for the time in the second column: half its RTO, so that recovery started then can still finish within the RTO. The continuity manager (or the alternate) decides; when in doubt, activate. Escalate to crisis management when the MTPD is in sight.")
	t := table{header: []string{"Service", "Activate when down for", "RTO", "MTPD", "Also when"}}
	for _, c := range b.serviceList() {
		rto, mtpd := c.Objectives.RTO, c.Objectives.MTPD
		if a := b.bia.Assessment(c.ID); a != nil {
			rto, mtpd = effective(a.RTO), effective(a.MTPD)
		}
		if rto == 0 && mtpd == 0 {
			continue
		}
		when := rto / 2
		if rto == 0 {
			when = mtpd / 4
		}
		var also inline
		for _, d := range c.DependsOn {
			if d.Kind == bcp.Requires && d.Tolerance > 0 {
				if len(also) > 0 {
					also = also.add(span{text: "; "})
				}
				also = append(also, b.comp(d.ID)...)
				also = also.add(span{text: fmt.Sprintf(" down for %s (the service stops then)", dur(d.Tolerance))})
			}
		}
		if len(also) == 0 {
			also = txt("-")
		}
		t.rows = append(t.rows, []inline{b.comp(c.ID), {{text: dur(when), strong: true}}, txt("%s", dur(rto)), txt("%s", dur(mtpd)), also})
	}
	b.add(t)
	var items []item
	for _, inc := range b.doc.Incidents {
		var hit inline
		for _, ci := range inc.Impact.Components {
			if c, _ := b.m.Component(ci.ID); c.Kind == bcp.KindService && (ci.RTOBreached || ci.MTPDBreached) {
				sep := ": "
				if len(hit) > 0 {
					sep = "; "
				}
				hit = append(append(hit, span{text: sep}), b.comp(ci.ID)...)
				hit = hit.add(span{text: " (" + breaches(ci) + ")"})
			}
		}
		if len(hit) > 0 {
			items = append(items, item{text: append(b.scenario(inc.Scenario), hit...)})
		}
	}
	if len(items) > 0 {
		b.p("Scenarios in the model that breach an objective even with the recovery plan (activate at once):")
		b.add(list{items: items})
	}
}

func (b *builder) scenario(sc bcp.Scenario) inline {
	if sc.Name == "" {
		return txt("%s", sc.ID)
	}
	return inline{{text: sc.Name + " "}, {text: sc.ID, id: true}}
}

// holder is the person holding the first role with id or name containing
// key, for the first actions.
func (b *builder) holder(key string) inline {
	for _, r := range b.m.Roles() {
		if strings.Contains(strings.ToLower(r.ID+" "+r.Name), key) {
			return append(b.person(r.Holder), span{text: " (" + r.Label() + ")"})
		}
	}
	return txt("the continuity manager")
}

func (b *builder) firstActions() {
	b.h2("4. First actions", "first-actions")
	b.p("In this order, whatever the cause:")
	var sites []string
	for _, c := range b.m.Components() {
		if c.Kind == bcp.KindSite {
			sites = append(sites, c.Name)
		}
	}
	safety := "Staff safety first: evacuate if needed, account for everyone, call the emergency services (112) for anyone hurt."
	if len(sites) > 0 {
		safety += " Sites: " + strings.Join(sites, ", ") + "."
	}
	start := txt("Start the call tree (section 5).")
	if t := b.doc.CallTree; t != nil {
		start = append(txt("Start the call tree (section 5): "), b.person(t.Root.Person)...)
		start = start.add(span{text: fmt.Sprintf(" calls first; everyone is reached in about %s.", dur(t.Time))})
	}
	items := []item{
		{text: txt("%s", safety)},
		{text: append(txt("Declare the incident and activate the plan (section 3): "), b.holder("continuity")...)},
		{text: start},
		{text: append(txt("Inform customers and suppliers: website banner, phone message, key accounts. "), b.holder("comm")...)},
		{text: txt("Start the workarounds (fallbacks) at the times on each service page (section 6).")},
		{text: txt("Start IT recovery with the runbook of the scenario that fits (section 7); report progress to the continuity manager every hour.")},
	}
	b.add(list{ordered: true, items: items})
}

func (b *builder) callTree() {
	b.h2("5. Call tree", "call-tree")
	t := b.doc.CallTree
	if t == nil {
		b.p("The model names no people: add people and team members to generate the call tree.")
		return
	}
	b.p("Each caller calls at most %s, in the order listed, and reports back when done. If someone does not answer: try their next channel, leave a message, move on, and call their list yourself. Everyone (%s) is reached in %s, in about %s at %s a call.",
		count(t.Fanout, "person", "people"), count(t.People, "person", "people"), count(t.Depth, "round", "rounds"), dur(t.Time), dur(t.PerCall))
	var walk func(c *Call) item
	walk = func(c *Call) item {
		when := "by " + bcp.FormatTime(c.ReachedAt)
		if c.Depth == 0 {
			when = "starts the tree"
		}
		it := item{text: append(b.person(c.Person), span{text: fmt.Sprintf(" - %s - %s", b.reach(c.Person), when)})}
		for _, x := range c.Calls {
			it.sub = append(it.sub, walk(x))
		}
		return it
	}
	b.add(list{items: []item{walk(t.Root)}})
}

func (b *builder) contacts() {
	b.h2("8. Contact lists", "contacts")
	if len(b.m.People()) > 0 {
		b.h3(txt("People"))
		t := table{header: []string{"Name", "Title", "Roles and teams", "Channels"}}
		for _, p := range b.m.People() {
			var ch []string
			for _, c := range p.Channels {
				ch = append(ch, c.Type+": "+c.Value)
			}
			t.rows = append(t.rows, []inline{b.person(p.ID), txt("%s", dash(p.Title)), txt("%s", dash(strings.Join(b.duties(p.ID), ", "))), txt("%s", dash(strings.Join(ch, "; ")))})
		}
		b.add(t)
	}
	b.h3(txt("Suppliers"))
	t := table{header: []string{"Supplier", "Owner", "Contract", "Contact", "Notes"}}
	for _, c := range b.m.Components() {
		if c.Kind != bcp.KindSupplier {
			continue
		}
		t.rows = append(t.rows, []inline{b.comp(c.ID), txt("%s", dash(c.Owner)), txt("%s", attr(c, "contract")), txt("%s", attr(c, "contact")), txt("%s", dash(c.Description))})
	}
	b.add(t)
}

func attr(c bcp.Component, name string) string {
	if v, ok := c.Attributes[name]; ok {
		return fmt.Sprint(v)
	}
	return "-"
}

// duties lists the roles a person holds or stands in for and their teams.
func (b *builder) duties(id string) []string {
	var out []string
	for _, r := range b.m.Roles() {
		switch id {
		case r.Holder:
			out = append(out, r.Label())
		case r.Alternate:
			out = append(out, r.Label()+" (alternate)")
		}
	}
	for _, tm := range b.m.Teams() {
		name := tm.Name
		if name == "" {
			name = tm.ID
		}
		for _, mb := range tm.Members {
			if mb.Person == id {
				out = append(out, name)
			}
		}
		for _, mb := range tm.Alternates {
			if mb.Person == id {
				out = append(out, name+" (alternate)")
			}
		}
	}
	return out
}

func (b *builder) standDown() {
	b.h2("9. Reconstitution and stand-down", "stand-down")
	b.add(list{ordered: true, items: []item{
		{text: txt("Verify each restored service with its owner before declaring it back (test transactions, data checks against the RPO).")},
		{text: txt("Re-enter the work done on the workarounds (backlogs below) and reconcile data lost since the last good recovery point.")},
		{text: txt("Return to normal operations in tier order; keep the workarounds ready until the service has run a full business day.")},
		{text: txt("The continuity manager declares the stand-down and tells everyone through the call tree.")},
		{text: txt("Hold a post-incident review within two weeks; record findings as exercise actions and update the model.")},
	}})
	t := table{header: []string{"Scenario", "Component", "Workarounds", "Re-entry work", "Caught up"}}
	for _, inc := range b.doc.Incidents {
		if inc.Plan == nil {
			continue
		}
		for _, bl := range inc.Plan.Backlogs {
			t.rows = append(t.rows, []inline{b.scenario(inc.Scenario), b.comp(bl.ID), txt("%s", strings.Join(bl.Fallbacks, ", ")), txt("%s", dur(bl.Work)), b.at(bl.Until)})
		}
	}
	if len(t.rows) > 0 {
		b.h3(txt("Backlogs to re-enter"))
		b.add(t)
	}
}

func (b *builder) exercises() {
	b.h2("10. Exercise programme and status", "exercises")
	now := b.opts.now()
	t := table{header: []string{"Exercise", "Every", "Last", "Next due", "Status"}}
	for _, d := range Programme(b.m, b.opts) {
		last, next, status := "never", "now", "**overdue**"
		if d.Last != nil {
			last = d.Last.Date.Format(time.DateOnly) + " (" + d.Last.ID + ")"
			next = d.Next.Format(time.DateOnly)
		}
		if !d.Overdue {
			status = "on schedule"
		}
		t.rows = append(t.rows, []inline{txt("%s", d.Type), txt("%s", days(d.Every)), txt("%s", last), date(next), {{text: strings.Trim(status, "*"), strong: d.Overdue}}})
	}
	b.p("Status on %s. A full exercise is due every %s and a component test every %s.", now.Format(time.DateOnly), days(b.opts.fullEvery()), days(b.opts.componentEvery()))
	b.add(t)
	if len(b.m.Exercises()) > 0 {
		b.h3(txt("Exercises held"))
		et := table{header: []string{"Date", "Exercise", "Type", "Scope", "Outcome"}}
		for _, e := range b.m.Exercises() {
			name := e.Name
			if name == "" {
				name = e.ID
			}
			et.rows = append(et.rows, []inline{date(e.Date.Format(time.DateOnly)), {{text: name + " "}, {text: e.ID, id: true}}, txt("%s", e.Type), b.scope(e), txt("%s", e.Outcome)})
		}
		b.add(et)
	}
	if acts := OpenActions(b.m); len(acts) > 0 {
		b.h3(txt("Open actions"))
		at := table{header: []string{"Due", "Action", "Owner", "From"}}
		for _, a := range acts {
			due := date(a.Due.Format(time.DateOnly))
			if a.Due.Before(now) {
				due = inline{{text: a.Due.Format(time.DateOnly), strong: true}}
			}
			at.rows = append(at.rows, []inline{due, txt("%s", dash(a.Description)), b.person(a.Owner), txt("%s", a.Exercise)})
		}
		b.add(at)
	}
}

func (b *builder) findings() {
	n := 11
	if len(b.m.Risks()) > 0 {
		n = 12
	}
	b.h2(fmt.Sprintf("%d. What weakens this plan", n), "findings")
	if len(b.doc.Findings) == 0 {
		b.p("Nothing: every core area has two trained people, every role an alternate, and the exercise programme is on schedule.")
		return
	}
	t := table{header: []string{"Severity", "Check", "Finding"}}
	for _, f := range b.doc.Findings {
		t.rows = append(t.rows, []inline{txt("%s", f.Severity), txt("%s", f.Rule), txt("%s", f.Message)})
	}
	b.add(t)
}

// scope names an exercise's scope: scenarios and components; a full
// exercise without scope covers the whole plan.
func (b *builder) scope(e bcp.Exercise) inline {
	switch {
	case len(e.Scope) == 0 && e.Type == "full":
		return txt("the whole plan")
	case len(e.Scope) == 0:
		return txt("-")
	}
	var out inline
	for i, id := range e.Scope {
		if i > 0 {
			out = out.add(span{text: ", "})
		}
		if sc, err := b.m.Scenario(id); err == nil {
			out = append(out, b.scenario(sc)...)
		} else {
			out = append(out, b.comp(id)...)
		}
	}
	return out
}

// count writes n with the singular or plural noun ("1 round", "3 people").
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
