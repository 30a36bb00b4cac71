package ingest

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestMakeRecordsAsksForHugePages: a block of records of 8 MiB lies in a
// mapping the kernel marks for huge pages ("hg" in its VmFlags).
func TestMakeRecordsAsksForHugePages(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		t.Skip("this kernel has no transparent huge pages")
	}
	big := makeRecords[[64]byte](128 << 10) // 8 MiB
	p := uintptr(unsafe.Pointer(unsafe.SliceData(big[:1])))
	// The middle of the block is inside a whole huge page of it.
	flags, ok := vmFlags(t, p+4<<20)
	if !ok {
		t.Fatalf("no mapping in /proc/self/smaps holds %#x", p+4<<20)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("the 8 MiB block's mapping has VmFlags %q, want hg (MADV_HUGEPAGE) among them", flags)
	}
}

// vmFlags returns the VmFlags of the mapping of this process that holds
// address p, from /proc/self/smaps.
func vmFlags(t *testing.T, p uintptr) (string, bool) {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := addressRange(line); ok {
			in = lo <= p && p < hi
			continue
		}
		if in {
			if rest, ok := strings.CutPrefix(line, "VmFlags:"); ok {
				return strings.TrimSpace(rest), true
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return "", false
}

// addressRange parses the "lo-hi perms …" line that starts a mapping.
func addressRange(line string) (lo, hi uintptr, ok bool) {
	field, _, _ := strings.Cut(line, " ")
	l, h, ok := strings.Cut(field, "-")
	if !ok {
		return 0, 0, false
	}
	a, err1 := strconv.ParseUint(l, 16, 64)
	b, err2 := strconv.ParseUint(h, 16, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uintptr(a), uintptr(b), true
}
