package incident

import (
	"fmt"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// Matched is a CI of the incident and the component it names.
type Matched struct {
	Ref       string    `json:"ref"`
	System    string    `json:"system,omitempty"`
	Component string    `json:"component"`
	Since     time.Time `json:"since"`
}

// Unknown is a CI of the incident that names no component, and why.
type Unknown struct {
	Ref      string `json:"ref"`
	System   string `json:"system,omitempty"`
	Display  string `json:"display,omitempty"`
	Location string `json:"location"`
	Reason   string `json:"reason"`
}

// Resolve matches the incident's CIs against the model and builds the
// scenario they make: each matched component down from its Since
// (counted from the earliest Since of the incident, which is the
// scenario's start), for its For or until recovered. A component named
// twice is down for every time reported (one report within another is
// the same outage). Every CI is in matched or in unknown, in request
// order, so that an integration can reconcile each reference it sent; a
// component named by two references is in matched twice. start is the
// scenario's start.
func Resolve(m *bcp.Model, inc *Incident) (sc bcp.Scenario, start time.Time, matched []Matched, unknown []Unknown) {
	start = inc.Since
	for _, ci := range inc.CIs {
		if !ci.Since.IsZero() && ci.Since.Before(start) {
			start = ci.Since
		}
	}
	sc.ID, sc.Name = "incident", inc.Source+" incident"
	if inc.Ref != "" {
		sc.Name += " " + inc.Ref
	}
	named := map[int]bool{}
	for _, ci := range inc.CIs {
		i, reason := lookup(m, ci)
		if reason != "" {
			unknown = append(unknown, Unknown{Ref: ci.ID, System: ci.System, Display: ci.Display, Location: ci.Location, Reason: reason})
			continue
		}
		since := ci.Since
		if since.IsZero() {
			since = inc.Since
		}
		d := bcp.Disruption{ID: m.ID(i), At: since.Sub(start), For: ci.For}
		if named[i] {
			sc.Disrupt = addOutage(sc.Disrupt, d)
		} else {
			named[i] = true
			sc.Disrupt = append(sc.Disrupt, d)
		}
		matched = append(matched, Matched{Ref: ci.ID, System: ci.System, Component: m.ID(i), Since: since})
	}
	return sc, start, matched, unknown
}

// addOutage adds d to the disruptions of a component already named: an
// outage within one already there is the same outage reported twice, one
// that contains it replaces it, and one that is neither (down 08:00-08:30,
// and again from 10:00 until recovered) is kept beside it, so that no
// reported time down is lost or invented.
func addOutage(ds []bcp.Disruption, d bcp.Disruption) []bcp.Disruption {
	end := func(x bcp.Disruption) time.Duration {
		if x.For == 0 {
			return bcp.Forever
		}
		return bcp.SatAdd(x.At, x.For)
	}
	for k := range ds {
		prev := &ds[k]
		if prev.ID != d.ID {
			continue
		}
		switch {
		case prev.At <= d.At && end(d) <= end(*prev):
			return ds
		case d.At <= prev.At && end(*prev) <= end(d):
			*prev = d
			return ds
		}
	}
	return append(ds, d)
}

// lookup finds the component a CI names, or says why there is none.
func lookup(m *bcp.Model, ci CI) (int, string) {
	if ci.Mode == SystemID {
		if i, ok := m.ByExternalID(ci.System, ci.ID); ok {
			return i, ""
		}
		// Integrations that send names where ids belong: the id, then
		// the display value, as a component id.
		for _, id := range []string{ci.ID, ci.Display} {
			if i, ok := m.Index(id); ok && id != "" {
				return i, ""
			}
		}
		if ci.ID == "" {
			return -1, fmt.Sprintf("the CI came with a name only (%q), and no component has that id; send its %s id (externalIds.%s)", ci.Display, ci.System, ci.System)
		}
		return -1, fmt.Sprintf("no component has externalIds.%s %q, and no component has that id", ci.System, ci.ID)
	}
	if i, ok := m.Index(ci.ID); ok {
		return i, ""
	}
	if ci.Mode == ComponentID {
		return -1, fmt.Sprintf("no component has id %q", ci.ID)
	}
	found := -1
	for _, sys := range m.ExternalSystems() {
		if i, ok := m.ByExternalID(sys, ci.ID); ok {
			if found >= 0 && i != found {
				return -1, fmt.Sprintf("ambiguous: %q is an external id of %q and of %q; name the system", ci.ID, m.ID(found), m.ID(i))
			}
			found = i
		}
	}
	if found < 0 {
		return -1, fmt.Sprintf("no component has id %q, nor an external id %q in any system", ci.ID, ci.ID)
	}
	return found, ""
}
