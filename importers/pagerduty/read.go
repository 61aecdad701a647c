package pagerduty

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/ingest"
)

type reference struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Summary string `json:"summary"`
}

type relationship struct {
	ID         string    `json:"id"`
	Supporting reference `json:"supporting_service"`
	Dependent  reference `json:"dependent_service"`
}

type service struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Summary     string      `json:"summary"`
	Description string      `json:"description"`
	Status      string      `json:"status"`
	Teams       []reference `json:"teams"`
	Team        *reference  `json:"team"`
	Contact     string      `json:"point_of_contact"`
}

// kinds map reference types to model kinds.
var kinds = map[string]bcp.Kind{
	"technical_service_reference": bcp.KindApplication,
	"service_reference":           bcp.KindApplication,
	"service":                     bcp.KindApplication,
	"business_service_reference":  bcp.KindService,
	"business_service":            bcp.KindService,
}

// Importer reads API responses and builds the model; create it with New.
type Importer struct {
	b        ingest.Builder
	services map[string]*ingest.Component
	rels     []relationship
	relRefs  []ingest.Ref
}

// New returns an empty Importer.
func New() *Importer {
	return &Importer{services: map[string]*ingest.Component{}, b: ingest.Builder{Report: ingest.Report{Source: "pagerduty"}}}
}

// Read streams one API response. Keys other than relationships, services
// and business_services (limit, offset, more) are ignored.
func (im *Importer) Read(file string, r io.Reader) error {
	dec := json.NewDecoder(bufio.NewReaderSize(r, 64<<10)) // fewer, larger reads
	fail := func(err error) error {
		// Offsets inside json errors count from the value being decoded;
		// the decoder's own offset is the start of that value (a record).
		return ingest.NewSyntaxError(file, r, dec.InputOffset(), err)
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fail(fmt.Errorf("expected a PagerDuty API response object, found %v (%v)", tok, err))
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		key, _ := tok.(string)
		switch key {
		case "relationships", "services", "business_services":
			if err := im.list(dec, file, key); err != nil {
				return fail(err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return fail(err)
			}
		}
	}
	return nil
}

func (im *Importer) list(dec *json.Decoder, file, key string) error {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return fmt.Errorf("%q must be a list, found %v (%v)", key, tok, err)
	}
	for i := 0; dec.More(); i++ {
		ref := ingest.Ref{File: file, Index: i}
		if key == "relationships" {
			var rel relationship
			if err := dec.Decode(&rel); err != nil {
				return fmt.Errorf("%s[%d]: %w", key, i, err)
			}
			ref.Key = rel.ID
			im.rels, im.relRefs = append(im.rels, rel), append(im.relRefs, ref)
			continue
		}
		var s service
		if err := dec.Decode(&s); err != nil {
			return fmt.Errorf("%s[%d]: %w", key, i, err)
		}
		ref.Key = s.ID
		im.service(s, key, ref)
	}
	_, err := dec.Token()
	return err
}

func (im *Importer) service(s service, key string, ref ingest.Ref) {
	if !ingest.ValidID(s.ID) {
		im.b.Report.Skip(ref, "the service id %q cannot be a component id", s.ID)
		return
	}
	if first, dup := im.services[s.ID]; dup {
		im.b.Report.Skip(ref, "duplicate of %s", first.Ref)
		return
	}
	kind := bcp.KindApplication
	if key == "business_services" {
		kind = bcp.KindService
	}
	c := &ingest.Component{ID: s.ID, Name: firstOf(s.Name, s.Summary), Kind: kind, Description: s.Description, Ref: ref, Attributes: map[string]any{}}
	if len(s.Teams) > 0 {
		c.Owner = firstOf(s.Teams[0].Summary, s.Teams[0].ID)
	}
	if s.Team != nil {
		c.Owner = firstOf(s.Team.Summary, s.Team.ID)
	}
	if s.Status != "" {
		c.Attributes["status"] = s.Status
	}
	if s.Contact != "" {
		c.Attributes["point_of_contact"] = s.Contact
	}
	im.services[s.ID] = c
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// Result returns the model and the report of everything not mapped.
// Services that relationships name but no service list describes are
// imported with their id and the kind their reference type gives.
func (im *Importer) Result(name string) (*bcp.Document, *ingest.Report) {
	for i, rel := range im.rels {
		ref := im.relRefs[i]
		ok := true
		for _, end := range []reference{rel.Supporting, rel.Dependent} {
			kind, known := kinds[end.Type]
			switch {
			case !ingest.ValidID(end.ID):
				im.b.Report.Skip(ref, "the service id %q cannot be a component id", end.ID)
				ok = false
			case !known:
				im.b.Report.Skip(ref, "service %s has the reference type %q; expected technical_service_reference or business_service_reference", end.ID, end.Type)
				ok = false
			case im.services[end.ID] == nil:
				im.services[end.ID] = &ingest.Component{ID: end.ID, Name: end.Summary, Kind: kind, Ref: ref}
			}
			if !ok {
				break
			}
		}
		if ok {
			im.b.Depend(rel.Dependent.ID, rel.Supporting.ID, ref)
		}
	}
	ids := make([]string, 0, len(im.services))
	for id := range im.services {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		im.b.Add(*im.services[id])
	}
	return im.b.Document(name), &im.b.Report
}
