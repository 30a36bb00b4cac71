package ingest

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"clientscore/analysis"
	"clientscore/ingest/xlsx"
)

func day(y int, m time.Month, d int) analysis.Date { return analysis.NewDate(y, m, d) }

func TestParseSerial(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		serial   string
		date1904 bool
		want     analysis.Date
		wantTime int // seconds after midnight; -1 for no time
		wantErr  string
	}{
		// 1900 system: serial 1 is 1900-01-01, 59 is 1900-02-28.
		{"first day", "1", false, day(1900, 1, 1), -1, ""},
		{"28 Feb 1900", "59", false, day(1900, 2, 28), -1, ""},
		// Serial 60 is Excel's fictitious 29 Feb 1900: refused, not moved.
		{"29 Feb 1900", "60", false, 0, -1, "29 February 1900"},
		// From 61 on, serials count from 1899-12-30: 61 is 1900-03-01.
		{"1 Mar 1900", "61", false, day(1900, 3, 1), -1, ""},
		{"zero", "0", false, 0, -1, "serial 0"},
		{"negative", "-1", false, 0, -1, "serial numbers run"},
		// 1899-12-30 + 45351 days = 2024-02-29.
		{"leap day 2024", "45351", false, day(2024, 2, 29), -1, ""},
		// 1899-12-30 + 46022 = 2025-12-31, a month and year end.
		{"year end", "46022", false, day(2025, 12, 31), -1, ""},
		// 46085 is 2026-03-04; .604166666664 of a day is 14:30:00.
		{"date and time", "46085.604166666664", false, day(2026, 3, 4), 14*3600 + 30*60, ""},
		// 0.99999999 of a day rounds to midnight of the next day.
		{"rounds into next day", "46085.99999999", false, day(2026, 3, 5), 0, ""},
		{"last excel day", "2958465", false, day(9999, 12, 31), -1, ""},
		{"after last excel day", "2958466", false, 0, -1, "serial numbers run"},
		// 1904 system: serial 0 is 1904-01-01; 42735 is 2021-01-01 (the
		// calamine fixture's fact), 1462 days after the same serial in 1900.
		{"1904 epoch", "0", true, day(1904, 1, 1), -1, ""},
		{"1904 system", "42735", true, day(2021, 1, 1), -1, ""},
		{"1904 leap day", "43889", true, day(2024, 2, 29), -1, ""},
		{"not a number", "abc", false, 0, -1, "serial number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseSerial(tt.serial, tt.date1904)
			checkErr(t, err, tt.wantErr, ErrBadDate)
			if tt.wantErr != "" {
				return
			}
			if got.date != tt.want {
				t.Errorf("date = %v, want %v", got.date, tt.want)
			}
			gotTime := -1
			if got.hasTime {
				gotTime = got.sec
			}
			if gotTime != tt.wantTime {
				t.Errorf("time = %d s, want %d s", gotTime, tt.wantTime)
			}
		})
	}
}

// checkErr fails unless err is nil when want is "", or contains want and
// wraps kind.
func checkErr(t *testing.T, err error, want string, kind error) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("error %v, want none", err)
	case want != "" && err == nil:
		t.Fatalf("no error, want one containing %q", want)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Fatalf("error %q, want it to contain %q", err, want)
	case want != "" && kind != nil && !errors.Is(err, kind):
		t.Fatalf("error %q does not wrap %v", err, kind)
	}
}

func TestParseTextDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		text     string
		order    string
		buddhist bool
		want     analysis.Date
		wantSec  int  // seconds after midnight when the text has a time; -1 none
		zoned    bool // the text names a zone
		offset   int  // seconds east of UTC
		wantErr  string
	}{
		{"iso", "2026-03-01", "DMY", false, day(2026, 3, 1), -1, false, 0, ""},
		{"iso leap day", "2024-02-29", "MDY", false, day(2024, 2, 29), -1, false, 0, ""},
		{"iso not leap", "2023-02-29", "DMY", false, 0, -1, false, 0, "February 2023 has 28 days"},
		{"iso utc", "2026-03-01T14:05:00Z", "DMY", false, day(2026, 3, 1), 14*3600 + 5*60, true, 0, ""},
		{"iso offset", "2026-03-01 14:05:00+01:00", "DMY", false, day(2026, 3, 1), 14*3600 + 5*60, true, 3600, ""},
		{"iso fraction", "2026-03-01T14:05:00.123456-05:00", "DMY", false, day(2026, 3, 1), 14*3600 + 5*60, true, -5 * 3600, ""},
		{"iso minutes", "2026-03-01 09:30", "DMY", false, day(2026, 3, 1), 9*3600 + 30*60, false, 0, ""},
		{"iso month 13", "2026-13-01", "DMY", false, 0, -1, false, 0, "month 13"},
		// 03/04/2026 is 3 April day-first, 4 March month-first.
		{"DMY", "03/04/2026", "DMY", false, day(2026, 4, 3), -1, false, 0, ""},
		{"MDY", "03/04/2026", "MDY", false, day(2026, 3, 4), -1, false, 0, ""},
		{"YMD", "26/03/04", "YMD", false, day(2026, 3, 4), -1, false, 0, ""},
		{"dots and short year", "3.4.26", "DMY", false, day(2026, 4, 3), -1, false, 0, ""},
		{"dashes", "03-04-2026", "DMY", false, day(2026, 4, 3), -1, false, 0, ""},
		// A 4-digit first number can only be a year, whatever the order.
		{"year first in DMY", "2026/03/04", "DMY", false, day(2026, 3, 4), -1, false, 0, ""},
		// yy < 70 is 20yy, otherwise 19yy.
		{"yy 69", "01/01/69", "DMY", false, day(2069, 1, 1), -1, false, 0, ""},
		{"yy 70", "01/01/70", "DMY", false, day(1970, 1, 1), -1, false, 0, ""},
		{"time 24h", "03/04/2026 14:30", "DMY", false, day(2026, 4, 3), 14*3600 + 30*60, false, 0, ""},
		{"time pm", "03/04/2026 2:30 PM", "MDY", false, day(2026, 3, 4), 14*3600 + 30*60, false, 0, ""},
		{"time 12 am", "03/04/2026 12:15 am", "DMY", false, day(2026, 4, 3), 15 * 60, false, 0, ""},
		{"month name day first", "1 Mar 2026", "MDY", false, day(2026, 3, 1), -1, false, 0, ""},
		{"month name first", "Mar 1, 2026", "DMY", false, day(2026, 3, 1), -1, false, 0, ""},
		{"month name dashes", "01-Mar-2026", "MDY", false, day(2026, 3, 1), -1, false, 0, ""},
		{"full month name", "March 1, 2026", "DMY", false, day(2026, 3, 1), -1, false, 0, ""},
		{"month name short year", "01-Mar-26", "DMY", false, day(2026, 3, 1), -1, false, 0, ""},
		{"weekday and ordinal", "Tuesday, 3rd March 2026", "DMY", false, day(2026, 3, 3), -1, false, 0, ""},
		{"month name with time", "Mar 1, 2026 2:30 PM", "DMY", false, day(2026, 3, 1), 14*3600 + 30*60, false, 0, ""},
		{"month end", "31/01/2026", "DMY", false, day(2026, 1, 31), -1, false, 0, ""},
		{"leap day text", "29/02/2024", "DMY", false, day(2024, 2, 29), -1, false, 0, ""},
		// 2569 BE is 2026 CE (2569 − 543).
		{"buddhist era", "15/03/2569", "DMY", true, day(2026, 3, 15), -1, false, 0, ""},
		{"buddhist off", "15/03/2569", "DMY", false, day(2569, 3, 15), -1, false, 0, ""},
		{"buddhist leaves small years", "15/03/2026", "DMY", true, day(2026, 3, 15), -1, false, 0, ""},
		// Invalid in the configured order: say why, suggest the order that
		// reads it, never guess.
		{"month 25", "12/25/2026", "DMY", false, 0, -1, false, 0, `is not a date in DMY order (month 25); set locale.date_order: MDY if this export is month-first`},
		{"day-first in MDY", "25/12/2026", "MDY", false, 0, -1, false, 0, "set locale.date_order: DMY if this export is day-first"},
		{"no order reads it", "45/45/2026", "DMY", false, 0, -1, false, 0, "(month 45)"},
		{"30 days hath April", "31/04/2026", "DMY", false, 0, -1, false, 0, "April 2026 has 30 days"},
		{"three-digit year", "01/01/202", "DMY", false, 0, -1, false, 0, "neither 2 nor 4 digits"},
		{"no year", "Mar 1", "DMY", false, 0, -1, false, 0, "needs a day, a month and a year"},
		{"serial as text", "45000", "DMY", false, 0, -1, false, 0, "looks like a date serial number stored as text"},
		{"serial with a time as text", "45000.5", "DMY", false, 0, -1, false, 0, "looks like a date serial number stored as text"},
		{"a lone number", "450", "DMY", false, 0, -1, false, 0, "needs a day"},
		{"words", "n/a", "DMY", false, 0, -1, false, 0, "is not a date"},
		{"bad hour", "03/04/2026 25:00", "DMY", false, 0, -1, false, 0, "is not a time of day"},
		{"pm hour 13", "03/04/2026 13:00 PM", "DMY", false, 0, -1, false, 0, "hour 13 with AM/PM"},
		{"garbage after time", "03/04/2026 14:30 soon", "DMY", false, 0, -1, false, 0, "is not a time of day"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := dateReader{order: tt.order, buddhist: tt.buddhist}
			got, err := p.parseText(tt.text)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("parsed as %v, want an error containing %q", got.date, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %q, want it to contain %q", err, tt.wantErr)
				}
				if !errors.Is(err, ErrBadDate) && !errors.Is(err, ErrBadTime) {
					t.Fatalf("error %q wraps neither ErrBadDate nor ErrBadTime", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if got.date != tt.want {
				t.Errorf("date = %v, want %v", got.date, tt.want)
			}
			sec := -1
			if got.hasTime {
				sec = got.sec
			}
			if sec != tt.wantSec || got.zoned != tt.zoned || got.offset != tt.offset {
				t.Errorf("time = %d s zoned %v offset %d, want %d s zoned %v offset %d", sec, got.zoned, got.offset, tt.wantSec, tt.zoned, tt.offset)
			}
		})
	}
}

func TestLocalTime(t *testing.T) {
	t.Parallel()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	p := dateReader{order: "DMY"}
	tests := []struct {
		name     string
		text     string
		utc      bool // the column's header says (UTC)
		wantDate analysis.Date
		wantTime analysis.TimeOfDay
	}{
		// Amsterdam is UTC+1 in winter: 23:30 UTC is 00:30 the next day.
		{"zoned converts", "2026-01-31T23:30:00Z", false, day(2026, 2, 1), analysis.Clock(0, 30)},
		{"utc column converts", "2026-01-31 23:30:00", true, day(2026, 2, 1), analysis.Clock(0, 30)},
		{"naive is local", "2026-01-31 23:30:00", false, day(2026, 1, 31), analysis.Clock(23, 30)},
		// Summer time, UTC+2: 01:00+05:00 is 20:00 UTC the day before, 22:00 local.
		{"offset converts", "2026-07-01 01:00:00+05:00", false, day(2026, 6, 30), analysis.Clock(22, 0)},
		{"date only", "2026-07-01", true, day(2026, 7, 1), analysis.NoTime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dt, err := p.parseText(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			d, tod := dt.local(tt.utc, ams)
			if d != tt.wantDate || tod != tt.wantTime {
				t.Errorf("got %v %v, want %v %v", d, tod, tt.wantDate, tt.wantTime)
			}
		})
	}
}

func TestParseAmount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		text     string
		numeric  bool // stored as a number in a workbook
		decimal  byte
		digits   int
		want     analysis.Money
		wantCode string
		wantErr  string
	}{
		{"plain", "1234.56", false, '.', 2, 123456, "", ""},
		{"thousands", "1,234.56", false, '.', 2, 123456, "", ""},
		{"decimal comma", "1.234,56", false, ',', 2, 123456, "", ""},
		{"space thousands", "1 234,56", false, ',', 2, 123456, "", ""},
		{"nbsp thousands", "1\u00a0234,56", false, ',', 2, 123456, "", ""},
		{"apostrophe thousands", "1'234.56", false, '.', 2, 123456, "", ""},
		{"dollar", "$1,200.00", false, '.', 2, 120000, "", ""},
		{"code before", "EUR 1.200,00", false, ',', 2, 120000, "EUR", ""},
		{"euro after", "1200 €", false, '.', 2, 120000, "", ""},
		{"lower code after", "99.5 usd", false, '.', 2, 9950, "USD", ""},
		{"parentheses", "(45.10)", false, '.', 2, -4510, "", ""},
		{"parentheses and symbol", "($1,045.10)", false, '.', 2, -104510, "", ""},
		{"trailing minus", "45.10-", false, '.', 2, -4510, "", ""},
		{"minus before symbol", "-$5", false, '.', 2, -500, "", ""},
		{"minus after symbol", "$-5", false, '.', 2, -500, "", ""},
		{"unicode minus", "\u22125.00", false, '.', 2, -500, "", ""},
		{"no integer part", ".5", false, '.', 2, 50, "", ""},
		// More decimals than the currency has: half away from zero, once.
		{"half up", "12.345", false, '.', 2, 1235, "", ""},
		{"half away negative", "-12.345", false, '.', 2, -1235, "", ""},
		{"below half", "12.3449", false, '.', 2, 1234, "", ""},
		{"JPY has no minor unit", "1,235", false, '.', 0, 1235, "", ""},
		{"JPY rounds", "1234.5", false, '.', 0, 1235, "", ""},
		// KWD has three minor digits: 1.2345 KWD is 1234.5 fils, away: 1235.
		{"KWD", "1.2345", false, '.', 3, 1235, "", ""},
		{"scientific", "1.5E+3", false, '.', 2, 150000, "", ""},
		// "1234,56" with "." as the decimal would be bad grouping: refused
		// with the setting that reads it.
		{"comma decimal in dot locale", "1234,56", false, '.', 2, 0, "", `set locale.decimal: "," if this export writes decimals with a comma`},
		{"dot decimal in comma locale", "1.5", false, ',', 2, 0, "", `set locale.decimal: "."`},
		{"bad grouping", "1,23,4", false, '.', 2, 0, "", "is not an amount"},
		// Neither locale reads 1.2.3 (groups of one digit), so no hint.
		{"two decimals", "1.2.3", false, '.', 2, 0, "", "is not an amount"},
		{"words", "n/a", false, '.', 2, 0, "", "is not an amount"},
		{"two signs", "-(5)", false, '.', 2, 0, "", "is not an amount"},
		{"two codes", "EUR 5 USD", false, '.', 2, 0, "", "names both EUR and USD"},
		{"too large", "12345678901234567890", false, '.', 2, 0, "", "too large"},
		// A workbook number is rounded to 15 significant digits first:
		// 0.1+0.2 is stored as 0.30000000000000004 and is 30 cents.
		{"float noise", "0.30000000000000004", true, '.', 2, 30, "", ""},
		// 1234.5649999999998 to 15 significant digits is 1234.56500000000
		// (what Excel shows), which rounds half away to 1234.57.
		{"fifteen digits first", "1234.5649999999998", true, '.', 2, 123457, "", ""},
		{"stored exponent", "1E-3", true, '.', 2, 0, "", ""},
		{"stored half", "0.005", true, '.', 2, 1, "", ""},
		{"stored negative", "-1200.5", true, ',', 2, -120050, "", ""},
		// A workbook number ignores the locale: the point is not a group.
		{"stored ignores locale", "1.5", true, ',', 2, 150, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, code, err := readAmount(cell{text: tt.text, numeric: tt.numeric}, tt.decimal, tt.digits)
			checkErr(t, err, tt.wantErr, ErrBadAmount)
			if got != tt.want || code != tt.wantCode {
				t.Errorf("got %d %q, want %d %q", got, code, tt.want, tt.wantCode)
			}
		})
	}
}

func TestReadDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		c       cell
		unit    time.Duration
		want    time.Duration
		wantErr string
	}{
		{"decimal hours", cell{text: "1.5"}, time.Hour, 90 * time.Minute, ""},
		{"decimal comma", cell{text: "1,5"}, time.Hour, 90 * time.Minute, ""},
		{"h:mm", cell{text: "1:30"}, time.Hour, 90 * time.Minute, ""},
		{"h:mm:ss", cell{text: "01:30:15"}, time.Hour, 90*time.Minute + 15*time.Second, ""},
		{"long h:mm:ss", cell{text: "64:00:00"}, time.Hour, 64 * time.Hour, ""},
		{"words", cell{text: "1h 30m"}, time.Hour, 90 * time.Minute, ""},
		{"words run together", cell{text: "1h30"}, time.Hour, 90 * time.Minute, ""},
		{"minutes word", cell{text: "45 min"}, time.Hour, 45 * time.Minute, ""},
		{"minutes column", cell{text: "90"}, time.Minute, 90 * time.Minute, ""},
		{"seconds column", cell{text: "5400"}, time.Second, 90 * time.Minute, ""},
		// 1.51 h is 5436 s exactly: no float drift.
		{"exact decimal", cell{text: "1.51"}, time.Hour, 5436 * time.Second, ""},
		// A workbook number with a time format is a fraction of a day:
		// 0.0625 × 24 h = 1.5 h.
		{"time format", cell{text: "0.0625", numeric: true, format: xlsx.Time}, time.Hour, 90 * time.Minute, ""},
		{"[h]:mm past a day", cell{text: "1.5", numeric: true, format: xlsx.Time}, time.Hour, 36 * time.Hour, ""},
		{"general number", cell{text: "0.0625", numeric: true}, time.Hour, 225 * time.Second, ""},
		{"general number of hours", cell{text: "2.25", numeric: true}, time.Hour, 135 * time.Minute, ""},
		{"negative", cell{text: "-1"}, time.Hour, 0, "negative"},
		{"minutes over 59", cell{text: "1:75"}, time.Hour, 0, "h:mm"},
		{"words bad", cell{text: "soon"}, time.Hour, 0, "is not a duration"},
		{"bare number", cell{text: "1.2.3"}, time.Hour, 0, "is not a duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readDuration(tt.c, tt.unit)
			checkErr(t, err, tt.wantErr, ErrBadDuration)
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReadBool(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"yes", "Yes", "Y", "true", "TRUE", "1", "x", "X", "✓", "Disputed", "Billable"} {
		if v, err := readBool(s); err != nil || !v {
			t.Errorf("readBool(%q) = %v, %v; want true", s, v, err)
		}
	}
	for _, s := range []string{"", " ", "no", "N", "false", "0", "-", "Not disputed", "Non-billable"} {
		if v, err := readBool(s); err != nil || v {
			t.Errorf("readBool(%q) = %v, %v; want false", s, v, err)
		}
	}
	if _, err := readBool("maybe"); !errors.Is(err, ErrBadBool) {
		t.Errorf("readBool(maybe) error %v, want ErrBadBool", err)
	}
}

func TestDueByTerms(t *testing.T) {
	t.Parallel()
	issued := day(2026, 1, 31)
	tests := []struct {
		terms   string
		want    analysis.Date
		wantErr bool
	}{
		{"Net 30", day(2026, 3, 2), false}, // 31 Jan + 30 days = 2 Mar (February has 28)
		{"net30", day(2026, 3, 2), false},
		{"30", day(2026, 3, 2), false},
		{"Net 15 days", day(2026, 2, 15), false},
		{"30 days", day(2026, 3, 2), false},
		{"2% 10 Net 30", day(2026, 3, 2), false},
		{"Due on receipt", issued, false},
		{"Due upon receipt", issued, false},
		{"Due end of the month", day(2026, 1, 31), false},
		{"Due end of next month", day(2026, 2, 28), false},
		{"Whenever", 0, true},
		{"2% 10", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.terms, func(t *testing.T) {
			got, err := dueByTerms(tt.terms, issued)
			if tt.wantErr {
				if !errors.Is(err, ErrBadTerms) {
					t.Fatalf("got %v, %v; want ErrBadTerms", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestReadCurrency(t *testing.T) {
	t.Parallel()
	rates, err := analysis.NewRates("EUR", map[string]float64{"USD": 0.92})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, want string
		wantErr    error
	}{
		{"usd", "USD", nil},
		{" EUR ", "EUR", nil},
		{"Euro - EUR", "EUR", nil}, // Harvest writes the name and the code
		{"XYZ", "", ErrBadCurrency},
		{"dollars", "", ErrBadCurrency},
		{"GBP", "GBP", ErrNoRate},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, err := readCurrency(tt.text, rates)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error %v, want %v", err, tt.wantErr)
				}
				if tt.wantErr == ErrNoRate && err.Error() != "no fx rate for GBP: add it under fx" {
					t.Errorf("message %q", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestSniffDelimiter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       rune
	}{
		{"comma", "a,b,c\n1,2,3\n", ','},
		{"semicolon with decimal commas", "Date;Customer;Amount\n01/01/2026;Acme;1.234,56\n02/01/2026;Beta;5,00\n", ';'},
		{"tab", "a\tb\tc\n1\t2,5\t3\n", '\t'},
		{"title lines", "Report\nAs of today\n\na;b;c\n1;2;3\n", ';'},
		{"quoted delimiters do not count", "\"a;b\",c,d\n\"1;2\",3,4\n", ','},
		{"one column", "a\nb\n", ','},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sniffDelimiter([]byte(tt.text)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPosAndColumnLetters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pos  Pos
		want string
	}{
		{Pos{File: "invoices.xlsx", Sheet: "Invoices", Row: 12, Col: 3}, "invoices.xlsx:Invoices!C12"},
		{Pos{File: "payments.csv", Row: 12, Col: 3}, "payments.csv:12:3"},
		{Pos{File: "a.xlsx", Sheet: "Invoice List", Row: 5, Col: 28}, "a.xlsx:'Invoice List'!AB5"},
	}
	for _, tt := range tests {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("%#v prints %q, want %q", tt.pos, got, tt.want)
		}
	}
	for n, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 52: "AZ", 703: "AAA", 16384: "XFD"} {
		if got := ColumnLetter(n); got != want {
			t.Errorf("ColumnLetter(%d) = %q, want %q", n, got, want)
		}
	}
	fe := &FieldError{Pos: Pos{File: "payments.csv", Row: 12, Col: 1}, Field: "Date", Value: "12/25/2026",
		Err: bad(ErrBadDate, "is not a date in DMY order (month 25)")}
	if got, want := fe.Error(), `payments.csv:12:1: Date "12/25/2026" is not a date in DMY order (month 25)`; got != want {
		t.Errorf("FieldError = %q, want %q", got, want)
	}
	if !errors.Is(fe, ErrBadDate) {
		t.Error("FieldError does not wrap ErrBadDate")
	}
}

func TestLenientUTF8(t *testing.T) {
	t.Parallel()
	// UTF-8 passes through; a byte that is not UTF-8 reads as
	// Windows-1252 (0xE9 is é, 0x80 is €), also when runes straddle the
	// reader's buffer (bufio's smallest, 16 bytes) and the caller's.
	in := strings.Repeat("Zoë Café — 日本 ", 7) + "caf\xe9 \x80 5" + strings.Repeat("ü", 9) + "\xc3"
	want := strings.Repeat("Zoë Café — 日本 ", 7) + "café € 5" + strings.Repeat("ü", 9) + "Ã"
	for _, chunk := range []int{1, 2, 3, 5, 64} {
		l := &lenientUTF8{r: bufio.NewReaderSize(strings.NewReader(in), 16)}
		var out []byte
		buf := make([]byte, chunk)
		for {
			n, err := l.Read(buf)
			out = append(out, buf[:n]...)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if string(out) != want {
			t.Errorf("chunk %d: got %q, want %q", chunk, out, want)
		}
	}
}
