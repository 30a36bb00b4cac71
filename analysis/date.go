package analysis

import (
	"fmt"
	"time"
)

// Date is a calendar date with no time of day and no zone. The zero Date
// means "no date"; it is earlier than every real date.
//
// Internally it is the proleptic Gregorian ordinal (0001-01-01 is 1, as in
// Python's date.toordinal), so dates compare
// with < and subtract to whole days.
type Date int32

// unixEpoch is the Date of 1970-01-01.
const unixEpoch = 719163

// NewDate returns the Date of year y, month m, day d. Out-of-range values
// normalise as time.Date does (31 April is 1 May).
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar date of t as read on t's own clock.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
	return Date(u/86400 + unixEpoch)
}

// ParseDate reads an ISO date, YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a date in YYYY-MM-DD form", s)
	}
	return DateOf(t), nil
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d == 0 }

// Time returns d as midnight UTC.
func (d Date) Time() time.Time {
	return time.Unix(int64(d-unixEpoch)*86400, 0).UTC()
}

// YMD returns the year, month and day of d.
func (d Date) YMD() (int, time.Month, int) { return d.Time().Date() }

// Weekday returns the day of the week of d. Ordinal 1, 0001-01-01, was a
// Monday, so the ordinal modulo 7 is the time.Weekday.
func (d Date) Weekday() time.Weekday { return time.Weekday((int(d)%7 + 7) % 7) }

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// AddMonths returns d plus n months (n may be negative). A day that does not
// exist in the target month becomes that month's last day:
// 2024-03-31 minus one month is 2024-02-29, 2024-02-29 minus 12 months is
// 2023-02-28.
func (d Date) AddMonths(n int) Date {
	y, m, day := d.YMD()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return NewDate(first.Year(), first.Month(), min(day, last))
}

// Days returns the whole calendar days from a to b: days(a, b) in the spec.
// It is negative when b is before a.
func Days(a, b Date) int { return int(b - a) }

// MonthStart returns the first day of d's month.
func (d Date) MonthStart() Date {
	y, m, _ := d.YMD()
	return NewDate(y, m, 1)
}

// String returns d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return d.Time().Format(time.DateOnly)
}

// Words returns d as the workbooks and the email write a date, "22 Nov
// 2026", or "" for the zero Date.
func (d Date) Words() string {
	if d == 0 {
		return ""
	}
	return d.Time().Format("2 Jan 2006")
}

// TimeOfDay is a local wall-clock time in minutes after midnight (0–1439).
// NoTime marks a contact whose time is not known.
type TimeOfDay int16

// NoTime is the TimeOfDay of a record that carries a date only.
const NoTime TimeOfDay = -1

// Clock returns the TimeOfDay h:m.
func Clock(h, m int) TimeOfDay { return TimeOfDay(h*60 + m) }

// String returns t as HH:MM, or "" for NoTime.
func (t TimeOfDay) String() string {
	if t == NoTime {
		return ""
	}
	return fmt.Sprintf("%02d:%02d", t/60, t%60)
}
