package analysis

import (
	"testing"
	"unsafe"
)

// TestRecordSizes: a run keeps every invoice, payment and contact it
// reads until the analysis ends, so their size is the run's memory (a
// million invoices, 0.93 million payments and half a million tickets:
// 168, 152 and 176 bytes each are 0.4 GB). A field added in the wrong
// place pads the struct; a Ref that holds strings again costs 40 bytes a
// record. Grow these on purpose, with the new figure.
func TestRecordSizes(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"Ref", unsafe.Sizeof(Ref{}), 16},
		{"Invoice", unsafe.Sizeof(Invoice{}), 168},
		{"Payment", unsafe.Sizeof(Payment{}), 152},
		{"Contact", unsafe.Sizeof(Contact{}), 176},
		{"Issue", unsafe.Sizeof(Issue{}), 72},
	} {
		if c.got > c.want {
			t.Errorf("%s is %d bytes, more than %d", c.name, c.got, c.want)
		}
	}
}
