package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
)

// Namespaces of the transitional schema, the one Excel writes by default.
const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkg  = "http://schemas.openxmlformats.org/package/2006/relationships"
)

// parts is a workbook as zip entries: name → content.
type parts map[string]string

// zipBytes zips p, entries in name order so the archive is reproducible.
func zipBytes(tb testing.TB, p parts) []byte {
	tb.Helper()
	return zipWith(tb, p, zip.Deflate)
}

// zipWith zips p with the given compression method.
func zipWith(tb testing.TB, p parts, method uint16) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(p))
	for name := range p {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write([]byte(p[name])); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// book returns the parts of a one-sheet workbook named Sheet1 with the
// given worksheet XML and, when not "", shared strings and styles.
func book(sheet, sst, styles string) parts {
	p := parts{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="` + nsPkg + `"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="` + nsPkg + `"><Relationship Id="rId1" Type="` + nsRel + `/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="` + nsRel + `/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="` + nsRel + `/styles" Target="styles.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": sheet,
	}
	if sst != "" {
		p["xl/sharedStrings.xml"] = sst
	}
	if styles != "" {
		p["xl/styles.xml"] = styles
	}
	return p
}

// sheetXML wraps sheetData content in a worksheet.
func sheetXML(rows string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><dimension ref="A1"/><sheetData>` + rows + `</sheetData></worksheet>`
}

// sstXML wraps string items in a shared strings part.
func sstXML(items ...string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="` + nsMain + `" count="` + fmt.Sprint(len(items)) + `" uniqueCount="` + fmt.Sprint(len(items)) + `">` +
		strings.Join(items, "") + `</sst>`
}

// stylesXML declares custom number formats (id → code) and cell formats
// (each a numFmtId), in order.
func stylesXML(numFmts map[int]string, xfs ...int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="` + nsMain + `">`)
	if len(numFmts) > 0 {
		ids := make([]int, 0, len(numFmts))
		for id := range numFmts {
			ids = append(ids, id)
		}
		sort.Ints(ids)
		fmt.Fprintf(&b, `<numFmts count="%d">`, len(ids))
		for _, id := range ids {
			code := strings.NewReplacer(`&`, "&amp;", `"`, "&quot;", `<`, "&lt;").Replace(numFmts[id])
			fmt.Fprintf(&b, `<numFmt numFmtId="%d" formatCode="%s"/>`, id, code)
		}
		b.WriteString(`</numFmts>`)
	}
	b.WriteString(`<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>`)
	fmt.Fprintf(&b, `<cellXfs count="%d">`, len(xfs))
	for _, id := range xfs {
		fmt.Fprintf(&b, `<xf numFmtId="%d" xfId="0" applyNumberFormat="1"/>`, id)
	}
	b.WriteString(`</cellXfs></styleSheet>`)
	return b.String()
}

// openBytes opens a workbook held in memory.
func openBytes(b []byte, lim Limits) (*Workbook, error) {
	return OpenReader(bytes.NewReader(b), int64(len(b)), lim)
}

// gotCell is a cell as a test sees it: where, and what the reader said.
type gotCell struct {
	Row    int
	Hidden bool // the row is hidden
	Cell
}

func (c gotCell) String() string {
	f := ""
	if c.Formula {
		f = " formula"
	}
	h := ""
	if c.Hidden {
		h = " hidden-row"
	}
	return fmt.Sprintf("%s %s %q %s%s%s", cellName(c.Col, c.Row), c.Type, c.Value, c.Format, f, h)
}

// readSheet reads every row of a sheet, checking the iterator's contract
// on the way: rows ascend, cells are non-empty (or formulas) and carry
// the current row's values.
func readSheet(tb testing.TB, wb *Workbook, sheet string) ([]gotCell, error) {
	tb.Helper()
	rows, err := wb.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var got []gotCell
	for rows.Next() {
		cells := rows.Cells()
		if len(cells) == 0 {
			tb.Errorf("sheet %q row %d: Next gave a row with no cells", sheet, rows.Row())
		}
		for _, c := range cells {
			if c.Value == "" && !c.Formula {
				tb.Errorf("sheet %q row %d col %d: an empty cell that is no formula", sheet, rows.Row(), c.Col)
			}
			got = append(got, gotCell{Row: rows.Row(), Hidden: rows.Hidden(), Cell: c})
		}
	}
	return got, rows.Err()
}

// readBook reads every sheet of a workbook in memory.
func readBook(tb testing.TB, b []byte) map[string][]gotCell {
	tb.Helper()
	wb, err := openBytes(b, Limits{})
	if err != nil {
		tb.Fatal(err)
	}
	defer wb.Close()
	out := map[string][]gotCell{}
	for _, s := range wb.Sheets() {
		cells, err := readSheet(tb, wb, s.Name)
		if err != nil {
			tb.Fatalf("sheet %q: %v", s.Name, err)
		}
		out[s.Name] = cells
	}
	return out
}

func dump(cells []gotCell) string {
	lines := make([]string, len(cells))
	for i, c := range cells {
		lines[i] = c.String()
	}
	return strings.Join(lines, "\n")
}

// sameLines reports the lines only in want and only in got.
func diffLines(want, got []string) (missing, extra []string) {
	w, g := slices.Clone(want), slices.Clone(got)
	slices.Sort(w)
	slices.Sort(g)
	i, j := 0, 0
	for i < len(w) || j < len(g) {
		switch {
		case j == len(g) || i < len(w) && w[i] < g[j]:
			missing = append(missing, w[i])
			i++
		case i == len(w) || g[j] < w[i]:
			extra = append(extra, g[j])
			j++
		default:
			i++
			j++
		}
	}
	return missing, extra
}
