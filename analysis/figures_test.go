package analysis

import (
	"testing"
	"time"
)

// costRules are the defaults at as-of 2026-06-30 (EUR, USD at 0.92) with
// a capital rate of 10%, a delivery ratio of 10%, and hourly rates for a
// person (85.00) and a role (55.00); costs.hour 60.00, a ticket 15.00.
func costRules() Rules {
	r := testRules()
	r.CapitalRate, r.DeliveryRatio = 0.10, 0.10
	r.HourlyRates = map[string]Money{"Anna de Vries": 8500, "Designer": 5500}
	return r
}

func withTax(inv Invoice, tax Money) Invoice { inv.Tax, inv.HasTax = tax, true; return inv }
func inCurrency(inv Invoice, cur string) Invoice {
	inv.Currency = cur
	return inv
}

// supportRow is a contact with what its cost is made of.
func supportRow(client, date string, at TimeOfDay, hours time.Duration, person, role string) Contact {
	c := contact(client, date, at)
	c.Hours, c.HasHours, c.Person, c.Role = hours, hours != 0, person, role
	return c
}

// kesslerBooks are a client's whole year, with every kind of record and
// cost. Worked by hand:
//
// Invoices (EUR unless said):
//
//	K-1   issued 10 Jan, due 9 Feb, 1,210.00 with 210.00 tax, paid 11 Mar
//	      in full: 30 days late (9 Feb → 9 Mar is 28 days, 2026 is no
//	      leap year), 60 days to pay (21 + 28 + 11).
//	K-2   issued 2 Apr, due 2 May, 500.00 USD (460.00 EUR), 200.00 USD
//	      (184.00 EUR) paid 21 May (19 days late), 300.00 USD (276.00 EUR)
//	      open at 30 Jun: 59 days past due (29 + 30).
//	K-CN  credit note 15 Feb, 121.00 with 21.00 tax, applied to nothing.
//
// Invoiced 1,000.00 + 460.00 = 1,460.00; Credit notes 100.00; Revenue
// 1,360.00. Collected 1,210.00 + 184.00 − a 50.00 refund on 10 Jun =
// 1,344.00; Refunds 50.00; a failed 999.00 is no money.
//
// Support (contacts), the week of Mon 2 Mar:
//
//	c1 Mon 10:00  2 h, Anna de Vries: 2 × 85.00 = 170.00 (person rate)
//	c2 Tue 11:00  1.5 h, Bob the designer, billable: 1.5 × 55.00 = 82.50 delivery (role rate)
//	c3 Wed 12:00  nothing logged: a ticket, 15.00
//	c4 Thu 22:00  0:00 logged (not given): a ticket, 15.00; after hours
//	c5 Fri 10:00  1 h, cost 30.00 USD given: 27.60
//	c6 Mon 9 Mar 10:00  1 h, Carl, cost 0.00 (not given with hours): 1 × 60.00 = 60.00
//
// Time (never contacts), April:
//
//	t1 3 h, Anna de Vries, billable: 255.00 delivery
//	t2 2 h, Dana (Designer): 110.00 support
//	t3 1 h, cost 40.00 given, billable: 40.00 delivery
//	t4 4 h, cost 0.00, nobody: 4 × 60.00 = 240.00 delivery
//
// Support cost 170 + 15 + 15 + 27.60 + 60 + 110 = 397.60; billable
// 82.50 + 255 + 40 + 240 = 617.50; Delivery cost 617.50 + 10% × 1,360.00
// = 753.50. Expenses 100.00 USD (92.00) + 8.00 = 100.00.
//
// Late-payment cost: money × days = 1,210.00 × 30 (K-1) + 184.00 × 19
// (K-2's payment) + 276.00 × 59 (K-2 open) = 36,300 + 3,496 + 16,284 =
// 56,080.00 euro-days × 10% / 365 = 15.364 → 15.36.
//
// Profit 1,360.00 − 753.50 − 397.60 − 100.00 − 15.36 = 93.54.
func kesslerBooks() *Data {
	r := payment("Kessler GmbH", "", "2026-06-10", 5000)
	r.Type = "Refund"
	failed := payment("Kessler GmbH", "K-2", "2026-06-01", 99900)
	failed.Status = "failed"
	k2pay := payment("Kessler GmbH", "K-2", "2026-05-21", 20000)
	k2pay.Currency = "USD"
	c2 := supportRow("Kessler GmbH", "2026-03-03", Clock(11, 0), 90*time.Minute, "Bob", "designer")
	c2.Billable = true
	c5 := supportRow("Kessler GmbH", "2026-03-06", Clock(10, 0), time.Hour, "", "")
	c5.Cost, c5.HasCost, c5.Currency = 3000, true, "USD"
	c6 := supportRow("Kessler GmbH", "2026-03-09", Clock(10, 0), time.Hour, "Carl", "")
	c6.Cost, c6.HasCost = 0, true
	c4 := supportRow("Kessler GmbH", "2026-03-05", Clock(22, 0), 0, "", "")
	c4.HasHours = true // 0:00 logged
	t1 := timeEntry("Kessler GmbH", "2026-04-01", 3*time.Hour)
	t1.Person, t1.Billable = "anna DE VRIES", true
	t2 := timeEntry("Kessler GmbH", "2026-04-02", 2*time.Hour)
	t2.Person, t2.Role = "Dana", "Designer"
	t3 := timeEntry("Kessler GmbH", "2026-04-03", time.Hour)
	t3.Cost, t3.HasCost, t3.Billable = 4000, true, true
	t4 := timeEntry("Kessler GmbH", "2026-04-06", 4*time.Hour)
	t4.Cost, t4.HasCost, t4.Billable = 0, true, true
	return &Data{
		Clients: []Client{{Name: "Kessler GmbH"}},
		Invoices: []Invoice{
			withTax(invoice("Kessler GmbH", "K-1", "2026-01-10", "2026-02-09", 121000), 21000),
			inCurrency(invoice("Kessler GmbH", "K-2", "2026-04-02", "2026-05-02", 50000), "USD"),
			withTax(credit("Kessler GmbH", "K-CN", "2026-02-15", 12100, ""), -2100),
		},
		Payments: []Payment{payment("Kessler GmbH", "K-1", "2026-03-11", 121000), k2pay, r, failed},
		Contacts: []Contact{
			supportRow("Kessler GmbH", "2026-03-02", Clock(10, 0), 2*time.Hour, "Anna de Vries", ""),
			c2,
			supportRow("Kessler GmbH", "2026-03-04", Clock(12, 0), 0, "", ""),
			c4, c5, c6,
		},
		Time:     []TimeEntry{t1, t2, t3, t4},
		Expenses: []Expense{expense("Kessler GmbH", "2026-05-05", 10000, "USD"), expense("Kessler GmbH", "2026-05-06", 800, "")},
	}
}

func TestEveryFigure(t *testing.T) {
	c, res := clientOf(t, kesslerBooks(), costRules(), "Kessler GmbH")
	compareFigures(t, figuresOf(c), figures{
		Invoiced: 146000, CreditNotes: 10000, Revenue: 136000,
		Collected: 134400, Refunds: 5000,
		SupportCost: 39760, DeliveryCost: 75350, Expenses: 10000, LateCost: 1536,
		Profit: 9354, Margin: Some(9354.0 / 136000),
		// R = (617.50 + 397.60 + 100.00 + 15.36) / (1 − 0.1 − 0.2) = 1,130.46 / 0.7
		PriceChange: Some(113046.0/0.7/136000 - 1),
		// 1,360.00 over 2 + 1.5 + 1 + 1 support hours and 3 + 2 + 1 + 4 time hours
		RevenuePerHour: Some(1360 / 15.5),
		Invoices:       2, LateInvoices: 2, OpenOverdue: 1, SeverelyLate: 0,
		AvgDaysLate: Some((30 + 59) / 2.0),
		// (1,210.00 × 30 + 460.00 × 59) / 1,670.00: by amount, not a plain mean
		WeightedDaysLate: Some((1210.0*30 + 460*59) / 1670),
		// only K-2 is due in (1 Apr, 30 Jun]
		WeightedDaysLate90: Some(59),
		MaxDaysLate:        Some(59), AvgDaysToPay: Some(60),
		// 276.00 open over 460.00 issued in (1 Apr, 30 Jun], × 90
		DSO:         Some(27600.0 / 46000 * 90),
		DisputeRate: Some(0),
		Outstanding: 27600, Overdue: 27600, Aging: []Money{0, 0, 27600, 0, 0, 0},
		Contacts: 6, AfterHours: 1, Hours: 15.5, SupportHours: 5.5, ContactsPerMonth: 0.5,
	})
	// Margin 6.9%; weighted 38 days late; the only client has all revenue.
	if c.Verdict != Review || codes(c.Flags) != "LOW_MARGIN,LATE_PAYER,CONCENTRATION" {
		t.Errorf("verdict %v, flags %s; want Review with LOW_MARGIN,LATE_PAYER,CONCENTRATION", c.Verdict, codes(c.Flags))
	}
	if got, want := c.Flags[1].Evidence, "weighted 38 days late (limit 30), worst K-2 (59 days, still open)"; got != want {
		t.Errorf("late payer evidence %q, want %q", got, want)
	}
	want := "margin 6.9% is under the 20% minimum: profit 93.54 EUR on revenue 1,360.00 EUR, after support 397.60 EUR (6 contacts), " +
		"delivery 753.50 EUR, expenses 100.00 EUR, late-payment cost 15.36 EUR"
	if got := c.Flags[0].Evidence; got != want {
		t.Errorf("evidence\n got %q\nwant %q", got, want)
	}
	if got := issuesSaying(res, "1 payment with status failed is not money received: ignored"); len(got) != 1 || got[0].Severity != SeverityInfo {
		t.Errorf("the failed payment: issues %+v", got)
	}

	// Each row's cost, rate and how it was found.
	costs := []struct {
		cost, rate Money
		from       CostSource
	}{{17000, 8500, CostPerson}, {8250, 5500, CostRole}, {1500, 0, CostTicket}, {1500, 0, CostTicket}, {2760, 0, CostGiven}, {6000, 6000, CostHour}}
	if len(c.ContactLines) != len(costs) {
		t.Fatalf("%d contact lines, want %d", len(c.ContactLines), len(costs))
	}
	for k, w := range costs {
		if l := c.ContactLines[k]; l.Cost != w.cost || l.Rate != w.rate || l.CostFrom != w.from {
			t.Errorf("contact %d: cost %d rate %d from %v, want %+v", k+1, l.Cost, l.Rate, l.CostFrom, w)
		}
	}
	work := []struct {
		cost, rate Money
		from       CostSource
	}{{25500, 8500, CostPerson}, {11000, 5500, CostRole}, {4000, 0, CostGiven}, {24000, 6000, CostHour}}
	if len(c.WorkLines) != len(work) {
		t.Fatalf("%d work lines, want %d", len(c.WorkLines), len(work))
	}
	for k, w := range work {
		if l := c.WorkLines[k]; l.Cost != w.cost || l.Rate != w.rate || l.CostFrom != w.from {
			t.Errorf("time row %d: cost %d rate %d from %v, want %+v", k+1, l.Cost, l.Rate, l.CostFrom, w)
		}
	}
	if len(c.ExpenseLines) != 2 || c.ExpenseLines[0].AmountR != 9200 || c.ExpenseLines[1].AmountR != 800 {
		t.Errorf("expense lines %+v, want 92.00 and 8.00", c.ExpenseLines)
	}
	// Costing: person 2 + 3 h (425.00), role 1.5 + 2 h (192.50), hour 1 + 4 h
	// (300.00), given 1 + 1 h (67.60), tickets 2 (30.00).
	wantCosting := [...]CostCount{
		CostGiven: {Rows: 2, Hours: 2, Cost: 6760}, CostPerson: {Rows: 2, Hours: 5, Cost: 42500},
		CostRole: {Rows: 2, Hours: 3.5, Cost: 19250}, CostHour: {Rows: 2, Hours: 5, Cost: 30000}, CostTicket: {Rows: 2, Cost: 3000},
	}
	if res.Portfolio.Costing != wantCosting {
		t.Errorf("costing %+v, want %+v", res.Portfolio.Costing, wantCosting)
	}
	if p := res.Portfolio; p.DeliveryCost != 75350 || p.Expenses != 10000 || p.SupportCost != 39760 || p.Profit != 9354 || p.Revenue != 136000 {
		t.Errorf("portfolio %+v", p)
	}
	// The lines carry the tax and the refund.
	if l := lineOf(t, c, "K-1"); l.Tax != 21000 || l.Amount != 121000 {
		t.Errorf("K-1 line: amount %d tax %d, want 121000 and 21000", l.Amount, l.Tax)
	}
	if l := lineOf(t, c, "K-CN"); l.Tax != -2100 || l.Amount != -12100 {
		t.Errorf("K-CN line: amount %d tax %d, want -12100 and -2100", l.Amount, l.Tax)
	}
	refunds := 0
	for _, p := range c.PaymentLines {
		if p.Refund {
			refunds++
			if p.Amount != -5000 {
				t.Errorf("refund line amount %d, want -5000", p.Amount)
			}
		}
	}
	if refunds != 1 || len(c.PaymentLines) != 3 {
		t.Errorf("%d payment lines, %d refunds; want 3 and 1", len(c.PaymentLines), refunds)
	}
}

// TestMonthsUseTheClientFormulas: each month's Profit is its Revenue less
// its costs, and a window of one month gives the month the client's own
// figures: the Monthly sheet and the Clients row cannot disagree.
func TestMonthsUseTheClientFormulas(t *testing.T) {
	r := costRules()
	c, _ := clientOf(t, kesslerBooks(), r, "Kessler GmbH")
	if len(c.Months) != 12 {
		t.Fatalf("%d months, want 12 (Jul 2025 to Jun 2026)", len(c.Months))
	}
	var revenue, support, delivery, expenses Money
	for _, m := range c.Months {
		if got := m.Revenue - m.DeliveryCost - m.SupportCost - m.Expenses - m.LateCost; m.Profit != got {
			t.Errorf("%s: profit %d, its parts give %d", m.Start, m.Profit, got)
		}
		revenue, support, delivery, expenses = revenue+m.Revenue, support+m.SupportCost, delivery+m.DeliveryCost, expenses+m.Expenses
	}
	// The delivery share is rounded per month: 10% of 1,000.00 − 100.00 in
	// Jan/Feb (100.00, −10.00) and of 460.00 in Apr (46.00) add up exactly.
	if revenue != c.Revenue || support != c.SupportCost || delivery != c.DeliveryCost || expenses != c.Expenses {
		t.Errorf("months add to revenue %d support %d delivery %d expenses %d; client %d %d %d %d",
			revenue, support, delivery, expenses, c.Revenue, c.SupportCost, c.DeliveryCost, c.Expenses)
	}
	// March: c1..c6 are March contacts: support 170 + 15 + 15 + 27.60 + 60,
	// billable 82.50; K-1 paid 1,210.00.
	mar := c.Months[8]
	if mar.Start != day("2026-03-01") || mar.SupportCost != 28760 || mar.DeliveryCost != 8250 || mar.Collected != 121000 || mar.Contacts != 6 || mar.AfterHours != 1 {
		t.Errorf("March %+v", mar)
	}
	// April: K-2 (460.00, 59 days late) and the time rows.
	apr := c.Months[9]
	if apr.Revenue != 46000 || apr.DeliveryCost != 25500+4000+24000+4600 || apr.SupportCost != 11000 || !apr.AvgDaysLate.Valid || apr.AvgDaysLate.Value != 59 {
		t.Errorf("April %+v", apr)
	}
	// June: the refund.
	if jun := c.Months[11]; jun.Collected != -5000 {
		t.Errorf("June collected %d, want -5000 (the refund)", jun.Collected)
	}

	// A window of one month, (30 May, 30 Jun], holding everything of a
	// client in June: June's figures are the client's.
	one := &Data{
		Clients:  []Client{{Name: "One"}},
		Invoices: []Invoice{withTax(invoice("One", "O-1", "2026-06-02", "2026-06-12", 12100), 2100)},
		Payments: []Payment{payment("One", "O-1", "2026-06-22", 12100)},
		Contacts: []Contact{supportRow("One", "2026-06-03", Clock(9, 0), time.Hour, "Anna de Vries", "")},
		Time:     []TimeEntry{timeEntry("One", "2026-06-04", 2*time.Hour)},
		Expenses: []Expense{expense("One", "2026-06-05", 700, "")},
	}
	one.Time[0].Billable = true
	r.WindowMonths = 1
	c, _ = clientOf(t, one, r, "One")
	if len(c.Months) != 2 || c.Months[0] != (Month{Start: day("2026-05-01")}) {
		t.Fatalf("months %+v, want May (empty) and June", c.Months)
	}
	m := c.Months[1]
	if m.Revenue != c.Revenue || m.DeliveryCost != c.DeliveryCost || m.SupportCost != c.SupportCost ||
		m.Expenses != c.Expenses || m.LateCost != c.LatePaymentCost || m.Profit != c.Profit || m.Collected != c.Collected {
		t.Errorf("one month %+v differs from the client's %+v", m, figuresOf(c))
	}
	// 100.00 revenue; delivery 2 × 60.00 + 10.00; support 85.00; expenses
	// 7.00; late 121.00 × 10 days × 10% / 365 = 0.33.
	if c.Profit != 10000-13000-8500-700-33 {
		t.Errorf("profit %d, want %d", c.Profit, 10000-13000-8500-700-33)
	}
}

// TestHealthyUntilDeliveryIsCosted: a client who looks healthy on support
// alone is unprofitable once the delivery time logged for it is costed.
func TestHealthyUntilDeliveryIsCosted(t *testing.T) {
	books := func(withTime bool) *Data {
		d := &Data{
			Clients:  []Client{{Name: "Sunny"}},
			Invoices: []Invoice{invoice("Sunny", "S-1", "2026-02-01", "2026-03-03", 1000000)},
			Payments: []Payment{payment("Sunny", "S-1", "2026-03-01", 1000000)},
			Contacts: []Contact{supportRow("Sunny", "2026-03-02", Clock(10, 0), 10*time.Hour, "", "")},
		}
		if withTime {
			// 120 h by Anna at 85.00 = 10,200.00 of billable delivery.
			te := timeEntry("Sunny", "2026-02-10", 120*time.Hour)
			te.Person, te.Billable = "Anna de Vries", true
			d.Time = []TimeEntry{te}
		}
		return d
	}
	r := costRules()
	r.CapitalRate, r.DeliveryRatio = 0, 0
	// Support alone: 10,000.00 − 10 h × 60.00 = 9,400.00, a 94% margin.
	c, _ := clientOf(t, books(false), r, "Sunny")
	if c.Verdict != Healthy || c.Profit != 940000 {
		t.Errorf("support only: %v, profit %d; want Healthy and 940000", c.Verdict, c.Profit)
	}
	// With delivery: 10,000.00 − 600.00 − 10,200.00 = −800.00.
	c, _ = clientOf(t, books(true), r, "Sunny")
	if c.Verdict != Unprofitable || c.Profit != -80000 || c.DeliveryCost != 1020000 || c.Hours != 130 {
		t.Errorf("with delivery: %v, profit %d, delivery %d, hours %v; want Unprofitable, -80000, 1020000, 130", c.Verdict, c.Profit, c.DeliveryCost, c.Hours)
	}
}

// TestTimeRowsAreNotContacts: time rows add hours and cost but never
// count as contacts, after-hours contacts or toward HIGH_CONTACT.
func TestTimeRowsAreNotContacts(t *testing.T) {
	d := &Data{Clients: []Client{{Name: "Busy"}, {Name: "Calm"}}}
	// 60 time rows on a Saturday: work, not contacts.
	for k := range 60 {
		d.Time = append(d.Time, timeEntry("Busy", "2026-06-06", time.Duration(k%3+1)*time.Hour))
	}
	d.Contacts = []Contact{contact("Calm", "2026-06-01", Clock(10, 0))}
	res := analyzeChecked(t, numbered(d), testRules())
	busy := clientNamed(res, "Busy")
	if busy.Contacts != 0 || busy.AfterHours != 0 || busy.SupportHours != 0 || busy.Hours != 120 || busy.Has(FlagHighContact) || busy.Has(FlagAfterHours) {
		t.Errorf("Busy: %d contacts, %d after hours, %v support hours, %v hours, flags %s", busy.Contacts, busy.AfterHours, busy.SupportHours, busy.Hours, codes(busy.Flags))
	}
	// 20 × (1 + 2 + 3) h = 120 h at 60.00, not billable: support cost.
	if busy.SupportCost != 720000 || busy.DeliveryCost != 0 {
		t.Errorf("Busy: support %d delivery %d, want 720000 and 0", busy.SupportCost, busy.DeliveryCost)
	}
	if res.Portfolio.MedianContactsPerMonth != 1.0/12 {
		t.Errorf("median %v, want 1/12: Calm's only", res.Portfolio.MedianContactsPerMonth)
	}
}

// TestWindowEdges: a record dated as-of is in the window, one dated on
// its start (as-of minus 12 months) is not; one after as-of is not known.
func TestWindowEdges(t *testing.T) {
	// Window (30 Jun 2025, 30 Jun 2026].
	d := &Data{
		Clients: []Client{{Name: "Edge"}},
		Invoices: []Invoice{
			invoice("Edge", "E-0", "2025-06-30", "2025-07-30", 1000), // on from: out (but open: outstanding)
			invoice("Edge", "E-1", "2026-06-30", "2026-07-30", 2000), // on as-of: in
			invoice("Edge", "E-2", "2026-07-01", "2026-07-31", 4000), // after as-of: not known
		},
		Payments: []Payment{payment("Edge", "", "2025-06-30", 8), payment("Edge", "", "2026-06-30", 16), payment("Edge", "", "2026-07-01", 32)},
		Contacts: []Contact{contact("Edge", "2025-06-30", NoTime), contact("Edge", "2026-06-30", NoTime), contact("Edge", "2026-07-01", NoTime)},
		Time:     []TimeEntry{timeEntry("Edge", "2025-06-30", time.Hour), timeEntry("Edge", "2026-06-30", 2*time.Hour), timeEntry("Edge", "2026-07-01", 4*time.Hour)},
		Expenses: []Expense{expense("Edge", "2025-06-30", 100, ""), expense("Edge", "2026-06-30", 200, ""), expense("Edge", "2026-07-01", 400, "")},
		Disputes: []Dispute{{ClientName: "Edge", Date: day("2025-06-30")}, {ClientName: "Edge", Date: day("2026-06-30")}, {ClientName: "Edge", Date: day("2026-07-01")}},
	}
	c, _ := clientOf(t, d, testRules(), "Edge")
	// E-0 1,000 less the 8 paid before the window and the 16 on as-of (oldest due first); E-1 2,000.
	if c.Invoices != 1 || c.Invoiced != 2000 || c.Collected != 16 || c.Outstanding != 1000-8-16+2000 {
		t.Errorf("invoices %d invoiced %d collected %d outstanding %d", c.Invoices, c.Invoiced, c.Collected, c.Outstanding)
	}
	if c.Contacts != 1 || c.Hours != 2 || c.Expenses != 200 || c.Disputes != 1 || c.SupportCost != 1500+12000 {
		t.Errorf("contacts %d hours %v expenses %d disputes %d support %d", c.Contacts, c.Hours, c.Expenses, c.Disputes, c.SupportCost)
	}
}
