package report

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// printSetup says how a sheet prints beyond what every sheet does:
// landscape, one page wide, row 1 (the header row, or the title) repeated
// on every page, a page header naming the workbook, the sheet and the
// as-of date, and a footer "page N of M".
type printSetup struct {
	onePage bool // one page tall too (the Summary)
	// areaCols, when not 0, prints only columns A to this one (the Clients
	// sheet prints its first ten columns and Evidence; see
	// clientsFixedCols).
	areaCols int
}

// setPrint applies p to sheet. It must be called before the sheet streams.
func (w *writer) setPrint(sheet string, p printSetup) error {
	s := &sticky{}
	s.keep(w.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)}))
	tall := 0 // as many pages as it takes
	if p.onePage {
		tall = 1
	}
	s.keep(w.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Orientation: ptr("landscape"),
		FitToWidth:  ptr(1),
		FitToHeight: ptr(tall),
	}))
	s.keep(w.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: ptr(0.4), Right: ptr(0.4), Top: ptr(0.6), Bottom: ptr(0.6), Header: ptr(0.3), Footer: ptr(0.3),
	}))
	s.keep(w.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: w.pageHeader(),
		OddFooter: "&C&8page &P of &N",
	}))
	quoted := "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
	s.keep(w.f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: quoted + "!$1:$1",
		Scope:    sheet,
	}))
	if p.areaCols > 0 {
		s.keep(w.f.SetDefinedName(&excelize.DefinedName{
			Name:     "_xlnm.Print_Area",
			RefersTo: fmt.Sprintf("%s!$A:$%s", quoted, colName(p.areaCols)),
			Scope:    sheet,
		}))
	}
	return s.err
}

// pageHeader is the header of every printed page: the workbook's title on
// the left, the sheet's name in the middle, the as-of date and currency on
// the right, in 8 point type. The title is cut to 80 characters, so the
// whole stays within the 255 Excel keeps even when every one is a doubled
// &.
func (w *writer) pageHeader() string {
	title := []rune(w.title)
	if len(title) > 80 {
		title = append(title[:79], '…')
	}
	return `&L&8&"-,Bold"` + headerText(string(title)) + "&C&8&A" +
		"&R&8as of " + dateWords(w.res.Rules.AsOf) + ", amounts in " + headerText(w.res.Rules.Currency)
}

// headerText makes s safe inside a page header: & starts a code there, so
// a literal one is doubled, and control characters (line breaks among
// them) become spaces.
func headerText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.ReplaceAll(s, "&", "&&")
}
