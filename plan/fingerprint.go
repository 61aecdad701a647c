package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// Fingerprint is a short digest of everything a component depends on, as
// the model says it: each component below it (id, kind, virtual) and each
// requirement (kind, members, how many must be up, tolerance). An exercise
// records it per service (exercises[].dependencies) so that a later change
// to what the service depends on makes that exercise stale, without the
// model's history.
func Fingerprint(m *bcp.Model, id string) (string, error) {
	x, err := m.Lookup(id)
	if err != nil {
		return "", err
	}
	seen := map[int]bool{x: true}
	stack := []int{x}
	var lines []string
	comps := m.Components()
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		c := &comps[v]
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s %t:", c.ID, c.Kind, c.Virtual)
		for _, r := range m.Graph().Requirements(v) {
			ids := make([]string, len(r.Members))
			for k, y := range r.Members {
				ids[k] = comps[y].ID
				if !seen[int(y)] {
					seen[int(y)] = true
					stack = append(stack, int(y))
				}
			}
			slices.Sort(ids)
			fmt.Fprintf(&b, " [%d %d/%s %s]", r.Kind, r.Need, strings.Join(ids, ","), r.Tolerance)
		}
		lines = append(lines, b.String())
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:6]), nil
}

// checkStale reports a tier-1 service whose dependencies changed since the
// latest exercise that recorded their fingerprint: it must be exercised
// again (ISO 22301 8.5: after significant changes).
func checkStale(m *bcp.Model) []bcp.Finding {
	type record struct {
		ex   bcp.Exercise
		date time.Time
	}
	latest := map[string]record{}
	for _, e := range m.Exercises() {
		for id := range e.Dependencies {
			if r, ok := latest[id]; !ok || e.Date.After(r.date) {
				latest[id] = record{e, e.Date}
			}
		}
	}
	var fs []bcp.Finding
	for _, c := range m.Components() {
		r, ok := latest[c.ID]
		if c.Tier != 1 || !ok {
			continue
		}
		now, err := Fingerprint(m, c.ID)
		if err != nil || now == r.ex.Dependencies[c.ID] {
			continue
		}
		fs = append(fs, bcp.Finding{Rule: RuleExerciseStale, Severity: bcp.SeverityWarning, Component: c.ID, Pos: c.Pos,
			Message: fmt.Sprintf("what %s depends on changed since exercise %s on %s (fingerprint %s, now %s): exercise it again and record the new fingerprint",
				name(c), r.ex.ID, r.date.Format(time.DateOnly), r.ex.Dependencies[c.ID], now)})
	}
	return fs
}
