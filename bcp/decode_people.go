package bcp

import (
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

var (
	personFields   = []string{"id", "name", "title", "channels", "trained"}
	channelFields  = []string{"type", "value"}
	memberFields   = []string{"person", "role"}
	roleFields     = []string{"id", "name", "responsibilities", "holder", "alternate"}
	exerciseFields = []string{"id", "name", "date", "type", "scope", "outcome", "notes", "actions", "dependencies"}
	actionFields   = []string{"description", "owner", "due", "done"}
)

// date reads a calendar date written as 2026-03-31.
func (d *decoder) date(n *yaml.Node, what string) time.Time {
	s := d.str(n, what)
	t, err := time.Parse(time.DateOnly, s)
	if err != nil && n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" {
		d.probs.add(d.pos(n), err, "%s must be a date such as 2026-03-31, not %q", what, s)
	}
	return t
}

// oneOf reads text that must be one of valid.
func (d *decoder) oneOf(n *yaml.Node, what string, valid []string) string {
	s := d.str(n, what)
	if n.Kind == yaml.ScalarNode && !contains(valid, s) {
		d.errorf(n, "unknown %s %q%s; valid: %s", what, s, didYouMean(s, valid), strings.Join(valid, ", "))
	}
	return s
}

func (d *decoder) person(n *yaml.Node) Person {
	p := Person{Pos: d.pos(n)}
	d.fields(n, "a person", personFields, func(key string, _, v *yaml.Node) {
		switch key {
		case "id":
			p.ID, p.Pos = d.str(v, "id"), d.pos(v)
		case "name":
			p.Name = d.str(v, "name")
		case "title":
			p.Title = d.str(v, "title")
		case "trained":
			p.Trained, p.TrainedPos = d.strList(v, "trained")
		case "channels":
			d.seq(v, "channels", func(_ int, e *yaml.Node) {
				c := Channel{Pos: d.pos(e)}
				d.fields(e, "a channel", channelFields, func(key string, _, v *yaml.Node) {
					switch key {
					case "type":
						c.Type = d.oneOf(v, "channel type", ChannelTypes)
					case "value":
						c.Value = d.str(v, "value")
					}
				})
				if e.Kind == yaml.MappingNode && (c.Type == "" || c.Value == "") {
					d.errorf(e, "a channel needs type (%s) and value, e.g. {type: phone, value: \"+31 20 555 0100\"}", strings.Join(ChannelTypes, ", "))
				}
				p.Channels = append(p.Channels, c)
			})
		}
	})
	return p
}

// members reads team members: person ids, or {person, role}.
func (d *decoder) members(n *yaml.Node, what string) []Member {
	var out []Member
	d.seq(n, what, func(_ int, e *yaml.Node) {
		mb := Member{Pos: d.pos(e)}
		if e.Kind == yaml.ScalarNode {
			mb.Person = d.str(e, what+" entries")
		} else {
			d.fields(e, "a team member", memberFields, func(key string, _, v *yaml.Node) {
				switch key {
				case "person":
					mb.Person, mb.Pos = d.str(v, "person"), d.pos(v)
				case "role":
					mb.Role = d.str(v, "role")
				}
			})
			if e.Kind == yaml.MappingNode && mb.Person == "" {
				d.errorf(e, "a team member needs person: the id of someone under people")
			}
		}
		out = append(out, mb)
	})
	return out
}

func (d *decoder) role(n *yaml.Node) Role {
	r := Role{Pos: d.pos(n)}
	d.fields(n, "a role", roleFields, func(key string, _, v *yaml.Node) {
		switch key {
		case "id":
			r.ID, r.Pos = d.str(v, "id"), d.pos(v)
		case "name":
			r.Name = d.str(v, "name")
		case "responsibilities":
			r.Responsibilities = d.str(v, "responsibilities")
		case "holder":
			r.Holder, r.HolderPos = d.str(v, "holder"), d.pos(v)
		case "alternate":
			r.Alternate, r.AlternatePos = d.str(v, "alternate"), d.pos(v)
		}
	})
	return r
}

func (d *decoder) exercise(n *yaml.Node) Exercise {
	e := Exercise{Pos: d.pos(n)}
	d.fields(n, "an exercise", exerciseFields, func(key string, _, v *yaml.Node) {
		switch key {
		case "id":
			e.ID, e.Pos = d.str(v, "id"), d.pos(v)
		case "name":
			e.Name = d.str(v, "name")
		case "date":
			e.Date = d.date(v, "date")
		case "type":
			e.Type = d.oneOf(v, "exercise type", ExerciseTypes)
		case "outcome":
			e.Outcome = d.oneOf(v, "outcome", ExerciseOutcomes)
		case "notes":
			e.Notes = d.str(v, "notes")
		case "scope":
			e.Scope, e.ScopePos = d.strList(v, "scope")
		case "dependencies":
			e.Dependencies = d.stringMap(v, "dependencies", "a mapping of service ids to the dependency fingerprints bcp plan shows, e.g. {customer-service: 3f9a0c1b2d4e}")
		case "actions":
			d.seq(v, "actions", func(_ int, x *yaml.Node) {
				a := Action{Pos: d.pos(x)}
				d.fields(x, "an action", actionFields, func(key string, _, v *yaml.Node) {
					switch key {
					case "description":
						a.Description = d.str(v, "description")
					case "owner":
						a.Owner = d.str(v, "owner")
					case "due":
						a.Due = d.date(v, "due")
					case "done":
						a.Done = d.date(v, "done")
					}
				})
				e.Actions = append(e.Actions, a)
			})
		}
	})
	return e
}

// stringMap reads a mapping of ids to text; valid says what is expected.
func (d *decoder) stringMap(n *yaml.Node, what, valid string) map[string]string {
	n = d.resolve(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be %s, not %s", what, valid, kindName(n))
		return nil
	}
	pairs, ok := d.mergedPairs(n, what)
	if !ok {
		return nil
	}
	out := make(map[string]string, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		k := d.str(d.resolve(pairs[i]), what+" key")
		out[k] = d.str(d.resolve(pairs[i+1]), what+"."+k)
	}
	return out
}
