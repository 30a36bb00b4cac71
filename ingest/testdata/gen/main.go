// Command gen writes the ingest test fixtures into the testdata folder:
//
//	cd ingest && go run ./testdata/gen
//
// Each fixture is named after the defect or feature it shows. The tests
// state, per fixture, what they expect of it and why.
package main

import (
	"bytes"
	"log"
	"os"
	"path/filepath"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

func main() {
	dir := "testdata"
	if _, err := os.Stat(dir); err != nil {
		log.Fatal("run from the ingest folder: go run ./testdata/gen")
	}
	for name, text := range csvFixtures {
		write(dir, name, []byte(text))
	}
	write(dir, "bom.csv", append([]byte{0xEF, 0xBB, 0xBF}, bom...))
	write(dir, "utf16-bom.csv", utf16LE(utf16Text))
	enc, err := charmap.Windows1252.NewEncoder().Bytes([]byte(cp1252Text))
	if err != nil {
		log.Fatal(err)
	}
	write(dir, "windows-1252.csv", enc)
	titleLines(filepath.Join(dir, "title-lines.xlsx"))
	dataOnSecondSheet(filepath.Join(dir, "data-on-second-sheet.xlsx"))
	date1904(filepath.Join(dir, "date-1904.xlsx"))
	cellTypes(filepath.Join(dir, "cell-types.xlsx"))
}

func write(dir, name string, b []byte) {
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		log.Fatal(err)
	}
}

func utf16LE(s string) []byte {
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xFE})
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.Bytes()
}

var csvFixtures = map[string]string{
	// Payments as the sample generator writes them: semicolons, decimal
	// comma with "." thousands, day-first dates.
	"semicolon-decimal-comma.csv": "Payment Date;Customer;Invoice No.;Amount;Currency;Reference\r\n" +
		"31/10/2026;Acme Ltd;INV-1001;1.234,56;EUR;SEPA 991\r\n" +
		"01/11/2026;Brightline;;99,5;USD;wire\r\n" +
		"02/11/2026;Acme Ltd;INV-1002;-50,00;EUR;refund\r\n",

	// A record spread over lines by quoted newlines is one row; a blank
	// line is a row. Rows 4 and 6 are bad.
	"quoted-newlines.csv": "Date,Num,Customer,Due Date,Amount,Memo\n" +
		"2026-01-05,INV-1,Acme Ltd,2026-02-04,100.00,\"line one\nline two\"\n" +
		"\n" +
		"2026-01-06,INV-2,Acme Ltd,2026-02-05,oops,plain\n" +
		"2026-01-07,INV-3,\"Beta\nCorp\",2026-02-06,300.00,\n" +
		"2026-01-08,INV-4,Acme Ltd,2026-02-07,abc,\n",

	"bad-amount.csv": "Date,Num,Customer,Due Date,Amount\n" +
		"01/03/2026,A-1,Acme,31/03/2026,\"1,234.56\"\n" +
		"01/03/2026,A-2,Acme,31/03/2026,\"1234,56\"\n" +
		"01/03/2026,A-3,Acme,31/03/2026,n/a\n" +
		"01/03/2026,A-4,Acme,31/03/2026,($45.10)\n",

	"bad-date.csv": "Date,Num,Customer,Due Date,Amount\n" +
		"12/25/2026,B-1,Acme,31/12/2026,10.00\n" +
		"31/04/2026,B-2,Acme,31/05/2026,10.00\n" +
		"29/02/2024,B-3,Acme,29/03/2024,10.00\n" +
		"2026-13-01,B-4,Acme,31/03/2026,10.00\n",

	"missing-due-date.csv": "Date,Num,Customer,Due Date,Terms,Amount,Transaction Type\n" +
		"01/03/2026,M-1,Acme,,Net 30,100.00,Invoice\n" +
		"01/03/2026,M-2,Acme,,,100.00,Invoice\n" +
		"01/03/2026,M-3,Acme,,,-50.00,Credit Memo\n" +
		"01/03/2026,M-4,Acme,,Due on receipt,10.00,Invoice\n" +
		"01/03/2026,M-5,Acme,15/03/2026,Net 30,10.00,Invoice\n" +
		"01/03/2026,M-6,Acme,,Whenever,10.00,Invoice\n",

	// Has no due date column and no terms column: "Due" is not an alias.
	"missing-column.csv": "Date,Num,Customer,Due,Total\n" +
		"01/03/2026,X-1,Acme,31/03/2026,10.00\n",

	"unknown-currency.csv": "Date,Customer,Amount,Currency\n" +
		"2026-03-01,Acme,10.00,usd\n" +
		"2026-03-02,Acme,10.00,XYZ\n" +
		"2026-03-03,Acme,10.00,GBP\n" +
		"2026-03-04,Acme,1500,JPY\n",

	// QuickBooks-style with footers: a subtotal, a customer heading, a
	// TOTAL that ends the data, and a report date line below it.
	"total-row.csv": "Open Invoices\n" +
		"As of October 31, 2026\n" +
		"\n" +
		"Type,Date,Num,Name,Terms,Due Date,Open Balance,Amount\n" +
		"Acme Ltd\n" +
		"Invoice,01/09/2026,1001,Acme Ltd,Net 30,01/10/2026,500.00,500.00\n" +
		"Total for Acme Ltd,,,,,,500.00,500.00\n" +
		"TOTAL,,,,,,500.00,500.00\n" +
		"\n" +
		"Invoice,02/09/2026,1002,Late Row Ltd,Net 30,02/10/2026,1.00,1.00\n",
}

// Disputes with a UTF-8 byte order mark; row 3's date is bad, so its issue
// names the first column, whose header must not carry the mark.
var bom = []byte("Date,Customer,Invoice,Amount,Reason,Status\n" +
	"2026-03-01,Acme Ltd,INV-1,100.00,Work not delivered,Open\n" +
	"someday,Acme Ltd,INV-2,,Too expensive,Won\n")

// Freshdesk tickets, exported as UTF-16 with a byte order mark.
var utf16Text = "Ticket ID,Subject,Status,Priority,Source,Type,Created time,Time tracked,Tags,Full name,Company Name\r\n" +
	"1,Login fails,Closed,High,Email,Incident,2026-03-04 03:12:45,1:30,\"abuse,threat\",Zoë Quinn,Café Zürich AG\r\n"

// Client master data in Windows-1252 (é, ü and € are single bytes).
var cp1252Text = "Client,Client ID,Aliases,Renewal Date,Account Manager,Monthly Fee\r\n" +
	"Café Müller,C-1,Cafe Muller; Café Mueller ,15/12/2026,Renée,\"€1,500.00\"\r\n"

func save(f *excelize.File, path string) {
	if err := f.SaveAs(path); err != nil {
		log.Fatal(err)
	}
	f.Close()
	must(os.Chmod(path, 0o644))
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// titleLines is a QuickBooks-style invoice list: three title lines, a blank
// row, the header on row 5, date and number cells, a bad row (9), a blank
// row (10), a TOTAL row (12) and a report footer (14).
func titleLines(path string) {
	f := excelize.NewFile()
	sh := "Invoice List"
	must(f.SetSheetName("Sheet1", sh))
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	money, _ := f.NewStyle(&excelize.Style{NumFmt: 4})
	set := func(cell string, v any) { must(f.SetCellValue(sh, cell, v)) }
	set("A1", "Northwind Digital Ltd")
	set("A2", "Invoice List")
	set("A3", "November 1, 2025 - October 31, 2026")
	for i, h := range []string{"Date", "Num", "Customer", "Due Date", "Amount", "Currency", "Status", "Transaction Type", "Applies To", "Memo"} {
		c, _ := excelize.CoordinatesToCellName(i+1, 5)
		set(c, h)
	}
	rows := []struct {
		row           int
		issued, due   any
		num, customer string
		amount        any
		cur, status   string
		typ, applies  string
	}{
		{6, date(2026, 1, 15), date(2026, 2, 14), "INV-1001", "Acme Ltd", 1200.50, "EUR", "Paid", "Invoice", ""},
		{7, date(2026, 2, 1), date(2026, 3, 3), "INV-1002", "Brightline", 99.99, "USD", "Open", "Invoice", ""},
		{8, date(2026, 2, 10), nil, "CN-1", "Acme Ltd", -200, "EUR", "", "Credit Memo", "INV-1001"},
		{9, "not a date", date(2026, 3, 15), "INV-1003", "Acme Ltd", 10, "EUR", "Open", "Invoice", ""},
		{11, date(2026, 3, 1), date(2026, 3, 31), "INV-1004", "Zeta GmbH", 0.1 + 0.2, "EUR", "Open", "Invoice", ""},
	}
	for _, r := range rows {
		row := func(col string) string { return col + itoa(r.row) }
		set(row("A"), r.issued)
		set(row("B"), r.num)
		set(row("C"), r.customer)
		if r.due != nil {
			set(row("D"), r.due)
		}
		set(row("E"), r.amount)
		set(row("F"), r.cur)
		set(row("G"), r.status)
		set(row("H"), r.typ)
		if r.applies != "" {
			set(row("I"), r.applies)
		}
		must(f.SetCellStyle(sh, row("A"), row("A"), dateStyle))
		must(f.SetCellStyle(sh, row("D"), row("D"), dateStyle))
		must(f.SetCellStyle(sh, row("E"), row("E"), money))
	}
	set("A12", "TOTAL")
	set("E12", 1300.79)
	set("A14", "Monday, November 2, 2026 09:15 AM GMT+01:00")
	save(f, path)
}

// dataOnSecondSheet has a notes sheet, a hidden sheet with a valid header
// (to be passed over), and the payments on the third sheet.
func dataOnSecondSheet(path string) {
	f := excelize.NewFile()
	must(f.SetSheetName("Sheet1", "Notes"))
	must(f.SetCellValue("Notes", "A1", "Exported from the bank portal"))
	must(f.SetCellValue("Notes", "A2", "Payments are on the next sheet"))
	_, err := f.NewSheet("Old")
	must(err)
	must(f.SetSheetRow("Old", "A1", &[]any{"Date", "Customer", "Amount"}))
	must(f.SetSheetRow("Old", "A2", &[]any{"2020-01-01", "Hidden Ltd", 1}))
	must(f.SetSheetVisible("Old", false))
	_, err = f.NewSheet("Payments")
	must(err)
	must(f.SetSheetRow("Payments", "A1", &[]any{"Date", "Customer", "Amount", "Reference"}))
	must(f.SetSheetRow("Payments", "A2", &[]any{date(2026, 4, 1), "Acme Ltd", 250, "CHQ 1"}))
	must(f.SetSheetRow("Payments", "A3", &[]any{date(2026, 4, 2), "Brightline", 75.5, "CHQ 2"}))
	save(f, path)
}

// date1904 is an invoice list in a workbook that counts dates from 1904:
// serial 42735 is 2021-01-01 there (2016-12-31 in the 1900 system).
func date1904(path string) {
	f := excelize.NewFile()
	sh := "Sheet1"
	yes := true
	must(f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
	fmtCode := "yyyy-mm-dd"
	st, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtCode})
	must(f.SetSheetRow(sh, "A1", &[]any{"Date", "Num", "Customer", "Due Date", "Amount"}))
	must(f.SetSheetRow(sh, "A2", &[]any{42735, "I-1904", "Acme Ltd", 42765, 50}))
	must(f.SetCellStyle(sh, "A2", "A2", st))
	must(f.SetCellStyle(sh, "D2", "D2", st))
	save(f, path)
}

// cellTypes holds support rows with typed cells: a boolean, a date-time
// serial, an [h]:mm duration, a number stored as text.
func cellTypes(path string) {
	f := excelize.NewFile()
	sh := "Sheet1"
	hm := "[h]:mm"
	dur, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &hm})
	dt, _ := f.NewStyle(&excelize.Style{NumFmt: 22})
	must(f.SetSheetRow(sh, "A1", &[]any{"Client", "Date", "Hours", "Billable", "Cost"}))
	// 2026-03-04 14:30 is serial 46085 + 14.5/24.
	must(f.SetSheetRow(sh, "A2", &[]any{"Acme Ltd", 46085 + 14.5/24, 1.5, true, "12.50"}))
	must(f.SetCellStyle(sh, "B2", "B2", dt))
	must(f.SetSheetRow(sh, "A3", &[]any{"Acme Ltd", "2026-03-05", 0.0625, false, 3}))
	must(f.SetCellStyle(sh, "C3", "C3", dur))
	save(f, path)
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
