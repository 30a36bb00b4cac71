package ingest

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"clientscore/analysis"
)

func TestNormText(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"ASCII", "Acme Ltd", "Acme Ltd"},
		{"composed already", "Caf\u00e9", "Caf\u00e9"},
		{"combining accent", "Cafe\u0301", "Caf\u00e9"},
		{"two combining marks", "A\u030a\u0301ngstr\u00f6m", "\u01fangstr\u00f6m"}, // Å with acute is one letter, Ǻ
		{"zero width space", "Ac\u200bme", "Acme"},
		{"joiners and word joiner", "\u200cA\u200dc\u2060me", "Acme"},
		{"byte order mark inside", "\ufeffDate", "Date"},
		{"only zero width", "\u200b\u200b", ""},
		{"Hangul jamo", "\u1100\u1161", "\uac00"},
	}
	for _, tt := range tests {
		if got := normText(tt.in); got != tt.want {
			t.Errorf("%s: normText(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// isASCII reads eight bytes at a time: it must agree with the plain loop
// wherever the non-ASCII byte falls.
func TestIsASCII(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.IntN(128))
		}
		if len(b) > 0 && r.IntN(2) == 0 {
			b[r.IntN(len(b))] |= 0x80
		}
		s := string(b)
		want := true
		for i := 0; i < len(s); i++ {
			if s[i] >= utf8.RuneSelf {
				want = false
			}
		}
		if got := isASCII(s); got != want {
			t.Fatalf("isASCII(%q) = %v", s, got)
		}
	}
}

// Issue 11: "Café" typed with a combining accent, or pasted with a zero
// width space, is the same text as "Café": in values and in headers.
func TestTextIsNormalised(t *testing.T) {
	t.Parallel()
	csv := "\ufeff\u200bDate,Customer,Amount,Reference\n" + // a second BOM, and a zero-width space, before the first header
		"02/03/2026,Cafe\u0301 M\u00fcller,10.00,a\n" +
		"03/03/2026,Caf\u00e9 Mu\u0308ller,20.00,b\u200b\n" +
		"04/03/2026,\u200b,30.00,c\n"
	dir := writeFiles(t, map[string]string{"p.csv": csv})
	res := mustRead(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputPayments, Pattern: "p.csv"})
	if len(res.Data.Payments) != 2 {
		t.Fatalf("payments %+v issues %+v", res.Data.Payments, res.Issues)
	}
	for _, p := range res.Data.Payments {
		if p.ClientName != "Caf\u00e9 M\u00fcller" {
			t.Errorf("row %d: client %q, want the NFC form", p.Row, p.ClientName)
		}
	}
	if ref := res.Data.Payments[1].Reference; ref != "b" {
		t.Errorf("reference %q, want \"b\"", ref)
	}
	// Row 4's client is a zero-width space: empty, so the row has none.
	if len(res.Issues) != 1 || res.Issues[0].Row != 4 || !strings.Contains(res.Issues[0].Problem, "is empty") {
		t.Errorf("issues %+v, want row 4's client empty", res.Issues)
	}
}

func TestNormalizeHeaderDropsTypeSuffix(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want headerKey
	}{
		{"Total time spent (sec) [int]", headerKey{"totaltimespentsec", "totaltimespent", "sec"}},
		{"Category [list]", headerKey{"category", "category", ""}},
		{"Notes [txt]", headerKey{"notes", "notes", ""}},
		{"Cafe\u0301 [list]", headerKey{"caf\u00e9", "caf\u00e9", ""}},
		{"[int]", headerKey{"", "", ""}},
	}
	for _, tt := range tests {
		if got := normalizeHeader(tt.in); got != tt.want {
			t.Errorf("normalizeHeader(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}
