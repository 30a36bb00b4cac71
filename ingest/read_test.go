package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"
	_ "time/tzdata"

	"clientscore/analysis"
)

// testOptions reads testdata/ in EUR with a USD rate, day-first dates with
// a decimal point, in Amsterdam time.
func testOptions(tb testing.TB) Options {
	tb.Helper()
	rates, err := analysis.NewRates("EUR", map[string]float64{"USD": 0.92})
	if err != nil {
		tb.Fatal(err)
	}
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		tb.Fatal(err)
	}
	base, err := filepath.Abs("testdata")
	if err != nil {
		tb.Fatal(err)
	}
	return Options{BaseDir: base, Locale: Locale{DateOrder: "DMY", Decimal: '.'}, Location: ams, Rates: rates}
}

// readInputs reads the given inputs with testOptions, changed by mod.
func readInputs(tb testing.TB, mod func(*Options), inputs ...Input) (*Result, error) {
	tb.Helper()
	opts := testOptions(tb)
	opts.Inputs = inputs
	if mod != nil {
		mod(&opts)
	}
	return Read(context.Background(), opts)
}

// mustRead is readInputs that fails the test on an error.
func mustRead(tb testing.TB, mod func(*Options), inputs ...Input) *Result {
	tb.Helper()
	res, err := readInputs(tb, mod, inputs...)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// rejectedRows lists the rows of the Error issues.
func rejectedRows(res *Result) []int {
	var rows []int
	for _, is := range res.Issues {
		if is.Severity == analysis.SeverityError {
			rows = append(rows, is.Row)
		}
	}
	return rows
}

func sha256File(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestTitleLinesXLSX(t *testing.T) {
	t.Parallel()
	res := mustRead(t, nil, Input{Kind: analysis.InputInvoices, Pattern: "title-lines.xlsx"})
	// Rows 1-3 are titles, 4 blank, 5 the header; 6, 7, 8, 9 and 11 are
	// data (10 is blank), 12 is the TOTAL that ends the data, 14 a footer.
	wantFile := analysis.SourceFile{
		Input: analysis.InputInvoices, Path: "title-lines.xlsx", Sheet: "Invoice List",
		Rows: 5, Rejected: 1, SHA256: sha256File(t, "testdata/title-lines.xlsx"),
	}
	if len(res.Files) != 1 || res.Files[0] != wantFile {
		t.Fatalf("files = %+v, want %+v", res.Files, wantFile)
	}
	ref := func(row int) analysis.Ref {
		return analysis.At(analysis.InputInvoices, "title-lines.xlsx", "Invoice List", row)
	}
	want := []analysis.Invoice{
		// Date cells are serials; 1200.50 is 120050 cents.
		{Ref: ref(6), ClientName: "Acme Ltd", Number: "INV-1001", Issued: day(2026, 1, 15), Due: day(2026, 2, 14),
			Amount: 120050, Currency: "EUR", Status: "Paid", Type: "Invoice"},
		{Ref: ref(7), ClientName: "Brightline", Number: "INV-1002", Issued: day(2026, 2, 1), Due: day(2026, 3, 3),
			Amount: 9999, Currency: "USD", Status: "Open", Type: "Invoice"},
		// A credit memo (negative) may lack a due date.
		{Ref: ref(8), ClientName: "Acme Ltd", Number: "CN-1", Issued: day(2026, 2, 10),
			Amount: -20000, Currency: "EUR", Type: "Credit Memo", AppliesTo: "INV-1001"},
		{Ref: ref(11), ClientName: "Zeta GmbH", Number: "INV-1004", Issued: day(2026, 3, 1), Due: day(2026, 3, 31),
			Amount: 30, Currency: "EUR", Status: "Open", Type: "Invoice"},
	}
	if !reflect.DeepEqual(res.Data.Invoices, want) {
		t.Errorf("invoices =\n%+v\nwant\n%+v", res.Data.Invoices, want)
	}
	wantIssues := []analysis.Issue{{
		Severity: analysis.SeverityError, Ref: ref(9), Column: "Date (A)", Value: "not a date",
		Problem: `"not a date" is not a date`,
	}}
	if !reflect.DeepEqual(res.Issues, wantIssues) {
		t.Errorf("issues = %+v, want %+v", res.Issues, wantIssues)
	}
}

func TestDataOnSecondSheet(t *testing.T) {
	t.Parallel()
	in := Input{Kind: analysis.InputPayments, Pattern: "data-on-second-sheet.xlsx"}
	res := mustRead(t, nil, in)
	// "Notes" has no header; "Old" has one but is hidden; "Payments" is read.
	if got := res.Files[0].Sheet; got != "Payments" {
		t.Fatalf("sheet = %q, want Payments", got)
	}
	want := []analysis.Payment{
		{Ref: analysis.At(analysis.InputPayments, "data-on-second-sheet.xlsx", "Payments", 2),
			ClientName: "Acme Ltd", Date: day(2026, 4, 1), Amount: 25000, Reference: "CHQ 1"},
		{Ref: analysis.At(analysis.InputPayments, "data-on-second-sheet.xlsx", "Payments", 3),
			ClientName: "Brightline", Date: day(2026, 4, 2), Amount: 7550, Reference: "CHQ 2"},
	}
	if !reflect.DeepEqual(res.Data.Payments, want) {
		t.Errorf("payments = %+v, want %+v", res.Data.Payments, want)
	}
	if !res.Data.HasPayments {
		t.Error("HasPayments is false")
	}

	t.Run("a hidden sheet can be named", func(t *testing.T) {
		in := in
		in.Sheet = "old" // case does not matter
		res := mustRead(t, nil, in)
		if len(res.Data.Payments) != 1 || res.Data.Payments[0].ClientName != "Hidden Ltd" || res.Files[0].Sheet != "Old" {
			t.Errorf("got %+v from sheet %q", res.Data.Payments, res.Files[0].Sheet)
		}
	})
	t.Run("a missing sheet lists the sheets", func(t *testing.T) {
		in := in
		in.Sheet = "Receipts"
		_, err := readInputs(t, nil, in)
		want := `payments: data-on-second-sheet.xlsx: has no sheet "Receipts"; its sheets are "Notes", "Old" (hidden), "Payments": check inputs.payments.sheet`
		if err == nil || err.Error() != want || !errors.Is(err, ErrInput) {
			t.Errorf("error = %v,\nwant %s", err, want)
		}
	})
}

func TestDate1904(t *testing.T) {
	t.Parallel()
	res := mustRead(t, nil, Input{Kind: analysis.InputInvoices, Pattern: "date-1904.xlsx"})
	// In the 1904 system 42735 is 2021-01-01 and 42765 thirty days later.
	if len(res.Data.Invoices) != 1 {
		t.Fatalf("invoices = %+v, issues %+v", res.Data.Invoices, res.Issues)
	}
	inv := res.Data.Invoices[0]
	if inv.Issued != day(2021, 1, 1) || inv.Due != day(2021, 1, 31) || inv.Amount != 5000 {
		t.Errorf("issued %v due %v amount %d, want 2021-01-01, 2021-01-31, 5000", inv.Issued, inv.Due, inv.Amount)
	}
}

func TestCellTypesXLSX(t *testing.T) {
	t.Parallel()
	res := mustRead(t, nil, Input{Kind: analysis.InputSupport, Pattern: "cell-types.xlsx"})
	if len(res.Issues) != 0 || len(res.Data.Contacts) != 2 {
		t.Fatalf("contacts %+v issues %+v", res.Data.Contacts, res.Issues)
	}
	a, b := res.Data.Contacts[0], res.Data.Contacts[1]
	// Row 2: a date-time serial (46085 + 14.5/24) is 2026-03-04 14:30,
	// local; 1.5 in a General cell is 1.5 hours; TRUE is billable; the
	// text "12.50" is 1250 cents.
	if a.Date != day(2026, 3, 4) || a.Time != analysis.Clock(14, 30) || a.Hours != 90*time.Minute ||
		!a.Billable || !a.HasCost || a.Cost != 1250 {
		t.Errorf("row 2 = %+v", a)
	}
	// Row 3: a text date has no time; 0.0625 formatted [h]:mm is 1:30 (a
	// day's fraction), not 0.0625 hours (3 min 45 s).
	if b.Date != day(2026, 3, 5) || b.Time != analysis.NoTime || b.Hours != 90*time.Minute || b.Billable || b.Cost != 300 {
		t.Errorf("row 3 = %+v (want hours 1h30m)", b)
	}
}

func TestCSVEncodingsAndDelimiters(t *testing.T) {
	t.Parallel()
	t.Run("semicolons and decimal comma", func(t *testing.T) {
		res := mustRead(t, nil, Input{Kind: analysis.InputPayments, Pattern: "semicolon-decimal-comma.csv",
			Locale: &Locale{DateOrder: "DMY", Decimal: ','}})
		ref := func(row int) analysis.Ref {
			return analysis.At(analysis.InputPayments, "semicolon-decimal-comma.csv", "", row)
		}
		want := []analysis.Payment{
			// 1.234,56 is 123456 cents; 99,5 USD is 9950 cents; -50,00 a refund.
			{Ref: ref(2), ClientName: "Acme Ltd", Invoice: "INV-1001", Date: day(2026, 10, 31), Amount: 123456, Currency: "EUR", Reference: "SEPA 991"},
			{Ref: ref(3), ClientName: "Brightline", Date: day(2026, 11, 1), Amount: 9950, Currency: "USD", Reference: "wire"},
			{Ref: ref(4), ClientName: "Acme Ltd", Invoice: "INV-1002", Date: day(2026, 11, 2), Amount: -5000, Currency: "EUR", Reference: "refund"},
		}
		if !reflect.DeepEqual(res.Data.Payments, want) || len(res.Issues) != 0 {
			t.Errorf("payments = %+v, issues %+v", res.Data.Payments, res.Issues)
		}
	})
	t.Run("UTF-16 with BOM", func(t *testing.T) {
		res := mustRead(t, nil, Input{Kind: analysis.InputSupport, Pattern: "utf16-bom.csv"})
		if len(res.Data.Contacts) != 1 {
			t.Fatalf("contacts %+v issues %+v", res.Data.Contacts, res.Issues)
		}
		c := res.Data.Contacts[0]
		// Freshdesk: Company Name wins over Full name; Source is the
		// channel; 1:30 tracked is 90 minutes; the time has no zone, so it
		// is local as written.
		if c.ClientName != "Café Zürich AG" || c.Date != day(2026, 3, 4) || c.Time != analysis.Clock(3, 12) ||
			!c.HasHours || c.Hours != 90*time.Minute || c.Channel != "Email" || c.Tags != "abuse,threat" {
			t.Errorf("contact = %+v", c)
		}
	})
	t.Run("Windows-1252", func(t *testing.T) {
		res := mustRead(t, nil, Input{Kind: analysis.InputClients, Pattern: "windows-1252.csv"})
		want := []analysis.Client{{
			Ref: analysis.At(analysis.InputClients, "windows-1252.csv", "", 2),
			ID:  "C-1", Name: "Café Müller", Aliases: []string{"Cafe Muller", "Café Mueller"},
			RenewalDate: day(2026, 12, 15), Owner: "Renée", MonthlyFee: 150000, HasFee: true,
		}}
		if !reflect.DeepEqual(res.Data.Clients, want) || len(res.Issues) != 0 {
			t.Errorf("clients = %+v, issues %+v", res.Data.Clients, res.Issues)
		}
	})
	t.Run("UTF-8 BOM", func(t *testing.T) {
		res := mustRead(t, nil, Input{Kind: analysis.InputDisputes, Pattern: "bom.csv"})
		want := []analysis.Dispute{{
			Ref:        analysis.At(analysis.InputDisputes, "bom.csv", "", 2),
			ClientName: "Acme Ltd", Invoice: "INV-1", Date: day(2026, 3, 1), Amount: 10000, HasAmount: true,
			Reason: "Work not delivered", Status: "Open",
		}}
		if !reflect.DeepEqual(res.Data.Disputes, want) {
			t.Errorf("disputes = %+v", res.Data.Disputes)
		}
		// The mark is not part of the first header.
		if len(res.Issues) != 1 || res.Issues[0].Column != "Date (A)" || res.Issues[0].Row != 3 {
			t.Errorf("issues = %+v, want one at row 3 in Date (A)", res.Issues)
		}
	})
}

func TestRejectedRowNumbers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      Input
		rows    int   // data rows read
		want    []int // rows of Error issues, as a spreadsheet numbers them
		columns []string
	}{
		// Title lines above the header and a blank row among the data
		// count: the bad row is row 9.
		{"xlsx with title lines", Input{Kind: analysis.InputInvoices, Pattern: "title-lines.xlsx"}, 5, []int{9}, []string{"Date (A)"}},
		// Line 2-3 is one record (row 2), line 4 blank (row 3), line 5 the
		// first bad one (row 4), lines 6-7 one record (row 5), line 8 bad
		// (row 6).
		{"csv with quoted newlines and a blank line", Input{Kind: analysis.InputInvoices, Pattern: "quoted-newlines.csv"}, 4, []int{4, 6}, []string{"Amount (E)", "Amount (E)"}},
		{"bad amounts", Input{Kind: analysis.InputInvoices, Pattern: "bad-amount.csv"}, 4, []int{3, 4}, []string{"Amount (E)", "Amount (E)"}},
		{"bad dates", Input{Kind: analysis.InputInvoices, Pattern: "bad-date.csv"}, 4, []int{2, 3, 5}, []string{"Date (A)", "Date (A)", "Date (A)"}},
		{"missing due dates", Input{Kind: analysis.InputInvoices, Pattern: "missing-due-date.csv"}, 6, []int{3, 7}, []string{"Due Date (D)", "Terms (E)"}},
		{"unknown currencies", Input{Kind: analysis.InputPayments, Pattern: "unknown-currency.csv"}, 4, []int{3, 4, 5}, []string{"Currency (D)", "Currency (D)", "Currency (D)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRead(t, nil, tt.in)
			if got := rejectedRows(res); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rejected rows = %v, want %v (issues %+v)", got, tt.want, res.Issues)
			}
			var cols []string
			for _, is := range res.Issues {
				cols = append(cols, is.Column)
			}
			if !reflect.DeepEqual(cols, tt.columns) {
				t.Errorf("columns = %q, want %q", cols, tt.columns)
			}
			f := res.Files[0]
			if f.Rows != tt.rows || f.Rejected != len(tt.want) {
				t.Errorf("file rows %d rejected %d, want %d and %d", f.Rows, f.Rejected, tt.rows, len(tt.want))
			}
		})
	}
}

func TestProblemsSayWhatToDo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern string
		kind    analysis.Input
		row     int
		want    string
	}{
		{"bad-amount.csv", analysis.InputInvoices, 3, `"1234,56" is not an amount with "." as decimal separator; set locale.decimal: "," if this export writes decimals with a comma`},
		{"bad-amount.csv", analysis.InputInvoices, 4, `"n/a" is not an amount`},
		{"bad-date.csv", analysis.InputInvoices, 2, `"12/25/2026" is not a date in DMY order (month 25); set locale.date_order: MDY if this export is month-first`},
		{"bad-date.csv", analysis.InputInvoices, 3, `"31/04/2026" is not a date in DMY order (April 2026 has 30 days)`},
		{"missing-due-date.csv", analysis.InputInvoices, 3, `due date is empty and there are no payment terms: give a due date or terms, or set the terms of the whole export under inputs.invoices.defaults (terms: "Net 30")`},
		{"missing-due-date.csv", analysis.InputInvoices, 7, `"Whenever" is not payment terms (write Net 30, 30 or Due on receipt, or give a due date)`},
		{"unknown-currency.csv", analysis.InputPayments, 3, `"XYZ" is not an ISO 4217 currency code`},
		{"unknown-currency.csv", analysis.InputPayments, 4, "no fx rate for GBP: add it under fx"},
		{"quoted-newlines.csv", analysis.InputInvoices, 4, `"oops" is not an amount`},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+":"+tt.want[:10], func(t *testing.T) {
			res := mustRead(t, nil, Input{Kind: tt.kind, Pattern: tt.pattern})
			for _, is := range res.Issues {
				if is.Row == tt.row {
					if is.Problem != tt.want {
						t.Errorf("row %d problem = %q, want %q", tt.row, is.Problem, tt.want)
					}
					return
				}
			}
			t.Errorf("no issue at row %d: %+v", tt.row, res.Issues)
		})
	}
}

func TestGoodRowsOfBadFiles(t *testing.T) {
	t.Parallel()
	res := mustRead(t, nil,
		Input{Kind: analysis.InputInvoices, Pattern: "bad-amount.csv"},
		Input{Kind: analysis.InputInvoices, Pattern: "bad-date.csv"},
		Input{Kind: analysis.InputInvoices, Pattern: "missing-due-date.csv"},
		Input{Kind: analysis.InputInvoices, Pattern: "quoted-newlines.csv"},
	)
	got := map[string]analysis.Invoice{}
	for _, inv := range res.Data.Invoices {
		got[inv.Number] = inv
	}
	tests := []struct {
		number string
		due    analysis.Date
		amount analysis.Money
		client string
	}{
		{"A-1", day(2026, 3, 31), 123456, "Acme"}, // "1,234.56"
		{"A-4", day(2026, 3, 31), -4510, "Acme"},  // "($45.10)"
		{"B-3", day(2024, 3, 29), 1000, "Acme"},   // issued on the leap day 29/02/2024
		{"M-1", day(2026, 3, 31), 10000, "Acme"},  // 1 March + Net 30
		{"M-3", 0, -5000, "Acme"},                 // credit memo: no due date needed
		{"M-4", day(2026, 3, 1), 1000, "Acme"},    // due on receipt
		{"M-5", day(2026, 3, 15), 1000, "Acme"},   // a due date beats the terms
		{"INV-1", day(2026, 2, 4), 10000, "Acme Ltd"},
		{"INV-3", day(2026, 2, 6), 30000, "Beta\nCorp"}, // the quoted newline stays in the name
	}
	for _, tt := range tests {
		inv, ok := got[tt.number]
		if !ok {
			t.Errorf("%s missing", tt.number)
			continue
		}
		if inv.Due != tt.due || inv.Amount != tt.amount || inv.ClientName != tt.client {
			t.Errorf("%s: due %v amount %d client %q; want %v %d %q", tt.number, inv.Due, inv.Amount, inv.ClientName, tt.due, tt.amount, tt.client)
		}
	}
	if inv := got["B-3"]; inv.Issued != day(2024, 2, 29) {
		t.Errorf("B-3 issued %v, want 2024-02-29", inv.Issued)
	}
	if p := mustRead(t, nil, Input{Kind: analysis.InputPayments, Pattern: "unknown-currency.csv"}).Data.Payments; len(p) != 1 || p[0].Currency != "USD" || p[0].Amount != 1000 {
		t.Errorf("payments = %+v, want one of 1000 USD cents", p)
	}
}

func TestTotalRowsAndGroupHeadings(t *testing.T) {
	t.Parallel()
	res := mustRead(t, nil, Input{Kind: analysis.InputInvoices, Pattern: "total-row.csv"})
	// QuickBooks Desktop's Open Invoices: Name is the client, Open Balance
	// the balance; "Acme Ltd" alone on row 5 is a group heading, row 7 a
	// subtotal, row 8 the TOTAL that ends the data.
	want := []analysis.Invoice{{
		Ref:        analysis.At(analysis.InputInvoices, "total-row.csv", "", 6),
		ClientName: "Acme Ltd", Number: "1001", Issued: day(2026, 9, 1), Due: day(2026, 10, 1),
		Amount: 50000, Type: "Invoice", Balance: 50000, HasBalance: true,
	}}
	if !reflect.DeepEqual(res.Data.Invoices, want) {
		t.Errorf("invoices = %+v", res.Data.Invoices)
	}
	// The row below the TOTAL is not read, and that is said.
	wantIssues := []analysis.Issue{{
		Severity: analysis.SeverityWarning,
		Ref:      analysis.At(analysis.InputInvoices, "total-row.csv", "", 10),
		Problem:  "1 rows below the total on row 8 were not read: a total row ends the data",
	}}
	if !reflect.DeepEqual(res.Issues, wantIssues) {
		t.Errorf("issues = %+v", res.Issues)
	}
	if f := res.Files[0]; f.Rows != 1 || f.Rejected != 0 {
		t.Errorf("rows %d rejected %d, want 1 and 0", f.Rows, f.Rejected)
	}
}

func TestIBMAccountsReceivable(t *testing.T) {
	t.Parallel()
	in := Input{Kind: analysis.InputInvoices, Pattern: "ibm-accounts-receivable.csv", Locale: &Locale{DateOrder: "MDY", Decimal: '.'}}
	res := mustRead(t, nil, in)
	if len(res.Issues) != 0 {
		t.Fatalf("issues: %+v", res.Issues[:min(5, len(res.Issues))])
	}
	if got := len(res.Data.Invoices); got != 2466 {
		t.Fatalf("invoices = %d, want 2466", got)
	}
	if f := res.Files[0]; f.Rows != 2466 || f.Rejected != 0 || f.SHA256 != sha256File(t, "testdata/ibm-accounts-receivable.csv") {
		t.Errorf("file = %+v", f)
	}
	// The first row: 391,0379-NEVHP,4/6/2013,611365,1/2/2013,2/1/2013,55.94,No,1/15/2013,...
	want := analysis.Invoice{
		Ref:      analysis.At(analysis.InputInvoices, "ibm-accounts-receivable.csv", "", 2),
		ClientID: "0379-NEVHP", Number: "611365", Issued: day(2013, 1, 2), Due: day(2013, 2, 1),
		Amount: 5594, PaidOn: day(2013, 1, 15),
	}
	if got := res.Data.Invoices[0]; !reflect.DeepEqual(got, want) {
		t.Errorf("first invoice = %+v, want %+v", got, want)
	}
	if !res.Data.Invoices[1].Disputed { // the second row says Disputed: Yes
		t.Error("second invoice not disputed")
	}
	// The file's own DaysLate is max(0, SettledDate − DueDate) and
	// DaysToSettle is SettledDate − InvoiceDate: both must follow from the
	// dates read, on every row.
	f, err := os.Open("testdata/ibm-accounts-receivable.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	disputed := 0
	for i, rec := range recs[1:] {
		inv := res.Data.Invoices[i]
		late := max(0, analysis.Days(inv.Due, inv.PaidOn))
		if rec[11] != strconv.Itoa(late) || rec[10] != strconv.Itoa(analysis.Days(inv.Issued, inv.PaidOn)) {
			t.Fatalf("row %d: DaysLate %s DaysToSettle %s, but dates give %d and %d", i+2, rec[11], rec[10], late, analysis.Days(inv.Issued, inv.PaidOn))
		}
		if inv.Disputed != (rec[7] == "Yes") {
			t.Fatalf("row %d: disputed %v, file says %s", i+2, inv.Disputed, rec[7])
		}
		if inv.Disputed {
			disputed++
		}
	}
	if disputed == 0 {
		t.Error("no disputed invoice read")
	}
}

// allFixtureInputs reads every fixture that reads without an input error.
func allFixtureInputs() []Input {
	return []Input{
		{Kind: analysis.InputInvoices, Pattern: "title-lines.xlsx"},
		{Kind: analysis.InputInvoices, Pattern: "date-1904.xlsx"},
		{Kind: analysis.InputInvoices, Pattern: "bad-*.csv"},
		{Kind: analysis.InputInvoices, Pattern: "missing-due-date.csv"},
		{Kind: analysis.InputInvoices, Pattern: "quoted-newlines.csv"},
		{Kind: analysis.InputInvoices, Pattern: "total-row.csv"},
		{Kind: analysis.InputInvoices, Pattern: "ibm-accounts-receivable.csv", Locale: &Locale{DateOrder: "MDY"}},
		{Kind: analysis.InputPayments, Pattern: "semicolon-decimal-comma.csv", Locale: &Locale{DateOrder: "DMY", Decimal: ','}},
		{Kind: analysis.InputPayments, Pattern: "data-on-second-sheet.xlsx"},
		{Kind: analysis.InputPayments, Pattern: "unknown-currency.csv"},
		{Kind: analysis.InputDisputes, Pattern: "bom.csv"},
		{Kind: analysis.InputSupport, Pattern: "utf16-bom.csv"},
		{Kind: analysis.InputSupport, Pattern: "cell-types.xlsx"},
		{Kind: analysis.InputClients, Pattern: "windows-1252.csv"},
	}
}

func TestInputFilesUnchanged(t *testing.T) {
	t.Parallel()
	before := map[string]string{}
	infos := map[string]os.FileInfo{}
	paths, _ := filepath.Glob("testdata/*.*")
	for _, p := range paths {
		before[p] = sha256File(t, p)
		infos[p], _ = os.Stat(p)
	}
	inputs := allFixtureInputs()
	mustRead(t, nil, inputs...)
	// Inputs that fail are opened too.
	readInputs(t, nil, Input{Kind: analysis.InputInvoices, Pattern: "missing-column.csv"})
	for _, p := range paths {
		if got := sha256File(t, p); got != before[p] {
			t.Errorf("%s changed", p)
		}
		if fi, _ := os.Stat(p); fi.ModTime() != infos[p].ModTime() || fi.Mode() != infos[p].Mode() {
			t.Errorf("%s: modified time or mode changed", p)
		}
	}
	after, _ := filepath.Glob("testdata/*.*")
	if !reflect.DeepEqual(after, paths) {
		t.Errorf("files in testdata changed: %v, was %v", after, paths)
	}
}

func TestResultIsDeterministic(t *testing.T) {
	t.Parallel()
	inputs := allFixtureInputs()
	first := mustRead(t, nil, inputs...)
	for i := range shortened(5) {
		if got := mustRead(t, nil, inputs...); !reflect.DeepEqual(got, first) {
			t.Fatalf("run %d differs", i)
		}
	}
	// Given in reverse, inputs still come back kind by kind in the fixed
	// order invoices, payments, disputes, support, clients.
	reversed := make([]Input, len(inputs))
	for i, in := range inputs {
		reversed[len(inputs)-1-i] = in
	}
	var kinds []analysis.Input
	for _, f := range mustRead(t, nil, reversed...).Files {
		kinds = append(kinds, f.Input)
	}
	for j := 1; j < len(kinds); j++ {
		if kindRank(kinds[j]) < kindRank(kinds[j-1]) {
			t.Fatalf("files out of input order: %v", kinds)
		}
	}
}
