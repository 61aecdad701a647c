package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chromiumOwn are the hosts Chromium itself contacts in the background
// (time sync, component updates, sign-in), whatever page it shows; any
// other request came from the page.
var chromiumOwn = []string{"clients2.google.com", "update.googleapis.com", "redirector.gvt1.com", "accounts.google.com",
	"optimizationguide-pa.googleapis.com", "content-autofill.googleapis.com", "safebrowsingohttpgateway.googleapis.com"}

// requestLog is a proxy that answers every request with an error and
// remembers which hosts were asked for.
type requestLog struct {
	mu    sync.Mutex
	hosts []string
}

func (l *requestLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if h, _, ok := strings.Cut(host, ":"); ok {
		host = h
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, own := range chromiumOwn {
		if host == own {
			http.Error(w, "no network in tests", http.StatusForbidden)
			return
		}
	}
	l.hosts = append(l.hosts, r.Method+" "+r.Host+r.URL.Path)
	http.Error(w, "no network in tests", http.StatusForbidden)
}

// chromium runs headless Chromium on a file with extra arguments, every
// request going through the proxy, and returns its log.
func chromium(t *testing.T, bin, proxy, file string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
		"--user-data-dir=" + t.TempDir(), "--proxy-server=" + proxy, "--proxy-bypass-list=<-loopback>",
		"--enable-logging=stderr", "--v=0", "--hide-scrollbars"}
	cmd := exec.CommandContext(ctx, bin, append(append(base, args...), "file://"+file)...)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	require.NoError(t, cmd.Run(), log.String())
	return log.String()
}

var (
	consoleLine = regexp.MustCompile(`(?m)^.*:CONSOLE[:(].*$`)
	pdfPage     = regexp.MustCompile(`/Type\s*/Page\b`)
)

// TestPlanInBrowser opens an example's HTML plan in headless Chromium
// (Debian's chromium package): no console message, no request leaves the
// page, the print layout has at least one page per forced page break, and
// nothing is cut off at the right edge of an A4 page's printable width.
func TestPlanInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser; runs without -short")
	}
	bin := ""
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		t.Skip("Chromium is not installed (Debian: apt-get install chromium); the browser check of the HTML plan is skipped")
	}
	reqs := &requestLog{}
	proxy := httptest.NewServer(reqs)
	defer proxy.Close()
	// Chromium spends most of its ~10s start-up waiting, not computing:
	// the runs go in parallel.
	t.Run("group", func(t *testing.T) {
		t.Run("the check sees a bad page", func(t *testing.T) {
			t.Parallel()
			bad := &requestLog{}
			badProxy := httptest.NewServer(bad)
			defer badProxy.Close()
			page := filepath.Join(t.TempDir(), "bad.html")
			require.NoError(t, os.WriteFile(page, []byte(`<!DOCTYPE html><html><head><link rel="stylesheet" href="http://fonts.example/x.css"></head><body><script>console.error("boom")</script></body></html>`), 0o644))
			log := chromium(t, bin, badProxy.URL, page, "--dump-dom")
			assert.NotEmpty(t, consoleLine.FindAllString(log, -1))
			bad.mu.Lock()
			defer bad.mu.Unlock()
			assert.Contains(t, bad.hosts, "GET fonts.example/x.css")
		})
		// One example: the others share the layout code, and each
		// example costs two more browser starts on a shared CI machine.
		t.Run("contact-centre", func(t *testing.T) {
			t.Parallel()
			browsePlan(t, bin, proxy.URL, "contact-centre")
		})
	})
	reqs.mu.Lock()
	defer reqs.mu.Unlock()
	assert.Empty(t, reqs.hosts, "requests that left the page")
}

func browsePlan(t *testing.T, bin, proxy, ex string) {
	dir := t.TempDir()
	page := filepath.Join(dir, "plan.html")
	_, errOut, code := runCLI("plan", "--now", "2026-11-27", "--start", "2026-11-27T09:00", "--html", "-o", page, model(ex))
	require.Equal(t, 0, code, errOut)
	html, err := os.ReadFile(page)
	require.NoError(t, err)
	pdf := filepath.Join(dir, "plan.pdf")
	shot := filepath.Join(dir, "plan.png")
	var wg sync.WaitGroup
	var log string
	wg.Add(1)
	go func() {
		defer wg.Done()
		log = chromium(t, bin, proxy, page, "--no-pdf-header-footer", "--print-to-pdf="+pdf)
	}()
	// A4 less 12mm margins each side is 186mm: 703 CSS pixels.
	chromium(t, bin, proxy, page, "--window-size=703,6000", "--screenshot="+shot)
	wg.Wait()
	assert.Empty(t, consoleLine.FindAllString(log, -1), "console messages")
	data, err := os.ReadFile(pdf)
	require.NoError(t, err)
	pages := len(pdfPage.FindAll(data, -1))
	breaks := strings.Count(string(html), `class="page"`)
	assert.GreaterOrEqual(t, pages, breaks+1, "every forced page break starts a page")
	assert.LessOrEqual(t, pages, 3*(breaks+1), "no runaway pagination")
	t.Logf("%s: %d pages, %d forced breaks", ex, pages, breaks)
	assertRightEdgeBlank(t, shot)
}

// assertRightEdgeBlank checks that the rightmost pixels of a screenshot are
// the white page: nothing runs past the printable width.
func assertRightEdgeBlank(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Max.X - 3; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				t.Errorf("something is cut off at the right edge at y=%d (%v)", y, image.Point{x, y})
				return
			}
		}
	}
}
