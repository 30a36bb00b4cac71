package analysis

import (
	"testing"
	"time"

	"clientscore/internal/longtest"
)

func TestDateRoundTrip(t *testing.T) {
	for _, s := range []string{"0001-01-01", "1899-12-30", "1900-02-28", "1970-01-01", "2000-02-29", "2024-02-29", "2026-12-31", "9999-12-31"} {
		d := day(s)
		if got := d.String(); got != s {
			t.Errorf("ParseDate(%s).String() = %s", s, got)
		}
	}
	if day("0001-01-01") != 1 {
		t.Errorf("0001-01-01 = %d, want ordinal 1", day("0001-01-01"))
	}
	// Python: date(1970,1,1).toordinal() == 719163
	if got := day("1970-01-01"); got != 719163 {
		t.Errorf("1970-01-01 = %d, want 719163", got)
	}
	if Date(0).String() != "" || !Date(0).IsZero() {
		t.Error("zero Date must print empty and be IsZero")
	}
	if _, err := ParseDate("2026-02-30"); err == nil {
		t.Error("2026-02-30 parsed")
	}
}

func TestDays(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"2026-01-31", "2026-03-02", 30}, // 28 days to 28 Feb, 2 more
		{"2024-01-31", "2024-03-02", 31}, // leap year: 29 days to 29 Feb
		{"2024-02-28", "2024-03-01", 2},  // over a leap day
		{"2023-02-28", "2023-03-01", 1},
		{"2025-12-31", "2026-01-01", 1},
		{"2026-03-01", "2026-02-01", -28},
		{"2026-06-30", "2026-06-30", 0},
	}
	for _, tt := range tests {
		if got := Days(day(tt.a), day(tt.b)); got != tt.want {
			t.Errorf("Days(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		d    string
		n    int
		want string
	}{
		{"2026-06-30", -12, "2025-06-30"},
		{"2026-03-31", -1, "2026-02-28"}, // month end clamps
		{"2024-03-31", -1, "2024-02-29"}, // to the leap day
		{"2024-02-29", -12, "2023-02-28"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2026-01-15", -1, "2025-12-15"},
		{"2026-12-31", 2, "2027-02-28"},
	}
	for _, tt := range tests {
		if got := day(tt.d).AddMonths(tt.n).String(); got != tt.want {
			t.Errorf("%s.AddMonths(%d) = %s, want %s", tt.d, tt.n, got, tt.want)
		}
	}
}

func TestWindow(t *testing.T) {
	r := DefaultRules(day("2026-03-31"), "EUR")
	r.WindowMonths = 1 // from = 2026-02-28 (clamped), exclusive
	tests := []struct {
		d    string
		want bool
	}{
		{"2026-02-28", false}, // from itself is outside
		{"2026-03-01", true},
		{"2026-03-31", true}, // as-of is inside
		{"2026-04-01", false},
	}
	for _, tt := range tests {
		if got := r.InWindow(day(tt.d)); got != tt.want {
			t.Errorf("InWindow(%s) = %v, want %v (from %s)", tt.d, got, tt.want, r.From())
		}
	}
}

func TestWeekdayAndClock(t *testing.T) {
	if got := day("2026-11-22").Weekday(); got != time.Sunday {
		t.Errorf("2026-11-22 is %v, want Sunday", got)
	}
	if got := Clock(3, 5).String(); got != "03:05" {
		t.Errorf("Clock(3,5) = %s", got)
	}
	if NoTime.String() != "" {
		t.Error("NoTime must print empty")
	}
	if got := Clock(0, 0).String(); got != "00:00" {
		t.Errorf("midnight = %q", got)
	}
}

// TestWeekdayArithmetic: Weekday's arithmetic agrees with the time
// package on every day from year 1 to 9999, and on the zero Date; every
// 37th day unless the long tests run (37 is prime to 7, so the steps
// still land on every weekday, and on every day of the month).
func TestWeekdayArithmetic(t *testing.T) {
	step := Date(37)
	if longtest.On() {
		step = 1
	}
	check := func(d Date) {
		if got, want := d.Weekday(), d.Time().Weekday(); got != want {
			t.Fatalf("%d (%s): Weekday = %v, want %v", d, d.Time().Format(time.DateOnly), got, want)
		}
	}
	last := NewDate(9999, 12, 31)
	for d := Date(-800); d <= last; d += step {
		check(d)
	}
	check(0)
	check(last)
}
