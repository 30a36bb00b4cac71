// Command gen writes the hostile-input fixtures into testdata/hostile:
//
//	cd ingest && go run ./testdata/hostile/gen
//
// Each fixture is a small file named after its defect; hostile_test.go says
// what Read must make of each. Workbooks are zipped by hand, part by part,
// so each holds exactly the XML that shows its defect (and the output is
// the same on every run). The big ones (a zip bomb, a 10 MB CSV field)
// are not here: the tests make them in a temporary folder.
package main

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

const dir = "testdata/hostile"

func main() {
	if _, err := os.Stat(dir); err != nil {
		log.Fatal("run from the ingest folder: go run ./testdata/hostile/gen")
	}
	for name, text := range csvFixtures {
		write(name, []byte(text))
	}
	write("bom.csv", append([]byte{0xEF, 0xBB, 0xBF}, paymentsCSV...))
	write("utf16le-bom.csv", utf16Bytes(paymentsText, false))
	write("utf16be-bom.csv", utf16Bytes(paymentsText, true))
	cp, err := charmap.Windows1252.NewEncoder().Bytes([]byte("Date,Customer,Amount,Reference\r\n" +
		"2026-03-01,Café Müller,10.00,€ deposit\r\n" +
		"2026-03-02,Renée & Søn,20.00,naïve\r\n"))
	must(err)
	write("windows-1252.csv", cp)
	write("long-names.csv", []byte("Date,Customer,Amount\n"+
		"2026-03-01,"+strings.Repeat("Long Name Holdings ", 20)+"Ltd,1.00\n"+
		"2026-03-02,"+strings.Repeat("x", 40000)+",2.00\n"+
		"2026-03-03,Short Ltd,3.00\n"))
	write("empty.csv", nil)
	write("empty.xlsx", nil)

	for name, b := range workbooks() {
		write(name, b)
	}
	write("legacy-biff8.xls", compoundFile("Workbook", biff8()))
	encrypted, err := os.ReadFile("xlsx/testdata/encrypted-aes.xlsx") // excelize's test/encryptAES.xlsx
	must(err)
	write("password-protected.xlsx", encrypted)
	write("excel-2003-xml.xls", []byte(spreadsheetML))
}

func write(name string, b []byte) {
	must(os.WriteFile(filepath.Join(dir, name), b, 0o644))
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// paymentsText is a small payments export, the body of the encoding
// fixtures: every one of them must read as these three payments.
const paymentsText = "Date,Customer,Amount,Reference\r\n" +
	"2026-03-01,Café Zürich AG,10.00,first\r\n" +
	"2026-03-02,Łódź Sp. z o.o.,20.00,second\r\n" +
	"2026-03-03,Acme Ltd,30.00,third\r\n"

var paymentsCSV = []byte(paymentsText)

func utf16Bytes(s string, bigEndian bool) []byte {
	var b bytes.Buffer
	var order binary.AppendByteOrder = binary.LittleEndian
	if bigEndian {
		order = binary.BigEndian
	}
	for _, u := range append([]uint16{0xFEFF}, utf16.Encode([]rune(s))...) {
		b.Write(order.AppendUint16(nil, u))
	}
	return b.Bytes()
}

// hugeInvoices is n rows of invoices of 9,999,999,999,999,999.99.
func hugeInvoices(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "01/03/2026,INV-%d,Acme,31/03/2026,\"9,999,999,999,999,999.99\"\n", i+1)
	}
	return b.String()
}

// csvFixtures are the delimited-text fixtures, by name.
var csvFixtures = map[string]string{
	"semicolon.csv": "Date;Customer;Amount;Reference\n" +
		"2026-03-01;Acme, Inc.;10,50;first\n" +
		"2026-03-02;Beta;1.234,00;second\n",
	"tab-delimited.csv": "Date\tCustomer\tAmount\tReference\n" +
		"2026-03-01\tAcme, Inc.\t10.50\tfirst\n" +
		"2026-03-02\tBeta; Co\t1,234.00\tsecond\n",
	// Row 2 spans lines 2-4, row 3 is line 5, row 4 (bad) lines 6-7,
	// row 5 (blank) line 8, row 6 line 9.
	"quoted-newlines.csv": "Date,Customer,Amount,Reference\n" +
		"2026-03-01,\"Acme\nLtd\",10.00,\"multi\nline\"\n" +
		"2026-03-02,Beta,20.00,plain\n" +
		"2026-03-03,\"Gamma\r\nGmbH\",oops,x\n" +
		"\n" +
		"2026-03-04,Delta,40.00,last\n",
	// Row 2 is short (no amount), row 3 long (read as far as the header
	// goes, with a warning about the rest), row 4 has only the date.
	"ragged-rows.csv": "Date,Customer,Amount\n" +
		"2026-03-01,Acme\n" +
		"2026-03-02,Beta,20.00,extra,cells,here\n" +
		"2026-03-03\n" +
		"2026-03-04,Delta,40.00\n",
	"nul-byte.csv": "Date,Customer,Amount\n" +
		"2026-03-01,Ac\x00me,10.00\n" +
		"2026-03-02,Beta,2\x000.00\n" +
		"2026-03-03,Gamma,30.00\n",
	"no-trailing-newline.csv": "Date,Customer,Amount\r\n" +
		"2026-03-01,Acme,10.00\r\n" +
		"2026-03-02,Beta,20.00",
	"header-only.csv": "Date,Customer,Amount\r\n",
	// Line ends: "CSV (Macintosh)" ends every line with a lone CR; files
	// put together from several exports mix CRLF, LF and CR. A quoted
	// field may span a lone CR too. Every one is five payments.
	"mac-cr-line-ends.csv": "Date,Customer,Amount,Reference\r" +
		"2026-03-01,Acme,10.00,first\r" +
		"2026-03-02,Beta,20.00,second\r" +
		"2026-03-03,Gamma,30.00,\"two\rlines\"\r" +
		"2026-03-04,Delta,40.00,fourth\r" +
		"2026-03-05,Epsilon,50.00,fifth\r",
	"mixed-line-ends.csv": "Date,Customer,Amount,Reference\r\n" +
		"2026-03-01,Acme,10.00,first\n" +
		"2026-03-02,Beta,20.00,second\r" +
		"2026-03-03,Gamma,30.00,third\r\n" +
		"\r" +
		"2026-03-04,Delta,40.00,fourth\r" +
		"2026-03-05,Epsilon,50.00,fifth\n",

	// Issue 14: ten invoices of 9,999,999,999,999,999.99 add up to more
	// than an int64 of cents holds; summed, Revenue wrapped to a negative
	// number.
	"money-overflow.csv": "Invoice Date,Invoice No,Customer,Due Date,Total\n" + hugeInvoices(10),

	// Content.
	"missing-required-column.csv": "Invoice Date,Invoice No,Customer,Due Dt,Total\n" +
		"2026-03-01,I-1,Acme,2026-03-31,10.00\n",
	// Row 3: a bad date, row 4: a bad amount, row 5 both, row 7 an amount
	// with the other decimal separator.
	"unparseable-dates-and-amounts.csv": "Date,Customer,Amount\n" +
		"2026-03-01,Acme,10.00\n" +
		"31/02/2026,Acme,10.00\n" +
		"2026-03-03,Acme,ten euros\n" +
		"yesterday,Acme,1O.00\n" +
		"2026-03-05,Acme,\"1,234.50\"\n" +
		"2026-03-06,Acme,\"1.234,50\"\n",
	// Read day-first: 03/04 is 3 April and 04/03 4 March; 13/04 only
	// reads day-first, 04/13 does not and is rejected with a hint.
	"ambiguous-dates.csv": "Date,Customer,Amount\n" +
		"03/04/2026,Acme,1.00\n" +
		"04/03/2026,Acme,2.00\n" +
		"13/04/2026,Acme,3.00\n" +
		"04/13/2026,Acme,4.00\n" +
		"03/04/26,Acme,5.00\n",
	"currency-without-rate.csv": "Date,Customer,Amount,Currency\n" +
		"2026-03-01,Acme,10.00,EUR\n" +
		"2026-03-02,Acme,10.00,GBP\n" +
		"2026-03-03,Acme,10.00,usd\n" +
		"2026-03-04,Acme,CHF 10.00,\n" +
		"2026-03-05,Acme,10.00,\n",
	"duplicate-invoice-numbers.csv": "Invoice Date,Invoice No,Customer,Due Date,Total\n" +
		"2026-03-01,INV-7,Acme,2026-03-31,100.00\n" +
		"2026-03-01,INV-7,Acme,2026-03-31,100.00\n" +
		"2026-03-01,INV-7,Acme,2026-03-31,250.00\n",
	"refunds.csv": "Date,Customer,Amount\n" +
		"2026-03-01,Acme,100.00\n" +
		"2026-03-02,Acme,-25.00\n" +
		"2026-03-03,Acme,(25.00)\n" +
		"2026-03-04,Acme,25.00-\n" +
		"2026-03-05,Acme,\u221225.00\n" +
		"2026-03-06,Acme,-$1\n",
	"due-before-issue.csv": "Invoice Date,Invoice No,Customer,Due Date,Total\n" +
		"2026-03-01,INV-1,Acme,2026-03-31,100.00\n" +
		"2026-03-01,INV-2,Acme,2026-02-01,100.00\n" +
		"2026-03-01,INV-3,Acme,2026-03-01,100.00\n",
	"implausible-years.csv": "Invoice Date,Invoice No,Customer,Due Date,Total\n" +
		"2026-03-01,INV-1,Acme,2026-03-31,100.00\n" +
		"1899-12-31,INV-2,Acme,2026-03-31,100.00\n" +
		"2026-03-01,INV-3,Acme,2206-03-31,100.00\n" +
		"01/03/0026,INV-4,Acme,2026-03-31,100.00\n" +
		"1990-01-01,INV-5,Acme,2100-12-31,100.00\n",
	"formula-like-names.csv": "Date,Customer,Amount,Reference\n" +
		"2026-03-01,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",1.00,=1+1\n" +
		"2026-03-02,+cmd|' /C calc'!A0,2.00,+1\n" +
		"2026-03-03,@SUM(A1:A9),3.00,@x\n" +
		"2026-03-04,-1+1,4.00,-2\n" +
		"2026-03-05,\t=TAB,5.00,\r\n",
	"control-characters.csv": "Date,Customer,Amount,Reference\n" +
		"2026-03-01,Bell\x07Co,1.00,esc\x1b[31mred\n" +
		"2026-03-02,Zero\u200bWidth,2.00,\u202eRTL\n" +
		"2026-03-03,\"Tab\there\",3.00,\x7fdel\n" +
		"2026-03-04,\" Spaces \u00a0\",4.00,\x01\x02\n",
}

// spreadsheetML is Excel 2003 XML, as web apps still save it under .xls.
const spreadsheetML = `<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Invoices">
  <Table>
   <Row><Cell><Data ss:Type="String">Date</Data></Cell><Cell><Data ss:Type="String">Customer</Data></Cell><Cell><Data ss:Type="String">Amount</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">2026-03-01</Data></Cell><Cell><Data ss:Type="String">Acme</Data></Cell><Cell><Data ss:Type="Number">10</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>
`

// The workbook's parts.
const (
	nsMain  = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkg   = "http://schemas.openxmlformats.org/package/2006/relationships"
	xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// Cell formats of every workbook here: 0 General, 1 a date, 2 text (@),
// 3 a money format (duration-h-mm.xlsx adds 4 [h]:mm and 5 [h]:mm:ss).
const styles = xmlDecl + `<styleSheet xmlns="` + nsMain + `"><numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts>` +
	`<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="49" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`

type sheet struct {
	name  string
	state string // "", "hidden" or "veryHidden"
	xml   string // the whole worksheet part
}

type workbook struct {
	sheets   []sheet
	strings  []string // shared strings; none when empty
	sst      string   // the shared strings part as given, instead of strings
	date1904 bool
	extra    map[string]string // more parts, or parts that replace the usual ones
}

// rows wraps rows in a worksheet, with whatever comes after sheetData.
func rows(content string, after ...string) string {
	return xmlDecl + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheetData>` + content + `</sheetData>` +
		strings.Join(after, "") + `</worksheet>`
}

// Cells: is an inline string, n a number, d a date serial (style 1).
func is(ref, s string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t xml:space="preserve">` + esc(s) + `</t></is></c>`
}
func n(ref, v string) string { return `<c r="` + ref + `"><v>` + v + `</v></c>` }
func d(ref, serial string) string {
	return `<c r="` + ref + `" s="1"><v>` + serial + `</v></c>`
}
func row(r int, cells ...string) string {
	return fmt.Sprintf(`<row r="%d">`, r) + strings.Join(cells, "") + `</row>`
}

func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// invoiceHeader is row r of an invoices sheet: the columns A to E.
func invoiceHeader(r int) string {
	return row(r, is(fmt.Sprintf("A%d", r), "Invoice Date"), is(fmt.Sprintf("B%d", r), "Invoice No"),
		is(fmt.Sprintf("C%d", r), "Customer"), is(fmt.Sprintf("D%d", r), "Due Date"), is(fmt.Sprintf("E%d", r), "Total"))
}

// invoiceRow is a plain invoice on row r: issued 2026-03-01 (46082), due
// 30 days later (46112).
func invoiceRow(r int, number, client, amount string) string {
	ref := func(col string) string { return fmt.Sprintf("%s%d", col, r) }
	return row(r, d(ref("A"), "46082"), is(ref("B"), number), is(ref("C"), client), d(ref("D"), "46112"), n(ref("E"), amount))
}

func (w workbook) zip() []byte {
	p := map[string]string{
		"[Content_Types].xml": xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`,
		"_rels/.rels": xmlDecl + `<Relationships xmlns="` + nsPkg + `"><Relationship Id="rId1" Type="` + nsRel +
			`/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/styles.xml": styles,
	}
	var sheets, rels strings.Builder
	for i, s := range w.sheets {
		state := ""
		if s.state != "" {
			state = ` state="` + s.state + `"`
		}
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, esc(s.name), i+1, state, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, nsRel, i+1)
		p[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)] = s.xml
		p["[Content_Types].xml"] += fmt.Sprintf(`<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	p["[Content_Types].xml"] += `</Types>`
	pr := ""
	if w.date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	p["xl/workbook.xml"] = xmlDecl + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">` + pr + `<sheets>` + sheets.String() + `</sheets></workbook>`
	n := len(w.sheets)
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>`, n+1, nsRel)
	sst := w.sst
	if sst == "" && len(w.strings) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, `%s<sst xmlns="%s" count="%d" uniqueCount="%d">`, xmlDecl, nsMain, len(w.strings), len(w.strings))
		for _, s := range w.strings {
			b.WriteString(`<si><t xml:space="preserve">` + esc(s) + `</t></si>`)
		}
		b.WriteString(`</sst>`)
		sst = b.String()
	}
	if sst != "" {
		p["xl/sharedStrings.xml"] = sst
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/>`, n+2, nsRel)
	}
	p["xl/_rels/workbook.xml.rels"] = xmlDecl + `<Relationships xmlns="` + nsPkg + `">` + rels.String() + `</Relationships>`
	for name, content := range w.extra {
		p[name] = content
	}
	return zipParts(p)
}

// zipParts zips the parts in name order, deflated, with no timestamps.
func zipParts(p map[string]string) []byte {
	names := make([]string, 0, len(p))
	for name := range p {
		names = append(names, name)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		must(err)
		_, err = w.Write([]byte(p[name]))
		must(err)
	}
	must(zw.Close())
	return buf.Bytes()
}

// workbooks returns the workbook fixtures by name.
func workbooks() map[string][]byte {
	invoices := func(extraRows ...string) workbook {
		return workbook{sheets: []sheet{{name: "Invoices", xml: rows(invoiceHeader(1) + invoiceRow(2, "INV-1", "Acme Ltd", "100") +
			invoiceRow(3, "INV-2", "Beta BV", "200") + strings.Join(extraRows, ""))}}}
	}
	out := map[string][]byte{}

	// A workbook cut in half (a download that stopped), and one whose
	// sheet's compressed bytes are damaged.
	var many strings.Builder
	many.WriteString(invoiceHeader(1))
	for r := 2; r <= 400; r++ {
		many.WriteString(invoiceRow(r, fmt.Sprintf("INV-%d", r), fmt.Sprintf("Client %d", r%37), fmt.Sprintf("%d.%02d", r*7, r%100)))
	}
	big := workbook{sheets: []sheet{{name: "Invoices", xml: rows(many.String())}}}.zip()
	out["truncated-zip.xlsx"] = big[:len(big)/2]
	out["corrupt-zip.xlsx"] = damageEntry(big, "xl/worksheets/sheet1.xml")
	out["bad-checksum.xlsx"] = badCRC(big, "xl/worksheets/sheet1.xml")

	// Entity tricks: a billion laughs in the sheet and in the shared
	// strings, an external entity, and one in a part that declares
	// another encoding (which the fast reader leaves to excelize).
	laughs := `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">` +
		`<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">` +
		`<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">` +
		`<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>`
	lolSheet := `<?xml version="1.0"?>` + laughs + `<worksheet xmlns="` + nsMain + `"><sheetData>` + invoiceHeader(1) +
		row(2, d("A2", "46082"), is("B2", "INV-1"), `<c r="C2" t="str"><v>&lol9;</v></c>`, d("D2", "46112"), n("E2", "1")) +
		`</sheetData></worksheet>`
	out["billion-laughs-sheet.xlsx"] = workbook{sheets: []sheet{{name: "Invoices", xml: lolSheet}}}.zip()
	lolSST := `<?xml version="1.0"?>` + laughs + `<sst xmlns="` + nsMain + `"><si><t>&lol9;</t></si></sst>`
	out["billion-laughs-shared-strings.xlsx"] = workbook{sst: lolSST,
		sheets: []sheet{{name: "Invoices", xml: rows(invoiceHeader(1) +
			row(2, d("A2", "46082"), is("B2", "INV-1"), `<c r="C2" t="s"><v>0</v></c>`, d("D2", "46112"), n("E2", "1")))}}}.zip()
	latinSST := `<?xml version="1.0" encoding="ISO-8859-1"?>` + laughs + `<sst xmlns="` + nsMain + `"><si><t>&lol9;</t></si></sst>`
	out["billion-laughs-latin1.xlsx"] = workbook{sst: latinSST,
		sheets: []sheet{{name: "Invoices", xml: rows(invoiceHeader(1) +
			row(2, d("A2", "46082"), is("B2", "INV-1"), `<c r="C2" t="s"><v>0</v></c>`, d("D2", "46112"), n("E2", "1")))}}}.zip()
	extSheet := `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]><worksheet xmlns="` + nsMain + `"><sheetData>` +
		invoiceHeader(1) + row(2, d("A2", "46082"), is("B2", "INV-1"), `<c r="C2" t="str"><v>&ext;</v></c>`, d("D2", "46112"), n("E2", "1")) +
		`</sheetData></worksheet>`
	out["external-entity.xlsx"] = workbook{sheets: []sheet{{name: "Invoices", xml: extSheet}}}.zip()

	// A workbook whose shared strings declare ISO-8859-1 (as some
	// programs write them), with a bare "&" in row 101: a reader that
	// decodes the declared encoding and stops at the first bad byte would
	// read 100 of the 200 invoices without a word. clientscore reads
	// UTF-8 parts only and refuses it whole, saying how to save it again.
	var latin strings.Builder
	latin.WriteString(invoiceHeader(1))
	for r := 2; r <= 201; r++ {
		client := fmt.Sprintf(`<c r="C%d" t="s"><v>%d</v></c>`, r, r%2)
		if r == 101 {
			client = `<c r="C101" t="inlineStr"><is><t>Smith & Sons</t></is></c>`
		}
		latin.WriteString(row(r, d(fmt.Sprintf("A%d", r), "46082"), is(fmt.Sprintf("B%d", r), fmt.Sprintf("INV-%d", r)), client,
			d(fmt.Sprintf("D%d", r), "46112"), n(fmt.Sprintf("E%d", r), "100")))
	}
	latinNames, err := charmap.ISO8859_1.NewEncoder().String(`<si><t>Café Müller</t></si><si><t>Acme Ltd</t></si>`)
	must(err)
	out["latin1-bare-ampersand.xlsx"] = workbook{sst: `<?xml version="1.0" encoding="ISO-8859-1"?><sst xmlns="` + nsMain + `">` + latinNames + `</sst>`,
		sheets: []sheet{{name: "Invoices", xml: rows(latin.String())}}}.zip()

	// Durations formatted [h]:mm and [h]:mm:ss are fractions of a day,
	// past 24 hours too: 1.5 is 36:00, 0.0625 is 1:30, 0 is 0:00.
	durationStyles := strings.Replace(styles, `<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts>`,
		`<numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0.00"/><numFmt numFmtId="165" formatCode="[h]:mm"/><numFmt numFmtId="166" formatCode="[h]:mm:ss"/></numFmts>`, 1)
	durationStyles = strings.Replace(durationStyles, `<xf numFmtId="164" applyNumberFormat="1"/></cellXfs>`,
		`<xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/><xf numFmtId="166" applyNumberFormat="1"/></cellXfs>`, 1)
	durationStyles = strings.Replace(durationStyles, `<cellXfs count="4">`, `<cellXfs count="6">`, 1)
	hm := func(ref, v string) string { return `<c r="` + ref + `" s="4"><v>` + v + `</v></c>` }
	hms := func(ref, v string) string { return `<c r="` + ref + `" s="5"><v>` + v + `</v></c>` }
	out["duration-h-mm.xlsx"] = workbook{extra: map[string]string{"xl/styles.xml": durationStyles},
		sheets: []sheet{{name: "Time", xml: rows(row(1, is("A1", "Date"), is("B1", "Client"), is("C1", "Hours")) +
			row(2, d("A2", "46082"), is("B2", "Acme Ltd"), hm("C2", "1.5")) +
			row(3, d("A3", "46083"), is("B3", "Acme Ltd"), hm("C3", "0.0625")) +
			row(4, d("A4", "46084"), is("B4", "Beta BV"), hms("C4", "1.0104166666666667")) +
			row(5, d("A5", "46085"), is("B5", "Beta BV"), hm("C5", "0")))}}}.zip()

	// The same durations in a workbook whose shared strings declare
	// ISO-8859-1: the excelize fallback read [h]:mm as hours, 24 times
	// too low (1:30 as 0.0625 h); it is refused now, as the one above.
	out["latin1-duration-h-mm.xlsx"] = workbook{extra: map[string]string{"xl/styles.xml": durationStyles},
		sst: `<?xml version="1.0" encoding="ISO-8859-1"?><sst xmlns="` + nsMain + `">` + latinNames + `</sst>`,
		sheets: []sheet{{name: "Time", xml: rows(row(1, is("A1", "Date"), is("B1", "Client"), is("C1", "Hours")) +
			row(2, d("A2", "46082"), `<c r="B2" t="s"><v>1</v></c>`, hm("C2", "0.0625")))}}}.zip()

	// Sheets.
	out["empty-sheet.xlsx"] = workbook{sheets: []sheet{{name: "Sheet1", xml: rows("")}}}.zip()
	out["header-only.xlsx"] = workbook{sheets: []sheet{{name: "Invoices", xml: rows(invoiceHeader(1))}}}.zip()
	out["data-on-third-sheet.xlsx"] = workbook{sheets: []sheet{
		{name: "Cover", xml: rows(row(1, is("A1", "Northwind Digital Ltd")) + row(2, is("A2", "Invoices, March 2026")))},
		{name: "Notes", xml: rows("")},
		{name: "Invoices", xml: invoices().sheets[0].xml},
	}}.zip()
	// The first visible sheet with a header is read; the hidden one before
	// it is passed over. Row 3 is hidden and is read: it is in the file.
	out["hidden-sheet-and-rows.xlsx"] = workbook{sheets: []sheet{
		{name: "Old", state: "hidden", xml: rows(invoiceHeader(1) + invoiceRow(2, "OLD-1", "Hidden Sheet Ltd", "1"))},
		{name: "Archive", state: "veryHidden", xml: rows(invoiceHeader(1) + invoiceRow(2, "OLD-2", "Very Hidden Ltd", "2"))},
		{name: "Invoices", xml: rows(invoiceHeader(1) + invoiceRow(2, "INV-1", "Acme Ltd", "100") +
			strings.Replace(invoiceRow(3, "INV-2", "Hidden Row Ltd", "200"), `<row r="3">`, `<row r="3" hidden="1">`, 1) +
			invoiceRow(4, "INV-3", "Beta BV", "300"))},
	}}.zip()
	out["only-hidden-sheet-has-data.xlsx"] = workbook{sheets: []sheet{
		{name: "Summary", xml: rows(row(1, is("A1", "See the other sheet")))},
		{name: "Data", state: "hidden", xml: invoices().sheets[0].xml},
	}}.zip()
	// A title merged over A1:E1, the header on row 3 with Customer merged
	// over C3:D3 (D3 is empty) so Due Date is in E and Total in F.
	merged := rows(row(1, is("A1", "Invoices 2026"))+
		row(3, is("A3", "Invoice Date"), is("B3", "Invoice No"), is("C3", "Customer"), is("E3", "Due Date"), is("F3", "Total"))+
		row(4, d("A4", "46082"), is("B4", "INV-1"), is("C4", "Acme Ltd"), d("E4", "46112"), n("F4", "100"))+
		row(5, d("A5", "46082"), is("B5", "INV-2"), is("C5", "Beta BV"), d("E5", "46112"), n("F5", "200")),
		`<mergeCells count="2"><mergeCell ref="A1:E1"/><mergeCell ref="C3:D3"/></mergeCells>`)
	out["merged-header-cells.xlsx"] = workbook{sheets: []sheet{{name: "Invoices", xml: merged}}}.zip()
	// Formulas: E2 =100*1.21 with its result saved, D3 =A3+30 likewise,
	// E4 a formula whose result was never saved (written by a program
	// that does not calculate), C5 a formula giving a string.
	formulas := rows(invoiceHeader(1) +
		row(2, d("A2", "46082"), is("B2", "INV-1"), is("C2", "Acme Ltd"), d("D2", "46112"), `<c r="E2"><f>100*1.21</f><v>121</v></c>`) +
		row(3, d("A3", "46082"), is("B3", "INV-2"), is("C3", "Acme Ltd"), `<c r="D3" s="1"><f>A3+30</f><v>46112</v></c>`, n("E3", "50")) +
		row(4, d("A4", "46082"), is("B4", "INV-3"), is("C4", "Acme Ltd"), d("D4", "46112"), `<c r="E4"><f>SUM(X1:X9)</f></c>`) +
		row(5, d("A5", "46082"), is("B5", "INV-4"), `<c r="C5" t="str"><f>"Beta"&amp;" BV"</f><v>Beta BV</v></c>`, d("D5", "46112"), n("E5", "10")))
	out["formulas.xlsx"] = workbook{sheets: []sheet{{name: "Invoices", xml: formulas}}}.zip()
	// Error cells: #N/A as a client, #REF! as an amount, #DIV/0! as a due
	// date from a formula, and #VALUE! in a column no one reads.
	errCells := rows(row(1, is("A1", "Invoice Date"), is("B1", "Invoice No"), is("C1", "Customer"), is("D1", "Due Date"), is("E1", "Total"), is("F1", "Notes")) +
		invoiceRow(2, "INV-1", "Acme Ltd", "100") +
		row(3, d("A3", "46082"), is("B3", "INV-2"), `<c r="C3" t="e"><f>VLOOKUP(B3,Clients!A:B,2,FALSE)</f><v>#N/A</v></c>`, d("D3", "46112"), n("E3", "1")) +
		row(4, d("A4", "46082"), is("B4", "INV-3"), is("C4", "Acme Ltd"), d("D4", "46112"), `<c r="E4" t="e"><v>#REF!</v></c>`) +
		row(5, d("A5", "46082"), is("B5", "INV-4"), is("C5", "Acme Ltd"), `<c r="D5" s="1" t="e"><f>A5/0</f><v>#DIV/0!</v></c>`, n("E5", "1")) +
		row(6, d("A6", "46082"), is("B6", "INV-5"), is("C6", "Acme Ltd"), d("D6", "46112"), n("E6", "5"), `<c r="F6" t="e"><v>#VALUE!</v></c>`))
	out["error-cells.xlsx"] = workbook{sheets: []sheet{{name: "Invoices", xml: errCells}}}.zip()
	// Numbers and dates stored as text (shared strings, some in cells
	// formatted @): they read as the text says, in the file's locale. A
	// serial number stored as text is not a date.
	textNums := workbook{
		strings: []string{"01/03/2026", "1,234.56", "2026-03-31", "46082", "100"},
		sheets: []sheet{{name: "Invoices", xml: rows(invoiceHeader(1) +
			row(2, `<c r="A2" s="2" t="s"><v>0</v></c>`, is("B2", "INV-1"), is("C2", "Acme Ltd"), `<c r="D2" s="2" t="s"><v>2</v></c>`, `<c r="E2" s="2" t="s"><v>1</v></c>`) +
			row(3, d("A3", "46082"), is("B3", "INV-2"), is("C3", "Acme Ltd"), d("D3", "46112"), `<c r="E3" t="s"><v>4</v></c>`) +
			row(4, `<c r="A4" s="2" t="s"><v>3</v></c>`, is("B4", "INV-3"), is("C4", "Acme Ltd"), d("D4", "46112"), n("E4", "1")))}},
	}
	out["numbers-and-dates-as-text.xlsx"] = textNums.zip()
	// The 1904 date system: 44620 is 2026-03-01 there (46082 in 1900).
	out["date-1904.xlsx"] = workbook{date1904: true, sheets: []sheet{{name: "Invoices", xml: rows(invoiceHeader(1) +
		row(2, d("A2", "44620"), is("B2", "INV-1"), is("C2", "Acme Ltd"), d("D2", "44650"), n("E2", "100")) +
		row(3, is("A3", "2026-03-01"), is("B3", "INV-2"), is("C3", "Acme Ltd"), is("D3", "2026-03-31"), n("E3", "200")))}}}.zip()
	// Cells beyond Excel's grid.
	out["beyond-column-xfd.xlsx"] = invoices(row(4, n("A4", "1"), n("XFE4", "2"))).zip()
	out["beyond-row-1048576.xlsx"] = invoices(row(1048577, n("A1048577", "1"))).zip()
	// Formula-like text and control characters in a workbook: Excel
	// escapes the characters XML cannot hold as _xHHHH_.
	out["formula-like-names.xlsx"] = workbook{
		strings: []string{"=HYPERLINK(\"http://evil.example\",\"click\")", "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "-1+1", "Bell_x0007_Co", "Tab\there"},
		sheets: []sheet{{name: "Invoices", xml: rows(invoiceHeader(1) +
			row(2, d("A2", "46082"), is("B2", "INV-1"), `<c r="C2" t="s"><v>0</v></c>`, d("D2", "46112"), n("E2", "1")) +
			row(3, d("A3", "46082"), is("B3", "INV-2"), `<c r="C3" t="s"><v>1</v></c>`, d("D3", "46112"), n("E3", "2")) +
			row(4, d("A4", "46082"), is("B4", "INV-3"), `<c r="C4" t="s"><v>2</v></c>`, d("D4", "46112"), n("E4", "3")) +
			row(5, d("A5", "46082"), is("B5", "INV-4"), `<c r="C5" t="s"><v>3</v></c>`, d("D5", "46112"), n("E5", "4")) +
			row(6, d("A6", "46082"), is("B6", "INV-5"), `<c r="C6" t="s"><v>4</v></c>`, d("D6", "46112"), n("E6", "5")) +
			row(7, d("A7", "46082"), is("B7", "INV-6"), `<c r="C7" t="s"><v>5</v></c>`, d("D7", "46112"), n("E7", "6")))}},
	}.zip()
	return out
}

// damageEntry flips bytes in the middle of an entry's compressed data.
func damageEntry(data []byte, name string) []byte {
	out := bytes.Clone(data)
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	must(err)
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		off, err := f.DataOffset()
		must(err)
		mid := off + int64(f.CompressedSize64)/2
		for i := mid; i < mid+32; i++ {
			out[i] ^= 0x5A
		}
		return out
	}
	log.Fatalf("no entry %s", name)
	return nil
}

// badCRC changes the checksum an entry declares, in its local header and
// in the central directory: the data inflates fine and fails at the end.
func badCRC(data []byte, name string) []byte {
	out := bytes.Clone(data)
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	must(err)
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		var crc [4]byte
		binary.LittleEndian.PutUint32(crc[:], f.CRC32)
		bad := crc32.ChecksumIEEE([]byte("not the sheet"))
		var badb [4]byte
		binary.LittleEndian.PutUint32(badb[:], bad)
		if n := bytes.Count(out, crc[:]); n < 1 {
			log.Fatalf("checksum of %s not found", name)
		}
		out = bytes.ReplaceAll(out, crc[:], badb[:])
		return out
	}
	log.Fatalf("no entry %s", name)
	return nil
}

// biff8 is the start of an Excel 97-2003 workbook stream: a BOF record
// (BIFF8, workbook globals) and an EOF record, padded to 4096 bytes so
// it lives in regular sectors.
func biff8() []byte {
	b := []byte{0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00, 0x54, 0x38, 0xCD, 0x07, 0xC1, 0x00, 0x01, 0x00, 0x06, 0x04, 0x00, 0x00,
		0x0A, 0x00, 0x00, 0x00}
	return append(b, make([]byte, 4096-len(b))...)
}

// compoundFile writes an OLE compound file (version 3, 512-byte sectors)
// holding one stream, as Excel 97-2003 writes .xls files: sector 0 is the
// FAT, sector 1 the directory, the stream follows.
func compoundFile(stream string, data []byte) []byte {
	const sector = 512
	nData := (len(data) + sector - 1) / sector
	le := binary.LittleEndian
	hdr := make([]byte, sector)
	copy(hdr, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le.PutUint16(hdr[0x18:], 0x003E) // minor version
	le.PutUint16(hdr[0x1A:], 0x0003) // major version 3
	le.PutUint16(hdr[0x1C:], 0xFFFE) // little-endian
	le.PutUint16(hdr[0x1E:], 9)      // 512-byte sectors
	le.PutUint16(hdr[0x20:], 6)      // 64-byte mini sectors
	le.PutUint32(hdr[0x2C:], 1)      // one FAT sector
	le.PutUint32(hdr[0x30:], 1)      // the directory starts at sector 1
	le.PutUint32(hdr[0x38:], 4096)   // mini stream cutoff
	le.PutUint32(hdr[0x3C:], 0xFFFFFFFE)
	le.PutUint32(hdr[0x44:], 0xFFFFFFFE)
	le.PutUint32(hdr[0x4C:], 0) // DIFAT[0]: the FAT is sector 0
	for i := 1; i < 109; i++ {
		le.PutUint32(hdr[0x4C+4*i:], 0xFFFFFFFF)
	}
	fat := make([]byte, sector)
	for i := range sector / 4 {
		le.PutUint32(fat[4*i:], 0xFFFFFFFF) // free
	}
	le.PutUint32(fat[0:], 0xFFFFFFFD) // FAT sector
	le.PutUint32(fat[4:], 0xFFFFFFFE) // the directory: one sector
	for i := range nData {
		next := uint32(3 + i)
		if i == nData-1 {
			next = 0xFFFFFFFE
		}
		le.PutUint32(fat[4*(2+i):], next)
	}
	dirSec := make([]byte, sector)
	entry := func(i int, name string, typ byte, child, start uint32, size uint64) {
		e := dirSec[128*i : 128*(i+1)]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		le.PutUint16(e[0x40:], uint16(2*len(u)+2))
		e[0x42] = typ
		e[0x43] = 1 // black
		le.PutUint32(e[0x44:], 0xFFFFFFFF)
		le.PutUint32(e[0x48:], 0xFFFFFFFF)
		le.PutUint32(e[0x4C:], child)
		le.PutUint32(e[0x74:], start)
		le.PutUint64(e[0x78:], size)
	}
	entry(0, "Root Entry", 5, 1, 0xFFFFFFFE, 0)
	entry(1, stream, 2, 0xFFFFFFFF, 2, uint64(len(data)))
	out := append(hdr, fat...)
	out = append(out, dirSec...)
	padded := make([]byte, nData*sector)
	copy(padded, data)
	return append(out, padded...)
}
