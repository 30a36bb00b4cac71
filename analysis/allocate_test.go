package analysis

import (
	"reflect"
	"strings"
	"testing"
)

// Allocation and settlement, worked by hand. As-of is 2026-06-30.
// Day counts used below: 31 Jan → 2 Mar 2026 is 30 days (28 + 2);
// 31 Jan → 30 Jun 2026 is 150 (28+31+30+31+30); 3 Mar → 30 Jun is 119;
// 31 Mar → 30 Jun is 91; 15 Jun → 30 Jun is 15.
func TestAllocation(t *testing.T) {
	type invWant struct {
		settled string // "" for open at as-of
		late    int
		balance Money // reporting currency
	}
	paidOn := func(inv Invoice, d string) Invoice { inv.PaidOn = day(d); return inv }
	withBalance := func(inv Invoice, b Money) Invoice { inv.Balance, inv.HasBalance = b, true; return inv }
	inUSD := func(inv Invoice) Invoice { inv.Currency = "USD"; return inv }
	noClient := func(p Payment) Payment { p.ClientName = ""; return p }

	tests := []struct {
		name      string
		invoices  []Invoice
		payments  []Payment
		want      map[string]invWant
		unapplied Money
		collected Money
		warning   string // a warning the analysis must give, "" for none
	}{
		{
			name:      "paid on time",
			invoices:  []Invoice{invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000)},
			payments:  []Payment{payment("Acme", "A", "2026-01-20", 100000)},
			want:      map[string]invWant{"A": {"2026-01-20", 0, 0}},
			collected: 100000,
		},
		{
			name:      "partial payments settle on the last one",
			invoices:  []Invoice{invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000)},
			payments:  []Payment{payment("Acme", "A", "2026-02-10", 40000), payment("Acme", "A", "2026-03-02", 60000)},
			want:      map[string]invWant{"A": {"2026-03-02", 30, 0}},
			collected: 100000,
		},
		{
			name:      "partly paid and still open is late until as-of",
			invoices:  []Invoice{invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000)},
			payments:  []Payment{payment("Acme", "A", "2026-02-10", 40000)},
			want:      map[string]invWant{"A": {"", 150, 60000}},
			collected: 40000,
		},
		{
			name: "overpayment flows to the next open invoice",
			invoices: []Invoice{invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000),
				invoice("Acme", "B", "2026-02-01", "2026-03-03", 50000)},
			payments:  []Payment{payment("Acme", "A", "2026-02-10", 120000)},
			want:      map[string]invWant{"A": {"2026-02-10", 10, 0}, "B": {"", 119, 30000}},
			collected: 120000,
		},
		{
			name:      "overpayment with nothing open is unapplied credit",
			invoices:  []Invoice{invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000)},
			payments:  []Payment{payment("Acme", "A", "2026-01-20", 120000)},
			want:      map[string]invWant{"A": {"2026-01-20", 0, 0}},
			unapplied: 20000,
			collected: 120000,
		},
		{
			name: "unnamed payments go to the oldest due date first",
			invoices: []Invoice{invoice("Acme", "A", "2026-01-01", "2026-03-02", 100000),
				invoice("Acme", "B", "2026-01-15", "2026-02-14", 50000)},
			payments: []Payment{payment("Acme", "", "2026-02-10", 50000), payment("Acme", "", "2026-03-05", 100000)},
			// B is due first, so the first payment settles it; A is settled on 5 Mar, 3 days late.
			want:      map[string]invWant{"A": {"2026-03-05", 3, 0}, "B": {"2026-02-10", 0, 0}},
			collected: 150000,
		},
		{
			name:     "unnamed payments skip invoices issued after them and are not kept for later",
			invoices: []Invoice{invoice("Acme", "A", "2026-03-01", "2026-03-31", 100000)},
			payments: []Payment{payment("Acme", "", "2026-02-15", 50000)},
			want:     map[string]invWant{"A": {"", 91, 100000}},
			// 500.00 waits on account; A stays fully open.
			unapplied: 50000,
			collected: 50000,
		},
		{
			name: "a credit note reduces the invoice it applies to",
			invoices: []Invoice{invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000),
				credit("Acme", "CN1", "2026-02-05", 20000, "A")},
			payments:  []Payment{payment("Acme", "A", "2026-02-10", 80000)},
			want:      map[string]invWant{"A": {"2026-02-10", 10, 0}},
			collected: 80000,
		},
		{
			name: "a credit note can be what settles an invoice",
			invoices: []Invoice{invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000),
				credit("Acme", "CN1", "2026-02-20", 30000, "A")},
			payments:  []Payment{payment("Acme", "A", "2026-02-01", 70000)},
			want:      map[string]invWant{"A": {"2026-02-20", 20, 0}},
			collected: 70000,
		},
		{
			name: "a credit note with no applies_to leaves balances alone",
			invoices: []Invoice{invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000),
				credit("Acme", "CN1", "2026-02-20", 30000, "")},
			want: map[string]invWant{"A": {"", 150, 100000}},
		},
		{
			name: "a credit note on a paid invoice changes nothing",
			invoices: []Invoice{invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000),
				credit("Acme", "CN1", "2026-03-01", 30000, "A")},
			payments:  []Payment{payment("Acme", "A", "2026-02-05", 100000)},
			want:      map[string]invWant{"A": {"2026-02-05", 5, 0}},
			collected: 100000,
		},
		{
			name:      "a second payment naming a paid invoice leaves its settled date",
			invoices:  []Invoice{invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000)},
			payments:  []Payment{payment("Acme", "A", "2026-02-05", 100000), payment("Acme", "A", "2026-03-05", 10000)},
			want:      map[string]invWant{"A": {"2026-02-05", 5, 0}},
			unapplied: 10000,
			collected: 110000,
		},
		{
			name:      "an unnamed payment on the invoice's issue date pays it",
			invoices:  []Invoice{invoice("Acme", "A", "2026-03-01", "2026-03-31", 100000)},
			payments:  []Payment{payment("Acme", "", "2026-03-01", 100000)},
			want:      map[string]invWant{"A": {"2026-03-01", 0, 0}},
			collected: 100000,
		},
		{
			name:      "an invoice's own paid date on as-of settles it",
			invoices:  []Invoice{paidOn(invoice("Acme", "A", "2026-05-01", "2026-05-31", 100000), "2026-06-30")},
			want:      map[string]invWant{"A": {"2026-06-30", 30, 0}},
			collected: 100000,
		},
		{
			name:     "an invoice's own paid date a day after as-of is not known yet",
			invoices: []Invoice{paidOn(invoice("Acme", "A", "2026-05-01", "2026-05-31", 100000), "2026-07-01")},
			want:     map[string]invWant{"A": {"", 30, 100000}},
		},
		{
			name:     "an invoice's own balance of all of it is nothing paid",
			invoices: []Invoice{withBalance(paidOn(invoice("Acme", "A", "2026-05-01", "2026-05-31", 100000), "2026-06-10"), 100000)},
			want:     map[string]invWant{"A": {"", 30, 100000}},
		},
		{
			name:     "a payment after as-of is not known yet",
			invoices: []Invoice{invoice("Acme", "A", "2026-05-16", "2026-06-15", 100000)},
			payments: []Payment{payment("Acme", "A", "2026-07-05", 100000)},
			want:     map[string]invWant{"A": {"", 15, 100000}},
		},
		{
			name:      "an invoice's own paid date settles it when no payment names it",
			invoices:  []Invoice{paidOn(invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000), "2026-02-15")},
			want:      map[string]invWant{"A": {"2026-02-15", 15, 0}},
			collected: 100000,
		},
		{
			name:      "an invoice's own balance stays open after its paid date",
			invoices:  []Invoice{withBalance(paidOn(invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000), "2026-02-15"), 40000)},
			want:      map[string]invWant{"A": {"", 150, 40000}},
			collected: 60000,
		},
		{
			name:      "a payments row naming the invoice wins over its paid date",
			invoices:  []Invoice{paidOn(invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000), "2026-02-15")},
			payments:  []Payment{payment("Acme", "A", "2026-03-02", 100000)},
			want:      map[string]invWant{"A": {"2026-03-02", 30, 0}},
			collected: 100000,
		},
		{
			name:     "a payment in EUR settles an invoice in USD through fx",
			invoices: []Invoice{inUSD(invoice("Acme", "A", "2026-01-01", "2026-01-31", 10000))},
			// 92.00 EUR / 0.92 = 100.00 USD
			payments:  []Payment{payment("Acme", "A", "2026-02-01", 9200)},
			want:      map[string]invWant{"A": {"2026-02-01", 1, 0}},
			collected: 9200,
		},
		{
			name:      "a payment naming an unknown invoice is applied as if it named none",
			invoices:  []Invoice{invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000)},
			payments:  []Payment{payment("Acme", "X-9", "2026-02-01", 100000)},
			want:      map[string]invWant{"A": {"2026-02-01", 1, 0}},
			collected: 100000,
			warning:   "names invoice X-9, which is not in the invoices input",
		},
		{
			name:      "a payment naming only the invoice finds the client through it",
			invoices:  []Invoice{invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000)},
			payments:  []Payment{noClient(payment("", "A", "2026-01-31", 100000))},
			want:      map[string]invWant{"A": {"2026-01-31", 0, 0}},
			collected: 100000,
		},
		{
			name:     "a refund lowers the credit on account and what was collected",
			invoices: []Invoice{invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000)},
			payments: []Payment{payment("Acme", "A", "2026-01-20", 120000), payment("Acme", "", "2026-03-01", -20000)},
			want:     map[string]invWant{"A": {"2026-01-20", 0, 0}},
			// 1,200.00 − 200.00 back
			collected: 100000,
		},
		{
			name:     "a payment before the invoice is issued settles it on its issue date",
			invoices: []Invoice{invoice("Acme", "A", "2026-03-01", "2026-03-31", 100000)},
			payments: []Payment{payment("Acme", "A", "2026-02-20", 100000)},
			want:     map[string]invWant{"A": {"2026-03-01", 0, 0}},
			// the payment itself is dated 20 Feb, inside the window
			collected: 100000,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, res := clientOf(t, &Data{Invoices: tt.invoices, Payments: tt.payments}, testRules(), "Acme")
			for num, w := range tt.want {
				l := lineOf(t, c, num)
				if got := l.Settled.String(); got != w.settled {
					t.Errorf("%s settled %q, want %q", num, got, w.settled)
				}
				if l.DaysLate != w.late {
					t.Errorf("%s days late %d, want %d", num, l.DaysLate, w.late)
				}
				if l.Balance != w.balance {
					t.Errorf("%s balance %d, want %d", num, l.Balance, w.balance)
				}
			}
			if c.Unapplied != tt.unapplied {
				t.Errorf("unapplied %d, want %d", c.Unapplied, tt.unapplied)
			}
			if c.Collected != tt.collected {
				t.Errorf("collected %d, want %d", c.Collected, tt.collected)
			}
			var lines Money // a line for each payment in the window, and for nothing else
			for _, p := range c.PaymentLines {
				lines += p.Amount
			}
			if lines != tt.collected {
				t.Errorf("payment lines add up to %d, want %d", lines, tt.collected)
			}
			found := tt.warning == ""
			for _, is := range res.Issues {
				if is.Severity == SeverityError {
					t.Errorf("unexpected error issue: %+v", is)
				}
				if tt.warning != "" && strings.Contains(is.Problem, tt.warning) {
					found = true
				}
			}
			if !found {
				t.Errorf("no issue says %q; issues: %+v", tt.warning, res.Issues)
			}
		})
	}
}

func TestPaymentApplications(t *testing.T) {
	// 1,200.00 naming A pays A's 1,000.00 and 200.00 of B (issued before
	// the payment), as the dossier's Payments sheet shows.
	d := &Data{
		Invoices: []Invoice{invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000), invoice("Acme", "B", "2026-02-01", "2026-03-03", 50000)},
		Payments: []Payment{payment("Acme", "A", "2026-02-10", 120000)},
	}
	c, _ := clientOf(t, d, testRules(), "Acme")
	if len(c.PaymentLines) != 1 {
		t.Fatalf("%d payment lines, want 1", len(c.PaymentLines))
	}
	got := c.PaymentLines[0].Applied
	want := []Application{{"A", 100000}, {"B", 20000}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("applied %+v, want %+v", got, want)
	}
}

func TestUnplaceablePayment(t *testing.T) {
	d := &Data{
		Invoices: []Invoice{invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000)},
		Payments: []Payment{{Ref: At(InputPayments, "payments.csv", "", 0), Invoice: "NOPE", Date: day("2026-02-01"), Amount: 500}},
	}
	res := analyzeChecked(t, numbered(d), testRules())
	if len(res.Issues) != 1 || res.Issues[0].Severity != SeverityError || res.Issues[0].Row != 2 {
		t.Fatalf("want one error at row 2, got %+v", res.Issues)
	}
	if !strings.Contains(res.Issues[0].Problem, "cannot be placed") {
		t.Errorf("problem %q does not say the payment cannot be placed", res.Issues[0].Problem)
	}
}

// TestOpenInvoices: every client's open invoices at as-of, of any issue
// date, by due date, as an A/R aging detail lists them, whatever
// Rules.Evidence says.
func TestOpenInvoices(t *testing.T) {
	d := numbered(&Data{
		Invoices: []Invoice{
			invoice("Open", "O-1", "2026-01-01", "2026-01-31", 100000),
			inCurrency(invoice("Open", "O-2", "2025-03-01", "2025-03-31", 20000), "USD"),
			invoice("Open", "O-3", "2026-06-15", "2026-07-15", 40000),
			invoice("Open", "O-4", "2026-02-01", "2026-03-03", 10000),
		},
		Payments: []Payment{payment("Open", "O-1", "2026-02-15", 30000), payment("Open", "O-1", "2026-03-01", 20000), payment("Open", "O-4", "2026-03-01", 10000)},
	})
	r := testRules()
	r.Evidence = func(*ClientResult) bool { return false }
	res := Analyze(d, r)
	c := clientNamed(res, "Open")
	want := []OpenInvoice{
		// 31 Mar 2025 → 30 Jun 2026: 275 + 181 = 456 days, over 120
		{Ref: d.Invoices[1].Ref, Number: "O-2", Issued: day("2025-03-01"), Due: day("2025-03-31"), Amount: 18400, Balance: 18400,
			Currency: "USD", DaysOverdue: 456, Bucket: 5},
		// 31 Jan → 30 Jun: 150 days; paid 300.00 and 200.00, the last on 1 Mar
		{Ref: d.Invoices[0].Ref, Number: "O-1", Issued: day("2026-01-01"), Due: day("2026-01-31"), Amount: 100000, Balance: 50000,
			DaysOverdue: 150, Bucket: 5, LastPayment: day("2026-03-01")},
		// not yet due
		{Ref: d.Invoices[2].Ref, Number: "O-3", Issued: day("2026-06-15"), Due: day("2026-07-15"), Amount: 40000, Balance: 40000,
			DaysOverdue: -15, Bucket: 0},
	}
	if !reflect.DeepEqual(c.OpenInvoices, want) {
		t.Errorf("open invoices\n%+v\nwant\n%+v", c.OpenInvoices, want)
	}
	if c.Outstanding != 108400 || c.Overdue != 68400 || c.OpenOverdue != 2 || c.InvoiceLines != nil {
		t.Errorf("outstanding %d overdue %d open overdue %d, lines %v", c.Outstanding, c.Overdue, c.OpenOverdue, c.InvoiceLines)
	}
}
