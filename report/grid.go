package report

import (
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"clientscore/internal/clip"
)

// sticky keeps the first error it is given, as bufio.Writer does: a writer
// that embeds it records each step's error and checks once, at the end.
type sticky struct{ err error }

// keep records err unless an earlier error is kept; it reports whether no
// error is kept.
func (s *sticky) keep(err error) bool {
	if s.err == nil {
		s.err = err
	}
	return s.err == nil
}

// gridCols is the most columns a grid sheet lays out.
const gridCols = 12

// grid writes a small sheet cell by cell in excelize's normal mode (the
// Summary, Sources and a dossier's Dossier sheet: charts and merged prose
// need that mode), a row at a time, fitting each column's width to what it
// writes. It writes into a block of columns at a time, so that two blocks
// can stand side by side. It keeps its first error: once a call fails, the
// later ones do nothing, and the caller checks err once, when it calls
// fit.
type grid struct {
	sticky
	w      *writer
	sheet  string
	row    int                   // the row being written, 1-based
	left   int                   // the block's first column, 1-based
	cols   int                   // the block's columns: prose spreads over them
	widths [gridCols + 1]float64 // by 1-based column
	caps   [gridCols + 1]float64 // the widest each column may be fitted to; 0 means 60
	// numbers are the widths of each column's widest number, which no
	// cap narrows: a number too wide for its cell shows as ###.
	numbers [gridCols + 1]float64
	wraps   []wrappedCell // wrapped text, the heights of its rows set by fit
	// oneLine cuts prose to one line of its block's width (by the caps)
	// instead of wrapping it: blocks side by side share their rows, so a
	// tall row in one would open gaps in the other.
	oneLine bool
}

// wrappedCell is a wrapped text in a cell, or merged over cols columns;
// a header's is bold.
type wrappedCell struct {
	row, col, cols int
	text           string
	header         bool
}

func newGrid(w *writer, sheet string, cols int) *grid {
	return &grid{w: w, sheet: sheet, row: 1, left: 1, cols: cols}
}

// block starts writing cols columns from column left at row.
func (g *grid) block(left, cols, row int) {
	g.left, g.cols, g.row = left, cols, row
}

func (g *grid) ref(col int) string {
	name, _ := excelize.CoordinatesToCellName(g.left+col-1, g.row)
	return name
}

// set writes c in the block's column col (1-based) of the current row
// with style (c's own style wins); fit says whether the column's width
// should fit it.
func (g *grid) set(col int, c cell, style int, fit bool) {
	if g.err != nil {
		return
	}
	f, ref := g.w.f, g.ref(col)
	switch c.kind {
	case textCell:
		g.keep(f.SetCellStr(g.sheet, ref, c.text))
	case numberCell:
		g.keep(f.SetCellFloat(g.sheet, ref, c.num, -1, 64))
	}
	if c.style != 0 {
		style = c.style
	}
	if style != 0 {
		g.keep(f.SetCellStyle(g.sheet, ref, ref, style))
	}
	if abs := g.left + col - 1; abs <= gridCols {
		wd := g.w.styledWidth(style, c) + 2
		if fit {
			g.widths[abs] = math.Max(g.widths[abs], wd)
		}
		if c.kind == numberCell {
			g.numbers[abs] = math.Max(g.numbers[abs], wd)
		}
	}
}

// line writes a row of cells from the block's first column, each with its
// style, fitting widths.
func (g *grid) line(styles []int, cells ...cell) {
	for j, c := range cells {
		st := 0
		if j < len(styles) {
			st = styles[j]
		}
		g.set(j+1, c, st, true)
	}
	g.row++
}

// header writes a table's header row. Headers of number columns, marked
// with a leading '>', are right-aligned like their numbers.
func (g *grid) header(names ...string) {
	prevRight := false
	for j, n := range names {
		style := g.w.st.header
		if prevRight {
			style = g.w.st.headerIndent
		}
		right, isRight := strings.CutPrefix(n, ">")
		if isRight {
			n, style = right, g.w.st.headerRight
		}
		prevRight = isRight
		g.set(j+1, text(n), style, false)
		if abs := g.left + j; abs <= gridCols {
			g.widths[abs] = math.Max(g.widths[abs], headerWidth(n)-1)
		}
		g.wraps = append(g.wraps, wrappedCell{row: g.row, col: g.left + j, cols: 1, text: n, header: true})
	}
	g.row++
}

// section starts a section with a heading, after a blank row unless it is
// the block's first.
func (g *grid) section(title string, first bool) {
	if !first {
		g.row++
	}
	g.set(1, text(title), g.w.st.section, false)
	g.row++
}

// label writes a bold line of its own: the title of a list.
func (g *grid) label(t string) {
	g.set(1, text(t), g.w.st.label, false)
	g.row++
}

// prose writes a line of text over the block's columns, wrapped: a note in
// grey italics when note is set.
func (g *grid) prose(t string, note bool) {
	if g.oneLine {
		t = cutToWidth(t, g.capSpan())
	}
	c := text(t)
	style := g.w.st.wrap
	if note {
		style = g.w.st.noteWrap
	}
	g.set(1, c, style, false)
	if g.cols > 1 && g.err == nil {
		last, _ := excelize.CoordinatesToCellName(g.left+g.cols-1, g.row)
		g.keep(g.w.f.MergeCell(g.sheet, g.ref(1), last))
	}
	g.wrapped(1, g.cols, c.text)
	g.row++
}

// wrapped notes that the current row holds text wrapped in the block's
// column col, over cols columns: fit makes the row tall enough for it.
func (g *grid) wrapped(col, cols int, t string) {
	g.wraps = append(g.wraps, wrappedCell{row: g.row, col: g.left + col - 1, cols: cols, text: t})
}

// pair writes a label and its value on one line, and a note after the
// value when there is one. A long text value is not fitted: it runs on
// over the empty cells to its right.
func (g *grid) pair(label string, value cell, style int, note string) {
	g.set(1, text(label), g.w.st.label, true)
	g.set(2, value, style, value.kind != textCell || displayWidth(value.text) <= 20)
	if note != "" {
		g.set(3, text(note), g.w.st.noteIndent, false)
	}
	g.row++
}

// more writes the note that ends a cut list: "… and 4 more (see the
// Clients sheet)".
func (g *grid) more(n int, where string) {
	g.prose("… and "+thousands(int64(n))+" more ("+where+")", true)
}

// fit sets the column widths to what was written, within their caps (and
// at least 8), then the heights of the wrapped prose lines that depend on
// them. It returns the first error of all the grid's calls.
func (g *grid) fit() error {
	for col := 1; col <= gridCols && g.err == nil; col++ {
		if g.widths[col] == 0 {
			continue
		}
		limit := g.caps[col]
		if limit == 0 {
			limit = 60
		}
		g.widths[col] = math.Max(math.Min(math.Max(g.widths[col], 8), limit), g.numbers[col])
		g.keep(g.w.f.SetColWidth(g.sheet, colName(col), colName(col), g.widths[col]))
	}
	lines := map[int]int{}
	var rows []int
	for _, c := range g.wraps {
		n := wrappedLines(c.text, g.span(c.col, c.cols))
		if c.header {
			n = wordLines(c.text, (g.span(c.col, c.cols)-1)*1.1) // bold: wider than prose
		}
		if n > lines[c.row] {
			if lines[c.row] == 0 {
				rows = append(rows, c.row)
			}
			lines[c.row] = n
		}
	}
	for _, r := range rows {
		if n := lines[r]; n > 1 && g.err == nil {
			g.keep(g.w.f.SetRowHeight(g.sheet, r, math.Min(float64(n)*15, excelize.MaxRowHeight)))
		}
	}
	return g.err
}

// span is the width of cols columns from left, as fit set them (8, the
// least, for a column nothing was written in).
func (g *grid) span(left, cols int) float64 {
	total := 0.0
	for col := left; col < left+cols && col <= gridCols; col++ {
		total += math.Max(g.widths[col], 8)
	}
	return total
}

// capSpan is the widest the block's columns may be fitted to.
func (g *grid) capSpan() float64 {
	total := 0.0
	for col := g.left; col < g.left+g.cols && col <= gridCols; col++ {
		total += g.caps[col]
	}
	return total
}

// cutToWidth cuts s to about width characters, ending with "…" when it
// cuts.
func cutToWidth(s string, width float64) string {
	if width < 1 {
		return s
	}
	return clip.Runes(s, int(width))
}

func colName(col int) string {
	n, _ := excelize.ColumnNumberToName(col)
	return n
}
