package bcp

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
)

// expr's per-evaluation memory budget (vm.VM.MemoryBudget) counts the
// elements of ranges, array and map literals and a few builtins, but not
// the bytes of strings nor the lists that string functions build: a rule
// doubling a string in reduce, or repeat nested in repeat, allocated
// gigabytes before anything stopped it, and `fatal error: out of memory`
// cannot be recovered. The options below close that gap without forking
// expr:
//
//   - Before a builtin that can build a string much larger than its inputs
//     (repeat, replace, join) runs, a guard checks the size it would build
//     against the budget, so that no single allocation exceeds it.
//   - After every call that builds a string or list from strings, and every
//     + whose operands may be strings, the result is charged to the running
//     VM's budget. expr lets only its builtins charge the VM, and repeat(s, 1)
//     charges len(s) while returning s itself (strings.Repeat does not copy
//     for a count of 1), so the charge costs no allocation. A list of n items
//     is charged as repeat(" ", n).
//
// The budget breach is the VM's own "memory budget exceeded" error, raised
// in the evaluation that went over, so it carries the expression's rule or
// selector and component like every evaluation error.

// budgetVar is the variable a charged value is bound to: it is declared in
// the value of any enclosing charge, never in its body, so one name serves
// every nesting level.
const budgetVar = "_bcp_charged"

// stringBuilders are the builtins whose result is a new string or a list
// built from strings; their results are charged to the budget.
var stringBuilders = map[string]bool{
	"upper": true, "lower": true, "trim": true, "trimPrefix": true, "trimSuffix": true,
	"replace": true, "join": true, "string": true, "toJSON": true, "toBase64": true,
	"fromBase64": true, "split": true, "splitAfter": true,
}

// budgetOptions returns the expr options that extend the memory budget of
// one evaluation (vm.VM.MemoryBudget, counted in list items and string
// bytes) to strings: every environment that runs user expressions (rules,
// selectors, BIA formulas, the recovery priority) appends them. budget is
// the VM's MemoryBudget (0: DefaultExprMemoryLimit); no single string or
// list an expression builds may exceed it.
func budgetOptions(budget uint) []expr.Option {
	if budget == 0 {
		budget = DefaultExprMemoryLimit
	}
	l := budgetLimit(min(budget, uint(MaxFileSize)))
	return []expr.Option{
		expr.Patch(budgetPatch{}),
		expr.Function("_bcp_fits_repeat", l.fitsRepeat, new(func(string, int) string)),
		expr.Function("_bcp_fits_replace", l.fitsReplace, new(func(string, string, string) string)),
		expr.Function("_bcp_fits_join", l.fitsJoin, new(func([]string, string) []string), new(func([]any, string) []any),
			new(func([]string) []string), new(func([]any) []any), new(func(any, string) any), new(func(any) any)),
		// _bcp_charge_str and _bcp_charge_n give repeat's arguments: the
		// string itself and 1, a space and a list's length, or nothing.
		expr.Function("_bcp_charge_str", chargeStr, new(func(any) string)),
		expr.Function("_bcp_charge_n", l.chargeN, new(func(any) int)),
		// _bcp_keep returns its first argument; the second is the charge,
		// evaluated for its effect on the budget. The overloads keep the
		// static type of what is charged.
		expr.Function("_bcp_keep", func(p ...any) (any, error) { return p[0], nil },
			new(func(string, string) string), new(func([]string, string) []string), new(func([]any, string) []any), new(func(any, string) any)),
	}
}

// budgetLimit is the most bytes one evaluation may build.
type budgetLimit int

func (l budgetLimit) over(what string, size int) error {
	return fmt.Errorf("memory budget exceeded: %s would build %d bytes; the limit of one evaluation is %d", what, size, int(l))
}

func (l budgetLimit) fitsRepeat(p ...any) (any, error) {
	s, n := p[0].(string), p[1].(int)
	if n > 0 && len(s) > int(l)/n {
		return nil, l.over("repeat", int(min(uint64(len(s))*uint64(n), 1<<62)))
	}
	return s, nil
}

func (l budgetLimit) fitsReplace(p ...any) (any, error) {
	s, old, repl := p[0].(string), p[1].(string), p[2].(string)
	if len(repl) > len(old) {
		n := strings.Count(s, old)
		if old == "" {
			n = utf8.RuneCountInString(s) + 1
		}
		if grow := len(repl) - len(old); n > 0 && grow > (int(l)-len(s))/n {
			return nil, l.over("replace", len(s)+n*grow)
		}
	}
	return s, nil
}

func (l budgetLimit) fitsJoin(p ...any) (any, error) {
	glue := ""
	if len(p) > 1 {
		glue, _ = p[1].(string)
	}
	size := 0
	v := reflect.ValueOf(p[0])
	if v.Kind() == reflect.Slice {
		for i := 0; i < v.Len(); i++ {
			if s, ok := v.Index(i).Interface().(string); ok {
				size += len(s)
			}
			if i > 0 {
				size += len(glue)
			}
			if size > int(l) {
				return nil, l.over("join", size)
			}
		}
	}
	return p[0], nil
}

func chargeStr(p ...any) (any, error) {
	switch v := p[0].(type) {
	case string:
		return v, nil
	case []string, []any:
		return " ", nil
	}
	return "", nil
}

func (l budgetLimit) chargeN(p ...any) (any, error) {
	n := 0
	switch v := p[0].(type) {
	case string:
		n = 1
	case []string:
		n = len(v)
	case []any:
		n = len(v)
	}
	if n > int(l) {
		return nil, l.over("a list", n)
	}
	return n, nil
}

// budgetPatch rewrites an expression's tree so that the strings and lists it
// builds are charged to the evaluation's memory budget (see budgetOptions).
// ast.Walk visits children first, so inner calls are guarded and charged
// before the node that contains them.
type budgetPatch struct{}

func (budgetPatch) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.BuiltinNode:
		if n.Name == "repeat" && isCharge(n) {
			return
		}
		if guardable(n.Name) && len(n.Arguments) > 0 {
			guard := &ast.CallNode{Callee: &ast.IdentifierNode{Value: "_bcp_fits_" + n.Name}, Arguments: append([]ast.Node{}, n.Arguments...)}
			guard.SetLocation(n.Location())
			guard.Callee.SetLocation(n.Location())
			n.Arguments[0] = guard
		}
		if stringBuilders[n.Name] {
			ast.Patch(node, charged(n))
		}
	case *ast.BinaryNode:
		if n.Operator != "+" {
			return
		}
		if t := n.Type(); t != nil && t.Kind() != reflect.String && t.Kind() != reflect.Interface {
			return
		}
		ast.Patch(node, charged(n))
	}
}

func guardable(name string) bool { return name == "repeat" || name == "replace" || name == "join" }

// isCharge reports whether n is a charge this patch made: repeat(_bcp_charge_str(...), ...).
func isCharge(n *ast.BuiltinNode) bool {
	c, ok := n.Arguments[0].(*ast.CallNode)
	if !ok {
		return false
	}
	id, ok := c.Callee.(*ast.IdentifierNode)
	return ok && id.Value == "_bcp_charge_str"
}

// charged is `let v = n; _bcp_keep(v, repeat(_bcp_charge_str(v), _bcp_charge_n(v)))`.
// The new nodes take n's location, so that a budget error raised in the
// charge points at the expression that built the value.
func charged(n ast.Node) ast.Node {
	loc := n.Location()
	at := func(x ast.Node) ast.Node { x.SetLocation(loc); return x }
	ident := func(name string) ast.Node { return at(&ast.IdentifierNode{Value: name}) }
	ref := func() ast.Node { return ident(budgetVar) }
	call := func(name string, args ...ast.Node) ast.Node {
		return at(&ast.CallNode{Callee: ident(name), Arguments: args})
	}
	charge := at(&ast.BuiltinNode{Name: "repeat", Arguments: []ast.Node{call("_bcp_charge_str", ref()), call("_bcp_charge_n", ref())}})
	return at(&ast.VariableDeclaratorNode{Name: budgetVar, Value: n, Expr: call("_bcp_keep", ref(), charge)})
}
