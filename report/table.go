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
	widthDate    // d mmm yyyy
)

// column is one column of a table sheet.
type column struct {
	header string
	style  int
	kind   widthKind
	max    float64 // widest the column may be fitted to; 0 means 50
	wrap   bool    // long text wraps; rows grow to show it
	left   bool    // numbers or dates shown left-aligned, their header too
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
	maxRows    int    // data rows per sheet before the next; 0 means Excel's limit
	// group, when not zero, is the first and last column (1-based) of a
	// column group that opens collapsed; printCols, when not zero, prints
	// only columns A to printCols. The Clients sheet uses both.
	group     [2]int
	printCols int
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
	// Room for the cell's margins, and the indent of an indented column.
	pad := make([]float64, len(t.cols))
	for j, c := range t.cols {
		pad[j] = 1.5
		if c.style == w.st.textIndent || c.style == w.st.wrapIndent {
			pad[j]++
		}
	}
	measure := func(row []cell) {
		for j, c := range row {
			if j >= len(widths) {
				break
			}
			if v := w.cellWidth(t.cols[j].kind, c) + pad[j]; v > widths[j] {
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

// headerWidth is the width a header needs: its longest word in bold, with
// the filter button beside it. Headers wrap at spaces, so a long header
// takes two or three lines rather than widening its column.
func headerWidth(h string) float64 {
	longest := 0.0
	for _, word := range strings.Fields(h) {
		longest = max(longest, displayWidth(word))
	}
	return min(longest*1.1+3, 22)
}

// headerLines is how many lines the tallest of cols' headers takes at
// widths, the columns of a collapsed group aside.
func headerLines(cols []column, widths []float64, group [2]int) int {
	n := 1
	for j, c := range cols {
		if j+1 >= group[0] && j+1 <= group[1] {
			continue // hidden
		}
		// Bold text is about as wide as digits, and the filter button
		// takes two characters.
		n = max(n, wordLines(c.header, (widths[j]-2)*1.05))
	}
	return n
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
		return 11
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

// styledWidth is the number of characters c shows as in a cell of style.
func (w *writer) styledWidth(style int, c cell) float64 {
	st := &w.st
	kind := widthText
	switch style {
	case st.money, st.moneyBold:
		kind = widthMoney
	case st.percent, st.percentBold:
		kind = widthPercent
	case st.count, st.countBold:
		kind = widthCount
	case st.days:
		kind = widthDays
	case st.decimal2:
		kind = widthDecimal
	case st.whole:
		kind = widthWhole
	case st.date, st.dateLeft:
		kind = widthDate
	case st.dateTime:
		return displayWidth("31 Oct 2026 06:00")
	}
	return w.cellWidth(kind, c)
}

// writeTable streams t onto the sheets names, at most t.maxRows data rows
// on each (the header row is repeated on every sheet). The sheets must
// exist and be empty.
func (w *writer) writeTable(names []string, t table) error {
	return w.streamTable(names, t).write()
}

// tableStream is a table being streamed onto its sheets. write streams it
// all; fillBeside streams its first sheet's rows on a goroutine of their
// own while the caller writes other sheets.
type tableStream struct {
	w      *writer
	names  []string
	t      table
	widths []float64
	next   func() ([]cell, bool)
	stop   func()
	row    []cell // the next row to write, when more
	more   bool
	part   int         // the index in names of the sheet being written
	ts     *tableSheet // that sheet, once started
}

// streamTable fits t's column widths and readies its rows.
func (w *writer) streamTable(names []string, t table) *tableStream {
	if t.maxRows == 0 {
		t.maxRows = excelMaxRows - 1
	}
	t.cols = w.indentAfterNumbers(t.cols)
	s := &tableStream{w: w, names: names, t: t, widths: w.fitWidths(t)}
	s.next, s.stop = iter.Pull(t.rows)
	s.row, s.more = s.next()
	return s
}

// fill streams rows onto the sheet being written until it is full or the
// rows run out. It calls nothing of the workbook's but the sheet's own
// stream writer.
func (s *tableStream) fill() {
	ts := s.ts
	for s.more && ts.rows < s.t.maxRows && ts.err == nil {
		ts.row(s.row)
		s.row, s.more = s.next()
	}
}

// fillBeside starts the first sheet and fills it on a goroutine, so that
// the rows of a big table (the Invoices sheet) stream on one core while
// the caller writes the other sheets on another. The returned channel
// closes when the goroutine is done; until then the caller may use the
// workbook for anything but this table, and must then call write (or
// stop, to give up).
func (s *tableStream) fillBeside() <-chan struct{} {
	s.ts = s.w.startTable(s.names[0], s.t, s.widths)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.fill()
	}()
	return done
}

// write streams the rest of the table, from where it stands, and ends
// each of its sheets.
func (s *tableStream) write() error {
	defer s.stop()
	for ; s.part < len(s.names); s.part++ {
		name := s.names[s.part]
		if s.ts == nil {
			s.ts = s.w.startTable(name, s.t, s.widths)
		}
		s.fill()
		last := s.part == len(s.names)-1
		if last && s.more && s.ts.err == nil {
			return fmt.Errorf("sheet %s: more rows than the sheets made for them", name)
		}
		if err := s.ts.finish(s.part == 0, last); err != nil {
			return err
		}
		s.ts = nil
	}
	return nil
}

// indentAfterNumbers gives a text column right after a number column a
// little room: its style and its header's are indented.
func (w *writer) indentAfterNumbers(cols []column) []column {
	cols = slices.Clone(cols)
	for j := 1; j < len(cols); j++ {
		if cols[j].kind != widthText || cols[j-1].kind == widthText {
			continue
		}
		switch cols[j].style {
		case w.st.text:
			cols[j].style = w.st.textIndent
		case w.st.wrap:
			cols[j].style = w.st.wrapIndent
		}
	}
	return cols
}

// tableSheet is one sheet of a table being streamed. It keeps its first
// error; finish returns it.
type tableSheet struct {
	sticky
	w      *writer
	name   string
	t      *table
	widths []float64
	sw     *excelize.StreamWriter
	rows   int   // data rows written
	vals   []any // one row's values, reused: they point into buf
	buf    []excelize.Cell
}

// startTable sets up sheet name for t (print setup, column widths and
// groups, frozen panes) and writes its header row.
func (w *writer) startTable(name string, t table, widths []float64) *tableSheet {
	ts := &tableSheet{w: w, name: name, t: &t, widths: widths,
		vals: make([]any, len(t.cols)), buf: make([]excelize.Cell, len(t.cols))}
	if !ts.keep(w.setPrint(name, printSetup{areaCols: t.printCols})) {
		return ts
	}
	var err error
	ts.sw, err = w.f.NewStreamWriter(name)
	if !ts.keep(err) {
		return ts
	}
	// Last column first: excelize puts each new column in front, and the
	// stream writes them as they stand; Excel wants them ascending.
	for col := len(widths); col >= 1; col-- {
		ts.keep(ts.sw.SetColWidth(col, col, math.Round(widths[col-1]*10)/10))
		if g := t.group; col >= g[0] && col <= g[1] {
			ts.keep(ts.sw.SetColOutlineLevel(col, 1))
			ts.keep(ts.sw.SetColVisible(col, col, false))
		}
	}
	ts.keep(ts.sw.SetPanes(freezePanes(t.freezeCols)))
	for j, c := range t.cols {
		style := w.st.header
		switch {
		case c.kind != widthText && !c.left: // numbers and dates stand right
			style = w.st.headerRight
		case c.style == w.st.textIndent || c.style == w.st.wrapIndent:
			style = w.st.headerIndent
		}
		ts.vals[j] = excelize.Cell{StyleID: style, Value: c.header}
	}
	if ts.err == nil {
		height := excelize.RowOpts{Height: float64(headerLines(t.cols, widths, t.group)) * 15}
		ts.keep(ts.sw.SetRow("A1", ts.vals, height))
	}
	return ts
}

// row writes one data row.
func (ts *tableSheet) row(row []cell) {
	ts.rows++
	ts.write(ts.rows+1, row)
}

// finish writes the note of an empty table (on the first sheet) and the
// total row (on the last), sets the filter over the header and data rows,
// and ends the sheet.
func (ts *tableSheet) finish(first, last bool) error {
	if ts.err != nil {
		return ts.err
	}
	r := ts.rows + 1
	filterEnd := r
	if ts.rows == 0 && first && ts.t.emptyNote != "" {
		r++
		ts.keep(ts.sw.SetRow("A2", []any{excelize.Cell{StyleID: ts.w.st.note, Value: ts.t.emptyNote}}))
	}
	if last && ts.t.total != nil {
		r++
		ts.write(r, ts.t.total)
	}
	lastCol, _ := excelize.ColumnNumberToName(len(ts.t.cols))
	ts.keep(ts.w.f.AutoFilter(ts.name, fmt.Sprintf("A1:%s%d", lastCol, filterEnd), nil))
	ts.keep(ts.sw.Flush())
	return ts.err
}

// write writes row at row number r, growing its height when a wrapped
// cell needs more than one line. A row costs no allocation beyond its
// values.
func (ts *tableSheet) write(r int, row []cell) {
	if ts.err != nil {
		return
	}
	cols, vals, buf := ts.t.cols, ts.vals, ts.buf
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
				lines = max(lines, wrappedLines(c.text, ts.widths[j]))
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
	ts.keep(ts.sw.SetRow("A"+strconv.Itoa(r), vals, opts...))
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
