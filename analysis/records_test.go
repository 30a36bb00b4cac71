package analysis

import (
	"testing"
	"unsafe"
)

// TestRecordSizes: a run keeps every invoice and payment it reads until
// the analysis ends, in a book (80 and 64 bytes a row), and a dossier run
// every contact too, so their size is the run's memory; a scorecard keeps
// an InvoiceLine for each invoice of a flagged client. A field added in
// the wrong place pads the struct; a Ref that holds strings again costs
// 40 bytes a record. Grow these on purpose, with the new figure.
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
		{"invoiceRec", unsafe.Sizeof(invoiceRec{}), 80},
		{"paymentRec", unsafe.Sizeof(paymentRec{}), 64},
		{"InvoiceLine", unsafe.Sizeof(InvoiceLine{}), 128},
	} {
		if c.got > c.want {
			t.Errorf("%s is %d bytes, more than %d", c.name, c.got, c.want)
		}
	}
}
