package ingest

import (
	"math"
	"strconv"
	"strings"
	"time"

	"clientscore/analysis"
)

// dateTime is a date with what is known of its time of day and zone.
type dateTime struct {
	date    analysis.Date
	hasTime bool
	sec     int  // seconds after midnight, when hasTime
	zoned   bool // the text named a zone or offset
	offset  int  // seconds east of UTC, when zoned
}

// local returns dt as a local calendar date and time of day in loc. A time
// with a zone (or, when utc is set, without one) is converted to loc; a
// time without a zone is local already. No time gives analysis.NoTime.
func (dt dateTime) local(utc bool, loc *time.Location) (analysis.Date, analysis.TimeOfDay) {
	if !dt.hasTime {
		return dt.date, analysis.NoTime
	}
	if dt.zoned || utc {
		y, m, d := dt.date.YMD()
		t := time.Date(y, m, d, 0, 0, dt.sec, 0, time.FixedZone("", dt.offset)).In(loc)
		return analysis.DateOf(t), analysis.Clock(t.Hour(), t.Minute())
	}
	return dt.date, analysis.TimeOfDay(dt.sec / 60)
}

// dateReader reads dates the way one file writes them.
type dateReader struct {
	order    string // "DMY", "MDY" or "YMD": how to read 03/04/2026
	buddhist bool   // text years over 2400 are Thai Buddhist Era
	date1904 bool   // the workbook counts serials from 1904
}

// read parses a date cell: a number stored in a workbook is a serial date
// (in the workbook's date system), anything else is text.
func (p dateReader) read(c cell) (dateTime, error) {
	if c.numeric {
		return parseSerial(c.text, p.date1904)
	}
	return p.parseText(c.text)
}

// Excel's last serial date, 9999-12-31, in each date system.
const (
	maxSerial1900 = 2958465
	maxSerial1904 = 2957003
)

// parseSerial reads an Excel serial date: whole days since the system's
// epoch, the fraction a time of day. In the 1900 system serial 1 is
// 1900-01-01 and serial 60 is 29 February 1900, a day that never was
// (Lotus 1-2-3's leap-year bug, kept by Excel): it is rejected, and serials
// from 61 (1900-03-01) on count from 1899-12-30. In the 1904 system serial
// 0 is 1904-01-01.
func parseSerial(s string, date1904 bool) (dateTime, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return dateTime{}, bad(ErrBadDate, "is not a date serial number")
	}
	maxSerial := float64(maxSerial1900)
	if date1904 {
		maxSerial = maxSerial1904
	}
	if f < 0 || f >= maxSerial+1 {
		return dateTime{}, bad(ErrBadDate, "is not a date: serial numbers run from 1 (1900-01-01) to %d (9999-12-31)", int(maxSerial))
	}
	days := math.Floor(f)
	sec := int(math.Round((f - days) * 86400))
	n := int(days)
	if sec >= 86400 {
		n, sec = n+1, sec-86400
	}
	dt := dateTime{hasTime: f != days, sec: sec}
	switch {
	case date1904:
		dt.date = epoch1904.AddDays(n)
	case n == 0:
		return dateTime{}, bad(ErrBadDate, "is not a date: serial 0 is the day before 1900-01-01 in Excel's 1900 date system")
	case n == 60:
		return dateTime{}, bad(ErrBadDate, "is not a date: serial 60 is 29 February 1900, a day that does not exist (Excel's 1900 leap-year bug)")
	case n < 60:
		dt.date = epoch1900.AddDays(n)
	default:
		dt.date = epoch1900Lotus.AddDays(n)
	}
	return dt, nil
}

// The days serial dates count from.
var (
	epoch1904      = analysis.NewDate(1904, time.January, 1)
	epoch1900      = analysis.NewDate(1899, time.December, 31) // serials 1 to 59
	epoch1900Lotus = analysis.NewDate(1899, time.December, 30) // serials from 61
)

// parseText reads a date written as text: ISO 8601 (2026-03-01,
// 2026-03-01T14:05:00Z, 2026-03-01 14:05:00+01:00), numbers in the
// configured order (03/04/2026, 3.4.26, 03-04-2026; a 4-digit first number
// is always a year), or a month name with day and year in any order (1 Mar
// 2026, Mar 1, 2026, 01-Mar-2026, March 1st, 2026), each with an optional
// time (14:30, 2:30 PM, 14:30:15.5, with a zone). Two-digit years below 70
// are 20yy, others 19yy.
func (p dateReader) parseText(s string) (dateTime, error) {
	s = strings.TrimSpace(s)
	if dt, ok, err := parseISO(s); ok {
		return dt, err
	}
	datePart, timePart := splitTime(s)
	dt, err := p.parseDatePart(datePart)
	if err != nil {
		return dateTime{}, err
	}
	if timePart != "" {
		if err := parseClockInto(&dt, timePart); err != nil {
			return dateTime{}, err
		}
	}
	return dt, nil
}

// parseISO reads YYYY-MM-DD with an optional time; ok is false when s does
// not start like that.
func parseISO(s string) (dateTime, bool, error) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' || !allDigits(s[:4]) || !allDigits(s[5:7]) || !allDigits(s[8:10]) {
		return dateTime{}, false, nil
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:10])
	if err := checkYMD(y, m, d); err != nil {
		return dateTime{}, true, bad(ErrBadDate, "is not a date (%s)", err.Error())
	}
	dt := dateTime{date: analysis.NewDate(y, time.Month(m), d)}
	rest := s[10:]
	if rest == "" {
		return dt, true, nil
	}
	if rest[0] != 'T' && rest[0] != 't' && rest[0] != ' ' {
		return dateTime{}, true, bad(ErrBadDate, "is not an ISO 8601 date")
	}
	if err := parseClockInto(&dt, strings.TrimSpace(rest[1:])); err != nil {
		return dateTime{}, true, err
	}
	return dt, true, nil
}

// splitTime splits "03/04/2026 14:30" at the start of the time: the digits
// before the first colon.
func splitTime(s string) (datePart, timePart string) {
	i := strings.IndexByte(s, ':')
	if i < 0 {
		return s, ""
	}
	j := i
	for j > 0 && s[j-1] >= '0' && s[j-1] <= '9' {
		j--
	}
	if j == 0 {
		return s, "" // no date before the time: not a date
	}
	return s[:j], s[j:]
}

type dateToken struct {
	num  string // digits, when a number
	word string // lower-case letters, when a word
}

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
	"oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// skipWords may stand in a date and mean nothing for it: weekdays,
// ordinal suffixes (1st), and "of"/"at"/"the".
var skipWords = map[string]bool{
	"mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true,
	"wed": true, "wednesday": true, "thu": true, "thur": true, "thurs": true, "thursday": true,
	"fri": true, "friday": true, "sat": true, "saturday": true, "sun": true, "sunday": true,
	"st": true, "nd": true, "rd": true, "th": true, "of": true, "at": true, "the": true, "t": true,
}

// tokenizeDate appends the tokens of s to toks.
func tokenizeDate(toks []dateToken, s string) []dateToken {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			toks = append(toks, dateToken{num: s[i:j]})
			i = j
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
				j++
			}
			toks = append(toks, dateToken{word: strings.ToLower(s[i:j])})
			i = j
		case c == ' ' || c == '/' || c == '.' || c == '-' || c == ',' || c == '\t':
			i++
		default:
			return append(toks, dateToken{word: "?"}) // anything else makes it not a date
		}
	}
	return toks
}

// parseDatePart reads the date without its time.
func (p dateReader) parseDatePart(s string) (dateTime, error) {
	var tokBuf [8]dateToken
	var numBuf [4]string
	nums := numBuf[:0]
	var month time.Month
	for _, t := range tokenizeDate(tokBuf[:0], s) {
		switch {
		case t.num != "":
			nums = append(nums, t.num)
		case monthNames[t.word] != 0 && month == 0:
			month = monthNames[t.word]
		case skipWords[t.word]:
		default:
			return dateTime{}, bad(ErrBadDate, "is not a date")
		}
	}
	if month != 0 {
		// A month name: the other two numbers are the day and the year, the
		// day first unless the first number is a 4-digit year.
		if len(nums) != 2 {
			return dateTime{}, bad(ErrBadDate, "is not a date: it needs a day, a month and a year")
		}
		dayText, yearText := nums[0], nums[1]
		if len(dayText) == 4 {
			dayText, yearText = yearText, dayText
		}
		y, err := p.year(yearText)
		if err != nil {
			return dateTime{}, err
		}
		d, _ := strconv.Atoi(dayText)
		if err := checkYMD(y, int(month), d); err != nil {
			return dateTime{}, bad(ErrBadDate, "is not a date (%s)", err.Error())
		}
		return dateTime{date: analysis.NewDate(y, month, d)}, nil
	}
	if len(nums) != 3 {
		if looksLikeSerial(s) {
			return dateTime{}, bad(ErrBadDate, "is not a date: it looks like a date serial number stored as text; give the column a date format in the workbook, or export dates as dates")
		}
		return dateTime{}, bad(ErrBadDate, "is not a date: it needs a day, a month and a year")
	}
	order := p.order
	if len(nums[0]) == 4 {
		order = "YMD" // 2026/03/04 can only be year first
	}
	y, m, d, err := p.byOrder(nums, order)
	if err != nil {
		return dateTime{}, err
	}
	if err := checkYMD(y, m, d); err != nil {
		msg := "is not a date in " + order + " order (" + err.Error() + ")"
		if hint := p.orderHint(nums, order); hint != "" {
			msg += "; " + hint
		}
		return dateTime{}, bad(ErrBadDate, "%s", msg)
	}
	return dateTime{date: analysis.NewDate(y, time.Month(m), d)}, nil
}

// looksLikeSerial reports whether s is written like an Excel serial date
// of recent decades: five digits (10000 is 1927, 99999 is 2173), perhaps
// with a fraction for the time. It is never read as one: text is text.
func looksLikeSerial(s string) bool {
	s = strings.TrimSpace(s)
	whole, frac, hasFrac := strings.Cut(s, ".")
	return len(whole) == 5 && allDigits(whole) && (!hasFrac || allDigits(frac))
}

// Dates outside these years are not rejected by the parsers (they are
// dates), but a row that carries one is: in an accounting export a date
// before 1990 or after 2100 is a typo (0026 for 2026, 2206 for 2026) or
// a number in a date column, and it would skew every figure it touches.
const (
	firstPlausibleYear = 1990
	lastPlausibleYear  = 2100
)

// The first and last plausible dates.
var (
	firstPlausible = analysis.NewDate(firstPlausibleYear, time.January, 1)
	lastPlausible  = analysis.NewDate(lastPlausibleYear, time.December, 31)
)

// checkPlausible rejects a date outside the plausible years.
func checkPlausible(d analysis.Date) error {
	if d >= firstPlausible && d <= lastPlausible {
		return nil
	}
	y, _, _ := d.YMD()
	switch {
	case y < firstPlausibleYear:
		return bad(ErrBadDate, "is not a plausible date: it reads as %v, before %d; check the year", d, firstPlausibleYear)
	case y > lastPlausibleYear:
		return bad(ErrBadDate, "is not a plausible date: it reads as %v, after %d; check the year", d, lastPlausibleYear)
	}
	return nil
}

// byOrder assigns three numbers to year, month and day.
func (p dateReader) byOrder(nums []string, order string) (y, m, d int, err error) {
	var yt, mt, dt string
	switch order {
	case "MDY":
		mt, dt, yt = nums[0], nums[1], nums[2]
	case "YMD":
		yt, mt, dt = nums[0], nums[1], nums[2]
	default:
		dt, mt, yt = nums[0], nums[1], nums[2]
	}
	if len(mt) > 2 || len(dt) > 2 {
		return 0, 0, 0, bad(ErrBadDate, "is not a date in %s order", order)
	}
	if y, err = p.year(yt); err != nil {
		return 0, 0, 0, err
	}
	m, _ = strconv.Atoi(mt)
	d, _ = strconv.Atoi(dt)
	return y, m, d, nil
}

// orderHint suggests the date order under which nums is a valid date.
func (p dateReader) orderHint(nums []string, failed string) string {
	for _, o := range []struct{ order, words string }{
		{"DMY", "day-first"}, {"MDY", "month-first"}, {"YMD", "year-first"},
	} {
		if o.order == failed {
			continue
		}
		y, m, d, err := p.byOrder(nums, o.order)
		if err == nil && checkYMD(y, m, d) == nil {
			return "set locale.date_order: " + o.order + " if this export is " + o.words
		}
	}
	return ""
}

// year reads a year: 4 digits (Buddhist Era ones over 2400 less 543 when
// configured) or 2 digits (below 70 is 20yy, else 19yy).
func (p dateReader) year(s string) (int, error) {
	y, _ := strconv.Atoi(s)
	switch len(s) {
	case 2:
		if y < 70 {
			return 2000 + y, nil
		}
		return 1900 + y, nil
	case 4:
		if p.buddhist && y > 2400 {
			y -= 543
		}
		return y, nil
	}
	return 0, bad(ErrBadDate, "is not a date (the year %s has neither 2 nor 4 digits)", s)
}

type rangeError string

func (e rangeError) Error() string { return string(e) }

// checkYMD says what is out of range in y-m-d, or nil.
func checkYMD(y, m, d int) error {
	switch {
	case y < 1 || y > 9999:
		return rangeError("year " + strconv.Itoa(y))
	case m < 1 || m > 12:
		return rangeError("month " + strconv.Itoa(m))
	case d < 1:
		return rangeError("day " + strconv.Itoa(d))
	}
	if n := daysIn(y, time.Month(m)); d > n {
		return rangeError(time.Month(m).String() + " " + strconv.Itoa(y) + " has " + strconv.Itoa(n) + " days")
	}
	return nil
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// parseClockInto reads a time of day, with optional seconds and fraction,
// AM/PM and zone (Z, UTC, GMT, +01:00, +0100, -05), into dt.
func parseClockInto(dt *dateTime, s string) error {
	sec, zoned, offset, err := parseClock(s)
	if err != nil {
		return err
	}
	dt.hasTime, dt.sec, dt.zoned, dt.offset = true, sec, zoned, offset
	return nil
}

// parseClock reads "14:30", "2:30 PM", "14:30:15.123", "14:05:00Z",
// "14:05:00 +01:00": the seconds after midnight and the zone if any.
func parseClock(s string) (sec int, zoned bool, offset int, err error) {
	i := 0
	num := func(min, max int) (int, bool) {
		j := i
		for j < len(s) && j-i < max && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j-i < min {
			return 0, false
		}
		n, _ := strconv.Atoi(s[i:j])
		i = j
		return n, true
	}
	h, ok := num(1, 2)
	if !ok || i >= len(s) || s[i] != ':' {
		return 0, false, 0, errNotTime
	}
	i++
	m, ok := num(2, 2)
	if !ok {
		return 0, false, 0, errNotTime
	}
	ss := 0
	if i < len(s) && s[i] == ':' {
		i++
		if ss, ok = num(2, 2); !ok {
			return 0, false, 0, errNotTime
		}
		if i < len(s) && (s[i] == '.' || s[i] == ',') {
			i++
			if _, ok = num(1, 9); !ok {
				return 0, false, 0, errNotTime
			}
		}
	}
	rest := strings.TrimSpace(s[i:])
	lower := strings.ToLower(rest)
	ampm := ""
	for _, mark := range []string{"a.m.", "p.m.", "am", "pm"} {
		if strings.HasPrefix(lower, mark) {
			ampm = mark[:1]
			rest = strings.TrimSpace(rest[len(mark):])
			break
		}
	}
	if ampm != "" {
		if h < 1 || h > 12 {
			return 0, false, 0, bad(ErrBadTime, "is not a time of day (hour %d with AM/PM)", h)
		}
		if h == 12 {
			h = 0
		}
		if ampm == "p" {
			h += 12
		}
	}
	if h > 23 || m > 59 || ss > 59 {
		return 0, false, 0, bad(ErrBadTime, "is not a time of day (%02d:%02d:%02d)", h, m, ss)
	}
	if rest != "" {
		if offset, ok = parseZone(rest); !ok {
			return 0, false, 0, errNotTime
		}
		zoned = true
	}
	return h*3600 + m*60 + ss, zoned, offset, nil
}

// parseZone reads Z, UTC, GMT (optionally followed by an offset) or an
// offset ±hh, ±hhmm, ±hh:mm; it returns seconds east of UTC.
func parseZone(s string) (int, bool) {
	u := strings.ToUpper(s)
	for _, name := range []string{"UTC", "GMT", "Z"} {
		if strings.HasPrefix(u, name) {
			u = strings.TrimSpace(u[len(name):])
			if u == "" {
				return 0, true
			}
			break
		}
	}
	if u == "" || u[0] != '+' && u[0] != '-' {
		return 0, false
	}
	sign := 1
	if u[0] == '-' {
		sign = -1
	}
	digits := strings.Replace(u[1:], ":", "", 1)
	if !allDigits(digits) || len(digits) != 2 && len(digits) != 4 && len(digits) != 1 {
		return 0, false
	}
	h, m := 0, 0
	switch len(digits) {
	case 1, 2:
		h, _ = strconv.Atoi(digits)
	default:
		h, _ = strconv.Atoi(digits[:2])
		m, _ = strconv.Atoi(digits[2:])
	}
	if h > 14 || m > 59 {
		return 0, false
	}
	return sign * (h*3600 + m*60), true
}

// readTimeOfDay reads a time column: a number stored in a workbook is a
// fraction of a day; text is a clock time (14:30, 2:30 PM).
func readTimeOfDay(c cell) (sec int, zoned bool, offset int, err error) {
	if c.numeric {
		f, perr := strconv.ParseFloat(c.text, 64)
		if perr != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, false, 0, bad(ErrBadTime, "is not a time of day")
		}
		f -= math.Floor(f) // a date-time in a time column: keep the time
		sec = int(math.Round(f * 86400))
		if sec >= 86400 {
			sec = 86399
		}
		return sec, false, 0, nil
	}
	return parseClock(strings.TrimSpace(c.text))
}
