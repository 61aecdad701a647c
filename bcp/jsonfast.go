package bcp

import (
	"strconv"
	"time"
)

// The fast path for the components of a JSON model: a component written
// the way generators and exports write them (id, name, kind, owner,
// description, tier, availability, virtual, tags, objectives, attributes
// with plain values, dependsOn) is decoded straight from the bytes into a
// Component, without a node per value. Anything else, and anything the
// decoder would report a problem for, is given up on: the parser goes
// back to the component's start and decodes it through the node tree
// (decoder.component), so that problems and their positions are exactly
// those of the general path. A million components from bcpgen take about
// a third of the time this way.

// fastSlabs hold the fast path's lists: each list is counted first
// (countJSONElements) and filled in place in a slice cut from a shared
// slab, so that a million components do not cost a few million small
// allocations, nor a copy of each list.
type fastSlabs struct {
	deps slab[Dependency]
	strs slab[string]
	poss slab[Position]
}

// slab hands out slices cut from large shared arrays.
type slab[T any] struct{ free []T }

const slabLen = 1 << 12

// take returns an empty slice with room for n elements, cut from the slab
// with no room to grow into its neighbour (appending more than n
// elements, on input the count misjudged, reallocates as usual).
func (s *slab[T]) take(n int) []T {
	if n > len(s.free) {
		s.free = make([]T, max(slabLen, n))
	}
	out := s.free[:0:n]
	s.free = s.free[n:]
	return out
}

// jsonMark is where the parser is, to go back to.
type jsonMark struct{ pos, line, lineStart, colOff, colAt int }

func (p *jsonParser) mark() jsonMark {
	return jsonMark{p.pos, p.line, p.lineStart, p.colOff, p.colAt}
}

func (p *jsonParser) reset(m jsonMark) {
	p.pos, p.line, p.lineStart, p.colOff, p.colAt = m.pos, m.line, m.lineStart, m.colOff, m.colAt
	p.err = nil
}

// here is the position of the next value, as the node tree gives it.
func (p *jsonParser) here(file string) Position {
	return Position{File: file, Line: p.line, Col: p.col()}
}

// fastComponent decodes the component that starts at the parser's
// position into c, a zero Component where the caller keeps it (a
// component decoded into a local and copied cost a million garbage
// components); when it gives up, the parser is where it started and c
// is to be dropped.
func (p *jsonParser) fastComponent(file string, c *Component) bool {
	start := p.mark()
	c.Pos = p.here(file)
	ok := p.fastObject(func(key string) bool { return p.fastComponentField(file, c, key) })
	// A virtual component with an availability is a problem that needs
	// the field's position, which the node tree has.
	ok = ok && !(c.Virtual && ownAvailabilityIgnored(c))
	if !ok {
		p.reset(start)
	}
	return ok
}

func (p *jsonParser) fastComponentField(file string, c *Component, key string) bool {
	switch key {
	case "id":
		pos := p.here(file)
		id, ok := p.fastString()
		c.ID, c.Pos = id, pos
		return ok
	case "name":
		return p.fastText(&c.Name)
	case "kind":
		s, ok := p.fastString()
		c.Kind = Kind(s)
		return ok
	case "owner":
		return p.fastText(&c.Owner)
	case "description":
		return p.fastText(&c.Description)
	case "tier":
		pos := p.here(file)
		t, ok := p.fastInt()
		c.Tier, c.TierPos = t, pos
		return ok && t != 0
	case "availability":
		v, ok := p.fastProbability()
		c.Availability, c.AlwaysDown = v, v == 0
		return ok
	case "virtual":
		return p.fastBool(&c.Virtual)
	case "tags":
		var ok bool
		c.Tags, _, ok = p.fastStrings(file, false)
		return ok
	case "objectives":
		c.Objectives.Pos = p.here(file)
		return p.fastObject(func(key string) bool { return p.fastObjective(&c.Objectives, key) })
	case "attributes":
		return p.fastAttributes(&c.Attributes)
	case "dependsOn":
		return p.fastDependencies(file, &c.DependsOn)
	}
	return false
}

func (p *jsonParser) fastObjective(o *Objectives, key string) bool {
	switch key {
	case "rto":
		return p.fastDuration(&o.RTO)
	case "rpo":
		return p.fastDuration(&o.RPO)
	case "mtpd":
		return p.fastDuration(&o.MTPD)
	case "availability":
		v, ok := p.fastProbability()
		o.Availability = v
		return ok && v != 0 // a target of 0 is a problem
	}
	return false
}

func (p *jsonParser) fastDependencies(file string, out *[]Dependency) bool {
	p.skipSpace()
	open := p.pos
	if !p.fastByte('[') {
		return false
	}
	if p.fastByte(']') {
		return true
	}
	deps := p.slabs.deps.take(countJSONElements(p.data[open:]))
	for {
		if !p.fastDependency(file, &deps) {
			return false
		}
		if p.fastByte(']') {
			*out = deps
			return true
		}
		if !p.fastByte(',') {
			return false
		}
	}
}

func (p *jsonParser) fastDependency(file string, deps *[]Dependency) bool {
	dep := Dependency{Pos: p.here(file)}
	if p.pos < len(p.data) && p.data[p.pos] == '"' {
		var ok bool
		dep.ID, ok = p.fastString()
		*deps = append(*deps, dep)
		return ok && dep.ID != ""
	}
	var hasID, hasAny, hasAtLeast, hasOf bool
	ok := p.fastObject(func(key string) bool {
		var ok bool
		switch key {
		case "id":
			hasID = true
			dep.Pos = p.here(file)
			dep.ID, ok = p.fastString()
		case "anyOf":
			hasAny, dep.Kind = true, AnyOf
			dep.Members, dep.MemberPos, ok = p.fastStrings(file, true)
		case "atLeast":
			hasAtLeast, dep.Kind = true, AtLeast
			dep.K, ok = p.fastInt()
		case "of":
			hasOf = true
			dep.Members, dep.MemberPos, ok = p.fastStrings(file, true)
		case "tolerance":
			ok = p.fastDuration(&dep.Tolerance)
		case "note":
			ok = p.fastText(&dep.Note)
		}
		return ok
	})
	// Exactly one of the valid shapes; the decoder explains the others.
	valid := (hasID && !hasAny && !hasAtLeast && !hasOf) || (hasAny && !hasID && !hasAtLeast && !hasOf) || (hasAtLeast && hasOf && !hasID && !hasAny)
	*deps = append(*deps, dep)
	return ok && valid
}

// fastObject reads an object, calling field for each key with the parser
// at its value; a repeated key gives up (the decoder reports it).
func (p *jsonParser) fastObject(field func(key string) bool) bool {
	if !p.fastByte('{') {
		return false
	}
	if p.fastByte('}') {
		return true
	}
	var seen [16]string
	n := 0
	for {
		key, ok := p.fastString()
		if !ok || !p.fastByte(':') {
			return false
		}
		for _, k := range seen[:n] {
			if k == key {
				return false
			}
		}
		if n == len(seen) {
			return false
		}
		seen[n] = key
		n++
		p.skipSpace()
		if !field(key) {
			return false
		}
		if p.fastByte('}') {
			return true
		}
		if !p.fastByte(',') {
			return false
		}
	}
}

// fastByte skips white space and c, reporting whether c was there.
func (p *jsonParser) fastByte(c byte) bool {
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == c {
		p.pos++
		p.skipSpace()
		return true
	}
	return false
}

// fastString reads a string without escapes (the node path handles
// those).
func (p *jsonParser) fastString() (string, bool) {
	if p.pos >= len(p.data) || p.data[p.pos] != '"' {
		return "", false
	}
	start := p.pos + 1
	for i := start; i < len(p.data); i++ {
		switch c := p.data[i]; {
		case c == '"':
			p.pos = i + 1
			return p.text(p.data[start:i]), true
		case c == '\\' || c < 0x20 || c >= 0x80:
			return "", false
		}
	}
	return "", false
}

func (p *jsonParser) fastText(dst *string) bool {
	var ok bool
	*dst, ok = p.fastString()
	return ok
}

// fastStrings reads a list of strings, with their positions when pos is
// set; an empty list is nil, as the decoder makes it.
func (p *jsonParser) fastStrings(file string, pos bool) ([]string, []Position, bool) {
	p.skipSpace()
	open := p.pos
	if !p.fastByte('[') {
		return nil, nil, false
	}
	if p.fastByte(']') {
		return nil, nil, true
	}
	n := countJSONElements(p.data[open:])
	out := p.slabs.strs.take(n)
	var at []Position
	if pos {
		at = p.slabs.poss.take(n)
	}
	for {
		if pos {
			at = append(at, p.here(file))
		}
		s, ok := p.fastString()
		if !ok {
			return nil, nil, false
		}
		out = append(out, s)
		if p.fastByte(']') {
			return out, at, true
		}
		if !p.fastByte(',') {
			return nil, nil, false
		}
	}
}

// fastNumber returns the bytes of a JSON number, and whether it is whole.
func (p *jsonParser) fastNumber() ([]byte, bool, bool) {
	start, i := p.pos, p.pos
	digits := func() int {
		j := i
		for i < len(p.data) && p.data[i] >= '0' && p.data[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(p.data) && p.data[i] == '-' {
		i++
	}
	if n := digits(); n == 0 || (n > 1 && p.data[i-n] == '0') {
		return nil, false, false
	}
	whole := true
	if i < len(p.data) && p.data[i] == '.' {
		i++
		whole = false
		if digits() == 0 {
			return nil, false, false
		}
	}
	if i < len(p.data) && (p.data[i] == 'e' || p.data[i] == 'E') {
		i++
		whole = false
		if i < len(p.data) && (p.data[i] == '+' || p.data[i] == '-') {
			i++
		}
		if digits() == 0 {
			return nil, false, false
		}
	}
	if i < len(p.data) && (p.data[i] == '+' || p.data[i] == '-' || p.data[i] == '.' || p.data[i] == 'e' || p.data[i] == 'E') {
		return nil, false, false // the node path's scanner reads these as part of the number
	}
	p.pos = i
	return p.data[start:i], whole, true
}

// fastInt reads a whole number in the range the decoder accepts.
func (p *jsonParser) fastInt() (int, bool) {
	b, whole, ok := p.fastNumber()
	if !ok || !whole {
		return 0, false
	}
	v, err := strconv.ParseInt(string(b), 10, 32)
	return int(v), err == nil
}

func (p *jsonParser) fastProbability() (float64, bool) {
	b, _, ok := p.fastNumber()
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(b), 64)
	return v, err == nil && v >= 0 && v <= 1
}

func (p *jsonParser) fastBool(dst *bool) bool {
	for _, lit := range []string{"true", "false"} {
		if len(p.data)-p.pos >= len(lit) && string(p.data[p.pos:p.pos+len(lit)]) == lit {
			p.pos += len(lit)
			*dst = lit == "true"
			return true
		}
	}
	return false
}

// fastDuration reads a duration written as text ("4h"); a bare number is
// left to the decoder, which explains the missing unit.
func (p *jsonParser) fastDuration(dst *time.Duration) bool {
	s, ok := p.fastString()
	if !ok {
		return false
	}
	d, err := ParseDuration(s)
	*dst = d
	return err == nil
}

// fastAttributes reads attributes whose values are text, numbers, true,
// false or null, as decoder.value converts them.
func (p *jsonParser) fastAttributes(dst *map[string]any) bool {
	m := map[string]any{}
	*dst = m
	return p.fastObject(func(key string) bool {
		switch {
		case p.pos >= len(p.data):
			return false
		case p.data[p.pos] == '"':
			s, ok := p.fastString()
			m[key] = s
			return ok
		case p.data[p.pos] == 'n':
			if len(p.data)-p.pos >= 4 && string(p.data[p.pos:p.pos+4]) == "null" {
				p.pos += 4
				m[key] = nil
				return true
			}
			return false
		case p.data[p.pos] == 't' || p.data[p.pos] == 'f':
			var b bool
			ok := p.fastBool(&b)
			m[key] = b
			return ok
		}
		b, whole, ok := p.fastNumber()
		if !ok {
			return false
		}
		if whole {
			v, err := strconv.ParseInt(string(b), 10, 64)
			m[key] = int(v)
			return err == nil
		}
		v, err := strconv.ParseFloat(string(b), 64)
		m[key] = v
		return err == nil
	})
}
