package report

import (
	"fmt"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"clientscore/analysis"
)

// excelMaxRows is the number of rows a worksheet holds.
const excelMaxRows = 1048576

// cellKind says what a cell holds.
type cellKind uint8

const (
	blankCell cellKind = iota
	textCell
	numberCell
)

// cell is one value to write. style 0 means the column's style.
type cell struct {
	kind  cellKind
	text  string
	num   float64
	style int
}

// styled returns c with the given style: a total row's bold figures.
func (c cell) styled(style int) cell {
	c.style = style
	return c
}

// text returns a string cell holding s, cleaned for XML and cut to fit.
func text(s string) cell {
	if s == "" {
		return cell{}
	}
	return cell{kind: textCell, text: cleanText(s)}
}

// number returns a numeric cell; NaN and infinities are blank (a cell must
// never hold a number as text).
func number(f float64) cell {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return cell{}
	}
	return cell{kind: numberCell, num: f}
}

// maybe returns a numeric cell for a valid figure and a blank one for a
// blank figure.
func maybe(m analysis.Maybe) cell {
	if !m.Valid {
		return cell{}
	}
	return number(m.Value)
}

// excelEpoch is the Date of serial 0 in Excel's 1900 date system (valid for
// every date from 1 March 1900).
var excelEpoch = analysis.NewDate(1899, time.December, 30)

// dateSerial returns d as an Excel date serial.
func dateSerial(d analysis.Date) float64 { return float64(analysis.Days(excelEpoch, d)) }

// date returns a date cell, blank for the zero Date.
func date(d analysis.Date) cell {
	if d.IsZero() {
		return cell{}
	}
	return number(dateSerial(d))
}

// widthKind says how a column's numbers display, for fitting its width.
type widthKind uint8

const (
	widthText widthKind = iota
	widthMoney
	widthPercent // 0.0%
	widthDays    // 0.0
	widthDecimal // 0.00
	widthWhole   // 0
	widthCount   // #,##0
	widthDate    // yyyy-mm-dd
)

// column is one column of a table sheet.
type column struct {
	header string
	style  int
	kind   widthKind
	max    float64 // widest the column may be fitted to; 0 means 50
	wrap   bool    // long text wraps; rows grow to show it
}

// table is one table sheet: a header row, data rows, and an optional total
// row under them. rows yields each data row; the slice it yields may be
// reused between rows.
type table struct {
	cols       []column
	freezeCols int // columns kept in view when scrolling right (0 or 1)
	rows       iter.Seq[[]cell]
	total      []cell // written under the last part's rows; nil for none
	emptyNote  string // written under the header when there are no rows
	pagesWide  int    // pages the sheet prints across (0 means 1)
	maxRows    int    // data rows per sheet before the next; 0 means Excel's limit
}

// fitWidths returns each column's width in characters: the widest header
// or value, plus room for the filter button, capped.
func (w *writer) fitWidths(t table) []float64 {
	widths := make([]float64, len(t.cols))
	for j, c := range t.cols {
		// Bold header text is about 10% wider, and the filter button takes
		// about two characters.
		widths[j] = headerWidth(c.header)
	}
	measure := func(row []cell) {
		for j, c := range row {
			if j >= len(widths) {
				break
			}
			if v := w.cellWidth(t.cols[j].kind, c) + 1.5; v > widths[j] {
				widths[j] = v
			}
		}
	}
	for row := range t.rows {
		measure(row)
	}
	if t.total != nil {
		measure(t.total)
	}
	for j, c := range t.cols {
		limit := c.max
		if limit == 0 {
			limit = 50
		}
		widths[j] = math.Min(math.Max(widths[j], 6), limit)
	}
	return widths
}

// headerWidth is the width a header needs on one line, with its filter
// button; long headers are wrapped rather than fitted.
func headerWidth(h string) float64 {
	return math.Min(displayWidth(h)*1.1+3, 22)
}

// cellWidth is the number of characters c shows as under kind.
func (w *writer) cellWidth(kind widthKind, c cell) float64 {
	switch c.kind {
	case blankCell:
		return 0
	case textCell:
		return displayWidth(c.text)
	}
	v := c.num
	sign := 0.0
	if v < 0 {
		sign, v = 1, -v
	}
	switch kind {
	case widthMoney:
		n := intDigits(v)
		wd := float64(n + (n-1)/3)
		if w.digits > 0 {
			wd += float64(w.digits + 1)
		}
		if w.code != "" {
			wd += float64(len(w.code) + 1)
		}
		return wd + sign
	case widthPercent:
		return float64(intDigits(v*100)+3) + sign
	case widthDays:
		return float64(intDigits(v)+2) + sign
	case widthDecimal:
		return float64(intDigits(v)+3) + sign
	case widthCount:
		n := intDigits(v)
		return float64(n+(n-1)/3) + sign
	case widthDate:
		return 10
	default:
		return float64(intDigits(v)) + sign
	}
}

// intDigits is the number of digits of v's integer part (at least 1).
func intDigits(v float64) int {
	if v < 10 {
		return 1
	}
	return len(strconv.FormatFloat(math.Floor(v), 'f', 0, 64))
}

// prepareSheet sets what must be set on a sheet before it streams: print
// settings (landscape, fit to one page wide, header row repeated) and the
// fit-to-page flag.
func (w *writer) prepareSheet(name string, headerRows, titleCols, pagesWide int) error {
	if err := w.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return err
	}
	if err := w.f.SetPageLayout(name, &excelize.PageLayoutOptions{
		Orientation: ptr("landscape"),
		FitToWidth:  ptr(max(pagesWide, 1)),
		FitToHeight: ptr(0),
	}); err != nil {
		return err
	}
	if err := w.f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{
		Left: ptr(0.4), Right: ptr(0.4), Top: ptr(0.5), Bottom: ptr(0.5),
	}); err != nil {
		return err
	}
	var titles []string
	if titleCols > 0 {
		titles = append(titles, fmt.Sprintf("'%s'!$A:$%s", name, colName(titleCols)))
	}
	if headerRows > 0 {
		titles = append(titles, fmt.Sprintf("'%s'!$1:$%d", name, headerRows))
	}
	if len(titles) == 0 {
		return nil
	}
	return w.f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: strings.Join(titles, ","),
		Scope:    name,
	})
}

// writeTable streams t onto the sheets names, at most t.maxRows data rows
// on each (the header row is repeated on every sheet). The sheets must
// exist and be empty.
func (w *writer) writeTable(names []string, t table) error {
	if t.maxRows == 0 {
		t.maxRows = excelMaxRows - 1
	}
	widths := w.fitWidths(t)
	// Text right after a right-aligned number gets a little room.
	t.cols = slices.Clone(t.cols)
	for j := 1; j < len(t.cols); j++ {
		if t.cols[j].kind != widthText || t.cols[j-1].kind == widthText {
			continue
		}
		switch t.cols[j].style {
		case w.st.text:
			t.cols[j].style = w.st.textIndent
		case w.st.wrap:
			t.cols[j].style = w.st.wrapIndent
		}
	}
	next, stop := iter.Pull(t.rows)
	defer stop()
	row, more := next()
	for part, name := range names {
		last := part == len(names)-1
		titleCols := 0
		if t.pagesWide > 1 {
			titleCols = t.freezeCols
		}
		if err := w.prepareSheet(name, 1, titleCols, t.pagesWide); err != nil {
			return err
		}
		sw, err := w.f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		// Last column first: excelize puts each new width in front, and
		// the stream writes them as they stand; Excel wants them ascending.
		for j := len(widths) - 1; j >= 0; j-- {
			if err := sw.SetColWidth(j+1, j+1, math.Round(widths[j]*10)/10); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(freezePanes(t.freezeCols)); err != nil {
			return err
		}
		vals := make([]any, len(t.cols))
		buf := make([]excelize.Cell, len(t.cols))
		for j, c := range t.cols {
			style := w.st.header
			switch {
			case c.kind != widthText && c.kind != widthDate:
				style = w.st.headerRight
			case c.style == w.st.textIndent || c.style == w.st.wrapIndent:
				style = w.st.headerIndent
			}
			vals[j] = excelize.Cell{StyleID: style, Value: c.header}
		}
		if err := sw.SetRow("A1", vals); err != nil {
			return err
		}
		r := 1
		for more && r-1 < t.maxRows {
			r++
			if err := w.streamRow(sw, r, t.cols, widths, row, vals, buf); err != nil {
				return err
			}
			row, more = next()
		}
		if last && more {
			return fmt.Errorf("sheet %s: more rows than the sheets made for them", name)
		}
		filterEnd := r
		if r == 1 && part == 0 && t.emptyNote != "" {
			r++
			if err := sw.SetRow("A2", []any{excelize.Cell{StyleID: w.st.note, Value: t.emptyNote}}); err != nil {
				return err
			}
		}
		if last && t.total != nil {
			r++
			if err := w.streamRow(sw, r, t.cols, widths, t.total, vals, buf); err != nil {
				return err
			}
		}
		lastCol, _ := excelize.ColumnNumberToName(len(t.cols))
		if err := w.f.AutoFilter(name, fmt.Sprintf("A1:%s%d", lastCol, filterEnd), nil); err != nil {
			return err
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// streamRow writes one row at row number r, growing its height when a
// wrapped cell needs more than one line.
// vals and buf are reused from row to row: vals points into buf, so a row
// costs no allocation beyond its values.
func (w *writer) streamRow(sw *excelize.StreamWriter, r int, cols []column, widths []float64, row []cell, vals []any, buf []excelize.Cell) error {
	lines := 1
	for j, c := range row {
		if j >= len(cols) {
			break
		}
		col := cols[j]
		style := c.style
		if style == 0 {
			style = col.style
		}
		switch c.kind {
		case blankCell:
			vals[j] = nil
		case textCell:
			buf[j] = excelize.Cell{StyleID: style, Value: c.text}
			vals[j] = &buf[j]
			if col.wrap {
				lines = max(lines, wrappedLines(c.text, widths[j]))
			}
		case numberCell:
			buf[j] = excelize.Cell{StyleID: style, Value: c.num}
			vals[j] = &buf[j]
		}
	}
	for j := len(row); j < len(vals); j++ {
		vals[j] = nil
	}
	var opts []excelize.RowOpts
	if lines > 1 {
		opts = append(opts, excelize.RowOpts{Height: math.Min(float64(lines)*15, excelize.MaxRowHeight)})
	}
	return sw.SetRow("A"+strconv.Itoa(r), vals, opts...)
}

// freezePanes keeps the header row, and the first cols columns, in view.
func freezePanes(cols int) *excelize.Panes {
	top, _ := excelize.CoordinatesToCellName(cols+1, 2)
	pane := "bottomLeft"
	if cols > 0 {
		pane = "bottomRight"
	}
	return &excelize.Panes{
		Freeze:      true,
		XSplit:      cols,
		YSplit:      1,
		TopLeftCell: top,
		ActivePane:  pane,
		Selection:   []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: pane}},
	}
}
