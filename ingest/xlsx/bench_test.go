package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The benchmark sheet: an invoice export of 8 columns, a header row and
// n data rows. Column by column: invoice number (a string, unique),
// client (a string, 200 distinct), issue and due date (date serials
// formatted m/d/yyyy), amount (a number with cents), currency (a string,
// 3 distinct), hours ([h]:mm, a fraction of a day) and days late (an
// integer).
//
// It comes in two encodings of the same cells:
//   - shared: strings in the shared strings table, as Excel saves;
//     written by benchBook below.
//   - stream: strings inline, as excelize's StreamWriter writes.
//
// TestDifferential checks a small instance of each against excelize, so
// the hand-written encoding is known to read the same.

var benchHeader = []string{"Invoice", "Client", "Issued", "Due", "Amount", "Currency", "Hours", "Days late"}

type benchRow struct {
	invoice, client, currency string
	issued, due               int // date serials
	amount, hours             float64
	late                      int
}

func benchRowAt(i int) benchRow {
	issued := 45658 + i%730 // 2025-01-01 onward
	return benchRow{
		invoice:  fmt.Sprintf("INV-%07d", i),
		client:   fmt.Sprintf("Client %03d Ltd", i*7%200),
		currency: [...]string{"EUR", "USD", "GBP"}[i%3],
		issued:   issued,
		due:      issued + 30,
		amount:   float64((i*7919)%10000000) / 100,
		hours:    float64(i%40) / 96,
		late:     i % 120,
	}
}

// benchBookBytes returns the benchmark workbook with n data rows.
func benchBookBytes(tb testing.TB, n int, stream bool) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if stream {
		writeStreamBook(tb, &buf, n)
	} else {
		writeSharedBook(tb, &buf, n)
	}
	return buf.Bytes()
}

// testBookRows is the size of the book the tests of reading share: its
// sheet (600–720 KB) is past the scanner's 512 KiB buffer and spans
// several prefetch chunks.
const testBookRows = 2000

// testBooks are benchBookBytes(tb, testBookRows, stream) and their Sheet1
// as readBook reads it, made once for the tests that only read them: writing
// one takes most of a second under the race detector.
var testBooks [2]struct {
	once sync.Once
	data []byte
	want string // dump(readBook(data)["Sheet1"])
}

// testBook returns the shared book (shared strings, or inline strings
// when stream) and the dump of its Sheet1 read plainly.
func testBook(tb testing.TB, stream bool) (data []byte, want string) {
	tb.Helper()
	b := &testBooks[0]
	if stream {
		b = &testBooks[1]
	}
	b.once.Do(func() {
		data := benchBookBytes(tb, testBookRows, stream)
		b.want = dump(readBook(tb, data)["Sheet1"])
		b.data = data
	})
	if b.data == nil {
		tb.Fatal("writing the test book failed in an earlier test")
	}
	return b.data, b.want
}

// benchBookFile returns the path of the benchmark workbook with n rows,
// written once into testdata/generated (ignored by git).
func benchBookFile(tb testing.TB, n int, stream bool) string {
	tb.Helper()
	kind := "shared"
	if stream {
		kind = "stream"
	}
	path := filepath.Join("testdata", "generated", fmt.Sprintf("invoices-%d-%s.xlsx", n, kind))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	must(tb, os.MkdirAll(filepath.Dir(path), 0o755))
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	must(tb, err)
	w := bufio.NewWriterSize(f, 1<<20)
	if stream {
		writeStreamBook(tb, w, n)
	} else {
		writeSharedBook(tb, w, n)
	}
	must(tb, w.Flush())
	must(tb, f.Close())
	must(tb, os.Rename(tmp, path))
	return path
}

func writeStreamBook(tb testing.TB, w io.Writer, n int) {
	f := excelize.NewFile()
	date := style(tb, f, &excelize.Style{NumFmt: 14})
	hours := style(tb, f, &excelize.Style{CustomNumFmt: ptr("[h]:mm")})
	sw, err := f.NewStreamWriter("Sheet1")
	must(tb, err)
	head := make([]any, len(benchHeader))
	for i, h := range benchHeader {
		head[i] = h
	}
	must(tb, sw.SetRow("A1", head))
	row := make([]any, 8)
	for i := 1; i <= n; i++ {
		r := benchRowAt(i)
		row[0], row[1] = r.invoice, r.client
		row[2] = excelize.Cell{StyleID: date, Value: r.issued}
		row[3] = excelize.Cell{StyleID: date, Value: r.due}
		row[4], row[5] = r.amount, r.currency
		row[6] = excelize.Cell{StyleID: hours, Value: r.hours}
		row[7] = r.late
		must(tb, sw.SetRow("A"+strconv.Itoa(i+1), row))
	}
	must(tb, sw.Flush())
	must(tb, f.Write(w))
	must(tb, f.Close())
}

// writeSharedBook writes the benchmark workbook the way Excel lays it out.
func writeSharedBook(tb testing.TB, w io.Writer, n int) {
	zw := zip.NewWriter(w)
	put := func(name, content string) {
		fw, err := zw.Create(name)
		must(tb, err)
		_, err = io.WriteString(fw, content)
		must(tb, err)
	}
	p := book("", "x", stylesXML(map[int]string{164: "[h]:mm"}, 0, 14, 164))
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/styles.xml"} {
		put(name, p[name])
	}

	index := map[string]int{}
	var strs []string
	intern := func(s string) int {
		if i, ok := index[s]; ok {
			return i
		}
		index[s] = len(strs)
		strs = append(strs, s)
		return len(strs) - 1
	}
	fw, err := zw.Create("xl/worksheets/sheet1.xml")
	must(tb, err)
	sheet := bufio.NewWriterSize(fw, 1<<16)
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><dimension ref="A1:H` + strconv.Itoa(n+1) +
		`"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>`)
	var b []byte
	cell := func(col byte, row int, attrs string, v []byte) {
		b = append(b, `<c r="`...)
		b = append(b, col)
		b = strconv.AppendInt(b, int64(row), 10)
		b = append(b, '"')
		b = append(b, attrs...)
		b = append(b, `><v>`...)
		b = append(b, v...)
		b = append(b, `</v></c>`...)
	}
	str := func(col byte, row int, s string) {
		cell(col, row, ` t="s"`, strconv.AppendInt(nil, int64(intern(s)), 10))
	}
	for i := 0; i <= n; i++ {
		row := i + 1
		b = append(b[:0], `<row r="`...)
		b = strconv.AppendInt(b, int64(row), 10)
		b = append(b, `" spans="1:8">`...)
		if i == 0 {
			for c, h := range benchHeader {
				str(byte('A'+c), row, h)
			}
		} else {
			r := benchRowAt(i)
			str('A', row, r.invoice)
			str('B', row, r.client)
			cell('C', row, ` s="1"`, strconv.AppendInt(nil, int64(r.issued), 10))
			cell('D', row, ` s="1"`, strconv.AppendInt(nil, int64(r.due), 10))
			cell('E', row, "", strconv.AppendFloat(nil, r.amount, 'g', -1, 64))
			str('F', row, r.currency)
			cell('G', row, ` s="2"`, strconv.AppendFloat(nil, r.hours, 'g', -1, 64))
			cell('H', row, "", strconv.AppendInt(nil, int64(r.late), 10))
		}
		b = append(b, `</row>`...)
		sheet.Write(b)
	}
	sheet.WriteString(`</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	must(tb, sheet.Flush())

	fw, err = zw.Create("xl/sharedStrings.xml")
	must(tb, err)
	sst := bufio.NewWriterSize(fw, 1<<16)
	fmt.Fprintf(sst, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<sst xmlns="%s" count="%d" uniqueCount="%d">`,
		nsMain, len(strs), len(strs))
	for _, s := range strs {
		sst.WriteString("<si><t>" + s + "</t></si>")
	}
	sst.WriteString("</sst>")
	must(tb, sst.Flush())
	must(tb, zw.Close())
}

// benchRows is the default size; CLIENTSCORE_BIG=1 adds 1,000,000.
func benchSizes() []int {
	if os.Getenv("CLIENTSCORE_BIG") != "" {
		return []int{100_000, 1_000_000}
	}
	return []int{100_000}
}

// BenchmarkRead compares, on the same sheet: the floor (inflate the
// sheet XML and count its '<', touching every byte once), this reader
// (every cell of every row, values touched), and excelize's
// Rows+Columns with RawCellValue.
func BenchmarkRead(b *testing.B) {
	for _, n := range benchSizes() {
		for _, stream := range []bool{false, true} {
			kind := "shared"
			if stream {
				kind = "stream"
			}
			path := benchBookFile(b, n, stream)
			name := fmt.Sprintf("rows=%d/%s", n, kind)
			b.Run(name+"/floor", func(b *testing.B) { benchFloor(b, path) })
			b.Run(name+"/fast", func(b *testing.B) { benchFast(b, path, n) })
			b.Run(name+"/excelize", func(b *testing.B) { benchExcelize(b, path, n) })
		}
	}
}

func benchFloor(b *testing.B, path string) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	var sheet *zip.File
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			sheet = f
		}
	}
	b.SetBytes(int64(sheet.UncompressedSize64))
	buf := make([]byte, 256<<10)
	for b.Loop() {
		rc, err := sheet.Open()
		if err != nil {
			b.Fatal(err)
		}
		tags := 0
		for {
			n, err := rc.Read(buf)
			tags += bytes.Count(buf[:n], []byte("<"))
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		rc.Close()
		if tags == 0 {
			b.Fatal("no tags")
		}
	}
}

func benchFast(b *testing.B, path string, n int) {
	b.SetBytes(sheetSize(b, path))
	for b.Loop() {
		wb, err := Open(path, Limits{})
		if err != nil {
			b.Fatal(err)
		}
		rows, err := wb.Rows("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		nrows, chars := 0, 0
		for rows.Next() {
			nrows++
			for _, c := range rows.Cells() {
				chars += len(c.Value)
			}
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		rows.Close()
		wb.Close()
		if nrows != n+1 {
			b.Fatalf("read %d rows, want %d", nrows, n+1)
		}
	}
}

func benchExcelize(b *testing.B, path string, n int) {
	b.SetBytes(sheetSize(b, path))
	for b.Loop() {
		f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
		if err != nil {
			b.Fatal(err)
		}
		rows, err := f.Rows("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		nrows, chars := 0, 0
		for rows.Next() {
			nrows++
			cols, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				b.Fatal(err)
			}
			for _, v := range cols {
				chars += len(v)
			}
		}
		rows.Close()
		f.Close()
		if nrows != n+1 {
			b.Fatalf("read %d rows, want %d", nrows, n+1)
		}
	}
}

func sheetSize(b *testing.B, path string) int64 {
	zr, err := zip.OpenReader(path)
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			return int64(f.UncompressedSize64)
		}
	}
	b.Fatal("no sheet1.xml")
	return 0
}
