package risk

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
)

// Comparison sets a proposed change (a second ISP, a shorter restore)
// beside the current model: per service its single points of failure and
// availability, and the annual loss of the risk register, each as base
// and proposed.
type Comparison struct {
	// Services are the services of either model, sorted by id.
	Services []ServiceComparison
	// Base and Proposed are the whole registers' annual losses; nil when
	// that model has no risks.
	Base, Proposed *Report
}

// ServiceComparison is one service in both models; a service missing from
// one has nil there.
type ServiceComparison struct {
	ID           string
	SPOF         [2]*int
	Availability [2]*float64
}

// Compare analyses base and proposed alike: single points of failure and
// exact availability of every service, and the risk register with opts
// (the same seed, so that the two Monte Carlo runs draw the same events
// for risks at the same place in the register, and a difference is the
// change, not noise).
func Compare(ctx context.Context, base, proposed *bcp.Model, opts Options) (*Comparison, error) {
	out := &Comparison{}
	byID := map[string]*ServiceComparison{}
	for side, m := range []*bcp.Model{base, proposed} {
		spof, err := faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sideName[side], err)
		}
		avail, err := faulttree.Availability(m, faulttree.AvailabilityOptions{})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sideName[side], err)
		}
		get := func(id string) *ServiceComparison {
			if byID[id] == nil {
				byID[id] = &ServiceComparison{ID: id}
			}
			return byID[id]
		}
		for _, s := range spof.Services {
			n := len(s.SPOF)
			get(s.ID).SPOF[side] = &n
		}
		for _, a := range avail.Services {
			v := a.Availability
			get(a.ID).Availability[side] = &v
		}
		if len(m.Risks()) > 0 {
			rep, err := Analyze(ctx, m, opts)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", sideName[side], err)
			}
			if side == 0 {
				out.Base = rep
			} else {
				out.Proposed = rep
			}
		}
	}
	for _, s := range byID {
		out.Services = append(out.Services, *s)
	}
	sort.Slice(out.Services, func(i, j int) bool { return out.Services[i].ID < out.Services[j].ID })
	return out, nil
}

var sideName = [2]string{"base model", "proposed model"}

// MarshalJSON writes the comparison as {"services": [{"id", "spof":
// {"base", "proposed"}, "availability": {"base", "proposed"}}],
// "annualLoss": {"base": {"inherent", "residual"}, "proposed": …}}.
func (c *Comparison) MarshalJSON() ([]byte, error) {
	type pairInt struct {
		Base     *int `json:"base"`
		Proposed *int `json:"proposed"`
	}
	type pairFloat struct {
		Base     *float64 `json:"base"`
		Proposed *float64 `json:"proposed"`
	}
	type service struct {
		ID           string    `json:"id"`
		SPOF         pairInt   `json:"spof"`
		Availability pairFloat `json:"availability"`
	}
	type loss struct {
		Inherent float64 `json:"inherent"`
		Residual float64 `json:"residual"`
	}
	lossOf := func(r *Report) *loss {
		if r == nil {
			return nil
		}
		return &loss{r.Inherent.MeanAnnualLoss, r.Residual.MeanAnnualLoss}
	}
	out := struct {
		Services   []service `json:"services"`
		Currency   string    `json:"currency,omitempty"`
		AnnualLoss struct {
			Base     *loss `json:"base"`
			Proposed *loss `json:"proposed"`
		} `json:"annualLoss"`
	}{Services: []service{}}
	significant := func(p *float64) *float64 {
		if p == nil {
			return nil
		}
		v := faulttree.Significant(*p) // as bcp availability prints it
		return &v
	}
	for _, s := range c.Services {
		out.Services = append(out.Services, service{s.ID, pairInt{s.SPOF[0], s.SPOF[1]}, pairFloat{significant(s.Availability[0]), significant(s.Availability[1])}})
	}
	out.AnnualLoss.Base, out.AnnualLoss.Proposed = lossOf(c.Base), lossOf(c.Proposed)
	for _, r := range []*Report{c.Base, c.Proposed} {
		if r != nil {
			out.Currency = r.Currency
		}
	}
	return json.Marshal(out)
}

// WriteText writes the comparison as a table: per service its SPOFs and
// availability before and after, then the mean annual loss.
func (c *Comparison) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "SERVICE\tSPOF BASE\tSPOF PROPOSED\tAVAILABILITY BASE\tAVAILABILITY PROPOSED")
	num := func(p *int) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	pct := func(p *float64) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprintf("%.6f%%", *p*100)
	}
	for _, s := range c.Services {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.ID, num(s.SPOF[0]), num(s.SPOF[1]), pct(s.Availability[0]), pct(s.Availability[1]))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for side, r := range []*Report{c.Base, c.Proposed} {
		if r == nil {
			continue
		}
		if _, err := fmt.Fprintf(w, "%s: mean annual loss %.0f %s inherent, %.0f residual (%d years, seed %d)\n",
			sideName[side], r.Inherent.MeanAnnualLoss, r.Currency, r.Residual.MeanAnnualLoss, r.Years, r.Seed); err != nil {
			return err
		}
	}
	return nil
}
