package ingest

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePage is the size of a transparent huge page on Linux's common
// architectures.
const hugePage = 2 << 20

// adviseHugePages asks the kernel to back the whole huge pages inside b
// with huge pages when they are first touched (MADV_HUGEPAGE). It is a
// hint: on a system with transparent huge pages off, or always on, it
// changes nothing, and an error is no reason to stop reading.
func adviseHugePages(b []byte) {
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start := (p + hugePage - 1) &^ (hugePage - 1)
	end := (p + uintptr(len(b))) &^ (hugePage - 1)
	if end <= start {
		return
	}
	_ = unix.Madvise(b[start-p:end-p], unix.MADV_HUGEPAGE)
}
