package bcp

import (
	"fmt"

	"github.com/expr-lang/expr"
	"math"
	"strconv"
	"strings"
	"time"
)

// Forever stands for a time that never comes: a disruption without an end, or a
// component that is never up again. It is the largest time.Duration.
const Forever = time.Duration(math.MaxInt64)

var durationUnits = map[byte]time.Duration{
	's': time.Second,
	'm': time.Minute,
	'h': time.Hour,
	'd': 24 * time.Hour,
	'w': 7 * 24 * time.Hour,
}

// DurationError reports a duration that cannot be parsed.
type DurationError struct {
	Input  string
	Reason string
}

func (e *DurationError) Error() string {
	return fmt.Sprintf("invalid duration %q: %s (valid: a sequence of whole numbers with units s, m, h, d (24h), w (7d), e.g. 30s, 15m, 4h, 1d12h, 2w)", e.Input, e.Reason)
}

// ParseDuration parses a duration such as "30s", "15m", "4h", "1d", "2w" or a
// combination such as "1d12h". A day is 24h and a week 7d. "0" alone is zero.
// Negative, fractional and unit-less values are rejected so that a typo never
// silently becomes a different objective.
func ParseDuration(s string) (time.Duration, error) {
	in := s
	s = strings.TrimSpace(s)
	if s == "0" {
		return 0, nil
	}
	if s == "" {
		return 0, &DurationError{in, "empty"}
	}
	if s[0] == '-' {
		return 0, &DurationError{in, "negative durations are not allowed"}
	}
	var total time.Duration
	seen := map[byte]bool{}
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 {
			if s[0] == ' ' {
				return 0, &DurationError{in, "no spaces inside a duration" + suggestDuration(in)}
			}
			return 0, &DurationError{in, fmt.Sprintf("expected a number at %q", s) + suggestDuration(in)}
		}
		if i == len(s) {
			return 0, &DurationError{in, fmt.Sprintf("number %s has no unit", s[:i])}
		}
		n, err := strconv.ParseInt(s[:i], 10, 64)
		if err != nil {
			return 0, &DurationError{in, "number too large"}
		}
		unit, ok := durationUnits[s[i]]
		if !ok {
			if s[i] == '.' {
				msg := "fractions are not allowed; use a smaller unit (90m, not 1.5h)"
				if sug := suggestFraction(s); sug != "" && s == strings.TrimSpace(in) {
					msg = "fractions are not allowed; write " + sug
				}
				return 0, &DurationError{in, msg}
			}
			if s[i] == ' ' {
				return 0, &DurationError{in, "no space between a number and its unit" + suggestDuration(in)}
			}
			return 0, &DurationError{in, fmt.Sprintf("unknown unit %q", s[i:i+1]) + suggestDuration(in)}
		}
		if w := letters(s[i:]); len(w) > 1 { // "2days": d, then "ays"
			return 0, &DurationError{in, fmt.Sprintf("unknown unit %q", w) + suggestDuration(in)}
		}
		if seen[s[i]] {
			return 0, &DurationError{in, fmt.Sprintf("unit %q given twice", s[i:i+1])}
		}
		seen[s[i]] = true
		if n > int64(Forever/unit) || total > Forever-time.Duration(n)*unit {
			return 0, &DurationError{in, "too large"}
		}
		total += time.Duration(n) * unit
		s = s[i+1:]
	}
	return total, nil
}

// unitWords are the ways people write the model's duration units.
var unitWords = map[string]byte{
	"s": 's', "sec": 's', "secs": 's', "second": 's', "seconds": 's',
	"m": 'm', "min": 'm', "mins": 'm', "minute": 'm', "minutes": 'm',
	"h": 'h', "hr": 'h', "hrs": 'h', "hour": 'h', "hours": 'h',
	"d": 'd', "day": 'd', "days": 'd',
	"w": 'w', "wk": 'w', "wks": 'w', "week": 'w', "weeks": 'w',
}

// suggestDuration rewrites a duration as people write it ("4 hours",
// "2days", "1h 30m", "4H") in the model's notation, as "; write 4h", or
// gives "" when it cannot.
func suggestDuration(in string) string {
	var b strings.Builder
	s := strings.TrimSpace(in)
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 {
			return ""
		}
		b.WriteString(s[:i])
		s = strings.TrimLeft(s[i:], " ")
		w := letters(s)
		u, ok := unitWords[strings.ToLower(w)]
		if !ok {
			return ""
		}
		b.WriteByte(u)
		s = strings.TrimLeft(s[len(w):], " ,")
	}
	if _, err := ParseDuration(b.String()); err != nil {
		return ""
	}
	return "; write " + b.String()
}

// suggestFraction writes a fractional duration such as "1.5h" or "0.5d"
// in whole units ("1h30m", "12h"), or gives "" when it is no whole number
// of seconds.
func suggestFraction(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i <= 0 || i != len(s)-1 {
		return ""
	}
	x, err := strconv.ParseFloat(s[:i], 64)
	unit, ok := durationUnits[s[i]]
	if err != nil || !ok {
		return ""
	}
	secs := x * unit.Seconds()
	if secs != math.Trunc(secs) || secs <= 0 || secs > 1e12 {
		return ""
	}
	return FormatDuration(time.Duration(secs) * time.Second)
}

// letters returns the ASCII letters s starts with.
func letters(s string) string {
	j := 0
	for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
		j++
	}
	return s[:j]
}

// FormatDuration formats d in the model's notation, largest units first, e.g.
// 36h as "1d12h" and 90m as "1h30m"; weeks only when the days are whole
// weeks (2w, but 10d). Forever is "forever"; sub-second parts are
// dropped.
func FormatDuration(d time.Duration) string {
	if d == Forever {
		return "forever"
	}
	if d == 0 {
		return "0s"
	}
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		d = -d
	}
	week := 7 * 24 * time.Hour
	for _, u := range []struct {
		unit time.Duration
		name byte
	}{{week, 'w'}, {24 * time.Hour, 'd'}, {time.Hour, 'h'}, {time.Minute, 'm'}, {time.Second, 's'}} {
		// Weeks only for whole weeks of days: 30d, not 4w2d.
		if u.name == 'w' && (d/(24*time.Hour))%7 != 0 {
			continue
		}
		if n := d / u.unit; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10))
			b.WriteByte(u.name)
			d -= n * u.unit
		}
	}
	if b.Len() == 0 {
		return "0s"
	}
	return b.String()
}

// Seconds converts d to whole seconds for JSON output; Forever has no seconds
// and callers render it as null.
func Seconds(d time.Duration) int64 { return int64(d / time.Second) }

// SatAdd returns a+b for times and durations that are not negative,
// saturating at Forever: a time that never comes stays never, and two long
// durations never wrap around to a negative one. Every analysis adds times
// with it (a restore of 15250w started at 1h used to finish at a negative
// time and "meet" its RTO). A negative result is 0.
func SatAdd(a, b time.Duration) time.Duration {
	switch {
	case a == Forever || b == Forever:
		return Forever
	case b > 0 && a > Forever-b:
		return Forever
	case a < 0 && b < 0 && a < -Forever-b:
		return 0
	}
	return max(0, a+b)
}

// SatSum is the saturating sum of ds (see SatAdd).
func SatSum(ds ...time.Duration) time.Duration {
	var t time.Duration
	for _, d := range ds {
		t = SatAdd(t, d)
	}
	return t
}

// SatSub returns a-b, or 0 when b is later than a; Forever minus anything
// finite is Forever, and nothing is left of Forever minus Forever.
func SatSub(a, b time.Duration) time.Duration {
	switch {
	case b >= a:
		return 0
	case a == Forever:
		return Forever
	case b < 0 && a > Forever+b:
		return Forever
	}
	return a - b
}

// SatScale returns d scaled by f (d·f), saturating at Forever; a negative or
// NaN factor gives 0, and Forever scaled by a positive factor stays Forever.
func SatScale(d time.Duration, f float64) time.Duration {
	if !(f > 0) || d <= 0 {
		return 0
	}
	if d == Forever {
		return Forever
	}
	v := float64(d) * f
	if v >= float64(Forever) {
		return Forever
	}
	return time.Duration(v)
}

// SatMul returns d·n for a whole number n, saturating at Forever (see
// SatScale); it is exact where SatScale rounds.
func SatMul(d time.Duration, n int64) time.Duration {
	if d <= 0 || n <= 0 {
		return 0
	}
	if d == Forever || d > Forever/time.Duration(n) {
		return Forever
	}
	return d * time.Duration(n)
}

// durationOperators make +, - and * on durations in expressions report
// "out of range" instead of wrapping around: expr computes them as int64,
// so hours(2562047) * 2 used to be a negative duration.
func durationOperators() []expr.Option {
	outOfRange := func(op string, a, b any) error {
		return fmt.Errorf("%v %s %v: duration out of range (at most %s)", a, op, b, FormatDuration(Forever-1))
	}
	add := func(a, b time.Duration) (time.Duration, bool) {
		s := a + b
		return s, (b >= 0) == (s >= a)
	}
	mul := func(d time.Duration, f float64) (any, error) {
		v := float64(d) * f
		if math.IsNaN(v) || math.Abs(v) >= float64(Forever) {
			return nil, outOfRange("*", d, f)
		}
		return time.Duration(v), nil
	}
	return []expr.Option{
		expr.Function("_bcp_dur_add", func(p ...any) (any, error) {
			a, b := p[0].(time.Duration), p[1].(time.Duration)
			if s, ok := add(a, b); ok {
				return s, nil
			}
			return nil, outOfRange("+", a, b)
		}, new(func(time.Duration, time.Duration) time.Duration)),
		expr.Function("_bcp_dur_sub", func(p ...any) (any, error) {
			a, b := p[0].(time.Duration), p[1].(time.Duration)
			if b != math.MinInt64 {
				if s, ok := add(a, -b); ok {
					return s, nil
				}
			}
			return nil, outOfRange("-", a, b)
		}, new(func(time.Duration, time.Duration) time.Duration)),
		expr.Function("_bcp_dur_mul", func(p ...any) (any, error) {
			switch a := p[0].(type) {
			case time.Duration:
				switch b := p[1].(type) {
				case int:
					if a != 0 && (int64(b) > math.MaxInt64/int64(abs64(a)) || int64(b) < -math.MaxInt64/int64(abs64(a))) {
						return nil, outOfRange("*", a, b)
					}
					return a * time.Duration(b), nil
				case float64:
					return mul(a, b)
				}
			case int:
				return mul(p[1].(time.Duration), float64(a))
			case float64:
				return mul(p[1].(time.Duration), a)
			}
			return nil, fmt.Errorf("cannot multiply %T by %T", p[0], p[1])
		}, new(func(time.Duration, int) time.Duration), new(func(int, time.Duration) time.Duration),
			new(func(time.Duration, float64) time.Duration), new(func(float64, time.Duration) time.Duration)),
		expr.Operator("+", "_bcp_dur_add"),
		expr.Operator("-", "_bcp_dur_sub"),
		expr.Operator("*", "_bcp_dur_mul"),
	}
}

func abs64(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
