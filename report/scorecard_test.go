package report

import (
	"archive/zip"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"clientscore/analysis"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// writeFixture writes sc to a fresh folder and opens it for reading as a
// user's tools would.
func writeFixture(t *testing.T, sc *Scorecard, maxRows int) (string, *excelize.File) {
	t.Helper()
	path := filepath.Join(t.TempDir(), ScorecardName(sc.Result.Rules.AsOf))
	if err := writeScorecard(path, sc, maxRows); err != nil {
		t.Fatalf("writeScorecard: %v", err)
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("open the written scorecard: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return path, f
}

// sheetXML returns the XML of a sheet, read straight from the zip.
func sheetXML(t *testing.T, path string, f *excelize.File, sheet string) string {
	t.Helper()
	idx, err := f.GetSheetIndex(sheet)
	if err != nil || idx < 0 {
		t.Fatalf("no sheet %q", sheet)
	}
	name := fmt.Sprintf("xl/worksheets/sheet%d.xml", idx+1)
	return zipPart(t, path, name)
}

func zipPart(t *testing.T, path, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if zf.Name != name {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Fatalf("%s has no part %s", path, name)
	return ""
}

// numFmt returns the number format of a cell: its custom code, or the
// built-in id as "#14".
func numFmt(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return "#" + strconv.Itoa(st.NumFmt)
}

// findRow returns the 1-based row whose column A holds want. It reads
// rows only up to that one.
func findRow(t *testing.T, f *excelize.File, sheet, want string) int {
	t.Helper()
	rows, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for i := 1; rows.Next(); i++ {
		r, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		if len(r) > 0 && r[0] == want {
			return i
		}
	}
	t.Fatalf("sheet %s has no row for %q", sheet, want)
	return 0
}

func cellValue(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// colOf returns the letter of the column whose header (row 1) is header.
// It reads cell by cell: excelize's row reader first writes back to XML a
// sheet an earlier call loaded (most have, in the shared fixture), which
// takes a while under -race.
func colOf(t *testing.T, f *excelize.File, sheet, header string) string {
	t.Helper()
	for j := 1; ; j++ {
		switch cellValue(t, f, sheet, colName(j)+"1") {
		case header:
			return colName(j)
		case "":
			t.Fatalf("sheet %s has no column %q", sheet, header)
			return ""
		}
	}
}

// dumpWorkbook writes every sheet as text: each row's raw values, tab
// separated, and the number format of each cell in the first data row.
func dumpWorkbook(t *testing.T, f *excelize.File) string {
	t.Helper()
	var b strings.Builder
	names := f.GetDefinedName()
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "== %s ==\n", sheet)
		fmt.Fprintf(&b, "print:\t%s\n", printSummary(t, f, sheet, names))
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			cells := make([]string, len(row))
			for j, c := range row {
				c = strings.ReplaceAll(c, "\n", `\n`)
				if n := utf8.RuneCountInString(c); n > 160 {
					c = string([]rune(c)[:160]) + fmt.Sprintf("…(%d chars)", n)
				}
				cells[j] = c
			}
			fmt.Fprintf(&b, "%d\t%s\n", i+1, strings.Join(cells, "\t"))
		}
		if len(rows) > 1 && sheet != sheetSummary && sheet != sheetSources {
			var formats []string
			for j := range rows[1] {
				ref, _ := excelize.CoordinatesToCellName(j+1, 2)
				formats = append(formats, numFmt(t, f, sheet, ref))
			}
			fmt.Fprintf(&b, "formats of row 2:\t%s\n", strings.Join(formats, "\t"))
		}
	}
	return b.String()
}

// printSummary says how a sheet prints: orientation, pages wide and tall,
// its print titles and area, and its page header and footer.
func printSummary(t *testing.T, f *excelize.File, sheet string, names []excelize.DefinedName) string {
	t.Helper()
	pl, err := f.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	hf, err := f.GetHeaderFooter(sheet)
	if err != nil {
		t.Fatal(err)
	}
	s := fmt.Sprintf("%s %dx%d", deref(pl.Orientation), deref(pl.FitToWidth), deref(pl.FitToHeight))
	for _, n := range names {
		if n.Scope == sheet {
			s += " " + strings.TrimPrefix(n.Name, "_xlnm.") + "=" + n.RefersTo
		}
	}
	if hf != nil {
		s += " header=" + hf.OddHeader + " footer=" + hf.OddFooter
	}
	return s
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func TestGolden(t *testing.T) {
	_, f := fixtureWorkbook(t)
	got := dumpWorkbook(t, f)
	golden := filepath.Join("testdata", "scorecard.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("workbook differs from %s at line %d:\n got: %q\nwant: %q\n(run go test -update if the change is intended)", golden, i+1, g, w)
			}
		}
	}
}

func TestSheetsAndHeaders(t *testing.T) {
	_, f := fixtureWorkbook(t)
	wantSheets := []string{"Summary", "Clients", "Aging", "Open invoices", "Invoices", "Data issues", "Sources", "Definitions"}
	if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
		t.Fatalf("sheets = %q, want %q", got, wantSheets)
	}
	tests := []struct {
		sheet string
		want  []string // the header row, or its first cells
	}{
		{"Clients", []string{
			// The spec's first ten, exactly.
			"Client", "Verdict", "Flags", "Revenue", "Support cost", "Profit", "Margin", "Avg days late", "Weighted days late", "Disputes",
			// The other metrics in the spec's order.
			"Invoiced", "Credit notes", "Collected", "Refunds", "Delivery cost", "Expenses", "Hours", "Revenue per hour",
			"Late-payment cost", "Revenue share", "Invoices", "Weighted days late, last 90 days", "Max days late", "Avg days to pay",
			"Late invoices", "Open overdue", "Severely late", "Outstanding", "Overdue", "DSO", "Dispute rate", "Contacts",
			"Support hours", "After-hours contacts", "Contacts per month", "Price change needed",
			"Evidence", "Renewal date", "Owner"}},
		{"Aging", []string{"Client", "Owner", "Current", "1–30", "31–60", "61–90", "91–120", "Over 120", "Outstanding", "% overdue"}},
		{"Open invoices", []string{"Client", "Owner", "Invoice", "Issue date", "Due date", "Amount", "Open balance", "Days overdue", "Bucket", "Last payment"}},
		{"Invoices", []string{"Client", "Invoice", "Issue date", "Due date", "Amount", "Paid", "Balance", "Settled", "Days late", "Status", "Disputed"}},
		{"Data issues", []string{"Severity", "File", "Sheet", "Row", "Column", "Value", "Problem"}},
		{"Sources", []string{"Input", "File", "Sheet", "Rows read", "Rejected", "SHA-256"}},
		{"Definitions", []string{"Term", "Meaning"}},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			rows, err := f.GetRows(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if got := rows[0]; !slices.Equal(got, tt.want) {
				t.Errorf("header row =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestCells(t *testing.T) {
	path, f := fixtureWorkbook(t)
	acme := strconv.Itoa(findRow(t, f, "Clients", "Acme Ltd"))
	zero := strconv.Itoa(findRow(t, f, "Clients", "Zero Revenue Co"))
	col := func(header string) string { return colOf(t, f, "Clients", header) }
	money := `#,##0.00 "EUR";[Red]-#,##0.00 "EUR"`
	tests := []struct {
		name       string
		sheet, ref string
		value      string
		format     string
	}{
		// Acme's Revenue is 1,000,000 minor units: 10,000.00 EUR, a number.
		{"revenue is money", "Clients", "D" + acme, "10000", money},
		// Profit 10,000.00 − 6,200.00 = 3,800.00.
		{"profit is money", "Clients", "F" + acme, "3800", money},
		// Margin 3,800 / 10,000 = 0.38, shown as 38.0%.
		{"margin is a fraction", "Clients", "G" + acme, "0.38", "0.0%"},
		// Zero Revenue Co has no revenue: Margin is blank, not 0.
		{"blank margin", "Clients", "G" + zero, "", ""},
		// Zero Revenue Co's loss of 450.00 EUR is a negative number.
		{"loss is negative money", "Clients", "F" + zero, "-450", money},
		// Renewal 2027-01-31: 2024-01-01 is serial 45292, +366 (2024) +365
		// (2025) = 46023 for 2026-01-01, +365 = 46388 for 2027-01-01, +30.
		{"renewal is a date serial", "Clients", col("Renewal date") + acme, "46418", "d mmm yyyy"},
		// Acme's invoices are 2 and its max days late 117, whole numbers.
		{"count", "Clients", col("Invoices") + acme, "2", "#,##0"},
		{"max days late", "Clients", col("Max days late") + acme, "117", "0"},
		{"avg days late", "Clients", "H" + acme, "58.5", "0.0"},
		{"late invoices", "Clients", col("Late invoices") + acme, "1", "#,##0"},
		{"hours", "Clients", col("Hours") + acme, "103.33", "0.00"},
		// 10,000.00 EUR over 103.33 hours: 96.77… EUR an hour, in money.
		{"revenue per hour", "Clients", col("Revenue per hour") + acme, strconv.FormatFloat(10000/103.33, 'f', -1, 64), money},
		// As of 2026-11-22: 46023 + 325 days (Jan–Oct hold 304, +21).
		{"summary as-of", "Summary", "B4", "46348", "d mmm yyyy"},
		{"summary window", "Summary", "B5", "12 months: 23 Nov 2025 – 22 Nov 2026", "#0"},
		// Generated 2026-11-22 06:30: 46348 + 6.5/24 = 46348.2708333…
		{"summary generated", "Summary", "B7", strconv.FormatFloat(float64(46348*86400+6*3600+1800)/86400, 'f', -1, 64), "d mmm yyyy hh:mm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cellValue(t, f, tt.sheet, tt.ref); got != tt.value {
				t.Errorf("%s!%s = %q, want %q", tt.sheet, tt.ref, got, tt.value)
			}
			if tt.format != "" {
				if got := numFmt(t, f, tt.sheet, tt.ref); got != tt.format {
					t.Errorf("%s!%s format = %q, want %q", tt.sheet, tt.ref, got, tt.format)
				}
			}
		})
	}
	t.Run("blank cell is absent", func(t *testing.T) {
		if strings.Contains(sheetXML(t, path, f, "Clients"), `<c r="G`+zero+`"`) {
			t.Errorf("Clients!G%s is written; a blank figure must have no cell", zero)
		}
	})
	t.Run("numbers are never text", func(t *testing.T) {
		// Every money, ratio and date column of Acme's row is a number
		// cell: no t attribute (t="s" or "inlineStr" would be text).
		x := sheetXML(t, path, f, "Clients")
		for _, c := range []string{"D", "E", "F", "G", "H", "J", col("Invoiced"), col("Revenue share"), col("Invoices"), col("Renewal date")} {
			re := regexp.MustCompile(`<c r="` + c + acme + `"[^>]*>`)
			tag := re.FindString(x)
			if tag == "" || strings.Contains(tag, ` t="`) {
				t.Errorf("Clients!%s%s is %q, want a number cell", c, acme, tag)
			}
		}
	})
}

func TestVerdictColours(t *testing.T) {
	_, f := fixtureWorkbook(t)
	tests := []struct {
		verdict    string
		fill, font string
	}{
		{"Unprofitable", "C00000", "FFFFFF"},
		{"Review", "F4B183", "000000"},
		{"Watch", "FFE699", "000000"},
		{"Healthy", "C6EFCE", "006100"},
		{"Inactive", "E7E6E6", "595959"},
	}
	rows, err := f.GetRows("Clients")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.verdict, func(t *testing.T) {
			r := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 1 && r[1] == tt.verdict })
			if r < 0 {
				t.Fatalf("no %s client", tt.verdict)
			}
			id, err := f.GetCellStyle("Clients", "B"+strconv.Itoa(r+1))
			if err != nil {
				t.Fatal(err)
			}
			st, err := f.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Fill.Color) == 0 || st.Fill.Color[0] != tt.fill {
				t.Errorf("fill = %v, want %s", st.Fill.Color, tt.fill)
			}
			if st.Font == nil || st.Font.Color != tt.font {
				t.Errorf("font = %+v, want colour %s", st.Font, tt.font)
			}
		})
	}
}

func TestPanesAndFilters(t *testing.T) {
	t.Parallel()
	sc := mustFixture(t)
	path, f := writeFixture(t, sc, excelMaxRows-1)
	tests := []struct {
		sheet      string
		xSplit     int
		topLeft    string
		autoFilter string
	}{
		// 12 clients of each of the 5 verdicts and 3 made by hand: 63
		// under the header; 39 columns end at AM.
		{"Clients", 1, "B2", "A1:AM64"},
		// The 36 generated clients that are neither Healthy nor Inactive
		// each have their last invoice open; Acme, Zero Revenue Co and the
		// odd client owe nothing. The total row (38) is outside the filter.
		{"Aging", 1, "B2", "A1:J37"},
		// Those 36 open invoices, each with its client's total: 72 rows;
		// 7 unapplied credits (seeds 3, 10, 17, 24, 31, 38 and 45; 52 and
		// 59 are Inactive): 79; then the total, the credits' total and the
		// net: 82 rows under the header.
		{"Open invoices", 1, "B2", "A1:J83"},
		// 36 clients × 4 invoices, plus a credit note for seeds 5, 10, …,
		// 35 (7), plus Acme's 2 = 153 lines.
		{"Invoices", 1, "B2", "A1:K154"},
		// 7 issues.
		{"Data issues", 0, "A2", "A1:G8"},
		// 4 input files.
		{"Sources", 0, "A2", "A1:F5"},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			p, err := f.GetPanes(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Freeze || p.XSplit != tt.xSplit || p.YSplit != 1 || p.TopLeftCell != tt.topLeft {
				t.Errorf("panes = %+v, want frozen at %s (x %d, y 1)", p, tt.topLeft, tt.xSplit)
			}
			// excelize writes the range absolute ($A$1:$G$8).
			x := strings.ReplaceAll(sheetXML(t, path, f, tt.sheet), "$", "")
			if want := `<autoFilter ref="` + tt.autoFilter + `"`; !strings.Contains(x, want) {
				t.Errorf("sheet has no %s", want)
			}
		})
	}
}

// invoiceResult is one Watch client with n invoice lines INV-001… issued a
// day apart, and one Healthy client whose invoices are not listed.
func invoiceResult(n int) *analysis.Result {
	r := analysis.DefaultRules(asOf, "EUR")
	c := analysis.ClientResult{Name: "Late Co", Verdict: analysis.Watch}
	for i := range n {
		c.InvoiceLines = append(c.InvoiceLines, analysis.InvoiceLine{
			Number: fmt.Sprintf("INV-%03d", i+1), Issued: asOf.AddDays(-100 + i), Due: asOf.AddDays(-70 + i), Amount: 10000,
		})
	}
	h := analysis.ClientResult{Name: "Fine Co", Verdict: analysis.Healthy,
		InvoiceLines: []analysis.InvoiceLine{{Number: "OK-1", Issued: asOf.AddDays(-5), Amount: 100}}}
	return &analysis.Result{Rules: r, From: r.From(), Clients: []analysis.ClientResult{c, h}}
}

func TestInvoicesSplit(t *testing.T) {
	t.Parallel()
	const limit = 3 // data rows per sheet in this test
	tests := []struct {
		name  string
		lines int
		want  [][]string // invoice numbers on Invoices, Invoices (2), …
	}{
		{"none", 0, [][]string{{}}},
		{"one sheet, not full", 2, [][]string{{"INV-001", "INV-002"}}},
		{"exactly full", 3, [][]string{{"INV-001", "INV-002", "INV-003"}}},
		{"one over", 4, [][]string{{"INV-001", "INV-002", "INV-003"}, {"INV-004"}}},
		{"two full", 6, [][]string{{"INV-001", "INV-002", "INV-003"}, {"INV-004", "INV-005", "INV-006"}}},
		{"three sheets", 7, [][]string{{"INV-001", "INV-002", "INV-003"}, {"INV-004", "INV-005", "INV-006"}, {"INV-007"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := &Scorecard{Result: invoiceResult(tt.lines), Generated: generated}
			_, f := writeFixture(t, sc, limit)
			wantSheets := []string{"Summary", "Clients", "Aging", "Open invoices", "Invoices"}
			for k := 2; k <= len(tt.want); k++ {
				wantSheets = append(wantSheets, fmt.Sprintf("Invoices (%d)", k))
			}
			wantSheets = append(wantSheets, "Data issues", "Sources", "Definitions")
			if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
				t.Fatalf("sheets = %q, want %q", got, wantSheets)
			}
			for k, want := range tt.want {
				sheet := wantSheets[4+k]
				rows, err := f.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				if rows[0][0] != "Client" || rows[0][1] != "Invoice" {
					t.Errorf("%s header = %q", sheet, rows[0])
				}
				var got []string
				for _, r := range rows[1:] {
					if len(r) > 1 {
						got = append(got, r[1])
					}
				}
				if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
					t.Errorf("%s invoices = %q, want %q", sheet, got, want)
				}
			}
		})
	}
}

func TestStringsAreNeverFormulas(t *testing.T) {
	path, f := fixtureWorkbook(t)
	for _, sheet := range f.GetSheetList() {
		if x := sheetXML(t, path, f, sheet); strings.Contains(x, "<f>") || strings.Contains(x, "<f ") {
			t.Errorf("sheet %s holds a formula", sheet)
		}
	}
	tests := []struct {
		name, sheet, value string
	}{
		{"equals sign", "Clients", `=HYPERLINK("http://evil.example","click")`},
		{"plus sign", "Clients", "+31 Media"},
		{"minus sign", "Clients", "-Minus Studio"},
		{"at sign", "Clients", "@Home Interiors"},
		{"issue value", "Data issues", "=1+2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			col := "A"
			rows, _ := f.GetRows(tt.sheet)
			r := slices.IndexFunc(rows, func(r []string) bool { return slices.Contains(r, tt.value) })
			if r < 0 {
				t.Fatalf("%q is not in sheet %s as written", tt.value, tt.sheet)
			}
			if tt.sheet == "Data issues" {
				col = "F"
			}
			ct, err := f.GetCellType(tt.sheet, col+strconv.Itoa(r+1))
			if err != nil {
				t.Fatal(err)
			}
			if ct != excelize.CellTypeInlineString && ct != excelize.CellTypeSharedString {
				t.Errorf("%q is a cell of type %v, want a string", tt.value, ct)
			}
		})
	}
}

func TestOddStringsInTheFile(t *testing.T) {
	_, f := fixtureWorkbook(t)
	// The odd client's name has a control character, an invalid byte and
	// CR LF: they become U+FFFD, U+FFFD and LF.
	r := strconv.Itoa(findRow(t, f, "Clients", "Bad\uFFFDName Caf\uFFFD\nNoir"))
	ev := cellValue(t, f, "Clients", colOf(t, f, "Clients", "Evidence")+r)
	if n := utf16Len(ev); n > maxCellChars {
		t.Errorf("evidence is %d UTF-16 units, over Excel's 32,767", n)
	}
	// "AFTER_HOURS: " (13) + "after hours " × 4000 (48,000) = 48,013.
	if want := cutNote(48013); !strings.HasSuffix(ev, want) {
		t.Errorf("evidence ends %q, want the note %q", ev[len(ev)-80:], want)
	}
}

func TestCleanText(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 40000)
	emoji := strings.Repeat("😀", 20000) // 40,000 UTF-16 units
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"clean", "Acme Ltd", "Acme Ltd"},
		{"tab and newline kept", "a\tb\nc", "a\tb\nc"},
		{"control character", "a\x01b", "a\uFFFDb"},
		{"NUL", "a\x00b", "a\uFFFDb"},
		{"invalid UTF-8", "Caf\xe9", "Caf\uFFFD"},
		{"CR LF", "a\r\nb", "a\nb"},
		{"lone CR", "a\rb", "a\nb"},
		{"noncharacter", "a\uFFFEb", "a\uFFFDb"},
		{"formula text unchanged", "=SUM(A1)", "=SUM(A1)"},
		// 32,767 − the note's length of a's, then the note.
		{"too long", long, long[:maxCellChars-utf16Len(cutNote(40000))] + cutNote(40000)},
		// Emoji are two UTF-16 units each; the cut never splits one.
		{"too long, wide", emoji, strings.Repeat("😀", (maxCellChars-utf16Len(cutNote(40000)))/2) + cutNote(40000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cleanText(tt.in)
			if got != tt.want {
				t.Errorf("cleanText(%.40q…) = %.60q…, want %.60q…", tt.in, got, tt.want)
			}
			if !utf8.ValidString(got) || utf16Len(got) > maxCellChars {
				t.Errorf("result is not valid or too long: %d units", utf16Len(got))
			}
		})
	}
}

func TestSheetName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Acme Ltd", "Acme Ltd"},
		{"forbidden characters", `A/B\C:D*E?F`, "A-B-C-D-E-F"},
		{"brackets", "Acme [NL]", "Acme (NL)"},
		{"apostrophes at the ends", "'Quoted'", "Quoted"},
		{"apostrophe inside kept", "O'Brien", "O'Brien"},
		{"empty", "", "Sheet"},
		{"only forbidden apostrophes", "'''", "Sheet"},
		// 40 characters cut to 31.
		{"too long", "Kessler & Sons Engineering GmbH Berlin 2", "Kessler & Sons Engineering GmbH"},
		// Cut leaves a trailing apostrophe at 31: it goes too.
		{"apostrophe at the cut", strings.Repeat("a", 30) + "'b", strings.Repeat("a", 30)},
		{"reserved", "History", "History (1)"},
		{"control character", "a\x07b", "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SheetName(tt.in)
			if got != tt.want {
				t.Errorf("SheetName(%q) = %q, want %q", tt.in, got, tt.want)
			}
			f := excelize.NewFile()
			defer f.Close()
			if _, err := f.NewSheet(got); err != nil {
				t.Errorf("excelize refuses %q: %v", got, err)
			}
		})
	}
}

func TestScorecardName(t *testing.T) {
	t.Parallel()
	if got, want := ScorecardName(asOf), "client-report-2026-11-22.xlsx"; got != want {
		t.Errorf("ScorecardName = %q, want %q", got, want)
	}
}

func TestPreviousScorecard(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{
		"client-report-2026-11-01.xlsx",
		"client-report-2026-11-15.xlsx",
		"client-report-2026-11-22.xlsx", // the run's own date: not previous
		"client-report-2026-12-01.xlsx", // later
		"client-report-2026-11-20.xlsx.tmp",
		".client-report-123.tmp",
		"renewal-acme-2026-11-21.xlsx",
		"client-report-2026-02-30.xlsx", // not a date
	} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "client-report-2026-11-21.xlsx"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		dir    string
		asOf   analysis.Date
		want   string
		wantOK bool
	}{
		{"newest before as-of", dir, asOf, "client-report-2026-11-15.xlsx", true},
		{"as-of between", dir, analysis.NewDate(2026, time.November, 10), "client-report-2026-11-01.xlsx", true},
		{"none before", dir, analysis.NewDate(2026, time.November, 1), "", false},
		{"missing folder", filepath.Join(dir, "nope"), asOf, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := PreviousScorecard(tt.dir, tt.asOf)
			if ok != tt.wantOK || (ok && got != filepath.Join(tt.dir, tt.want)) {
				t.Errorf("PreviousScorecard = %q, %v; want %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// excelizeRows reads a workbook's sheets for ParseSnapshot with excelize:
// what cmd does with ingest's bounded reader.
func excelizeRows(t *testing.T, path string) SheetRows {
	t.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return func(sheet string, each func(int, []string) error) error {
		if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
			return ErrNoSheet
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return err
		}
		for i, r := range rows {
			if err := each(i+1, r); err != nil {
				return err
			}
		}
		return nil
	}
}

func readSnapshot(t *testing.T, path string) (analysis.Snapshot, error) {
	t.Helper()
	return ParseSnapshot(filepath.Base(path), excelizeRows(t, path))
}

func TestSnapshotRoundTrip(t *testing.T) {
	t.Parallel()
	for _, currency := range []string{"EUR", "JPY", "KWD"} {
		t.Run(currency, func(t *testing.T) {
			res := fixtureResult(12, 1) // every name, including =, +, -, @ ones
			res.Rules.Currency = currency
			// Amounts that a float would get wrong were they read back
			// in the wrong scale: 1,234,567.891 KWD, 1,234,567,891 JPY.
			res.Clients[0].Outstanding, res.Clients[0].Overdue = 1234567891, 1234567890
			path, _ := writeFixture(t, &Scorecard{Result: res, Generated: generated}, excelMaxRows-1)
			got, err := readSnapshot(t, path)
			if err != nil {
				t.Fatal(err)
			}
			if want := res.Snapshot(); !reflect.DeepEqual(got, want) {
				t.Errorf("ParseSnapshot =\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func TestParseSnapshotErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name string, rows [][]any, summary bool) string {
		f := excelize.NewFile()
		defer f.Close()
		sheet := "Clients"
		if summary {
			f.SetSheetName("Sheet1", "Summary")
			f.NewSheet(sheet)
		} else {
			f.SetSheetName("Sheet1", sheet)
		}
		for i, r := range rows {
			ref, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, ref, &r); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, name)
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		return path
	}
	header := []any{"Client", "Verdict", "Flags"}
	t.Run("as-of from the name, no money", func(t *testing.T) {
		// A scorecard with no Outstanding and Overdue columns has no
		// money to compare, and no currency.
		path := write("client-report-2026-01-31.xlsx", [][]any{header, {"Acme", "Watch", "LATE_PAYER, DISPUTES"}}, false)
		got, err := readSnapshot(t, path)
		if err != nil {
			t.Fatal(err)
		}
		want := analysis.Snapshot{AsOf: analysis.NewDate(2026, time.January, 31), Clients: []analysis.SnapshotClient{
			{Name: "Acme", Verdict: analysis.Watch, Flags: []analysis.FlagCode{analysis.FlagLatePayer, analysis.FlagDisputes}}}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ParseSnapshot = %+v, want %+v", got, want)
		}
	})
	t.Run("money read to the cent", func(t *testing.T) {
		// 0.1 + 0.2 in float64 is 0.30000000000000004: read as 30 cents.
		// An empty cell is 0.
		add := func(a, b float64) float64 { return a + b }
		path := write("client-report-2026-01-31.xlsx", [][]any{
			{"Client", "Verdict", "Flags", "Outstanding", "Overdue"},
			{"Acme", "Inactive", "", add(0.1, 0.2), nil},
			{"Beta", "Healthy", "", 1234.565, 1.005},
		}, false)
		got, err := readSnapshot(t, path)
		if err != nil {
			t.Fatal(err)
		}
		want := []analysis.SnapshotClient{
			{Name: "Acme", Verdict: analysis.Inactive, Outstanding: 30, HasMoney: true},
			// The decimals as written, not their binary neighbours: 1234.565
			// and 1.005 are half cents, rounded away from zero.
			{Name: "Beta", Verdict: analysis.Healthy, Outstanding: 123457, Overdue: 101, HasMoney: true},
		}
		if !reflect.DeepEqual(got.Clients, want) {
			t.Errorf("clients = %+v, want %+v", got.Clients, want)
		}
	})
	tests := []struct {
		name    string
		file    string
		rows    [][]any
		summary bool
		want    string
	}{
		{"unknown verdict", "client-report-2026-01-31.xlsx", [][]any{header, {"Acme", "Great", ""}}, false, `verdict "Great"`},
		{"no headers", "client-report-2026-01-30.xlsx", [][]any{{"Name", "Status"}}, false, "no Client and Verdict headers"},
		{"no date anywhere", "old-report.xlsx", [][]any{header}, false, "no as-of date"},
		{"no Clients sheet", "client-report-2026-01-29.xlsx", nil, true, "Clients"},
		{"money that is text", "client-report-2026-01-28.xlsx", [][]any{
			{"Client", "Verdict", "Outstanding", "Overdue"}, {"Acme", "Watch", "lots", 0}}, false, `Outstanding "lots" is not an amount`},
		{"money beyond any receivable", "client-report-2026-01-27.xlsx", [][]any{
			{"Client", "Verdict", "Outstanding", "Overdue"}, {"Acme", "Watch", 0, 1e300}}, false, "Overdue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := write(tt.file, tt.rows, tt.summary)
			if tt.summary {
				f, _ := excelize.OpenFile(path)
				f.DeleteSheet("Clients")
				f.Save()
				f.Close()
			}
			_, err := readSnapshot(t, path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseSnapshot error = %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// failingWriter fails once n bytes have gone through.
type failingWriter struct {
	w io.Writer
	n int
}

var errDiskFull = errors.New("disk full")

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		n, _ := f.w.Write(p[:f.n])
		f.n = 0
		return n, errDiskFull
	}
	f.n -= len(p)
	return f.w.Write(p)
}

func TestWriteScorecardIsAtomic(t *testing.T) {
	good := func(t *testing.T, dir string) (string, []byte) {
		path := filepath.Join(dir, ScorecardName(asOf))
		if err := WriteScorecard(path, mustFixture(t)); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return path, b
	}
	noTemp := func(t *testing.T, dir string) {
		t.Helper()
		tmps, _ := filepath.Glob(filepath.Join(dir, ".client-report-*.tmp"))
		if len(tmps) > 0 {
			t.Errorf("temporary files left: %q", tmps)
		}
	}
	t.Run("a failed write keeps the earlier file", func(t *testing.T) {
		dir := t.TempDir()
		path, before := good(t, dir)
		wrapTemp = func(w io.Writer) io.Writer { return &failingWriter{w: w, n: 10000} }
		defer func() { wrapTemp = func(w io.Writer) io.Writer { return w } }()
		sc := mustFixture(t)
		sc.Version = "2.0.0" // a different workbook
		err := WriteScorecard(path, sc)
		if !errors.Is(err, errDiskFull) {
			t.Fatalf("WriteScorecard error = %v, want the writer's error", err)
		}
		after, _ := os.ReadFile(path)
		if !bytes.Equal(before, after) {
			t.Error("the earlier scorecard changed")
		}
		noTemp(t, dir)
	})
	t.Run("a failed rename keeps what is there", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, ScorecardName(asOf))
		if err := os.Mkdir(path, 0o755); err != nil { // a folder in the way
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(path, "keep"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := WriteScorecard(path, mustFixture(t)); err == nil {
			t.Fatal("WriteScorecard onto a folder succeeded")
		}
		if b, err := os.ReadFile(filepath.Join(path, "keep")); err != nil || string(b) != "x" {
			t.Errorf("the folder in the way changed: %v", err)
		}
		noTemp(t, dir)
	})
	t.Run("no result", func(t *testing.T) {
		dir := t.TempDir()
		if err := WriteScorecard(filepath.Join(dir, "x.xlsx"), &Scorecard{}); err == nil {
			t.Error("WriteScorecard with no result succeeded")
		}
		noTemp(t, dir)
	})
	t.Run("the folder is made and the file replaced", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "reports", "nested")
		path, before := good(t, dir)
		sc := mustFixture(t)
		sc.Version = "2.0.0"
		if err := WriteScorecard(path, sc); err != nil {
			t.Fatal(err)
		}
		after, _ := os.ReadFile(path)
		if bytes.Equal(before, after) {
			t.Error("the scorecard was not replaced")
		}
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o644 {
			t.Errorf("mode = %v, want -rw-r--r--", info.Mode().Perm())
		}
		noTemp(t, dir)
	})
}

func TestAgingHeaders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		bounds []int
		want   []string
	}{
		{"default", []int{30, 60, 90, 120}, []string{"Current", "1–30", "31–60", "61–90", "91–120", "Over 120"}},
		{"two", []int{15, 45}, []string{"Current", "1–15", "16–45", "Over 45"}},
		{"one-day buckets", []int{1, 2}, []string{"Current", "1", "2", "Over 2"}},
		{"none", nil, []string{"Current", "Overdue"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := agingHeaders(tt.bounds); !slices.Equal(got, tt.want) {
				t.Errorf("agingHeaders(%v) = %q, want %q", tt.bounds, got, tt.want)
			}
		})
	}
}

func TestAgingSheet(t *testing.T) {
	t.Parallel()
	// Two clients that owe, given out of order, and one that owes nothing.
	r := analysis.DefaultRules(asOf, "EUR")
	res := &analysis.Result{Rules: r, From: r.From(), Clients: []analysis.ClientResult{
		{Name: "Small", Outstanding: 13333, Overdue: 3333, Aging: []analysis.Money{10000, 3333, 0, 0, 0, 0}},
		{Name: "Nothing"},
		{Name: "Big", Owner: "Tom Bakker", Outstanding: 50000, Overdue: 50000, Aging: []analysis.Money{0, 20000, 0, 0, 0, 30000}},
	}}
	res.Portfolio.Outstanding, res.Portfolio.Overdue = 63333, 53333
	_, f := writeFixture(t, &Scorecard{Result: res, Generated: generated}, excelMaxRows-1)
	rows, err := f.GetRows("Aging")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Client", "Owner", "Current", "1–30", "31–60", "61–90", "91–120", "Over 120", "Outstanding", "% overdue"},
		// 500.00 owed first, all of it overdue: 500 / 500 = 1.
		{"Big", "Tom Bakker", "0", "200", "0", "0", "0", "300", "500", "1"},
		// Then 133.33, 33.33 of it overdue: 3,333 / 13,333 = 0.249981…
		{"Small", "", "100", "33.33", "0", "0", "0", "0", "133.33", strconv.FormatFloat(3333.0/13333, 'f', -1, 64)},
		// 100 + 233.33 + 300 = 633.33, the portfolio's Outstanding; its
		// overdue 533.33 / 633.33 = 0.842104…
		{"Total", "", "100", "233.33", "0", "0", "0", "300", "633.33", strconv.FormatFloat(53333.0/63333, 'f', -1, 64)},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("Aging =\n%q\nwant\n%q", rows, want)
	}
}

func TestIssuesOrder(t *testing.T) {
	_, f := fixtureWorkbook(t)
	rows, err := f.GetRows("Data issues")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows[1:] {
		got = append(got, r[0]+" "+r[1]+" "+r[3])
	}
	// Errors first, then by file, sheet ("" before "Invoices") and row.
	want := []string{
		"Error invoices-2026.xlsx 9",
		"Error invoices-2026.xlsx 214",
		"Error payments.csv 301",
		"Error tickets.xlsx 1501",
		"Warning invoices-2026.xlsx 77",
		"Warning payments.csv 88",
		"Info invoices-2026.xlsx 12",
	}
	if !slices.Equal(got, want) {
		t.Errorf("issues in order\n%q\nwant\n%q", got, want)
	}
}

// summaryBlock returns the rows of the Summary's columns first to last
// (1-based), each row's cells joined by " | ", empty cells at the end left
// out.
func summaryBlock(t *testing.T, f *excelize.File, first, last int) []string {
	t.Helper()
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		cells := r[min(first-1, len(r)):min(last, len(r))]
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		out = append(out, strings.Join(cells, " | "))
	}
	return out
}

// summaryLeft and summaryRight are the Summary's two blocks: A–D and F–J.
func summaryLeftRows(t *testing.T, f *excelize.File) []string  { return summaryBlock(t, f, 1, 4) }
func summaryRightRows(t *testing.T, f *excelize.File) []string { return summaryBlock(t, f, 6, 10) }

func TestSummary(t *testing.T) {
	t.Parallel()
	// Twelve loss-makers losing 1.00 to 12.00 EUR, one healthy client
	// making 100.00 EUR on 200.00 and one inactive client.
	r := analysis.DefaultRules(asOf, "EUR")
	res := &analysis.Result{Rules: r, From: r.From()}
	for i := 12; i >= 1; i-- {
		res.Clients = append(res.Clients, analysis.ClientResult{
			Name: fmt.Sprintf("Loss %02d", i), Verdict: analysis.Unprofitable, Profit: analysis.Money(-100 * i),
			Flags: []analysis.Flag{{Code: analysis.FlagUnprofitable, Evidence: fmt.Sprintf("loss of %d.00 EUR", i)}},
		})
	}
	res.Clients = append(res.Clients,
		analysis.ClientResult{Name: "Fine", Verdict: analysis.Healthy, Profit: 10000, Revenue: 20000, Margin: analysis.Some(0.5)},
		analysis.ClientResult{Name: "Asleep", Verdict: analysis.Inactive})
	p := &res.Portfolio
	p.Clients = 14
	p.Verdicts[analysis.Unprofitable], p.Verdicts[analysis.Healthy], p.Verdicts[analysis.Inactive] = 12, 1, 1
	// The portfolio's totals, unequal so that no two can be swapped:
	// Profit 200.00 − 12.34 − 45.67 − 8.90 − late 0 … is analysis's to
	// compute; the Summary shows each as given.
	p.Revenue, p.DeliveryCost, p.SupportCost, p.Expenses, p.Profit = 20000, 1234, 4567, 890, 2200
	p.Outstanding, p.Overdue = 987654, 123456
	p.HHI = analysis.Some(2500)
	p.Unmatched = []analysis.Unmatched{{Input: analysis.InputPayments, Rows: 3, Amount: 42050, Names: 2}}
	p.UnknownLateness = 1

	t.Run("with changes", func(t *testing.T) {
		sc := &Scorecard{Result: res, Generated: generated, Changes: analysis.Changes{
			Previous: analysis.NewDate(2026, time.November, 15),
			Verdicts: []analysis.VerdictChange{{Client: "Loss 12", From: analysis.Watch, To: analysis.Unprofitable}},
			NewFlags: []analysis.FlagChange{{Client: "Loss 12", Flag: res.Clients[0].Flags[0]}},
			Moved: []analysis.MoneyChange{{Client: "Loss 11", OutstandingFrom: 100000, OutstandingTo: 520000,
				OverdueFrom: 100000, OverdueTo: 100000}},
			// 9,876.54 − 5,000.00 = +4,876.54 outstanding; 1,234.56 −
			// 2,000.00 = −765.44 overdue.
			HasTotals: true, Outstanding: 500000, Overdue: 200000,
		}}
		_, f := writeFixture(t, sc, excelMaxRows-1)
		left := summaryLeftRows(t, f)
		for _, want := range []string{
			"As of | 46348",
			"Unprofitable | 12 | 0 | -78", // Σ −1.00 … −12.00 = −78.00 EUR
			"Healthy | 1 | 200 | 100",
			"Inactive | 1 | 0 | 0",
			"All clients | 14 | 200 | 22", // the portfolio's Revenue and Profit
			"Totals, and their change since 15 Nov 2026",
			"Revenue | 200",
			"Delivery cost | 12.34",
			"Support cost | 45.67",
			"Expenses | 8.9",
			"Profit | 22",
			"Outstanding | 9876.54 | 4876.54",
			"Overdue | 1234.56 | -765.44",
			"HHI (Herfindahl–Hirschman index) | 2500 | moderately concentrated (1,500–2,500)",
			"payments | 3 | 420.5 | 2",
			"1 invoice was paid on an unknown date: no lateness figure counts it.",
			"A payments export would date the payments and fix this.",
		} {
			if !slices.Contains(left, want) {
				t.Errorf("the Summary's left block has no row %q", want)
			}
		}
		right := summaryRightRows(t, f)
		for _, want := range []string{
			"Changes since the previous scorecard, as of 15 Nov 2026",
			"Loss 12: Watch → Unprofitable",
			"Loss 12: UNPROFITABLE — loss of 12.00 EUR",
			// Outstanding 5,200.00, up 4,200.00; overdue unchanged.
			"Loss 11 | 5200 | 4200 | 1000 | 0",
			// The ten biggest losses: 12.00 down to 3.00.
			"Loss 12 | Unprofitable | -12 |  | UNPROFITABLE",
			"Loss 03 | Unprofitable | -3 |  | UNPROFITABLE",
		} {
			if !slices.Contains(right, want) {
				t.Errorf("the Summary's right block has no row %q", want)
			}
		}
		for _, absent := range []string{"Loss 02 | Unprofitable | -2", "Loss 01 | Unprofitable | -1"} {
			if slices.ContainsFunc(right, func(r string) bool { return strings.HasPrefix(r, absent) }) {
				t.Errorf("Summary lists %q among the ten biggest losses", absent)
			}
		}
		// A change shows its sign.
		ref := "C" + strconv.Itoa(slices.Index(left, "Outstanding | 9876.54 | 4876.54")+1)
		if got := numFmt(t, f, "Summary", ref); !strings.HasPrefix(got, `+#,##0.00 "EUR";-#,##0.00 "EUR"`) {
			t.Errorf("the change's format = %q, want a signed money format", got)
		}
	})
	t.Run("no previous scorecard", func(t *testing.T) {
		_, f := writeFixture(t, &Scorecard{Result: res, Generated: generated}, excelMaxRows-1)
		if !slices.Contains(summaryRightRows(t, f), "No previous scorecard in this folder: the next run will say what changed since this one.") {
			t.Error("Summary does not say there is no previous scorecard")
		}
		if slices.Contains(summaryLeftRows(t, f), "Totals, and their change since 15 Nov 2026") {
			t.Error("Summary shows changes in its totals with no previous scorecard")
		}
	})
	t.Run("long lists are cut", func(t *testing.T) {
		// Seven verdict changes: five shown, then "… and 2 more".
		ch := analysis.Changes{Previous: analysis.NewDate(2026, time.November, 15)}
		for i := 1; i <= 7; i++ {
			ch.Verdicts = append(ch.Verdicts, analysis.VerdictChange{Client: fmt.Sprintf("Loss %02d", i), From: analysis.Healthy, To: analysis.Unprofitable})
		}
		_, f := writeFixture(t, &Scorecard{Result: res, Generated: generated, Changes: ch}, excelMaxRows-1)
		right := summaryRightRows(t, f)
		if !slices.Contains(right, "Loss 05: Healthy → Unprofitable") || slices.Contains(right, "Loss 06: Healthy → Unprofitable") ||
			!slices.Contains(right, "… and 2 more (see the Clients sheet)") {
			t.Errorf("seven changes are not cut to five and a note:\n%s", strings.Join(right, "\n"))
		}
	})
}

func TestHHIReading(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		hhi  analysis.Maybe
		want string
	}{
		{"blank", analysis.Maybe{}, ""},
		{"under 1,500", analysis.Some(1499.9), "unconcentrated (under 1,500)"},
		{"1,500 is moderate", analysis.Some(1500), "moderately concentrated (1,500–2,500)"},
		{"2,500 is still moderate", analysis.Some(2500), "moderately concentrated (1,500–2,500)"},
		{"above 2,500", analysis.Some(2500.1), "highly concentrated (above 2,500)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hhiReading(tt.hhi); got != tt.want {
				t.Errorf("hhiReading(%v) = %q, want %q", tt.hhi, got, tt.want)
			}
		})
	}
}

func TestWhaleSample(t *testing.T) {
	t.Parallel()
	points := func(n, peak int) []analysis.WhalePoint {
		p := make([]analysis.WhalePoint, n)
		for i := range p {
			p[i].Cumulative = analysis.Money(i)
			if i > peak {
				p[i].Cumulative = analysis.Money(2*peak - i)
			}
		}
		return p
	}
	tests := []struct {
		name       string
		n, peak    int
		wantLen    int
		wantPeak   bool
		wantIndex0 int
	}{
		{"small: every point", 48, 30, 48, true, 0},
		{"200: every point", 200, 150, 200, true, 0},
		// 1,000 points: every 5th (4, 9, …, 999); the peak 502 replaces 504.
		{"large: sampled with the peak", 1000, 502, 200, true, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx := whaleSample(points(tt.n, tt.peak))
			if len(idx) != tt.wantLen || idx[0] != tt.wantIndex0 || idx[len(idx)-1] != tt.n-1 {
				t.Errorf("whaleSample: %d points from %d to %d, want %d from %d to %d", len(idx), idx[0], idx[len(idx)-1], tt.wantLen, tt.wantIndex0, tt.n-1)
			}
			if slices.Contains(idx, tt.peak) != tt.wantPeak {
				t.Errorf("peak %d in sample: %v, want %v", tt.peak, !tt.wantPeak, tt.wantPeak)
			}
			if !slices.IsSorted(idx) {
				t.Error("sample is not in rank order")
			}
		})
	}
}

func TestCharts(t *testing.T) {
	path, f := fixtureWorkbook(t)
	whale := zipPart(t, path, "xl/charts/chart1.xml")
	if !strings.Contains(whale, "<scatterChart>") || !strings.Contains(whale, "<xVal><numRef>") || strings.Contains(whale, "<xVal><strRef>") {
		t.Error("the whale curve is not an XY chart with numeric x values")
	}
	bars := zipPart(t, path, "xl/charts/chart2.xml")
	if !strings.Contains(bars, "<barChart>") || strings.Count(bars, "<ser>") != 2 {
		t.Error("profit by client is not a bar chart with a gain and a loss series")
	}
	// Their data is on the Sources sheet. The whale curve: the origin and
	// the 63 clients, under its heading and header. Profit by client: 63
	// clients are more than 20 bars, so the 10 best and the 10 worst.
	rows, err := f.GetRows("Sources")
	if err != nil {
		t.Fatal(err)
	}
	header := func(first string) int {
		for i, r := range rows {
			if len(r) > 0 && r[0] == first {
				return i + 2 // the 1-based row under the header
			}
		}
		t.Fatalf("Sources has no header starting %q", first)
		return 0
	}
	w, p := header("Clients (cumulative %)"), header("Client")
	for _, want := range []string{
		fmt.Sprintf("&#39;Sources&#39;!$A$%d:$A$%d", w, w+63), fmt.Sprintf("&#39;Sources&#39;!$B$%d:$B$%d", w, w+63),
	} {
		if !strings.Contains(whale, want) {
			t.Errorf("the whale curve does not read %s", want)
		}
	}
	for _, want := range []string{
		fmt.Sprintf("&#39;Sources&#39;!$A$%d:$A$%d", p, p+19), fmt.Sprintf("&#39;Sources&#39;!$C$%d:$C$%d", p, p+19),
		fmt.Sprintf("&#39;Sources&#39;!$D$%d:$D$%d", p, p+19),
	} {
		if !strings.Contains(bars, want) {
			t.Errorf("profit by client does not read %s", want)
		}
	}
}

func TestDefinitions(t *testing.T) {
	_, f := fixtureWorkbook(t)
	rows, err := f.GetRows("Definitions")
	if err != nil {
		t.Fatal(err)
	}
	meaning := map[string]string{}
	for _, r := range rows {
		if len(r) == 2 {
			meaning[r[0]] = r[1]
		}
	}
	tests := []struct {
		term, want string
	}{
		// The spec's defaults.
		{"LATE_PAYER", "Weighted days late over 30, or 2 or more invoices over 90 days late."},
		{"LOW_MARGIN", "Profit 0 or more and Margin under 20% (rules.min_margin)."},
		{"DISPUTES", "3 or more disputes, or a dispute rate of 20% or more (with at least 1 dispute)."},
		{"Window", "Invoices by issue date, payments, disputes, contacts, time and expenses by their own date, from 22 Nov 2025 (exclusive) to 22 Nov 2026 (inclusive): 12 months."},
		// The fixture's rates: Anna de Vries 85.00, designers 55.00,
		// anyone else 60.00.
		{"Hourly cost", "else an hour costs 60.00 EUR (costs.hour)"},
		{"Hourly cost", "costs.rates: anna de vries 85.00 EUR; designer 55.00 EUR."},
		// The fixture's costing: 1,204 rows at a person's rate, 37 that
		// fell back to costs.hour, 12 tickets.
		{"How the rows were costed", "1,204 rows were costed at their person's rate (3,120.5 hours, 265,242.50 EUR)"},
		{"How the rows were costed", "37 rows fell back to costs.hour (52.25 hours, 3,135.00 EUR)"},
		{"How the rows were costed", "12 rows had no hours and no cost and cost costs.support_ticket (180.00 EUR)"},
		{"Ticket cost", "15.00 EUR per support row"},
		{"Delivery cost", "billable support and time rows"},
		{"Profit", "Revenue − Delivery cost − Support cost − Expenses − Late-payment cost."},
		{"Late invoices", "with Days late over 0 (rules.grace_days), settled or still open"},
		{"Allocation", "oldest due date first"},
		{"After-hours contacts", "outside Mon–Fri 08:00–18:00"},
		// The fixture's capital rate is 0.08.
		{"Late-payment cost", "at 8% a year"},
		// Median 2.5 × ratio 3 = 7.5, above contact_min 4.
		{"HIGH_CONTACT", "at least 4 (rules.contact_min)"},
		{"HIGH_CONTACT", "this run: median 2.5, so 7.5 or more"},
		{"Inactive", "no flags, listed last"},
		{"Open invoices sheet", "the total of all is Outstanding"},
	}
	for _, tt := range tests {
		t.Run(tt.term, func(t *testing.T) {
			if got := meaning[tt.term]; !strings.Contains(got, tt.want) {
				t.Errorf("%s means %q, want it to say %q", tt.term, got, tt.want)
			}
		})
	}
}

func TestBusinessHours(t *testing.T) {
	t.Parallel()
	days := func(ds ...time.Weekday) [7]bool {
		var b [7]bool
		for _, d := range ds {
			b[d] = true
		}
		return b
	}
	tests := []struct {
		name string
		days [7]bool
		want string
	}{
		{"office week", days(time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday), "outside Mon–Fri 08:00–18:00"},
		{"Sunday to Thursday", days(time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday), "outside Mon–Thu, Sun 08:00–18:00"},
		{"two apart", days(time.Monday, time.Wednesday), "outside Mon, Wed 08:00–18:00"},
		{"none", [7]bool{}, "at any time, as no business days are set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := analysis.DefaultRules(asOf, "EUR")
			r.BusinessDays = tt.days
			if got := businessHours(r); got != tt.want {
				t.Errorf("businessHours = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMoneyFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code, want string
	}{
		{"EUR", `#,##0.00 "EUR";[Red]-#,##0.00 "EUR"`},
		{"JPY", `#,##0 "JPY";[Red]-#,##0 "JPY"`},
		{"KWD", `#,##0.000 "KWD";[Red]-#,##0.000 "KWD"`},
		{"", `#,##0.00;[Red]-#,##0.00`},
		{`E"R`, `#,##0.00 "ER";[Red]-#,##0.00 "ER"`},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := moneyFormat(tt.code); got != tt.want {
				t.Errorf("moneyFormat(%q) = %q, want %q", tt.code, got, tt.want)
			}
		})
	}
}

func TestJPYIsWhole(t *testing.T) {
	t.Parallel()
	// ¥123,456 is 123456 minor units: yen have no decimals.
	r := analysis.DefaultRules(asOf, "JPY")
	res := &analysis.Result{Rules: r, From: r.From(), Clients: []analysis.ClientResult{{Name: "Tokyo KK", Revenue: 123456}}}
	_, f := writeFixture(t, &Scorecard{Result: res, Generated: generated}, excelMaxRows-1)
	if got := cellValue(t, f, "Clients", "D2"); got != "123456" {
		t.Errorf("Revenue = %q, want 123456", got)
	}
	if got := numFmt(t, f, "Clients", "D2"); got != `#,##0 "JPY";[Red]-#,##0 "JPY"` {
		t.Errorf("format = %q", got)
	}
}

func TestTextHelpers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, got, want string
	}{
		{"hours", hoursText(3120.5), "3,120.5"},
		{"hours small", hoursText(0.25), "0.25"},
		{"hours whole", hoursText(1234567), "1,234,567"},
		{"percent", percentText(0.2), "20%"},
		{"percent half", percentText(0.125), "12.5%"},
		{"percent float noise", percentText(0.07), "7%"},
		{"thousands", thousands(1234567), "1,234,567"},
		{"date", dateWords(asOf), "22 Nov 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// BenchmarkWriteScorecard writes 20,000 clients with 200,000 invoice lines,
// all listed on the Invoices sheet.
func BenchmarkWriteScorecard(b *testing.B) {
	sc := &Scorecard{Result: fixtureResult(5000, 10), Generated: generated, Version: "bench", AllInvoices: true}
	path := filepath.Join(b.TempDir(), ScorecardName(asOf))
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteScorecard(path, sc); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if info, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(info.Size())/1e6, "MB/file")
	}
}

func TestColumnsInOrder(t *testing.T) {
	// Excel repairs a sheet whose <col> elements are not in ascending
	// order.
	path, f := fixtureWorkbook(t)
	re := regexp.MustCompile(`<col [^>]*min="(\d+)"`)
	for _, sheet := range f.GetSheetList() {
		last := 0
		for _, m := range re.FindAllStringSubmatch(sheetXML(t, path, f, sheet), -1) {
			n, _ := strconv.Atoi(m[1])
			if n <= last {
				t.Errorf("sheet %s: column %d after %d", sheet, n, last)
			}
			last = n
		}
		if last == 0 {
			t.Errorf("sheet %s has no column widths", sheet)
		}
	}
}

func TestEdgeCases(t *testing.T) {
	t.Parallel()
	r := analysis.DefaultRules(asOf, "EUR")
	t.Run("no clients", func(t *testing.T) {
		res := &analysis.Result{Rules: r, From: r.From()}
		path, f := writeFixture(t, &Scorecard{Result: res}, excelMaxRows-1)
		if got := cellValue(t, f, "Clients", "A2"); !strings.HasPrefix(got, "No clients") {
			t.Errorf("Clients!A2 = %q, want a note saying there are no clients", got)
		}
		snap, err := readSnapshot(t, path)
		if err != nil {
			t.Fatal(err)
		}
		if snap.AsOf != asOf || snap.Currency != "EUR" || len(snap.Clients) != 0 {
			t.Errorf("ParseSnapshot = %+v, want as-of %v in EUR and no clients", snap, asOf)
		}
	})
	t.Run("total profit zero: no whale curve", func(t *testing.T) {
		// +100.00 and −100.00: the whale curve's shares divide by zero.
		res := &analysis.Result{Rules: r, From: r.From(), Clients: []analysis.ClientResult{
			{Name: "Up", Profit: 10000}, {Name: "Down", Profit: -10000, Verdict: analysis.Unprofitable}}}
		res.Portfolio.Whale = []analysis.WhalePoint{{Client: "Up", Profit: 10000, Cumulative: 10000, ClientsShare: 0.5}, {Client: "Down", Profit: -10000, ClientsShare: 1}}
		path, _ := writeFixture(t, &Scorecard{Result: res}, excelMaxRows-1)
		if x := zipPart(t, path, "xl/charts/chart1.xml"); !strings.Contains(x, "<barChart>") {
			t.Error("the only chart should be profit by client")
		}
	})
	t.Run("not a number is blank", func(t *testing.T) {
		res := &analysis.Result{Rules: r, From: r.From(), Clients: []analysis.ClientResult{
			{Name: "Odd", Margin: analysis.Some(math.NaN()), DSO: analysis.Some(math.Inf(1))}}}
		_, f := writeFixture(t, &Scorecard{Result: res}, excelMaxRows-1)
		for _, ref := range []string{"G2", colOf(t, f, "Clients", "DSO") + "2"} { // Margin, DSO
			if got := cellValue(t, f, "Clients", ref); got != "" {
				t.Errorf("Clients!%s = %q, want blank", ref, got)
			}
		}
	})
}

func TestSummaryRenewingSoon(t *testing.T) {
	t.Parallel()
	// As of 22 Nov 2026 (serial 46348): the block lists renewals in
	// (22 Nov 2026, 20 Feb 2027], soonest first, then by name.
	r := analysis.DefaultRules(asOf, "EUR")
	client := func(name string, v analysis.Verdict, renewal int, priceChange analysis.Maybe, owner string) analysis.ClientResult {
		c := analysis.ClientResult{Name: name, Verdict: v, PriceChange: priceChange, Owner: owner}
		if renewal >= 0 {
			c.RenewalDate = asOf.AddDays(renewal)
		}
		return c
	}
	res := &analysis.Result{Rules: r, From: r.From(), Clients: []analysis.ClientResult{
		client("Soon B", analysis.Unprofitable, 10, analysis.Some(0.38), "Tom Bakker"),
		client("Later", analysis.Review, 91, analysis.Some(0.1), ""), // one day too late
		client("Edge", analysis.Watch, 90, analysis.Maybe{}, "Anna de Vries"),
		client("Today", analysis.Watch, 0, analysis.Maybe{}, ""), // renews on the as-of date: not "soon"
		client("No date", analysis.Healthy, -1, analysis.Maybe{}, ""),
		client("Soon A", analysis.Healthy, 10, analysis.Maybe{}, ""),
	}}
	_, f := writeFixture(t, &Scorecard{Result: res, Generated: generated}, excelMaxRows-1)
	rows := summaryRightRows(t, f)
	start := slices.Index(rows, "Renewing soon: 23 Nov 2026 – 20 Feb 2027")
	if start < 0 {
		t.Fatalf("Summary has no Renewing soon heading:\n%s", strings.Join(rows, "\n"))
	}
	want := []string{
		"Client | Renewal | Verdict | Price change | Owner",
		"Soon A | 46358 | Healthy",
		"Soon B | 46358 | Unprofitable | 0.38 | Tom Bakker",
		"Edge | 46438 | Watch |  | Anna de Vries", // no price change: a blank cell
	}
	if got := rows[start+1 : start+1+len(want)]; !slices.Equal(got, want) {
		t.Errorf("Renewing soon rows:\n got %q\nwant %q", got, want)
	}
	soonB := start + 4 // Soon B is 3 rows under the heading, whose 1-based row is start+1
	if got := cellValue(t, f, "Summary", "F"+strconv.Itoa(soonB)); got != "Soon B" {
		t.Fatalf("row %d is %q, want Soon B", soonB, got)
	}
	if got := numFmt(t, f, "Summary", "I"+strconv.Itoa(soonB)); got != "0.0%" {
		t.Errorf("price change format = %q, want 0.0%%", got)
	}
	if got := numFmt(t, f, "Summary", "G"+strconv.Itoa(soonB)); got != "d mmm yyyy" {
		t.Errorf("renewal date format = %q, want d mmm yyyy", got)
	}
	id, _ := f.GetCellStyle("Summary", "H"+strconv.Itoa(soonB))
	if st, _ := f.GetStyle(id); len(st.Fill.Color) == 0 || st.Fill.Color[0] != verdictColours[analysis.Unprofitable].fill {
		t.Error("the verdict of a renewing client is not coloured")
	}

	t.Run("none soon", func(t *testing.T) {
		res := &analysis.Result{Rules: r, From: r.From(), Clients: []analysis.ClientResult{client("Later", analysis.Review, 91, analysis.Maybe{}, "")}}
		_, f := writeFixture(t, &Scorecard{Result: res, Generated: generated}, excelMaxRows-1)
		if rows := summaryRightRows(t, f); !slices.Contains(rows, "No client renews in the next 90 days.") {
			t.Error("Summary does not say no client renews soon")
		}
	})
	t.Run("no renewal dates at all", func(t *testing.T) {
		res := &analysis.Result{Rules: r, From: r.From(), Clients: []analysis.ClientResult{client("No date", analysis.Healthy, -1, analysis.Maybe{}, "")}}
		_, f := writeFixture(t, &Scorecard{Result: res, Generated: generated}, excelMaxRows-1)
		if rows := summaryRightRows(t, f); !slices.Contains(rows, "No renewal dates are known: add a renewal_date column to the clients input.") {
			t.Error("Summary does not say renewal dates are missing")
		}
	})
}
