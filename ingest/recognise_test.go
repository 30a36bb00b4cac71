package ingest_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"clientscore/analysis"
	"clientscore/ingest"
)

// recogniseCase is one file and what a person reading it would say it
// holds: the input, the tool, the sheet and the locale its text needs.
type recogniseCase struct {
	file     string // under testdata
	sheet    string // the sheet that holds the input; "" for a CSV file
	kind     analysis.Input
	tool     string
	dates    string // ingest.DatesCells, DatesISO, DatesText
	order    string // the date order its text dates need; "" for none
	decimal  byte   // the decimal mark its text amounts need: '.' unless ','
	columns  map[string]string
	terms    bool           // it has no due date and no terms
	rows     int            // data rows
	rejected int            // of them, rows that do not read
	currency map[string]int // records by currency ("" none)
}

// The export corpus (testdata/exports/SOURCES.md), each file as the
// person who laid it out reads it (exportCases in exports_test.go uses
// the same input and locale), and files of other tests that stand for
// other exports. Row counts are the file's data rows (title, blank,
// group and total lines aside); currencies count records, which for an
// export written one row per invoice line are invoices.
func recogniseCases() []recogniseCase {
	return []recogniseCase{
		// 4 entries, all in the header's (EUR) rate columns but no
		// currency column: no currency. 09/15/2026 can only be month
		// first.
		{file: "exports/clockify/detailed.csv", kind: analysis.InputTime, tool: "Clockify detailed report", dates: ingest.DatesText, order: "MDY",
			rows: 4, currency: map[string]int{"": 4}},
		// No due date, no terms: the user must give terms. ISO dates. 4
		// lines of 3 invoices in USD.
		{file: "exports/freshbooks/invoice-details-no-due-date.csv", kind: analysis.InputInvoices, tool: "FreshBooks invoice details", dates: ingest.DatesISO,
			terms: true, rows: 4, currency: map[string]int{"USD": 3}},
		// 01/15/2026: month first. 6 lines, 5 invoices: 3 in USD, 2 in EUR.
		{file: "exports/freshbooks/invoice-details.csv", kind: analysis.InputInvoices, tool: "FreshBooks invoice details", dates: ingest.DatesText, order: "MDY",
			rows: 6, currency: map[string]int{"USD": 3, "EUR": 2}},
		{file: "exports/freshdesk/tickets.csv", kind: analysis.InputSupport, tool: "Freshdesk tickets", dates: ingest.DatesISO,
			rows: 5, currency: map[string]int{"": 5}},
		// Currency "Euro - EUR".
		{file: "exports/harvest/detailed-expenses.csv", kind: analysis.InputExpenses, tool: "Harvest detailed expense report", dates: ingest.DatesISO,
			rows: 3, currency: map[string]int{"EUR": 3}},
		{file: "exports/harvest/detailed-time.csv", kind: analysis.InputTime, tool: "Harvest detailed time report", dates: ingest.DatesISO,
			rows: 5, currency: map[string]int{"EUR": 5}},
		// A bank statement: payments. 15/08/2026 is day first.
		{file: "exports/monzo/business-account.csv", kind: analysis.InputPayments, tool: "Monzo account statement", dates: ingest.DatesText, order: "DMY",
			rows: 4, currency: map[string]int{"GBP": 4}},
		// Three title lines and a blank one above the header; date cells;
		// the TOTAL line is no row.
		{file: "exports/quickbooks-online/invoice-list.xlsx", sheet: "Invoice List", kind: analysis.InputInvoices, tool: "QuickBooks invoice list", dates: ingest.DatesCells,
			rows: 4, currency: map[string]int{"": 4}},
		// Grouped by account: the account lines and their totals are no
		// rows. Bills and expenses, with the customer each was for.
		{file: "exports/quickbooks-online/transaction-detail-by-account.xlsx", sheet: "Transaction Detail by Account", kind: analysis.InputExpenses,
			tool: "QuickBooks Online transaction detail", dates: ingest.DatesCells, rows: 3, currency: map[string]int{"": 3}},
		// No column names the client (it heads each group): nothing reads it.
		{file: "exports/quickbooks-online/transaction-list-by-customer.csv"},
		{file: "exports/quickbooks-online/transaction-list-payments.xlsx", sheet: "Transaction List", kind: analysis.InputPayments,
			tool: "QuickBooks Online transaction list", dates: ingest.DatesCells, rows: 3, currency: map[string]int{"": 3}},
		// Every row has a Dispute Status: disputes, though it is Stripe's
		// payments layout.
		{file: "exports/stripe/disputes.csv", kind: analysis.InputDisputes, tool: "Stripe payments (disputed)", dates: ingest.DatesISO,
			rows: 2, currency: map[string]int{"EUR": 2}},
		// The last row names neither a customer nor an invoice.
		{file: "exports/stripe/payments-created-utc.csv", kind: analysis.InputPayments, tool: "Stripe payments", dates: ingest.DatesISO,
			rows: 4, rejected: 1, currency: map[string]int{"USD": 3}},
		{file: "exports/stripe/unified_payments.csv", kind: analysis.InputPayments, tool: "Stripe payments", dates: ingest.DatesISO,
			rows: 7, currency: map[string]int{"USD": 2, "EUR": 5}},
		{file: "exports/toggl/detailed.csv", kind: analysis.InputTime, tool: "Toggl Track detailed report", dates: ingest.DatesISO,
			rows: 3, currency: map[string]int{"": 3}},
		// "1,250.00" reads only with a decimal point.
		{file: "exports/wave/invoices.csv", kind: analysis.InputInvoices, tool: "Wave invoices", dates: ingest.DatesISO,
			rows: 4, currency: map[string]int{"CAD": 3, "USD": 1}},
		// Bills are costs: expenses, the client from the Client tracking
		// category, the date the bill's; the WeTransfer bill is tracked
		// to no client. 20/05/2026 is day first.
		{file: "exports/xero/bills.csv", kind: analysis.InputExpenses, tool: "Xero bills", dates: ingest.DatesText, order: "DMY",
			columns: map[string]string{"client": "TrackingOption1", "date": "InvoiceDate"}, rows: 4, rejected: 1, currency: map[string]int{"EUR": 3}},
		// 10 lines of 7 invoices, one in GBP.
		{file: "exports/xero/sales-invoices.csv", kind: analysis.InputInvoices, tool: "Xero sales invoices", dates: ingest.DatesText, order: "DMY",
			rows: 10, currency: map[string]int{"EUR": 6, "GBP": 1}},
		{file: "exports/zendesk/tickets.csv", kind: analysis.InputSupport, tool: "Zendesk tickets", dates: ingest.DatesISO,
			rows: 5, currency: map[string]int{"": 5}},
		{file: "exports/zoho-books/Customer_Payment.csv", kind: analysis.InputPayments, tool: "Zoho Books customer payments", dates: ingest.DatesISO,
			rows: 4, currency: map[string]int{"EUR": 3, "USD": 1}},
		// 7 lines of 6 invoices, one in USD.
		{file: "exports/zoho-books/Invoice.csv", kind: analysis.InputInvoices, tool: "Zoho Books invoices", dates: ingest.DatesISO,
			rows: 7, currency: map[string]int{"EUR": 5, "USD": 1}},

		// Other tests' files. A bank's payments: semicolons, 31/10/2026,
		// 1.234,56.
		{file: "semicolon-decimal-comma.csv", kind: analysis.InputPayments, dates: ingest.DatesText, order: "DMY", decimal: ',',
			rows: 3, currency: map[string]int{"EUR": 2, "USD": 1}},
		// IBM's receivables: 1/26/2013 is month first.
		{file: "ibm-accounts-receivable.csv", kind: analysis.InputInvoices, dates: ingest.DatesText, order: "MDY",
			rows: 2466, currency: map[string]int{"": 2466}},
		// A client list in Windows-1252, 15/12/2026 day first.
		{file: "windows-1252.csv", kind: analysis.InputClients, dates: ingest.DatesText, order: "DMY", rows: 1, currency: map[string]int{"": 1}},
		// A notes sheet first, a hidden one, then the payments.
		{file: "data-on-second-sheet.xlsx", sheet: "Payments", kind: analysis.InputPayments, dates: ingest.DatesCells, rows: 2, currency: map[string]int{"": 2}},
	}
}

func TestRecognise(t *testing.T) {
	t.Parallel()
	for _, tt := range recogniseCases() {
		t.Run(tt.file, func(t *testing.T) {
			rec, err := ingest.Recognise(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var got *ingest.Reading
			var where *ingest.SheetRecognition
			for i := range rec.Sheets {
				if rd, ok := rec.Sheets[i].Best(); ok {
					if got != nil {
						t.Errorf("sheets %q and %q both read as inputs", where.Sheet, rec.Sheets[i].Sheet)
					}
					got, where = rd, &rec.Sheets[i]
				}
			}
			if tt.kind == "" {
				if got != nil {
					t.Fatalf("read as %s, want nothing", got.Kind)
				}
				if rec.Sheets[0].Nearest == "" {
					t.Errorf("no reading and no word on why")
				}
				return
			}
			if got == nil {
				t.Fatalf("not recognised: %+v", rec.Sheets)
			}
			wantDecimal := tt.decimal
			if wantDecimal == 0 {
				wantDecimal = '.'
			}
			for _, c := range []struct {
				what      string
				got, want any
			}{
				{"sheet", where.Sheet, tt.sheet},
				{"input", got.Kind, tt.kind},
				{"tool", got.Tool, tt.tool},
				{"dates", got.Dates, tt.dates},
				{"date order", got.DateOrder, tt.order},
				{"dates ambiguous", got.DateAmbiguous, false},
				{"decimal", string(got.Decimal), string(wantDecimal)},
				{"decimal ambiguous", got.DecimalAmbiguous, false},
				{"columns", fmt.Sprint(got.Columns), fmt.Sprint(tt.columns)},
				{"needs terms", got.NeedsTerms, tt.terms},
				{"rows", got.Rows, tt.rows},
				{"rejected", got.Rejected, tt.rejected},
				{"complete", got.Complete, true},
				{"estimated rows", got.EstRows, tt.rows},
				{"currencies", fmt.Sprint(got.Currencies), fmt.Sprint(tt.currency)},
			} {
				if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
					t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
				}
			}
		})
	}
}

// The input and locale Recognise gives each corpus file are those the
// corpus's own test reads it with (exportCases: the input a person
// chose, and the locale of the tool's text dates where it has one).
func TestRecogniseAgreesWithCorpus(t *testing.T) {
	t.Parallel()
	for _, tt := range exportCases() {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := ingest.Recognise(filepath.Join("testdata", "exports", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var got *ingest.Reading
			for i := range rec.Sheets {
				if rd, ok := rec.Sheets[i].Best(); ok {
					got = rd
				}
			}
			if got == nil {
				t.Fatalf("not recognised: %+v", rec.Sheets)
			}
			if got.Kind != tt.kind {
				t.Errorf("input %s, want %s", got.Kind, tt.kind)
			}
			wantOrder := ""
			if tt.locale != nil {
				wantOrder = tt.locale.DateOrder
			}
			if got.DateOrder != wantOrder {
				t.Errorf("date order %q, want %q", got.DateOrder, wantOrder)
			}
			if _, ok := tt.defaults["terms"]; ok != got.NeedsTerms {
				t.Errorf("needs terms %v, the corpus gives defaults %v", got.NeedsTerms, tt.defaults)
			}
		})
	}
}

// writeFile writes a test file under dir and returns its path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// What Recognise will not decide: a date order or decimal mark the values
// leave open, a file no input fits, a sheet two inputs fit as well.
func TestRecogniseRefusesToGuess(t *testing.T) {
	t.Parallel()
	const payments = "Payment Date,Customer,Invoice No.,Amount,Reference\n"
	tests := []struct {
		name, text          string
		order               string // DateOrder
		dateAmb, decimalAmb bool
		decimal             byte
		unread              bool
		say                 string // in Nearest, when unread
		example             string // DateExample
	}{
		// Every day is 12 or less: each date reads both ways.
		{name: "every date both ways", text: payments + "03/04/2026,Acme,INV-1,100.00,a\n05/06/2026,Acme,INV-2,200.00,b\n11/12/2026,Brightline,INV-3,300.00,c\n",
			dateAmb: true, example: "03/04/2026"},
		// 13/04 reads only day first, 04/13 only month first: the file
		// contradicts itself.
		{name: "day first and month first", text: payments + "13/04/2026,Acme,INV-1,100.00,a\n04/13/2026,Acme,INV-2,200.00,b\n",
			dateAmb: true, example: "13/04/2026 and 04/13/2026"},
		// One day over 12 settles the order of the whole column.
		{name: "one date decides", text: payments + "03/04/2026,Acme,INV-1,100.00,a\n25/04/2026,Acme,INV-2,200.00,b\n",
			order: "DMY", example: "25/04/2026"},
		// 1,250 is 1250 with a decimal point and 1.25 with a comma.
		{name: "amounts read both ways", text: payments + "2026-04-03,Acme,INV-1,\"1,250\",a\n2026-04-04,Acme,INV-2,\"2,500\",b\n",
			decimalAmb: true},
		{name: "a decimal comma", text: payments + "2026-04-03,Acme,INV-1,\"1.250,50\",a\n2026-04-04,Acme,INV-2,\"99,5\",b\n",
			decimal: ','},
		// Nothing here is a column of any input.
		{name: "unknown headers", text: "Item,Qty,Unit price\nMugs,4,3.50\n", unread: true, say: "headers found: Item, Qty, Unit price"},
		// A client and a date, and other columns no input knows: no header
		// says it is support, disputes or a client list.
		// (A contact list, names and no dates, is a client list: see
		// TestRecogniseContactList.)
		{name: "only what every input has", text: "Date,Customer,Colour,Size\n2026-04-03,Acme,red,XL\n", unread: true, say: "no header says which input"},
	}
	dir := t.TempDir()
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, dir, fmt.Sprintf("file%d.csv", i), tt.text)
			rec, err := ingest.Recognise(path)
			if err != nil {
				t.Fatal(err)
			}
			sh := rec.Sheets[0]
			rd, ok := sh.Best()
			if tt.unread {
				if ok || !strings.Contains(sh.Nearest, tt.say) {
					t.Errorf("read as %v (%v), want nothing, with a reason that says %q; reason: %s", rd, ok, tt.say, sh.Nearest)
				}
				return
			}
			if !ok {
				t.Fatalf("not recognised: %+v", sh)
			}
			wantDecimal := tt.decimal
			if wantDecimal == 0 {
				wantDecimal = '.'
			}
			if rd.DateExample != tt.example {
				t.Errorf("date example %q, want %q", rd.DateExample, tt.example)
			}
			if rd.Kind != analysis.InputPayments || rd.DateOrder != tt.order || rd.DateAmbiguous != tt.dateAmb ||
				rd.Decimal != wantDecimal || rd.DecimalAmbiguous != tt.decimalAmb {
				t.Errorf("%s, order %q (ambiguous %v), decimal %q (ambiguous %v); want payments, %q (%v), %q (%v)",
					rd.Kind, rd.DateOrder, rd.DateAmbiguous, rd.Decimal, rd.DecimalAmbiguous, tt.order, tt.dateAmb, wantDecimal, tt.decimalAmb)
			}
		})
	}
}

// Two inputs fitting a sheet about as well is the user's to settle; the
// file's name settles it when it names one of them.
func TestRecogniseAmbiguousInput(t *testing.T) {
	t.Parallel()
	// Hours, billable and cost: a support row or a time entry alike.
	const text = "Date,Client,Hours,Billable,Cost\n2026-04-03,Acme,1.5,yes,90.00\n2026-04-04,Acme,2,no,120.00\n"
	dir := t.TempDir()
	rec, err := ingest.Recognise(writeFile(t, dir, "log.csv", text))
	if err != nil {
		t.Fatal(err)
	}
	sh := rec.Sheets[0]
	if _, ok := sh.Best(); ok || !sh.Ambiguous || fmt.Sprint(sh.Rivals()) != "[support time]" {
		t.Errorf("ambiguous %v, rivals %v; want ambiguous between support and time", sh.Ambiguous, sh.Rivals())
	}
	rec, err = ingest.Recognise(writeFile(t, dir, "timesheet.csv", text))
	if err != nil {
		t.Fatal(err)
	}
	if rd, ok := rec.Sheets[0].Best(); !ok || rd.Kind != analysis.InputTime {
		t.Errorf("timesheet.csv: %+v, want time", rec.Sheets[0])
	}
	// A client, a date and an amount and nothing else: payments,
	// disputes and expenses each take every header.
	rec, err = ingest.Recognise(writeFile(t, dir, "ledger.csv", "Date,Customer,Amount\n2026-04-03,Acme,100.00\n"))
	if err != nil {
		t.Fatal(err)
	}
	if sh := rec.Sheets[0]; !sh.Ambiguous || fmt.Sprint(sh.Rivals()) != "[payments disputes expenses]" {
		t.Errorf("ledger.csv: ambiguous %v, rivals %v; want payments, disputes or expenses", sh.Ambiguous, sh.Rivals())
	}
}

// Recognise reads a sample, not the file: of 12,000 rows it reads the
// first SampleRows (the header among them) and estimates the rest from
// how far into the file they reach.
func TestRecogniseSamples(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("Payment Date,Customer,Invoice No.,Amount,Reference\n")
	for i := range 12000 {
		fmt.Fprintf(&b, "2026-04-%02d,Client %05d,INV-%05d,100.00,ref\n", 1+i%28, i, i)
	}
	rec, err := ingest.Recognise(writeFile(t, t.TempDir(), "payments.csv", b.String()))
	if err != nil {
		t.Fatal(err)
	}
	rd, ok := rec.Sheets[0].Best()
	if !ok {
		t.Fatalf("not recognised: %+v", rec.Sheets[0])
	}
	// Every data line is 45 bytes and the header 51: the estimate is
	// 4,999 × (51 + 12,000 × 45) / (51 + 4,999 × 45) = 11,998.4, read as
	// 11,998 (the header, longer than a row, counts as a little more).
	if rd.Complete || rd.Rows != ingest.SampleRows-1 || rd.EstRows != 11998 {
		t.Errorf("complete %v, rows %d, estimated %d; want a sample of %d rows and about 12,000 in all", rd.Complete, rd.Rows, rd.EstRows, ingest.SampleRows-1)
	}
}

// A workbook's sheets are each recognised; Headed says which inputs Read
// would find in a sheet by itself, so that a config names the sheet when
// an earlier one would be taken instead. Hidden sheets are not looked at.
func TestRecogniseSheets(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	defer f.Close()
	rows := map[string][][]any{
		"Invoices": {{"Date", "Num", "Customer", "Due Date", "Amount"}, {"2026-03-01", "1001", "Acme", "2026-03-31", 500}},
		"Old":      {{"Date", "Num", "Customer", "Due Date", "Amount"}, {"2025-03-01", "9", "Acme", "2025-03-31", 5}},
		"Payments": {{"Payment Date", "Customer", "Invoice No.", "Amount", "Reference"}, {"2026-03-20", "Acme", "1001", 500, "TRF 1"}},
	}
	f.SetSheetName("Sheet1", "Invoices")
	f.NewSheet("Old")
	f.NewSheet("Payments")
	for sheet, rs := range rows {
		for i, r := range rs {
			if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SetSheetVisible("Old", false); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "books.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	rec, err := ingest.Recognise(path)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, sh := range rec.Sheets {
		rd, ok := sh.Best()
		switch {
		case sh.Hidden:
			got[sh.Sheet] = "hidden"
		case ok:
			got[sh.Sheet] = fmt.Sprintf("%s, headed for %v", rd.Kind, sh.Headed)
		}
	}
	// The invoices sheet's header has a client, a date and an amount:
	// Read would take it for payments too, so the payments source must
	// name its sheet.
	want := map[string]string{
		"Invoices": "invoices, headed for [invoices payments disputes support expenses clients]",
		"Old":      "hidden",
		"Payments": "payments, headed for [payments clients]",
	}
	if !maps.Equal(got, want) {
		t.Errorf("sheets read as %v, want %v", got, want)
	}
}

// Xero's bills say whose cost a bill was only through a Client tracking
// category: without one there is no client column, and Recognise says so
// rather than reading the supplier as the client.
func TestRecogniseXeroBillsWithoutTracking(t *testing.T) {
	t.Parallel()
	bills, err := os.ReadFile("testdata/exports/xero/bills.csv")
	if err != nil {
		t.Fatal(err)
	}
	untracked := strings.ReplaceAll(string(bills), ",Client,", ",Project,")
	rec, err := ingest.Recognise(writeFile(t, t.TempDir(), "bills.csv", untracked))
	if err != nil {
		t.Fatal(err)
	}
	sh := rec.Sheets[0]
	if _, ok := sh.Best(); ok || !strings.Contains(sh.Nearest, "Xero bills") || !strings.Contains(sh.Nearest, "tracking category") {
		t.Errorf("%+v: want no reading, with a reason that names Xero bills and the tracking category", sh)
	}
}

// DateInName finds the date that orders a series of exports, and where
// it is, so a glob can stand for the series.
func TestDateInName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		date       string
		start, end int
	}{
		{"invoices-2026-10-30.csv", "2026-10-30", 9, 19},
		{"export_20261030.csv", "2026-10-30", 7, 15},
		{"tickets 20261030143000.xlsx", "2026-10-30", 8, 22},
		{"2025-01-01 to 2026-12-31.csv", "2026-12-31", 14, 24}, // the last date
		{"invoices-2026-13-01.csv", "", 0, 0},                  // no month 13
		{"invoices.csv", "", 0, 0},
	}
	for _, tt := range tests {
		d, start, end, ok := ingest.DateInName(tt.name)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tt.date || start != tt.start || end != tt.end {
			t.Errorf("DateInName(%q) = %q at [%d:%d], want %q at [%d:%d]", tt.name, got, start, end, tt.date, tt.start, tt.end)
		}
	}
}

// Overlap tells a series of full exports (each holds the one before it)
// from one of records of their own, by the records the samples share.
func TestOverlap(t *testing.T) {
	t.Parallel()
	const header = "Payment Date,Customer,Invoice No.,Amount,Reference\n"
	rows := []string{
		"2026-04-01,Acme,INV-1,100.00,a\n",
		"2026-04-02,Acme,INV-2,200.00,b\n",
		"2026-04-03,Brightline,INV-3,300.00,c\n",
		"2026-04-04,Brightline,INV-4,400.00,d\n",
	}
	dir := t.TempDir()
	read := func(name string, rs ...string) *ingest.Reading {
		rec, err := ingest.Recognise(writeFile(t, dir, name, header+strings.Join(rs, "")))
		if err != nil {
			t.Fatal(err)
		}
		rd, ok := rec.Sheets[0].Best()
		if !ok {
			t.Fatalf("%s not recognised", name)
		}
		return rd
	}
	first := read("a.csv", rows[0], rows[1])
	tests := []struct {
		name  string
		newer *ingest.Reading
		want  float64
	}{
		{"the next night's full export", read("b.csv", rows[0], rows[1], rows[2]), 1},
		{"the next days' records", read("c.csv", rows[2], rows[3]), 0},
		// One of the older file's two records is in the newer: 1/2.
		{"some of both", read("d.csv", rows[1], rows[2]), 0.5},
		// The same row in another file is the same record, wherever it stands.
		{"the same records in another order", read("e.csv", rows[1], rows[0]), 1},
	}
	for _, tt := range tests {
		if got := ingest.Overlap(first, tt.newer); got != tt.want {
			t.Errorf("%s: overlap %v, want %v", tt.name, got, tt.want)
		}
	}
}

// A contact list (QuickBooks' Customer Contact List, Xero's contacts) has
// a name and columns no input reads, and nothing any other input needs: it
// is the clients input.
func TestRecogniseContactList(t *testing.T) {
	t.Parallel()
	const text = "Customer,Phone Numbers,Email,Full Name,Billing Address\nAcme Corp,+31 10 123,ap@acme.example,Jon Akker,\"Kade 1, Rotterdam\"\n"
	rec, err := ingest.Recognise(writeFile(t, t.TempDir(), "Customer Contact List.csv", text))
	if err != nil {
		t.Fatal(err)
	}
	if rd, ok := rec.Sheets[0].Best(); !ok || rd.Kind != analysis.InputClients || rd.Rows != 1 {
		t.Errorf("%+v: want a client list of one row", rec.Sheets[0])
	}
}

// A client list names each client once; a sheet that names the same
// clients row after row is not one, even when it has headers a client
// list has (Account Manager, End Date): here, work logged by the hour.
func TestRecogniseRepeatedClientsAreNoClientList(t *testing.T) {
	t.Parallel()
	// As a client list: Client (1/7: every input knows it), Account
	// Manager and End Date (only clients) score 2.14, times 2 clients in
	// 4 rows: 1.07. As time: Date (1/5), Client (1/7), Project (1),
	// Hours (1/2: support knows it too) = 1.84.
	const text = "Date,Client,Project,Hours,Account Manager,End Date\n" +
		"2026-04-01,Acme,Site,2,Eva,2026-06-30\n2026-04-02,Acme,Site,3,Eva,2026-06-30\n" +
		"2026-04-02,Brightline,App,1,Sam,2026-09-30\n2026-04-03,Brightline,App,4,Sam,2026-09-30\n"
	rec, err := ingest.Recognise(writeFile(t, t.TempDir(), "log.csv", text))
	if err != nil {
		t.Fatal(err)
	}
	if rd, ok := rec.Sheets[0].Best(); !ok || rd.Kind != analysis.InputTime {
		t.Errorf("%+v: want time", rec.Sheets[0])
	}
}
