package bcp

// DidYouMean returns ` (did you mean "x"?)` for the candidate closest to s
// in edit distance, or "" when none is close: the hint every "unknown id"
// message of the loader carries, for other packages' messages to carry
// the same.
func DidYouMean(s string, candidates []string) string { return didYouMean(s, candidates) }
