package report

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"clientscore/analysis"
)

// Number formats. Every date in both workbooks, in tables and beside
// labels alike, is "31 Oct 2026": a real date cell that sorts and filters,
// read the same way in every locale.
const (
	fmtPercent  = "0.0%"
	fmtDays     = "0.0"
	fmtDecimal2 = "0.00"
	fmtWhole    = "0"
	fmtCount    = "#,##0"
	fmtDate     = "d mmm yyyy"
	fmtDateTime = "d mmm yyyy hh:mm"
)

// The verdict colours: fill and a text colour that reads on it.
var verdictColours = [len(analysis.Verdicts)]struct{ fill, font string }{
	analysis.Unprofitable: {"C00000", "FFFFFF"}, // red, white text
	analysis.Review:       {"F4B183", "000000"}, // orange
	analysis.Watch:        {"FFE699", "000000"}, // yellow
	analysis.Healthy:      {"C6EFCE", "006100"}, // green, dark green text
	analysis.Inactive:     {"E7E6E6", "595959"}, // grey, grey text
}

// styles holds the style ids of one workbook.
type styles struct {
	title, section, note, label  int
	noteWrap, noteIndent         int
	header, headerRight          int
	headerIndent                 int
	text, wrap, bold             int
	textIndent, wrapIndent       int
	money, moneyBold             int // moneyBold is a total's: bold, a rule above
	moneyChange                  int // a change, with its sign: +4,200.00 EUR
	percent, percentBold         int
	percentTotal                 int
	days, decimal2, whole, count int
	countBold                    int
	date, dateLeft, dateTime     int
	verdict                      [len(analysis.Verdicts)]int
}

// moneyFormat is the number format for amounts in currency code: two
// decimals for EUR, none for JPY, three for KWD; thousands separators; the
// code after the number; negatives red with a minus sign.
func moneyFormat(code string) string {
	digits := analysis.MinorDigits(code)
	num := "#,##0"
	if digits > 0 {
		num += "." + strings.Repeat("0", digits)
	}
	if c := currencyLabel(code); c != "" {
		num += ` "` + c + `"`
	}
	return num + ";[Red]-" + num
}

// currencyLabel is code as it may appear inside a number format: letters
// only (an ISO code always is), upper case.
func currencyLabel(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		if r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func newStyles(f *excelize.File, currency string) (styles, error) {
	var st styles
	font := func(bold bool) *excelize.Font { return &excelize.Font{Bold: bold, Family: "Calibri", Size: 11} }
	grey := &excelize.Font{Italic: true, Family: "Calibri", Size: 11, Color: "595959"}
	top := &excelize.Alignment{Vertical: "top"}
	rule := []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
	num := func(format string, bold bool) *excelize.Style {
		return &excelize.Style{CustomNumFmt: &format, Font: font(bold), Alignment: top}
	}
	total := func(format string) *excelize.Style {
		s := num(format, true)
		s.Border = rule
		return s
	}
	header := func(a excelize.Alignment) *excelize.Style {
		a.Vertical, a.WrapText = "top", true
		return &excelize.Style{
			Font:      font(true),
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
			Alignment: &a,
		}
	}
	left := func(format string) *excelize.Style {
		return &excelize.Style{CustomNumFmt: ptr(format), Font: font(false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}
	}
	money := moneyFormat(currency)
	defs := []struct {
		id *int
		s  *excelize.Style
	}{
		{&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Family: "Calibri", Size: 16}}},
		{&st.section, &excelize.Style{Font: &excelize.Font{Bold: true, Family: "Calibri", Size: 13, Color: "1F3864"}}},
		{&st.note, &excelize.Style{Font: grey}},
		{&st.noteWrap, &excelize.Style{Font: grey, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&st.noteIndent, &excelize.Style{Font: grey, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", Indent: 1}}},
		{&st.label, &excelize.Style{Font: font(true), Alignment: top}},
		{&st.header, header(excelize.Alignment{})},
		{&st.headerRight, header(excelize.Alignment{Horizontal: "right"})},
		{&st.headerIndent, header(excelize.Alignment{Horizontal: "left", Indent: 1})},
		{&st.text, &excelize.Style{Font: font(false), Alignment: top}},
		{&st.textIndent, &excelize.Style{Font: font(false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", Indent: 1}}},
		{&st.wrapIndent, &excelize.Style{Font: font(false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true, Indent: 1}}},
		{&st.wrap, &excelize.Style{Font: font(false), Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&st.bold, &excelize.Style{Font: font(true), Alignment: top, Border: rule}},
		{&st.money, num(money, false)},
		{&st.moneyBold, total(money)},
		{&st.moneyChange, num(signedFormat(money), false)},
		{&st.percent, num(fmtPercent, false)},
		{&st.percentBold, num(fmtPercent, true)},
		{&st.percentTotal, total(fmtPercent)},
		{&st.days, num(fmtDays, false)},
		{&st.decimal2, num(fmtDecimal2, false)},
		{&st.whole, num(fmtWhole, false)},
		{&st.count, num(fmtCount, false)},
		{&st.countBold, total(fmtCount)},
		{&st.date, num(fmtDate, false)},
		{&st.dateLeft, left(fmtDate)},
		{&st.dateTime, left(fmtDateTime)},
	}
	for _, d := range defs {
		var err error
		if *d.id, err = f.NewStyle(d.s); err != nil {
			return st, err
		}
	}
	for _, v := range analysis.Verdicts {
		c := verdictColours[v]
		var err error
		st.verdict[v], err = f.NewStyle(&excelize.Style{
			Font:      &excelize.Font{Bold: v == analysis.Unprofitable, Family: "Calibri", Size: 11, Color: c.font},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.fill}},
			Alignment: top,
		})
		if err != nil {
			return st, err
		}
	}
	return st, nil
}

// signedFormat turns a money format ("#,##0.00 "EUR";[Red]-#,##0.00
// "EUR"") into one that shows a change with its sign: a plus for a rise.
func signedFormat(money string) string {
	pos, _, _ := strings.Cut(money, ";")
	return "+" + pos + ";-" + pos + ";" + pos
}

func ptr[T any](v T) *T { return &v }
