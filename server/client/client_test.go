package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/continuitykit/continuity/server"
	"github.com/continuitykit/continuity/server/client"
	"github.com/continuitykit/continuity/server/incident"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var modelPath = filepath.Join("..", "..", "examples", "contact-centre", "model.yaml")

// serve runs a server on 127.0.0.1 (httptest listens on loopback).
func serve(tb testing.TB, token string) *httptest.Server {
	tb.Helper()
	srv, err := server.New(server.Config{Files: []string{modelPath}, Token: token})
	require.NoError(tb, err)
	ts := httptest.NewServer(srv.Handler())
	tb.Cleanup(ts.Close)
	return ts
}

func TestClient(t *testing.T) {
	ts := serve(t, "tok")
	ctx := context.Background()
	c := client.New(ts.URL, client.WithToken("tok"))

	a, err := c.Incident(ctx, client.Incident{ID: "INC-1", Since: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC),
		Down: []client.CI{{System: "pagerduty", ID: "PVOICE1"}, {Component: "crm-saas", Since: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC), For: "2h"}}})
	require.NoError(t, err)
	assert.Equal(t, "INC-1", a.Incident)
	require.Len(t, a.CIs, 2)
	assert.Equal(t, "pbx-server", a.CIs[0].Component)
	assert.Equal(t, time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC), a.CIs[1].Since)

	a, err = c.IncidentRaw(ctx, json.RawMessage(`{"number": "INC9", "opened_at": "2026-11-27 09:00:00", "cmdb_ci": {"value": "8b7e2d4c9a1f4c3e9d0b6a5f4e3d2c10"}}`))
	require.NoError(t, err)
	assert.Equal(t, "isp-a", a.CIs[0].Component)

	for name, call := range map[string]func() (json.RawMessage, error){
		"impact": func() (json.RawMessage, error) { return c.Impact(ctx, "crm-outage") },
		"recover": func() (json.RawMessage, error) {
			return c.Recover(ctx, map[string]any{"disrupt": []string{"pbx-server"}}, "")
		},
		"spof":         func() (json.RawMessage, error) { return c.SPOF(ctx, "customer-service") },
		"cutsets":      func() (json.RawMessage, error) { return c.CutSets(ctx, "customer-service", 2) },
		"availability": func() (json.RawMessage, error) { return c.Availability(ctx) },
		"bia":          func() (json.RawMessage, error) { return c.BIA(ctx, "crm-outage") },
		"findings":     func() (json.RawMessage, error) { return c.Findings(ctx) },
		"risk":         func() (json.RawMessage, error) { return c.Risk(ctx, 200, 2) },
	} {
		raw, err := call()
		require.NoError(t, err, name)
		assert.True(t, json.Valid(raw), name)
	}
	raw, err := c.Risk(ctx, 200, 2)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"years": 200`)
	assert.Contains(t, string(raw), `"seed": 2`)

	// An event that starts no incident is accepted and ignored, saying why.
	_, err = c.IncidentRaw(ctx, json.RawMessage(`{"event": {"event_type": "incident.resolved", "data": {"id": "Q2K7"}}}`))
	var ig *incident.Ignored
	require.ErrorAs(t, err, &ig)
	assert.Equal(t, incident.Ignored{Source: "pagerduty", Event: "incident.resolved", Ref: "Q2K7", Reason: ig.Reason}, *ig)
	assert.Contains(t, ig.Reason, "only incident.triggered and incident.reopened are answered")

	rr, err := c.Reload(ctx)
	require.NoError(t, err)
	assert.False(t, rr.Changed)

	_, err = c.SPOF(ctx, "nonesuch")
	var p *client.Problem
	require.True(t, errors.As(err, &p), "%v", err)
	assert.Equal(t, http.StatusUnprocessableEntity, p.Status)
	assert.Equal(t, "query.of", p.Errors[0].Location)

	_, err = client.New(ts.URL).Findings(ctx)
	require.True(t, errors.As(err, &p))
	assert.Equal(t, http.StatusUnauthorized, p.Status)
}

// An ITSM integration asks what the loss of the PBX (PagerDuty service
// PVOICE1) means, and when customer service must be back.
func ExampleClient_Incident() {
	srv, err := server.New(server.Config{Files: []string{modelPath}})
	if err != nil {
		fmt.Println(err)
		return
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	c := client.New(ts.URL)
	a, err := c.Incident(context.Background(), client.Incident{
		Since: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC),
		Down:  []client.CI{{System: "pagerduty", ID: "PVOICE1"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range a.Services {
		fmt.Printf("%s down %s, back %s, RTO deadline %s\n", s.ID, s.Down.Format("15:04"), s.Restored.Format("15:04"), s.RTODeadline.Format("15:04"))
	}
	for _, st := range a.Recovery {
		fmt.Printf("%d. %s: %s (%s) %s-%s\n", st.Order, st.Team, st.ID, st.Contact, st.Start.Format("15:04"), st.Finish.Format("15:04"))
	}
	// Output:
	// customer-service down 09:00, back 12:00, RTO deadline 13:00
	// 1. it-voice: pbx-server (+31 20 555 0131) 09:00-12:00
}

// What the loss of the PBX means with the recovery plan (the voice team
// has it back after 3 hours) and without it: the disruption alone, with
// no outage length known, never ends.
func ExampleNoRecovery() {
	srv, err := server.New(server.Config{Files: []string{modelPath}})
	if err != nil {
		fmt.Println(err)
		return
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	c := client.New(ts.URL)
	scenario := map[string]any{"disrupt": []map[string]string{{"id": "pbx-server"}}}
	for _, opts := range [][]client.ImpactOption{nil, {client.NoRecovery()}} {
		raw, err := c.Impact(context.Background(), scenario, opts...)
		if err != nil {
			fmt.Println(err)
			return
		}
		var impact struct {
			Components []struct {
				ID   string `json:"id"`
				UpAt *int64 `json:"upAt"`
			} `json:"components"`
		}
		if err := json.Unmarshal(raw, &impact); err != nil {
			fmt.Println(err)
			return
		}
		for _, comp := range impact.Components {
			if comp.ID == "customer-service" {
				if comp.UpAt == nil {
					fmt.Println("without recovery: customer-service never back")
				} else {
					fmt.Printf("with recovery: customer-service back after %ds\n", *comp.UpAt)
				}
			}
		}
	}
	// Output:
	// with recovery: customer-service back after 10800s
	// without recovery: customer-service never back
}
