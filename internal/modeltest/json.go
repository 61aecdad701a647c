package modeltest

import "fmt"

// WalkNumbers calls fn with every number in v, a decoded JSON value, and
// its path (".services[0].rto"), so that a property ("no time is
// negative") can be checked on a whole answer.
func WalkNumbers(v any, path string, fn func(path string, x float64)) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			WalkNumbers(e, path+"."+k, fn)
		}
	case []any:
		for i, e := range x {
			WalkNumbers(e, fmt.Sprintf("%s[%d]", path, i), fn)
		}
	case float64:
		fn(path, x)
	}
}
