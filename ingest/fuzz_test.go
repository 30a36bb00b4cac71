package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"clientscore/analysis"
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
		d, err := readDuration(cell{text: s, numeric: numeric, formatKnown: numeric && unit%2 == 0, format: 3}, u)
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
		res, err := Read(context.Background(), opts)
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
