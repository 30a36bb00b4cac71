package report

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// checkPrintSetup checks that every sheet of f prints as the spec says:
// landscape, one page wide, the header row repeated, a page header with
// the title, sheet and as-of date, and "page N of M" below.
func checkPrintSetup(t *testing.T, path string, f *excelize.File, title, asOf string, onePage []string) {
	t.Helper()
	names := f.GetDefinedName()
	for _, sheet := range f.GetSheetList() {
		t.Run(sheet, func(t *testing.T) {
			pl, err := f.GetPageLayout(sheet)
			if err != nil {
				t.Fatal(err)
			}
			tall := 0
			if slices.Contains(onePage, sheet) {
				tall = 1
			}
			if deref(pl.Orientation) != "landscape" || deref(pl.FitToWidth) != 1 || deref(pl.FitToHeight) != tall {
				t.Errorf("page layout = %s, %d wide, %d tall; want landscape, 1 wide, %d tall",
					deref(pl.Orientation), deref(pl.FitToWidth), deref(pl.FitToHeight), tall)
			}
			if x := sheetXML(t, path, f, sheet); !strings.Contains(x, `<pageSetUpPr fitToPage="true">`) {
				t.Error("the sheet is not set to fit its pages")
			}
			quoted := "'" + sheet + "'"
			if !slices.ContainsFunc(names, func(n excelize.DefinedName) bool {
				return n.Name == "_xlnm.Print_Titles" && n.Scope == sheet && n.RefersTo == quoted+"!$1:$1"
			}) {
				t.Errorf("row 1 is not repeated on every page (defined names %+v)", names)
			}
			hf, err := f.GetHeaderFooter(sheet)
			if err != nil || hf == nil {
				t.Fatalf("no page header: %v", err)
			}
			for _, want := range []string{"&L", title, "&C", "&A", "&R", "as of " + asOf} {
				if !strings.Contains(hf.OddHeader, want) {
					t.Errorf("page header %q lacks %q", hf.OddHeader, want)
				}
			}
			if !strings.Contains(hf.OddFooter, "page &P of &N") {
				t.Errorf("footer = %q, want page &P of &N", hf.OddFooter)
			}
		})
	}
}

func TestScorecardPrintSetup(t *testing.T) {
	path, f := fixtureWorkbook(t)
	checkPrintSetup(t, path, f, "Client scorecard", "22 Nov 2026", []string{"Summary"})
}

func TestDossierPrintSetup(t *testing.T) {
	t.Parallel()
	// & starts a code in a page header: the client's is doubled.
	path, f := writeDossierFixture(t, oddResult("R&D Labs"), "R&D Labs")
	checkPrintSetup(t, path, f, "Renewal dossier: R&&D Labs", "31 Oct 2026", nil)
}

func TestClientsPrintLegibly(t *testing.T) {
	path, f := fixtureWorkbook(t)
	// The Clients sheet prints columns A to AK: the spec's first ten and,
	// after the other 26 metrics (K to AJ) that open as a collapsed group,
	// Evidence. Renewal date and Owner (AL, AM) are on screen only.
	if got := colOf(t, f, "Clients", "Evidence"); got != "AK" {
		t.Fatalf("Evidence is in column %s, want AK", got)
	}
	names := f.GetDefinedName()
	if !slices.ContainsFunc(names, func(n excelize.DefinedName) bool {
		return n.Name == "_xlnm.Print_Area" && n.Scope == "Clients" && n.RefersTo == "'Clients'!$A:$AK"
	}) {
		t.Errorf("the Clients sheet does not print A to AK (defined names %+v)", names)
	}
	x := sheetXML(t, path, f, "Clients")
	for col := 1; col <= 39; col++ {
		hidden, _ := regexp.MatchString(`<col min="`+strconv.Itoa(col)+`" max="`+strconv.Itoa(col)+`"[^>]* hidden="1" outlineLevel="1"/>`, x)
		if want := col >= 11 && col <= 36; hidden != want {
			t.Errorf("column %s: in the collapsed group %v, want %v", colName(col), hidden, want)
		}
	}
	if ok, _ := regexp.MatchString(`<col min="37" max="37"[^>]* collapsed="1"/>`, x); !ok {
		t.Error("Evidence's column does not carry the group's collapsed mark")
	}
	if !strings.Contains(x, `<sheetFormatPr outlineLevelCol="1" `) {
		t.Error("the sheet does not declare its column outline")
	}
	for _, sheet := range []string{"Aging", "Open invoices", "Invoices"} {
		if strings.Contains(sheetXML(t, path, f, sheet), "outline") {
			t.Errorf("sheet %s has an outline", sheet)
		}
	}
}

func TestOneDateFormat(t *testing.T) {
	// Every date in both workbooks shows as "31 Oct 2026": the only date
	// formats are the date, the date with its time (Generated) and the
	// dossier's month.
	dates := regexp.MustCompile(`formatCode="([^"]*y[^"]*)"`)
	allowed := []string{fmtDate, fmtDateTime, "mmm yyyy"}
	path, _ := fixtureWorkbook(t)
	dossier, _ := acmeDossier(t)
	for _, p := range []string{path, dossier} {
		for _, m := range dates.FindAllStringSubmatch(zipPart(t, p, "xl/styles.xml"), -1) {
			if !slices.Contains(allowed, m[1]) {
				t.Errorf("%s has the date format %q", p, m[1])
			}
		}
	}
}

func TestFixOutline(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"no group", `<sheetFormatPr defaultRowHeight="15"></sheetFormatPr><cols><col min="1" max="1" width="9"/></cols>`,
			`<sheetFormatPr defaultRowHeight="15"></sheetFormatPr><cols><col min="1" max="1" width="9"/></cols>`},
		{"group then a column", `<sheetFormatPr defaultRowHeight="15"></sheetFormatPr><cols><col min="1" max="1" width="9"/>` +
			`<col min="2" max="2" width="9" hidden="1" outlineLevel="1"/><col min="3" max="3" width="9" hidden="1" outlineLevel="1"/>` +
			`<col min="4" max="4" width="48" customWidth="1"/><col min="5" max="5" width="9"/></cols>`,
			`<sheetFormatPr outlineLevelCol="1" defaultRowHeight="15"></sheetFormatPr><cols><col min="1" max="1" width="9"/>` +
				`<col min="2" max="2" width="9" hidden="1" outlineLevel="1"/><col min="3" max="3" width="9" hidden="1" outlineLevel="1"/>` +
				`<col min="4" max="4" width="48" customWidth="1" collapsed="1"/><col min="5" max="5" width="9"/></cols>`},
		{"group last", `<sheetFormatPr defaultRowHeight="15"></sheetFormatPr><cols><col min="2" max="2" hidden="1" outlineLevel="1"/></cols>`,
			`<sheetFormatPr outlineLevelCol="1" defaultRowHeight="15"></sheetFormatPr><cols><col min="2" max="2" hidden="1" outlineLevel="1"/></cols>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(fixOutline([]byte(tt.in))); got != tt.want {
				t.Errorf("fixOutline =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestHeldPart(t *testing.T) {
	t.Parallel()
	// The marker split over two writes is still found, the head fixed once
	// and the rest passed through as it came.
	var out strings.Builder
	upper := func(b []byte) []byte { return []byte(strings.ToUpper(string(b))) }
	h := &heldPart{out: &out, fix: upper, until: []byte("<data")}
	for _, p := range []string{"head <da", "ta>rows", " more"} {
		if _, err := h.Write([]byte(p)); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "HEAD <data>rows more"; got != want {
		t.Errorf("written %q, want %q", got, want)
	}
	// Without a marker the whole part is fixed at the end.
	out.Reset()
	h = &heldPart{out: &out, fix: upper}
	h.Write([]byte("chart"))
	h.flush()
	if got := out.String(); got != "CHART" {
		t.Errorf("written %q, want CHART", got)
	}
}

func TestWordLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		s    string
		room float64
		want int
	}{
		{"fits", "Avg days late", 13, 1},
		{"wraps at a space", "Avg days late", 9, 2}, // "Avg days" | "late"
		{"one word a line", "Avg days late", 4, 3},
		{"a long word is broken", strings.Repeat("x", 25), 10, 3},
		{"line breaks", "a\nb\nc", 10, 3},
		{"empty", "", 10, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wordLines(tt.s, tt.room); got != tt.want {
				t.Errorf("wordLines(%q, %v) = %d, want %d", tt.s, tt.room, got, tt.want)
			}
		})
	}
}

func TestHeaderText(t *testing.T) {
	t.Parallel()
	if got, want := headerText("R&D\nLabs & Co"), "R&&D Labs && Co"; got != want {
		t.Errorf("headerText = %q, want %q", got, want)
	}
}

func TestGridNeverClipsNumbers(t *testing.T) {
	t.Parallel()
	// A cumulative profit of 123,456,789.01 EUR takes 18 characters
	// ("123,456,789.01 EUR") and more than the column's cap of 18 with its
	// margins: the column widens rather than show ###.
	sc := mustFixture(t)
	p := &sc.Result.Portfolio
	p.Whale[len(p.Whale)-1].Cumulative = 12345678901
	_, f := writeFixture(t, sc, excelMaxRows-1)
	wd, err := f.GetColWidth("Sources", "E")
	if err != nil {
		t.Fatal(err)
	}
	if wd < 18+2 {
		t.Errorf("Sources!E is %v wide, too narrow for 123,456,789.01 EUR", wd)
	}
}
