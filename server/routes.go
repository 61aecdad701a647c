package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/continuitykit/continuity/internal/jsondup"
)

// endpoint is one route: its path, its methods and what answers it.
type endpoint struct {
	path    string
	methods []string
	// open endpoints carry nothing about the model and need no token.
	open bool
	run  http.HandlerFunc
}

// endpoints is the route table, the one list the mux, the auth rule, the
// metrics and the OpenAPI test read.
func (s *Server) endpoints() []endpoint {
	return []endpoint{
		{path: "/livez", methods: []string{http.MethodGet, http.MethodHead}, open: true, run: s.livez},
		{path: "/readyz", methods: []string{http.MethodGet, http.MethodHead}, open: true, run: s.readyz},
		{path: "/openapi.json", methods: []string{http.MethodGet}, open: true, run: serveOpenAPI},
		{path: "/metrics", methods: []string{http.MethodGet}, run: s.metrics.handler().ServeHTTP},
		{path: "/-/reload", methods: []string{http.MethodPost}, run: s.postReload},
		{path: "/v1/impact", methods: []string{http.MethodPost}, run: s.impact},
		{path: "/v1/recover", methods: []string{http.MethodPost}, run: s.recover},
		{path: "/v1/spof", methods: []string{http.MethodGet}, run: s.spof},
		{path: "/v1/cutsets", methods: []string{http.MethodGet}, run: s.cutsets},
		{path: "/v1/availability", methods: []string{http.MethodGet}, run: s.availability},
		{path: "/v1/bia", methods: []string{http.MethodGet}, run: s.bia},
		{path: "/v1/findings", methods: []string{http.MethodGet}, run: s.findings},
		{path: "/v1/risk", methods: []string{http.MethodGet}, run: s.risk},
		{path: "/v1/incidents", methods: []string{http.MethodPost}, run: s.incidents},
	}
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, e := range s.endpoints() {
		mux.Handle(e.path, s.wrap(e))
	}
	mux.Handle("/", s.wrap(endpoint{path: "other", run: func(w http.ResponseWriter, r *http.Request) {
		s.writeProblem(w, r, problem(http.StatusNotFound, "no endpoint "+r.URL.Path+"; see /openapi.json"))
	}}))
	return mux
}

// recorder remembers the status and size written, for logs and metrics.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

// WriteHeader records the first status written.
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

// Write records the bytes written (and status 200 if none was set).
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// wrap adds what every route has: a time limit and a size limit, the
// token check, the method check, a log line, metrics, and a last-resort
// recover so that no request can take the server down.
func (s *Server) wrap(e endpoint) http.Handler {
	// HEAD is answered wherever GET is (RFC 9110 9.3.2): net/http drops
	// the body and keeps the headers.
	methods := e.methods
	if contains(methods, http.MethodGet) && !contains(methods, http.MethodHead) {
		methods = append(slices.Clip(methods), http.MethodHead)
	}
	allow := strings.Join(methods, ", ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		s.metrics.inFlight.Inc()
		defer func() {
			if v := recover(); v != nil {
				s.cfg.Logger.ErrorContext(r.Context(), "panic answering a request", "panic", fmt.Sprint(v), "path", r.URL.Path, "stack", string(debug.Stack()))
				if rec.status == 0 {
					s.writeProblem(rec, r, problem(http.StatusInternalServerError, "internal error; the server logged it"))
				}
			}
			s.metrics.inFlight.Dec()
			took := time.Since(start)
			s.metrics.observe(e.path, r.Method, rec.status, took)
			s.cfg.Logger.LogAttrs(r.Context(), levelOf(rec.status), "request", slogAttrs(r, e.path, rec, took)...)
		}()
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
		defer cancel()
		r = r.WithContext(ctx)
		if !e.open && !s.authorized(r) {
			rec.Header().Set("WWW-Authenticate", `Bearer realm="bcp"`)
			s.writeProblem(rec, r, problem(http.StatusUnauthorized, "a valid bearer token is required (Authorization: Bearer TOKEN)"))
			return
		}
		if e.methods != nil && !contains(methods, r.Method) {
			rec.Header().Set("Allow", allow)
			s.writeProblem(rec, r, problem(http.StatusMethodNotAllowed, fmt.Sprintf("%s %s: use %s", r.Method, r.URL.Path, allow)))
			return
		}
		if r.URL.Path != e.path && e.path != "other" {
			// The mux matches /v1/spof/ and below with a trailing pattern
			// only; any other path reaching here is unknown.
			s.writeProblem(rec, r, problem(http.StatusNotFound, "no endpoint "+r.URL.Path+"; see /openapi.json"))
			return
		}
		if r.ContentLength > s.cfg.MaxBodyBytes {
			// Refused before reading, so that a client waiting for "100
			// Continue" gets the 413 instead of a connection closed
			// under its upload.
			s.writeProblem(rec, r, tooLarge(s.cfg.MaxBodyBytes))
			return
		}
		r.Body = http.MaxBytesReader(rec, r.Body, s.cfg.MaxBodyBytes)
		e.run(rec, r)
	})
}

func tooLarge(limit int64) *Problem {
	return problem(http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than the limit of %d bytes", limit))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// authorized compares the bearer token in constant time; hashing both
// first makes the comparison independent of their lengths too.
func (s *Server) authorized(r *http.Request) bool {
	want := s.token.Load()
	if want == nil {
		return true
	}
	// The scheme is case-insensitive (RFC 9110, section 11.1).
	scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	h := sha256.Sum256([]byte(strings.TrimSpace(got)))
	return subtle.ConstantTimeCompare(h[:], want[:]) == 1
}

// readBody reads the whole (size-limited) body, turning a too large or
// too slow body into a Problem.
func readBody(r *http.Request) ([]byte, *Problem) {
	body, err := io.ReadAll(r.Body)
	if err == nil {
		return body, nil
	}
	var tooBig *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(err, &tooBig):
		return nil, tooLarge(tooBig.Limit)
	case errors.As(err, &ne) && ne.Timeout():
		return nil, problem(http.StatusRequestTimeout, "the body did not arrive in time")
	}
	return nil, problem(http.StatusBadRequest, "reading the body: "+err.Error())
}

// readJSON reads the body as readBody does, refusing one that says it is
// something else than JSON (Content-Type, Content-Encoding), an empty
// one, and one that gives a key twice in one object: encoding/json would
// keep the last silently, and the sender may have meant the first.
//
// The endpoints with a body take no query parameters: one such as
// ?dryRun=true would be ignored, and the request answered as if it were
// not there.
func readJSON(r *http.Request) ([]byte, *Problem) {
	if r.URL.RawQuery != "" {
		if p := newQuery(r).problem(); p != nil {
			return nil, p
		}
	}
	if p := checkJSONHeaders(r.Header); p != nil {
		return nil, p
	}
	body, p := readBody(r)
	if p != nil {
		return nil, p
	}
	// RFC 8259 lets a parser ignore a byte order mark, which Windows
	// tools write; encoding/json calls it an invalid character 'ï'.
	body = bytes.TrimPrefix(body, []byte("\ufeff"))
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, problem(http.StatusBadRequest, "the body is empty", FieldError{Location: "body", Message: "the body is empty; this endpoint takes a JSON object (see /openapi.json)"})
	}
	if d, ok := jsondup.Find(body); ok {
		fl, fc := lineCol(body, int64(d.First))
		line, col := lineCol(body, int64(d.Offset))
		msg := fmt.Sprintf("%q is given twice in this object (first at line %d, column %d); give each key once: JSON readers differ in which one they keep", d.Key, fl, fc)
		if d.Key != d.FirstKey {
			msg = fmt.Sprintf("%q and %q (line %d, column %d) differ only in case, and this server reads keys without regard to case, as one; give each key once", d.Key, d.FirstKey, fl, fc)
		}
		return nil, problem(http.StatusBadRequest, fmt.Sprintf("the body gives the key %q twice in one object", d.Key),
			FieldError{Location: "body" + d.Path, Value: d.Key, Line: line, Col: col, Message: msg})
	}
	return body, nil
}

// checkJSONHeaders refuses a body whose headers say it is not JSON text:
// a media type of another kind (XML, a form upload), a charset other than
// UTF-8 (RFC 8259), or a compressed encoding, which net/http does not
// undo for requests. No Content-Type, text/plain and the form type that
// curl -d sends are read as JSON.
func checkJSONHeaders(h http.Header) *Problem {
	if enc := strings.TrimSpace(h.Get("Content-Encoding")); enc != "" && !strings.EqualFold(enc, "identity") {
		return problem(http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Encoding %s is not read; send the body uncompressed", enc),
			FieldError{Location: "header.Content-Encoding", Message: "only identity (no compression) is read", Value: enc})
	}
	ct := h.Get("Content-Type")
	if ct == "" || ct == "application/json" {
		return nil
	}
	media, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return problem(http.StatusUnsupportedMediaType, "the Content-Type cannot be read: "+err.Error(),
			FieldError{Location: "header.Content-Type", Message: "send application/json", Value: ct})
	}
	switch {
	case media == "application/json", strings.HasSuffix(media, "+json"), media == "text/plain", media == "application/x-www-form-urlencoded":
	default:
		return problem(http.StatusUnsupportedMediaType, fmt.Sprintf("the body is JSON, not %s; send it as application/json", media),
			FieldError{Location: "header.Content-Type", Message: "send application/json", Value: ct})
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") && !strings.EqualFold(cs, "us-ascii") {
		return problem(http.StatusUnsupportedMediaType, fmt.Sprintf("JSON is read as UTF-8 (RFC 8259), not %s", cs),
			FieldError{Location: "header.Content-Type", Message: "send the body in UTF-8 (charset=utf-8, or no charset)", Value: ct})
	}
	return nil
}

// analyse runs fn on the current model within the request's time limit
// and a bound on concurrent analyses (a slot from slots), and writes its
// answer.
// fn gets the request's context, which ends when the client goes away or
// the limit passes: the analyses (their Context variants) then stop at
// their next checkpoint. The client gets 503 at once; fn keeps its slot
// until it has stopped, so that overload cannot pile up work.
//
// snap is the model the request was checked against: one request sees
// one model, even when a reload happens in between.
func (s *Server) analyse(w http.ResponseWriter, r *http.Request, slots chan struct{}, snap *snapshot, location string, fn func(ctx context.Context, snap *snapshot) (any, error)) {
	ctx := r.Context()
	if ctx.Err() != nil {
		s.writeProblem(w, r, problem(http.StatusServiceUnavailable, fmt.Sprintf("the request took longer than the limit of %s before its analysis started", s.cfg.Timeout)))
		return
	}
	select {
	case slots <- struct{}{}:
	case <-ctx.Done():
		s.writeProblem(w, r, problem(http.StatusServiceUnavailable, "too many analyses under way; try again"))
		return
	}
	w.Header().Set("Bcp-Model-Hash", snap.hash)
	type result struct {
		v   any
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() { <-slots }()
		defer func() {
			if v := recover(); v != nil {
				s.cfg.Logger.Error("panic in an analysis", "panic", fmt.Sprint(v), "path", r.URL.Path, "stack", string(debug.Stack()))
				done <- result{err: problem(http.StatusInternalServerError, "internal error; the server logged it")}
			}
		}()
		v, err := fn(ctx, snap)
		done <- result{v, err}
	}()
	select {
	case res := <-done:
		if res.err != nil {
			s.writeProblem(w, r, asProblem(res.err, location))
			return
		}
		writeJSON(w, r, http.StatusOK, res.v)
	case <-ctx.Done():
		s.writeProblem(w, r, problem(http.StatusServiceUnavailable, fmt.Sprintf("the analysis took longer than the limit of %s", s.cfg.Timeout)))
	}
}

func (s *Server) livez(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, r, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if !s.ready.Load() {
		s.writeProblem(w, r, problem(http.StatusServiceUnavailable, "shutting down"))
		return
	}
	writeJSON(w, r, http.StatusOK, map[string]string{"status": "ready"})
}

func (s *Server) postReload(w http.ResponseWriter, r *http.Request) {
	// It takes neither parameters nor a body (one naming other files, say):
	// ignoring them would answer a different request than was sent.
	if p := newQuery(r).problem(); p != nil {
		s.writeProblem(w, r, p)
		return
	}
	body, p := readBody(r)
	if p == nil && len(bytes.TrimSpace(body)) > 0 {
		p = problem(http.StatusUnprocessableEntity, "the reload takes no body", FieldError{Location: "body", Message: "the reload takes no body: it loads the files the server was started with"})
	}
	if p != nil {
		s.writeProblem(w, r, p)
		return
	}
	res, err := s.Reload(r.Context(), "http")
	var tfe *TokenFileError
	if errors.As(err, &tfe) {
		s.writeProblem(w, r, invalid("token", "the token file could not be read, so nothing was reloaded; the previous token and model keep serving: %s", err.Error()))
		return
	}
	if err != nil {
		p := asProblem(err, "model")
		p.Detail = "the new model was rejected; the previous one keeps serving: " + p.Detail
		s.writeProblem(w, r, p)
		return
	}
	writeJSON(w, r, http.StatusOK, res)
}
