package analysis

import (
	"reflect"
	"strings"
	"testing"
)

// TestPaymentStatus: which payments rows are money, and how much (SPEC §3).
// One invoice of 1,000.00 due 31 Jan; each case adds payment rows on 10
// Feb and checks what was collected and refunded and what stays open.
func TestPaymentStatus(t *testing.T) {
	pay := func(amount Money, status, typ string) Payment {
		p := payment("Acme", "A", "2026-02-10", amount)
		p.Status, p.Type = status, typ
		return p
	}
	refunded := func(p Payment, m Money) Payment { p.Refunded, p.HasRefunded = m, true; return p }
	tests := []struct {
		name                     string
		rows                     []Payment
		collected, refunds, open Money
		info                     string // an Info line that must be there, once
		lines                    int    // payment lines: the rows that are money
	}{
		{"succeeded is money", []Payment{pay(100000, "succeeded", "charge")}, 100000, 0, 0, "", 1},
		{"Paid is money", []Payment{pay(100000, "Paid", "")}, 100000, 0, 0, "", 1},
		{"failed is not", []Payment{pay(100000, "Failed", "")}, 0, 0, 100000, "1 payment with status failed is not money received: ignored", 0},
		{"declined is not", []Payment{pay(100000, "declined", "")}, 0, 0, 100000, "status declined", 0},
		{"canceled and cancelled are not", []Payment{pay(100000, "canceled", ""), pay(100000, "Cancelled", "")}, 0, 0, 100000, "status canceled", 0},
		{"pending is not", []Payment{pay(100000, "Pending", "")}, 0, 0, 100000, "status pending", 0},
		{"incomplete is not", []Payment{pay(100000, "incomplete", "")}, 0, 0, 100000, "status incomplete", 0},
		{"voided is not", []Payment{pay(100000, "Voided", "")}, 0, 0, 100000, "status voided", 0},
		{"expired is not", []Payment{pay(100000, "expired", "")}, 0, 0, 100000, "status expired", 0},
		{"requires_* is not, in any spelling", []Payment{pay(100000, "requires_payment_method", ""), pay(100000, "Requires-Payment-Method", ""),
			pay(5, "requires action", "")},
			0, 0, 100000, "2 payments with status requires payment method are not money received: ignored", 0},
		// The refunded part of a charge is paid back: not collected, and
		// shown under Refunds (SPEC §4: Collected net of refunds, Refunds
		// Σ refunds), whether the charge was refunded in part or in full.
		{"refunded in part: the rest is money", []Payment{refunded(pay(100000, "Paid", ""), 30000)}, 70000, 30000, 30000, "", 1},
		{"refunded in full: no payment", []Payment{refunded(pay(100000, "Refunded", ""), 100000)}, 0, 100000, 100000,
			"1 payment refunded in full is not money received: ignored", 0},
		{"status refunded without an amount: no payment", []Payment{pay(100000, "refunded", "")}, 0, 100000, 100000, "refunded in full", 0},
		{"a refund row reduces Collected and re-opens nothing", []Payment{pay(100000, "", ""), pay(25000, "", "Refund")}, 75000, 25000, 0, "", 2},
		{"a negative amount is a refund", []Payment{pay(100000, "", ""), pay(-25000, "", "")}, 75000, 25000, 0, "", 2},
		{"a refund row with a failed status is nothing", []Payment{pay(100000, "", ""), pay(-25000, "failed", "")}, 100000, 0, 0, "status failed", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Data{Invoices: []Invoice{invoice("Acme", "A", "2026-01-01", "2026-01-31", 100000)}, Payments: tt.rows, HasPayments: true}
			c, res := clientOf(t, d, testRules(), "Acme")
			if c.Collected != tt.collected || c.Refunds != tt.refunds || c.Outstanding != tt.open || len(c.PaymentLines) != tt.lines {
				t.Errorf("collected %d refunds %d outstanding %d, %d lines; want %d %d %d, %d", c.Collected, c.Refunds, c.Outstanding,
					len(c.PaymentLines), tt.collected, tt.refunds, tt.open, tt.lines)
			}
			if tt.info != "" {
				if got := issuesSaying(res, tt.info); len(got) != 1 || got[0].Severity != SeverityInfo {
					t.Errorf("want one info %q; issues %+v", tt.info, res.Issues)
				}
			}
		})
	}
}

// TestOwnPaymentState: an invoice's own paid date and balance settle it
// only for a client with no rows in the payments input (SPEC §3). As-of
// 30 Jun 2026.
func TestOwnPaymentState(t *testing.T) {
	own := func(inv Invoice, paid string, balance Money, hasBalance bool) Invoice {
		inv.PaidOn, inv.Balance, inv.HasBalance = day(paid), balance, hasBalance
		return inv
	}
	t.Run("a balance with no paid date: unknown lateness, never 0 days late", func(t *testing.T) {
		// X-1 1,000.00 due 31 Jan, balance 0: paid, date unknown.
		// X-2 400.00 due 28 Feb, balance 100.00: 300.00 paid on an unknown
		// date, 100.00 open, 122 days past due (28 Feb → 30 Jun).
		// X-3 600.00 due 31 Mar, paid 20 Apr by its own date: 20 days late.
		d := &Data{Invoices: []Invoice{
			own(invoice("Xero Co", "X-1", "2026-01-01", "2026-01-31", 100000), "", 0, true),
			own(invoice("Xero Co", "X-2", "2026-01-29", "2026-02-28", 40000), "", 10000, true),
			own(invoice("Xero Co", "X-3", "2026-03-01", "2026-03-31", 60000), "2026-04-20", 0, true),
		}}
		c, res := clientOf(t, d, testRules(), "Xero Co")
		compareFigures(t, figuresOf(c), figures{
			Invoiced: 200000, Revenue: 200000, Profit: 200000, Margin: Some(1),
			// 600.00 by X-3's own date, and the parts paid on unknown
			// dates, which lie between the issue date (in the window) and
			// the export: 1,000.00 of X-1 and 300.00 of X-2 → 1,900.00.
			Collected: 190000,
			Invoices:  3, UnknownLateness: 1, LateInvoices: 2, OpenOverdue: 1, SeverelyLate: 1,
			// X-2 open 122 days, X-3 20 days; X-1 is left out
			AvgDaysLate: Some(71), WeightedDaysLate: Some((40000.0*122 + 60000*20) / 100000), MaxDaysLate: Some(122),
			AvgDaysToPay: Some(50), // 1 Mar → 20 Apr
			DSO:          blank, DisputeRate: Some(0),
			Outstanding: 10000, Overdue: 10000, Aging: []Money{0, 0, 0, 0, 0, 10000},
		})
		if l := lineOf(t, c, "X-1"); !l.LateUnknown || !l.Settled.IsZero() || l.Balance != 0 || l.Paid != 100000 || l.Status != "Paid, date unknown" {
			t.Errorf("X-1 line %+v", l)
		}
		if res.Portfolio.UnknownLateness != 1 {
			t.Errorf("portfolio unknown lateness %d, want 1", res.Portfolio.UnknownLateness)
		}
		for _, is := range res.Issues {
			if is.Severity != SeverityInfo {
				t.Errorf("no warning per invoice: %+v", is)
			}
		}
	})
	t.Run("with payments, the balance column is a cross-check only", func(t *testing.T) {
		// Xero says both are paid (balance 0); Stripe's payments came 100
		// and 125 days after the due dates. One warning for the client.
		d := &Data{
			Invoices: []Invoice{
				own(invoice("Late Co", "L-1", "2025-12-01", "2025-12-31", 100000), "", 0, true),
				own(invoice("Late Co", "L-2", "2026-01-01", "2026-01-31", 50000), "", 0, true),
				own(invoice("Late Co", "L-3", "2026-02-01", "2026-03-03", 70000), "", 0, true),
			},
			Payments:    []Payment{payment("Late Co", "", "2026-04-10", 100000), payment("Late Co", "", "2026-06-05", 50000)},
			HasPayments: true,
		}
		c, res := clientOf(t, d, testRules(), "Late Co")
		// L-1: 31 Dec → 10 Apr = 100 days; L-2: 31 Jan → 5 Jun = 125 days;
		// L-3 open, 119 days past due at 30 Jun.
		if c.Collected != 150000 || c.Outstanding != 70000 || c.UnknownLateness != 0 || !c.MaxDaysLate.Valid || c.MaxDaysLate.Value != 125 {
			t.Errorf("collected %d, outstanding %d, unknown %d, max late %v; want 150000, 70000, 0, 125", c.Collected, c.Outstanding, c.UnknownLateness, c.MaxDaysLate)
		}
		if c.AvgDaysLate.Value != (100+125+119)/3.0 || c.Verdict == Healthy {
			t.Errorf("avg days late %v, verdict %v", c.AvgDaysLate, c.Verdict)
		}
		// Days to pay: 1 Dec → 10 Apr is 130, 1 Jan → 5 Jun is 155.
		if c.AvgDaysToPay != Some(142.5) {
			t.Errorf("avg days to pay %v, want 142.5", c.AvgDaysToPay)
		}
		got := issuesSaying(res, "carries a balance other than what the payments leave open")
		if len(got) != 1 || got[0].Severity != SeverityWarning || got[0].Row != 4 ||
			!strings.HasPrefix(got[0].Problem, "1 invoice of Late Co carries") || !strings.Contains(got[0].Problem, "(first L-3: 0.00 in the export, 700.00 after the payments)") {
			t.Errorf("want one cross-check warning for L-3; got %+v", got)
		}
	})
	t.Run("a client with payments beside one without", func(t *testing.T) {
		// Own paid date counts for Solo only: Paid has payments rows.
		d := &Data{
			Invoices: []Invoice{
				own(invoice("Solo", "S-1", "2026-01-01", "2026-01-31", 100000), "2026-02-10", 0, false),
				own(invoice("Paid", "P-1", "2026-01-01", "2026-01-31", 100000), "2026-02-10", 0, false),
				invoice("Paid", "P-2", "2026-01-01", "2026-01-31", 20000),
			},
			Payments:    []Payment{payment("Paid", "P-2", "2026-02-01", 20000)},
			HasPayments: true,
		}
		res := analyzeChecked(t, numbered(d), testRules())
		solo, paid := clientNamed(res, "Solo"), clientNamed(res, "Paid")
		if solo.Collected != 100000 || solo.Outstanding != 0 || solo.MaxDaysLate.Value != 10 {
			t.Errorf("Solo: collected %d, outstanding %d, max late %v", solo.Collected, solo.Outstanding, solo.MaxDaysLate)
		}
		if paid.Collected != 20000 || paid.Outstanding != 100000 {
			t.Errorf("Paid: collected %d, outstanding %d; want 20000 and 100000 (P-1's own date is not used)", paid.Collected, paid.Outstanding)
		}
		want := PaymentLine{Ref: d.Invoices[0].Ref, Date: day("2026-02-10"), Amount: 100000, Invoice: "S-1", Reference: "paid date on the invoice",
			Applied: []Application{{"S-1", 100000}}, Synthetic: true}
		if len(solo.PaymentLines) != 1 || !reflect.DeepEqual(solo.PaymentLines[0], want) {
			t.Errorf("Solo's payment lines %+v, want %+v", solo.PaymentLines, want)
		}
	})
	t.Run("a paid date with nothing paid makes no payment", func(t *testing.T) {
		d := &Data{Invoices: []Invoice{own(invoice("None", "N-1", "2026-05-01", "2026-05-31", 100000), "2026-06-10", 100000, true)}}
		c, _ := clientOf(t, d, testRules(), "None")
		if c.PaymentLines != nil || c.Outstanding != 100000 {
			t.Errorf("payment lines %+v, outstanding %d", c.PaymentLines, c.Outstanding)
		}
	})
	t.Run("a balance net of a credit note is not paid twice", func(t *testing.T) {
		// 1,000.00, a 200.00 credit note applied to it, balance 300.00: 500.00
		// was paid (on an unknown date), 300.00 is open.
		d := &Data{Invoices: []Invoice{
			own(invoice("Net", "N-1", "2026-01-01", "2026-01-31", 100000), "", 30000, true),
			credit("Net", "CN-1", "2026-02-01", 20000, "N-1"),
		}}
		c, _ := clientOf(t, d, testRules(), "Net")
		if l := lineOf(t, c, "N-1"); l.Paid != 50000 || l.Credited != 20000 || l.Balance != 30000 || l.LateUnknown {
			t.Errorf("N-1 line %+v: want 500.00 paid, 200.00 credited, 300.00 open", l)
		}
	})
}

// TestRefundsInWindow: the refunded part of a charge counts under Refunds
// on the charge's date, so only when that date is in the window
// (30 Jun 2025, 30 Jun 2026]; a charge in USD is refunded in reporting
// currency at the same rate (0.92).
func TestRefundsInWindow(t *testing.T) {
	refunded := func(date string, amount, back Money, currency string) Payment {
		p := payment("Acme", "", date, amount)
		p.Refunded, p.HasRefunded, p.Currency = back, true, currency
		return p
	}
	tests := []struct {
		name               string
		rows               []Payment
		collected, refunds Money
	}{
		// in window: 800.00 kept, 200.00 back
		{"in part, in the window", []Payment{refunded("2026-02-10", 100000, 20000, "")}, 80000, 20000},
		// before the window: neither collected nor refunded in it
		{"in part, before the window", []Payment{refunded("2025-06-30", 100000, 20000, "")}, 0, 0},
		{"in full, in the window", []Payment{refunded("2025-07-01", 100000, 100000, "")}, 0, 100000},
		{"in full, before the window", []Payment{refunded("2025-06-30", 100000, 100000, "")}, 0, 0},
		// USD 500.00 charged, 125.00 back: 375 × 0.92 = 345.00 kept, 125 × 0.92 = 115.00 back
		{"in part, in dollars", []Payment{refunded("2026-03-01", 50000, 12500, "USD")}, 34500, 11500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Data{Invoices: []Invoice{invoice("Acme", "A", "2025-06-01", "2025-06-30", 200000)}, Payments: tt.rows, HasPayments: true}
			c, _ := clientOf(t, d, testRules(), "Acme")
			if c.Collected != tt.collected || c.Refunds != tt.refunds {
				t.Errorf("collected %d refunds %d, want %d %d", c.Collected, c.Refunds, tt.collected, tt.refunds)
			}
		})
	}
}

// TestUnknownDatePaidInWindow: the part of an invoice paid on a date its
// export does not give counts in Collected when the invoice was issued in
// the window (the payment came after it), and not when it was issued
// before (30 Jun 2025 is the window's exclusive start).
func TestUnknownDatePaidInWindow(t *testing.T) {
	own := func(number, issued string, amount, balance Money) Invoice {
		inv := invoice("Xero Co", number, issued, issued, amount)
		inv.Balance, inv.HasBalance = balance, true
		return inv
	}
	d := &Data{Invoices: []Invoice{
		own("X-1", "2025-06-30", 100000, 0),     // before the window: paid, not collected in it
		own("X-2", "2025-07-01", 40000, 15000),  // in it: 250.00 of 400.00 paid
		own("X-3", "2026-06-30", 120000, 20000), // on as_of: 1,000.00 paid
	}}
	c, _ := clientOf(t, d, testRules(), "Xero Co")
	if want := Money(25000 + 100000); c.Collected != want {
		t.Errorf("Collected = %d, want %d", c.Collected, want)
	}
}
