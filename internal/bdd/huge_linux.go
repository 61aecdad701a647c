package bdd

import (
	"syscall"
	"unsafe"
)

// hugePage is the size of a transparent huge page on amd64 and arm64.
const hugePage = 2 << 20

// adviseHuge asks the kernel to back the large, never yet touched array s
// with transparent huge pages: the unique and computed tables are read
// at random, and with 4 KiB pages nearly every probe missed the TLB as
// well as the cache (edf9204: 10–15% of the user time). It is advice: an
// error (THP disabled, "never") changes nothing.
func adviseHuge[T any](s []T) {
	var zero T
	n := uintptr(cap(s)) * unsafe.Sizeof(zero)
	if n < 2*hugePage {
		return
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	start := (p + hugePage - 1) &^ (hugePage - 1)
	end := (p + n) &^ (hugePage - 1)
	if end <= start {
		return
	}
	// The whole huge pages inside s; s stays reachable (pointer-free
	// memory owned by the Go heap), so the view is valid for the call.
	_ = syscall.Madvise(unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), start-p)), end-start), syscall.MADV_HUGEPAGE)
}
