package risk

import (
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
)

// unitFuncs are the helpers that turn a duration into a number of units,
// linearly.
var unitFuncs = map[string]bool{"seconds": true, "minutes": true, "hours": true, "days": true, "weeks": true}

// affineInT reports whether a BIA formula is, by its syntax, an affine
// function of the elapsed time t: sums and differences of terms, each a
// product of t (or hours(t) and the like) with factors that do not read t,
// or a quotient by such a factor. Such a formula over a downtime that is
// linear in the sampled duration is linear in it too, so its loss can be
// interpolated instead of evaluated per event. Anything else (conditions,
// powers, functions of t) is evaluated per event.
func affineInT(src string) bool {
	tree, err := parser.Parse(src)
	if err != nil {
		return false
	}
	return affine(tree.Node)
}

func readsT(n ast.Node) bool {
	return ast.Find(n, func(x ast.Node) bool {
		id, ok := x.(*ast.IdentifierNode)
		return ok && id.Value == "t"
	}) != nil
}

func affine(n ast.Node) bool {
	if !readsT(n) {
		return true
	}
	switch x := n.(type) {
	case *ast.IdentifierNode:
		return x.Value == "t"
	case *ast.UnaryNode:
		return (x.Operator == "-" || x.Operator == "+") && affine(x.Node)
	case *ast.CallNode:
		id, ok := x.Callee.(*ast.IdentifierNode)
		return ok && unitFuncs[id.Value] && len(x.Arguments) == 1 && affine(x.Arguments[0])
	case *ast.BinaryNode:
		switch x.Operator {
		case "+", "-":
			return affine(x.Left) && affine(x.Right)
		case "*":
			return affine(x.Left) && !readsT(x.Right) || !readsT(x.Left) && affine(x.Right)
		case "/":
			return affine(x.Left) && !readsT(x.Right)
		}
	}
	return false
}
