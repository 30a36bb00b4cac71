package ingest

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"clientscore/analysis"
)

// readAmount reads a money cell into minor units of a currency with the
// given number of minor digits. A number stored in a workbook is first
// rounded to 15 significant digits (what Excel shows), then to minor units;
// text is read in the locale's decimal separator. code is an ISO currency
// code written next to the number ("EUR 1.200,00"), or "".
func readAmount(c cell, decimal byte, digits int) (m analysis.Money, code string, err error) {
	if c.numeric {
		m, err = numberToMinor(c.text, digits)
		return m, "", err
	}
	return parseAmountText(c.text, decimal, digits)
}

// numberToMinor reads a number as a workbook stores it ("1234.5600000000001",
// "1E-3") into minor units: rounded to 15 significant digits, then to
// minor units half away from zero.
func numberToMinor(s string, digits int) (analysis.Money, error) {
	if m, ok := plainNumberToMinor(s, digits); ok {
		return m, nil
	}
	return floatToMinor(s, digits)
}

// floatToMinor is numberToMinor the long way, through float64, for any
// number.
func floatToMinor(s string, digits int) (analysis.Money, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, bad(ErrBadAmount, "is not an amount")
	}
	// 15 significant digits: d.dddddddddddddde±XX
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', 14, 64)
	neg := false
	if e[0] == '-' {
		neg, e = true, e[1:]
	}
	i := bytes.IndexByte(e, 'e')
	if i < 0 { // Inf or NaN
		return 0, bad(ErrBadAmount, "is not an amount")
	}
	exp, _ := strconv.Atoi(string(e[i+1:]))
	mant := e[:i]
	intPart, frac, _ := bytes.Cut(mant, []byte("."))
	n, err := decimalToMinor(string(intPart), string(frac), exp, digits)
	if err != nil {
		return 0, err
	}
	if neg {
		n = -n
	}
	return analysis.Money(n), nil
}

// plainNumberToMinor is numberToMinor for the numbers most cells hold: an
// optional minus, digits, and perhaps a point and digits, with at most 15
// significant digits. Such a decimal survives the trip through float64
// and back to 15 digits unchanged, so it is read as written. ok is false
// for anything else, which numberToMinor reads the long way.
func plainNumberToMinor(s string, digits int) (m analysis.Money, ok bool) {
	if len(s) == 0 || len(s) > 32 {
		return 0, false
	}
	neg := s[0] == '-'
	body := s
	if neg {
		body = s[1:]
	}
	intPart, frac, hasPoint := strings.Cut(body, ".")
	if !allDigits(intPart) || hasPoint && !allDigits(frac) {
		return 0, false
	}
	// Significant digits: from the first non-zero digit to the last.
	first, last := -1, -1
	for i := 0; i < len(intPart)+len(frac); i++ {
		var c byte
		if i < len(intPart) {
			c = intPart[i]
		} else {
			c = frac[i-len(intPart)]
		}
		if c != '0' {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first >= 0 && last-first+1 > 15 {
		return 0, false
	}
	n, err := decimalToMinor(intPart, frac, 0, digits)
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return analysis.Money(n), true
}

// decimalToMinor scales the decimal intDigits.fracDigits × 10^exp by
// 10^digits and rounds half away from zero (on the magnitude). The digits
// must be ASCII digits; the result must fit in 18 digits.
func decimalToMinor(intDigits, fracDigits string, exp, digits int) (int64, error) {
	total := len(intDigits) + len(fracDigits)
	at := func(i int) byte {
		if i < len(intDigits) {
			return intDigits[i]
		}
		return fracDigits[i-len(intDigits)]
	}
	point := len(intDigits) + exp + digits // where the point falls in the digits
	round := false
	switch {
	case point <= 0:
		round = point == 0 && total > 0 && at(0) >= '5'
	case point < total:
		round = at(point) >= '5'
	}
	// The whole part: the digits before the point, then zeros up to it.
	var n int64
	sig := 0 // digits from the first non-zero one
	for i := range min(max(point, 0), total) {
		c := at(i)
		if sig == 0 && c == '0' {
			continue
		}
		if sig++; sig > 18 {
			return 0, errTooLarge
		}
		n = n*10 + int64(c-'0')
	}
	if zeros := point - total; zeros > 0 && sig > 0 {
		if sig+zeros > 18 {
			return 0, errTooLarge
		}
		for range zeros {
			n *= 10
		}
	}
	if round {
		n++
	}
	return n, nil
}

var errTooLarge = bad(ErrBadAmount, "is too large an amount")

// parseAmountText reads an amount written as text: an optional sign
// (leading or trailing minus, parentheses), currency symbols and codes on
// either side ("$1,200.00", "EUR 1.200,00", "1200 €"), thousands separators
// (the other of "." and ",", spaces, non-breaking spaces, apostrophes) in
// groups of three, and decimal in the locale's separator. More decimals
// than the currency has are rounded half away from zero. An amount that
// only reads with the other decimal separator is rejected with a hint.
func parseAmountText(s string, decimal byte, digits int) (analysis.Money, string, error) {
	if m, ok := plainAmountText(s, decimal, digits); ok {
		return m, "", nil
	}
	return parseAnyAmountText(s, decimal, digits)
}

// parseAnyAmountText is parseAmountText the long way, for any text.
func parseAnyAmountText(s string, decimal byte, digits int) (analysis.Money, string, error) {
	neg, core, code, err := splitAmount(s)
	if err != nil {
		return 0, "", err
	}
	intDigits, frac, exp, err := parseNumberCore(core, decimal)
	if err != nil {
		other := byte(',')
		if decimal == ',' {
			other = '.'
		}
		if _, _, _, err2 := parseNumberCore(core, other); err2 == nil {
			return 0, "", bad(ErrBadAmount, "is not an amount with %q as decimal separator; set locale.decimal: %q if this export writes decimals with %s",
				string(decimal), string(other), map[byte]string{',': "a comma", '.': "a point"}[other])
		}
		return 0, "", err
	}
	n, err := decimalToMinor(intDigits, frac, exp, digits)
	if err != nil {
		return 0, "", err
	}
	if neg {
		n = -n
	}
	return analysis.Money(n), code, nil
}

// plainAmountText is parseAmountText for the amounts most exports write:
// an optional leading minus, digits grouped in threes by the other
// separator or not at all, and perhaps the decimal separator and digits
// ("-1.234,56", "1234.5"). It reads them without allocating; ok is false
// for anything else (and for what does not read), which parseAmountText
// then reads the long way, errors and all.
func plainAmountText(s string, decimal byte, digits int) (m analysis.Money, ok bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	intPart, frac := s, ""
	if i := strings.LastIndexByte(s, decimal); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
		if !allDigits(frac) {
			return 0, false
		}
		if intPart == "" {
			intPart = "0"
		}
	}
	other := byte(',')
	if decimal == ',' {
		other = '.'
	}
	// Groups of three after the first, which has one to three digits.
	group, groups := 0, 0
	for i := 0; i < len(intPart); i++ {
		switch c := intPart[i]; {
		case c >= '0' && c <= '9':
			group++
		case c == other:
			if groups == 0 && (group < 1 || group > 3) || groups > 0 && group != 3 {
				return 0, false
			}
			groups++
			group = 0
		default:
			return 0, false
		}
	}
	if group == 0 || groups > 0 && group != 3 {
		return 0, false
	}
	if groups > 0 {
		// Without the separators: at most 18 significant digits fit, so
		// longer numbers take the long way.
		var buf [32]byte
		if len(intPart) > len(buf) {
			return 0, false
		}
		b := buf[:0]
		for i := 0; i < len(intPart); i++ {
			if intPart[i] != other {
				b = append(b, intPart[i])
			}
		}
		n, err := decimalToMinor(string(b), frac, 0, digits)
		if err != nil {
			return 0, false
		}
		return signed(n, neg), true
	}
	n, err := decimalToMinor(intPart, frac, 0, digits)
	if err != nil {
		return 0, false
	}
	return signed(n, neg), true
}

func signed(n int64, neg bool) analysis.Money {
	if neg {
		return analysis.Money(-n)
	}
	return analysis.Money(n)
}

// currencyWords may stand beside an amount without being an ISO code: the
// letters of "US$", "A$", "kr", "zł", "Fr.", "Rs", "R$".
var currencyWords = map[string]bool{
	"us": true, "a": true, "au": true, "c": true, "ca": true, "nz": true, "hk": true, "s": true,
	"r": true, "rs": true, "kr": true, "zł": true, "zl": true, "fr": true, "sfr": true,
	"rp": true, "rm": true, "ft": true, "kč": true, "kc": true, "lei": true, "din": true, "tl": true,
}

func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' }

// splitAmount strips the sign and the currency from both ends of s and
// returns the number in between.
func splitAmount(s string) (neg bool, core, code string, err error) {
	s = strings.TrimFunc(s, isSpace)
	signs := 0
	for changed := true; changed && s != ""; {
		changed = false
		s = strings.TrimFunc(s, isSpace)
		if s == "" {
			break
		}
		first, fw := utf8.DecodeRuneInString(s)
		last, lw := utf8.DecodeLastRuneInString(s)
		switch {
		case first == '(' && last == ')' && len(s) > 1:
			s, neg, signs, changed = s[fw:len(s)-lw], true, signs+1, true
		case first == '-' || first == '\u2212' || first == '\u2013':
			s, neg, signs, changed = s[fw:], true, signs+1, true
		case first == '+':
			s, changed = s[fw:], true
		case last == '-' || last == '\u2212':
			s, neg, signs, changed = s[:len(s)-lw], true, signs+1, true
		case unicode.Is(unicode.Sc, first):
			s, changed = s[fw:], true
		case unicode.Is(unicode.Sc, last):
			s, changed = s[:len(s)-lw], true
		case unicode.IsLetter(first):
			w := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' })
			if w < 0 {
				return false, "", "", errNotAmount
			}
			if code, err = currencyWord(s[:w], code); err != nil {
				return false, "", "", err
			}
			s, changed = s[w:], true
		case unicode.IsLetter(last):
			w := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' })
			if w < 0 {
				return false, "", "", errNotAmount
			}
			_, rw := utf8.DecodeRuneInString(s[w:])
			if code, err = currencyWord(s[w+rw:], code); err != nil {
				return false, "", "", err
			}
			s, changed = s[:w+rw], true
		}
	}
	if signs > 1 {
		return false, "", "", errNotAmount
	}
	if s == "" {
		return false, "", "", errNotAmount
	}
	return neg, s, code, nil
}

// currencyWord accepts an ISO code or a currency abbreviation beside an
// amount; it returns the ISO code seen (prev when this word is none).
func currencyWord(w, prev string) (string, error) {
	t := strings.TrimSuffix(w, ".")
	if len(t) == 3 && analysis.KnownCurrency(strings.ToUpper(t)) {
		code := strings.ToUpper(t)
		if prev != "" && prev != code {
			return "", bad(ErrBadAmount, "is not an amount (it names both %s and %s)", prev, code)
		}
		return code, nil
	}
	if currencyWords[strings.ToLower(t)] {
		return prev, nil
	}
	return "", bad(ErrBadAmount, "is not an amount")
}

// parseNumberCore reads the digits of an unsigned number written with the
// given decimal separator and optional grouping of thousands, or in
// scientific notation (1.5E+3).
func parseNumberCore(s string, decimal byte) (intDigits, frac string, exp int, err error) {
	if i := strings.IndexAny(s, "eE"); i > 0 {
		mant, e := s[:i], s[i+1:]
		exp, err := strconv.Atoi(strings.TrimPrefix(e, "+"))
		if err != nil || exp > 30 || exp < -30 {
			return "", "", 0, errNotAmount
		}
		ip, fp, _ := strings.Cut(mant, string(decimal))
		if !allDigits(ip) || fp != "" && !allDigits(fp) {
			return "", "", 0, errNotAmount
		}
		return ip, fp, exp, nil
	}
	intPart, frac := s, ""
	if i := strings.LastIndexByte(s, decimal); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
		if frac == "" || !allDigits(frac) {
			return "", "", 0, errNotAmount
		}
		if intPart == "" {
			intPart = "0"
		}
	}
	// Group separators: the other of "." and ",", and kinds of space and
	// apostrophe; one kind per number, groups of three.
	var groups []string
	var sep rune
	start := 0
	for i, r := range intPart {
		if r >= '0' && r <= '9' {
			continue
		}
		if r == rune(decimal) || !(r == '.' || r == ',' || r == '\'' || r == '\u2019' || isSpace(r)) {
			return "", "", 0, errNotAmount
		}
		if sep == 0 {
			sep = r
		} else if sep != r {
			return "", "", 0, errNotAmount
		}
		groups = append(groups, intPart[start:i])
		start = i + utf8.RuneLen(r)
	}
	groups = append(groups, intPart[start:])
	if len(groups) > 1 {
		if n := len(groups[0]); n < 1 || n > 3 {
			return "", "", 0, errNotAmount
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return "", "", 0, errNotAmount
			}
		}
	}
	digits := strings.Join(groups, "")
	if !allDigits(digits) {
		return "", "", 0, errNotAmount
	}
	return digits, frac, 0, nil
}
