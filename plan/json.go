package plan

import (
	"encoding/json"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// MarshalJSON writes a call as {"person", "depth", "reachedAt", "calls"},
// reachedAt in seconds from the start of the tree.
func (c *Call) MarshalJSON() ([]byte, error) {
	calls := c.Calls
	if calls == nil {
		calls = []*Call{}
	}
	return json.Marshal(struct {
		Person    string  `json:"person"`
		Depth     int     `json:"depth"`
		ReachedAt *int64  `json:"reachedAt"`
		Calls     []*Call `json:"calls"`
	}{c.Person, c.Depth, bcp.JSONSeconds(c.ReachedAt), calls})
}

// MarshalJSON writes the tree with its durations in seconds.
func (t *CallTree) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Fanout  int    `json:"fanout"`
		PerCall *int64 `json:"perCall"`
		People  int    `json:"people"`
		Depth   int    `json:"depth"`
		Time    *int64 `json:"time"`
		Root    *Call  `json:"root"`
	}{t.Fanout, bcp.JSONSeconds(t.PerCall), t.People, t.Depth, bcp.JSONSeconds(t.Time), t.Root})
}

type dueJSON struct {
	Type     string  `json:"type"`
	Every    *int64  `json:"every"`
	Last     *string `json:"last"`
	LastDate *string `json:"lastDate"`
	Next     *string `json:"next"`
	Overdue  bool    `json:"overdue"`
}

type actionJSON struct {
	Exercise    string `json:"exercise"`
	Description string `json:"description"`
	Owner       string `json:"owner"`
	Due         string `json:"due"`
}

// Summary is what the plan finds, as data: the findings, the call tree,
// the exercise programme and the open actions (bcp plan --json).
func (d *Document) Summary() any {
	prog := []dueJSON{}
	for _, x := range Programme(d.m, d.opts) {
		j := dueJSON{Type: x.Type, Every: bcp.JSONSeconds(x.Every), Overdue: x.Overdue}
		if x.Last != nil {
			last, date, next := x.Last.ID, x.Last.Date.Format(time.DateOnly), x.Next.Format(time.DateOnly)
			j.Last, j.LastDate, j.Next = &last, &date, &next
		}
		prog = append(prog, j)
	}
	acts := []actionJSON{}
	for _, a := range OpenActions(d.m) {
		acts = append(acts, actionJSON{a.Exercise, a.Description, a.Owner, a.Due.Format(time.DateOnly)})
	}
	fs := d.Findings
	if fs == nil {
		fs = []bcp.Finding{}
	}
	return struct {
		Findings    []bcp.Finding        `json:"findings"`
		Counts      map[bcp.Severity]int `json:"counts"`
		CallTree    *CallTree            `json:"callTree"`
		Programme   []dueJSON            `json:"programme"`
		OpenActions []actionJSON         `json:"openActions"`
	}{fs, bcp.CountFindings(fs), d.CallTree, prog, acts}
}
