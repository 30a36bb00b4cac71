package xlsx

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Bounds on the styles part, far above what Excel writes (it allows
// 64,000 cell formats) and low enough that a crafted part costs little.
const (
	maxCellXfs = 1 << 20
	maxNumFmts = 1 << 16
)

// readStyles reads the styles part and returns, per cell format (the
// index a cell's s attribute gives, into <cellXfs>), the kind of its
// number format.
func readStyles(src io.Reader) ([]FormatKind, error) {
	d := xml.NewDecoder(src)
	custom := map[int]FormatKind{}
	var xfIDs []int
	var path []string // local names of open elements
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, xmlErr(err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, errDTD
		case xml.StartElement:
			// <styleSheet><numFmts><numFmt> and <styleSheet><cellXfs><xf>;
			// extensions may hold elements of the same names deeper down.
			parent := ""
			if len(path) == 2 {
				parent = path[1]
			}
			path = append(path, t.Name.Local)
			if len(path) > maxXMLDepth {
				return nil, errTooDeep
			}
			switch {
			case t.Name.Local == "numFmt" && parent == "numFmts":
				if len(custom) >= maxNumFmts {
					return nil, fmt.Errorf("%w: holds over %d number formats", ErrTooLarge, maxNumFmts)
				}
				id, err := strconv.Atoi(strings.TrimSpace(attrOf(t, "numFmtId")))
				if err != nil {
					continue // Excel would repair it away; General
				}
				custom[id] = ClassifyFormat(attrOf(t, "formatCode"))
			case t.Name.Local == "xf" && parent == "cellXfs":
				if len(xfIDs) >= maxCellXfs {
					return nil, fmt.Errorf("%w: holds over %d cell formats", ErrTooLarge, maxCellXfs)
				}
				id, err := strconv.Atoi(strings.TrimSpace(attrOf(t, "numFmtId")))
				if err != nil {
					id = 0
				}
				xfIDs = append(xfIDs, id)
			}
		case xml.EndElement:
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		}
	}
	kinds := make([]FormatKind, len(xfIDs))
	for i, id := range xfIDs {
		if k, ok := custom[id]; ok {
			kinds[i] = k
		} else {
			kinds[i] = BuiltinFormat(id)
		}
	}
	return kinds, nil
}

// attrOf returns the value of t's attribute with local name name.
func attrOf(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// BuiltinFormat returns the kind of a built-in number format, by its
// numFmtId (0–163), as ECMA-376 Part 1 §18.8.30 lists them:
//
//	14–17 (m/d/yyyy, d-mmm-yy, d-mmm, mmm-yy)   Date
//	22 (m/d/yyyy h:mm)                           DateTime
//	18–21, 45–47 (h:mm AM/PM … [h]:mm:ss, mm:ss.0) Time
//	49 (@)                                       Text
//
// The East Asian ids depend on the locale that saved the file. 27–31, 36,
// 50–54, 57 and 58 are dates in every locale and 32–33 times; 34, 35, 55
// and 56 are dates in Japanese and Korean but times of day in Chinese, so
// they are DateTime: a reader then takes both the day and the time part.
// Every other id is General.
func BuiltinFormat(id int) FormatKind {
	switch {
	case id >= 14 && id <= 17:
		return Date
	case id == 22:
		return DateTime
	case id >= 18 && id <= 21, id >= 45 && id <= 47:
		return Time
	case id == 49:
		return Text
	case id >= 27 && id <= 31, id == 36, id >= 50 && id <= 54, id == 57, id == 58:
		return Date
	case id == 32, id == 33:
		return Time
	case id == 34, id == 35, id == 55, id == 56:
		return DateTime
	}
	return General
}

// ClassifyFormat returns the kind of a number format code, as Excel reads
// it. Quoted text, backslash escapes, the _x spacing and *x fill
// characters, and bracketed colours, conditions and locales ([Red],
// [>=100], [$-409], [$EUR-2]) say nothing of the kind and are ignored,
// except the elapsed-time brackets [h], [mm], [ss], which are Time. Of
// the rest, only the first section (the one positive numbers use)
// counts: y, d, e (era year), g (era) or b (Buddhist year) make a date; h
// or s a time; m is minutes next to h or s, else months; aaa (a
// Japanese weekday) is a date. Both date and time parts make DateTime. A
// code that is only "@" is Text; "General", "0.00%", "#,##0.00 [$EUR]"
// are General.
func ClassifyFormat(code string) FormatKind {
	var date, clock, month, digits, at bool
	lower := strings.ToLower(code)
	for i := 0; i < len(lower); i++ {
		c := lower[i]
		switch c {
		case ';':
			i = len(lower) // only the first section counts
		case '"':
			if j := strings.IndexByte(lower[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(lower)
			}
		case '\\', '_', '*':
			i++ // the next character is a literal, a space width or a fill
		case '[':
			j := strings.IndexByte(lower[i+1:], ']')
			if j < 0 {
				i = len(lower)
				continue
			}
			inner := lower[i+1 : i+1+j]
			if isElapsed(inner) {
				clock = true
			}
			i += j + 1
		case 'y', 'd', 'e', 'g', 'b':
			if c == 'e' && i+1 < len(lower) && (lower[i+1] == '+' || lower[i+1] == '-') {
				digits = true // scientific notation: 0.00E+00
				continue
			}
			if c == 'g' && strings.HasPrefix(lower[i:], "general") {
				i += len("general") - 1
				continue
			}
			date = true
		case 'h', 's':
			clock = true
		case 'm':
			month = true
		case 'a':
			// AM/PM and A/P mark a 12-hour clock; aaa and aaaa are the
			// Japanese day of the week.
			if strings.HasPrefix(lower[i:], "aaa") {
				i += len("aaa") - 1
				date = true
			} else if strings.HasPrefix(lower[i:], "am/pm") {
				i += len("am/pm") - 1
				clock = true
			} else if strings.HasPrefix(lower[i:], "a/p") {
				i += len("a/p") - 1
				clock = true
			}
		case '0', '#', '?':
			digits = true
		case '@':
			at = true
		}
	}
	if month && !clock {
		date = true
	}
	switch {
	case date && clock:
		return DateTime
	case date:
		return Date
	case clock:
		return Time
	case at && !digits:
		return Text
	}
	return General
}

// isElapsed reports whether a bracket's contents are an elapsed-time
// token: [h], [hh], [m], [mm], [s], [ss] and longer runs of one letter.
func isElapsed(inner string) bool {
	if inner == "" {
		return false
	}
	c := inner[0]
	if c != 'h' && c != 'm' && c != 's' {
		return false
	}
	for i := 1; i < len(inner); i++ {
		if inner[i] != c {
			return false
		}
	}
	return true
}
