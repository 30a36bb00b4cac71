package ingest

import (
	"math"
	"strconv"
	"strings"
	"time"

	"clientscore/ingest/xlsx"
)

// durationUnit is what a plain number in an hours column counts, from the
// header's unit: "Time spent (min)" counts minutes, "Total time spent
// (sec)" seconds, anything else ("Duration (decimal)", "Hours") hours.
func durationUnit(unit string) time.Duration {
	switch unit {
	case "m", "min", "mins", "minute", "minutes":
		return time.Minute
	case "s", "sec", "secs", "second", "seconds":
		return time.Second
	}
	return time.Hour
}

// readDuration reads an hours cell: a workbook number with a time format is
// a fraction of a day (0.0625 is 1:30); any other number counts unit
// (hours unless the header says otherwise); text is decimal hours ("1.5"
// or "1,5"), "h:mm" or "h:mm:ss" ("64:00:00"), or hours and minutes
// written out ("1h 30m", "90 min").
func readDuration(c cell, unit time.Duration) (time.Duration, error) {
	if c.numeric {
		f, err := strconv.ParseFloat(strings.TrimSpace(c.text), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, bad(ErrBadDuration, "is not a duration")
		}
		if f < 0 {
			return 0, bad(ErrBadDuration, "is not a duration (it is negative)")
		}
		if c.format == xlsx.Time || c.format == xlsx.DateTime {
			if f > 100000 { // days; time.Duration ends at about 106,751
				return 0, bad(ErrBadDuration, "is too long a duration")
			}
			return time.Duration(math.Round(f*86400)) * time.Second, nil
		}
		nano, err := numberToMinor(c.text, 9)
		if err != nil {
			return 0, bad(ErrBadDuration, "is too long a duration")
		}
		return scaleNano(int64(nano), unit)
	}
	return parseDurationText(c.text, unit)
}

// scaleNano returns n billionths of unit.
func scaleNano(n int64, unit time.Duration) (time.Duration, error) {
	factor := int64(unit / 1e9) // ns per billionth of the unit
	if factor <= 0 {
		factor = 1
	}
	if n > math.MaxInt64/factor {
		return 0, bad(ErrBadDuration, "is too long a duration")
	}
	return time.Duration(n * factor), nil
}

var durationWords = map[string]time.Duration{
	"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
	"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"s": time.Second, "sec": time.Second, "secs": time.Second, "second": time.Second, "seconds": time.Second,
}

// parseDurationText reads a duration written as text.
func parseDurationText(s string, unit time.Duration) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-") {
		return 0, bad(ErrBadDuration, "is not a duration (it is negative)")
	}
	if strings.Contains(s, ":") {
		return parseClockDuration(s)
	}
	if strings.IndexFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) >= 0 {
		return parseWordDuration(strings.ToLower(s))
	}
	intPart, frac, ok := decimalParts(s)
	if !ok {
		return 0, errNotDuration
	}
	n, err := decimalToMinor(intPart, frac, 0, 9)
	if err != nil {
		return 0, bad(ErrBadDuration, "is too long a duration")
	}
	return scaleNano(n, unit)
}

// decimalParts splits "1.5" or "1,5" (either separator, at most one, no
// grouping) into its digits.
func decimalParts(s string) (intPart, frac string, ok bool) {
	i := strings.IndexAny(s, ".,")
	if i < 0 {
		return s, "", allDigits(s)
	}
	intPart, frac = s[:i], s[i+1:]
	if intPart == "" {
		intPart = "0"
	}
	return intPart, frac, allDigits(intPart) && allDigits(frac)
}

// parseClockDuration reads h:mm or h:mm:ss (hours may exceed 24; seconds
// may have a fraction).
func parseClockDuration(s string) (time.Duration, error) {
	h, rest, ok := strings.Cut(s, ":")
	if !ok {
		return 0, errNotClockDuration
	}
	m, secs, hasSecs := strings.Cut(rest, ":")
	if hasSecs && strings.Contains(secs, ":") {
		return 0, errNotClockDuration
	}
	if !allDigits(h) || len(h) > 7 || !allDigits(m) || len(m) != 2 {
		return 0, errNotClockDuration
	}
	hours, _ := strconv.Atoi(h)
	mins, _ := strconv.Atoi(m)
	d := time.Duration(hours)*time.Hour + time.Duration(mins)*time.Minute
	if mins > 59 {
		return 0, errNotClockDuration
	}
	if hasSecs {
		secText, frac, _ := strings.Cut(secs, ".")
		if !allDigits(secText) || len(secText) != 2 || frac != "" && !allDigits(frac) {
			return 0, errNotClockDuration
		}
		secs, _ := strconv.Atoi(secText)
		if secs > 59 {
			return 0, errNotClockDuration
		}
		d += time.Duration(secs) * time.Second
		if frac != "" {
			n, _ := decimalToMinor("0", frac, 0, 9)
			d += time.Duration(n)
		}
	}
	return d, nil
}

// parseWordDuration reads "1h 30m", "1.5 hours", "90 min", "1h30".
func parseWordDuration(s string) (time.Duration, error) {
	var total time.Duration
	last := time.Duration(0) // the unit of the previous number
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\u00a0') {
			i++
		}
		if i == len(s) {
			break
		}
		j := i
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] == ',') {
			j++
		}
		if j == i {
			return 0, errNotDuration
		}
		intPart, frac, ok := decimalParts(s[i:j])
		if !ok {
			return 0, errNotDuration
		}
		for j < len(s) && s[j] == ' ' {
			j++
		}
		k := j
		for k < len(s) && s[k] >= 'a' && s[k] <= 'z' {
			k++
		}
		unit, ok := durationWords[s[j:k]]
		switch {
		case ok:
		case j == k && last == time.Hour:
			unit = time.Minute // "1h30"
		default:
			return 0, errNotDuration
		}
		n, err := decimalToMinor(intPart, frac, 0, 9)
		if err != nil {
			return 0, bad(ErrBadDuration, "is too long a duration")
		}
		d, err := scaleNano(n, unit)
		if err != nil {
			return 0, err
		}
		total += d
		last = unit
		i = k
	}
	if last == 0 {
		return 0, errNotDuration
	}
	return total, nil
}
