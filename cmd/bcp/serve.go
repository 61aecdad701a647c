package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/mef"
	"github.com/continuitykit/continuity/server"
	"github.com/spf13/cobra"
)

// tokenEnv names the environment variable that may hold the bearer token.
const tokenEnv = "BCP_TOKEN"

func (a *app) serveCmd() *cobra.Command {
	var addr, tokenFile string
	var cfg server.Config
	var watch time.Duration
	var gcPercent int
	cmd := &cobra.Command{
		Use: "serve FILE... [--addr HOST:PORT] [--token-file FILE]",
		Example: `  bcp serve examples/contact-centre/model.yaml --addr 127.0.0.1:8080
  BCP_TOKEN=s3cret bcp serve model.yaml --addr 127.0.0.1:8080
  curl -s -X POST 127.0.0.1:8080/v1/impact -d '{"scenario": {"disrupt": [{"id": "crm-saas"}]}}'`,
		Short: "Answer continuity questions over HTTP for ITSM integrations (see /openapi.json)",
		Long: `serve loads and compiles the model once and answers the endpoints under
/v1 with the JSON of the CLI's --json: impact, recover, spof, cutsets,
availability, bia, findings, and incidents (our shape, ServiceNow incidents,
PagerDuty webhooks). The model is reloaded atomically on POST /-/reload, on
SIGHUP and when the files' content changes (polled every --watch); a model
with problems is rejected and the old one keeps serving.

With a token (--token-file, or the ` + tokenEnv + ` environment variable) every
request but /livez, /readyz and /openapi.json needs "Authorization: Bearer TOKEN".
The token file is read again on POST /-/reload, on SIGHUP and when its content
changes (polled every --watch), so that a rotated secret takes effect without
a restart; ` + tokenEnv + ` is read once, and changing it needs a restart.
SIGINT and SIGTERM shut down gracefully: readiness off first.

The garbage collector runs when the heap has grown by --gc-percent of the
live heap (Go's GOGC, which wins when set and the flag is not given): a
large model is expensive to mark, so serve lets the heap grow 400% by
default, fewer collections for more memory. GOMEMLIMIT caps the memory.`,
		Args: needFiles,
		RunE: func(cmd *cobra.Command, files []string) error {
			if err := checkServeFlags(&cfg, watch); err != nil {
				return err
			}
			if gcPercent < -1 {
				return fmt.Errorf("--gc-percent must be -1 (collect only at GOMEMLIMIT) or more, not %d", gcPercent)
			}
			// A token file is the server's to read, again on every
			// reload; the environment cannot change under a process.
			cfg.Files, cfg.TokenFile, cfg.Load = files, tokenFile, loadFiles
			if tokenFile == "" {
				token, err := envToken()
				if err != nil {
					return err
				}
				cfg.Token = token
			}
			cfg.Logger = slog.New(slog.NewJSONHandler(a.stderr, nil))
			if cmd.Flags().Changed("gc-percent") || os.Getenv("GOGC") == "" {
				debug.SetGCPercent(gcPercent)
			}
			return a.serve(cmd.Context(), addr, watch, cfg)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().IntVar(&gcPercent, "gc-percent", 400, "heap growth, in % of the live heap, before a garbage collection (Go's GOGC; -1: only at GOMEMLIMIT)")
	cmd.Flags().StringVar(&tokenFile, "token-file", "", "file holding the bearer token, read again on every reload and when it changes (default: $"+tokenEnv+", read once: changing it needs a restart; none: no authentication)")
	cmd.Flags().DurationVar(&watch, "watch", 5*time.Second, "how often to check the model files for changes (0: never)")
	cmd.Flags().Int64Var(&cfg.MaxBodyBytes, "max-body", 1<<20, "largest request body in bytes")
	cmd.Flags().IntVar(&cfg.MaxCIs, "max-cis", server.DefaultMaxCIs, "most CIs one incident may name (its answer lists each)")
	cmd.Flags().IntVar(&cfg.MaxProblems, "max-problems", server.DefaultMaxProblems, "most errors one error answer lists; errorsOmitted counts the rest")
	cmd.Flags().DurationVar(&cfg.Timeout, "timeout", 30*time.Second, "longest time one request may take")
	cmd.Flags().DurationVar(&cfg.ReadTimeout, "read-timeout", 10*time.Second, "longest time a client may take to send a request")
	cmd.Flags().DurationVar(&cfg.ShutdownDelay, "shutdown-delay", 5*time.Second, "how long to keep serving after readiness turns off")
	return cmd
}

// checkServeFlags refuses limits that would not limit: server.Config
// reads 0 as "the default", so --max-cis 0 or --timeout 0 would silently
// be 1000 or 30s, and a negative one the same.
func checkServeFlags(cfg *server.Config, watch time.Duration) error {
	for _, f := range []struct {
		name string
		v    int64
	}{{"max-body", cfg.MaxBodyBytes}, {"max-cis", int64(cfg.MaxCIs)}, {"max-problems", int64(cfg.MaxProblems)}} {
		if f.v < 1 {
			return fmt.Errorf("--%s must be 1 or more, not %d", f.name, f.v)
		}
	}
	for _, f := range []struct {
		name   string
		v      time.Duration
		zeroOK bool
	}{
		{"timeout", cfg.Timeout, false},
		{"read-timeout", cfg.ReadTimeout, false},
		{"shutdown-delay", cfg.ShutdownDelay, true},
		{"watch", watch, true},
	} {
		switch {
		case f.v < 0:
			return fmt.Errorf("--%s must not be negative, not %s", f.name, f.v)
		case f.v == 0 && !f.zeroOK:
			return fmt.Errorf("--%s must be longer than 0, such as 30s", f.name)
		}
	}
	return nil
}

// loadFiles is the CLI's loader without standard input, which a server
// could not read again on reload: model files and Open-PSA MEF (.xml).
func loadFiles(files []string) (*bcp.Model, error) {
	return bcp.Load(files, bcp.WithFormat(".xml", mef.Read))
}

// envToken reads the token from the environment; surrounding white space
// is not part of it. A variable set to nothing but white space is an
// error: a secret that was meant to be set and came out empty must not
// serve the model to anyone.
func envToken() (string, error) {
	env, set := os.LookupEnv(tokenEnv)
	token := strings.TrimSpace(env)
	if set && token == "" {
		return "", fmt.Errorf("%s is set but empty; unset it to serve without authentication", tokenEnv)
	}
	if err := server.CheckToken(token); err != nil {
		return "", fmt.Errorf("%s: %w", tokenEnv, err)
	}
	return token, nil
}

func (a *app) serve(ctx context.Context, addr string, watch time.Duration, cfg server.Config) error {
	if ctx == nil {
		ctx = context.Background()
	}
	srv, err := server.New(cfg)
	var ps bcp.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Fprintln(a.stderr, p.Error())
		}
		fmt.Fprintf(a.stderr, "%d problem(s)\n", len(ps))
		return exitError{exitFindings}
	}
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				_, _ = srv.Reload(ctx, "SIGHUP")
			}
		}
	}()
	if watch > 0 {
		go srv.Watch(ctx, watch)
	}
	cfg.Logger.Info("serving", "addr", l.Addr().String(), "files", cfg.Files, "hash", srv.Hash(), "components", srv.Model().Len(), "auth", cfg.Token != "" || cfg.TokenFile != "")
	return srv.Serve(ctx, l)
}
