package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveModel runs the HTTP API on a loopback port with the CLI's loader.
func serveModel(t *testing.T, files ...string) string {
	t.Helper()
	srv, err := server.New(server.Config{Files: files, Load: loadFiles})
	require.NoError(t, err)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, l) }()
	t.Cleanup(func() { cancel(); require.NoError(t, <-done) })
	return "http://" + l.Addr().String()
}

func httpAnswer(t *testing.T, method, u, body string) string {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode, "%s %s: %s", method, u, data)
	return string(data)
}

// scenarioObject is a model scenario written as the model format's JSON,
// as an integration would send it.
func scenarioObject(t *testing.T, sc bcp.Scenario) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, bcp.WriteJSON(&buf, &bcp.Document{Version: 1, Scenarios: []bcp.Scenario{sc}}))
	var doc struct {
		Scenarios []json.RawMessage `json:"scenarios"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	return string(doc.Scenarios[0])
}

// The HTTP API answers with the bytes the CLI prints with --json, for every
// endpoint that has a CLI command, on every example; a scenario sent as an
// object gets the same bytes as the model's scenario by id.
func TestServeAnswersAreTheCLIsJSON(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex, func(t *testing.T) {
			file := model(ex)
			base := serveModel(t, file)
			m, err := loadFiles([]string{file})
			require.NoError(t, err)
			services := m.ComponentsOfKind(bcp.KindService)
			type pair struct {
				cli          []string
				method, path string
				body         string
			}
			pairs := []pair{
				{[]string{"spof"}, "GET", "/v1/spof", ""},
				{[]string{"spof", "--of", services[0]}, "GET", "/v1/spof?of=" + url.QueryEscape(services[0]), ""},
				{[]string{"cutsets", "--of", services[0], "--order", "3"}, "GET", "/v1/cutsets?order=3&of=" + url.QueryEscape(services[0]), ""},
				{[]string{"availability"}, "GET", "/v1/availability", ""},
				{[]string{"bia"}, "GET", "/v1/bia", ""},
				{[]string{"bia", "--no-scenarios"}, "GET", "/v1/bia?noScenarios=true", ""},
				{[]string{"check"}, "GET", "/v1/findings", ""},
				{[]string{"risk", "--years", "500", "--seed", "7"}, "GET", "/v1/risk?years=500&seed=7", ""},
			}
			for _, sc := range m.Scenarios() {
				id, _ := json.Marshal(sc.ID)
				obj := scenarioObject(t, sc)
				pairs = append(pairs,
					pair{[]string{"impact", "--scenario", sc.ID}, "POST", "/v1/impact", `{"scenario": ` + string(id) + `}`},
					pair{[]string{"impact", "--scenario", sc.ID}, "POST", "/v1/impact", `{"scenario": ` + obj + `}`},
					pair{[]string{"recover", "--scenario", sc.ID}, "POST", "/v1/recover", `{"scenario": ` + string(id) + `}`},
					pair{[]string{"recover", "--scenario", sc.ID}, "POST", "/v1/recover", `{"scenario": ` + obj + `}`},
					pair{[]string{"impact", "--scenario", sc.ID, "--no-recovery"}, "POST", "/v1/impact", `{"scenario": ` + obj + `, "noRecovery": true}`},
					pair{[]string{"recover", "--scenario", sc.ID, "--priority", "deadline"}, "POST", "/v1/recover", `{"scenario": ` + string(id) + `, "priority": "deadline"}`},
					pair{[]string{"bia", "--scenario", sc.ID}, "GET", "/v1/bia?scenario=" + url.QueryEscape(sc.ID), ""},
				)
			}
			for _, p := range pairs {
				out, errOut, code := runCLI(append(append(p.cli, "--json"), file)...)
				require.Contains(t, []int{0, 1}, code, errOut)
				assert.Equal(t, out, httpAnswer(t, p.method, base+p.path, p.body), "%v = %s %s %s", p.cli, p.method, p.path, p.body)
			}
		})
	}
}

func TestServeRejectsABrokenModelAtStart(t *testing.T) {
	_, errOut, code := runCLI("serve", filepath.Join("..", "..", "testdata", "invalid", "five-mistakes.yaml"), "--addr", "127.0.0.1:0")
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, errOut, "5 problem(s)")
}

func TestEnvToken(t *testing.T) {
	t.Setenv(tokenEnv, " from-env ")
	tok, err := envToken()
	require.NoError(t, err)
	assert.Equal(t, "from-env", tok)

	// A secret that came out empty would have served without a token.
	t.Setenv(tokenEnv, " \n")
	_, err = envToken()
	assert.EqualError(t, err, tokenEnv+" is set but empty; unset it to serve without authentication")

	// Two lines are a token no request can carry: every request refused.
	t.Setenv(tokenEnv, "one\ntwo")
	_, err = envToken()
	assert.EqualError(t, err, tokenEnv+": the token has a control character (byte 4, 0xa) that no Authorization header can carry; a token is one line of visible characters")
}

// An empty or missing token file stops serve at start, naming the file.
func TestServeRefusesAnEmptyTokenFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(file, []byte("\n"), 0o600))
	_, errOut, code := runCLI("serve", model("contact-centre"), "--addr", "127.0.0.1:0", "--token-file", file)
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "bcp: token file "+file+": it is empty\n", errOut)
}

// A limit of 0 or less would be read as the default (or as no limit) by
// server.Config; the flags refuse it before the server starts.
func TestServeRefusesLimitsThatDoNotLimit(t *testing.T) {
	m := model("contact-centre")
	for _, tc := range []struct {
		flags []string
		want  string
	}{
		{[]string{"--max-cis", "0"}, "bcp: --max-cis must be 1 or more, not 0\n"},
		{[]string{"--max-problems", "-3"}, "bcp: --max-problems must be 1 or more, not -3\n"},
		{[]string{"--max-body", "0"}, "bcp: --max-body must be 1 or more, not 0\n"},
		{[]string{"--timeout", "0s"}, "bcp: --timeout must be longer than 0, such as 30s\n"},
		{[]string{"--read-timeout", "-1s"}, "bcp: --read-timeout must not be negative, not -1s\n"},
		{[]string{"--shutdown-delay", "-5s"}, "bcp: --shutdown-delay must not be negative, not -5s\n"},
		{[]string{"--watch", "-1m"}, "bcp: --watch must not be negative, not -1m0s\n"},
		{[]string{"--gc-percent", "-5"}, "bcp: --gc-percent must be -1 (collect only at GOMEMLIMIT) or more, not -5\n"},
	} {
		out, errOut, code := runCLI(append([]string{"serve", m, "--addr", "127.0.0.1:0"}, tc.flags...)...)
		assert.Equal(t, exitUsage, code, tc.flags)
		assert.Empty(t, out)
		assert.Equal(t, tc.want, errOut, tc.flags)
	}
}
