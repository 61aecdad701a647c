package plan

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/recovery"
)

// Gantt chart geometry, in SVG user units (about pixels at 100%).
const (
	ganttWidth = 760
	ganttLabel = 170
	ganttRow   = 22
	ganttRight = 16
)

// ganttTicks are the candidate intervals between time-axis ticks.
var ganttTicks = []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour, 48 * time.Hour, 7 * 24 * time.Hour, 28 * 24 * time.Hour}

// gantt draws a recovery plan as an SVG Gantt chart: one lane per team
// (more rows where a team runs steps in parallel), a bar per step, and the
// services' RTO deadlines as dashed red lines.
func gantt(m *bcp.Model, pl *recovery.Plan) string {
	// The chart spans the steps and the earliest deadline; later
	// deadlines are named at the right edge instead of squeezing the bars.
	var deadlines []recovery.ServiceRestore
	first := bcp.Forever
	for _, s := range pl.Services {
		if s.RTO > 0 && s.DownAt != bcp.Forever {
			deadlines = append(deadlines, s)
			first = min(first, s.DownAt+s.RTO)
		}
	}
	horizon := pl.Makespan
	if first != bcp.Forever {
		horizon = max(horizon, first)
	}
	horizon = max(horizon+horizon/10, time.Hour)
	chart := float64(ganttWidth - ganttLabel - ganttRight)
	x := func(d time.Duration) float64 { return float64(ganttLabel) + chart*float64(d)/float64(horizon) }

	lanes, rows := ganttLanes(pl)
	top := 30 + 14*len(deadlines)
	total := 0
	for _, l := range lanes {
		total += rows[l.id]
	}
	height := top + total*ganttRow + 30
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="gantt" viewBox="0 0 %d %d" width="%d" height="%d" font-family="sans-serif" font-size="11">`+"\n", ganttWidth, height, ganttWidth, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", ganttWidth, height)
	fmt.Fprintf(&b, `<text x="4" y="16" font-size="13" font-weight="bold">%s</text>`+"\n", html.EscapeString("Recovery: "+pl.Scenario))
	tick := ganttTicks[len(ganttTicks)-1]
	for _, t := range ganttTicks {
		if horizon/t <= 8 {
			tick = t
			break
		}
	}
	axis := top + total*ganttRow
	for t := time.Duration(0); t <= horizon; t += tick {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#dddddd"/><text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", x(t), top, x(t), axis, x(t), axis+14, bcp.FormatTime(t))
	}
	y := top
	for i, l := range lanes {
		h := rows[l.id] * ganttRow
		if i%2 == 1 {
			fmt.Fprintf(&b, `<rect x="0" y="%d" width="%d" height="%d" fill="#000000" fill-opacity="0.04"/>`+"\n", y, ganttWidth, h)
		}
		fmt.Fprintf(&b, `<text x="4" y="%d">%s</text>`+"\n", y+15, html.EscapeString(clip(l.name, 26)))
		for _, s := range l.steps {
			ganttBar(&b, s, x, y+s.row*ganttRow)
		}
		y += h
	}
	for k, s := range deadlines {
		ly := 28 + 14*k
		label := s.ID + " RTO " + bcp.FormatTime(s.DownAt+s.RTO)
		if s.DownAt+s.RTO > horizon {
			fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#c62828" text-anchor="end">%s</text>`+"\n", ganttWidth-4, ly+8, html.EscapeString(label+", beyond the chart →"))
			continue
		}
		dx := x(s.DownAt + s.RTO)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#c62828" stroke-width="1.5" stroke-dasharray="5,3"/>`+"\n", dx, ly, dx, axis)
		anchor, tx := "end", dx-3
		if dx < float64(ganttLabel)+chart/2 {
			anchor, tx = "start", dx+3
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="#c62828" text-anchor="%s">%s</text>`+"\n", tx, ly+8, anchor, html.EscapeString(label))
	}
	b.WriteString("</svg>")
	return b.String()
}

type ganttStep struct {
	recovery.Step
	row int
}

type ganttLane struct {
	id, name string
	steps    []ganttStep
}

// ganttLanes groups steps by team in the order of the plan's team list,
// each step on its own row, so that no label covers another bar.
func ganttLanes(pl *recovery.Plan) ([]ganttLane, map[string]int) {
	var lanes []ganttLane
	at := map[string]int{}
	for _, t := range pl.Teams {
		name := t.Name
		if name == "" {
			name = t.ID
		}
		at[t.ID] = len(lanes)
		lanes = append(lanes, ganttLane{id: t.ID, name: name})
	}
	rows := map[string]int{}
	for _, s := range pl.Steps {
		k, ok := at[s.Team]
		if !ok {
			at[s.Team] = len(lanes)
			k = len(lanes)
			lanes = append(lanes, ganttLane{id: s.Team, name: s.Team})
		}
		lanes[k].steps = append(lanes[k].steps, ganttStep{s, rows[s.Team]})
		rows[s.Team]++
	}
	out := lanes[:0]
	for _, l := range lanes {
		if rows[l.id] > 0 {
			out = append(out, l)
		}
	}
	return out, rows
}

func ganttBar(b *strings.Builder, s ganttStep, x func(time.Duration) float64, y int) {
	x0, x1 := x(s.Start), x(s.Finish)
	w := max(x1-x0, 2)
	fmt.Fprintf(b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" rx="3" fill="#1565c0"><title>%s</title></rect>`+"\n",
		x0, y+3, w, ganttRow-6, html.EscapeString(fmt.Sprintf("%s: %s to %s (%s)", s.ID, bcp.FormatTime(s.Start), bcp.FormatTime(s.Finish), s.Strategy)))
	label := clip(s.ID, 24)
	tw := 6.2 * float64(len(label))
	switch {
	case tw+6 <= w:
		fmt.Fprintf(b, `<text x="%.1f" y="%d" fill="#ffffff">%s</text>`+"\n", x0+3, y+15, html.EscapeString(label))
	case x1+4+tw <= ganttWidth-2:
		fmt.Fprintf(b, `<text x="%.1f" y="%d">%s</text>`+"\n", x1+4, y+15, html.EscapeString(label))
	default:
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="end">%s</text>`+"\n", x0-4, y+15, html.EscapeString(label))
	}
}

// clip shortens text to n characters with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
