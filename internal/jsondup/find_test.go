package jsondup_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/continuitykit/continuity/internal/jsondup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFind(t *testing.T) {
	manyKeys := func(n int, dup string) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, `"k%d": %d, `, i, i)
		}
		b.WriteString(`"` + dup + `": 0}`)
		return b.String()
	}
	many := manyKeys(100, "k40")
	for _, tc := range []struct {
		name, doc string
		want      *jsondup.Duplicate
	}{
		{"none", `{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}`, nil},
		{"top", `{"scenario": "a", "scenario": "b"}`, &jsondup.Duplicate{Key: "scenario", FirstKey: "scenario", Path: ".scenario", Offset: 18, First: 1}},
		{"nested in an array", `{"scenario": {"disrupt": [{"id": "a"}, {"id": "b", "at": "1h", "at": "2h"}]}}`,
			&jsondup.Duplicate{Key: "at", FirstKey: "at", Path: ".scenario.disrupt[1].at", Offset: 63, First: 51}},
		{"after a closed object", `{"a": {"b": 1, "c": 2}, "d": 3, "a": 4}`, &jsondup.Duplicate{Key: "a", FirstKey: "a", Path: ".a", Offset: 32, First: 1}},
		{"escaped equal", `{"a": 1, "\u0061": 2}`, &jsondup.Duplicate{Key: "a", FirstKey: "a", Path: ".a", Offset: 9, First: 1}},
		{"escaped quote in a value", `{"a": "x\"y", "b": "\\", "a": 1}`, &jsondup.Duplicate{Key: "a", FirstKey: "a", Path: ".a", Offset: 25, First: 1}},
		{"escaped and not", `{"\u00e9": 1, "é": 2}`, &jsondup.Duplicate{Key: "é", FirstKey: "é", Path: ".é", Offset: 14, First: 1}},
		{"invalid UTF-8 read as U+FFFD", "{\"\xff\": 1, \"\xfe\": 2}", &jsondup.Duplicate{Key: "\ufffd", FirstKey: "\ufffd", Path: ".\ufffd", Offset: 9, First: 1}},
		{"values equal to keys", `{"a": "a", "b": ["a", "a"]}`, nil},
		// encoding/json reads both into one struct field, keeping the last.
		{"case differs", `{"down": ["a"], "Down": ["b"]}`, &jsondup.Duplicate{Key: "Down", FirstKey: "down", Path: ".Down", Offset: 16, First: 1}},
		{"long s folds to s", `{"ſk": 1, "SK": 2}`, &jsondup.Duplicate{Key: "SK", FirstKey: "ſk", Path: ".SK", Offset: 11, First: 1}},
		{"Kelvin sign, many keys", manyKeys(100, "\u212a40"), &jsondup.Duplicate{Key: "\u212a40", FirstKey: "k40", Path: ".\u212a40", Offset: strings.LastIndex(manyKeys(100, "\u212a40"), "\"\u212a40\""), First: strings.Index(manyKeys(100, "\u212a40"), `"k40"`)}},
		{"case differs, many keys", manyKeys(100, "K40"), &jsondup.Duplicate{Key: "K40", FirstKey: "k40", Path: ".K40", Offset: strings.LastIndex(manyKeys(100, "K40"), `"K40"`), First: strings.Index(manyKeys(100, "K40"), `"k40"`)}},
		{"many keys", many, &jsondup.Duplicate{Key: "k40", FirstKey: "k40", Path: ".k40", Offset: strings.LastIndex(many, `"k40"`), First: strings.Index(many, `"k40"`)}},
		{"many keys, none", manyKeys(100, "z"), nil},
		{"top-level array", `[{"a": 1}, {"a": 1, "a": 2}]`, &jsondup.Duplicate{Key: "a", FirstKey: "a", Path: "[1].a", Offset: 20, First: 12}},
		{"not JSON: unclosed string", `{"a": 1, "a`, nil},
		{"not JSON: stray bracket", `}{"a": 1, "a": 2}`, nil},
		{"not JSON: bad escape", `{"\x": 1, "\x": 2}`, nil},
		{"empty", ``, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := jsondup.Find([]byte(tc.doc))
			if tc.want == nil {
				assert.False(t, ok, "%+v", d)
				return
			}
			require.True(t, ok)
			assert.Equal(t, *tc.want, d)
		})
	}
}

// Nesting deeper than MaxDepth is left to the decoder, without a stack
// that grows with the body.
func TestFindDeep(t *testing.T) {
	deep := strings.Repeat(`{"a":`, jsondup.MaxDepth+1) + `{"b": 1, "b": 2}` + strings.Repeat("}", jsondup.MaxDepth+1)
	_, ok := jsondup.Find([]byte(deep))
	assert.False(t, ok)
	justDeepEnough := strings.Repeat("[", jsondup.MaxDepth-1) + `{"b": 1, "b": 2}` + strings.Repeat("]", jsondup.MaxDepth-1)
	d, ok := jsondup.Find([]byte(justDeepEnough))
	require.True(t, ok)
	assert.Equal(t, "b", d.Key)
}

// reference finds duplicates, in any case, with encoding/json's tokens and
// strings.EqualFold against every key before: slow, plainly right.
func reference(data []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		object, wantKey bool
		seen            []string
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			continue
		}
		if top != nil && top.object && top.wantKey {
			k := tok.(string)
			for _, x := range top.seen {
				if strings.EqualFold(x, k) {
					return k, true
				}
			}
			top.seen, top.wantKey = append(top.seen, k), false
			continue
		}
		if top != nil && top.object {
			top.wantKey = true
		}
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, &frame{object: d == '{', wantKey: d == '{'})
		}
	}
}

// On valid JSON, Find agrees with the reference.
func FuzzFind(f *testing.F) {
	for _, s := range []string{`{"a":1,"A":2}`, `{"k":1,"\u212a":2}`, `{"a":1,"a":2}`, `{"a":{"a":1},"b":[{"c":1,"c":2}]}`, `{"\u00e9":1,"é":2}`, `[1,{"x":"}","x":1}]`, `{"a":"\"","b":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, ok := jsondup.Find(data)
		if !json.Valid(data) {
			return
		}
		key, want := reference(data)
		require.Equal(t, want, ok, "%s", data)
		if ok {
			assert.Equal(t, key, d.Key, "%s", data)
			assert.Equal(t, byte('"'), data[d.Offset])
			assert.Equal(t, byte('"'), data[d.First])
		}
	})
}

// BenchmarkFindIncident is the check on an incident body as a ServiceNow
// Business Rule sends it: a few hundred bytes, no duplicate.
func BenchmarkFindIncident(b *testing.B) {
	body := []byte(`{"result": {"number": {"value": "INC0012345", "display_value": "INC0012345"}, "sys_id": {"value": "9d3c1e0b1b8d4e02a7c5d9e8f6b4a201"},
		"opened_at": {"value": "2026-11-27 09:00:00", "display_value": "2026-11-27 10:00:00"}, "cmdb_ci": {"value": "3f1c9a0e1b8d4e02a7c5d9e8f6b4a201", "display_value": "PBX", "link": "https://x.service-now.com/api/now/table/cmdb_ci/3f1c9a0e1b8d4e02a7c5d9e8f6b4a201"},
		"affected_cis": [{"value": "c2d4e6f8a0b24c6e8f0a1b3c5d7e9f11"}, {"value": "a1b2c3d4e5f60718293a4b5c6d7e8f90"}]}}`)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for n := 0; n < b.N; n++ {
		if _, ok := jsondup.Find(body); ok {
			b.Fatal("duplicate")
		}
	}
}

// BenchmarkFindManyKeys is the worst case of a body of the size limit (1
// MiB): one object of 80,000 keys.
func BenchmarkFindManyKeys(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("{")
	for i := range 80_000 {
		fmt.Fprintf(&buf, `"k%d":1,`, i)
	}
	buf.WriteString(`"z":1}`)
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for n := 0; n < b.N; n++ {
		if _, ok := jsondup.Find(buf.Bytes()); ok {
			b.Fatal("duplicate")
		}
	}
}
