package report

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"

	"clientscore/analysis"
)

// maxCellChars is the most characters (UTF-16 code units) Excel holds in a
// cell.
const maxCellChars = 32767

// cutNote ends a string that was cut to fit a cell. It names the original
// length so the reader knows how much is missing.
func cutNote(n int) string {
	return " … [cut: " + thousands(int64(n)) + " characters, a cell holds 32,767]"
}

// cleanText makes s safe for a cell: invalid UTF-8 and characters XML 1.0
// cannot hold (controls other than tab and newline, U+FFFE, U+FFFF) become
// U+FFFD, CR LF and lone CR become LF, and text over 32,767 UTF-16 units is
// cut with a note saying so. Clean strings come back unchanged and
// unallocated.
func cleanText(s string) string {
	if isCleanShort(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
		case r == '\r':
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case !xmlChar(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return cutToCell(b.String())
}

// isCleanShort reports whether s needs no cleaning: valid UTF-8 of XML
// characters without CR, short enough for a cell.
func isCleanShort(s string) bool {
	// A string's UTF-16 length never exceeds its UTF-8 length, so only long
	// strings need counting.
	if len(s) > maxCellChars && utf16Len(s) > maxCellChars {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size <= 1) || !xmlChar(r) {
			return false
		}
		i += size
	}
	return true
}

// xmlChar reports whether r may appear in XML 1.0 text (CR is allowed by XML
// but normalised away by cleanText).
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return true
	case r < 0x20:
		return false
	case r >= 0xD800 && r <= 0xDFFF:
		return false
	case r == 0xFFFE || r == 0xFFFF:
		return false
	}
	return r <= utf8.MaxRune
}

// utf16Len returns the length of s in UTF-16 code units, as Excel counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// cutToCell cuts s to at most 32,767 UTF-16 units, ending with a note when
// it cuts. It never splits a character.
func cutToCell(s string) string {
	total := utf16Len(s)
	if total <= maxCellChars {
		return s
	}
	note := cutNote(total)
	limit := maxCellChars - utf16Len(note)
	n := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > limit {
			return s[:i] + note
		}
		n += w
	}
	return s
}

// SheetName makes s a valid worksheet name: at most 31 characters, none of
// [ ] : * ? / \, not empty, not starting or ending with an apostrophe, and
// not Excel's reserved "History". Brackets become parentheses, the other
// forbidden characters a hyphen, control characters a space.
func SheetName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '[':
			b.WriteRune('(')
		case r == ']':
			b.WriteRune(')')
		case strings.ContainsRune(`:*?/\`, r):
			b.WriteRune('-')
		case r == utf8.RuneError || !xmlChar(r) || r < 0x20:
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	name := strings.TrimSpace(strings.Trim(strings.TrimSpace(b.String()), "'"))
	// Cut to 31 UTF-16 units without splitting a character.
	n := 0
	for i, r := range name {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > 31 {
			name = name[:i]
			break
		}
		n += w
	}
	name = strings.TrimSpace(strings.Trim(strings.TrimSpace(name), "'"))
	if name == "" {
		return "Sheet"
	}
	if strings.EqualFold(name, "History") {
		return name + " (1)"
	}
	return name
}

// displayWidth is how many character cells s takes in its longest line:
// East Asian wide and fullwidth characters count two.
func displayWidth(s string) float64 {
	best, cur := 0, 0
	for _, r := range s {
		if r == '\n' {
			cur = 0
			continue
		}
		if r < 0x1100 {
			cur++
		} else {
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				cur += 2
			default:
				cur++
			}
		}
		if cur > best {
			best = cur
		}
	}
	return float64(best)
}

// wrappedLines is how many lines s takes in a wrapped cell colWidth
// characters wide: a width unit is one digit, and prose averages about 20%
// narrower (less for capitals and digits, so the estimate errs on the tall
// side rather than clip a line).
func wrappedLines(s string, colWidth float64) int {
	return wordLines(s, (colWidth-1)*1.2)
}

// wordLines is how many lines s takes wrapped at spaces into lines of
// room characters, as a spreadsheet wraps a cell: each line of s starts a
// line, a word that does not fit starts the next, and a word longer than
// a line is broken.
func wordLines(s string, room float64) int {
	room = math.Max(room, 1)
	lines := 0
	for line := range strings.SplitSeq(s, "\n") {
		lines++
		used := 0.0
		for _, word := range strings.Fields(line) {
			w := displayWidth(word)
			switch {
			case used == 0:
			case used+1+w <= room:
				used++
			default:
				lines++
				used = 0
			}
			for w > room { // a word longer than a line is broken
				lines++
				w -= room
			}
			used += w
		}
	}
	return max(lines, 1)
}

// thousands writes n with comma thousands separators: 1234567 is
// "1,234,567".
func thousands(n int64) string {
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	s := strconv.FormatUint(u, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// versionText is the clientscore version a workbook names: "unknown" when
// its caller gave none.
func versionText(v string) string {
	if v == "" {
		return "unknown"
	}
	return v
}

// percentText writes a fraction as a percentage with at most two decimals:
// 0.2 is "20%", 0.125 is "12.5%".
func percentText(f float64) string {
	return numberText(f*100) + "%"
}

// numberText writes f with at most two decimals and no trailing zeros:
// 30 is "30", 2.5 is "2.5", 1/3 is "0.33".
func numberText(f float64) string {
	return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
}

// hoursText writes a number of hours with thousands separators and at
// most two decimals: 3120.5 is "3,120.5".
func hoursText(h float64) string {
	whole, frac, _ := strings.Cut(numberText(h), ".")
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return numberText(h)
	}
	s := thousands(n)
	if n == 0 && strings.HasPrefix(whole, "-") {
		s = "-0"
	}
	if frac != "" {
		s += "." + frac
	}
	return s
}

// dateWords writes d as "22 Nov 2026".
func dateWords(d analysis.Date) string { return d.Words() }

// plural writes n and the noun, adding an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// shownText writes f as a cell with number format format shows it, for
// the plain formats of this package ("0", "0.0", "0.00", "#,##0", "0.0%"):
// the value taken to 15 significant digits, as a spreadsheet holds it, then
// rounded half away from zero to the format's decimals, so 0.1235 under
// "0.0%" is "12.4%" as in the cell, not the "12.3%" of binary rounding. A
// value that rounds to zero shows no minus sign. Text meant to read as the
// workbook (the email) uses it with the workbook's own format constant.
func shownText(f float64, format string) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	percent := strings.HasSuffix(format, "%")
	if percent {
		f *= 100
	}
	decimals := 0
	if _, frac, ok := strings.Cut(strings.TrimSuffix(format, "%"), "."); ok {
		decimals = strings.Count(frac, "0")
	}
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', 15, 64))
	if !ok {
		return strconv.FormatFloat(f, 'f', decimals, 64)
	}
	s := r.FloatString(decimals) // rounds half away from zero
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if strings.Trim(s, "0.") == "" {
		neg = false
	}
	if strings.Contains(format, ",") {
		whole, frac, hasFrac := strings.Cut(s, ".")
		var b strings.Builder
		for i, c := range whole {
			if i > 0 && (len(whole)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(c)
		}
		if hasFrac {
			b.WriteString("." + frac)
		}
		s = b.String()
	}
	if neg {
		s = "-" + s
	}
	if percent {
		s += "%"
	}
	return s
}
