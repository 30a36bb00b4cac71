package ingest

import "unsafe"

// hugePageMin is the size from which a block of records asks for huge
// pages: two 2 MiB pages, so that at least one lies whole inside it.
const hugePageMin = 4 << 20

// makeRecords returns an empty slice with room for n records. A block of
// hugePageMin or more is backed by transparent huge pages where the
// system gives them on request (the "madvise" setting, the default of
// many Linux distributions; "always" gives them without asking): the
// records of a book of millions of invoices fill a gigabyte, and faulting
// that in 4 KiB at a time cost more system time than the reading did.
// Measured one run after another on the CSV samples (`/usr/bin/time
// clientscore run`, 7 Dec 2026, three runs each, cmd's heap policy the
// same in both): at 3M invoices 40.7–42.3 s, 8.6–9.5 s of system time,
// 0.49–0.51 million page faults and 2,924–2,942 MiB with the hint;
// 52.7–60.2 s, 21.8–25.0 s, 1.10–1.14 million and 2,906–2,923 MiB
// without. At 1M, 12.4–15.2 s against 12.3–13.4 s (the same within this
// machine's noise), 0.18 against 0.28–0.30 million faults.
func makeRecords[T any](n int) []T {
	b := make([]T, 0, n)
	if size := uintptr(n) * unsafe.Sizeof(*new(T)); n > 0 && size >= hugePageMin {
		adviseHugePages(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(b[:1]))), size))
	}
	return b
}
