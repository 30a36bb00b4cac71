// Command gen writes the workbook fixtures of the export corpus: the
// QuickBooks Online reports, which QuickBooks downloads as .xlsx ("Export
// to Excel"), with the report's title lines above the header, dates as date
// cells and amounts as number cells. Run it from the ingest folder:
//
//	go run ./testdata/exports/gen
//
// It rewrites testdata/exports/quickbooks-online/*.xlsx and the QuickBooks
// exports of the "harbour" mix under cmd/clientscore/testdata/mixes. See
// testdata/exports/SOURCES.md for where each layout comes from.
package main

import (
	"log"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// cell is one value of a report row: string, float64 (money) or time.Time.
type cell = any

// report is a QuickBooks Online report as exported to Excel.
type report struct {
	path       string
	sheet      string
	company    string
	title      string
	period     string
	dateFormat string // the company's date format: "mm/dd/yyyy" (US) or "dd/mm/yyyy" (UK)
	header     []string
	rows       [][]cell
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func main() {
	for _, r := range []report{invoiceList(), transactionListPayments(), transactionDetail(), harbourInvoices(), harbourExpenses()} {
		if err := r.write(); err != nil {
			log.Fatalf("%s: %v", r.path, err)
		}
	}
}

// invoiceList is a US company's Invoice List: a voided invoice shows as
// 0.00, a TOTAL line closes the list.
func invoiceList() report {
	return report{
		path: "testdata/exports/quickbooks-online/invoice-list.xlsx", sheet: "Invoice List",
		company: "Northwind Digital LLC", title: "Invoice List", period: "January 1 - March 31, 2026", dateFormat: "mm/dd/yyyy",
		header: []string{"Date", "Transaction Type", "Num", "Customer", "Memo/Description", "Due Date", "Amount", "Open Balance"},
		rows: [][]cell{
			{day(2026, 1, 8), "Invoice", "1041", "Amy's Bird Sanctuary", "Rock fountain", day(2026, 2, 7), 1275.00, 0.00},
			{day(2026, 1, 14), "Invoice", "1042", "Cool Cars", "Parking lot landscaping", day(2026, 1, 28), 2750.50, 1000.50},
			{day(2026, 2, 2), "Invoice", "1043", "Amy's Bird Sanctuary", "Voided", day(2026, 3, 4), 0.00, 0.00},
			{day(2026, 3, 1), "Invoice", "1045", "Geeta Kalapatapu", "Consulting, March", day(2026, 3, 31), 629.10, 629.10},
			{"TOTAL", "", "", "", "", "", 4654.60, 1629.60},
		},
	}
}

// transactionListPayments is the Transaction List filtered to payments
// received: Name is the customer, Num the payment's reference.
func transactionListPayments() report {
	return report{
		path: "testdata/exports/quickbooks-online/transaction-list-payments.xlsx", sheet: "Transaction List",
		company: "Northwind Digital LLC", title: "Transaction List", period: "January 1 - March 31, 2026", dateFormat: "mm/dd/yyyy",
		header: []string{"Date", "Transaction Type", "Num", "Posting", "Name", "Memo/Description", "Account", "Split", "Amount"},
		rows: [][]cell{
			{day(2026, 2, 7), "Payment", "2145", "Yes", "Amy's Bird Sanctuary", "Payment received - Thank you!", "Undeposited Funds", "Accounts Receivable (A/R)", 1275.00},
			{day(2026, 1, 25), "Payment", "2146", "Yes", "Cool Cars", "Partial payment on invoice 1042", "Undeposited Funds", "Accounts Receivable (A/R)", 1750.00},
			{day(2026, 3, 30), "Payment", "CHK 5521", "Yes", "Geeta Kalapatapu", "", "Checking", "Accounts Receivable (A/R)", 629.10},
			{"TOTAL", "", "", "", "", "", "", "", 3654.10},
		},
	}
}

// transactionDetail is Transaction Detail by Account for two expense
// accounts, grouped by account: a group line, its transactions, a "Total
// for" line. Name is the vendor; Customer is whom the cost was for.
func transactionDetail() report {
	return report{
		path: "testdata/exports/quickbooks-online/transaction-detail-by-account.xlsx", sheet: "Transaction Detail by Account",
		company: "Northwind Digital LLC", title: "Transaction Detail by Account", period: "January 1 - March 31, 2026", dateFormat: "mm/dd/yyyy",
		header: []string{"", "Date", "Transaction Type", "Num", "Name", "Customer", "Memo/Description", "Split", "Amount", "Balance"},
		rows: [][]cell{
			{"Subcontractors"},
			{"", day(2026, 2, 12), "Bill", "SUB-2231", "Pixel & Co Studio", "Cool Cars", "Illustrations", "Accounts Payable (A/P)", 1200.00, 1200.00},
			{"", day(2026, 3, 3), "Expense", "1184", "Upwork Global Inc.", "Amy's Bird Sanctuary", "Copywriter, 6h", "Checking", 240.00, 1440.00},
			{"Total for Subcontractors", "", "", "", "", "", "", "", 1440.00},
			{"Travel"},
			{"", day(2026, 3, 10), "Expense", "", "Delta Air Lines", "Cool Cars", "Flight to client site", "Mastercard", 412.30, 412.30},
			{"Total for Travel", "", "", "", "", "", "", "", 412.30},
			{"TOTAL", "", "", "", "", "", "", "", 1852.30},
		},
	}
}

// harbourInvoices is the UK agency's Invoice List for the "harbour" mix
// (cmd/clientscore/mixes_test.go works its figures by hand).
func harbourInvoices() report {
	return report{
		path: "../cmd/clientscore/testdata/mixes/harbour/exports/quickbooks-invoice-list.xlsx", sheet: "Invoice List",
		company: "Harbour & Co Creative Ltd", title: "Invoice List", period: "1 November 2025 - 31 October 2026", dateFormat: "dd/mm/yyyy",
		header: []string{"Date", "Transaction Type", "Num", "Customer", "Memo/Description", "Due Date", "Amount", "Open Balance"},
		rows: [][]cell{
			{day(2025, 11, 5), "Invoice", "1001", "Kestrel Logistics Ltd", "Fleet rebrand, phase 1", day(2025, 12, 5), 12000.00, 0.00},
			{day(2025, 11, 12), "Invoice", "1002", "Orchard Dental", "Practice website", day(2025, 12, 12), 2500.00, 0.00},
			{day(2025, 12, 20), "Invoice", "1003", "Crème Digital", "UX audit", day(2026, 1, 19), 4000.00, 0.00},
			{day(2026, 1, 10), "Invoice", "1004", "Fenwick & Daughters", "Shop signage", day(2026, 2, 9), 1200.00, 0.00},
			{day(2026, 2, 15), "Invoice", "1006", "Kestrel Logistics Ltd", "Fleet rebrand, phase 2", day(2026, 3, 17), 9000.00, 0.00},
			{day(2026, 3, 2), "Invoice", "1007", "Fenwick & Daughters", "Voided", day(2026, 4, 1), 0.00, 0.00},
			{day(2026, 5, 20), "Invoice", "1010", "Orchard Dental", "Booking system", day(2026, 6, 19), 3200.00, 3200.00},
			{day(2026, 6, 10), "Invoice", "1012", "Kestrel Logistics Ltd", "Depot wayfinding", day(2026, 7, 10), 15000.00, 6000.00},
			{day(2026, 7, 1), "Invoice", "1014", "Crème Digital", "Design system", day(2026, 7, 31), 3000.00, 0.00},
			{day(2026, 8, 15), "Invoice", "1016", "Orchard Dental", "Patient newsletter", day(2026, 9, 14), 1800.00, 1800.00},
			{day(2026, 9, 1), "Invoice", "1018", "Kestrel Logistics Ltd", "Annual report", day(2026, 10, 1), 7500.00, 7500.00},
			{"TOTAL", "", "", "", "", "", 59200.00, 18500.00},
		},
	}
}

// harbourExpenses is the UK agency's Transaction Detail by Account for its
// two rechargeable cost accounts, for the "harbour" mix.
func harbourExpenses() report {
	return report{
		path: "../cmd/clientscore/testdata/mixes/harbour/exports/quickbooks-transaction-detail.xlsx", sheet: "Transaction Detail by Account",
		company: "Harbour & Co Creative Ltd", title: "Transaction Detail by Account", period: "1 November 2025 - 31 October 2026", dateFormat: "dd/mm/yyyy",
		header: []string{"", "Date", "Transaction Type", "Num", "Name", "Customer", "Memo/Description", "Split", "Amount", "Balance"},
		rows: [][]cell{
			{"Subcontractors"},
			{"", day(2026, 3, 20), "Bill", "SUB-771", "Pixel & Co Studio", "Fenwick & Daughters", "Illustrated price cards", "Accounts Payable (A/P)", 400.00, 400.00},
			{"Total for Subcontractors", "", "", "", "", "", "", "", 400.00},
			{"Travel"},
			{"", day(2026, 6, 12), "Expense", "", "Trainline", "Kestrel Logistics Ltd", "Bristol-Leeds, depot visit", "Monzo Business", 212.30, 212.30},
			{"", day(2026, 9, 3), "Expense", "", "Premier Inn", "Kestrel Logistics Ltd", "Leeds, 2 nights", "Monzo Business", 200.00, 412.30},
			{"Total for Travel", "", "", "", "", "", "", "", 412.30},
			{"TOTAL", "", "", "", "", "", "", "", 812.30},
		},
	}
}

func (r report) write() error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "QuickBooks Online", Created: "2026-04-01T09:41:00Z", Modified: "2026-04-01T09:41:00Z"}); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", r.sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	if err != nil {
		return err
	}
	center, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center"}})
	if err != nil {
		return err
	}
	dateFmt := r.dateFormat
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(r.header))
	for i, text := range []string{r.company, r.title, r.period} {
		row := i + 1
		a, _ := excelize.CoordinatesToCellName(1, row)
		z, _ := excelize.CoordinatesToCellName(len(r.header), row)
		if err := f.MergeCell(r.sheet, a, z); err != nil {
			return err
		}
		if err := f.SetCellValue(r.sheet, a, text); err != nil {
			return err
		}
		style := center
		if i < 2 {
			style = title
		}
		if err := f.SetCellStyle(r.sheet, a, a, style); err != nil {
			return err
		}
	}
	for c, h := range r.header {
		ref, _ := excelize.CoordinatesToCellName(c+1, 5)
		if err := f.SetCellValue(r.sheet, ref, h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(r.sheet, "A5", last+"5", bold); err != nil {
		return err
	}
	for i, row := range r.rows {
		for c, v := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, i+6)
			if s, ok := v.(string); ok && s == "" {
				continue
			}
			if err := f.SetCellValue(r.sheet, ref, v); err != nil {
				return err
			}
			style := 0
			switch v.(type) {
			case time.Time:
				style = date
			case float64:
				style = money
			}
			if s, ok := v.(string); ok && (s == "TOTAL" || strings.HasPrefix(s, "Total for")) {
				style = bold
			}
			if style != 0 {
				if err := f.SetCellStyle(r.sheet, ref, ref, style); err != nil {
					return err
				}
			}
		}
	}
	return f.SaveAs(r.path)
}
