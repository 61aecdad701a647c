package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/continuitykit/continuity/internal/modeltest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The hostile-input suite runs the built bcp binary on inputs an attacker (or
// a broken integration) could send and asserts that every one ends with a
// clear answer within the bounds an embedding platform can afford: exit code,
// a message naming the problem, time under 10 s and peak RSS under 1 GB.
// Inputs are generated here, never committed.
//
// The 10 s bound is on CPU time (user + system, from the child's rusage):
// the suite runs on machines shared with other builds, where wall time
// varies by a factor of five with the load (CI runs several test binaries
// at once on two cores). Wall time is bounded at 2 minutes, after which the
// child is killed, so a hang still fails.

const (
	hostileCPU  = 10 * time.Second
	hostileWall = 2 * time.Minute
	hostileRSS  = 1 << 30 // bytes
	// hostileAS caps the child's address space so that a regression fails
	// this test instead of exhausting the shared machine.
	hostileAS = 4 << 20 // KiB, for ulimit -v
)

var (
	bcpBinOnce sync.Once
	bcpBin     string
	bcpBinErr  error
)

// builtBCP builds cmd/bcp once per test run, without the race detector, so
// that time and memory are what users see.
func builtBCP(t *testing.T) string {
	t.Helper()
	bcpBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "bcp-hostile")
		if err != nil {
			bcpBinErr = err
			return
		}
		bcpBin = filepath.Join(dir, "bcp")
		out, err := exec.Command("go", "build", "-o", bcpBin, ".").CombinedOutput()
		if err != nil {
			bcpBinErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	require.NoError(t, bcpBinErr)
	return bcpBin
}

type hostileResult struct {
	code           int
	stdout, stderr string
	wall, cpu      time.Duration
	rss            int64 // bytes
}

// runHostile runs bcp with args under an address-space limit and measures it.
func runHostile(t *testing.T, args ...string) hostileResult {
	t.Helper()
	bin := builtBCP(t)
	ctx, cancel := context.WithTimeout(context.Background(), hostileWall)
	defer cancel()
	script := fmt.Sprintf(`ulimit -v %d; exec "$0" "$@"`, hostileAS)
	cmd := exec.CommandContext(ctx, "sh", append([]string{"-c", script, bin}, args...)...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	start := time.Now()
	err := cmd.Run()
	r := hostileResult{wall: time.Since(start), stdout: o.String(), stderr: e.String()}
	if cmd.ProcessState == nil {
		t.Fatalf("bcp did not run: %v", err)
	}
	r.code = cmd.ProcessState.ExitCode()
	// Maxrss is an upper bound: Linux records the high-water mark of the
	// address space the child exec'd from, which for Go's vfork-style exec
	// is this test process.
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rss = int64(ru.Maxrss) * 1024
	}
	r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return r
}

type hostileCase struct {
	name  string
	files map[string]func() []byte // file name -> generator
	args  []string                 // {file} is replaced by the generated file's path
	code  int
	want  string // in stderr or stdout
	heavy bool   // skipped under -short
	skip  string // reason, while another branch fixes it
	check func(t *testing.T, r hostileResult)
}

func TestHostileInputs(t *testing.T) {
	for _, c := range hostileCases() {
		t.Run(c.name, func(t *testing.T) {
			if c.skip != "" {
				t.Skip(c.skip)
			}
			if c.heavy && testing.Short() {
				t.Skip("large generated input; runs without -short")
			}
			dir := t.TempDir()
			paths := map[string]string{}
			for name, gen := range c.files {
				p := filepath.Join(dir, name)
				require.NoError(t, os.WriteFile(p, gen(), 0o644))
				paths[name] = p
			}
			args := make([]string, len(c.args))
			for i, a := range c.args {
				if p, ok := paths[strings.Trim(a, "{}")]; ok && strings.HasPrefix(a, "{") {
					a = p
				}
				args[i] = a
			}
			r := runHostile(t, args...)
			t.Logf("exit %d, %v CPU, %v wall, %d MiB", r.code, r.cpu.Round(time.Millisecond), r.wall.Round(time.Millisecond), r.rss>>20)
			out := r.stderr + r.stdout
			if len(out) > 2000 {
				out = out[:2000] + "..."
			}
			if c.code < 0 {
				assert.Contains(t, []int{exitOK, exitFindings}, r.code, "exit code; output:\n%s", out)
			} else {
				assert.Equal(t, c.code, r.code, "exit code; output:\n%s", out)
			}
			assert.True(t, strings.Contains(r.stderr+r.stdout, c.want), "message %q missing from output:\n%s", c.want, out)
			assert.Less(t, r.cpu, hostileCPU, "CPU time")
			assert.Less(t, r.wall, hostileWall, "wall time")
			assert.Less(t, r.rss, int64(hostileRSS), "peak RSS")
			if c.check != nil {
				c.check(t, r)
			}
		})
	}
}

// noNegativeJSON asserts that no number in the JSON output is negative:
// times and durations are never negative.
func noNegativeJSON(t *testing.T, r hostileResult) {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &v), r.stdout)
	modeltest.WalkNumbers(v, "", func(path string, f float64) {
		assert.GreaterOrEqual(t, f, 0.0, "%s is negative", path)
	})
}

func text(s string) func() []byte { return func() []byte { return []byte(s) } }

const ruleModel = `version: 1
components:
  - {id: a, kind: service}
rules:
  - name: bomb
    check: '%s'
`

// aliasBomb is a billion-laughs document: ten aliases per level, so that
// level n expands to 10^n nodes, landing under a component's attributes.
func aliasBomb(levels int) []byte {
	var b strings.Builder
	b.WriteString("version: 1\nx-0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < levels; i++ {
		fmt.Fprintf(&b, "x-%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	fmt.Fprintf(&b, "components:\n  - id: s\n    kind: service\n    attributes: {bomb: *a%d}\n", levels-1)
	return []byte(b.String())
}

// mergeBomb merges each level ten times into the next: without a bound, the
// work doubles (here: multiplies by ten) per level.
func mergeBomb(levels int) []byte {
	var b strings.Builder
	b.WriteString("version: 1\nx-0: &m0 {k0: 1}\n")
	for i := 1; i < levels; i++ {
		p := fmt.Sprintf("*m%d", i-1)
		fmt.Fprintf(&b, "x-%d: &m%d {<<: [%s], k%d: 1}\n", i, i, strings.Repeat(p+", ", 9)+p, i)
	}
	fmt.Fprintf(&b, "components:\n  - id: s\n    kind: service\n    attributes: {<<: *m%d}\n", levels-1)
	return []byte(b.String())
}

// deepYAML nests n flow sequences under an attribute.
func deepYAML(n int, closed bool) []byte {
	var b strings.Builder
	b.WriteString("version: 1\ncomponents:\n  - id: s\n    kind: service\n    attributes: {deep: ")
	b.WriteString(strings.Repeat("[", n))
	if closed {
		b.WriteString(strings.Repeat("]", n))
		b.WriteString("}")
	}
	b.WriteString("\n")
	return []byte(b.String())
}

func deepJSON(n int) []byte {
	return []byte(`{"version":1,"components":[{"id":"s","kind":"service","attributes":{"deep":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}}]}`)
}

// bigYAMLWithError is a valid model of about size bytes with one syntax error
// in its last line.
func bigYAMLWithError(size int) []byte {
	var b bytes.Buffer
	b.WriteString("version: 1\ncomponents:\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "  - id: c%d\n    kind: service\n    attributes: {n: %d, note: \"padding padding\"}\n", i, i)
	}
	b.WriteString("  - id: [broken\n")
	return b.Bytes()
}

func duplicateIDs(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"version":1,"components":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":"a","kind":"service"}`)
	}
	b.WriteString("]}")
	return b.Bytes()
}

func mefLabels(n int) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\"?>\n<opsa-mef>\n<define-fault-tree name=\"t\">\n<define-gate name=\"top\"><or><basic-event name=\"a\"/><basic-event name=\"b\"/></or></define-gate>\n")
	for i := 0; i < n; i++ {
		b.WriteString("<label>x</label>\n")
	}
	b.WriteString("</define-fault-tree>\n<model-data><define-basic-event name=\"a\"><float value=\"0.1\"/></define-basic-event><define-basic-event name=\"b\"><float value=\"0.1\"/></define-basic-event></model-data>\n</opsa-mef>\n")
	return b.Bytes()
}

func mefNested(n int) []byte {
	var b bytes.Buffer
	b.WriteString("<opsa-mef><define-fault-tree name=\"t\"><define-gate name=\"top\">")
	for i := 0; i < n; i++ {
		b.WriteString("<or><basic-event name=\"e\"/>")
	}
	b.WriteString(strings.Repeat("</or>", n))
	b.WriteString("</define-gate></define-fault-tree></opsa-mef>\n")
	return b.Bytes()
}

func mefNaN() []byte {
	return []byte(`<opsa-mef><define-fault-tree name="t"><define-gate name="top"><or><basic-event name="a"/><basic-event name="b"/></or></define-gate></define-fault-tree>
<model-data><define-basic-event name="a"><float value="NaN"/></define-basic-event><define-basic-event name="b"><float value="0.1"/></define-basic-event></model-data></opsa-mef>`)
}

// chain is c0 <- c1 <- ... <- c(n-1): each component depends on the next,
// with a recovery strategy, objectives and a scenario that takes the last
// one down.
func chain(n int) []byte {
	var b bytes.Buffer
	b.WriteString("{\"version\":1,\"teams\":[{\"id\":\"ops\",\"capacity\":4}],\"components\":[\n")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		kind := "application"
		if i == 0 {
			kind = "service"
		}
		fmt.Fprintf(&b, `{"id":"c%d","kind":"%s","objectives":{"rto":"4h","rpo":"1h"},"availability":0.999,"recovery":{"team":"ops","strategies":[{"type":"restore","time":"1h","dataLoss":"15m","tested":"2026-01-01"}]}`, i, kind)
		if i+1 < n {
			fmt.Fprintf(&b, `,"dependsOn":["c%d"]`, i+1)
		}
		b.WriteString("}")
	}
	fmt.Fprintf(&b, "\n],\"scenarios\":[{\"id\":\"s\",\"disrupt\":[\"c%d\"]}]}\n", n-1)
	return b.Bytes()
}

// nearLimit is a model whose every duration is close to the largest
// time.Duration (15250w is 2^63 ns less about 2.3 days).
const nearLimit = `version: 1
bia:
  categories:
    - {id: financial, name: Lost revenue, unit: EUR, thresholds: {1: 1000, 2: 25000, 3: 100000, 4: 300000, 5: 1000000}}
teams:
  - {id: ops, name: Ops}
components:
  - id: svc
    kind: service
    tier: 1
    objectives: {rto: 15250w, rpo: 15250w, mtpd: 15250w}
    attributes: {revenuePerHour: 1000}
    bia:
      important: true
      impactTolerance: 15250w
      impact:
        financial: {formula: 'attributes.revenuePerHour * hours(t)'}
    dependsOn:
      - {id: db, tolerance: 15250w}
    fallbacks:
      - {name: paper, capacity: 0.5, activation: 15250w, maxDuration: 15250w, backlogPerHour: 15250w}
  - id: db
    kind: data
    objectives: {rto: 15250w, rpo: 1h}
    recovery:
      team: ops
      strategies:
        - {type: restore, time: 15250w, dataLoss: 15250w, tested: "2026-01-01"}
scenarios:
  - id: late
    disrupt:
      - {id: db, at: 15250w, for: 15250w}
  - id: long
    disrupt:
      - {id: db, at: 15250w}
`

func hostileCases() []hostileCase {
	cases := []hostileCase{
		{name: "nested repeat", files: map[string]func() []byte{"model.yaml": text(fmt.Sprintf(ruleModel, `len(repeat(repeat(repeat("x", 1000000), 1000000), 1000000)) > 0`))},
			args: []string{"check", "{model.yaml}"}, code: exitFindings, want: "memory budget"},
		{name: "string doubling via reduce", files: map[string]func() []byte{"model.yaml": text(fmt.Sprintf(ruleModel, `len(reduce(1..64, #acc + #acc, "xx")) > 0`))},
			args: []string{"check", "{model.yaml}"}, code: exitFindings, want: "memory budget"},
		{name: "string doubling via join", files: map[string]func() []byte{"model.yaml": text(fmt.Sprintf(ruleModel, `len(reduce(1..64, join([#acc, #acc], #acc), "xx")) > 0`))},
			args: []string{"check", "{model.yaml}"}, code: exitFindings, want: "memory budget"},
		{name: "string doubling in a selector", files: map[string]func() []byte{"model.yaml": text("version: 1\ncomponents:\n  - {id: a, kind: service}\nscenarios:\n  - id: s\n    disrupt:\n      - select: 'len(reduce(1..64, #acc + #acc, \"xx\")) > 0'\n")},
			args: []string{"impact", "{model.yaml}"}, code: exitUsage, want: "memory budget"},
		{name: "string doubling in the recovery priority", files: map[string]func() []byte{"model.json": func() []byte { return chain(3) }},
			args: []string{"recover", "{model.json}", "--scenario", "s", "--priority", `len(reduce(1..64, #acc + #acc, "xx"))`}, code: exitUsage, want: "memory budget"},
		{name: "alias bomb under attributes", files: map[string]func() []byte{"model.yaml": func() []byte { return aliasBomb(9) }},
			args: []string{"validate", "{model.yaml}"}, code: exitFindings, want: "nodes after expanding aliases"},
		{name: "merge bomb under attributes", files: map[string]func() []byte{"model.yaml": func() []byte { return mergeBomb(12) }},
			args: []string{"validate", "{model.yaml}"}, code: exitFindings, want: "nodes after expanding aliases"},
		{name: "100k-deep YAML nesting", files: map[string]func() []byte{"model.yaml": func() []byte { return deepYAML(100_000, true) }},
			args: []string{"validate", "{model.yaml}"}, code: exitFindings, want: "nest"},
		{name: "200KB of unclosed [", files: map[string]func() []byte{"model.yaml": func() []byte { return deepYAML(200_000, false) }},
			args: []string{"validate", "{model.yaml}"}, code: exitFindings, want: "YAML syntax"},
		{name: "100k-deep JSON nesting", files: map[string]func() []byte{"model.json": func() []byte { return deepJSON(100_000) }},
			args: []string{"validate", "{model.json}"}, code: exitFindings, want: "nesting deeper than"},
		{name: "syntax error at the end of 27 MB", heavy: true, files: map[string]func() []byte{"model.yaml": func() []byte { return bigYAMLWithError(27 << 20) }},
			args: []string{"validate", "{model.yaml}"}, code: exitFindings, want: "YAML syntax"},
		{name: "1M duplicate ids", heavy: true, files: map[string]func() []byte{"model.json": func() []byte { return duplicateIDs(1_000_000) }},
			args: []string{"validate", "{model.json}"}, code: exitFindings, want: "more problem",
			check: func(t *testing.T, r hostileResult) { assert.Less(t, len(r.stderr), 1<<20, "problem list is capped") }},
		{name: "1M MEF labels", heavy: true, files: map[string]func() []byte{"tree.xml": func() []byte { return mefLabels(1_000_000) }},
			args: []string{"validate", "{tree.xml}"}, code: exitOK, want: "valid"},
		{name: "100k nested MEF gates", files: map[string]func() []byte{"tree.xml": func() []byte { return mefNested(100_000) }},
			args: []string{"validate", "{tree.xml}"}, code: exitFindings, want: "nested deeper than"},
		{name: "--max-test-age 0s is not silently a year", files: map[string]func() []byte{"model.json": func() []byte { return chain(3) }},
			args: []string{"gaps", "{model.json}", "--max-test-age", "0s"}, code: exitUsage, want: "--max-test-age must be longer than 0"},
		{name: "NaN MEF probability", files: map[string]func() []byte{"tree.xml": mefNaN},
			args: []string{"validate", "{tree.xml}"}, code: exitFindings, want: "probability must be a number between 0 and 1"},
	}
	for _, n := range []int{1000, 100_000} {
		gen := func() []byte { return chain(n) }
		files := map[string]func() []byte{"model.json": gen}
		for _, verb := range [][]string{{"validate"}, {"gaps", "--now", "2026-06-01"}, {"recover", "--scenario", "s"}, {"impact"}, {"bia"}} {
			want := map[string]string{"validate": "valid", "gaps": "c0", "recover": "c0", "impact": "c0", "analyze": "c0", "bia": ""}[verb[0]]
			cases = append(cases, hostileCase{name: fmt.Sprintf("%d-chain %s", n, verb[0]), files: files, heavy: n > 1000,
				args: append([]string{verb[0], "{model.json}"}, verb[1:]...), code: -1, want: want})
		}
		for _, verb := range []string{"spof", "availability", "analyze"} {
			cases = append(cases, hostileCase{name: fmt.Sprintf("%d-chain %s", n, verb), files: files, heavy: n > 1000,
				args: []string{verb, "{model.json}"}, code: -1, want: "c0"})
		}
	}
	near := map[string]func() []byte{"model.yaml": text(nearLimit)}
	for _, verb := range [][]string{{"validate"}, {"check"}, {"impact"}, {"recover", "--scenario", "late"}, {"recover", "--scenario", "long"}, {"bia"}, {"gaps", "--now", "9999-12-31"}, {"gaps", "--now", "0001-01-01"}, {"analyze"}} {
		args := append([]string{verb[0], "{model.yaml}"}, verb[1:]...)
		cases = append(cases, hostileCase{name: "durations near 2^63 ns: " + strings.Join(verb, " "), files: near,
			args: append(args, "--json"), code: -1, check: noNegativeJSON})
	}
	return cases
}
