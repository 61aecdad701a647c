//go:build linux

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostileRequest is one request a hostile client (or a broken
// integration) sends, and the status it must get.
type hostileRequest struct {
	name, method, path, body string
	header                   map[string]string
	status                   int
	want                     string // in the answer
}

func hostileRequests() []hostileRequest {
	many := func(n int, item func(i int) string) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = item(i)
		}
		return strings.Join(parts, ", ")
	}
	incident := `{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server"]}`
	return []hostileRequest{
		{name: "an incident", method: "POST", path: "/v1/incidents", body: incident, status: 200, want: `"customer-service"`},
		{name: "duplicate key", method: "POST", path: "/v1/impact", body: `{"scenario": "crm-outage", "scenario": "site-loss"}`, status: 400, want: `"scenario\" is given twice`},
		{name: "keys differing in case", method: "POST", path: "/v1/incidents", body: `{"since": "2026-11-27T09:00:00Z", "down": ["pbx-server"], "DOWN": []}`, status: 400, want: "differ only in case"},
		{name: "nesting 100000 deep", method: "POST", path: "/v1/incidents", body: `{"down": ` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + `}`, status: 400, want: "nested more than 10000 deep"},
		{name: "2 MiB body", method: "POST", path: "/v1/impact", body: `{"scenario": "` + strings.Repeat("x", 2<<20) + `"}`, status: 413, want: "larger than the limit"},
		{name: "gzip body", method: "POST", path: "/v1/incidents", body: incident, header: map[string]string{"Content-Encoding": "gzip"}, status: 415, want: "uncompressed"},
		{name: "XML content type", method: "POST", path: "/v1/incidents", body: incident, header: map[string]string{"Content-Type": "application/xml"}, status: 415, want: "application/json"},
		{name: "100,000 CIs", method: "POST", path: "/v1/incidents", body: `{"number": "INC1", "opened_at": "2026-11-27 09:00:00", "affected_cis": [` + many(100_000, func(i int) string { return strconv.Quote(strconv.Itoa(i)) }) + `]}`, status: 422, want: "the limit is 1000 (bcp serve --max-cis raises it)"},
		{name: "50,000 unknown components", method: "POST", path: "/v1/impact", body: `{"scenario": {"disrupt": [` + many(50_000, func(i int) string { return fmt.Sprintf(`{"id": "x%d"}`, i) }) + `]}}`, status: 422, want: `"errorsOmitted": 49900`},
		{name: "huge number as a duration", method: "POST", path: "/v1/impact", body: `{"scenario": {"disrupt": [{"id": "pbx-server", "for": 1e400}]}}`, status: 422, want: "body.scenario.disrupt[0].for"},
		{name: "overflowing duration", method: "POST", path: "/v1/recover", body: `{"scenario": {"disrupt": [{"id": "pbx-server", "at": "99999999999999999999h"}]}}`, status: 422, want: "number too large"},
		{name: "negative duration", method: "POST", path: "/v1/impact", body: `{"scenario": {"disrupt": [{"id": "pbx-server", "recoverAfter": "-1h"}]}}`, status: 422, want: "negative durations are not allowed"},
		{name: "an outage past forever", method: "POST", path: "/v1/impact", body: `{"scenario": {"disrupt": [{"id": "pbx-server", "at": "106751d", "for": "2d"}]}}`, status: 422, want: "ends later than the latest time"},
		{name: "an incident's outage past forever", method: "POST", path: "/v1/incidents", body: `{"since": "2199-01-01T00:00:00Z", "down": [{"component": "crm-saas", "since": "1970-01-01T00:00:00Z"}, {"component": "pbx-server", "for": "4000w"}]}`, status: 422, want: "body.down[1].for"},
		{name: "NaN", method: "POST", path: "/v1/impact", body: `{"scenario": {"disrupt": [{"id": "pbx-server", "fraction": NaN}]}}`, status: 400, want: "invalid character 'N'"},
		{name: "unknown field", method: "POST", path: "/v1/impact", body: `{"scenario": "crm-outage", "dryRun": true}`, status: 422, want: `unknown field \"dryRun\"`},
		{name: "unknown parameter", method: "POST", path: "/v1/incidents?dryRun=true", body: incident, status: 422, want: "query.dryRun"},
		{name: "GET with a body", method: "GET", path: "/v1/spof", body: `{"of": "customer-service"}`, status: 422, want: "GET takes no body"},
		{name: "PagerDuty resolution", method: "POST", path: "/v1/incidents", body: `{"event": {"event_type": "incident.resolved", "data": {"id": "Q1"}}}`, status: 202, want: "accepted and ignored"},
		{name: "years past the limit", method: "GET", path: "/v1/risk?years=99999999999999999999", status: 422, want: "query.years"},
	}
}

// bcp serve, the built binary, answers each hostile request with its
// documented status and a problem that says what is wrong, while it is
// reloaded by SIGHUP, by POST /-/reload and by its watch again and again,
// within the bounds of the hostile-input suite (CPU, peak RSS); then it
// shuts down cleanly on SIGTERM.
func TestHostileRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs bcp serve")
	}
	dir := t.TempDir()
	v1, err := os.ReadFile(model("contact-centre"))
	require.NoError(t, err)
	v2 := []byte(strings.Replace(string(v1), "name: Acme contact centre", "name: Acme (v2)", 1))
	file := filepath.Join(dir, "model.yaml")
	require.NoError(t, os.WriteFile(file, v1, 0o644))
	tokenFile := filepath.Join(dir, "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte("s3cret\n"), 0o600))

	cmd := exec.Command(builtBCP(t), "serve", file, "--addr", "127.0.0.1:0", "--watch", "20ms", "--shutdown-delay", "0s", "--token-file", tokenFile)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var l struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &l) == nil && l.Msg == "serving" {
				addr <- l.Addr
			}
		}
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case <-time.After(hostileWall):
		t.Fatal("bcp serve did not start")
	}
	client := &http.Client{Timeout: hostileWall}
	send := func(req hostileRequest) (int, string) {
		var body io.Reader
		if req.body != "" {
			body = strings.NewReader(req.body)
		}
		r, err := http.NewRequest(req.method, base+req.path, body)
		require.NoError(t, err)
		r.Header.Set("Authorization", "Bearer s3cret")
		for k, v := range req.header {
			r.Header.Set(k, v)
		}
		res, err := client.Do(r)
		require.NoError(t, err, req.name)
		defer res.Body.Close()
		data, err := io.ReadAll(res.Body)
		require.NoError(t, err, req.name)
		if res.StatusCode >= 400 {
			assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"), req.name)
		}
		return res.StatusCode, string(data)
	}

	stop := make(chan struct{})
	var reloads sync.WaitGroup
	reloads.Add(1)
	go func() {
		defer reloads.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			// Replaced whole, as editors and ConfigMaps do, for the watch.
			tmp := file + ".tmp"
			if err := os.WriteFile(tmp, [][]byte{v1, v2}[i%2], 0o644); err != nil || os.Rename(tmp, file) != nil {
				t.Error("cannot replace the model file")
				return
			}
			_ = cmd.Process.Signal(syscall.SIGHUP)
			if status, body := send(hostileRequest{name: "reload", method: "POST", path: "/-/reload"}); status != 200 {
				t.Errorf("reload: %d %s", status, body)
			}
		}
	}()
	var clients sync.WaitGroup
	for c := 0; c < 3; c++ {
		clients.Add(1)
		go func(c int) {
			defer clients.Done()
			for _, req := range hostileRequests() {
				status, body := send(req)
				assert.Equal(t, req.status, status, "%s: %.300s", req.name, body)
				assert.Contains(t, body, req.want, req.name)
			}
		}(c)
	}
	clients.Wait()
	close(stop)
	reloads.Wait()

	_, metrics := send(hostileRequest{name: "metrics", method: "GET", path: "/metrics"})
	assert.Contains(t, metrics, "bcp_config_last_reload_successful 1")
	cpu, rss := procUsage(t, cmd.Process.Pid)
	t.Logf("bcp serve: %s CPU, peak RSS %d MB", cpu, rss>>20)
	assert.Less(t, cpu, hostileCPU)
	assert.Less(t, rss, int64(hostileRSS))
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	assert.NoError(t, cmd.Wait())
}

// procUsage reads a running process's CPU time (user and system) and peak
// resident set from /proc.
func procUsage(t *testing.T, pid int) (time.Duration, int64) {
	t.Helper()
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	require.NoError(t, err)
	// The fields after the command name, which is in parentheses.
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+2:]))
	utime, err := strconv.ParseInt(fields[11], 10, 64)
	require.NoError(t, err)
	stime, err := strconv.ParseInt(fields[12], 10, 64)
	require.NoError(t, err)
	const ticks = 100 // USER_HZ, 100 on Linux
	cpu := time.Duration(utime+stime) * time.Second / ticks
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	require.NoError(t, err)
	var rss int64
	for _, line := range strings.Split(string(status), "\n") {
		if kb, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(kb), " kB"), 10, 64)
			require.NoError(t, err)
			rss = n << 10
		}
	}
	return cpu, rss
}
