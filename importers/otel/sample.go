package otel

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// parseSample parses what follows the metric name on a sample line of the
// Prometheus text format: an optional {label="value",...} set, the value
// and an optional timestamp, and returns the labels. Only this line
// grammar is needed, which is why there is no dependency on the Prometheus
// client libraries (and their protobuf tree) for it.
func parseSample(s string) (map[string]string, error) {
	labels := map[string]string{}
	s = strings.TrimLeft(s, " \t")
	if strings.HasPrefix(s, "{") {
		s = s[1:]
		for {
			s = strings.TrimLeft(s, " \t,")
			if strings.HasPrefix(s, "}") {
				s = s[1:]
				break
			}
			eq := strings.IndexByte(s, '=')
			if eq <= 0 {
				return nil, errors.New("a label needs name=\"value\"")
			}
			name := strings.TrimSpace(s[:eq])
			value, rest, err := quoted(strings.TrimLeft(s[eq+1:], " \t"))
			if err != nil {
				return nil, fmt.Errorf("label %s: %w", name, err)
			}
			labels[name], s = value, rest
		}
	}
	fields := strings.Fields(s)
	if len(fields) == 0 || len(fields) > 2 {
		return nil, fmt.Errorf("expected a value and an optional timestamp after the labels, found %q", s)
	}
	if _, err := strconv.ParseFloat(fields[0], 64); err != nil {
		return nil, fmt.Errorf("the value %q is not a number", fields[0])
	}
	return labels, nil
}

// quoted reads a double-quoted label value with the format's escapes
// (\\, \" and \n) and returns it and the rest of s.
func quoted(s string) (string, string, error) {
	if !strings.HasPrefix(s, `"`) {
		return "", "", errors.New("the value must be in double quotes")
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			return b.String(), s[i+1:], nil
		case '\\':
			if i+1 == len(s) {
				return "", "", errors.New("unfinished escape")
			}
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case '\\', '"':
				b.WriteByte(s[i])
			default:
				return "", "", fmt.Errorf("unknown escape \\%c", s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", "", errors.New("the closing quote is missing")
}
