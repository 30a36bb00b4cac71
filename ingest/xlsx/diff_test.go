package xlsx

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"clientscore/internal/longtest"
)

// The differential test: for every workbook under testdata, every crafted
// workbook of rows_test.go and a set written by excelize, this reader and
// excelize (GetRows with RawCellValue, which iterates Rows+Columns) must
// see the same non-empty values at the same places, the same sheets,
// visibility and date system, and agree on each cell's type, number
// format and formula.
//
// Mapping of excelize's raw values, checked here: a boolean is "1" or "0"
// (the stored value; excelize says TRUE/FALSE only when formatting), an
// error cell its text ("#N/A", "#DIV/0!"), a formula its cached value (""
// when none was saved, so such cells are compared by the formula flag
// only), t="d" the ISO text as stored, and numbers as written.

func TestDifferential(t *testing.T) {
	longtest.Skip(t, "reads every test book with excelize too")
	t.Parallel()
	books := map[string][]byte{}
	files, err := filepath.Glob("testdata/*.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.HasPrefix(b, oleMagic) {
			continue // encrypted: TestErrors
		}
		books[path] = b
	}
	for _, tt := range craftedBooks {
		if tt.skipExcelize != "" {
			continue
		}
		books["crafted/"+tt.name] = zipBytes(t, tt.parts)
	}
	for name, gen := range generatedBooks {
		books["generated/"+name] = gen(t)
	}
	books["generated/bench-shared-strings"] = benchBookBytes(t, 300, false)
	books["generated/bench-stream"] = benchBookBytes(t, 300, true)
	for name, b := range books {
		t.Run(name, func(t *testing.T) { compareWithExcelize(t, b) })
	}
}

func compareWithExcelize(t *testing.T, data []byte) {
	x, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("excelize: %v", err)
	}
	defer x.Close()
	wb, err := openBytes(data, Limits{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer wb.Close()

	props, err := x.GetWorkbookProps()
	if err != nil {
		t.Fatal(err)
	}
	if want := props.Date1904 != nil && *props.Date1904; wb.Date1904() != want {
		t.Errorf("Date1904() = %v, excelize says %v", wb.Date1904(), want)
	}

	// Sheets: excelize lists chart sheets too; this reader leaves them out.
	mine := map[string]SheetInfo{}
	for _, s := range wb.Sheets() {
		mine[s.Name] = s
	}
	var order []string
	for _, name := range x.GetSheetList() {
		s, ok := mine[name]
		if !ok {
			if isChartSheet(x, name) {
				continue
			}
			t.Errorf("sheet %q: excelize lists it, Sheets() does not", name)
			continue
		}
		order = append(order, name)
		visible, err := x.GetSheetVisible(name)
		if err != nil {
			t.Fatal(err)
		}
		if s.Hidden != !visible {
			t.Errorf("sheet %q: Hidden = %v, excelize says visible = %v", name, s.Hidden, visible)
		}
	}
	if len(order) != len(wb.Sheets()) {
		t.Errorf("Sheets() = %v, excelize's worksheets are %v", wb.Sheets(), order)
	}
	for i, s := range wb.Sheets() {
		if i < len(order) && s.Name != order[i] {
			t.Errorf("sheet %d is %q, excelize says %q", i, s.Name, order[i])
		}
	}

	for _, s := range wb.Sheets() {
		compareSheet(t, x, wb, s.Name)
	}
}

// isChartSheet reports whether excelize sees name as a chart sheet: it has
// no worksheet rows to give.
func isChartSheet(x *excelize.File, name string) bool {
	rows, err := x.GetRows(name)
	return err != nil || len(rows) == 0
}

func compareSheet(t *testing.T, x *excelize.File, wb *Workbook, sheet string) {
	rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("excelize GetRows(%q): %v", sheet, err)
	}
	var want []string
	for r, row := range rows {
		for c, v := range row {
			if v != "" {
				want = append(want, fmt.Sprintf("%s %q", cellName(c+1, r+1), v))
			}
		}
	}
	cells, err := readSheet(t, wb, sheet)
	if err != nil {
		t.Fatalf("sheet %q: %v", sheet, err)
	}
	var got []string
	for _, c := range cells {
		if c.Value != "" {
			got = append(got, fmt.Sprintf("%s %q", cellName(c.Col, c.Row), c.Value))
		}
	}
	missing, extra := diffLines(want, got)
	for _, m := range missing {
		t.Errorf("sheet %q: excelize has %s, this reader does not", sheet, m)
	}
	for _, e := range extra {
		t.Errorf("sheet %q: this reader has %s, excelize does not", sheet, e)
	}

	xf0 := General
	if k := wb.impl.kinds; len(k) > 0 {
		xf0 = k[0]
	}
	for _, c := range cells {
		ref := cellName(c.Col, c.Row)
		xt, err := x.GetCellType(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		if want := excelizeType[xt]; c.Type != want {
			t.Errorf("sheet %q cell %s: Type %s, excelize's t says %s", sheet, ref, c.Type, want)
		}
		formula, err := x.GetCellFormula(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		if formula != "" && !c.Formula {
			t.Errorf("sheet %q cell %s: excelize has formula %q, Formula is false", sheet, ref, formula)
		}
		if want := excelizeKind(t, x, sheet, ref); c.Format != want && c.Format != xf0 {
			// excelize falls back to the row's or column's style for a
			// cell with none; a <c> with no s has format 0.
			t.Errorf("sheet %q cell %s: Format %s, excelize's style says %s", sheet, ref, c.Format, want)
		}
		visible, err := x.GetRowVisible(sheet, c.Row)
		if err != nil {
			t.Fatal(err)
		}
		if c.Hidden != !visible {
			t.Errorf("sheet %q row %d: Hidden = %v, excelize says visible = %v", sheet, c.Row, c.Hidden, visible)
		}
	}
	// Formula cells with no cached value are empty to GetRows; check
	// them by the formula alone.
	for _, c := range cells {
		if c.Formula && c.Value == "" {
			ref := cellName(c.Col, c.Row)
			if f, _ := x.GetCellFormula(sheet, ref); f == "" {
				t.Errorf("sheet %q cell %s: Formula with no value, excelize sees no formula", sheet, ref)
			}
		}
	}
}

var excelizeType = map[excelize.CellType]CellType{
	excelize.CellTypeUnset:        Number,
	excelize.CellTypeNumber:       Number,
	excelize.CellTypeBool:         Bool,
	excelize.CellTypeDate:         ISODate,
	excelize.CellTypeError:        Error,
	excelize.CellTypeFormula:      String, // t="str"
	excelize.CellTypeInlineString: String,
	excelize.CellTypeSharedString: String,
}

// excelizeKind classifies the number format excelize reports for a cell.
func excelizeKind(t *testing.T, x *excelize.File, sheet, ref string) FormatKind {
	idx, err := x.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := x.GetStyle(idx)
	if err != nil {
		return General // no styles part
	}
	if st.CustomNumFmt != nil {
		return ClassifyFormat(*st.CustomNumFmt)
	}
	return BuiltinFormat(st.NumFmt)
}

// generatedBooks are written with excelize, each showing what its name
// says.
var generatedBooks = map[string]func(testing.TB) []byte{
	"cell-types":           genCellTypes,
	"hidden-sheets-rows":   genHidden,
	"sparse-cells":         genSparse,
	"date-1904":            genDate1904,
	"stream-inline":        genStream,
	"chart-sheet":          genChartSheet,
	"formulas-with-values": genFormulas,
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func saveBytes(tb testing.TB, f *excelize.File) []byte {
	tb.Helper()
	buf, err := f.WriteToBuffer()
	must(tb, err)
	must(tb, f.Close())
	return buf.Bytes()
}

func style(tb testing.TB, f *excelize.File, s *excelize.Style) int {
	tb.Helper()
	id, err := f.NewStyle(s)
	must(tb, err)
	return id
}

func ptr[T any](v T) *T { return &v }

// genCellTypes: strings (shared), numbers, booleans, dates and durations
// with their formats, rich text, unicode and control characters.
func genCellTypes(tb testing.TB) []byte {
	f := excelize.NewFile()
	const s = "Sheet1"
	date := style(tb, f, &excelize.Style{NumFmt: 14})
	iso := style(tb, f, &excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")})
	stamp := style(tb, f, &excelize.Style{NumFmt: 22})
	hours := style(tb, f, &excelize.Style{CustomNumFmt: ptr("[h]:mm")})
	text := style(tb, f, &excelize.Style{NumFmt: 49})
	eur := style(tb, f, &excelize.Style{CustomNumFmt: ptr("#,##0.00 [$EUR]")})
	pct := style(tb, f, &excelize.Style{NumFmt: 10})
	strs := []string{
		"plain", " padded ", "line1\nline2", "crlf\r\nend", "tab\there", "ctl\x01\x1f",
		"<xml> & \"quotes\" 'apos'", "Zürich 東京 🎉", "_x0041_ literal", "_x005F_", "00123", "1e5",
		strings.Repeat("long ", 2000), "=not a formula", "€1.234,56",
	}
	for i, v := range strs {
		must(tb, f.SetCellValue(s, cellName(1, i+1), v))
	}
	nums := []any{0, -1, 42, int64(math.MaxInt32) * 4, 0.1, 1.0 / 3, 1e-10, 1e21, -97278.87, math.MaxFloat64, float32(2.5), uint8(7)}
	for i, v := range nums {
		must(tb, f.SetCellValue(s, cellName(2, i+1), v))
	}
	must(tb, f.SetCellValue(s, "C1", true))
	must(tb, f.SetCellValue(s, "C2", false))
	day := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	must(tb, f.SetCellValue(s, "D1", day))
	must(tb, f.SetCellStyle(s, "D1", "D1", date))
	must(tb, f.SetCellValue(s, "D2", day))
	must(tb, f.SetCellStyle(s, "D2", "D2", iso))
	must(tb, f.SetCellValue(s, "D3", day.Add(13*time.Hour+30*time.Minute)))
	must(tb, f.SetCellStyle(s, "D3", "D3", stamp))
	must(tb, f.SetCellValue(s, "D4", 37.5/24)) // 37:30 of work
	must(tb, f.SetCellStyle(s, "D4", "D4", hours))
	must(tb, f.SetCellValue(s, "D5", "2026-03-31"))
	must(tb, f.SetCellStyle(s, "D5", "D5", text)) // a date as text
	must(tb, f.SetCellValue(s, "D6", 1234.5))
	must(tb, f.SetCellStyle(s, "D6", "D6", eur))
	must(tb, f.SetCellValue(s, "D7", 0.38))
	must(tb, f.SetCellStyle(s, "D7", "D7", pct))
	must(tb, f.SetCellValue(s, "D8", 90*time.Minute)) // a time.Duration
	must(tb, f.SetCellRichText(s, "E1", []excelize.RichTextRun{
		{Text: "bold ", Font: &excelize.Font{Bold: true}}, {Text: "and plain"},
	}))
	must(tb, f.SetCellDefault(s, "E2", "12.50"))
	must(tb, f.SetCellStr(s, "E3", "as str"))
	must(tb, f.SetCellInt(s, "E4", -7))
	must(tb, f.SetCellFloat(s, "E5", 3.14159, 2, 64))
	must(tb, f.SetCellBool(s, "E6", true))
	return saveBytes(tb, f)
}

// genHidden: a hidden and a very hidden sheet, hidden rows.
func genHidden(tb testing.TB) []byte {
	f := excelize.NewFile()
	_, err := f.NewSheet("Hidden")
	must(tb, err)
	_, err = f.NewSheet("Very hidden")
	must(tb, err)
	for _, s := range []string{"Sheet1", "Hidden", "Very hidden"} {
		for r := 1; r <= 5; r++ {
			must(tb, f.SetCellValue(s, cellName(1, r), fmt.Sprintf("%s row %d", s, r)))
		}
	}
	must(tb, f.SetRowVisible("Sheet1", 2, false))
	must(tb, f.SetRowVisible("Sheet1", 4, false))
	must(tb, f.SetSheetVisible("Hidden", false))
	must(tb, f.SetSheetVisible("Very hidden", false, true))
	return saveBytes(tb, f)
}

// genSparse: cells far apart, up to the last cell of the grid.
func genSparse(tb testing.TB) []byte {
	f := excelize.NewFile()
	const s = "Sheet1"
	// (The corners of the grid are in rows_test.go: excelize takes half
	// a minute to write a cell at XFD1048576.)
	for _, ref := range []string{"A1", "C3", "Z100", "AA100", "XFD1", "A5000", "XFD5000"} {
		must(tb, f.SetCellValue(s, ref, ref))
	}
	must(tb, f.SetCellValue(s, "B3", 2.5))
	return saveBytes(tb, f)
}

// genDate1904: a workbook in the 1904 date system.
func genDate1904(tb testing.TB) []byte {
	f := excelize.NewFile()
	must(tb, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: ptr(true)}))
	date := style(tb, f, &excelize.Style{NumFmt: 14})
	must(tb, f.SetCellValue("Sheet1", "A1", time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)))
	must(tb, f.SetCellStyle("Sheet1", "A1", "A1", date))
	must(tb, f.SetCellValue("Sheet1", "A2", 42735))
	must(tb, f.SetCellStyle("Sheet1", "A2", "A2", date))
	return saveBytes(tb, f)
}

// genStream: what StreamWriter writes: inline strings, rich text, styled
// numbers and dates, formulas with cached values, hidden rows.
func genStream(tb testing.TB) []byte {
	f := excelize.NewFile()
	date := style(tb, f, &excelize.Style{NumFmt: 14})
	hours := style(tb, f, &excelize.Style{CustomNumFmt: ptr("[h]:mm:ss")})
	sw, err := f.NewStreamWriter("Sheet1")
	must(tb, err)
	must(tb, sw.SetRow("A1", []any{"Client", "Date", "Hours", "Amount", "Paid", "Total", "Note"}))
	day := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	for r := 2; r <= 40; r++ {
		row := []any{
			fmt.Sprintf("Client %d & Co <%d>", r%7, r),
			excelize.Cell{StyleID: date, Value: day.AddDate(0, 0, r)},
			excelize.Cell{StyleID: hours, Value: float64(r) / 96},
			float64(r)*100.25 - 3000,
			r%3 == 0,
			excelize.Cell{Formula: fmt.Sprintf("D%d*2", r), Value: (float64(r)*100.25 - 3000) * 2},
			[]excelize.RichTextRun{{Text: "run ", Font: &excelize.Font{Italic: true}}, {Text: fmt.Sprint(r)}},
		}
		if r%5 == 0 {
			row[6] = nil // sparse
		}
		var opts []excelize.RowOpts
		if r%9 == 0 {
			opts = append(opts, excelize.RowOpts{Hidden: true})
		}
		must(tb, sw.SetRow(cellName(1, r), row, opts...))
	}
	must(tb, sw.SetRow("B45", []any{excelize.Cell{Formula: `"a"&"b"`, Value: "ab"}, " spaced "}))
	must(tb, sw.Flush())
	return saveBytes(tb, f)
}

// genChartSheet: a worksheet and a chart sheet, which is no worksheet.
func genChartSheet(tb testing.TB) []byte {
	f := excelize.NewFile()
	for r := 1; r <= 3; r++ {
		must(tb, f.SetCellValue("Sheet1", cellName(1, r), fmt.Sprint("Q", r)))
		must(tb, f.SetCellValue("Sheet1", cellName(2, r), r*10))
	}
	must(tb, f.AddChartSheet("Chart", &excelize.Chart{
		Type:   excelize.Col,
		Series: []excelize.ChartSeries{{Name: "Sheet1!$A$1", Categories: "Sheet1!$A$1:$A$3", Values: "Sheet1!$B$1:$B$3"}},
	}))
	_, err := f.NewSheet("After")
	must(tb, err)
	must(tb, f.SetCellValue("After", "B2", "after the chart"))
	return saveBytes(tb, f)
}

// genFormulas: formulas set through the non-streaming API, whose cached
// values excelize does not compute: the cells have a formula and no value.
func genFormulas(tb testing.TB) []byte {
	f := excelize.NewFile()
	const s = "Sheet1"
	must(tb, f.SetCellValue(s, "A1", 2))
	must(tb, f.SetCellValue(s, "A2", 3))
	must(tb, f.SetCellFormula(s, "A3", "SUM(A1:A2)"))
	must(tb, f.SetCellFormula(s, "B1", "A1*2", excelize.FormulaOpts{Type: ptr(excelize.STCellFormulaTypeShared), Ref: ptr("B1:B2")}))
	return saveBytes(tb, f)
}
