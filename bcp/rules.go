package bcp

import (
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
)

var (
	reflectDuration = reflect.TypeOf(time.Duration(0))
	reflectEnv      = reflect.TypeOf(Env{})
)

// Default limits on expressions, which protect against hostile or runaway
// rules: the size of an expression's syntax tree, and the memory one
// evaluation may allocate (expr's own accounting).
const (
	DefaultMaxExprNodes    = 5000
	DefaultExprMemoryLimit = 1_000_000
)

// Option configures Compile and Load.
type Option func(*config)

type config struct {
	exprOpts     []expr.Option
	funcs        []funcDecl // what WithFunction added, for CheckLibrary
	rules        []Rule
	goRules      []GoRule
	libs         []string // names of the libraries added, in order
	formats      map[string]Format
	stdin        io.Reader
	maxNodes     uint
	memoryBudget uint
}

func newConfig(opts []Option) *config {
	c := &config{maxNodes: DefaultMaxExprNodes, memoryBudget: DefaultExprMemoryLimit}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Library is a plug-in: a named bundle of what a domain (a regulation, a
// company policy) adds to every model compiled with it: expression
// functions, expression rules and Go rules. As in cel-go, a library is a
// list of options; it puts no expression-engine type in its API.
type Library interface {
	// LibraryName names the library ("dora", "acme-policy"): rules and
	// errors that come from it say so.
	LibraryName() string
	// Options returns what the library adds, typically WithFunction,
	// WithRule and WithGoRule.
	Options() []Option
}

// GoRule is a policy implemented in Go, for checks that expressions cannot
// state well. Check is called for every component; a non-empty message is a
// finding. It must be safe for concurrent use.
type GoRule struct {
	Name     string
	Severity Severity
	Check    func(m *Model, c Component) string
}

// WithLibrary adds a Library's options, in the order it gives them.
func WithLibrary(l Library) Option {
	return func(c *config) {
		c.libs = append(c.libs, l.LibraryName())
		for _, o := range l.Options() {
			o(c)
		}
	}
}

// WithFunction adds one expression function, visible to every expression
// of the model (rules, selectors, BIA formulas, the recovery priority).
// fn receives the arguments and returns the result; types are the typed
// signatures it accepts, as new(func(string) int) values — give them, for
// static checking at load time and for speed.
func WithFunction(name string, fn func(params ...any) (any, error), types ...any) Option {
	return func(c *config) {
		c.exprOpts = append(c.exprOpts, expr.Function(name, fn, types...))
		c.funcs = append(c.funcs, funcDecl{name: name, typed: len(types) > 0})
	}
}

// WithRule adds an expression rule after the model's own, as if it were
// written in the model (a library's policies).
func WithRule(r Rule) Option { return func(c *config) { c.rules = append(c.rules, r) } }

// WithGoRule adds a rule implemented in Go.
func WithGoRule(r GoRule) Option { return func(c *config) { c.goRules = append(c.goRules, r) } }

// WithExprLimits sets the largest expression syntax tree (nodes) and the
// memory budget of one evaluation; zero keeps the default.
func WithExprLimits(maxNodes, memoryBudget uint) Option {
	return func(c *config) {
		if maxNodes > 0 {
			c.maxNodes = maxNodes
		}
		if memoryBudget > 0 {
			c.memoryBudget = memoryBudget
		}
	}
}

// program is a compiled expression and the text it came from.
type program struct {
	*vm.Program
	src string
	pos Position
}

type ruleSet struct {
	rules  []*compiledRule
	checks []*compiledRule // check rules, in order
	vms    sync.Pool
	budget uint
	m      *Model
}

type compiledRule struct {
	*Rule
	when, check *program
	sets        []compiledSet
	msg         []templatePart
	why         []*program // paths the check reads, evaluated to explain a finding
	reads       []string
	goRule      *GoRule
	// selected records, for a set rule, that its when matched a component
	// when it was applied (Check reports one that matched none).
	selected bool
	// plugin marks a rule a library added (WithRule): written for models
	// in general, so a when that matches nothing here is no typo.
	plugin bool
}

type compiledSet struct {
	target string
	prog   *program
}

type templatePart struct {
	text string
	prog *program
}

// setTargets are the fields set rules may derive, besides attributes.NAME.
var setTargets = []string{"tier", "owner", "availability", "objectives.rto", "objectives.rpo", "objectives.mtpd", "objectives.availability"}

type exprCompiler struct {
	opts []expr.Option
}

func newExprCompiler(m *Model, cfg *config) *exprCompiler {
	opts := []expr.Option{expr.Env(Env{}), expr.MaxNodes(cfg.maxNodes)}
	opts = append(opts, durationFuncs()...)
	opts = append(opts, expr.Function("component", func(p ...any) (any, error) {
		id := p[0].(string)
		i, ok := m.index[id]
		if !ok {
			return nil, fmt.Errorf("component(%q): no such component", id)
		}
		if m.envs == nil {
			// Set rules that run without stored environments (see
			// compileRules) do not call component.
			return m.envOf(i, m.graphEnv), nil
		}
		return m.environments()[i], nil
	}, new(func(string) Env)))
	opts = append(opts, cfg.exprOpts...)
	opts = append(opts, budgetOptions(cfg.memoryBudget)...)
	return &exprCompiler{opts: opts}
}

// compile compiles src; want is the result type required (nil: any). The
// error is positioned at the offending column of the expression in its file.
func (c *exprCompiler) compile(src string, pos Position, want reflect.Type, what string) (*program, *Problem) {
	if strings.TrimSpace(src) == "" {
		return nil, &Problem{Pos: pos, Message: what + ": expression is empty"}
	}
	fold := &foldDurations{}
	opts := append([]expr.Option{}, c.opts...)
	opts = append(opts, expr.Patch(fold))
	if want == reflect.TypeOf(true) {
		opts = append(opts, expr.AsBool())
	}
	p, err := compileSafely(src, opts)
	if err == nil && fold.err != nil {
		err = fold.err
	}
	if err == nil {
		err = unknownName(p.Node())
	}
	if err != nil {
		return nil, exprProblem(src, pos, what, err)
	}
	if want != nil && want != reflect.TypeOf(true) {
		if t := p.Node().Type(); t != nil && t.Kind() != reflect.Interface && !resultFits(t, want) {
			return nil, &Problem{Pos: pos, Message: fmt.Sprintf("%s: expression gives %s, but %s is needed", what, typeName(t), typeName(want))}
		}
	}
	return &program{Program: p, src: src, pos: pos}, nil
}

func compileSafely(src string, opts []expr.Option) (p *vm.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("expression rejected: %v", r)
		}
	}()
	return expr.Compile(src, opts...)
}

func resultFits(got, want reflect.Type) bool {
	switch want {
	case reflectDuration:
		return got == reflectDuration
	case reflect.TypeOf(0):
		return got.Kind() >= reflect.Int && got.Kind() <= reflect.Int64 && got != reflectDuration
	case reflect.TypeOf(0.0):
		return got.Kind() == reflect.Float64 || (got.Kind() >= reflect.Int && got.Kind() <= reflect.Int64 && got != reflectDuration)
	case reflect.TypeOf(""):
		return got.Kind() == reflect.String
	}
	return got.AssignableTo(want)
}

func typeName(t reflect.Type) string {
	switch {
	case t == reflectDuration:
		return "a duration"
	case t.Kind() == reflect.Bool:
		return "a boolean"
	case t.Kind() == reflect.String:
		return "text"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		return "a whole number"
	case t.Kind() == reflect.Float64:
		return "a number"
	}
	return t.String()
}

// exprProblem positions an expr error: the expression's start in its file
// plus expr's own line and column.
func exprProblem(src string, pos Position, what string, err error) *Problem {
	msg := err.Error()
	var fe *file.Error
	var pe *exprPosError
	line, col := 1, 0
	switch {
	case errors.As(err, &pe):
		line, col = lineColAt(src, pe.loc)
	case errors.As(err, &fe):
		line, col = fe.Line, fe.Column
		msg = fe.Message
	}
	p := pos
	if p.Line > 0 {
		if line > 1 {
			p.Line += line - 1
			p.Col = col + 1
		} else {
			p.Col += col
		}
	}
	snippet := ""
	if fe != nil {
		snippet = fe.Snippet
	}
	return &Problem{Pos: p, Message: fmt.Sprintf("%s: %s (in %q)", what, exprHint(msg), src), Snippet: snippet, Err: err}
}

func lineColAt(src string, runeOffset int) (int, int) {
	line, col, i := 1, 0, 0
	for _, r := range src {
		if i == runeOffset {
			break
		}
		if r == '\n' {
			line, col = line+1, 0
		} else {
			col++
		}
		i++
	}
	return line, col
}

// compileRules compiles the model's and libraries' rules and, when apply is
// set, applies set rules to the model in dependency order.
func compileRules(m *Model, doc *Document, cfg *config, apply bool) (*ruleSet, Problems) {
	var probs Problems
	ec := newExprCompiler(m, cfg)
	rs := &ruleSet{budget: cfg.memoryBudget, m: m}
	rs.vms.New = func() any { return &vm.VM{MemoryBudget: cfg.memoryBudget} }

	all := make([]Rule, 0, len(doc.Rules))
	all = append(all, doc.Rules...)
	all = append(all, cfg.rules...)
	names := map[string]Position{}
	for i := range all {
		rs.rules = append(rs.rules, compileRule(&all[i], i >= len(doc.Rules), ec, names, &probs))
	}
	probs = append(probs, rs.addGoRules(cfg.goRules, names)...)
	order, cyc := setOrder(rs.rules)
	if cyc != nil {
		probs = append(probs, *cyc)
	}
	for _, r := range rs.rules {
		if r.check != nil || r.goRule != nil {
			rs.checks = append(rs.checks, r)
		}
	}
	if len(probs) > 0 || !apply {
		return nil, probs
	}
	m.graphEnv = m.graphEnv || rulesNeedGraphEnv(all, m.scenarios)
	others, graph := setsRead(order)
	if others {
		// component() reads other components' environments as the set
		// rules change them: keep them all, refreshed as rules apply.
		m.envs = m.buildEnvs()
	}
	for _, r := range order {
		probs = append(probs, rs.apply(r, graph)...)
	}
	return rs, probs
}

// compileRule checks one rule of the model (or a plugin's) and compiles
// its expressions; names holds the rule names seen so far.
func compileRule(r *Rule, plugin bool, ec *exprCompiler, names map[string]Position, probs *Problems) *compiledRule {
	cr := &compiledRule{Rule: r, plugin: plugin}
	what := fmt.Sprintf("rule %q", r.Name)
	if r.Name == "" {
		probs.add(r.Pos, nil, "rule without name; every rule needs a unique name")
		what = "rule"
	} else if prev, dup := names[r.Name]; dup {
		probs.add(r.Pos, nil, "duplicate rule name %q: already defined at %s", r.Name, prev)
	} else {
		names[r.Name] = r.Pos
	}
	if (r.Check == "") == (len(r.Set) == 0) {
		probs.add(r.Pos, nil, "%s needs exactly one of check (a policy) or set (derived values)", what)
	}
	switch r.Severity {
	case "":
		if r.Check != "" {
			r.Severity = SeverityWarning
		}
	case SeverityError, SeverityWarning, SeverityInfo:
	default:
		probs.add(r.Pos, nil, "%s: unknown severity %q; valid: error, warning, info", what, r.Severity)
	}
	add := func(src string, pos Position, want reflect.Type, part string) *program {
		if pos.Line == 0 {
			pos = r.Pos
		}
		p, prob := ec.compile(src, pos, want, what+" "+part)
		if prob != nil {
			*probs = append(*probs, *prob)
		}
		return p
	}
	if r.When != "" {
		cr.when = add(r.When, r.WhenPos, reflect.TypeOf(true), "when")
	}
	if r.Check != "" {
		cr.check = add(r.Check, r.CheckPos, reflect.TypeOf(true), "check")
		if cr.check != nil {
			for _, ref := range references(cr.check.Node()) {
				if p, _ := ec.compile(ref, Position{}, nil, ""); p != nil {
					cr.why = append(cr.why, p)
				}
			}
		}
		msg := r.Message
		if msg == "" {
			msg = fmt.Sprintf("%s fails for {{id}}", r.Name)
		}
		cr.msg = compileTemplate(msg, r.MessagePos, r.Pos, ec, what, probs)
	}
	for _, a := range r.Set {
		want, ok := targetType(a.Target)
		if !ok {
			pos := a.Pos
			if pos.Line == 0 {
				pos = r.Pos
			}
			probs.add(pos, nil, "%s sets unknown target %q%s; valid targets: %s, attributes.NAME", what, a.Target, didYouMean(a.Target, setTargets), strings.Join(setTargets, ", "))
			continue
		}
		if p := add(a.Expr, a.ExprPos, want, "set "+a.Target); p != nil {
			cr.sets = append(cr.sets, compiledSet{target: a.Target, prog: p})
			cr.reads = append(cr.reads, references(p.Node())...)
		}
	}
	if cr.when != nil {
		cr.reads = append(cr.reads, references(cr.when.Node())...)
	}
	return cr
}

// addGoRules adds the rules written in Go (WithGoRule).
func (rs *ruleSet) addGoRules(goRules []GoRule, names map[string]Position) Problems {
	var probs Problems
	for i := range goRules {
		g := &goRules[i]
		if g.Name == "" || g.Check == nil {
			probs.add(Position{}, nil, "Go rule %q needs a name and a Check function", g.Name)
			continue
		}
		if _, dup := names[g.Name]; dup {
			probs.add(Position{}, nil, "duplicate rule name %q (Go rule)", g.Name)
			continue
		}
		names[g.Name] = Position{}
		sev := g.Severity
		if sev == "" {
			sev = SeverityWarning
		}
		rs.rules = append(rs.rules, &compiledRule{Rule: &Rule{Name: g.Name, Severity: sev}, goRule: g})
	}
	return probs
}

// rulesNeedGraphEnv reports whether a rule or a scenario's selector reads
// the dependency graph from the expression environment.
func rulesNeedGraphEnv(rules []Rule, scenarios []Scenario) bool {
	for _, r := range rules {
		if needsGraphEnv(r.When + r.Check + r.Message) {
			return true
		}
		for _, a := range r.Set {
			if needsGraphEnv(a.Expr) {
				return true
			}
		}
	}
	for _, s := range scenarios {
		for _, d := range s.Disrupt {
			if needsGraphEnv(d.Select) {
				return true
			}
		}
	}
	return false
}

// setsRead reports whether set rules may read other components'
// environments (the component function), which then must be kept while
// they apply (otherwise each component's environment is made as it is
// reached), and whether they read dependency lists.
func setsRead(sets []*compiledRule) (others, graph bool) {
	for _, r := range sets {
		srcs := make([]string, 0, len(r.sets)+1)
		if r.when != nil {
			srcs = append(srcs, r.when.src)
		}
		for _, s := range r.sets {
			srcs = append(srcs, s.prog.src)
		}
		for _, src := range srcs {
			others = others || strings.Contains(src, "component")
			graph = graph || needsGraphEnv(src)
		}
	}
	return others, graph
}

func targetType(target string) (reflect.Type, bool) {
	switch target {
	case "tier":
		return reflect.TypeOf(0), true
	case "owner":
		return reflect.TypeOf(""), true
	case "availability", "objectives.availability":
		return reflect.TypeOf(0.0), true
	case "objectives.rto", "objectives.rpo", "objectives.mtpd":
		return reflectDuration, true
	}
	if name, ok := strings.CutPrefix(target, "attributes."); ok && name != "" {
		return nil, true
	}
	return nil, false
}

// setOrder orders set rules so that a rule that reads a value comes after
// the rules that set it; otherwise document order is kept.
func setOrder(rules []*compiledRule) ([]*compiledRule, *Problem) {
	var sets []*compiledRule
	for _, r := range rules {
		if len(r.sets) > 0 {
			sets = append(sets, r)
		}
	}
	n := len(sets)
	writes := func(r *compiledRule, path string) bool {
		for _, s := range r.sets {
			if s.target == path || strings.HasPrefix(s.target, path+".") || strings.HasPrefix(path, s.target+".") {
				return true
			}
		}
		return false
	}
	// after[i] lists rules that must run after rule i.
	after := make([][]int, n)
	indeg := make([]int, n)
	for i, a := range sets {
		for j, b := range sets {
			if i == j {
				continue
			}
			for _, p := range b.reads {
				if writes(a, p) {
					after[i] = append(after[i], j)
					indeg[j]++
					break
				}
			}
		}
	}
	var order []*compiledRule
	done := make([]bool, n)
	for len(order) < n {
		next := -1
		for i := 0; i < n; i++ {
			if !done[i] && indeg[i] == 0 {
				next = i
				break
			}
		}
		if next < 0 {
			var names []string
			for i := 0; i < n; i++ {
				if !done[i] {
					names = append(names, sets[i].Name)
				}
			}
			first := -1
			for i := 0; i < n && first < 0; i++ {
				if !done[i] {
					first = i
				}
			}
			return nil, &Problem{Pos: sets[first].Pos, Message: fmt.Sprintf("set rules depend on each other's results in a cycle: %s; each reads a value another sets", strings.Join(names, ", "))}
		}
		done[next] = true
		order = append(order, sets[next])
		for _, j := range after[next] {
			indeg[j]--
		}
	}
	return order, nil
}

// maxRuleErrors bounds the evaluation errors reported per rule.
const maxRuleErrors = 10

func (rs *ruleSet) getVM() *vm.VM  { return rs.vms.Get().(*vm.VM) }
func (rs *ruleSet) putVM(v *vm.VM) { rs.vms.Put(v) }
func runSafely(v *vm.VM, p *program, env any) (out any, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("%v", r)
		}
	}()
	return v.Run(p.Program, env)
}

// apply evaluates a set rule on every component, dependencies first, and
// writes the results into the model. Without stored environments, each
// component's is made as it is reached, with the dependency lists when
// graph is set.
func (rs *ruleSet) apply(r *compiledRule, graph bool) Problems {
	m := rs.m
	var probs Problems
	errs := 0
	v := rs.getVM()
	defer rs.putVM(v)
	fail := func(i int32, err error) {
		errs++
		if errs <= maxRuleErrors {
			probs.add(r.Pos, err, "rule %q on component %q: %v", r.Name, m.comps[i].ID, err)
		}
	}
	// The environment goes to the expressions by pointer, into the
	// stored one or into one reused for every component: by value, each
	// component's would be copied into a new 200-byte box (a million
	// components: 200 MB of garbage), where a pointer costs a small copy
	// only of the fields an expression reads.
	own := new(Env)
	for _, i := range m.topo {
		var env any
		if m.envs != nil {
			env = &m.envs[i]
		} else {
			*own = m.envOf(i, graph)
			env = own
		}
		if r.when != nil {
			ok, err := runSafely(v, r.when, env)
			if err != nil {
				fail(i, err)
				continue
			}
			if ok != true {
				continue
			}
		}
		r.selected = true
		c := &m.comps[i]
		for _, s := range r.sets {
			val, err := runSafely(v, s.prog, env)
			if err != nil {
				fail(i, fmt.Errorf("set %s: %w", s.target, err))
				continue
			}
			if err := assign(c, s.target, val); err != nil {
				fail(i, fmt.Errorf("set %s: %w", s.target, err))
			}
		}
		if m.envs != nil {
			m.refreshEnv(i)
		}
	}
	if errs > maxRuleErrors {
		probs.add(r.Pos, nil, "rule %q: %d more evaluation errors not shown", r.Name, errs-maxRuleErrors)
	}
	return probs
}

// assign writes a set rule's result into a component, converting what is
// safe to convert and rejecting the rest.
func assign(c *Component, target string, val any) error {
	switch target {
	case "tier":
		n, ok := wholeNumber(val)
		if !ok || n < 1 {
			return fmt.Errorf("tier must be a whole number of 1 or more, got %v", describe(val))
		}
		c.Tier = n
	case "owner":
		s, ok := val.(string)
		if !ok {
			return fmt.Errorf("owner must be text, got %v", describe(val))
		}
		c.Owner = s
	case "availability", "objectives.availability":
		f, ok := toFloat(val)
		if !ok || !(f >= 0 && f <= 1) { // NaN (0/0) too
			return fmt.Errorf("%s must be a probability between 0 and 1, got %v", target, describe(val))
		}
		switch {
		case target == "availability":
			c.Availability, c.AlwaysDown = f, f == 0
		case f == 0:
			return fmt.Errorf("objectives.availability is a target above 0 and at most 1, got 0")
		default:
			c.Objectives.Availability = f
		}
	case "objectives.rto", "objectives.rpo", "objectives.mtpd":
		var d time.Duration
		switch x := val.(type) {
		case time.Duration:
			d = x
		case string:
			var err error
			if d, err = ParseDuration(x); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s must be a duration, got %v", target, describe(val))
		}
		if d < 0 {
			return fmt.Errorf("%s must not be negative, got %s", target, FormatDuration(d))
		}
		switch target {
		case "objectives.rto":
			c.Objectives.RTO = d
		case "objectives.rpo":
			c.Objectives.RPO = d
		default:
			c.Objectives.MTPD = d
		}
	default:
		name := strings.TrimPrefix(target, "attributes.")
		attrs := make(map[string]any, len(c.Attributes)+1)
		for k, v := range c.Attributes {
			attrs[k] = v
		}
		attrs[name] = val
		c.Attributes = attrs
	}
	return nil
}

func wholeNumber(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case int64:
		return int(x), true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e9 {
			return int(x), true
		}
	}
	return 0, false
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

func describe(v any) string {
	if v == nil {
		return "nothing (nil)"
	}
	return fmt.Sprintf("%s (%T)", formatValue(v), v)
}

// formatValue renders an expression result for messages: durations in model
// notation, numbers without noise.
func formatValue(v any) string {
	switch x := v.(type) {
	case time.Duration:
		return FormatDuration(x)
	case float64:
		return fmt.Sprintf("%g", x)
	case nil:
		return "nil"
	case string:
		return x
	}
	return fmt.Sprint(v)
}

func compileTemplate(msg string, pos, rulePos Position, ec *exprCompiler, what string, probs *Problems) []templatePart {
	var parts []templatePart
	rest := msg
	offset := 0
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			parts = append(parts, templatePart{text: rest})
			return parts
		}
		j := strings.Index(rest[i:], "}}")
		if j < 0 {
			p := pos
			if p.Line == 0 {
				p = rulePos
			}
			p.Col += offset + i
			probs.add(p, nil, "%s message: {{ without closing }}", what)
			return nil
		}
		parts = append(parts, templatePart{text: rest[:i]})
		src := rest[i+2 : i+j]
		p := pos
		if p.Line == 0 {
			p = rulePos
		} else {
			p.Col += len([]rune(msg[:offset+i+2]))
		}
		prog, prob := ec.compile(strings.TrimSpace(src), p, nil, what+" message")
		if prob != nil {
			*probs = append(*probs, *prob)
		}
		parts = append(parts, templatePart{prog: prog})
		offset += i + j + 2
		rest = rest[i+j+2:]
	}
}

// Check runs every check rule (expression and Go) on every component and
// returns the findings sorted by component, then rule. A rule that fails to
// evaluate on a component is itself a finding of severity error.
//
// A selector the model's author wrote that matches no component (a check
// rule's when, a scenario's select) is most likely a typo, so it is a
// warning (rule RuleSelectsNothing) at the selector's position; a set
// rule's is information.
func (m *Model) Check() []Finding {
	out := m.emptyScenarioSelectors()
	rs := m.rules
	if rs == nil {
		SortFindings(out)
		return out
	}
	v := rs.getVM()
	defer rs.putVM(v)
	selected := make([]bool, len(rs.checks))
	envs := m.environments()
	for i := range m.comps {
		var env any = envs[i]
		for ri, r := range rs.checks {
			f, bad, sel := rs.evalCheck(v, r, int32(i), env)
			selected[ri] = selected[ri] || sel
			if bad {
				rulePos := r.Pos // allocated for findings only, not per evaluation
				f.RulePos = &rulePos
				out = append(out, f)
			}
		}
	}
	for ri, r := range rs.checks {
		if r.when != nil && !r.plugin && !selected[ri] {
			out = append(out, emptyRuleSelector(r))
		}
	}
	for _, r := range rs.rules {
		if r.when != nil && !r.plugin && r.check == nil && r.goRule == nil && !r.selected {
			out = append(out, emptyRuleSelector(r))
		}
	}
	SortFindings(out)
	return out
}

// RuleSelectsNothing is the rule of the warning Check gives for a selector
// that matches no component; the finding's component is the model rule's
// name or the scenario's id.
const RuleSelectsNothing = "selector.matches-nothing"

func emptyRuleSelector(r *compiledRule) Finding {
	rulePos := r.Pos
	f := Finding{Rule: RuleSelectsNothing, Severity: SeverityWarning, Component: r.Name, Pos: r.WhenPos, RulePos: &rulePos,
		Message: fmt.Sprintf("rule %q: when %q matches no component, so the rule checks nothing; check its kinds, ids and attribute names", r.Name, r.When)}
	if r.check == nil {
		// A set rule often fills a default (tier == 0) that every
		// component already declares: worth saying, not a warning.
		f.Severity = SeverityInfo
		f.Message = fmt.Sprintf("rule %q: when %q matches no component, so the rule sets nothing (a default nobody needs, or a typo in its kinds, ids or attribute names)", r.Name, r.When)
	}
	return f
}

// emptyScenarioSelectors reports every select of a model scenario that
// matches no component: a disruption that takes nothing down.
func (m *Model) emptyScenarioSelectors() []Finding {
	var out []Finding
	for _, s := range m.scenarios {
		for di, d := range s.Disrupt {
			p := m.selectors[d.Select]
			if d.Select == "" || p == nil {
				continue
			}
			idx, err := m.selectIdx(p)
			if err != nil || len(idx) > 0 {
				continue // an evaluation error is Simulate's to report
			}
			pos := d.SelectPos
			if pos.Line == 0 {
				pos = d.Pos
			}
			out = append(out, Finding{Rule: RuleSelectsNothing, Severity: SeverityWarning, Component: s.ID, Pos: pos,
				Message: fmt.Sprintf("scenario %q disruption %d: select %q matches no component, so it takes nothing down", s.ID, di+1, d.Select)})
		}
	}
	return out
}

// evalCheck evaluates check rule r on component i: the finding and whether
// it fails, and whether r's when selected the component.
func (rs *ruleSet) evalCheck(v *vm.VM, r *compiledRule, i int32, env any) (f Finding, bad, selected bool) {
	m := rs.m
	f = Finding{Rule: r.Name, Severity: r.Severity, Component: m.comps[i].ID, Pos: m.comps[i].Pos}
	if r.goRule != nil {
		msg := r.goRule.Check(m, m.comps[i])
		f.Message = msg
		return f, msg != "", true
	}
	if r.when != nil {
		ok, err := runSafely(v, r.when, env)
		if err != nil {
			f.Severity, f.Message = SeverityError, fmt.Sprintf("rule %q could not be evaluated (when): %v", r.Name, err)
			return f, true, true
		}
		if ok != true {
			return f, false, false
		}
	}
	ok, err := runSafely(v, r.check, env)
	if err != nil {
		f.Severity, f.Message = SeverityError, fmt.Sprintf("rule %q could not be evaluated (check): %v", r.Name, err)
		return f, true, true
	}
	if ok == true {
		return f, false, true
	}
	var b strings.Builder
	for _, p := range r.msg {
		if p.prog == nil {
			b.WriteString(p.text)
			continue
		}
		val, err := runSafely(v, p.prog, env)
		if err != nil {
			b.WriteString("<" + err.Error() + ">")
			continue
		}
		b.WriteString(formatValue(val))
	}
	f.Message = b.String()
	for _, p := range r.why {
		if val, err := runSafely(v, p, env); err == nil {
			f.Why = append(f.Why, p.src+" = "+formatValue(val))
		}
	}
	return f, true, true
}

// Select returns the ids of the components for which a boolean expression is
// true, sorted: the same selectors scenarios and rules use. An expression
// that matches nothing gives an empty list, not an error: whether that is a
// mistake is the caller's to say (Impact.Unmatched does it for scenarios).
func (m *Model) Select(expression string) ([]string, error) {
	ec := newExprCompiler(m, m.cfg)
	p, prob := ec.compile(expression, Position{}, reflect.TypeOf(true), "selector")
	if prob != nil {
		return nil, prob
	}
	idx, err := m.selectIdx(p)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(idx))
	for k, i := range idx {
		out[k] = m.comps[i].ID
	}
	sort.Strings(out)
	return out, nil
}

func (m *Model) selectIdx(p *program) ([]int32, error) {
	var v *vm.VM
	if m.rules != nil {
		v = m.rules.getVM()
		defer m.rules.putVM(v)
	} else {
		v = &vm.VM{MemoryBudget: DefaultExprMemoryLimit}
	}
	var out []int32
	envs := m.envsFor(p.src)
	for i := range m.comps {
		ok, err := runSafely(v, p, envs[i])
		if err != nil {
			return nil, fmt.Errorf("selector %q on component %q: %w", p.src, m.comps[i].ID, err)
		}
		if ok == true {
			out = append(out, int32(i))
		}
	}
	return out, nil
}
