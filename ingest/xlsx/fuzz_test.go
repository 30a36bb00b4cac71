package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzRows reads a workbook built around a fuzzed worksheet and a fuzzed
// shared strings part. Whatever the bytes, reading must not panic or hang,
// every error must be one of the package's (or a read error), and the
// fast path for common cells must read exactly what the general path
// reads. Seeds: the worksheets and shared strings of testdata and of the
// crafted workbooks.
func FuzzRows(f *testing.F) {
	for _, tt := range craftedBooks {
		f.Add([]byte(tt.parts["xl/worksheets/sheet1.xml"]), []byte(tt.parts["xl/sharedStrings.xml"]))
	}
	files, _ := filepath.Glob("testdata/*.xlsx")
	hostile, _ := filepath.Glob("../testdata/hostile/*.xlsx") // ingest's fixtures of damaged and odd workbooks
	for _, path := range append(files, hostile...) {
		sheets, sst := partsOf(f, path)
		for _, sheet := range sheets {
			f.Add(sheet, sst)
		}
	}
	f.Add([]byte(sheetXML(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>x</t></is></c></row>`)),
		[]byte(sstXML(`<si><t>a</t></si>`)))
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		p := book(string(sheet), string(sst), stylesXML(map[int]string{164: "yyyy-mm-dd"}, 0, 14, 164, 46))
		if len(sst) == 0 {
			delete(p, "xl/sharedStrings.xml")
		}
		data := zipWith(t, p, zip.Store) // stored: the fuzzer's time goes to reading
		fast, fastErr := fuzzRead(t, data, false)
		slow, slowErr := fuzzRead(t, data, true)
		if (fastErr == nil) != (slowErr == nil) {
			t.Fatalf("fast path error %v, general path error %v", fastErr, slowErr)
		}
		if fastErr == nil && fast != slow {
			t.Fatalf("fast path read\n%s\ngeneral path read\n%s", fast, slow)
		}
	})
}

// fuzzRead reads Sheet1 of data, with or without the fast path, and
// returns a dump of the cells.
func fuzzRead(t *testing.T, data []byte, slowOnly bool) (string, error) {
	wb, err := openBytes(data, Limits{MaxPartBytes: 64 << 20})
	if err != nil {
		checkFuzzErr(t, err)
		return "", err
	}
	defer wb.Close()
	wb.impl.slowOnly = slowOnly
	rows, err := wb.Rows("Sheet1")
	if err != nil {
		checkFuzzErr(t, err)
		return "", err
	}
	defer rows.Close()
	var b strings.Builder
	deadline := time.Now().Add(10 * time.Second)
	for rows.Next() {
		if rows.Row() < 1 || rows.Row() > MaxRows {
			t.Fatalf("row number %d", rows.Row())
		}
		for _, c := range rows.Cells() {
			if c.Col < 1 || c.Col > MaxColumns {
				t.Fatalf("column %d", c.Col)
			}
			b.WriteString(gotCell{Row: rows.Row(), Hidden: rows.Hidden(), Cell: c}.String())
			b.WriteByte('\n')
		}
		if time.Now().After(deadline) {
			t.Fatal("reading takes over 10 s")
		}
	}
	if err := rows.Err(); err != nil {
		checkFuzzErr(t, err)
		return "", err
	}
	return b.String(), nil
}

func checkFuzzErr(t *testing.T, err error) {
	for _, sentinel := range []error{ErrCorrupt, ErrTooLarge, ErrUnsupported, ErrNotWorkbook} {
		if errors.Is(err, sentinel) {
			return
		}
	}
	t.Fatalf("an error of no kind: %v", err)
}

// partsOf returns the worksheets and the shared strings of a workbook
// file, as stored.
func partsOf(tb testing.TB, path string) (sheets [][]byte, sst []byte) {
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil // not a zip: the encrypted test file
	}
	for _, f := range zr.File {
		isSheet := strings.HasPrefix(f.Name, "xl/worksheets/") && strings.HasSuffix(f.Name, ".xml")
		if !isSheet && f.Name != "xl/sharedStrings.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			continue // a part of a damaged fixture
		}
		b, _ := io.ReadAll(rc) // a damaged part gives what it can
		rc.Close()
		if isSheet {
			sheets = append(sheets, b)
		} else {
			sst = b
		}
	}
	return sheets, sst
}

// partsNamed returns the named parts of a workbook file, as stored; nil
// when it is not a readable zip.
func partsNamed(tb testing.TB, path string, names ...string) [][]byte {
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	out := make([][]byte, len(names))
	for _, f := range zr.File {
		for i, name := range names {
			if f.Name != name {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				return nil
			}
			out[i], _ = io.ReadAll(rc) // a damaged part gives what it can
			rc.Close()
		}
	}
	return out
}

// FuzzOpen builds a workbook around a fuzzed workbook part, workbook
// relationships and styles, opens it and reads every sheet it lists.
// It must not panic or hang, and errors must be of the package's kinds.
func FuzzOpen(f *testing.F) {
	for _, tt := range craftedBooks {
		f.Add([]byte(tt.parts["xl/workbook.xml"]), []byte(tt.parts["xl/_rels/workbook.xml.rels"]), []byte(tt.parts["xl/styles.xml"]))
	}
	hostile, _ := filepath.Glob("../testdata/hostile/*.xlsx")
	for _, path := range hostile {
		if p := partsNamed(f, path, "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"); p != nil {
			f.Add(p[0], p[1], p[2])
		}
	}
	f.Add([]byte(`<workbook><workbookPr date1904="1"/><sheets><sheet name="A" r:id="rId1" xmlns:r="r"/></sheets></workbook>`),
		[]byte(`<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>`),
		[]byte(stylesXML(map[int]string{164: "[h]:mm"}, 0, 164)))
	f.Fuzz(func(t *testing.T, workbook, rels, styles []byte) {
		p := book(sheetXML(`<row r="1"><c r="A1" s="1"><v>1</v></c><c r="B1" t="s"><v>0</v></c></row>`),
			sstXML(`<si><t>s</t></si>`), string(styles))
		p["xl/workbook.xml"] = string(workbook)
		p["xl/_rels/workbook.xml.rels"] = string(rels)
		wb, err := openBytes(zipWith(t, p, zip.Store), Limits{MaxPartBytes: 64 << 20})
		if err != nil {
			checkFuzzErr(t, err)
			return
		}
		defer wb.Close()
		for _, s := range wb.Sheets() {
			rows, err := wb.Rows(s.Name)
			if err != nil {
				if strings.Contains(err.Error(), "has no sheet named") {
					continue // a name Rows finds ambiguous, or a sheet with no name
				}
				checkFuzzErr(t, err)
				continue
			}
			for rows.Next() {
			}
			if err := rows.Err(); err != nil {
				checkFuzzErr(t, err)
			}
			rows.Close()
		}
	})
}
