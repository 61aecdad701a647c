package mef

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/continuitykit/continuity/bcp"
)

// Write writes the fault tree of component `of` (top event: of is down) in
// MEF XML. Gates are named g<index> and basic events e<index> after the
// components' dense indices, with the component id as label.
func Write(w io.Writer, m *bcp.Model, of string) error {
	top, ok := m.Index(of)
	if !ok {
		return fmt.Errorf("mef: unknown component %q", of)
	}
	e := &exporter{m: m, memo: map[int]formula{}}
	f := e.formulaOf(top)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "<?xml version=\"1.0\"?>\n<opsa-mef>\n<define-fault-tree name=\"%s\">\n", "FT")
	if f.never {
		fmt.Fprintf(bw, "<define-gate name=\"top\"><constant value=\"false\"/></define-gate>\n")
	} else {
		fmt.Fprintf(bw, "<define-gate name=\"top\">%s</define-gate>\n", f.xml)
	}
	for _, g := range e.gates {
		fmt.Fprintf(bw, "<define-gate name=\"g%d\"><label>%s</label>%s</define-gate>\n", g.idx, escape(m.ID(g.idx)), g.xml)
	}
	fmt.Fprintf(bw, "</define-fault-tree>\n<model-data>\n")
	for _, i := range e.events {
		c, _ := m.Component(m.ID(i))
		fmt.Fprintf(bw, "<define-basic-event name=\"e%d\"><label>%s</label><float value=\"%s\"/></define-basic-event>\n", i, escape(c.ID), strconv.FormatFloat(1-c.OwnAvailability(), 'g', 17, 64))
	}
	fmt.Fprintf(bw, "</model-data>\n</opsa-mef>\n")
	return bw.Flush()
}

type formula struct {
	xml   string // a reference or an expression
	never bool   // cannot be true
}

type gate struct {
	idx int
	xml string
}

type exporter struct {
	m      *bcp.Model
	memo   map[int]formula
	gates  []gate
	events []int
}

// formulaOf returns a reference to component i's gate, defining it (and
// what it needs) on first use.
func (e *exporter) formulaOf(i int) formula {
	if f, ok := e.memo[i]; ok {
		return f
	}
	c, _ := e.m.Component(e.m.ID(i))
	var args []string
	if !c.Virtual && c.OwnAvailability() < 1 {
		args = append(args, fmt.Sprintf("<basic-event name=\"e%d\"/>", i))
		e.events = append(e.events, i)
	}
	for _, d := range c.DependsOn {
		switch d.Kind {
		case bcp.Requires:
			j, _ := e.m.Index(d.ID)
			if f := e.formulaOf(j); !f.never {
				args = append(args, f.xml)
			}
		default:
			need := len(d.Members) - d.K + 1
			if d.Kind == bcp.AnyOf {
				need = len(d.Members)
			}
			var ms []string
			for _, id := range d.Members {
				j, _ := e.m.Index(id)
				if f := e.formulaOf(j); !f.never {
					ms = append(ms, f.xml)
				}
			}
			switch {
			case len(ms) < need:
				// Not enough members can fail: the group always holds.
			case need == 1 && len(ms) == 1:
				args = append(args, ms[0])
			case need == 1:
				args = append(args, "<or>"+join(ms)+"</or>")
			case need == len(ms):
				args = append(args, "<and>"+join(ms)+"</and>")
			default:
				args = append(args, fmt.Sprintf("<atleast min=\"%d\">%s</atleast>", need, join(ms)))
			}
		}
	}
	var f formula
	switch len(args) {
	case 0:
		f = formula{never: true}
	case 1:
		e.gates = append(e.gates, gate{i, args[0]})
		f = formula{xml: fmt.Sprintf("<gate name=\"g%d\"/>", i)}
	default:
		e.gates = append(e.gates, gate{i, "<or>" + join(args) + "</or>"})
		f = formula{xml: fmt.Sprintf("<gate name=\"g%d\"/>", i)}
	}
	e.memo[i] = f
	return f
}

func join(xs []string) string {
	n := 0
	for _, x := range xs {
		n += len(x)
	}
	b := make([]byte, 0, n)
	for _, x := range xs {
		b = append(b, x...)
	}
	return string(b)
}

func escape(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<':
			out = append(out, "&lt;"...)
		case '>':
			out = append(out, "&gt;"...)
		case '&':
			out = append(out, "&amp;"...)
		case '"':
			out = append(out, "&quot;"...)
		default:
			out = append(out, s[i])
		}
	}
	return string(out)
}
