package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// Config configures a Server. The zero value of every field but Files is
// a working default.
type Config struct {
	// Files are the model files, loaded and merged as by bcp.Load.
	Files []string
	// Load loads Files; nil means bcp.Load. The CLI passes its own loader,
	// which also reads Open-PSA MEF files.
	Load func(files []string) (*bcp.Model, error)
	// Token, when not empty, is the bearer token every request but
	// /livez, /readyz and /openapi.json must carry; without it nothing
	// about the model is answered, errors included.
	Token string
	// TokenFile, when not empty, is a file holding the token instead
	// (surrounding white space is not part of it; an empty file is an
	// error). It is read by New, again by every Reload, and by Watch when
	// its content changes, so that a rotated secret takes effect without
	// a restart. Give Token or TokenFile, not both.
	TokenFile string
	// Logger receives one structured line per request and per reload; nil
	// discards them.
	Logger *slog.Logger
	// MaxBodyBytes bounds request bodies; 0 means 1 MiB.
	MaxBodyBytes int64
	// Timeout bounds the time one request may take, body included; 0
	// means 30s.
	Timeout time.Duration
	// ReadTimeout bounds the time a client may take to send a whole
	// request (slow clients are cut off); 0 means 10s.
	ReadTimeout time.Duration
	// MaxCIs bounds the CIs one incident may name, since its answer
	// lists each; more are a 422 naming the first one over. 0 means
	// DefaultMaxCIs.
	MaxCIs int
	// MaxProblems bounds the errors one error answer lists; the rest are
	// counted in its errorsOmitted (the log of a rejected reload lists
	// them all). 0 means DefaultMaxProblems.
	MaxProblems int
	// MaxConcurrent bounds the analyses running at once, incidents and
	// the other analyses each (the reading of a scenario object, which
	// costs tens of times its size, counts as part of its analysis); a request that cannot start one before its
	// time limit gets 503. 0 means 4 per CPU.
	MaxConcurrent int
	// ShutdownDelay is how long Serve keeps answering after readiness is
	// turned off, so that load balancers stop sending first; 0 means none.
	ShutdownDelay time.Duration
	// ShutdownTimeout bounds the wait for requests in flight at shutdown;
	// 0 means 10s.
	ShutdownTimeout time.Duration
}

// The defaults of Config's limits.
const (
	DefaultMaxCIs      = 1000
	DefaultMaxProblems = 100
)

func (c *Config) defaults() {
	if c.Load == nil {
		c.Load = func(files []string) (*bcp.Model, error) { return bcp.Load(files) }
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 1 << 20
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = 10 * time.Second
	}
	if c.MaxCIs <= 0 {
		c.MaxCIs = DefaultMaxCIs
	}
	if c.MaxProblems <= 0 {
		c.MaxProblems = DefaultMaxProblems
	}
	if c.MaxConcurrent <= 0 {
		c.MaxConcurrent = 4 * runtime.GOMAXPROCS(0)
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 10 * time.Second
	}
}

// snapshot is one loaded model; it is never changed, so that requests
// read it without locks while a reload builds the next.
type snapshot struct {
	model *bcp.Model
	// hash is the SHA-256 of the files' contents, in order.
	hash   string
	loaded time.Time
}

// Server answers continuity questions over HTTP from one compiled model,
// replaced atomically on reload. Its methods are safe for concurrent use.
type Server struct {
	cfg    Config
	cur    atomic.Pointer[snapshot]
	ready  atomic.Bool
	reload sync.Mutex // one reload at a time
	// slots bound the analyses running at once; incidents have their own,
	// so that long analyses (risk over millions of years) cannot keep an
	// incident waiting past the ITSM tool's timeout.
	slots, incidentSlots chan struct{}
	metrics              *metrics
	handler              http.Handler
	// token is the SHA-256 of the bearer token; nil when none is needed.
	token atomic.Pointer[[sha256.Size]byte]
}

// New loads and compiles the model and returns a Server ready to serve
// it. A model with problems is an error (bcp.Problems): a server never
// starts without a model.
func New(cfg Config) (*Server, error) {
	if len(cfg.Files) == 0 {
		return nil, errors.New("server: no model files")
	}
	if cfg.Token != "" && cfg.TokenFile != "" {
		return nil, errors.New("server: give Token or TokenFile, not both")
	}
	cfg.defaults()
	s := &Server{cfg: cfg, slots: make(chan struct{}, cfg.MaxConcurrent), incidentSlots: make(chan struct{}, cfg.MaxConcurrent), metrics: newMetrics()}
	if cfg.Token != "" {
		if err := CheckToken(cfg.Token); err != nil {
			return nil, fmt.Errorf("server: Token: %w", err)
		}
		h := sha256.Sum256([]byte(cfg.Token))
		s.token.Store(&h)
	}
	if _, err := s.loadToken(); err != nil {
		return nil, err
	}
	snap, err := s.load()
	if err != nil {
		return nil, err
	}
	s.swap(snap)
	s.metrics.reloaded(true, time.Now())
	s.ready.Store(true)
	s.handler = s.routes()
	return s, nil
}

// Handler returns the HTTP handler of every endpoint.
func (s *Server) Handler() http.Handler { return s.handler }

// SetReady turns readiness (GET /readyz) on or off; Serve turns it off
// first when it shuts down.
func (s *Server) SetReady(ready bool) { s.ready.Store(ready) }

// Hash returns the hash of the model being served: the SHA-256 of its
// files' contents, in hex.
func (s *Server) Hash() string { return s.cur.Load().hash }

// Model returns the model being served.
func (s *Server) Model() *bcp.Model { return s.cur.Load().model }

// hashFiles hashes the files' contents in order, each preceded by its
// length so that moving bytes from one file to the next changes the hash.
// Names are left out: the same model has the same hash wherever it lies.
func hashFiles(files []string) (string, error) {
	h := sha256.New()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%d\n", len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// load hashes the files, then loads them. A file changed between the two
// is loaded with the older hash, and the next watch poll sees a new hash
// and loads it again: the hash may lag, never the model stay stale.
func (s *Server) load() (*snapshot, error) {
	hash, err := hashFiles(s.cfg.Files)
	if err != nil {
		return nil, err
	}
	m, err := s.cfg.Load(s.cfg.Files)
	if err != nil {
		return nil, err
	}
	// The tables the model builds on first need (requirements, id order)
	// are built now, at load, rather than by the first requests after it.
	if m.Len() > 0 {
		m.Graph().RequirementTable()
		m.Graph().IDRank(0)
	}
	return &snapshot{model: m, hash: hash, loaded: time.Now()}, nil
}

func (s *Server) swap(snap *snapshot) {
	s.cur.Store(snap)
	s.metrics.model(snap)
}

// TokenFileError is a token file that cannot be read or holds no token.
// The previous token keeps serving.
type TokenFileError struct {
	File string
	Err  error
}

// Error names the file and what is wrong with it.
func (e *TokenFileError) Error() string { return fmt.Sprintf("token file %s: %v", e.File, e.Err) }

// Unwrap returns the cause.
func (e *TokenFileError) Unwrap() error { return e.Err }

// ReadTokenFile reads a bearer token from a file: its content without
// surrounding white space (a trailing newline). A file with nothing else
// is an error: a secret that was meant to be mounted and came out empty
// must not serve the model to anyone.
func ReadTokenFile(file string) (string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", &TokenFileError{File: file, Err: err}
	}
	token := strings.TrimSpace(string(data))
	if token == "" {
		return "", &TokenFileError{File: file, Err: errors.New("it is empty")}
	}
	if err := CheckToken(token); err != nil {
		return "", &TokenFileError{File: file, Err: err}
	}
	return token, nil
}

// CheckToken refuses a token that no request could carry: one with a line
// break or another control character inside (a file of two lines, say),
// which an Authorization header cannot hold, so that the server would
// refuse every request.
func CheckToken(token string) error {
	for i, c := range []byte(token) {
		if c < 0x20 || c == 0x7f {
			return fmt.Errorf("the token has a control character (byte %d, %#x) that no Authorization header can carry; a token is one line of visible characters", i+1, c)
		}
	}
	return nil
}

// loadToken reads Config.TokenFile, when there is one, and serves its
// token from the next request on; changed reports that it differs from
// the one before. On error the previous token stays.
func (s *Server) loadToken() (changed bool, err error) {
	if s.cfg.TokenFile == "" {
		return false, nil
	}
	token, err := ReadTokenFile(s.cfg.TokenFile)
	if err != nil {
		return false, err
	}
	h := sha256.Sum256([]byte(token))
	old := s.token.Swap(&h)
	return old == nil || *old != h, nil
}

// ReloadResult is the outcome of a reload.
type ReloadResult struct {
	// Changed reports that the files' hash differs from the previous
	// model's.
	Changed bool `json:"changed"`
	// TokenChanged reports that the token file held another token, which
	// is now the one requests must carry.
	TokenChanged bool   `json:"tokenChanged"`
	Hash         string `json:"hash"`
	Components   int    `json:"components"`
	Edges        int    `json:"edges"`
}

// Reload loads the files again and, if the model compiles, serves it from
// the next request on; requests under way finish on the old one. A model
// with problems is rejected, its problems logged and returned (a
// bcp.Problems inside the error), and the old model keeps serving.
func (s *Server) Reload(ctx context.Context, why string) (*ReloadResult, error) {
	s.reload.Lock()
	defer s.reload.Unlock()
	start := time.Now()
	log := s.cfg.Logger.With("trigger", why, "files", s.cfg.Files)
	// The token first, on its own: a model with problems must not keep a
	// rotated secret from taking effect.
	tokenChanged, err := s.loadToken()
	if err != nil {
		s.metrics.reloaded(false, start)
		log.ErrorContext(ctx, "reload failed: the token file cannot be read; the previous token and model keep serving", "error", err)
		return nil, err
	}
	if tokenChanged {
		log.InfoContext(ctx, "token reloaded", "tokenFile", s.cfg.TokenFile)
	}
	snap, err := s.load()
	if err != nil {
		s.metrics.reloaded(false, start)
		var ps bcp.Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				log.ErrorContext(ctx, "model problem", "problem", p.Error())
			}
		}
		log.ErrorContext(ctx, "reload failed; the previous model keeps serving", "error", err, "hash", s.Hash())
		return nil, err
	}
	old := s.cur.Load()
	s.swap(snap)
	s.metrics.reloaded(true, start)
	res := &ReloadResult{Changed: snap.hash != old.hash, TokenChanged: tokenChanged, Hash: snap.hash, Components: snap.model.Len(), Edges: snap.model.Edges()}
	log.InfoContext(ctx, "model reloaded", "changed", res.Changed, "hash", res.Hash, "components", res.Components, "took", time.Since(start))
	return res, nil
}

// Watch polls the files' content hash every interval and reloads when it
// changes, until ctx is done. Hashing contents, not watching events,
// catches every way files are replaced: editors that write a new file and
// rename it, Kubernetes ConfigMaps that swap a symlink, copies that keep
// the modification time.
func (s *Server) Watch(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	last := s.Hash()
	var tokenErr string
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if s.cfg.TokenFile != "" {
			tokenErr = s.watchToken(ctx, tokenErr)
		}
		h, err := hashFiles(s.cfg.Files)
		if err != nil {
			s.cfg.Logger.WarnContext(ctx, "watch: cannot read the model files", "error", err)
			continue
		}
		if h == last || h == s.Hash() {
			last = h
			continue
		}
		// A failed reload is remembered too: the same broken files are
		// not loaded again every interval, only once they change.
		last = h
		_, _ = s.Reload(ctx, "watch")
	}
}

// watchToken loads the token file when it holds another token than the
// one served, without reloading the model. lastErr is the error it
// returned last time, so that a broken file is logged once, not at
// every poll.
func (s *Server) watchToken(ctx context.Context, lastErr string) string {
	token, err := ReadTokenFile(s.cfg.TokenFile)
	if err != nil {
		if err.Error() != lastErr {
			s.cfg.Logger.ErrorContext(ctx, "watch: the token file cannot be read; the previous token keeps serving", "error", err)
		}
		return err.Error()
	}
	if cur := s.token.Load(); cur != nil && *cur == sha256.Sum256([]byte(token)) {
		return ""
	}
	s.reload.Lock()
	defer s.reload.Unlock()
	if changed, err := s.loadToken(); err == nil && changed {
		s.cfg.Logger.InfoContext(ctx, "token reloaded", "trigger", "watch", "tokenFile", s.cfg.TokenFile)
	}
	return ""
}

// Serve answers requests on l until ctx is done, then shuts down
// gracefully: readiness off first, ShutdownDelay for load balancers to
// notice, then no new connections and requests in flight finished within
// ShutdownTimeout.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: s.cfg.ReadTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.Timeout + s.cfg.ReadTimeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.cfg.Logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.SetReady(false)
	s.cfg.Logger.Info("shutting down: readiness off", "delay", s.cfg.ShutdownDelay)
	time.Sleep(s.cfg.ShutdownDelay)
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
