package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"clientscore/analysis"
	"clientscore/ingest/xlsx"
)

// writeFiles writes name → content into a temporary folder and returns it.
//
// Every file gets the same modification time (see touch): they are
// written in a map's random order, and files of one date are read oldest
// first, so otherwise the order they are read in would be that chance order
// whenever the clock ticked between two writes. With one time, it is the
// files' names.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		touch(t, dir, name, 0)
	}
	return dir
}

func TestInputErrors(t *testing.T) {
	t.Parallel()
	workbook, err := os.ReadFile("testdata/title-lines.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{
		"old.xls":        "whatever",
		"zipped.csv":     string(workbook),
		"legacy.csv":     "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest",
		"encrypted.xlsx": "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest of an OLE file",
		"text.xlsx":      "Date,Num\n1,2\n",
		"truncated.xlsx": string(workbook[:len(workbook)/2]),
		"empty.csv":      "",
		"deep.csv":       strings.Repeat("title\n", 30) + "Date,Num,Customer,Due Date,Amount\n",
		"noext":          "Date,Num\n",
		"page.csv":       "<!DOCTYPE html><html><body><table><tr><td>Date</td></tr></table></body></html>",
	})
	if err := os.Mkdir(filepath.Join(dir, "folder.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	inTestdata := func(o *Options) {}
	inDir := func(o *Options) { o.BaseDir = dir }
	tests := []struct {
		name  string
		mod   func(*Options)
		in    Input
		want  string // the whole message, or with "…" a prefix of it
		cause error  // what the error also wraps, if anything
	}{
		{"glob matches nothing", inDir, Input{Kind: analysis.InputInvoices, Pattern: "exports/inv*.xlsx"},
			"invoices: exports/inv*.xlsx: matches no file: check inputs.invoices.path", nil},
		{"file does not exist", inDir, Input{Kind: analysis.InputPayments, Pattern: "payments.csv"},
			"payments: payments.csv: does not exist: check inputs.payments.path", nil},
		{"path is a folder", inDir, Input{Kind: analysis.InputPayments, Pattern: "folder.csv"},
			"payments: folder.csv: is a folder, not a file: check inputs.payments.path", nil},
		{"unknown extension", inDir, Input{Kind: analysis.InputInvoices, Pattern: "old.xls"},
			"invoices: old.xls: is a .xls file (it looks like plain text): clientscore reads .xlsx, .xlsm, .csv and .tsv files; export or save it as one of those", nil},
		{"no extension", inDir, Input{Kind: analysis.InputInvoices, Pattern: "noext"},
			"invoices: noext: has no extension (it looks like CSV text): clientscore reads .xlsx, .xlsm, .csv and .tsv files; export or save it as one of those", nil},
		{"HTML named csv", inDir, Input{Kind: analysis.InputInvoices, Pattern: "page.csv"},
			"invoices: page.csv: looks like HTML, not CSV text: export it again as CSV or .xlsx", nil},
		{"workbook named csv", inDir, Input{Kind: analysis.InputInvoices, Pattern: "zipped.csv"},
			"invoices: zipped.csv: is a zip archive (an .xlsx workbook?), not CSV text: give it the .xlsx extension", nil},
		{"legacy xls named csv", inDir, Input{Kind: analysis.InputInvoices, Pattern: "legacy.csv"},
			"invoices: legacy.csv: is a legacy .xls or password-protected workbook, not CSV text: save it as .xlsx or .csv", nil},
		{"encrypted workbook", inDir, Input{Kind: analysis.InputInvoices, Pattern: "encrypted.xlsx"},
			"invoices: encrypted.xlsx: …", xlsx.ErrEncrypted},
		{"text named xlsx", inDir, Input{Kind: analysis.InputInvoices, Pattern: "text.xlsx"},
			"invoices: text.xlsx: …", xlsx.ErrNotWorkbook},
		{"truncated workbook", inDir, Input{Kind: analysis.InputInvoices, Pattern: "truncated.xlsx"},
			"invoices: truncated.xlsx: …", nil},
		{"empty file", inDir, Input{Kind: analysis.InputInvoices, Pattern: "empty.csv"},
			"invoices: empty.csv: is an empty file (0 bytes): export it again", nil},
		{"header below row 30", inDir, Input{Kind: analysis.InputInvoices, Pattern: "deep.csv"},
			"invoices: deep.csv: no header row with the required columns in the first 30 rows; missing client or client_id, number, issue_date, due_date or terms, amount; headers found: title; …", nil},
		// The brief's example, word for word up to the hint.
		{"missing column", inTestdata, Input{Kind: analysis.InputInvoices, Pattern: "missing-column.csv"},
			`invoices: missing-column.csv: no header row with the required columns in the first 30 rows; missing due_date or terms (closest header found: "Due"); headers found: Date, Num, Customer, Due, Total; if that is the column, name it under inputs.invoices.columns (due_date: "Due"); an export with no due date needs the payment terms: set inputs.invoices.defaults: {terms: "Net 30"} (or your terms)`, nil},
		{"override names an absent header", inTestdata, Input{Kind: analysis.InputInvoices, Pattern: "missing-column.csv", Columns: map[string]string{"due_date": "Fällig"}},
			`invoices: missing-column.csv: no header row with the required columns in the first 30 rows; missing due_date or terms (closest header found: "Due"); columns: due_date names "Fällig", which is not a header there; headers found: Date, Num, Customer, Due, Total; …`, nil},
		{"override of an optional column", inTestdata, Input{Kind: analysis.InputInvoices, Pattern: "bad-amount.csv", Columns: map[string]string{"status": "Zustand"}},
			`invoices: bad-amount.csv: columns: status names "Zustand", which is not a header in row 1; headers found: Date, Num, Customer, Due Date, Amount`, nil},
		{"override of no column", inTestdata, Input{Kind: analysis.InputInvoices, Pattern: "bad-amount.csv", Columns: map[string]string{"due": "Due"}},
			`invoices: columns: "due" is not a column of invoices; its columns are amount, applies_to, balance, client, client_id, currency, disputed, due_date, issue_date, number, paid_date, status, tax, terms, type`, nil},
		{"bad locale", inTestdata, Input{Kind: analysis.InputInvoices, Pattern: "bad-amount.csv", Locale: &Locale{DateOrder: "DDMMYY"}},
			`invoices: locale.date_order: "DDMMYY" is not DMY, MDY or YMD`, nil},
		{"support needs a client", inTestdata, Input{Kind: analysis.InputSupport, Pattern: "semicolon-decimal-comma.csv"},
			`support: semicolon-decimal-comma.csv: no header row with the required columns in the first 30 rows; missing date (closest header found: "Payment Date"); headers found: Payment Date, Customer, Invoice No., Amount, Currency, Reference; if that is the column, name it under inputs.support.columns (date: "Payment Date")`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readInputs(t, tt.mod, tt.in)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if prefix, ok := strings.CutSuffix(tt.want, "…"); ok {
				if !strings.HasPrefix(msg, prefix) {
					t.Errorf("error\n%s\nwant it to start\n%s", msg, prefix)
				}
			} else if msg != tt.want {
				t.Errorf("error\n%s\nwant\n%s", msg, tt.want)
			}
			if strings.ContainsAny(msg, "\r\n") {
				t.Errorf("message is not one line: %q", msg)
			}
			if !errors.Is(err, ErrInput) {
				t.Errorf("error does not match ErrInput")
			}
			var ie *InputError
			if !errors.As(err, &ie) || ie.Input != tt.in.Kind {
				t.Errorf("error is not an *InputError of %s: %#v", tt.in.Kind, err)
			}
			if tt.cause != nil && !errors.Is(err, tt.cause) {
				t.Errorf("error does not wrap %v", tt.cause)
			}
		})
	}
}

func TestColumnsOverrideFixesAMissingColumn(t *testing.T) {
	t.Parallel()
	res := mustRead(t, nil, Input{Kind: analysis.InputInvoices, Pattern: "missing-column.csv", Columns: map[string]string{"due_date": "due"}})
	if len(res.Data.Invoices) != 1 || res.Data.Invoices[0].Due != day(2026, 3, 31) || res.Data.Invoices[0].Amount != 1000 {
		t.Errorf("invoices = %+v, issues %+v", res.Data.Invoices, res.Issues)
	}
}

func TestColumnsOverrideBeatsAliases(t *testing.T) {
	t.Parallel()
	// Both Date and Payment Date are payment-date aliases (Payment Date
	// first); the override picks Date.
	dir := writeFiles(t, map[string]string{"p.csv": "Date,Payment Date,Customer,Amount\n2026-01-01,2026-02-01,Acme,5\n"})
	res := mustRead(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputPayments, Pattern: "p.csv", Columns: map[string]string{"date": "DATE"}})
	if got := res.Data.Payments[0].Date; got != day(2026, 1, 1) {
		t.Errorf("date = %v, want the Date column's 2026-01-01", got)
	}
	res = mustRead(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputPayments, Pattern: "p.csv"})
	if got := res.Data.Payments[0].Date; got != day(2026, 2, 1) {
		t.Errorf("date = %v, want the Payment Date column's 2026-02-01", got)
	}
}

func TestGlobsAndFileOrder(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"inv-b.csv":    "Date,Num,Customer,Due Date,Amount\n2026-01-02,B1,Acme,2026-02-01,2\n",
		"inv-a.csv":    "Date,Num,Customer,Due Date,Amount\n2026-01-01,A1,Acme,2026-02-01,1\n",
		"~$inv-c.csv":  "Excel's lock file",
		"._inv-d.csv":  "macOS resource fork",
		"clients.tsv":  "Client\tMonthly Fee\nAcme\t100\n",
		"payments.csv": "Date,Customer,Amount\n2026-01-05,Acme,3\n",
	})
	// No dates in the names: the files are read oldest first by their
	// modification times (see TestFilesReadOldestFirst).
	touch(t, dir, "inv-a.csv", 1)
	touch(t, dir, "inv-b.csv", 2)
	res := mustRead(t, func(o *Options) { o.BaseDir = dir },
		Input{Kind: analysis.InputClients, Pattern: "clients.tsv"},
		Input{Kind: analysis.InputInvoices, Pattern: filepath.Join(dir, "inv-*.csv")}, // absolute works too
		Input{Kind: analysis.InputPayments, Pattern: "payments.csv"},
	)
	var files []string
	for _, f := range res.Files {
		files = append(files, f.Path)
	}
	if want := []string{"inv-a.csv", "inv-b.csv", "payments.csv", "clients.tsv"}; strings.Join(files, " ") != strings.Join(want, " ") {
		t.Errorf("files = %v, want %v", files, want)
	}
	if len(res.Data.Invoices) != 2 || res.Data.Invoices[0].Number != "A1" || res.Data.Invoices[1].Number != "B1" {
		t.Errorf("invoices = %+v", res.Data.Invoices)
	}
	if len(res.Data.Clients) != 1 || res.Data.Clients[0].MonthlyFee != 10000 {
		t.Errorf("clients = %+v", res.Data.Clients)
	}
}

func TestFirstInputErrorWins(t *testing.T) {
	t.Parallel()
	// Both inputs are broken; the invoices one comes first in reading
	// order, whichever finishes first.
	for range shortened(20) {
		_, err := readInputs(t, nil,
			Input{Kind: analysis.InputClients, Pattern: "nothing-*.csv"},
			Input{Kind: analysis.InputInvoices, Pattern: "ibm-accounts-receivable.csv", Locale: &Locale{DateOrder: "MDY"}},
			Input{Kind: analysis.InputInvoices, Pattern: "missing-column.csv"},
		)
		var ie *InputError
		if !errors.As(err, &ie) || ie.File != "missing-column.csv" {
			t.Fatalf("error = %v, want the one of missing-column.csv", err)
		}
	}
}

func TestCanceledContext(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	opts.Inputs = []Input{{Kind: analysis.InputInvoices, Pattern: "ibm-accounts-receivable.csv", Locale: &Locale{DateOrder: "MDY"}}}
	ctx, cancel := contextWithCancel()
	cancel()
	_, err := Read(ctx, opts)
	if err == nil || errors.Is(err, ErrInput) {
		t.Errorf("error = %v, want the context's, not an input error", err)
	}
}

func contextWithCancel() (context.Context, context.CancelFunc) {
	return context.WithCancel(context.Background())
}

func TestRepeatedHeaderRowsAreSkipped(t *testing.T) {
	t.Parallel()
	// Two monthly exports pasted together: the second header (row 4) is
	// not data and not an error.
	dir := writeFiles(t, map[string]string{"p.csv": "Date,Customer,Amount\n2026-01-05,Acme,1\n\n" +
		"Date,Customer,Amount\n2026-02-05,Acme,2\n"})
	res := mustRead(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputPayments, Pattern: "p.csv"})
	if len(res.Issues) != 0 || len(res.Data.Payments) != 2 || res.Data.Payments[1].Row != 5 || res.Files[0].Rows != 2 {
		t.Errorf("payments %+v issues %+v files %+v", res.Data.Payments, res.Issues, res.Files)
	}
}

func TestCSVRobustness(t *testing.T) {
	t.Parallel()
	// Past the 32,767 characters a cell holds; TestHostileInputs has a
	// 10 MB one.
	huge := strings.Repeat("x", 40_000)
	tests := []struct {
		name     string
		file     string
		content  string
		payments int   // payments read
		rejected []int // rows rejected
		check    func(t *testing.T, res *Result)
	}{
		{name: "NUL byte in a field", file: "p.csv", content: "Date,Customer,Amount\n2026-01-05,Ac\x00me,1\n", payments: 1,
			check: func(t *testing.T, res *Result) {
				if res.Data.Payments[0].ClientName != "Ac\x00me" {
					t.Errorf("client %q", res.Data.Payments[0].ClientName)
				}
			}},
		// More than a cell holds: the row is rejected, the next one read.
		{name: "40,000-character field", file: "p.csv", content: "Date,Customer,Amount,Reference\n2026-01-05,Acme,1,\"" + huge + "\"\n2026-01-06,Acme,2,short\n", payments: 1,
			rejected: []int{2},
			check: func(t *testing.T, res *Result) {
				if res.Data.Payments[0].Row != 3 {
					t.Errorf("second row %d", res.Data.Payments[0].Row)
				}
			}},
		{name: "no trailing newline", file: "p.csv", content: "Date,Customer,Amount\r\n2026-01-05,Acme,1\r\n2026-01-06,Acme,2", payments: 2},
		// A short row lacks the amount (rejected); a long one has extra cells.
		{name: "ragged rows", file: "p.csv", content: "Date,Customer,Amount\n2026-01-05,Acme\n2026-01-06,Acme,2,extra,cells\n", payments: 1, rejected: []int{2}},
		// A quote left open would swallow the rest of the file into one
		// record: its row is rejected, naming the cell, and the rows after
		// it are read.
		{name: "quote left open", file: "p.csv", content: "Date,Customer,Amount\n2026-01-05,Acme,1\n2026-01-06,\"Acme,2\n2026-01-07,Acme,3\n2026-01-08,Acme,4\n", payments: 3, rejected: []int{3},
			check: func(t *testing.T, res *Result) {
				if p := res.Data.Payments[1]; p.Row != 4 || p.Amount != 300 {
					t.Errorf("the row after the open quote: %+v, want row 4 with 3.00", p)
				}
				if p := res.Data.Payments[2]; p.Row != 5 {
					t.Errorf("the last row is %d, want 5", p.Row)
				}
				if is := res.Issues[0]; is.Column != "Customer (B)" || is.Value != `"Acme,2` || !strings.Contains(is.Problem, "never closed") {
					t.Errorf("issue %+v, want it on Customer (B), value \"Acme,2, saying the quote is never closed", is)
				}
			}},
		{name: "tab separated", file: "p.tsv", content: "Date\tCustomer\tAmount\n2026-01-05\tAcme, Inc.\t1,5\n", payments: 1,
			check: func(t *testing.T, res *Result) {
				// The comma is text in a TSV; 1,5 with "." as decimal would be
				// bad grouping, so the locale here is ",".
				if p := res.Data.Payments[0]; p.ClientName != "Acme, Inc." || p.Amount != 150 {
					t.Errorf("payment %+v", p)
				}
			}},
		{name: "Excel's sep= line", file: "p.csv", content: "sep=;\nDate;Customer;Amount\n2026-01-05;Acme;1,5\n", payments: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{tt.file: tt.content})
			res := mustRead(t, func(o *Options) { o.BaseDir = dir },
				Input{Kind: analysis.InputPayments, Pattern: tt.file, Locale: &Locale{DateOrder: "DMY", Decimal: ','}})
			if len(res.Data.Payments) != tt.payments {
				t.Errorf("payments = %d, want %d (issues %+v)", len(res.Data.Payments), tt.payments, res.Issues)
			}
			if got := rejectedRows(res); !reflect.DeepEqual(got, tt.rejected) {
				t.Errorf("rejected rows = %v, want %v (%+v)", got, tt.rejected, res.Issues)
			}
			if tt.check != nil && len(res.Data.Payments) == tt.payments {
				tt.check(t, res)
			}
		})
	}
}

func TestNoSheetHasAHeader(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "Summary")
	f.NewSheet("Data")
	f.SetSheetRow("Data", "A1", &[]any{"Date", "Num", "Customer", "Due", "Total"})
	if err := f.SaveAs(filepath.Join(dir, "book.xlsx")); err != nil {
		t.Fatal(err)
	}
	_, err := readInputs(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputInvoices, Pattern: "book.xlsx"})
	want := `invoices: book.xlsx: sheet "Data": no header row with the required columns in the first 30 rows; missing due_date or terms (closest header found: "Due"); ` +
		`headers found: Date, Num, Customer, Due, Total; if that is the column, name it under inputs.invoices.columns (due_date: "Due"); an export with no due date needs the payment terms: set inputs.invoices.defaults: {terms: "Net 30"} (or your terms); ` +
		`no other sheet has one either (sheets "Sheet1", "Data")`
	if err == nil || err.Error() != want {
		t.Errorf("error\n%v\nwant\n%s", err, want)
	}
}
