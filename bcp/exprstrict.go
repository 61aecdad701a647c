package bcp

import (
	"fmt"
	"strings"

	"github.com/expr-lang/expr/ast"
)

// unknownName finds a name the expression reads that the environment does
// not have. expr reports these as "unknown name" except in the arguments
// of a function declared with types (every helper: hours, duration,
// component, bucketBelow, ...), where it tries the signatures and drops
// their errors: hours(tierr) compiled, then failed on every component when
// evaluated. Such a name is left with no type in the checked tree; names
// expr adds itself (operator functions, $env) start with _ or $.
func unknownName(tree ast.Node) error {
	var err error
	ast.Find(tree, func(n ast.Node) bool {
		id, ok := n.(*ast.IdentifierNode)
		if !ok || err != nil || strings.HasPrefix(id.Value, "_") || strings.HasPrefix(id.Value, "$") {
			return false
		}
		if nt := id.Nature(); nt.Type == nil && !nt.Nil {
			err = &exprPosError{loc: id.Location().From, err: fmt.Errorf("unknown name %s", id.Value)}
		}
		return false
	})
	return err
}
