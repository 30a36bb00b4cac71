package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"clientscore/analysis"
	"clientscore/ingest/xlsx"
)

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-03-01", "2026-03-01T14:05:00Z", "2026-03-01 14:05:00+01:00", "03/04/2026",
		"3.4.26", "1 Mar 2026", "Mar 1, 2026 2:30 PM", "01-Mar-26", "12/25/2026", "29/02/2024", "15/03/2569",
		"Tuesday, 3rd March 2026", "45000", "60", "46085.604166666664", "-1", "1e308"} {
		f.Add(s, uint8(0), false)
	}
	f.Fuzz(func(t *testing.T, s string, order uint8, buddhist bool) {
		p := dateReader{order: []string{"DMY", "MDY", "YMD"}[order%3], buddhist: buddhist}
		for _, numeric := range []bool{false, true} {
			dt, err := p.read(cell{text: s, numeric: numeric})
			if err != nil {
				continue
			}
			y, _, _ := dt.date.YMD()
			if dt.date.IsZero() || y < 1 || y > 9999 {
				t.Fatalf("%q read as %v (year %d)", s, dt.date, y)
			}
			if dt.hasTime && (dt.sec < 0 || dt.sec >= 86400) {
				t.Fatalf("%q read with time %d s", s, dt.sec)
			}
			dt.local(true, time.UTC) // must not panic
		}
	})
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1,234.56", "1.234,56", "1 234,56", "$1,200.00", "EUR 1.200,00", "1200 €", "(45.10)",
		"45.10-", "1234,56", "n/a", "1.5E+3", "0.30000000000000004", "-$5", "US$3"} {
		f.Add(s, true, false)
	}
	f.Fuzz(func(t *testing.T, s string, dot, numeric bool) {
		decimal := byte(',')
		if dot {
			decimal = '.'
		}
		m, _, err := readAmount(cell{text: s, numeric: numeric}, decimal, 2)
		if err != nil || numeric {
			return
		}
		// What reads must read back the same when written plainly.
		back, _, err := parseAmountText(formatMinor(m, 2, decimal), decimal, 2)
		if err != nil || back != m {
			t.Fatalf("%q read as %d, written %q, read back %d (%v)", s, m, formatMinor(m, 2, decimal), back, err)
		}
	})
}

// formatMinor writes m minor units plainly: -1234.56.
func formatMinor(m analysis.Money, digits int, decimal byte) string {
	neg := m < 0
	u := uint64(m)
	if neg {
		u = uint64(-m)
	}
	s := strconv.FormatUint(u, 10)
	for len(s) <= digits {
		s = "0" + s
	}
	s = s[:len(s)-digits] + string(decimal) + s[len(s)-digits:]
	if neg {
		s = "-" + s
	}
	return s
}

func FuzzReadDuration(f *testing.F) {
	for _, s := range []string{"1.5", "1,5", "1:30", "64:00:00", "01:30:15.5", "1h 30m", "1h30", "90 min", "0.0625", "-1", "soon"} {
		f.Add(s, false, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, numeric bool, unit uint8) {
		u := []time.Duration{time.Hour, time.Minute, time.Second}[unit%3]
		format := xlsx.General
		if unit%2 == 0 {
			format = xlsx.Time
		}
		d, err := readDuration(cell{text: s, numeric: numeric, format: format}, u)
		if err == nil && d < 0 {
			t.Fatalf("%q read as %v", s, d)
		}
	})
}

// FuzzReadCSV reads arbitrary bytes as a CSV payments file: Read must not
// panic, and every issue must point at a row that exists.
func FuzzReadCSV(f *testing.F) {
	for _, name := range []string{"semicolon-decimal-comma.csv", "quoted-newlines.csv", "bom.csv", "utf16-bom.csv",
		"windows-1252.csv", "total-row.csv", "unknown-currency.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	addFixtures(f, "testdata/hostile/*.csv")
	f.Add([]byte("Date,Customer,Amount\n2026-01-01,\"Acme\x00\",1\n\"open quote,2026-01-02,Beta,2"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "p.csv"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		opts := Options{BaseDir: dir, Inputs: []Input{
			{Kind: analysis.InputPayments, Pattern: "p.csv"},
			{Kind: analysis.InputSupport, Pattern: "p.csv"},
		}}
		res, err := readWithin(t, opts)
		if err != nil {
			return
		}
		// A spreadsheet shows at most one row per line (plus one for a
		// final line without a newline).
		maxRow := strings.Count(string(data), "\n") + strings.Count(string(data), "\r") + 1
		for _, is := range res.Issues {
			if is.Row < 1 || is.Row > maxRow {
				t.Fatalf("issue at row %d of a file of at most %d rows: %+v", is.Row, maxRow, is)
			}
			if !utf8.ValidString(is.Value) || !utf8.ValidString(is.Problem) {
				t.Fatalf("issue text is not UTF-8: %+v", is)
			}
		}
		for _, f := range res.Files {
			if f.Rejected > f.Rows || f.Rows < 0 {
				t.Fatalf("file %+v", f)
			}
		}
	})
}

// addFixtures adds every file matching pattern as a seed.
func addFixtures(f *testing.F, pattern string) {
	paths, err := filepath.Glob(pattern)
	if err != nil || len(paths) == 0 {
		f.Fatalf("no fixtures match %s", pattern)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzParseCell reads arbitrary text as each of the small cell types:
// yes/no, payment terms, a currency, a time of day, an error value, a
// serial number as text. None may panic, and what reads must be in range.
func FuzzParseCell(f *testing.F) {
	for _, s := range []string{"yes", "No", "✓", "Net 30", "2% 10 Net 30", "Due on receipt", "Due end of next month", "99999",
		"usd", "Euro - EUR", "EUR USD", "14:30", "2:30 PM", "14:05:00+01:00", "25:00", "#N/A", " #ref! ", "#DIV/0!",
		"1E-3", "-0.5", "1.2.3", "\x00", "=HYPERLINK(\"x\")"} {
		f.Add(s, false)
	}
	rates, err := analysis.NewRates("EUR", map[string]float64{"USD": 0.92})
	if err != nil {
		f.Fatal(err)
	}
	issued := analysis.NewDate(2026, time.March, 1)
	f.Fuzz(func(t *testing.T, s string, numeric bool) {
		readBool(s)
		if due, err := dueByTerms(s, issued); err == nil && (due < issued || analysis.Days(issued, due) > 9999+62) {
			t.Fatalf("terms %q give due %v for an invoice issued %v", s, due, issued)
		}
		if code, err := readCurrency(s, rates); err == nil && !rates.Has(code) {
			t.Fatalf("currency %q read as %q, which has no rate", s, code)
		}
		if sec, _, offset, err := readTimeOfDay(cell{text: s, numeric: numeric}); err == nil && (sec < 0 || sec >= 86400 || offset < -15*3600 || offset > 15*3600) {
			t.Fatalf("time %q read as %d s, offset %d", s, sec, offset)
		}
		if isErrorValue(s) && !strings.HasPrefix(strings.TrimSpace(s), "#") {
			t.Fatalf("%q read as an error value", s)
		}
		looksLikeSerial(s)
	})
}

// FuzzMatchHeader reads a line of text as a header row of each kind of
// input. Matching must not panic; a column is claimed once at most, every
// claimed column is in the row, and a row that lacks a required column
// gets a message naming the headers it has.
func FuzzMatchHeader(f *testing.F) {
	for _, s := range []string{
		"Date,Num,Customer,Due Date,Amount", "Invoice Date,Invoice No,Customer,Due Dt,Total", "*ContactName,*InvoiceNumber,*InvoiceDate,*DueDate,Total",
		"Created (UTC),Amount,Currency,Customer Description,id", "Ticket ID,Subject,Created time,Time tracked,Tags,Company Name",
		"Client,Client ID,Aliases,Renewal Date,Account Manager,Monthly Fee", "Date;Customer;Amount", "Due,Due,Due,Date",
		"", ",,,", "Amount (EUR),Amount (USD),Time spent (min)", "Total time spent (sec) [int],Category [list],Organization",
	} {
		f.Add(s, "")
	}
	f.Add("Datum,Kunde,Betrag", "date=Datum;client=Kunde;amount=Betrag")
	f.Fuzz(func(t *testing.T, line, overrides string) {
		var cells []cell
		for _, h := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' || r == '\t' }) {
			cells = append(cells, cell{text: h})
		}
		ov := map[string]string{}
		for _, kv := range strings.Split(overrides, ";") {
			if k, v, ok := strings.Cut(kv, "="); ok {
				ov[k] = v
			}
		}
		for _, kind := range inputOrder {
			m := matchHeader(kind, 1, cells, ov, nil)
			seen := map[int]bool{}
			for name, r := range m.cols {
				if r.index < 0 || r.index >= len(cells) {
					t.Fatalf("%s: column %s at index %d of %d cells", kind, name, r.index, len(cells))
				}
				if seen[r.index] {
					t.Fatalf("%s: column %d claimed twice", kind, r.index)
				}
				seen[r.index] = true
			}
			if len(m.missing) > 0 {
				msg := noHeaderError(kind, m, 1).Error()
				if len(m.headers) > 0 && !strings.Contains(msg, "headers found: ") {
					t.Fatalf("%s: message %q lists no headers", kind, msg)
				}
			}
			m.isHeader(cells)
		}
	})
}

// FuzzReadWorkbook reads arbitrary bytes as an .xlsx invoices and payments
// file through Read: Read must not panic or hang, an error must be an *InputError, and every
// issue must point at a row of the grid. Seeds: every workbook fixture.
func FuzzReadWorkbook(f *testing.F) {
	addFixtures(f, "testdata/*.xlsx")
	addFixtures(f, "testdata/hostile/*.xlsx")
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "book.xlsx"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		opts := Options{BaseDir: dir, Limits: xlsx.Limits{MaxPartBytes: 64 << 20}, Inputs: []Input{
			{Kind: analysis.InputInvoices, Pattern: "book.xlsx"},
			{Kind: analysis.InputPayments, Pattern: "book.xlsx"},
		}}
		res, err := readWithin(t, opts)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || !errors.Is(err, ErrInput) || strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("error %#v is not a one-line *InputError", err)
			}
			return
		}
		for _, is := range res.Issues {
			if is.Row < 1 || is.Row > xlsx.MaxRows || !utf8.ValidString(is.Problem) {
				t.Fatalf("issue %+v", is)
			}
		}
		for _, f := range res.Files {
			if f.Rejected > f.Rows || f.Rows < 0 {
				t.Fatalf("file %+v", f)
			}
		}
	})
}

// readWithin is Read that fails the test when it takes over 10 s: the
// fuzzing engine does not time inputs out, so a hang would go unseen.
func readWithin(t *testing.T, opts Options) (*Result, error) {
	t.Helper()
	type result struct {
		res *Result
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := Read(context.Background(), opts)
		done <- result{res, err}
	}()
	select {
	case r := <-done:
		return r.res, r.err
	case <-time.After(10 * time.Second):
		t.Fatal("Read takes over 10 s")
		return nil, nil
	}
}
