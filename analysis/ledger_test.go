package analysis

import (
	"math"
	"strings"
	"testing"
)

// inFile puts an invoice in a file at a row. A Ref's Source may be shared
// with copies of the invoice, so the invoice gets a Source of its own.
func inFile(inv Invoice, file string, row int) Invoice {
	inv.Ref = At(inv.Input, file, inv.Sheet, row)
	return inv
}

// TestNewerFileWins: the files of one input arrive oldest first; an
// invoice a newer file repeats with other values replaces the older row,
// one it repeats exactly is taken once (one line per file), one it voids
// is dropped; within one file a repeat stays a duplicate or an error.
func TestNewerFileWins(t *testing.T) {
	a1 := invoice("Acme", "A-1", "2026-01-01", "2026-01-31", 100000)
	a1paid := a1
	a1paid.Status, a1paid.Amount = "Paid", 120000
	a2, a3 := invoice("Acme", "A-2", "2026-02-01", "2026-03-03", 50000), invoice("Acme", "A-3", "2026-02-01", "2026-03-03", 7000)
	a3void := a3
	a3void.Status = "VOIDED"
	// QuickBooks shows a voided invoice as one of amount 0.
	a4 := invoice("Acme", "A-4", "2026-02-01", "2026-03-03", 3000)
	a4zero := a4
	a4zero.Amount = 0
	d := &Data{Invoices: []Invoice{
		inFile(a1, "inv-2026-06-01.csv", 2), inFile(a2, "inv-2026-06-01.csv", 3), inFile(a3, "inv-2026-06-01.csv", 4), inFile(a4, "inv-2026-06-01.csv", 5),
		inFile(a1paid, "inv-2026-06-02.csv", 2), inFile(a2, "inv-2026-06-02.csv", 3), inFile(a3void, "inv-2026-06-02.csv", 4),
		inFile(a4zero, "inv-2026-06-02.csv", 5),
	}}
	res := analyzeChecked(t, d, testRules())
	c := clientNamed(res, "Acme")
	// A-1 at 1,200.00 (the newer row), A-2 once, A-3 and A-4 gone.
	if c.Invoices != 2 || c.Invoiced != 170000 {
		t.Errorf("%d invoices, invoiced %d; want 2 and 170000", c.Invoices, c.Invoiced)
	}
	if l := lineOf(t, c, "A-1"); l.File != "inv-2026-06-02.csv" || l.Amount != 120000 {
		t.Errorf("A-1 line %+v: want the newer file's", l)
	}
	wants := []struct {
		sev     Severity
		file    string
		row     int
		problem string
	}{
		{SeverityInfo, "inv-2026-06-02.csv", 2, "replaces invoice A-1 of inv-2026-06-01.csv row 2: the newer export wins"},
		{SeverityInfo, "inv-2026-06-02.csv", 3, "1 invoice of this newer export repeats a row of inv-2026-06-01.csv exactly: it is taken once"},
		{SeverityInfo, "inv-2026-06-02.csv", 4, "invoice A-3 is voided in this newer export: inv-2026-06-01.csv row 4 is dropped"},
		{SeverityInfo, "inv-2026-06-02.csv", 5, "invoice A-4 has amount 0 in this newer export: inv-2026-06-01.csv row 5 is dropped"},
	}
	if len(res.Issues) != len(wants) {
		t.Fatalf("issues %+v", res.Issues)
	}
	for _, w := range wants {
		found := false
		for _, is := range res.Issues {
			found = found || (is.Severity == w.sev && is.File == w.file && is.Row == w.row && is.Problem == w.problem)
		}
		if !found {
			t.Errorf("no %v issue at %s row %d saying %q; issues %+v", w.sev, w.file, w.row, w.problem, res.Issues)
		}
	}

	// Within one file: an exact repeat is a duplicate, a changed one an error.
	d = &Data{Invoices: []Invoice{inFile(a1, "one.csv", 2), inFile(a1, "one.csv", 3), inFile(a1paid, "one.csv", 4)}}
	res = analyzeChecked(t, d, testRules())
	if c := clientNamed(res, "Acme"); c.Invoiced != 100000 {
		t.Errorf("invoiced %d, want the first row's 100000", c.Invoiced)
	}
	if got := issuesSaying(res, "repeats row 2 exactly: duplicate ignored"); len(got) != 1 || got[0].Severity != SeverityWarning || got[0].Row != 3 {
		t.Errorf("duplicate: %+v", got)
	}
	if got := issuesSaying(res, "invoice number already used for this client at row 2 with different values"); len(got) != 1 || got[0].Severity != SeverityError || got[0].Row != 4 {
		t.Errorf("changed repeat: %+v", got)
	}
}

// TestIgnoredInvoices: void, voided, deleted and draft rows, and rows of
// amount 0 (QuickBooks' voided invoices), are ignored with an Info line;
// a payment naming one is applied as if it named none.
func TestIgnoredInvoices(t *testing.T) {
	var invs []Invoice
	for k, st := range []string{"Void", "voided", "DELETED", " Draft "} {
		inv := invoice("Acme", "V-"+itoa(k), "2026-01-01", "2026-01-31", 99900)
		inv.Status = st
		invs = append(invs, inv)
	}
	zero := invoice("Acme", "Z-1", "2026-01-01", "2026-01-31", 0)
	zero.Status = "Paid"
	invs = append(invs, zero, invoice("Acme", "A-1", "2026-01-01", "2026-01-31", 10000))
	d := &Data{Invoices: invs, Payments: []Payment{payment("Acme", "Z-1", "2026-02-01", 10000)}}
	c, res := clientOf(t, d, testRules(), "Acme")
	if c.Invoices != 1 || c.Outstanding != 0 || c.Collected != 10000 {
		t.Errorf("%d invoices, outstanding %d, collected %d; want A-1 only, paid", c.Invoices, c.Outstanding, c.Collected)
	}
	infos := 0
	for _, is := range res.Issues {
		if is.Severity == SeverityInfo && strings.HasSuffix(is.Problem, ": ignored") {
			infos++
		}
	}
	if infos != 5 || len(issuesSaying(res, "invoice Z-1 has amount 0: ignored")) != 1 || len(issuesSaying(res, "invoice V-3 is draft: ignored")) != 1 {
		t.Errorf("%d infos; issues %+v", infos, res.Issues)
	}
	if got := issuesSaying(res, "names invoice Z-1, which is void"); len(got) != 1 || got[0].Severity != SeverityWarning {
		t.Errorf("the payment naming Z-1: %+v", got)
	}
}

// TestTax: sales tax is not revenue, but the client owes it: balances,
// lateness and DSO use the whole amount.
func TestTax(t *testing.T) {
	// T-1 1,210.00 with 210.00 VAT, 605.00 paid: 605.00 open, 30 days past
	// due. T-2 363.00 USD with 63.00 tax: 333.96 EUR, of which 57.96 tax.
	// A tax larger than the amount is a warning and taken as 0.
	odd := withTax(invoice("Taxed", "T-3", "2026-06-01", "2026-06-30", 1000), 5000)
	all := withTax(invoice("Taxed", "T-4", "2026-06-01", "2026-06-30", 700), 700) // all of it tax: no revenue, no warning
	d := &Data{Invoices: []Invoice{
		withTax(invoice("Taxed", "T-1", "2026-05-01", "2026-05-31", 121000), 21000),
		inCurrency(withTax(invoice("Taxed", "T-2", "2026-06-01", "2026-07-01", 36300), 6300), "USD"),
		odd, all,
	}, Payments: []Payment{payment("Taxed", "T-1", "2026-05-31", 60500)}}
	c, res := clientOf(t, d, testRules(), "Taxed")
	// Invoiced: 1,000.00 + 300.00 USD (276.00) + 10.00 (T-3 whole).
	if c.Invoiced != 128600 || c.Revenue != 128600 || c.Outstanding != 60500+33396+1000+700 {
		t.Errorf("invoiced %d, revenue %d, outstanding %d", c.Invoiced, c.Revenue, c.Outstanding)
	}
	if l := lineOf(t, c, "T-2"); l.Amount != 33396 || l.Tax != 33396-27600 {
		t.Errorf("T-2 line: amount %d tax %d", l.Amount, l.Tax)
	}
	// DSO: 957.96 open over 1,560.96 issued in (1 Apr, 30 Jun], × 90.
	if want := float64(60500+33396+1000+700) / float64(121000+33396+1000+700) * 90; !c.DSO.Valid || !near(c.DSO.Value, want) {
		t.Errorf("DSO %v, want %v", c.DSO, want)
	}
	if got := issuesSaying(res, "the tax is more than the invoice's amount: taken as 0"); len(got) != 1 || got[0].Column != "tax" || got[0].Row != 4 {
		t.Errorf("tax warning: %+v", got)
	}
}

// TestCheckedSums: no total wraps. Each input's rows are held to 2^60
// minor units in all (a row past it is rejected with an Error naming it),
// and money × days is summed in 128 bits.
func TestCheckedSums(t *testing.T) {
	t.Run("ten invoices of 9,999,999,999,999,999.99", func(t *testing.T) {
		var invs []Invoice
		for k := range 10 {
			invs = append(invs, invoice("Huge", "H-"+itoa(k), "2026-06-01", "2026-06-30", 999_999_999_999_999_999))
		}
		d := numbered(&Data{Invoices: invs})
		res := analyzeChecked(t, d, testRules())
		c := clientNamed(res, "Huge")
		// 999,999,999,999,999,999 fits once under 2^60 = 1,152,921,504,606,846,976.
		if c.Invoices != 1 || c.Revenue != 999_999_999_999_999_999 || c.Profit != c.Revenue || res.Portfolio.Revenue != c.Revenue {
			t.Errorf("%d invoices, revenue %d, profit %d, portfolio %d", c.Invoices, c.Revenue, c.Profit, res.Portfolio.Revenue)
		}
		rejected := 0
		for _, is := range res.Issues {
			if is.Severity == SeverityError && is.Column == "amount" && is.Input == InputInvoices && is.Row >= 3 &&
				strings.Contains(is.Problem, "the invoices add up to more than 11,529,215,046,068,469.76 EUR") {
				rejected++
			}
		}
		if rejected != 9 {
			t.Errorf("%d rows rejected, want 9; issues %+v", rejected, res.Issues)
		}
	})
	t.Run("a conversion that does not fit", func(t *testing.T) {
		r := testRules()
		rates, _ := NewRates("IDR", map[string]float64{"USD": 16000})
		r.Rates, r.Currency = rates, "IDR"
		d := numbered(&Data{Invoices: []Invoice{inCurrency(invoice("Big", "B-1", "2026-06-01", "2026-06-30", 900_000_000_000_000_000), "USD"),
			invoice("Big", "B-2", "2026-06-01", "2026-06-30", 100)}})
		res := analyzeChecked(t, d, r)
		if c := clientNamed(res, "Big"); c.Invoices != 1 || c.Revenue != 100 {
			t.Errorf("%+v", figuresOf(c))
		}
		if got := issuesSaying(res, "more than a total can hold: this row is rejected"); len(got) != 1 || got[0].Row != 2 {
			t.Errorf("issues %+v", res.Issues)
		}
	})
	t.Run("money × days of a century", func(t *testing.T) {
		// 9,000,000,000,000,000.00 open 36,525 days at 100% a year: the
		// late cost (9e17 × 36,525 / 365 ≈ 9.0e19) cannot be held: it is
		// held at 2^60 with an Error, and Profit does not wrap.
		r := testRules()
		r.AsOf, r.WindowMonths, r.CapitalRate = day("2026-06-30"), 1300, 1
		d := numbered(&Data{Invoices: []Invoice{invoice("Old", "O-1", "1926-07-01", "1926-06-30", 900_000_000_000_000_000)}})
		res := analyzeChecked(t, d, r)
		c := clientNamed(res, "Old")
		if c.LatePaymentCost != maxFigure || c.Profit != 900_000_000_000_000_000-maxFigure {
			t.Errorf("late cost %d, profit %d", c.LatePaymentCost, c.Profit)
		}
		if got := issuesSaying(res, "a figure of Old (its late-payment or delivery cost) is more than"); len(got) != 1 || got[0].Severity != SeverityError {
			t.Errorf("issues %+v", res.Issues)
		}
		// The weighted days late are worked out in 128 bits too.
		if !c.WeightedDaysLate.Valid || !near(c.WeightedDaysLate.Value, 36525) {
			t.Errorf("weighted days late %v, want 36525", c.WeightedDaysLate)
		}
	})
	t.Run("a delivery share of exactly 2^60 is not held", func(t *testing.T) {
		// delivery_ratio 2 (beyond what config allows) × 2^59 = 2^60: held
		// only past it.
		r := testRules()
		r.DeliveryRatio = 2
		for _, tt := range []struct {
			amount Money // negative: a credit note
			held   bool
		}{{1 << 59, false}, {1<<59 + 1, true}, {-1 << 59, false}, {-1<<59 - 1, true}} {
			res := analyzeChecked(t, numbered(&Data{Invoices: []Invoice{invoice("Share", "S-1", "2026-06-01", "2026-06-30", tt.amount)}}), r)
			c := clientNamed(res, "Share")
			if abs(c.DeliveryCost) != maxFigure || len(issuesSaying(res, "is more than")) == 1 != tt.held {
				t.Errorf("revenue %d: delivery %d, issues %+v", tt.amount, c.DeliveryCost, res.Issues)
			}
		}
	})
	t.Run("a late cost of exactly 2^60 is not held", func(t *testing.T) {
		// 2^50 open 1,024 days at 36,500% a year (100% a day): 2^60; a
		// day more is past it.
		r := testRules()
		r.CapitalRate, r.WindowMonths = 365, 60
		for _, tt := range []struct {
			days int
			held bool
		}{{1024, false}, {1025, true}} {
			due := day("2026-06-30").AddDays(-tt.days)
			inv := invoice("Late", "L-1", due.AddDays(-1).String(), due.String(), 1<<50)
			res := analyzeChecked(t, numbered(&Data{Invoices: []Invoice{inv}}), r)
			c := clientNamed(res, "Late")
			if c.LatePaymentCost != maxFigure || len(issuesSaying(res, "is more than")) == 1 != tt.held {
				t.Errorf("%d days: late cost %d, issues %+v", tt.days, c.LatePaymentCost, res.Issues)
			}
		}
	})
	t.Run("a late cost that fits is exact", func(t *testing.T) {
		// 1,000,000,000,000,000.00 (1e17 minor) open 4,000 days at 10%: 1e17
		// × 4,000 = 4e20 money-days, past an int64; × 0.1 / 365 =
		// 109,589,041,095,890,410.958… → 109,589,041,095,890,411.
		r := testRules()
		r.CapitalRate, r.WindowMonths = 0.1, 200
		due := day("2026-06-30").AddDays(-4000)
		inv := invoice("Long", "L-1", due.AddDays(-30).String(), due.String(), 100_000_000_000_000_000)
		res := analyzeChecked(t, numbered(&Data{Invoices: []Invoice{inv}}), r)
		if c := clientNamed(res, "Long"); c.LatePaymentCost != 109_589_041_095_890_411 {
			t.Errorf("late cost %d, want 109589041095890411", c.LatePaymentCost)
		}
	})
}

func TestArith(t *testing.T) {
	w := wideOf(0).addMul(math.MaxInt64, 4).addMul(-math.MaxInt64, 4)
	if v, ok := w.int64(); !ok || v != 0 {
		t.Errorf("MaxInt64×4 − MaxInt64×4 = %v, %v", v, ok)
	}
	w = wideOf(-5).addMul(3, -7)
	if v, ok := w.int64(); !ok || v != -26 {
		t.Errorf("-5 + 3×-7 = %v, %v", v, ok)
	}
	w = wideOf(0).addMul(math.MaxInt64, 2)
	if _, ok := w.int64(); ok || w.big().String() != "18446744073709551614" || w.float() != 18446744073709551614.0 {
		t.Errorf("MaxInt64×2 = %s (%v)", w.big(), w.float())
	}
	if w.neg().big().String() != "-18446744073709551614" || w.neg().float() != -18446744073709551614.0 {
		t.Errorf("−MaxInt64×2 = %s", w.neg().big())
	}
	for _, tt := range []struct {
		a, b Money
		sum  Money
		ok   bool
	}{{1, 2, 3, true}, {math.MaxInt64, 1, math.MaxInt64, false}, {math.MinInt64, -1, math.MinInt64, false}, {math.MaxInt64, -1, math.MaxInt64 - 1, true}, {-3, 0, -3, true}} {
		if s, ok := addSat(tt.a, tt.b); s != tt.sum || ok != tt.ok {
			t.Errorf("addSat(%d, %d) = %d, %v; want %d, %v", tt.a, tt.b, s, ok, tt.sum, tt.ok)
		}
	}
	for _, tt := range []struct {
		a, b, c, want int64
		ok            bool
	}{
		{3 << 32, 1 << 32, 3, 0, false},            // a × b = c × 2^64: the quotient does not fit 64 bits
		{1 << 62, 2, 1, 0, false},                  // 2^63 does not fit an int64
		{-(1 << 62), 2, 1, math.MinInt64, true},    // −2^63 does
		{math.MinInt64, 1, 1, math.MinInt64, true}, // |MinInt64| is 2^63
		{-7, -7, 2, 25, true},                      // 24.5 away from zero; equal signs are positive
		{7, -3, 2, -11, true},                      // −10.5 away from zero
		{math.MaxInt64, math.MaxInt64, math.MaxInt64, math.MaxInt64, true},
	} {
		if got, ok := mulDiv(tt.a, tt.b, tt.c); got != tt.want || ok != tt.ok {
			t.Errorf("mulDiv(%d, %d, %d) = %d, %v; want %d, %v", tt.a, tt.b, tt.c, got, ok, tt.want, tt.ok)
		}
	}
	if w := mulWide(-3, -3); w != wideOf(9) {
		t.Errorf("−3 × −3 = %+v", w)
	}
	if abs64(math.MinInt64) != 1<<63 || abs64(-5) != 5 || abs64(5) != 5 || abs(-5) != 5 || abs(5) != 5 {
		t.Error("abs")
	}
	var b budget
	if !b.spend(InputTime, maxInputTotal-1) || !b.spend(InputTime, -1) || b.spend(InputTime, 1) || !b.spend(InputExpenses, 1) {
		t.Errorf("budget %v", b)
	}
}
