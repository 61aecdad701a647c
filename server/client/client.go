// Package client is a small Go client of the continuity HTTP API (`bcp
// serve`, package server): incidents, the analyses, and reloads. Answers
// of the analyses are returned as the raw JSON the server sent (the bytes
// of the CLI's --json, described by schema/output.schema.json), incident
// answers decoded into incident.Answer; errors are *Problem.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/continuitykit/continuity/server/incident"
)

// Client calls one server. Its zero value is not usable; use New.
type Client struct {
	base  string
	token string
	http  *http.Client
}

// Option configures a Client.
type Option func(*Client)

// WithToken sends "Authorization: Bearer token" with every request.
func WithToken(token string) Option { return func(c *Client) { c.token = token } }

// WithHTTPClient uses hc instead of a client with a 30-second timeout.
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.http = hc } }

// New returns a client of the server at baseURL, such as
// http://127.0.0.1:8080.
func New(baseURL string, opts ...Option) *Client {
	c := &Client{base: strings.TrimRight(baseURL, "/"), http: &http.Client{Timeout: 30 * time.Second}}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Problem is an error answer of the server (RFC 9457), with the wrong
// parts of the request in Errors.
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance"`
	Errors   []struct {
		Location string `json:"location"`
		Message  string `json:"message"`
		// File is the model file of a rejected reload's problem.
		File string `json:"file"`
		Line int    `json:"line"`
		Col  int    `json:"col"`
	} `json:"errors"`
	// ErrorsOmitted counts the errors the server left out of Errors by
	// its limit (bcp serve --max-problems).
	ErrorsOmitted int `json:"errorsOmitted"`
}

// Error returns the status, the detail and every wrong part on one line.
func (p *Problem) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "bcp serve: %d %s", p.Status, p.Title)
	if p.Detail != "" {
		b.WriteString(": " + p.Detail)
	}
	for _, e := range p.Errors {
		if e.File != "" {
			fmt.Fprintf(&b, "; %s:%d:%d: %s", e.File, e.Line, e.Col, e.Message)
			continue
		}
		fmt.Fprintf(&b, "; %s: %s", e.Location, e.Message)
	}
	if p.ErrorsOmitted > 0 {
		fmt.Fprintf(&b, "; and %d more", p.ErrorsOmitted)
	}
	return b.String()
}

// do sends a request and returns the body of a 200 answer; any other
// status is a *Problem.
func (c *Client) do(ctx context.Context, method, path string, body any) ([]byte, error) {
	status, data, err := c.send(ctx, method, path, body)
	if err == nil && status != http.StatusOK {
		return nil, &Problem{Status: status, Title: http.StatusText(status), Detail: strings.TrimSpace(string(data))}
	}
	return data, err
}

// send sends a request and returns the status and body of a 2xx answer;
// any other status is a *Problem.
func (c *Client) send(ctx context.Context, method, path string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, nil, err
	}
	if res.StatusCode/100 == 2 {
		return res.StatusCode, data, nil
	}
	p := &Problem{Status: res.StatusCode, Title: http.StatusText(res.StatusCode)}
	if err := json.Unmarshal(data, p); err != nil {
		p.Detail = strings.TrimSpace(string(data))
	}
	return res.StatusCode, nil, p
}

// Incident is the request of our own shape: the CIs that are down
// (component ids, or {"system", "id"} of externalIds) and since when.
type Incident struct {
	ID    string `json:"id,omitempty"`
	Since time.Time
	Down  []CI
}

// CI is one CI that is down: Component, or System and ID, or ID alone
// (a component id, else an external id in any system).
type CI struct {
	Component string    `json:"component,omitempty"`
	System    string    `json:"system,omitempty"`
	ID        string    `json:"id,omitempty"`
	Since     time.Time `json:"-"`
	// For is how long the outage is known to last, as a model duration
	// such as "4h"; empty means until recovered.
	For string `json:"for,omitempty"`
}

// MarshalJSON writes the incident with RFC 3339 times.
func (in Incident) MarshalJSON() ([]byte, error) {
	type ci struct {
		CI
		Since string `json:"since,omitempty"`
	}
	out := struct {
		ID    string `json:"id,omitempty"`
		Since string `json:"since"`
		Down  []ci   `json:"down"`
	}{ID: in.ID, Since: in.Since.UTC().Format(time.RFC3339)}
	for _, c := range in.Down {
		x := ci{CI: c}
		if !c.Since.IsZero() {
			x.Since = c.Since.UTC().Format(time.RFC3339)
		}
		out.Down = append(out.Down, x)
	}
	return json.Marshal(out)
}

// Incident asks what an incident means: POST /v1/incidents.
func (c *Client) Incident(ctx context.Context, in Incident) (*incident.Answer, error) {
	return c.IncidentRaw(ctx, in)
}

// IncidentRaw posts any body the server reads as an incident (a
// ServiceNow record, a PagerDuty webhook, as a json.RawMessage or a
// value) and decodes the answer. A webhook event that starts no incident
// (a PagerDuty incident.resolved), which the server accepts and ignores,
// is an *incident.Ignored error saying so.
func (c *Client) IncidentRaw(ctx context.Context, body any) (*incident.Answer, error) {
	status, data, err := c.send(ctx, http.MethodPost, "/v1/incidents", body)
	if err != nil {
		return nil, err
	}
	if status == http.StatusAccepted {
		var ig incident.Ignored
		if err := json.Unmarshal(data, &ig); err != nil {
			return nil, fmt.Errorf("bcp serve: decoding the answer to an ignored event: %w", err)
		}
		return nil, &ig
	}
	var a incident.Answer
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, fmt.Errorf("bcp serve: decoding the incident answer: %w", err)
	}
	return &a, nil
}

// ImpactOption configures an Impact request.
type ImpactOption func(*impactRequest)

// impactRequest is the body of POST /v1/impact.
type impactRequest struct {
	Scenario   any  `json:"scenario"`
	NoRecovery bool `json:"noRecovery,omitempty"`
}

// NoRecovery asks for the disruption alone, as `bcp impact --no-recovery`:
// components without a known outage length stay down (upAt null) instead
// of coming back when the recovery plan restores them.
func NoRecovery() ImpactOption { return func(r *impactRequest) { r.NoRecovery = true } }

// Impact returns `bcp impact --json` for a scenario: a model scenario's
// id (a string) or a scenario object (such as json.RawMessage or a map).
func (c *Client) Impact(ctx context.Context, scenario any, opts ...ImpactOption) (json.RawMessage, error) {
	req := impactRequest{Scenario: scenario}
	for _, o := range opts {
		o(&req)
	}
	return c.do(ctx, http.MethodPost, "/v1/impact", req)
}

// Recover returns `bcp recover --json` for a scenario, as Impact; priority
// may be "".
func (c *Client) Recover(ctx context.Context, scenario any, priority string) (json.RawMessage, error) {
	body := map[string]any{"scenario": scenario}
	if priority != "" {
		body["priority"] = priority
	}
	return c.do(ctx, http.MethodPost, "/v1/recover", body)
}

// SPOF returns `bcp spof --json` for the components of (every service when
// empty).
func (c *Client) SPOF(ctx context.Context, of ...string) (json.RawMessage, error) {
	return c.get(ctx, "/v1/spof", url.Values{"of": of})
}

// CutSets returns `bcp cutsets --of ID --order N --json`.
func (c *Client) CutSets(ctx context.Context, of string, order int) (json.RawMessage, error) {
	return c.get(ctx, "/v1/cutsets", url.Values{"of": {of}, "order": {strconv.Itoa(order)}})
}

// Availability returns `bcp availability --json`.
func (c *Client) Availability(ctx context.Context, of ...string) (json.RawMessage, error) {
	return c.get(ctx, "/v1/availability", url.Values{"of": of})
}

// BIA returns `bcp bia --json`, checking impact tolerance against the
// scenarios (all when none).
func (c *Client) BIA(ctx context.Context, scenarios ...string) (json.RawMessage, error) {
	return c.get(ctx, "/v1/bia", url.Values{"scenario": scenarios})
}

// Findings returns `bcp check --json`.
func (c *Client) Findings(ctx context.Context) (json.RawMessage, error) {
	return c.get(ctx, "/v1/findings", nil)
}

// Risk returns `bcp risk --years N --seed S --json`; years 0 means the
// server's default (the CLI's). The CLI's default seed is 1.
func (c *Client) Risk(ctx context.Context, years int, seed uint64) (json.RawMessage, error) {
	q := url.Values{"seed": {strconv.FormatUint(seed, 10)}}
	if years > 0 {
		q.Set("years", strconv.Itoa(years))
	}
	return c.get(ctx, "/v1/risk", q)
}

// ReloadResult is the answer of Reload.
type ReloadResult struct {
	Changed bool `json:"changed"`
	// TokenChanged reports that the server's token file held another
	// token, which requests must now carry (see WithToken).
	TokenChanged bool   `json:"tokenChanged"`
	Hash         string `json:"hash"`
	Components   int    `json:"components"`
	Edges        int    `json:"edges"`
}

// Reload asks the server to load its model files again; a model with
// problems is a *Problem listing them, and the old model keeps serving.
func (c *Client) Reload(ctx context.Context) (*ReloadResult, error) {
	data, err := c.do(ctx, http.MethodPost, "/-/reload", nil)
	if err != nil {
		return nil, err
	}
	var r ReloadResult
	return &r, json.Unmarshal(data, &r)
}

func (c *Client) get(ctx context.Context, path string, q url.Values) (json.RawMessage, error) {
	if enc := q.Encode(); enc != "" {
		path += "?" + enc
	}
	return c.do(ctx, http.MethodGet, path, nil)
}
