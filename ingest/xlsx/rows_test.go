package xlsx

import (
	"strings"
	"testing"
)

// craftedBooks are workbooks written by hand, each showing one way real
// files differ from what excelize writes. want is every cell read, one
// line each, as gotCell.String prints it: reference, type, value, format
// kind, then "formula" and "hidden-row" when they apply. Each case is also
// compared with excelize in TestDifferential unless skipExcelize says
// why not.
var craftedBooks = []struct {
	name         string
	parts        parts
	want         []string
	date1904     bool
	skipExcelize string
}{
	{
		name: "no-cell-references",
		// Rows and cells without r count on from the one before: the
		// first row is 1, a row after r="5" is 6, a cell after C5 is D5.
		parts: book(sheetXML(`<row><c><v>1</v></c><c t="s"><v>0</v></c></row>`+
			`<row r="5"><c r="C5"><v>2</v></c><c><v>3</v></c></row>`+
			`<row><c><v>4</v></c></row>`), sstXML(`<si><t>zero</t></si>`), ""),
		want: []string{
			`A1 number "1" general`, `B1 string "zero" general`,
			`C5 number "2" general`, `D5 number "3" general`,
			`A6 number "4" general`,
		},
	},
	{
		name: "attribute-quoting",
		// Single quotes, spaces around =, any order, a tag over two lines.
		parts: book(sheetXML("<row r='2' spans = \"1:2\"><c t='s' s = \"1\" r='B2'\n\t><v>0</v></c>"+
			`<c s='1' r="C2"  t="n" ><v>45000</v></c></row>`),
			sstXML(`<si><t>x</t></si>`), stylesXML(nil, 0, 14)),
		want: []string{`B2 string "x" date`, `C2 number "45000" date`},
	},
	{
		name: "prefixed-namespace",
		// Every element with a prefix, as some generators write.
		parts: func() parts {
			p := book(`<?xml version="1.0"?><x:worksheet xmlns:x="`+nsMain+`"><x:sheetData>`+
				`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>hi</x:t></x:is></x:c><x:c r="B1"><x:v>7</x:v></x:c></x:row>`+
				`</x:sheetData></x:worksheet>`, "", "")
			p["xl/workbook.xml"] = `<?xml version="1.0"?><x:workbook xmlns:x="` + nsMain + `" xmlns:rel="` + nsRel + `">` +
				`<x:workbookPr date1904="true"/><x:sheets><x:sheet name="Sheet1" sheetId="1" rel:id="rId1"/></x:sheets></x:workbook>`
			return p
		}(),
		want:     []string{`A1 string "hi" general`, `B1 number "7" general`},
		date1904: true,
	},
	{
		name: "strict-ooxml",
		// ISO/IEC 29500 Strict: other namespaces and relationship types.
		parts: func() parts {
			const main = "http://purl.oclc.org/ooxml/spreadsheetml/main"
			const rel = "http://purl.oclc.org/ooxml/officeDocument/relationships"
			p := book(`<?xml version="1.0"?><worksheet xmlns="`+main+`"><sheetData>`+
				`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>46112</v></c></row></sheetData></worksheet>`,
				`<sst xmlns="`+main+`"><si><t>strict</t></si></sst>`,
				`<styleSheet xmlns="`+main+`"><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`)
			p["_rels/.rels"] = `<Relationships xmlns="` + nsPkg + `"><Relationship Id="rId1" Type="` + rel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`
			p["xl/workbook.xml"] = `<workbook xmlns="` + main + `" xmlns:r="` + rel + `"><workbookPr date1904="false"/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`
			p["xl/_rels/workbook.xml.rels"] = `<Relationships xmlns="` + nsPkg + `">` +
				`<Relationship Id="rId1" Type="` + rel + `/worksheet" Target="worksheets/sheet1.xml"/>` +
				`<Relationship Id="rId2" Type="` + rel + `/sharedStrings" Target="sharedStrings.xml"/>` +
				`<Relationship Id="rId3" Type="` + rel + `/styles" Target="styles.xml"/></Relationships>`
			return p
		}(),
		want: []string{`A1 string "strict" general`, `B1 number "46112" date`},
	},
	{
		name: "absolute-targets",
		// Targets starting with "/" are from the package root, and parts
		// may live anywhere.
		parts: func() parts {
			p := book("", "", "")
			delete(p, "xl/worksheets/sheet1.xml")
			p["_rels/.rels"] = `<Relationships xmlns="` + nsPkg + `"><Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="/xl/workbook.xml"/></Relationships>`
			p["xl/_rels/workbook.xml.rels"] = `<Relationships xmlns="` + nsPkg + `">` +
				`<Relationship Id="rId1" Type="` + nsRel + `/worksheet" Target="/xl/data/invoices.xml"/></Relationships>`
			p["xl/data/invoices.xml"] = sheetXML(`<row r="3"><c r="B3" t="inlineStr"><is><t>found</t></is></c></row>`)
			return p
		}(),
		want: []string{`B3 string "found" general`},
	},
	{
		name: "part-names-in-another-case",
		// Part names are case-insensitive (ECMA-376 Part 2, 6.2.2.3): a
		// target naming Worksheets/Sheet1.xml finds worksheets/sheet1.xml,
		// and "..", "%20" and backslashes resolve.
		parts: func() parts {
			p := book("", "", "")
			delete(p, "xl/worksheets/sheet1.xml")
			p["xl/_rels/workbook.xml.rels"] = `<Relationships xmlns="` + nsPkg + `">` +
				`<Relationship Id="rId1" Type="` + nsRel + `/worksheet" Target="../XL/Worksheets/My%20Sheet.xml"/></Relationships>`
			p[`xl\worksheets\my sheet.xml`] = sheetXML(`<row r="1"><c r="A1"><v>1</v></c></row>`)
			return p
		}(),
		want:         []string{`A1 number "1" general`},
		skipExcelize: "excelize matches part names as written",
	},
	{
		name: "grid-corners",
		// The last row and column of the grid are in it.
		parts: book(sheetXML(`<row r="1"><c r="XFD1"><v>1</v></c></row>`+
			`<row r="1048576"><c r="A1048576"><v>2</v></c><c r="XFD1048576"><v>3</v></c></row>`), "", ""),
		want:         []string{`XFD1 number "1" general`, `A1048576 number "2" general`, `XFD1048576 number "3" general`},
		skipExcelize: "excelize takes half a minute over a cell at XFD1048576",
	},
	{
		name: "entities-cdata-comments",
		// Predefined entities and character references are decoded, CDATA
		// is text, comments and processing instructions are not.
		parts: book(sheetXML(`<!-- a comment --><row r="1"><?pi data?>`+
			`<c r="A1"><v><![CDATA[12]]>.5</v></c>`+
			`<c r="B1" t="inlineStr"><is><t>a &amp; b &#x41;&#66; &lt;&gt;&quot;&apos;<!-- not text --></t></is></c>`+
			`<c r="C1" t="str"><v>x<![CDATA[<y>]]></v></c></row>`), "", ""),
		want: []string{`A1 number "12.5" general`, `B1 string "a & b AB <>\"'" general`, `C1 string "x<y>" general`},
	},
	{
		name: "cell-types",
		// Every t: booleans stay "1"/"0", errors their text, ISO dates
		// their text, a formula its cached value or "".
		parts: book(sheetXML(`<row r="1">`+
			`<c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c>`+
			`<c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D1" t="e"><v>#N/A</v></c>`+
			`<c r="E1" t="d"><v>2026-03-31T00:00:00</v></c>`+
			`<c r="F1" t="n"><v>-1.5E-3</v></c>`+
			`<c r="G1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>`+
			`<c r="H1"><f>SUM(A2:A3)</f></c>`+
			`<c r="I1"><f t="shared" ref="I1:I2" si="0">A1+1</f><v>2</v></c>`+
			`<c r="J1" t="s"><v> 1 </v></c>`+
			`</row><row r="2"><c r="I2"><f t="shared" si="0"/><v>3</v></c></row>`),
			sstXML(`<si><t>zero</t></si>`, `<si><t>one</t></si>`), ""),
		want: []string{
			`A1 bool "1" general`, `B1 bool "0" general`,
			`C1 error "#DIV/0!" general formula`, `D1 error "#N/A" general`,
			`E1 isodate "2026-03-31T00:00:00" general`, `F1 number "-1.5E-3" general`,
			`G1 string "ab" general formula`, `H1 number "" general formula`,
			`I1 number "2" general formula`, `J1 string "one" general`,
			`I2 number "3" general formula`,
		},
	},
	{
		name: "rich-shared-strings",
		// Runs are joined, phonetic runs left out, _xHHHH_ escapes decoded
		// as excelize does: _x005F_ is "_" (so _x005F_x0041_ stays
		// _x0041_), a lone surrogate is dropped, _X0041_ and an escape
		// with no closing underscore are literal. Raw CR LF is LF.
		parts: book(sheetXML(`<row r="1">`+
			`<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>`+
			`<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>`),
			sstXML(
				`<si><r><rPr><b/></rPr><t>Test (</t></r><r><t xml:space="preserve">Kgs </t></r><r><t>)</t></r></si>`,
				`<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>`,
				`<si><t>a_x000D_b _x005F_x0041_ _xD83D_! _X0041_ _x0041</t></si>`,
				"<si><t>line1\r\nline2\rline3</t></si>",
				`<si><t>_x0041__x0042_</t></si>`,
			), ""),
		want: []string{
			`A1 string "Test (Kgs )" general`, `B1 string "東京" general`,
			`C1 string "a\rb _x0041_ ! _X0041_ _x0041" general`,
			`D1 string "line1\nline2\nline3" general`, `E1 string "AB" general`,
		},
	},
	{
		name: "hidden-rows",
		// hidden="1" and hidden="true" hide a row; hidden="0" does not.
		parts: book(sheetXML(`<row r="1" hidden="1"><c r="A1"><v>1</v></c></row>`+
			`<row r="2" hidden="true"><c r="A2"><v>2</v></c></row>`+
			`<row r="3" hidden="0"><c r="A3"><v>3</v></c></row>`), "", ""),
		want: []string{`A1 number "1" general hidden-row`, `A2 number "2" general hidden-row`, `A3 number "3" general`},
	},
	{
		name: "number-formats",
		// Each cell's s picks a cell format (0-based into cellXfs), whose
		// numFmtId is built in (14 a date, 22 date-time, 46 [h]:mm:ss, 49
		// text, 10 percent) or custom (164 up).
		parts: book(sheetXML(`<row r="1">`+
			`<c r="A1" s="1"><v>46112</v></c><c r="B1" s="2"><v>46112.5</v></c><c r="C1" s="3"><v>1.5</v></c>`+
			`<c r="D1" s="4" t="s"><v>0</v></c><c r="E1" s="5"><v>0.38</v></c><c r="F1" s="6"><v>46112</v></c>`+
			`<c r="G1" s="7"><v>0.0625</v></c><c r="H1" s="8"><v>1234.5</v></c><c r="I1" s="99"><v>5</v></c>`+
			`<c r="J1"><v>6</v></c></row>`),
			sstXML(`<si><t>31/03/2026</t></si>`),
			stylesXML(map[int]string{164: `dd/mm/yyyy\ hh:mm`, 165: `[$-409]d\-mmm\-yy;@`, 166: `h:mm;@`, 167: `#,##0.00 [$EUR]`},
				0, 14, 22, 46, 49, 10, 165, 166, 167)),
		want: []string{
			`A1 number "46112" date`, `B1 number "46112.5" datetime`, `C1 number "1.5" time`,
			`D1 string "31/03/2026" text`, `E1 number "0.38" general`, `F1 number "46112" date`,
			`G1 number "0.0625" time`, `H1 number "1234.5" general`,
			`I1 number "5" general`, // s beyond cellXfs: General
			`J1 number "6" general`,
		},
	},
	{
		name: "whitespace-and-empty-cells",
		// Values are as written, spaces included. Cells with no value
		// (styled blanks, empty strings) are left out, and so are rows
		// with none.
		parts: book(sheetXML(`<row r="1"><c r="A1" s="1"/><c r="B1"><v></v></c><c r="C1" t="s"/>`+
			`<c r="D1" t="inlineStr"><is><t></t></is></c><c r="E1" t="s"><v>0</v></c></row>`+
			`<row r="2"><c r="A2"><v> 42 </v></c>`+"\n\t"+`<c r="B2" t="inlineStr"><is><t xml:space="preserve">  two  </t></is></c></row>`+
			`<row r="3"/>`),
			sstXML(`<si><t/></si>`), stylesXML(nil, 0, 14)),
		want: []string{`A2 number " 42 " general`, `B2 string "  two  " general`},
	},
	{
		name: "utf8-bom-and-empty-sheet-data",
		// A byte order mark before the declaration; a second sheet whose
		// sheetData is an empty element.
		parts: func() parts {
			p := book("\xEF\xBB\xBF"+sheetXML(`<row r="1"><c r="A1"><v>1</v></c></row>`), "", "")
			p["xl/workbook.xml"] = `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheets>` +
				`<sheet name="Sheet1" sheetId="1" r:id="rId1"/><sheet name="Empty" sheetId="2" state="hidden" r:id="rId9"/></sheets></workbook>`
			p["xl/_rels/workbook.xml.rels"] = `<Relationships xmlns="` + nsPkg + `">` +
				`<Relationship Id="rId1" Type="` + nsRel + `/worksheet" Target="worksheets/sheet1.xml"/>` +
				`<Relationship Id="rId9" Type="` + nsRel + `/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`
			p["xl/worksheets/sheet2.xml"] = `<worksheet xmlns="` + nsMain + `"><sheetData/></worksheet>`
			return p
		}(),
		want: []string{`A1 number "1" general`},
	},
	{
		name: "extension-inside-cell",
		// An <extLst> inside a cell holding a <v> of its own: the cell's
		// value is its own <v>.
		parts:        book(sheetXML(`<row r="1"><c r="A1"><v>1</v><extLst><ext uri="x"><v>9</v></ext></extLst></c><extLst/></row>`), "", ""),
		want:         []string{`A1 number "1" general`},
		skipExcelize: "excelize takes a <v> at any depth inside a cell, so it reads 9",
	},
	{
		name: "workbook-extension-workbookPr",
		// date1904 is read from the workbook's own <workbookPr>, not from
		// the x14 one an extension list may carry after it.
		parts: func() parts {
			p := book(sheetXML(`<row r="1"><c r="A1" s="1"><v>42735</v></c></row>`), "", stylesXML(nil, 0, 14))
			p["xl/workbook.xml"] = `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">` +
				`<workbookPr date1904="1"/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>` +
				`<extLst><ext uri="{79F54976-1DA5-4618-B147-4CDE4B953A38}"><x14:workbookPr defaultImageDpi="32767"/></ext></extLst></workbook>`
			return p
		}(),
		want:     []string{`A1 number "42735" date`},
		date1904: true,
	},
}

func TestCraftedBooks(t *testing.T) {
	t.Parallel()
	for _, tt := range craftedBooks {
		t.Run(tt.name, func(t *testing.T) {
			wb, err := openBytes(zipBytes(t, tt.parts), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			defer wb.Close()
			if got := wb.Date1904(); got != tt.date1904 {
				t.Errorf("Date1904() = %v, want %v", got, tt.date1904)
			}
			cells, err := readSheet(t, wb, "Sheet1")
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Split(dump(cells), "\n")
			if len(cells) == 0 {
				got = nil
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

// TestSheets: the sheet list in workbook order with visibility, chart
// sheets left out, and Rows finding a sheet by its exact name or, when
// only one matches, ignoring case.
func TestSheets(t *testing.T) {
	t.Parallel()
	p := book(sheetXML(`<row r="1"><c r="A1"><v>1</v></c></row>`), "", "")
	p["xl/workbook.xml"] = `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheets>` +
		`<sheet name="Data" sheetId="1" r:id="rId1"/><sheet name="Chart1" sheetId="2" r:id="rId2"/>` +
		`<sheet name="Old" sheetId="3" state="hidden" r:id="rId1"/><sheet name="Secret" sheetId="4" state="veryHidden" r:id="rId1"/>` +
		`<sheet name="Lost" sheetId="5" r:id="rId7"/></sheets></workbook>`
	p["xl/_rels/workbook.xml.rels"] = `<Relationships xmlns="` + nsPkg + `">` +
		`<Relationship Id="rId1" Type="` + nsRel + `/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="` + nsRel + `/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`
	wb, err := openBytes(zipBytes(t, p), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	want := []SheetInfo{{"Data", false}, {"Old", true}, {"Secret", true}, {"Lost", false}}
	got := wb.Sheets()
	if len(got) != len(want) {
		t.Fatalf("Sheets() = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Sheets()[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	for _, tt := range []struct {
		name    string
		sheet   string
		wantErr error // nil: the sheet opens
	}{
		{"exact name", "Data", nil},
		{"other case", "DATA", nil},
		{"chart sheet is no worksheet", "Chart1", errNoSheet},
		{"unknown", "Nope", errNoSheet},
		{"relationship missing", "Lost", ErrCorrupt},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := wb.Rows(tt.sheet)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatal(err)
				}
				rows.Close()
				return
			}
			if err == nil {
				rows.Close()
				t.Fatalf("Rows(%q) opened, want %v", tt.sheet, tt.wantErr)
			}
			if tt.wantErr != errNoSheet && !errorIs(err, tt.wantErr) {
				t.Fatalf("Rows(%q) = %v, want %v", tt.sheet, err, tt.wantErr)
			}
		})
	}
}

// errNoSheet marks the plain error for a sheet name that is not there.
var errNoSheet = &PartError{}

// TestDate1904File reads the calamine test file (testdata/README.md):
// a 1904 workbook whose A1 holds 42735 formatted yyyy-mm-dd (in the 1904
// system that is 2021-01-01) and whose A3 is a [hh]:mm:ss duration.
func TestDate1904File(t *testing.T) {
	t.Parallel()
	wb, err := Open("testdata/date-1904.xlsx", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if !wb.Date1904() {
		t.Error("Date1904() = false, want true (workbookPr date1904=\"true\")")
	}
	cells, err := readSheet(t, wb, wb.Sheets()[0].Name)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"A1": `A1 number "42735" date`,            // numFmt 165 yyyy\-mm\-dd
		"A3": `A3 number "10.6320601851852" time`, // numFmt 166 [hh]:mm:ss
		"B1": `B1 number "15" general`,            // style 2: numFmt 164 "General"
		"B3": `B3 number "17" general`,            // style 0
		"A2": `A2 number "42736" date`,            // the next day
		"B2": `B2 number "16" general`,
	}
	if len(cells) != len(want) {
		t.Errorf("read %d cells, want %d:\n%s", len(cells), len(want), dump(cells))
	}
	for _, c := range cells {
		ref := cellName(c.Col, c.Row)
		if c.String() != want[ref] {
			t.Errorf("%s: got %s, want %s", ref, c, want[ref])
		}
	}
}

// TestValuesOutliveNext: a cell's Value is an ordinary string that stays
// right after the iterator moves on (callers keep header texts and bad
// values for their reports).
func TestValuesOutliveNext(t *testing.T) {
	t.Parallel()
	wb, err := openBytes(zipBytes(t, book(sheetXML(
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Client</t></is></c><c r="B1"><v>1.5</v></c></row>`+
			`<row r="2"><c r="A2" t="inlineStr"><is><t>XXXXXX</t></is></c><c r="B2"><v>9.9</v></c></row>`), "", "")), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.Rows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var kept []string
	for rows.Next() {
		for _, c := range rows.Cells() {
			kept = append(kept, c.Value)
		}
	}
	if got, want := strings.Join(kept, ","), "Client,1.5,XXXXXX,9.9"; got != want {
		t.Errorf("kept values %q, want %q", got, want)
	}
}

// TestTwoReadersAtOnce: the same file opened twice, read in two
// goroutines, and two iterators of one workbook read in turn.
func TestTwoReadersAtOnce(t *testing.T) {
	t.Parallel()
	data, want := testBook(t, false)
	done := make(chan string, 2)
	for range 2 {
		go func() {
			wb, err := openBytes(data, Limits{})
			if err != nil {
				done <- err.Error()
				return
			}
			defer wb.Close()
			cells, err := readSheet(t, wb, "Sheet1")
			if err != nil {
				done <- err.Error()
				return
			}
			done <- dump(cells)
		}()
	}
	for range 2 {
		if got := <-done; got != want {
			t.Errorf("a concurrent read differs (%d bytes, want %d)", len(got), len(want))
		}
	}

	wb, err := openBytes(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	a, err := wb.Rows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := wb.Rows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	n := 0
	for a.Next() && b.Next() {
		if a.Row() != b.Row() || len(a.Cells()) != len(b.Cells()) || a.Cells()[0].Value != b.Cells()[0].Value {
			t.Fatalf("interleaved iterators differ at rows %d and %d", a.Row(), b.Row())
		}
		n++
	}
	if n != testBookRows+1 {
		t.Errorf("interleaved iterators read %d rows, want %d (a header and %d)", n, testBookRows+1, testBookRows)
	}
}
