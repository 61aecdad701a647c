package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/continuitykit/continuity/server"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// update is -update (defined in openapi_test.go): rewrite golden files.
var update = server.Update

// modelFile copies the contact-centre example into a temporary directory,
// so that tests can change it under the server.
func modelFile(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "examples", "contact-centre", "model.yaml"))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "model.yaml")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

// running is a server listening on a loopback port.
type running struct {
	*server.Server
	url    string
	client *http.Client
	token  string
}

// start serves cfg on 127.0.0.1 with the real http.Server of Serve, and
// stops it when the test ends.
func start(t *testing.T, cfg server.Config) *running {
	t.Helper()
	if cfg.Files == nil {
		cfg.Files = []string{modelFile(t)}
	}
	srv, err := server.New(cfg)
	require.NoError(t, err)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, l) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
	return &running{Server: srv, url: "http://" + l.Addr().String(), client: &http.Client{Timeout: 20 * time.Second}, token: cfg.Token}
}

// response is an answer, checked against the OpenAPI document.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r *running) do(t *testing.T, method, path, body string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, r.url+path, rd)
	require.NoError(t, err)
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	res, err := r.client.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	out := response{status: res.StatusCode, header: res.Header, body: data}
	checkAgainstSpec(t, method, path, out)
	return out
}

func (r *running) get(t *testing.T, path string) response { return r.do(t, http.MethodGet, path, "") }
func (r *running) post(t *testing.T, path, body string) response {
	return r.do(t, http.MethodPost, path, body)
}

// problemOf decodes a problem+json answer.
func problemOf(t *testing.T, res response) server.Problem {
	t.Helper()
	require.Equal(t, "application/problem+json", res.header.Get("Content-Type"), string(res.body))
	var p server.Problem
	require.NoError(t, json.Unmarshal(res.body, &p))
	require.Equal(t, res.status, p.Status)
	return p
}

var (
	specOnce sync.Once
	spec     map[string]any
	specComp *jsonschema.Compiler
)

// schemaFor compiles the schema the OpenAPI document declares for an
// answer, nil when it declares none that is JSON.
func schemaFor(t *testing.T, method, path string, status int, ctype string) *jsonschema.Schema {
	t.Helper()
	specOnce.Do(func() {
		require.NoError(t, json.Unmarshal(server.OpenAPI, &spec))
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(server.OpenAPI))
		require.NoError(t, err)
		specComp = jsonschema.NewCompiler()
		specComp.DefaultDraft(jsonschema.Draft2020)
		require.NoError(t, specComp.AddResource("openapi.json", doc))
	})
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	item, ok := spec["paths"].(map[string]any)[path].(map[string]any)
	if !ok {
		return nil // an unknown path: TestWrongMethodAndPath checks it
	}
	op, ok := item[strings.ToLower(method)].(map[string]any)
	if !ok {
		return nil // a wrong method
	}
	resp, ok := op["responses"].(map[string]any)[itoa(status)].(map[string]any)
	require.True(t, ok, "%s %s: the OpenAPI document declares no %d answer", method, path, status)
	media := strings.TrimSpace(strings.Split(ctype, ";")[0])
	content, _ := resp["content"].(map[string]any)
	if media == "" && content == nil {
		return nil
	}
	_, ok = content[media]
	require.True(t, ok, "%s %s %d: the OpenAPI document declares no %s content", method, path, status, media)
	if media != "application/json" && media != "application/problem+json" {
		return nil
	}
	s, err := specComp.Compile("openapi.json#/paths/" + escape(path) + "/" + strings.ToLower(method) + "/responses/" + itoa(status) + "/content/" + escape(media) + "/schema")
	require.NoError(t, err)
	return s
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func escape(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1") }

// checkAgainstSpec validates an answer against the OpenAPI document: its
// status, content type and, for JSON, its schema.
func checkAgainstSpec(t *testing.T, method, path string, res response) {
	t.Helper()
	s := schemaFor(t, method, path, res.status, res.header.Get("Content-Type"))
	if s == nil || method == http.MethodHead {
		return
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(res.body))
	require.NoError(t, err, string(res.body))
	require.NoError(t, s.Validate(v), "%s %s %d: %s", method, path, res.status, res.body)
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
