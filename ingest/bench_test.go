package ingest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"clientscore/analysis"
)

// benchRows is the size of the benchmark files: 100,000 rows, or
// 1,000,000 with CLIENTSCORE_BIG=1.
func benchRows() int {
	if os.Getenv("CLIENTSCORE_BIG") == "1" {
		return 1_000_000
	}
	return 100_000
}

// writePaymentsCSV writes n payments the way the sample generator does:
// semicolons, decimal comma, day-first dates, 500 clients.
func writePaymentsCSV(tb testing.TB, path string, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, "Payment Date;Customer;Invoice No.;Amount;Currency;Reference\r\n")
	start := analysis.NewDate(2025, 11, 1)
	for i := 0; i < n; i++ {
		y, m, d := start.AddDays(i % 365).YMD()
		fmt.Fprintf(w, "%02d/%02d/%d;Client %03d Ltd;INV-%07d;%d.%03d,%02d;EUR;SEPA %d\r\n",
			d, int(m), y, i%500, i, 1+i%9, i%1000, i%100, i)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
}

// writeInvoicesXLSX writes n invoices with excelize's StreamWriter, with
// date cells and number cells as QuickBooks writes them.
func writeInvoicesXLSX(tb testing.TB, path string, n int) {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	sw.SetRow("A1", []any{"Date", "Num", "Customer", "Due Date", "Amount", "Currency", "Status"})
	start := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		issued := start.AddDate(0, 0, i%365)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		err := sw.SetRow(cell, []any{
			excelize.Cell{StyleID: dateStyle, Value: issued},
			fmt.Sprintf("INV-%07d", i),
			fmt.Sprintf("Client %03d Ltd", i%500),
			excelize.Cell{StyleID: dateStyle, Value: issued.AddDate(0, 0, 30)},
			float64(100+i%5000) + 0.25,
			"EUR",
			"Open",
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
}

// readBig reads one generated file and checks every row came through.
func readBig(tb testing.TB, in Input, dir string, n int) *Result {
	tb.Helper()
	res := mustRead(tb, func(o *Options) { o.BaseDir = dir }, in)
	if f := res.Files[0]; f.Rows != n || f.Rejected != 0 {
		tb.Fatalf("rows %d rejected %d, want %d and 0 (issues %v)", f.Rows, f.Rejected, n, res.Issues[:min(3, len(res.Issues))])
	}
	return res
}

var paymentsCSV = Input{Kind: analysis.InputPayments, Pattern: "payments.csv", Locale: &Locale{DateOrder: "DMY", Decimal: ','}}

func TestGeneratedFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writePaymentsCSV(t, filepath.Join(dir, "payments.csv"), 2000)
	res := readBig(t, paymentsCSV, dir, 2000)
	// Row 1001 (i = 999): 1.999,99 EUR = 199999 cents; 999 days mod 365
	// after 2025-11-01 is 269 days later, 2026-07-28.
	p := res.Data.Payments[999]
	if p.Amount != 199999 || p.Date != analysis.NewDate(2026, 7, 28) || p.ClientName != "Client 499 Ltd" || p.Row != 1001 {
		t.Errorf("payment 999 = %+v", p)
	}
	writeInvoicesXLSX(t, filepath.Join(dir, "invoices.xlsx"), 500)
	res = readBig(t, Input{Kind: analysis.InputInvoices, Pattern: "invoices.xlsx"}, dir, 500)
	// i = 499: issued 499 mod 365 = 134 days after 2025-11-01 = 2026-03-15,
	// amount 100 + 499 + 0.25 = 599.25.
	inv := res.Data.Invoices[499]
	if inv.Amount != 59925 || inv.Issued != analysis.NewDate(2026, 3, 15) || inv.Due != analysis.NewDate(2026, 4, 14) {
		t.Errorf("invoice 499 = %+v", inv)
	}
}

func BenchmarkReadCSV(b *testing.B) {
	dir := b.TempDir()
	n := benchRows()
	writePaymentsCSV(b, filepath.Join(dir, "payments.csv"), n)
	fi, _ := os.Stat(filepath.Join(dir, "payments.csv"))
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		readBig(b, paymentsCSV, dir, n)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkReadXLSX(b *testing.B) {
	dir := b.TempDir()
	n := benchRows()
	writeInvoicesXLSX(b, filepath.Join(dir, "invoices.xlsx"), n)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		readBig(b, Input{Kind: analysis.InputInvoices, Pattern: "invoices.xlsx"}, dir, n)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkRetainedMemory reports the heap the records of a read take,
// per row, after collection: what stays is the records, not the file.
func BenchmarkRetainedMemory(b *testing.B) {
	dir := b.TempDir()
	n := benchRows()
	writePaymentsCSV(b, filepath.Join(dir, "payments.csv"), n)
	var before, after runtime.MemStats
	for i := 0; i < b.N; i++ {
		runtime.GC()
		runtime.ReadMemStats(&before)
		res := readBig(b, paymentsCSV, dir, n)
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(n), "retained-B/row")
		runtime.KeepAlive(res)
	}
}

func BenchmarkParsers(b *testing.B) {
	b.ReportAllocs()
	p := dateReader{order: "DMY"}
	b.Run("date", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			p.parseText("31/10/2026")
		}
	})
	b.Run("amount", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			parseAmountText("1.234,56", ',', 2)
		}
	})
	b.Run("serial", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			parseSerial("46085", false)
		}
	})
}
