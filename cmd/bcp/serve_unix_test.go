//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a buffer that the server's logger and the test may use at
// once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// bcp serve end to end: it logs where it listens, reloads on SIGHUP, and
// shuts down when its context ends.
func TestServeReloadsOnSIGHUP(t *testing.T) {
	data, err := os.ReadFile(model("contact-centre"))
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "model.yaml")
	require.NoError(t, os.WriteFile(file, data, 0o644))
	logs := &syncBuffer{}
	a := &app{stdout: io.Discard, stderr: logs}
	cmd := a.serveCmd()
	ctx, cancel := context.WithCancel(context.Background())
	cmd.SetContext(ctx)
	cmd.SetArgs([]string{file, "--addr", "127.0.0.1:0", "--watch", "0", "--shutdown-delay", "0"})
	done := make(chan error, 1)
	go func() { done <- cmd.Execute() }()

	var addr string
	require.Eventually(t, func() bool {
		for _, line := range strings.Split(logs.String(), "\n") {
			var l struct {
				Msg, Addr string
			}
			if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "serving" {
				addr = l.Addr
				return true
			}
		}
		return false
	}, 10*time.Second, 10*time.Millisecond)
	assert.Contains(t, httpAnswer(t, "GET", "http://"+addr+"/readyz", ""), "ready")

	require.NoError(t, os.WriteFile(file, []byte(strings.Replace(string(data), "name: Acme contact centre", "name: Acme (v2)", 1)), 0o644))
	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGHUP))
	require.Eventually(t, func() bool { return strings.Contains(logs.String(), `"trigger":"SIGHUP"`) }, 10*time.Second, 10*time.Millisecond)
	assert.Contains(t, logs.String(), `"msg":"model reloaded","trigger":"SIGHUP"`)

	cancel()
	require.NoError(t, <-done)
	assert.Contains(t, logs.String(), "readiness off")
}
