package analysis

import (
	"reflect"
	"testing"
	"time"

	"clientscore/internal/longtest"
)

// evidenceOf is a client's lines.
type evidenceOf struct {
	InvoiceLines []InvoiceLine
	PaymentLines []PaymentLine
	DisputeLines []DisputeLine
	ContactLines []ContactLine
	WorkLines    []WorkLine
	ExpenseLines []ExpenseLine
	Months       []Month
}

// takeEvidence returns c's lines and clears them from c.
func takeEvidence(c *ClientResult) evidenceOf {
	e := evidenceOf{c.InvoiceLines, c.PaymentLines, c.DisputeLines, c.ContactLines, c.WorkLines, c.ExpenseLines, c.Months}
	c.InvoiceLines, c.PaymentLines, c.DisputeLines, c.ContactLines, c.WorkLines, c.ExpenseLines, c.Months = nil, nil, nil, nil, nil, nil, nil
	return e
}

// withoutEvidence returns a copy of res with every client's lines
// cleared and no Evidence predicate, and the lines it cleared.
func withoutEvidence(res *Result) (*Result, []evidenceOf) {
	cp := *res
	cp.Rules.Evidence = nil
	cp.Clients = append([]ClientResult(nil), res.Clients...)
	lines := make([]evidenceOf, len(cp.Clients))
	for i := range cp.Clients {
		lines[i] = takeEvidence(&cp.Clients[i])
	}
	return &cp, lines
}

// analyzeChecked runs Analyze on d under r, which has no Evidence
// predicate, and returns the result. It also runs it with predicates
// that accept the clients that are not Healthy, none, and every other
// client, and checks that every figure, flag and verdict is the same
// whatever the predicate says, that the predicate sees each client once
// with its verdict and no lines, and that exactly the clients it accepts
// have lines, the same as with no predicate.
func analyzeChecked(t *testing.T, d *Data, r Rules) *Result {
	t.Helper()
	if r.Evidence != nil {
		t.Fatal("analyzeChecked: the rules have an Evidence predicate")
	}
	all := Analyze(d, r)
	want, lines := withoutEvidence(all)
	checkTotals(t, all)
	for i := range all.Clients {
		checkLines(t, &all.Clients[i])
	}

	// Flags raised from the lines say what the flags raised from the
	// records say.
	for i := range all.Clients {
		c := &all.Clients[i]
		if got := flagsOf(c, r, all.Portfolio.MedianContactsPerMonth); !reflect.DeepEqual(got, c.Flags) {
			t.Errorf("%s: flags from the lines %+v, from the records %+v", c.Name, got, c.Flags)
		}
	}

	odd := func(c *ClientResult) bool { // every other client, by its key's length
		return len(c.Key)%2 == 1
	}
	for _, tc := range []struct {
		name   string
		accept func(c *ClientResult) bool
	}{
		{"NotHealthy", NotHealthy},
		{"none", func(*ClientResult) bool { return false }},
		{"odd keys", odd},
		{"all", func(*ClientResult) bool { return true }},
	} {
		seen := map[string]int{}
		verdicts := map[string]Verdict{}
		rr := r
		rr.Evidence = func(c *ClientResult) bool {
			seen[c.Key]++
			verdicts[c.Key] = c.Verdict
			if c.InvoiceLines != nil || c.PaymentLines != nil || c.DisputeLines != nil || c.ContactLines != nil ||
				c.WorkLines != nil || c.ExpenseLines != nil || c.Months != nil {
				t.Errorf("%s: Evidence sees %s with lines", tc.name, c.Name)
			}
			return tc.accept(c)
		}
		res := Analyze(d, rr)
		got, gotLines := withoutEvidence(res)
		if !reflect.DeepEqual(got, want) {
			if len(got.Clients) != len(want.Clients) {
				t.Fatalf("%s: %d clients, want %d", tc.name, len(got.Clients), len(want.Clients))
			}
			for i := range got.Clients {
				if !reflect.DeepEqual(got.Clients[i], want.Clients[i]) {
					t.Errorf("%s: client %d is\n%+v\nwant\n%+v", tc.name, i, got.Clients[i], want.Clients[i])
				}
			}
			t.Fatalf("%s: the result differs from the one with no Evidence predicate", tc.name)
		}
		for i := range got.Clients {
			c := &got.Clients[i]
			if seen[c.Key] != 1 {
				t.Errorf("%s: Evidence called %d times for %s", tc.name, seen[c.Key], c.Name)
			}
			if verdicts[c.Key] != c.Verdict {
				t.Errorf("%s: Evidence saw %s as %v, the result says %v", tc.name, c.Name, verdicts[c.Key], c.Verdict)
			}
			switch {
			case tc.accept(c):
				if !reflect.DeepEqual(gotLines[i], lines[i]) {
					t.Errorf("%s: the lines of %s are\n%+v\nwant\n%+v", tc.name, c.Name, gotLines[i], lines[i])
				}
				if gotLines[i].Months == nil {
					t.Errorf("%s: %s is accepted but has no months", tc.name, c.Name)
				}
			case !reflect.DeepEqual(gotLines[i], evidenceOf{}):
				t.Errorf("%s: %s is refused but has lines %+v", tc.name, c.Name, gotLines[i])
			}
		}
	}
	return all
}

// checkLines checks that a client's lines of a kind are nil when it has
// none, and the months' counts are its lines'.
func checkLines(t *testing.T, c *ClientResult) {
	t.Helper()
	empty := func(what string, n int, isNil bool) {
		if n == 0 && !isNil {
			t.Errorf("%s: no %s, but not nil", c.Name, what)
		}
	}
	empty("invoice lines", len(c.InvoiceLines), c.InvoiceLines == nil)
	empty("payment lines", len(c.PaymentLines), c.PaymentLines == nil)
	empty("dispute lines", len(c.DisputeLines), c.DisputeLines == nil)
	empty("contact lines", len(c.ContactLines), c.ContactLines == nil)
	empty("work lines", len(c.WorkLines), c.WorkLines == nil)
	empty("expense lines", len(c.ExpenseLines), c.ExpenseLines == nil)
	empty("open invoices", len(c.OpenInvoices), c.OpenInvoices == nil)
	for _, p := range c.PaymentLines {
		empty("applications of a payment", len(p.Applied), p.Applied == nil)
	}
	var disputes, contacts, after int
	for _, m := range c.Months {
		disputes, contacts, after = disputes+m.Disputes, contacts+m.Contacts, after+m.AfterHours
	}
	if c.Months != nil && (disputes != c.Disputes || contacts != c.Contacts || after != c.AfterHours) {
		t.Errorf("%s: months count %d disputes, %d contacts, %d after hours; the client %d, %d, %d", c.Name, disputes, contacts, after,
			c.Disputes, c.Contacts, c.AfterHours)
	}
}

// checkTotals checks what must hold of any result: each client's Profit
// is its Revenue less its costs, its open invoices add up to its
// Outstanding and its aging buckets, by due date, and the portfolio's
// totals are the clients'.
func checkTotals(t *testing.T, res *Result) {
	t.Helper()
	var p Portfolio
	for i := range res.Clients {
		c := &res.Clients[i]
		if got := c.Revenue - c.DeliveryCost - c.SupportCost - c.Expenses - c.LatePaymentCost; c.Profit != got {
			t.Errorf("%s: profit %d, its parts give %d", c.Name, c.Profit, got)
		}
		if c.Revenue != c.Invoiced-c.CreditNotes {
			t.Errorf("%s: revenue %d is not invoiced %d less credit notes %d", c.Name, c.Revenue, c.Invoiced, c.CreditNotes)
		}
		var open Money
		aging := make([]Money, len(c.Aging))
		for k, o := range c.OpenInvoices {
			open += o.Balance
			aging[o.Bucket] += o.Balance
			if k > 0 && o.Due < c.OpenInvoices[k-1].Due {
				t.Errorf("%s: open invoices not by due date: %+v", c.Name, c.OpenInvoices)
			}
			if o.Balance <= 0 || o.DaysOverdue != Days(o.Due, res.Rules.AsOf) {
				t.Errorf("%s: open invoice %+v", c.Name, o)
			}
		}
		if open != c.Outstanding || !reflect.DeepEqual(aging, c.Aging) {
			t.Errorf("%s: open invoices add up to %d %v, outstanding %d %v", c.Name, open, aging, c.Outstanding, c.Aging)
		}
		p.Revenue += c.Revenue
		p.DeliveryCost += c.DeliveryCost
		p.SupportCost += c.SupportCost
		p.Expenses += c.Expenses
		p.Profit += c.Profit
		p.Outstanding += c.Outstanding
		p.Overdue += c.Overdue
		p.UnknownLateness += c.UnknownLateness
		p.Verdicts[c.Verdict]++
	}
	got := res.Portfolio
	if got.Revenue != p.Revenue || got.DeliveryCost != p.DeliveryCost || got.SupportCost != p.SupportCost || got.Expenses != p.Expenses ||
		got.Profit != p.Profit || got.Outstanding != p.Outstanding || got.Overdue != p.Overdue || got.UnknownLateness != p.UnknownLateness ||
		got.Verdicts != p.Verdicts || got.Clients != len(res.Clients) {
		t.Errorf("portfolio %+v, the clients add up to %+v", got, p)
	}
}

// TestEvidenceBenchBooks runs the check on the benchmarks' books, scaled
// down: every kind of record, a few currencies, late, partial and
// unnamed payments, credit notes and disputes; 20,000 invoices when the
// long tests run, 4,000 otherwise.
func TestEvidenceBenchBooks(t *testing.T) {
	many := 4_000
	if longtest.On() {
		many = 20_000
	}
	for _, size := range []struct{ invoices, clients int }{{many, many / 50}, {3_000, 7}} {
		d := benchBooks(size.invoices, size.clients)
		res := analyzeChecked(t, d, benchRules(t))
		healthy, lines := 0, 0
		for i := range res.Clients {
			if res.Clients[i].Verdict == Healthy {
				healthy++
			}
			lines += len(res.Clients[i].InvoiceLines)
		}
		if healthy == 0 || healthy == len(res.Clients) || lines == 0 {
			t.Errorf("%d invoices: %d of %d clients healthy, %d invoice lines: want some of each", size.invoices, healthy, len(res.Clients), lines)
		}
	}
}

// TestEvidenceFlags checks the check on books whose flags all need the
// records: a late payer's worst invoice (on a tie in days late), the
// latest dispute, after-hours contacts and the signals.
func TestEvidenceFlags(t *testing.T) {
	res := analyzeChecked(t, flagBooks(), testRules())
	for _, code := range []FlagCode{FlagLatePayer, FlagDisputes, FlagAfterHours, FlagDiscounts, FlagAbuse, FlagScopeChange} {
		found := false
		for i := range res.Clients {
			found = found || res.Clients[i].Has(code)
		}
		if !found {
			t.Errorf("no client has %s: the check does not reach its evidence", code)
		}
	}
}

// flagBooks are books whose flags' evidence reads the records.
func flagBooks() *Data {
	d := &Data{}
	for _, n := range []string{"B", "A", "C"} {
		d.Invoices = append(d.Invoices, invoice("Slow", n, "2025-12-11", "2026-01-10", 10000))
	}
	d.Invoices = append(d.Invoices, invoice("Slow", "D", "2025-12-01", "2026-01-10", 10000), credit("Slow", "CN", "2026-01-05", 500, "D"))
	d.Payments = append(d.Payments, payment("Slow", "A", "2026-05-01", 10000), payment("Slow", "", "2026-05-01", 15000))
	d.Disputes = append(d.Disputes,
		Dispute{ClientName: "Slow", Invoice: "A", Date: day("2026-03-01"), Reason: "late work"},
		Dispute{ClientName: "Slow", Invoice: "C", Date: day("2026-03-01"), Amount: 500, HasAmount: true, Currency: "USD"},
		Dispute{ClientName: "Slow", Date: day("2026-02-01")})
	for k, when := range []struct {
		date string
		at   TimeOfDay
		tags string
	}{
		{"2026-06-06", Clock(10, 0), "abuse"}, {"2026-06-02", Clock(22, 0), "rework"}, {"2026-06-02", Clock(21, 0), "rework, discount"},
		{"2026-06-03", Clock(23, 0), "abusive"}, {"2026-06-04", NoTime, "scope change"}, {"2026-06-07", NoTime, ""},
		{"2026-06-01", Clock(6, 0), "redo"}, {"2026-06-01", Clock(6, 0), "threat"}, {"2026-06-08", Clock(12, 0), "cheaper"},
	} {
		ct := contact("Slow", when.date, when.at)
		ct.Tags = when.tags
		if k%2 == 0 {
			ct.Hours, ct.HasHours = 90*time.Minute, true
		}
		d.Contacts = append(d.Contacts, ct)
	}
	d.Invoices = append(d.Invoices, invoice("Fine", "F1", "2026-01-10", "2026-02-09", 90000), invoice("Disputed", "X1", "2026-02-10", "2026-03-12", 5000))
	d.Invoices[len(d.Invoices)-1].Status = "Disputed"
	d.Payments = append(d.Payments, payment("Fine", "F1", "2026-02-01", 90000))
	return numbered(d)
}
