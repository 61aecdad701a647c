// Package modeltest is the scaffolding the property tests of bcp and
// bcp/faulttree share: how many random models to check, small random models
// compiled (bcpgen.Small), and Ref, a deliberately naive implementation of
// MODEL.md's semantics over a Document to check the fast analyses against,
// and WalkNumbers for properties of whole JSON answers.
//
// It is internal and for tests only: its API follows what those tests need.
package modeltest
