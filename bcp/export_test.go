package bcp

// ParseWithoutFastPath is Parse with every JSON component decoded through
// the node tree, for tests that compare the fast path against it.
func ParseWithoutFastPath(name string, data []byte) (*Document, error) {
	return parse(name, data, false)
}

// BudgetOptions is budgetOptions, for the external test of the budget.
var BudgetOptions = budgetOptions
