// Package jsondup finds an object key given twice in a JSON document.
//
// encoding/json keeps the last of two equal keys without a word, and other
// readers keep the first (RFC 8259 leaves it open), so a request such as
// {"scenario": "a", "scenario": "b"} would be answered for a question
// its sender may not have meant. It also matches the fields of Go structs
// without regard to case, so {"down": ["a"], "Down": ["b"]} is the same
// field twice for it: Find reports keys that differ only in case too. The HTTP API refuses such bodies; Find
// is the cheap check it runs first: one pass over the bytes, no
// allocation for documents whose objects have few keys, instead of a
// second decode into maps.
package jsondup
