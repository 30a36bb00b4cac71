package ingest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unsafe"

	"clientscore/analysis"
)

// The row readers take short cuts for the values most rows hold. These
// tests hold each short cut to the long way it stands in for: where the
// short cut reads a value, the long way reads the same.

// amountTexts are amounts as exports write them, and near misses.
func amountTexts(r *rand.Rand, n int) []string {
	out := []string{"0", "-0", "0,00", "0.00", "5", "-5", "1.234,56", "1,234.56", "1.234.567,8", "1,234,567.891",
		"12,34", "1234,567", ",5", ".5", "5.", "5,", "-", "--5", "1,2,3", "1.2.3", "1.234.56", "1,234,56",
		"123456789012345678", "1234567890123456789", "999999999999999999,99", "0,995", "0,994", "0.005", "-0.005",
		"1 234,56", "€5", "5-", "(5)", "+5", "1e3", "00012,5", "000", "1.000", "1,000", "12.345.678"}
	digits := "0123456789"
	for range n {
		var b strings.Builder
		if r.IntN(4) == 0 {
			b.WriteByte('-')
		}
		for k := r.IntN(12); k >= 0; k-- {
			switch x := r.IntN(10); {
			case x < 7:
				b.WriteByte(digits[r.IntN(10)])
			case x < 8:
				b.WriteByte('.')
			case x < 9:
				b.WriteByte(',')
			default:
				b.WriteString(fmt.Sprint(r.IntN(1000)))
			}
		}
		out = append(out, b.String())
	}
	return out
}

func TestPlainAmountTextReadsAsTheLongWay(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	fast := 0
	n := shortened(200000)
	for _, s := range amountTexts(r, n) {
		for _, decimal := range []byte{'.', ','} {
			for _, digits := range []int{0, 2, 3} {
				m, ok := plainAmountText(s, decimal, digits)
				if !ok {
					continue
				}
				fast++
				want, code, err := parseAnyAmountText(s, decimal, digits)
				if err != nil || code != "" || want != m {
					t.Fatalf("%q (decimal %q, %d digits): short cut %d, long way %d %q %v", s, decimal, digits, m, want, code, err)
				}
			}
		}
	}
	if fast < n/20 {
		t.Errorf("the short cut read only %d amounts", fast)
	}
}

func TestPlainNumberReadsAsTheLongWay(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	texts := []string{"0", "-0", "0.0", "1234.56", "1234.5600000000001", "0.1", "0.005", "0.015", "-0.015", "2.675",
		"1.005", "123456789012345", "1234567890123456", "12345678901234.5", "0.000000000000001", "1e3", "1E-3",
		"99999999999999999", "100000000000000000000", "1" + strings.Repeat("0", 40), "0." + strings.Repeat("0", 30) + "1",
		".5", "5.", "-", "", " 5", "+5", "0x10", "Inf", "NaN"}
	n := shortened(200000)
	for range n {
		var b strings.Builder
		if r.IntN(4) == 0 {
			b.WriteByte('-')
		}
		fmt.Fprint(&b, r.IntN(1_000_000_000))
		if r.IntN(3) > 0 {
			b.WriteByte('.')
			for k := r.IntN(18); k >= 0; k-- {
				b.WriteByte(byte('0' + r.IntN(10)))
			}
		}
		texts = append(texts, b.String())
	}
	fast := 0
	for _, s := range texts {
		for _, digits := range []int{0, 2, 3, 9} {
			m, ok := plainNumberToMinor(s, digits)
			if !ok {
				continue
			}
			fast++
			want, err := floatToMinor(s, digits)
			if err != nil || want != m {
				t.Fatalf("%q (%d digits): short cut %d, long way %d %v", s, digits, m, want, err)
			}
		}
	}
	if fast < n/2 {
		t.Errorf("the short cut read only %d numbers", fast)
	}
}

// decimalToMinorByStrings is how decimalToMinor was written before it
// stopped allocating: the reference it is held to.
func decimalToMinorByStrings(intDigits, fracDigits string, exp, digits int) (int64, error) {
	all := intDigits + fracDigits
	point := len(intDigits) + exp + digits
	var whole string
	round := false
	switch {
	case point <= 0:
		round = point == 0 && all != "" && all[0] >= '5'
	case point >= len(all):
		whole = all + strings.Repeat("0", min(point-len(all), 40))
	default:
		whole = all[:point]
		round = all[point] >= '5'
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 18 {
		return 0, errTooLarge
	}
	var n int64
	for i := 0; i < len(whole); i++ {
		n = n*10 + int64(whole[i]-'0')
	}
	if round {
		n++
	}
	return n, nil
}

func TestDecimalToMinor(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	num := func() string {
		var b strings.Builder
		for k := r.IntN(22); k > 0; k-- {
			if r.IntN(3) == 0 {
				b.WriteByte('0')
			} else {
				b.WriteByte(byte('0' + r.IntN(10)))
			}
		}
		return b.String()
	}
	for range shortened(300000) {
		i, f, exp, digits := num(), num(), r.IntN(61)-30, r.IntN(10)
		got, gerr := decimalToMinor(i, f, exp, digits)
		want, werr := decimalToMinorByStrings(i, f, exp, digits)
		if got != want || (gerr == nil) != (werr == nil) {
			t.Fatalf("decimalToMinor(%q, %q, %d, %d) = %d, %v; want %d, %v", i, f, exp, digits, got, gerr, want, werr)
		}
	}
}

// totalKindByLowering is how total rows were told before: by lower-casing.
func totalKindByLowering(first string) int { return totalKindLower(strings.ToLower(first)) }

func TestTotalKind(t *testing.T) {
	t.Parallel()
	texts := []string{"", "Total", "TOTAL", "total", "Totals", "Grand Total", "GRAND TOTAL:", "Total:", "total for Acme",
		"TOTAL FOR ", "Subtotal", "SUBTOTAL Acme", "Sub total", "Totally", "Grand", "Acme", "tot", "s", "T", "g",
		"ſubtotal", "Kelvin \u212a", "TOTAL FOR ACME LTD AND SONS WITH A LONG NAME", "İstanbul", "total\u00a0for x",
		"tötal", "Total for Ætna", "SUBTOTAL—Q1"}
	for _, s := range texts {
		if got, want := totalKind(s), totalKindByLowering(s); got != want {
			t.Errorf("totalKind(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestTrimText(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", " ", "a", " a", "a ", "\u00a0a\u202f", "\ta\n", "é", " é ", "a\u00a0", "\u0085x",
		"x\u3000", "\xff", " \xff ", "~", "\x7f"} {
		if got, want := trimText(s), strings.TrimFunc(s, isSpace); got != want {
			t.Errorf("trimText(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestInterner(t *testing.T) {
	t.Parallel()
	in := newInterner(1000)
	long := strings.Repeat("x", internHead)
	var buf []byte
	keep := map[string]string{}
	for i := range 3000 {
		v := fmt.Sprintf("Client %d", i%1500)
		switch i % 5 {
		case 3:
			v = long + v // differs after the inline head
		case 4:
			v = long
		}
		buf = append(buf[:0], v...)
		s := unsafe.String(unsafe.SliceData(buf), len(buf)) // as a row buffer is
		got := in.intern(s)
		clear(buf) // the row's buffer is overwritten
		if got != v {
			t.Fatalf("intern(%q) = %q", v, got)
		}
		if prev, ok := keep[v]; ok && in.n < in.max && unsafe.StringData(prev) != unsafe.StringData(got) {
			t.Fatalf("intern(%q) gave a second copy", v)
		}
		if _, ok := keep[v]; !ok {
			keep[v] = got
		}
	}
	if in.n > in.max {
		t.Errorf("the table holds %d values, at most %d", in.n, in.max)
	}
	if in.intern("") != "" {
		t.Error(`intern("") is not ""`)
	}
}

func TestRecords(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name           string
		n, at, reserve int
		whole          bool
	}{
		{"empty", 0, -1, 0, false},
		{"small", 10, -1, 0, true},
		{"blocks", 3*blockLen + 5, -1, 0, false},
		{"reserved enough", 20000, 1000, 19500, true},
		{"reserved too little", 20000, 1000, 10000, false},
		{"reserved far too much", 20000, 1000, 200000, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var c records[int]
			for i := range tt.n {
				if i == tt.at {
					c.reserve(tt.reserve)
				}
				c.add(i)
			}
			all, ok := c.whole()
			if ok != tt.whole {
				t.Errorf("whole: %v, want %v", ok, tt.whole)
			}
			if !ok {
				all = c.appendTo(nil)
			}
			if len(all) != tt.n {
				t.Fatalf("%d records, want %d", len(all), tt.n)
			}
			for i, v := range all {
				if v != i {
					t.Fatalf("record %d is %d", i, v)
				}
			}
		})
	}
}

// TestReserveForATally: a file whose time rows are tallied reserves no
// block of rows it never keeps (a TimeEntry is over 200 bytes: room for
// a million of them would be 200 MB held for nothing); the tally keeps
// its rows in blocks of its own (TestBlocks checks them in analysis).
func TestReserveForATally(t *testing.T) {
	t.Parallel()
	asOf := analysis.NewDate(2026, time.June, 30)
	fr := &fileReader{kind: analysis.InputTime, tally: analysis.NewTally(analysis.InputTime, analysis.DefaultRules(asOf, "EUR"))}
	for i := range reserveAt {
		te := analysis.TimeEntry{Ref: analysis.At(analysis.InputTime, "time.csv", "", i+2), ClientName: "Acme",
			Date: asOf, HasCost: true, Cost: 100, HasHours: true, Hours: time.Hour}
		fr.tally.AddTime(&te)
	}
	fr.reserveFor(1<<20, 1<<30, maxReserve) // a thousandth of the file read
	if c := cap(fr.times.cur); c != 0 {
		t.Errorf("room for %d time rows reserved beside the tally", c)
	}
	if fr.tally.Read() != reserveAt {
		t.Errorf("the tally read %d rows, want %d", fr.tally.Read(), reserveAt)
	}
}

// TestDateMemoKeepsColumnsApart: the same text in a column and in the
// input's default for it reads by each one's rules (here, the column says
// its times are UTC; the default is local).
func TestDateMemoKeepsColumnsApart(t *testing.T) {
	t.Parallel()
	csv := "Customer;Date (UTC);Amount\n" +
		"Acme;2026-03-01 23:30;10\n" +
		"Acme;;10\n" +
		"Acme;2026-03-01 23:30;10\n" +
		"Acme;45000;10\n" +
		"Acme;;10\n"
	dir := writeFiles(t, map[string]string{"p.csv": csv})
	res := mustRead(t, func(o *Options) { o.BaseDir = dir },
		Input{Kind: analysis.InputPayments, Pattern: "p.csv", Defaults: map[string]string{"date": "2026-03-01 23:30"}})
	want := []analysis.Date{analysis.NewDate(2026, 3, 2), analysis.NewDate(2026, 3, 1), analysis.NewDate(2026, 3, 2), 0, analysis.NewDate(2026, 3, 1)}
	var got []analysis.Date
	for _, p := range res.Data.Payments {
		got = append(got, p.Date)
	}
	if len(got) != 4 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || got[3] != want[4] {
		t.Errorf("dates %v, want %v (and row 5, text 45000, rejected)", got, want)
	}
}

// TestRecordsAreCopiesOfTheRowBuffers: what a record keeps from a row of
// the workbook reader (whose buffer the next row overwrites) is its own.
func TestRecordsAreCopiesOfTheRowBuffers(t *testing.T) {
	t.Parallel()
	dir := bigFilesDir(t)
	res := mustRead(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputInvoices, Pattern: "invoices.xlsx"})
	if len(res.Data.Invoices) != bigFilesRows {
		t.Fatalf("%d invoices", len(res.Data.Invoices))
	}
	for i, inv := range res.Data.Invoices {
		if want := fmt.Sprintf("INV-%07d", i); inv.Number != want || inv.ClientName != fmt.Sprintf("Client %03d Ltd", i%500) ||
			inv.Status != "Open" || inv.Currency != "EUR" {
			t.Fatalf("invoice %d = %q %q %q %q", i, inv.Number, inv.ClientName, inv.Status, inv.Currency)
		}
	}
}

// FuzzShortCuts holds every short cut to its long way on any text.
func FuzzShortCuts(f *testing.F) {
	for _, s := range []string{"1.234,56", "-1,234.56", "0.005", "1234.5600000000001", "Total", "ſubtotal", " x ", "45000"} {
		f.Add(s, true, uint8(2))
	}
	f.Fuzz(func(t *testing.T, s string, dot bool, digits uint8) {
		decimal, d := byte(','), int(digits%10)
		if dot {
			decimal = '.'
		}
		if m, ok := plainAmountText(s, decimal, d); ok {
			if want, code, err := parseAnyAmountText(s, decimal, d); err != nil || code != "" || want != m {
				t.Fatalf("amount %q: short cut %d, long way %d %q %v", s, m, want, code, err)
			}
		}
		if m, ok := plainNumberToMinor(s, d); ok {
			if want, err := floatToMinor(s, d); err != nil || want != m {
				t.Fatalf("number %q: short cut %d, long way %d %v", s, m, want, err)
			}
		}
		if got, want := totalKind(s), totalKindByLowering(s); got != want {
			t.Fatalf("totalKind(%q) = %d, want %d", s, got, want)
		}
		if got, want := trimText(s), strings.TrimFunc(s, isSpace); got != want {
			t.Fatalf("trimText(%q) = %q, want %q", s, got, want)
		}
	})
}
