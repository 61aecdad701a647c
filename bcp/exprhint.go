package bcp

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
)

// exprTypes are the environment types whose names expr puts in its
// messages, with what the user wrote to reach them.
var exprTypes = map[string]struct {
	what string
	t    reflect.Type
}{
	"Env":           {"a component", reflect.TypeOf(Env{})},
	"EnvObjectives": {"objectives", reflect.TypeOf(EnvObjectives{})},
}

var (
	noFieldRE     = regexp.MustCompile(`^type \*?bcp\.(\w+) has no field (\w+)`)
	unknownNameRE = regexp.MustCompile(`^unknown name (\w+)`)
)

// exprHint rewrites expr's compile messages that name a Go type or an
// unknown name into the model's words, with a did-you-mean and the valid
// fields: "type bcp.EnvObjectives has no field rtoo" reads "objectives has
// no field rtoo (did you mean "rto"?); valid: rto, rpo, mtpd, availability".
func exprHint(msg string) string {
	if m := noFieldRE.FindStringSubmatch(msg); m != nil {
		if et, ok := exprTypes[m[1]]; ok {
			fields := exprFields(et.t)
			return fmt.Sprintf("%s has no field %s%s; valid: %s", et.what, m[2], didYouMean(m[2], fields), strings.Join(fields, ", ")) + msg[len(m[0]):]
		}
	}
	if m := unknownNameRE.FindStringSubmatch(msg); m != nil {
		names := append(exprFields(exprTypes["Env"].t), "duration", "seconds", "minutes", "hours", "days", "weeks", "component", "mtpd", "dataLossTolerance")
		return m[0] + didYouMean(m[1], names) + msg[len(m[0]):]
	}
	return msg
}

// exprFields lists the expr names of a struct's fields in their order.
func exprFields(t reflect.Type) []string {
	out := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		if name := t.Field(i).Tag.Get("expr"); name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}
