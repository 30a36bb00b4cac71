package report

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"clientscore/analysis"
)

// openResult holds clients with open invoices and unapplied credits, as of
// 22 Nov 2026 (serial 46348):
//
//	Zeta Works (Tom Bakker), given out of due order:
//	  Z-2 issued 11 Oct (46306), due 10 Nov (46336): 500.00, 300.00 open, 12 days overdue (1–30), paid in part 1 Nov (46327)
//	  Z-1 issued  1 Sep (46266), due  1 Oct (46296): 1,000.00 open, 52 days overdue (31–60)
//	alpha Studio: A-7 issued 31 Oct (46326), due 30 Nov (46356): 250.00 open, due in 8 days (Current); 75.50 unapplied
//	Credit Only Co: no open invoice, 20.00 unapplied
//	Paid Up: nothing open
//
// Outstanding 300 + 1,000 + 250 = 1,550.00; unapplied 95.50; net 1,454.50.
func openResult() *analysis.Result {
	r := analysis.DefaultRules(asOf, "EUR")
	day := func(serial int) analysis.Date { return excelEpoch.AddDays(serial) }
	open := func(n string, issued, due int, amount, balance analysis.Money, bucket int, paid int) analysis.OpenInvoice {
		o := analysis.OpenInvoice{Number: n, Issued: day(issued), Due: day(due), Amount: amount, Balance: balance,
			Currency: "EUR", DaysOverdue: 46348 - due, Bucket: bucket}
		if paid > 0 {
			o.LastPayment = day(paid)
		}
		return o
	}
	res := &analysis.Result{Rules: r, From: r.From(), Clients: []analysis.ClientResult{
		{Name: "Zeta Works", Owner: "Tom Bakker", Outstanding: 130000, OpenInvoices: []analysis.OpenInvoice{
			open("Z-2", 46306, 46336, 50000, 30000, 1, 46327),
			open("Z-1", 46266, 46296, 100000, 100000, 2, 0),
		}},
		{Name: "Paid Up"},
		{Name: "alpha Studio", Outstanding: 25000, Unapplied: 7550, OpenInvoices: []analysis.OpenInvoice{
			open("A-7", 46326, 46356, 25000, 25000, 0, 0),
		}},
		{Name: "Credit Only Co", Unapplied: 2000},
	}}
	res.Portfolio.Outstanding = 155000
	return res
}

func TestOpenInvoices(t *testing.T) {
	t.Parallel()
	_, f := writeFixture(t, &Scorecard{Result: openResult(), Generated: generated}, excelMaxRows-1)
	rows, err := f.GetRows("Open invoices")
	if err != nil {
		t.Fatal(err)
	}
	// By client (case aside), then due date; each client's total, then
	// its unapplied credit; the total of all is Outstanding. (Cells that
	// hold nothing at the end of a row are left out.)
	want := [][]string{
		{"Client", "Owner", "Invoice", "Issue date", "Due date", "Amount", "Open balance", "Days overdue", "Bucket", "Last payment"},
		{"alpha Studio", "", "A-7", "46326", "46356", "250", "250", "-8", "Current"},
		{"alpha Studio", "", "Total", "", "", "250", "250"},
		{"alpha Studio", "", "Unapplied credit", "", "", "", "-75.5", "", "Credit"},
		{"Credit Only Co", "", "Unapplied credit", "", "", "", "-20", "", "Credit"},
		{"Zeta Works", "Tom Bakker", "Z-1", "46266", "46296", "1000", "1000", "52", "31–60"},
		{"Zeta Works", "Tom Bakker", "Z-2", "46306", "46336", "500", "300", "12", "1–30", "46327"},
		{"Zeta Works", "Tom Bakker", "Total", "", "", "1500", "1300"},
		{"Total open invoices", "", "", "", "", "", "1550"},
		{"Unapplied credits", "", "", "", "", "", "-95.5"},
		{"Net receivable", "", "", "", "", "", "1454.5"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("Open invoices =\n%q\nwant\n%q", rows, want)
	}
	for _, c := range []struct{ ref, format string }{{"D2", fmtDate}, {"G2", `#,##0.00 "EUR";[Red]-#,##0.00 "EUR"`}, {"J7", fmtDate}} {
		if got := numFmt(t, f, "Open invoices", c.ref); got != c.format {
			t.Errorf("%s format = %q, want %q", c.ref, got, c.format)
		}
	}
}

func TestOpenInvoicesNeverDifferSilently(t *testing.T) {
	t.Parallel()
	res := openResult()
	res.Portfolio.Outstanding = 160000 // not what the invoices add up to
	_, f := writeFixture(t, &Scorecard{Result: res, Generated: generated}, excelMaxRows-1)
	rows, _ := f.GetRows("Open invoices")
	want := "The open invoices add up to 1,550.00 EUR, but Outstanding is 1,600.00 EUR: please report this as a bug."
	if !slices.ContainsFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == want }) {
		t.Errorf("no note of the difference in\n%q", rows)
	}
}

func TestOpenInvoicesContinue(t *testing.T) {
	t.Parallel()
	// 10 rows under the header (alpha's 3, Credit Only's 1, Zeta's 3, the
	// 3 totals) at 4 a sheet: 4, 4 and 2.
	_, f := writeFixture(t, &Scorecard{Result: openResult(), Generated: generated}, 4)
	var clients []string
	for k, sheet := range []string{"Open invoices", "Open invoices (2)", "Open invoices (3)"} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != "Client" || len(rows) != []int{5, 5, 3}[k] {
			t.Errorf("%s has %d rows, header %q", sheet, len(rows), rows[0])
		}
		for _, r := range rows[1:] {
			clients = append(clients, r[0])
		}
	}
	if got := fmt.Sprint(clients[len(clients)-3:]); got != "[Total open invoices Unapplied credits Net receivable]" {
		t.Errorf("the last sheet ends %s", got)
	}
	if idx, _ := f.GetSheetIndex("Open invoices (4)"); idx >= 0 {
		t.Error("an empty fourth sheet was made")
	}
}

func TestOpenInvoicesNoneThoughOutstanding(t *testing.T) {
	t.Parallel()
	// Outstanding 10.00 with no open invoice to show for it: said so.
	r := analysis.DefaultRules(asOf, "EUR")
	res := &analysis.Result{Rules: r, From: r.From(), Clients: []analysis.ClientResult{{Name: "Owes", Outstanding: 1000}}}
	res.Portfolio.Outstanding = 1000
	_, f := writeFixture(t, &Scorecard{Result: res, Generated: generated}, excelMaxRows-1)
	rows, _ := f.GetRows("Open invoices")
	want := "The open invoices add up to 0.00 EUR, but Outstanding is 10.00 EUR: please report this as a bug."
	if len(rows) != 2 || rows[1][0] != want {
		t.Errorf("Open invoices = %q, want the header and %q", rows, want)
	}
}

func TestOpenInvoicesNone(t *testing.T) {
	t.Parallel()
	r := analysis.DefaultRules(asOf, "EUR")
	res := &analysis.Result{Rules: r, From: r.From(), Clients: []analysis.ClientResult{{Name: "Paid Up"}}}
	_, f := writeFixture(t, &Scorecard{Result: res, Generated: generated}, excelMaxRows-1)
	rows, _ := f.GetRows("Open invoices")
	if len(rows) != 2 || rows[1][0] != "No invoice is open at the as-of date." {
		t.Errorf("Open invoices = %q, want the header and a note", rows)
	}
}
