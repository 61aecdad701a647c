// Package ingesttest holds what the importers' tests share: comparing an
// import's model and report with golden files, and checking that the model
// validates and matches the model schema.
package ingesttest
