package sample

import (
	"strconv"
	"time"
)

// day is a calendar date as whole days since 1970-01-01.
type day int

func dayOf(y int, m time.Month, d int) day {
	return day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func (d day) time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

func (d day) weekday() time.Weekday { return time.Weekday((int(d) + 4) % 7) } // 1970-01-01 was a Thursday

func (d day) addMonths(n int) day {
	t := d.time()
	return dayOf(t.Year(), t.Month()+time.Month(n), t.Day())
}

// serial is the Excel serial number of d (1900 date system).
func (d day) serial() float64 { return float64(int(d) + 25569) }

// dmy writes d as 31/10/2026.
func (d day) dmy() string {
	y, m, dd := d.time().Date()
	return pad2(dd) + "/" + pad2(int(m)) + "/" + strconv.Itoa(y)
}

// iso writes d as 2026-10-31.
func (d day) iso() string {
	y, m, dd := d.time().Date()
	return strconv.Itoa(y) + "-" + pad2(int(m)) + "-" + pad2(dd)
}

// long writes d as October 31, 2026 (QuickBooks' report headers).
func (d day) long() string { return d.time().Format("January 2, 2006") }

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// The demo's span: 13 months of invoices ending on the as-of date.
var (
	asOf       = dayOf(2026, time.October, 31)
	spanStart  = dayOf(2025, time.October, 1)
	spanDays   = int(asOf-spanStart) + 1
	spanMonths = 13
)

// AsOf is the as-of date the demo is written for, YYYY-MM-DD.
const AsOf = "2026-10-31"

// businessDay moves a weekend date back to the Friday before it.
func businessDay(d day) day {
	switch d.weekday() {
	case time.Saturday:
		return d - 1
	case time.Sunday:
		return d - 2
	}
	return d
}

// nextBankDay moves a weekend date on to the Monday after it.
func nextBankDay(d day) day {
	switch d.weekday() {
	case time.Saturday:
		return d + 2
	case time.Sunday:
		return d + 1
	}
	return d
}

// weekendDay moves d to the nearest Saturday or Sunday not after asOf.
func weekendDay(d day) day {
	for d.weekday() != time.Saturday && d.weekday() != time.Sunday {
		d++
	}
	for d > asOf {
		d -= 7
	}
	return d
}
