//go:build !linux

package bdd

// adviseHuge does nothing where transparent huge pages are not known.
func adviseHuge[T any](s []T) {}
