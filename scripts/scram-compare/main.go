// Command scram-compare runs bcp and SCRAM side by side, as whole processes,
// on the Aralia fault trees (Open-PSA MEF) and prints a Markdown table:
// exact top-event probability and minimal cut sets of order 2 and 3, wall
// time and peak RSS of each tool, and whether the answers agree.
//
//	go run ./scripts/scram-compare -data /work/cache/aralia
//
// The trees are not part of the repository: clone
// https://github.com/openpra-org/aralia-fault-tree-dataset and point -data at
// its data/openpsa folder. Without the data or without scram (Debian package
// scram) the command says so and exits 0, so that it can run anywhere.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type config struct {
	data, bcp, scram string
	timeout          time.Duration
	runs             int
	only, skip       *regexp.Regexp
	orders           []int
}

func main() {
	var cfg config
	var only, skip, orders string
	flag.StringVar(&cfg.data, "data", envOr("ARALIA_DIR", "/work/cache/aralia"), "folder of Aralia MEF files (env ARALIA_DIR)")
	flag.StringVar(&cfg.bcp, "bcp", "", "bcp binary (default: go build ./cmd/bcp into a temporary folder)")
	flag.StringVar(&cfg.scram, "scram", "scram", "scram binary")
	flag.DurationVar(&cfg.timeout, "timeout", 120*time.Second, "limit per process run")
	flag.IntVar(&cfg.runs, "runs", 1, "runs per measurement; the table shows the fastest")
	flag.StringVar(&only, "trees", "", "regular expression selecting trees by name")
	flag.StringVar(&skip, "skip", "^(cea9601|das9601|das9701)$", "regular expression of trees to leave out (default: the non-coherent ones, with not or xor, which bcp refuses)")
	flag.StringVar(&orders, "orders", "2,3", "cut set orders to compare")
	flag.Parse()
	cfg.only = regexp.MustCompile(only)
	cfg.skip = regexp.MustCompile(skip)
	for _, o := range strings.Split(orders, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(o))
		if err != nil {
			fatal(fmt.Errorf("-orders %q: %w", orders, err))
		}
		cfg.orders = append(cfg.orders, n)
	}
	if err := run(cfg); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "scram-compare:", err)
	os.Exit(1)
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func run(cfg config) error {
	trees, _ := filepath.Glob(filepath.Join(cfg.data, "*.xml"))
	if len(trees) == 0 {
		fmt.Printf("no MEF trees in %s: clone https://github.com/openpra-org/aralia-fault-tree-dataset and pass -data .../data/openpsa; skipped\n", cfg.data)
		return nil
	}
	if _, err := exec.LookPath(cfg.scram); err != nil {
		fmt.Println("scram is not installed (apt-get install scram); skipped")
		return nil
	}
	tmp, err := os.MkdirTemp("", "scram-compare")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if cfg.bcp == "" {
		cfg.bcp = filepath.Join(tmp, "bcp")
		if out, err := exec.Command("go", "build", "-o", cfg.bcp, "./cmd/bcp").CombinedOutput(); err != nil {
			return fmt.Errorf("go build ./cmd/bcp: %w\n%s", err, out)
		}
	}
	fmt.Print("| tree | events | P(top) | prob. bcp | prob. SCRAM |")
	for _, o := range cfg.orders {
		fmt.Printf(" cut sets ≤%d | ≤%d bcp | ≤%d SCRAM |", o, o, o)
	}
	fmt.Println(" agree |") // times: wall (user CPU), peak RSS
	fmt.Print("|---|---|---|---|---|")
	for range cfg.orders {
		fmt.Print("---|---|---|")
	}
	fmt.Println("---|")
	for _, t := range trees {
		name := strings.TrimSuffix(filepath.Base(t), ".xml")
		if !cfg.only.MatchString(name) || (cfg.skip.String() != "" && cfg.skip.MatchString(name)) {
			continue
		}
		fmt.Println(compareTree(cfg, tmp, t, name))
	}
	return nil
}

// measure is one tool's run: the fastest of cfg.runs, its peak RSS, and
// its output (or why there is none).
type measure struct {
	wall time.Duration
	user time.Duration // CPU time in user mode: steadier than wall on a busy machine
	rss  int64         // KiB
	out  []byte
	err  error
}

func (m measure) String() string {
	if m.err != nil {
		return "–"
	}
	return fmt.Sprintf("%s (%s), %s", fmtDur(m.wall), fmtDur(m.user), fmtKiB(m.rss))
}

func fmtDur(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func fmtKiB(k int64) string { return fmt.Sprintf("%d MB", (k*1024+500_000)/1_000_000) }

// timeBin is GNU time, when installed.
var timeBin, _ = exec.LookPath("/usr/bin/time")

func runTool(cfg config, name string, args ...string) measure {
	var best measure
	for i := 0; i < cfg.runs; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), cfg.timeout)
		// A forked child inherits this process's peak RSS on Linux: GNU
		// time, small itself, measures the tool alone.
		rssFile := filepath.Join(os.TempDir(), fmt.Sprintf("scram-compare-rss-%d", os.Getpid()))
		cmd := exec.CommandContext(ctx, name, args...)
		if timeBin != "" {
			cmd = exec.CommandContext(ctx, timeBin, append([]string{"-f", "%M %U", "-o", rssFile, name}, args...)...)
		}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		cancel()
		m := measure{wall: wall, out: stdout.Bytes()}
		if data, err := os.ReadFile(rssFile); timeBin != "" && err == nil {
			// The last line is "maxRSS user"; earlier ones are the
			// tool's exit status.
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			if f := strings.Fields(lines[len(lines)-1]); len(f) == 2 {
				m.rss, _ = strconv.ParseInt(f[0], 10, 64)
				u, _ := strconv.ParseFloat(f[1], 64)
				m.user = time.Duration(u * float64(time.Second))
			}
			os.Remove(rssFile)
		} else if cmd.ProcessState != nil {
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				m.rss = ru.Maxrss
			}
		}
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			m.err = fmt.Errorf("over %s", cfg.timeout)
		} else if err != nil {
			m.err = fmt.Errorf("%w: %s", err, firstLine(stderr.String()))
		}
		if m.err != nil {
			return m
		}
		if i == 0 || m.wall < best.wall {
			best = m
		}
	}
	return best
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// scramResult is the part of SCRAM's report read here.
type scramResult struct {
	Results struct {
		SumOfProducts []struct {
			Probability string `xml:"probability,attr"`
			Products    []struct {
				Events []struct {
					Name string `xml:"name,attr"`
				} `xml:"basic-event"`
			} `xml:"product"`
		} `xml:"sum-of-products"`
	} `xml:"results"`
}

func scramRun(cfg config, tmp, tree string, args ...string) (measure, float64, [][]string) {
	report := filepath.Join(tmp, "report.xml")
	m := runTool(cfg, cfg.scram, append(append([]string{"--bdd"}, args...), tree, "-o", report)...)
	if m.err != nil {
		return m, 0, nil
	}
	data, err := os.ReadFile(report)
	var rep scramResult
	if err == nil {
		err = xml.Unmarshal(data, &rep)
	}
	if err == nil && len(rep.Results.SumOfProducts) != 1 {
		err = fmt.Errorf("%d results, want 1", len(rep.Results.SumOfProducts))
	}
	if err != nil {
		m.err = err
		return m, 0, nil
	}
	sop := rep.Results.SumOfProducts[0]
	p, _ := strconv.ParseFloat(sop.Probability, 64)
	var sets [][]string
	for _, prod := range sop.Products {
		var set []string
		for _, e := range prod.Events {
			set = append(set, e.Name)
		}
		sort.Strings(set)
		sets = append(sets, set)
	}
	sortSets(sets)
	return m, p, sets
}

func sortSets(sets [][]string) {
	sort.Slice(sets, func(i, j int) bool {
		if len(sets[i]) != len(sets[j]) {
			return len(sets[i]) < len(sets[j])
		}
		return slices.Compare(sets[i], sets[j]) < 0
	})
}

var topGate = regexp.MustCompile(`<define-gate\s+name="([^"]+)"`)

func compareTree(cfg config, tmp, tree, name string) string {
	data, err := os.ReadFile(tree)
	if err != nil {
		return fmt.Sprintf("| %s | %v |", name, err)
	}
	events := bytes.Count(data, []byte("<define-basic-event"))
	top := topGate.FindSubmatch(data)
	if top == nil {
		return fmt.Sprintf("| %s | no gate |", name)
	}
	of := string(top[1])
	var agree []string
	row := fmt.Sprintf("| %s | %d |", name, events)

	bm := runTool(cfg, cfg.bcp, "availability", tree, "--of", of, "--json")
	sm, sp, _ := scramRun(cfg, tmp, tree, "--probability", "true", "-l", "1")
	var av struct {
		Services []struct{ Unavailability float64 }
	}
	if bm.err == nil {
		if err := json.Unmarshal(bm.out, &av); err != nil || len(av.Services) != 1 {
			bm.err = fmt.Errorf("bad JSON")
		}
	}
	switch {
	case bm.err != nil:
		row += fmt.Sprintf(" %s | %s | %s |", short(bm.err), bm, sm)
		agree = append(agree, "P: bcp failed")
	case sm.err != nil:
		row += fmt.Sprintf(" %.6g | %s | %s |", av.Services[0].Unavailability, bm, short(sm.err))
	default:
		bp := av.Services[0].Unavailability
		row += fmt.Sprintf(" %.6g | %s | %s |", bp, bm, sm)
		if sig6(bp) != sig6(sp) {
			agree = append(agree, fmt.Sprintf("P: SCRAM %g", sp))
		}
	}
	for _, o := range cfg.orders {
		bm := runTool(cfg, cfg.bcp, "cutsets", tree, "--of", of, "--order", strconv.Itoa(o), "--json")
		sm, _, ss := scramRun(cfg, tmp, tree, "-l", strconv.Itoa(o))
		var cs struct {
			CutSets [][]string `json:"cutsets"`
		}
		if bm.err == nil && json.Unmarshal(bm.out, &cs) != nil {
			bm.err = fmt.Errorf("bad JSON")
		}
		count := "–"
		switch {
		case bm.err == nil:
			count = strconv.Itoa(len(cs.CutSets))
		case sm.err == nil:
			count = strconv.Itoa(len(ss))
		}
		bs, sst := bm.String(), sm.String()
		if bm.err != nil {
			bs = short(bm.err)
			agree = append(agree, fmt.Sprintf("≤%d: bcp failed", o))
		}
		if sm.err != nil {
			sst = short(sm.err)
		}
		row += fmt.Sprintf(" %s | %s | %s |", count, bs, sst)
		if bm.err == nil && sm.err == nil && !equalSets(cs.CutSets, ss) {
			agree = append(agree, fmt.Sprintf("≤%d: %d against SCRAM's %d", o, len(cs.CutSets), len(ss)))
		}
	}
	if len(agree) == 0 {
		return row + " yes |"
	}
	return row + " " + strings.Join(agree, "; ") + " |"
}

func short(err error) string {
	s := err.Error()
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strings.ReplaceAll(s, "|", "/")
}

func equalSets(a, b [][]string) bool {
	sortSets(a)
	return slices.EqualFunc(a, b, func(x, y []string) bool { return slices.Equal(x, y) })
}

// sig6 rounds to the 6 significant digits SCRAM prints.
func sig6(x float64) float64 {
	if x == 0 {
		return 0
	}
	mag := math.Pow(10, 5-math.Floor(math.Log10(math.Abs(x))))
	return math.Round(x*mag) / mag
}
