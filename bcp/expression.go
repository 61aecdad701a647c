package bcp

import (
	"reflect"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// Expression is an expression compiled in a model's expression environment
// by CompileExpression, for packages that evaluate expressions of their own
// (the recovery priority, risk bands). It is safe for concurrent use.
type Expression struct {
	prog *program
	vms  sync.Pool
}

// CompileExpression compiles src in the model's one expression environment:
// the helpers every rule has (duration, hours, component, ...), the
// functions and libraries the model was compiled with, and its size and
// memory limits. env is a value of the struct type the expression will be
// evaluated on: its expr tags name the variables (embed Env to see a
// component's fields, as recovery's PriorityEnv does). what names the
// expression in errors; a compile error is a *Problem with the column
// within src.
func (m *Model) CompileExpression(src string, env any, what string) (*Expression, error) {
	e, prob := m.compileExpression(src, Position{}, env, nil, what)
	if prob != nil {
		return nil, prob
	}
	return e, nil
}

// compileExpression compiles src in the model's environment with env's
// variables; want is the result type required (nil: any), pos where src
// starts in its file.
func (m *Model) compileExpression(src string, pos Position, env any, want reflect.Type, what string) (*Expression, *Problem) {
	ec := newExprCompiler(m, m.cfg)
	ec.opts = append(ec.opts, expr.Env(env))
	p, prob := ec.compile(src, pos, want, what)
	if prob != nil {
		return nil, prob
	}
	e := &Expression{prog: p}
	budget := m.cfg.memoryBudget
	e.vms.New = func() any { return &vm.VM{MemoryBudget: budget} }
	return e, nil
}

// Eval evaluates the expression on env, a value of the type given to
// CompileExpression, within the model's memory budget. A failed
// evaluation (a runtime error, the budget exceeded) is an error, never a
// panic.
func (e *Expression) Eval(env any) (any, error) {
	v := e.vms.Get().(*vm.VM)
	defer e.vms.Put(v)
	return runSafely(v, e.prog, env)
}

// String returns the expression's source text.
func (e *Expression) String() string { return e.prog.src }
