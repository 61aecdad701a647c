// Command bcpload measures the incident endpoint of `bcp serve` under load,
// on this machine only: it generates a bcpgen model with teams, recovery
// strategies and ServiceNow ids, serves it on 127.0.0.1 in the same process
// (or uses --url, which must be a loopback address), and sends incidents at
// a fixed rate from an open-loop schedule, so that a slow answer delays the
// latency of the requests behind it instead of hiding it. It is bounded: at
// most --duration (60s at most) and --requests requests, then it reports
// requests per second and the latency percentiles.
//
//	go run ./cmd/bcpload --components 100000 --rate 1000 --duration 10s
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/server"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bcpload:", err)
		os.Exit(2)
	}
}

type options struct {
	components, workers, requests int
	rate                          float64
	duration                      time.Duration
	seed                          uint64
	target, token, cpuprofile     string
	memprofile                    string
	gcPercent                     int
}

func run(args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("bcpload", flag.ContinueOnError)
	fs.IntVar(&o.components, "components", 100_000, "components of the generated model")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the model and of the incidents")
	fs.Float64Var(&o.rate, "rate", 1000, "requests per second to send")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "how long to send (at most 60s)")
	fs.IntVar(&o.requests, "requests", 60_000, "most requests to send")
	fs.IntVar(&o.workers, "workers", 64, "concurrent connections")
	fs.StringVar(&o.target, "url", "", "a running bcp serve on a loopback address (default: serve the generated model in this process)")
	fs.StringVar(&o.token, "token", "", "bearer token for --url")
	fs.IntVar(&o.gcPercent, "gc-percent", 400, "the in-process server's garbage collector target, as bcp serve --gc-percent (GOGC wins when set and the flag is not given)")
	fs.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of the sending window (server and load generator) to this file")
	fs.StringVar(&o.memprofile, "memprofile", "", "write an allocation profile (server and load generator) to this file at the end")
	if err := fs.Parse(args); err != nil {
		return err
	}
	gcSet := false
	fs.Visit(func(f *flag.Flag) { gcSet = gcSet || f.Name == "gc-percent" })
	if gcSet || os.Getenv("GOGC") == "" {
		debug.SetGCPercent(o.gcPercent) // as bcp serve does
	}
	if o.duration <= 0 || o.duration > time.Minute || o.rate <= 0 || o.workers <= 0 || o.requests <= 0 {
		return errors.New("--duration must be in (0, 60s], --rate, --workers and --requests above 0")
	}
	doc := bcpgen.Generate(bcpgen.Config{Components: o.components, Seed: o.seed})
	bcpgen.AddOperations(doc, 50)
	base := o.target
	if base == "" {
		stop, addr, err := serveInProcess(doc)
		if err != nil {
			return err
		}
		defer stop()
		base = "http://" + addr
		fmt.Fprintf(out, "serving %d components on %s\n", o.components, addr)
	} else if err := loopbackOnly(base); err != nil {
		return err
	}
	if o.cpuprofile != "" {
		f, err := os.Create(o.cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	// One incident per request, none repeated: the server keeps no
	// answers, and a benchmark that repeats a few would still flatter
	// its caches.
	total := min(o.requests, int(o.rate*o.duration.Seconds()))
	incidents := bodies(doc, o.seed, total)
	cpu0, gc0 := cpuTime(), gcStats()
	res := load(base+"/v1/incidents", o, incidents)
	res.cpu, res.gc = cpuTime()-cpu0, gcStats().minus(gc0)
	res.print(out, o)
	if o.memprofile != "" {
		f, err := os.Create(o.memprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		runtime.GC() // the profile counts allocations up to the last collection
		return pprof.Lookup("allocs").WriteTo(f, 0)
	}
	return nil
}

// loopbackOnly refuses any target but this machine.
func loopbackOnly(target string) error {
	u, err := url.Parse(target)
	if err != nil {
		return err
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--url %s: only loopback addresses (127.0.0.1, ::1, localhost) are load-tested", target)
}

func serveInProcess(doc *bcp.Document) (func(), string, error) {
	dir, err := os.MkdirTemp("", "bcpload")
	if err != nil {
		return nil, "", err
	}
	file := filepath.Join(dir, "model.json")
	var buf bytes.Buffer
	if err := bcp.WriteJSON(&buf, doc); err != nil {
		return nil, "", err
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		return nil, "", err
	}
	srv, err := server.New(server.Config{Files: []string{file}})
	if err != nil {
		return nil, "", err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = srv.Serve(ctx, l); close(done) }()
	return func() { cancel(); <-done; os.RemoveAll(dir) }, l.Addr().String(), nil
}

// bodies are n incidents, all different, drawn with the seed: one to
// three CIs that are no service (seven in ten incidents name one, two in
// ten two, one in ten three), named by their ServiceNow sys_ids, opened at
// a time in the last day; two in three in our shape, the others as a
// ServiceNow incident record (cmdb_ci and affected_cis references).
func bodies(doc *bcp.Document, seed uint64, n int) [][]byte {
	rng := rand.New(rand.NewPCG(seed, 7))
	base := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	ci := func() string {
		for {
			if i := rng.IntN(len(doc.Components)); doc.Components[i].Kind != bcp.KindService {
				return bcpgen.ServiceNowID(i)
			}
		}
	}
	out := make([][]byte, 0, n)
	for len(out) < n {
		cis := []string{ci()}
		if r := rng.IntN(10); r >= 7 {
			cis = append(cis, ci())
			if r == 9 {
				cis = append(cis, ci())
			}
		}
		since := base.Add(-time.Duration(rng.IntN(24*60)) * time.Minute)
		var b strings.Builder
		if rng.IntN(3) < 2 {
			fmt.Fprintf(&b, `{"id": "LOAD-%d", "since": %q, "down": [`, len(out), since.Format(time.RFC3339))
			for k, id := range cis {
				if k > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, `{"system": "servicenow", "id": %q}`, id)
			}
			b.WriteString("]}")
		} else {
			fmt.Fprintf(&b, `{"result": {"number": {"value": "INC%07d"}, "opened_at": {"value": %q}, "cmdb_ci": {"value": %q, "display_value": "CI"}, "affected_cis": [`,
				len(out), since.Format(time.DateTime), cis[0])
			for k, id := range cis[1:] {
				if k > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, `{"value": %q}`, id)
			}
			b.WriteString("]}}")
		}
		out = append(out, []byte(b.String()))
	}
	return out
}

type result struct {
	// latencies of every request due, unanswered ones as never.
	latencies []time.Duration
	errors    int
	// dropped were still queued when the sending window ended: the
	// server fell behind. They count as never answered.
	dropped  int
	firstErr string
	elapsed  time.Duration
	// cpu is the process's CPU time (user and system) over the sending
	// window: server and load generator together.
	cpu time.Duration
	gc  gcCount
}

// gcCount is the garbage collector's work so far: cycles, and the time
// the runtime estimates its workers held a processor (idle processors
// included, so on a busy machine it can exceed the process's CPU time).
type gcCount struct {
	cycles uint64
	cpu    time.Duration
}

func gcStats() gcCount {
	samples := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(samples)
	var c gcCount
	if samples[0].Value.Kind() == metrics.KindUint64 {
		c.cycles = samples[0].Value.Uint64()
	}
	if samples[1].Value.Kind() == metrics.KindFloat64 {
		c.cpu = time.Duration(samples[1].Value.Float64() * float64(time.Second))
	}
	return c
}

func (c gcCount) minus(d gcCount) gcCount { return gcCount{c.cycles - d.cycles, c.cpu - d.cpu} }

// never stands for the latency of a request that was not answered.
const never = time.Duration(math.MaxInt64)

// load sends requests on an open-loop schedule: request k is due at
// start + k/rate, and its latency counts from then.
func load(target string, o options, bodies [][]byte) *result {
	total := len(bodies)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: o.workers, MaxConnsPerHost: o.workers}}
	type job struct {
		k   int
		due time.Time
	}
	jobs := make(chan job, total)
	res := &result{latencies: make([]time.Duration, 0, total)}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	end := start.Add(o.duration)
	for w := 0; w < o.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if time.Now().After(end) {
					mu.Lock()
					res.dropped++
					res.latencies = append(res.latencies, never)
					mu.Unlock()
					continue
				}
				err := send(client, target, o.token, bodies[j.k])
				took := time.Since(j.due)
				mu.Lock()
				res.latencies = append(res.latencies, took)
				if err != nil {
					res.errors++
					if res.firstErr == "" {
						res.firstErr = err.Error()
					}
				}
				mu.Unlock()
			}
		}()
	}
	interval := time.Duration(float64(time.Second) / o.rate)
	for k := 0; k < total; k++ {
		due := start.Add(time.Duration(k) * interval)
		if d := time.Until(due); d > 0 {
			time.Sleep(d)
		}
		jobs <- job{k, due}
	}
	close(jobs)
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

func send(c *http.Client, target, token string, body []byte) error {
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", res.StatusCode)
	}
	return nil
}

func (r *result) print(w io.Writer, o options) {
	slices.Sort(r.latencies)
	pct := func(p float64) time.Duration {
		if len(r.latencies) == 0 {
			return 0
		}
		return r.latencies[min(len(r.latencies)-1, int(p*float64(len(r.latencies))))]
	}
	show := func(d time.Duration) string {
		if d == never {
			return "never"
		}
		return d.Round(10 * time.Microsecond).String()
	}
	n := len(r.latencies)
	answered := n - r.dropped - r.errors
	fmt.Fprintf(w, "offered %.0f req/s for %s: %d requests, %d answered (%.0f req/s), %d errors, %d dropped (not sent before the window ended)\n",
		o.rate, o.duration, n, answered, float64(answered)/r.elapsed.Seconds(), r.errors, r.dropped)
	fmt.Fprintf(w, "latency from due time p50 %s  p90 %s  p99 %s  max %s\n", show(pct(0.50)), show(pct(0.90)), show(pct(0.99)), show(pct(1)))
	if r.cpu > 0 && answered > 0 {
		fmt.Fprintf(w, "CPU (server and load generator) %s, %s per answered request; garbage collector %d cycles (%s of processor time, the runtime's estimate)\n",
			r.cpu.Round(time.Millisecond), (r.cpu / time.Duration(answered)).Round(time.Microsecond), r.gc.cycles, r.gc.cpu.Round(time.Millisecond))
	}
	if r.firstErr != "" {
		fmt.Fprintln(w, "first error:", r.firstErr)
	}
}
