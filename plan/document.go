package plan

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/continuitykit/continuity/bia"
	"github.com/continuitykit/continuity/recovery"
)

// Document is the continuity plan of a model, ready to be written as
// Markdown (WriteMarkdown) or as self-contained HTML (WriteHTML).
type Document struct {
	// Title is the plan's title.
	Title string
	// Findings are what Check reports about the plan.
	Findings []bcp.Finding
	// CallTree is the call tree; nil when the model has no people.
	CallTree *CallTree
	// Incidents are the scenarios' incident timelines, in model order.
	Incidents []*recovery.Incident
	blocks    []block
	m         *bcp.Model
	opts      Options
}

// builder assembles the document's blocks section by section.
type builder struct {
	m      *bcp.Model
	opts   Options
	doc    *Document
	bia    *bia.Report
	spof   *faulttree.SPOFReport
	blocks []block
}

// Build assembles the continuity plan of a model: purpose and scope, roles,
// activation criteria, first actions, the call tree, a page per service,
// a recovery runbook per scenario, contact lists, reconstitution and
// stand-down, the exercise programme and, where the model has risks, a
// risk summary with the loss exceedance curve (the contents of ISO 22301
// clause 8.4.4 and NIST SP 800-34's contingency plan template). With
// opts.Start set, runbook times are wall-clock times.
func Build(m *bcp.Model, opts Options) (*Document, error) {
	incs, err := timelines(m)
	if err != nil {
		return nil, err
	}
	tree, err := BuildCallTree(m, opts.CallTree)
	if err != nil {
		return nil, err
	}
	rep, err := bia.Analyze(m, bia.Options{Incidents: incs})
	if err != nil {
		return nil, err
	}
	spof, err := faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{})
	if err != nil {
		return nil, err
	}
	title := "Business continuity plan"
	if m.Name() != "" {
		title += ": " + m.Name()
	}
	d := &Document{Title: title, Findings: check(m, incs, opts), CallTree: tree, Incidents: incs, m: m, opts: opts}
	b := &builder{m: m, opts: opts, doc: d, bia: rep, spof: spof}
	b.purpose()
	b.roles()
	b.activation()
	b.firstActions()
	b.callTree()
	b.services()
	b.runbooks()
	b.contacts()
	b.standDown()
	b.exercises()
	if err := b.risks(); err != nil {
		return nil, err
	}
	b.findings()
	d.blocks = b.blocks
	return d, nil
}

func (b *builder) add(bl ...block) { b.blocks = append(b.blocks, bl...) }

func (b *builder) h2(text, anchor string) {
	b.add(heading{level: 2, text: txt("%s", text), anchor: anchor, page: true})
}

func (b *builder) h3(text inline) { b.add(heading{level: 3, text: text}) }

func (b *builder) p(format string, args ...any) { b.add(para{txt(format, args...)}) }

// comp names a component for people, with its id in small print.
func (b *builder) comp(id string) inline {
	c, ok := b.m.Component(id)
	if !ok || c.Name == "" {
		return inline{{text: id}}
	}
	return inline{{text: c.Name + " "}, {text: id, id: true}}
}

// person names a person, with the id in small print.
func (b *builder) person(id string) inline {
	p, ok := b.m.Person(id)
	if !ok || p.Name == "" {
		return inline{{text: id}}
	}
	return inline{{text: p.Name + " "}, {text: id, id: true}}
}

// team names a team.
func (b *builder) team(id string) inline {
	t, ok := b.m.Team(id)
	if !ok || t.Name == "" {
		return inline{{text: id}}
	}
	return inline{{text: t.Name + " "}, {text: id, id: true}}
}

// reach is how to reach a person: the first two channels.
func (b *builder) reach(id string) string {
	p, _ := b.m.Person(id)
	var out []string
	for i, c := range p.Channels {
		if i == 2 {
			break
		}
		out = append(out, c.Type+" "+c.Value)
	}
	return strings.Join(out, ", ")
}

// at renders a time from the incident start: a wall-clock time when the
// start is known, with the offset in small print.
func (b *builder) at(d time.Duration) inline {
	if d == bcp.Forever {
		return txt("never")
	}
	if b.opts.Start.IsZero() {
		return txt("%s", bcp.FormatTime(d))
	}
	return inline{{text: b.opts.Start.Add(d).Format("Mon 2 Jan 15:04") + " "}, {text: bcp.FormatTime(d), id: true}}
}

func dur(d time.Duration) string {
	if d <= 0 {
		return "-"
	}
	if d == bcp.Forever {
		return "never"
	}
	return bcp.FormatDuration(d)
}

func (b *builder) serviceList() []bcp.Component {
	var out []bcp.Component
	for _, c := range b.m.Components() {
		if c.Kind == bcp.KindService {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return tierKey(out[i]) < tierKey(out[j]) })
	return out
}

// tierKey sorts untiered components after every tier.
func tierKey(c bcp.Component) int {
	if c.Tier == 0 {
		return 1 << 30
	}
	return c.Tier
}

func (b *builder) purpose() {
	b.add(heading{level: 1, text: txt("%s", b.doc.Title)})
	now := b.opts.now()
	b.p("Generated from the continuity model on %s. Print it and keep it where you can reach it when the systems are down; regenerate it after every change to the model.", now.Format("2 January 2006"))
	b.h2("1. Purpose and scope", "purpose")
	b.p("This plan says who does what, in which order, to keep the business services below running through a disruption and to bring them back within their recovery time objectives (RTO) and before their maximum tolerable period of disruption (MTPD). It follows the contents ISO 22301 clause 8.4.4 and NIST SP 800-34 prescribe for a business continuity plan.")
	if d := b.m.Description(); d != "" {
		b.p("%s", d)
	}
	t := table{header: []string{"Service", "Tier", "Owner", "RTO", "MTPD"}}
	for _, c := range b.serviceList() {
		tier := "-"
		if c.Tier > 0 {
			tier = fmt.Sprint(c.Tier)
		}
		rto, mtpd := c.Objectives.RTO, c.Objectives.MTPD
		if a := b.bia.Assessment(c.ID); a != nil {
			rto, mtpd = effective(a.RTO), effective(a.MTPD)
		}
		t.rows = append(t.rows, []inline{b.comp(c.ID), txt("%s", tier), txt("%s", dash(c.Owner)), txt("%s", dur(rto)), txt("%s", dur(mtpd))})
	}
	b.p("In scope: %d business services, most critical first.", len(t.rows))
	b.add(t)
}

// effective is an objective in force, 0 when there is none.
func effective(o bia.Objective) time.Duration {
	if o.Effective == bcp.Forever {
		return 0
	}
	return o.Effective
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
