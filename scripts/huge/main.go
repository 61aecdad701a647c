// Command huge measures the CLI on a million-component model, as a user
// gets it: it writes the bcpgen model (seed 1, 20 rules, 10 scenarios; the
// model of BENCHMARKS.md) as JSON into a cache folder once, builds cmd/bcp,
// and runs `bcp validate` and `bcp spof --json` (output to /dev/null) as
// whole processes, printing a Markdown table of wall time, user and system
// CPU and peak RSS, with the load average. It is not part of the tests: the
// model takes about a minute to write and 160 MB of disk.
//
//	go run ./scripts/huge -cache /tmp/bcp-huge
//	go run ./scripts/huge -components 100000 -runs 3
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
)

type config struct {
	cache, bcp string
	components int
	runs       int
}

func main() {
	var cfg config
	flag.StringVar(&cfg.cache, "cache", filepath.Join(os.TempDir(), "bcp-huge"), "folder for the generated model (kept between runs)")
	flag.StringVar(&cfg.bcp, "bcp", "", "bcp binary (default: go build ./cmd/bcp into a temporary folder)")
	flag.IntVar(&cfg.components, "components", 1_000_000, "components of the generated model")
	flag.IntVar(&cfg.runs, "runs", 1, "runs per command; the table shows each")
	flag.Parse()
	if err := run(cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "huge:", err)
		os.Exit(1)
	}
}

func run(cfg config, out io.Writer) error {
	model, err := ensureModel(cfg)
	if err != nil {
		return err
	}
	if cfg.bcp == "" {
		tmp, err := os.MkdirTemp("", "bcp-huge-bin")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		cfg.bcp = filepath.Join(tmp, "bcp")
		if msg, err := exec.Command("go", "build", "-o", cfg.bcp, "./cmd/bcp").CombinedOutput(); err != nil {
			return fmt.Errorf("go build ./cmd/bcp: %w\n%s", err, msg)
		}
	}
	fi, err := os.Stat(model)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "model: %s (%d components, %.0f MB)\n\n", model, cfg.components, float64(fi.Size())/1e6)
	fmt.Fprintln(out, "| command | wall | user CPU | system CPU | peak RSS | load average before |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|")
	for _, args := range [][]string{{"validate", model}, {"spof", "--json", model}} {
		for r := 0; r < cfg.runs; r++ {
			load := loadAverage()
			m, err := measure(cfg.bcp, args)
			if err != nil {
				return fmt.Errorf("bcp %s: %w", strings.Join(args[:len(args)-1], " "), err)
			}
			fmt.Fprintf(out, "| `bcp %s` | %.1f s | %.1f s | %.1f s | %.2f GiB | %s |\n", strings.Join(args[:len(args)-1], " "),
				m.wall.Seconds(), m.user.Seconds(), m.sys.Seconds(), float64(m.rss)/(1<<20), load)
		}
	}
	return nil
}

// ensureModel writes the generated model into the cache unless it is there.
func ensureModel(cfg config) (string, error) {
	path := filepath.Join(cfg.cache, fmt.Sprintf("bcpgen-%d-seed1.json", cfg.components))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(cfg.cache, 0o755); err != nil {
		return "", err
	}
	fmt.Fprintf(os.Stderr, "writing %s ...\n", path)
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return "", err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	doc := bcpgen.Generate(bcpgen.Config{Components: cfg.components, Seed: 1, Rules: 20, Scenarios: 10})
	err = errors.Join(bcp.WriteJSON(w, doc), w.Flush(), f.Close())
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	return path, os.Rename(tmp, path)
}

type measurement struct {
	wall, user, sys time.Duration
	rss             int64 // KiB
}

// measure runs bcp with args, its standard output discarded, and reads
// its resource usage.
func measure(bin string, args []string) (measurement, error) {
	var stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr
	if devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0); err == nil {
		defer devnull.Close()
		cmd.Stdout = devnull // a file: no copying through a pipe
	}
	start := time.Now()
	err := cmd.Run()
	m := measurement{wall: time.Since(start)}
	if err != nil {
		return m, fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.user = time.Duration(ru.Utime.Nano())
		m.sys = time.Duration(ru.Stime.Nano())
		m.rss = ru.Maxrss
	}
	return m, nil
}

// loadAverage is the first three fields of /proc/loadavg, or "?".
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
