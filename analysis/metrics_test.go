package analysis

import (
	"strings"
	"testing"
	"time"
)

// figures are the Clients-sheet numbers a case checks. Maybe fields use
// blank (Valid false) for an empty cell.
type figures struct {
	Invoiced, CreditNotes, Revenue, Collected, Refunds                                             Money
	SupportCost, DeliveryCost, Expenses, LateCost, Profit                                          Money
	Margin, PriceChange, RevenuePerHour                                                            Maybe
	Invoices, LateInvoices, OpenOverdue, SeverelyLate, UnknownLateness                             int
	AvgDaysLate, WeightedDaysLate, WeightedDaysLate90, MaxDaysLate, AvgDaysToPay, DSO, DisputeRate Maybe
	Outstanding, Overdue                                                                           Money
	Aging                                                                                          []Money
	Contacts, AfterHours, Disputes                                                                 int
	Hours, SupportHours, ContactsPerMonth                                                          float64
}

func figuresOf(c *ClientResult) figures {
	return figures{
		Invoiced: c.Invoiced, CreditNotes: c.CreditNotes, Revenue: c.Revenue, Collected: c.Collected, Refunds: c.Refunds,
		SupportCost: c.SupportCost, DeliveryCost: c.DeliveryCost, Expenses: c.Expenses, LateCost: c.LatePaymentCost, Profit: c.Profit,
		Margin: c.Margin, PriceChange: c.PriceChange, RevenuePerHour: c.RevenuePerHour,
		Invoices: c.Invoices, LateInvoices: c.LateInvoices, OpenOverdue: c.OpenOverdue, SeverelyLate: c.SeverelyLate,
		UnknownLateness: c.UnknownLateness,
		AvgDaysLate:     c.AvgDaysLate, WeightedDaysLate: c.WeightedDaysLate, WeightedDaysLate90: c.WeightedDaysLate90,
		MaxDaysLate: c.MaxDaysLate, AvgDaysToPay: c.AvgDaysToPay, DSO: c.DSO, DisputeRate: c.DisputeRate,
		Outstanding: c.Outstanding, Overdue: c.Overdue, Aging: c.Aging, Contacts: c.Contacts, AfterHours: c.AfterHours,
		Disputes: c.Disputes, Hours: c.Hours, SupportHours: c.SupportHours, ContactsPerMonth: c.ContactsPerMonth,
	}
}

func compareFigures(t *testing.T, got, want figures) {
	t.Helper()
	money := []struct {
		name      string
		got, want Money
	}{
		{"Invoiced", got.Invoiced, want.Invoiced}, {"Credit notes", got.CreditNotes, want.CreditNotes},
		{"Revenue", got.Revenue, want.Revenue}, {"Collected", got.Collected, want.Collected}, {"Refunds", got.Refunds, want.Refunds},
		{"Support cost", got.SupportCost, want.SupportCost}, {"Delivery cost", got.DeliveryCost, want.DeliveryCost},
		{"Expenses", got.Expenses, want.Expenses},
		{"Late-payment cost", got.LateCost, want.LateCost}, {"Profit", got.Profit, want.Profit},
		{"Outstanding", got.Outstanding, want.Outstanding}, {"Overdue", got.Overdue, want.Overdue},
	}
	for _, m := range money {
		if m.got != m.want {
			t.Errorf("%s = %d, want %d", m.name, m.got, m.want)
		}
	}
	maybes := []struct {
		name      string
		got, want Maybe
	}{
		{"Margin", got.Margin, want.Margin}, {"Price change needed", got.PriceChange, want.PriceChange},
		{"Revenue per hour", got.RevenuePerHour, want.RevenuePerHour},
		{"Avg days late", got.AvgDaysLate, want.AvgDaysLate}, {"Weighted days late", got.WeightedDaysLate, want.WeightedDaysLate},
		{"Weighted days late, last 90 days", got.WeightedDaysLate90, want.WeightedDaysLate90},
		{"Max days late", got.MaxDaysLate, want.MaxDaysLate}, {"Avg days to pay", got.AvgDaysToPay, want.AvgDaysToPay},
		{"DSO", got.DSO, want.DSO}, {"Dispute rate", got.DisputeRate, want.DisputeRate},
	}
	for _, m := range maybes {
		if m.got.Valid != m.want.Valid || !near(m.got.Value, m.want.Value) {
			t.Errorf("%s = %v, want %v", m.name, m.got, m.want)
		}
	}
	ints := []struct {
		name      string
		got, want int
	}{
		{"Invoices", got.Invoices, want.Invoices}, {"Late invoices", got.LateInvoices, want.LateInvoices},
		{"Open overdue", got.OpenOverdue, want.OpenOverdue}, {"Severely late", got.SeverelyLate, want.SeverelyLate},
		{"Unknown lateness", got.UnknownLateness, want.UnknownLateness},
		{"Contacts", got.Contacts, want.Contacts},
		{"After-hours contacts", got.AfterHours, want.AfterHours}, {"Disputes", got.Disputes, want.Disputes},
	}
	for _, m := range ints {
		if m.got != m.want {
			t.Errorf("%s = %d, want %d", m.name, m.got, m.want)
		}
	}
	floats := []struct {
		name      string
		got, want float64
	}{
		{"Hours", got.Hours, want.Hours}, {"Support hours", got.SupportHours, want.SupportHours},
		{"Contacts per month", got.ContactsPerMonth, want.ContactsPerMonth},
	}
	for _, m := range floats {
		if !near(m.got, m.want) {
			t.Errorf("%s = %v, want %v", m.name, m.got, m.want)
		}
	}
	if want.Aging != nil {
		if len(got.Aging) != len(want.Aging) {
			t.Fatalf("aging %v, want %v", got.Aging, want.Aging)
		}
		for i := range want.Aging {
			if got.Aging[i] != want.Aging[i] {
				t.Errorf("aging %v, want %v", got.Aging, want.Aging)
				break
			}
		}
	}
}

var blank = Maybe{}

func TestClientFigures(t *testing.T) {
	withHours := func(c Contact, h time.Duration) Contact { c.Hours, c.HasHours = h, true; return c }
	withCost := func(c Contact, m Money) Contact { c.Cost, c.HasCost = m, true; return c }
	billable := func(c Contact) Contact { c.Billable = true; return c }
	costly := func(r Rules) Rules { r.CapitalRate, r.DeliveryRatio = 0.10, 0.30; return r }
	same := func(r Rules) Rules { return r }

	tests := []struct {
		name   string
		client string
		data   Data
		rules  func(Rules) Rules
		want   figures
	}{
		{
			// As-of 2026-06-30; window (2025-06-30, 2026-06-30].
			// INV-1 1,000.00 due 31 Jan paid 2 Mar: 30 days late, 60 days to pay.
			// INV-2 500.00 due 31 May, open at 30 Jun: 30 days late, in 1–30.
			// INV-0 200.00 was issued before the window but paid inside it.
			// CN-1 100.00 credit note. Support: 1.5 h + 1.5 h at 60.00 = 180.00,
			// a ticket with nothing = 15.00, a 50.00 cost; a billable 2 h at
			// 60.00 = 120.00 is delivery (v2: billable work is never free).
			name:   "late payer with every cost",
			client: "Acme",
			rules:  costly,
			data: Data{
				Invoices: []Invoice{
					invoice("Acme", "INV-0", "2025-06-15", "2025-07-15", 20000),
					invoice("Acme", "INV-1", "2026-01-01", "2026-01-31", 100000),
					invoice("Acme", "INV-2", "2026-05-01", "2026-05-31", 50000),
					credit("Acme", "CN-1", "2026-02-01", 10000, ""),
				},
				Payments: []Payment{payment("Acme", "INV-0", "2025-07-10", 20000), payment("Acme", "INV-1", "2026-03-02", 100000)},
				Contacts: []Contact{
					withHours(contact("Acme", "2026-03-10", Clock(10, 0)), 90*time.Minute),
					withHours(contact("Acme", "2026-03-11", Clock(10, 0)), 90*time.Minute),
					contact("Acme", "2026-03-12", Clock(10, 0)),
					billable(withHours(contact("Acme", "2026-03-13", Clock(10, 0)), 2*time.Hour)),
					withCost(contact("Acme", "2026-03-16", Clock(10, 0)), 5000),
				},
			},
			want: figures{
				Invoiced: 150000, CreditNotes: 10000, Revenue: 140000,
				Collected:    120000, // 200.00 on 10 Jul 2025 + 1,000.00 on 2 Mar 2026
				SupportCost:  24500,  // 90 + 90 + 15 + 50
				DeliveryCost: 54000,  // 120.00 billable + 1,400.00 × 0.30
				LateCost:     1233,   // (1,000.00×30 + 500.00×30) × 0.10 / 365 = 12.3288
				Profit:       60267,  // 1,400.00 − 245.00 − 540.00 − 12.33
				Margin:       Some(60267.0 / 140000),
				PriceChange:  blank,
				Invoices:     2, LateInvoices: 2, SeverelyLate: 0,
				AvgDaysLate: Some(30), WeightedDaysLate: Some(30), MaxDaysLate: Some(30), AvgDaysToPay: Some(60),
				// only INV-2 (due 31 May) is due in (1 Apr, 30 Jun]: 30 days
				WeightedDaysLate90: Some(30),
				OpenOverdue:        1,         // INV-2
				RevenuePerHour:     Some(280), // 1,400.00 / (1.5 + 1.5 + 2) h
				DSO:                Some(90),  // 500.00 open / 500.00 issued in (1 Apr, 30 Jun] × 90
				DisputeRate:        Some(0),
				Outstanding:        50000, Overdue: 50000, Aging: []Money{0, 50000, 0, 0, 0, 0},
				Contacts: 5, Hours: 5, SupportHours: 5, ContactsPerMonth: 5.0 / 12,
			},
		},
		{
			// 1,000.00 revenue against 900.00 of support: margin 10% < 20%.
			// Revenue meeting 20% is 900 / (1 − 0 − 0.2) = 1,125.00: +12.5%.
			name:   "low margin needs a price change",
			client: "Needy",
			rules:  same,
			data: Data{
				Invoices: []Invoice{invoice("Needy", "N-1", "2026-03-01", "2026-03-31", 100000)},
				Payments: []Payment{payment("Needy", "N-1", "2026-03-31", 100000)},
				Contacts: []Contact{withCost(contact("Needy", "2026-04-01", Clock(9, 0)), 90000)},
			},
			want: figures{
				Invoiced: 100000, Revenue: 100000, Collected: 100000, SupportCost: 90000, Profit: 10000,
				Margin: Some(0.1), PriceChange: Some(0.125), Invoices: 1,
				AvgDaysLate: Some(0), WeightedDaysLate: Some(0), MaxDaysLate: Some(0), AvgDaysToPay: Some(30),
				DSO:                blank, // nothing issued in the last 90 days: no base
				WeightedDaysLate90: blank, // due 31 Mar: before (1 Apr, 30 Jun]
				RevenuePerHour:     blank, // no hours
				DisputeRate:        Some(0), Aging: []Money{0, 0, 0, 0, 0, 0},
				Contacts: 1, ContactsPerMonth: 1.0 / 12,
			},
		},
		{
			// With delivery 30% and capital 10%, R = (support + late) / (1 − 0.3 − 0.2).
			// N-1 1,000.00 due 31 Mar paid 30 Apr: 30 days, 1,000.00×30×0.1/365 = 8.22.
			// Support 400.00 + 200.00. Profit = 1,000 − 600 − 300 − 8.22 = 91.78,
			// margin 9.178%.
			// R = (600.00 + 8.22) / 0.5 = 1,216.44 → +21.644%.
			name:   "price change with delivery and late-payment cost",
			client: "Needy",
			rules:  costly,
			data: Data{
				Invoices: []Invoice{invoice("Needy", "N-1", "2026-03-01", "2026-03-31", 100000)},
				Payments: []Payment{payment("Needy", "N-1", "2026-04-30", 100000)},
				Contacts: []Contact{withCost(contact("Needy", "2026-04-01", Clock(9, 0)), 40000), withCost(contact("Needy", "2026-04-02", Clock(9, 0)), 20000)},
			},
			want: figures{
				Invoiced: 100000, Revenue: 100000, Collected: 100000, SupportCost: 60000, DeliveryCost: 30000,
				LateCost: 822, Profit: 9178, Margin: Some(0.09178), PriceChange: Some((60000.0+822)/0.5/100000 - 1),
				Invoices: 1, LateInvoices: 1, AvgDaysLate: Some(30), WeightedDaysLate: Some(30), MaxDaysLate: Some(30),
				AvgDaysToPay: Some(60), DSO: blank, DisputeRate: Some(0), Contacts: 2, ContactsPerMonth: 2.0 / 12,
			},
		},
		{
			// 1,000.00 revenue against 800.00 of support: margin exactly 20%,
			// the minimum: no price change needed.
			name:   "a margin at the minimum needs no price change",
			client: "Even",
			rules:  same,
			data: Data{
				Invoices: []Invoice{invoice("Even", "E-1", "2026-03-01", "2026-03-31", 100000)},
				Payments: []Payment{payment("Even", "E-1", "2026-03-31", 100000)},
				Contacts: []Contact{withCost(contact("Even", "2026-04-01", Clock(9, 0)), 80000)},
			},
			want: figures{
				Invoiced: 100000, Revenue: 100000, Collected: 100000, SupportCost: 80000, Profit: 20000,
				Margin: Some(0.2), PriceChange: blank, Invoices: 1,
				AvgDaysLate: Some(0), WeightedDaysLate: Some(0), MaxDaysLate: Some(0), AvgDaysToPay: Some(30),
				DSO: blank, DisputeRate: Some(0), Contacts: 1, ContactsPerMonth: 1.0 / 12,
			},
		},
		{
			// delivery_ratio 0.5 and min_margin 0.5 leave nothing: 1 − 0.5 −
			// 0.5 = 0 (exactly, in binary too), so no revenue meets the
			// margin: blank, not infinite. Profit 1,000.00 − 500.00 − 100.00
			// = 400.00, margin 40%.
			name:   "no price meets the margin when delivery takes the rest",
			client: "Even",
			rules:  func(r Rules) Rules { r.DeliveryRatio, r.MinMargin = 0.5, 0.5; return r },
			data: Data{
				Invoices: []Invoice{invoice("Even", "E-1", "2026-03-01", "2026-03-31", 100000)},
				Payments: []Payment{payment("Even", "E-1", "2026-03-31", 100000)},
				Contacts: []Contact{withCost(contact("Even", "2026-04-01", Clock(9, 0)), 10000)},
			},
			want: figures{
				Invoiced: 100000, Revenue: 100000, Collected: 100000, SupportCost: 10000, DeliveryCost: 50000, Profit: 40000,
				Margin: Some(0.4), PriceChange: blank, Invoices: 1,
				AvgDaysLate: Some(0), WeightedDaysLate: Some(0), MaxDaysLate: Some(0), AvgDaysToPay: Some(30),
				DSO: blank, DisputeRate: Some(0), Contacts: 1, ContactsPerMonth: 1.0 / 12,
			},
		},
		{
			// Only a ticket with no hours or cost: 15.00 of support, no revenue.
			name:   "zero revenue: blank margin and price change",
			client: "Ghost",
			rules:  same,
			data:   Data{Clients: []Client{{Name: "Ghost"}}, Contacts: []Contact{contact("Ghost", "2026-06-01", Clock(9, 0))}},
			want: figures{
				SupportCost: 1500, Profit: -1500, Margin: blank, PriceChange: blank,
				Contacts: 1, ContactsPerMonth: 1.0 / 12, Aging: []Money{0, 0, 0, 0, 0, 0},
			},
		},
		{
			name:   "a client with nothing but master data",
			client: "Dormant",
			rules:  same,
			data:   Data{Clients: []Client{{Name: "Dormant"}}},
			want:   figures{Aging: []Money{0, 0, 0, 0, 0, 0}},
		},
		{
			// One invoice issued 20 Jun, due 20 Jul: not late, not overdue, current.
			name:   "one invoice, open and not yet due",
			client: "Solo",
			rules:  same,
			data:   Data{Invoices: []Invoice{invoice("Solo", "S-1", "2026-06-20", "2026-07-20", 100000)}},
			want: figures{
				Invoiced: 100000, Revenue: 100000, Profit: 100000, Margin: Some(1), Invoices: 1,
				AvgDaysLate: Some(0), WeightedDaysLate: Some(0), MaxDaysLate: Some(0), AvgDaysToPay: blank,
				DSO: Some(90), DisputeRate: Some(0), Outstanding: 100000, Aging: []Money{100000, 0, 0, 0, 0, 0},
				WeightedDaysLate90: blank, // due 20 Jul: after as-of
			},
		},
		{
			// Credit notes of 600.00 against 500.00 invoiced: revenue −100.00.
			name:   "credit notes beyond invoices",
			client: "Haggler",
			rules:  same,
			data: Data{Invoices: []Invoice{
				invoice("Haggler", "H-1", "2026-06-01", "2026-06-30", 50000),
				credit("Haggler", "HC-1", "2026-06-10", 60000, "H-1"),
			}},
			want: figures{
				Invoiced: 50000, CreditNotes: 60000, Revenue: -10000, Profit: -10000, Margin: blank,
				Invoices: 1, AvgDaysLate: Some(0), WeightedDaysLate: Some(0), MaxDaysLate: Some(0),
				AvgDaysToPay: Some(9), DSO: Some(0), DisputeRate: Some(0), Aging: []Money{0, 0, 0, 0, 0, 0},
				WeightedDaysLate90: Some(0), // due 30 Jun, settled by the credit on 10 Jun
			},
		},
		{
			// Aging at 30 Jun of open invoices due 30 Jun (current), 31 May (30
			// days: 1–30), 30 May (31: 31–60), 1 Apr (90: 61–90), 31 Mar (91:
			// 91–120), 1 Mar (121: over 120). 100.00 each.
			// Days late 0+30+31+90+91+121 = 363 over 6 invoices.
			name:   "aging buckets at their edges",
			client: "Aged",
			rules:  same,
			data: Data{Invoices: []Invoice{
				invoice("Aged", "G-0", "2026-06-01", "2026-06-30", 10000),
				invoice("Aged", "G-30", "2026-05-01", "2026-05-31", 10000),
				invoice("Aged", "G-31", "2026-05-01", "2026-05-30", 10000),
				invoice("Aged", "G-90", "2026-03-01", "2026-04-01", 10000),
				invoice("Aged", "G-91", "2026-03-01", "2026-03-31", 10000),
				invoice("Aged", "G-121", "2026-02-01", "2026-03-01", 10000),
			}},
			want: figures{
				Invoiced: 60000, Revenue: 60000, Profit: 60000, Margin: Some(1), Invoices: 6, LateInvoices: 5, SeverelyLate: 2,
				AvgDaysLate: Some(363.0 / 6), WeightedDaysLate: Some(363.0 / 6), MaxDaysLate: Some(121), AvgDaysToPay: blank,
				// issued after 1 Apr: G-0, G-30, G-31 = 300.00; outstanding 600.00 → 180 days
				DSO: Some(180), DisputeRate: Some(0), Outstanding: 60000, Overdue: 50000,
				Aging:       []Money{10000, 10000, 10000, 10000, 10000, 10000},
				OpenOverdue: 5, // all but G-0, due on as-of
				// due in (1 Apr, 30 Jun]: G-0, G-30, G-31 (G-90 is due on 1 Apr): (0+30+31)/3
				WeightedDaysLate90: Some(61.0 / 3),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := clientOf(t, &tt.data, tt.rules(testRules()), tt.client)
			compareFigures(t, figuresOf(c), tt.want)
		})
	}
}

func TestLeapDayAndMonthEnd(t *testing.T) {
	// As-of 2024-03-01, window 12 months: (2023-03-01, 2024-03-01].
	r := testRules()
	r.AsOf = day("2024-03-01")
	d := &Data{Invoices: []Invoice{
		invoice("Leap", "L-edge", "2023-03-01", "2023-03-31", 10000), // on from: outside
		invoice("Leap", "L-in", "2023-03-02", "2023-04-01", 10000),   // a day later: inside
		invoice("Leap", "L-29", "2024-02-29", "2024-02-29", 10000),   // due on the leap day
	}, Payments: []Payment{payment("Leap", "L-in", "2023-04-01", 10000), payment("Leap", "L-edge", "2023-03-31", 10000)}}
	c, _ := clientOf(t, d, r, "Leap")
	if c.Invoices != 2 {
		t.Errorf("invoices in window %d, want 2 (the one issued on from is outside)", c.Invoices)
	}
	if l := lineOf(t, c, "L-29"); l.DaysLate != 1 {
		t.Errorf("due 29 Feb 2024, open on 1 Mar: %d days late, want 1", l.DaysLate)
	}
	// Window of one month from 31 Mar 2024 starts (exclusive) on 29 Feb.
	r.AsOf, r.WindowMonths = day("2024-03-31"), 1
	d = &Data{Invoices: []Invoice{
		invoice("Leap", "A", "2024-02-29", "2024-03-29", 10000),
		invoice("Leap", "B", "2024-03-01", "2024-03-31", 10000),
	}}
	c, _ = clientOf(t, d, r, "Leap")
	if c.Invoices != 1 || c.InvoiceLines[0].Number != "B" {
		t.Errorf("one-month window to 31 Mar 2024 holds %d invoices (%v), want only B", c.Invoices, c.InvoiceLines)
	}
	if len(c.Months) != 1 || c.Months[0].Start.String() != "2024-03-01" {
		t.Errorf("months %v, want only March 2024", c.Months)
	}
}

func TestSupportCostAndAfterHours(t *testing.T) {
	r := testRules()
	// 2026-06-01 is a Monday, 2026-06-06 a Saturday.
	usdCost := contact("C", "2026-06-01", Clock(10, 0))
	usdCost.Cost, usdCost.HasCost, usdCost.Currency = 10000, true, "USD"
	tests := []struct {
		name  string
		c     Contact
		cost  Money
		after bool
	}{
		{"cost given wins over hours", func() Contact {
			c := contact("C", "2026-06-01", Clock(10, 0))
			c.Cost, c.HasCost, c.Hours, c.HasHours = 2500, true, time.Hour, true
			return c
		}(), 2500, false},
		{"cost in USD is converted", usdCost, 9200, false},
		{"hours at 60.00: 1 h 30 is 90.00", func() Contact {
			c := contact("C", "2026-06-01", Clock(10, 0))
			c.Hours, c.HasHours = 90*time.Minute, true
			return c
		}(), 9000, false},
		{"nothing given: 15.00 a ticket", contact("C", "2026-06-01", Clock(10, 0)), 1500, false},
		{"billable 1 h costs 60.00 of delivery", func() Contact {
			c := contact("C", "2026-06-01", Clock(10, 0))
			c.Billable, c.Hours, c.HasHours = true, time.Hour, true
			return c
		}(), 6000, false},
		{"07:59 on a Monday is after hours", contact("C", "2026-06-01", Clock(7, 59)), 1500, true},
		{"08:00 is business hours", contact("C", "2026-06-01", Clock(8, 0)), 1500, false},
		{"17:59 is business hours", contact("C", "2026-06-01", Clock(17, 59)), 1500, false},
		{"18:00 is after hours: the end is excluded", contact("C", "2026-06-01", Clock(18, 0)), 1500, true},
		{"03:00 is after hours", contact("C", "2026-06-01", Clock(3, 0)), 1500, true},
		{"Saturday noon is after hours", contact("C", "2026-06-06", Clock(12, 0)), 1500, true},
		{"a date with no time on a Saturday is after hours", contact("C", "2026-06-06", NoTime), 1500, true},
		{"a date with no time on a Monday is not", contact("C", "2026-06-01", NoTime), 1500, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := clientOf(t, &Data{Clients: []Client{{Name: "C"}}, Contacts: []Contact{tt.c}}, r, "C")
			if len(c.ContactLines) != 1 {
				t.Fatalf("%d contact lines", len(c.ContactLines))
			}
			l := c.ContactLines[0]
			if l.Cost != tt.cost || l.AfterHours != tt.after {
				t.Errorf("cost %d after-hours %v; want %d %v", l.Cost, l.AfterHours, tt.cost, tt.after)
			}
			support, delivery := tt.cost, Money(0)
			if tt.c.Billable {
				support, delivery = 0, tt.cost
			}
			if c.SupportCost != support || c.DeliveryCost != delivery {
				t.Errorf("support cost %d, delivery %d; want %d, %d", c.SupportCost, c.DeliveryCost, support, delivery)
			}
		})
	}
}

func TestDisputes(t *testing.T) {
	disputedStatus := invoice("D", "D-2", "2026-03-01", "2026-03-31", 10000)
	disputedStatus.Status = "Disputed"
	flagged := invoice("D", "D-3", "2026-04-01", "2026-04-30", 10000)
	flagged.Disputed = true
	named := invoice("D", "D-4", "2026-05-01", "2026-05-31", 10000)
	named.Disputed = true // a disputes row names it too: counted once
	d := &Data{
		Invoices: []Invoice{invoice("D", "D-1", "2026-02-01", "2026-02-28", 10000), disputedStatus, flagged, named},
		Disputes: []Dispute{
			{Ref: At(InputDisputes, "", "", 0), ClientName: "D", Invoice: "D-4", Date: day("2026-05-10")},
			{Ref: At(InputDisputes, "", "", 0), Invoice: "D-1", Date: day("2026-02-10")},  // client found via the invoice
			{Ref: At(InputDisputes, "", "", 0), ClientName: "D", Date: day("2025-01-01")}, // before the window
		},
	}
	c, _ := clientOf(t, d, testRules(), "D")
	// D-1 (row), D-2 (status), D-3 (flag), D-4 (row, not again from its flag) = 4 of 4 invoices.
	if c.Disputes != 4 || !c.DisputeRate.Valid || !near(c.DisputeRate.Value, 1) {
		t.Errorf("disputes %d rate %v, want 4 and 100%%", c.Disputes, c.DisputeRate)
	}
	fromInvoice := 0
	for _, l := range c.DisputeLines {
		if l.FromInvoice {
			fromInvoice++
		}
	}
	if fromInvoice != 2 {
		t.Errorf("%d disputes counted from invoices, want 2 (D-2, D-3)", fromInvoice)
	}
}

// TestDisputePlacing: a dispute goes to the client it names; one that
// names an unknown client is placed by its invoice, else unmatched; one
// that names nothing known is an error.
func TestDisputePlacing(t *testing.T) {
	d := &Data{
		Clients: []Client{{Name: "First"}}, // client 0
		Invoices: []Invoice{invoice("First", "F-1", "2026-01-01", "2026-01-31", 1000),
			invoice("Second", "S-1", "2026-01-01", "2026-01-31", 1000)},
		Disputes: []Dispute{
			{ClientName: "First", Invoice: "S-1", Date: day("2026-02-01")},          // its client wins over the invoice's
			{ClientName: "Nobody Ltd", Invoice: "S-1", Date: day("2026-02-02")},     // an unknown name: placed by its invoice
			{ClientName: "Nobody Ltd", Invoice: "X-9", Date: day("2026-02-03")},     // unmatched
			{Invoice: "X-9", Date: day("2026-02-04"), Amount: 500, HasAmount: true}, // an error
		},
	}
	res := analyzeChecked(t, numbered(d), testRules())
	if f, s := clientNamed(res, "First"), clientNamed(res, "Second"); f.Disputes != 1 || s.Disputes != 1 {
		t.Errorf("First %d disputes, Second %d; want 1 and 1", f.Disputes, s.Disputes)
	}
	if u := res.Portfolio.Unmatched; len(u) != 1 || u[0] != (Unmatched{Input: InputDisputes, Rows: 1, Names: 1}) {
		t.Errorf("unmatched %+v", u)
	}
	if got := issuesSaying(res, "names invoice X-9, which is not in the invoices input and the row names no client: the dispute cannot be placed"); len(got) != 1 ||
		got[0].Severity != SeverityError || got[0].Row != 5 {
		t.Errorf("issues %+v", res.Issues)
	}
}

// TestFigureEdges: the edges of DSO's 90 days, a window of no months, the
// credit notes' count, and which of two equally late invoices is the worst.
func TestFigureEdges(t *testing.T) {
	// As-of 30 Jun: DSO counts invoices issued after 1 Apr (as-of − 90).
	d := &Data{Invoices: []Invoice{
		invoice("Edge", "E-1", "2026-04-01", "2026-05-01", 30000), // on the edge: out of DSO's base
		invoice("Edge", "E-2", "2026-04-02", "2026-05-02", 10000),
		credit("Edge", "C-1", "2026-04-03", 100, ""), credit("Edge", "C-2", "2026-04-04", 200, ""),
	}}
	c, _ := clientOf(t, d, testRules(), "Edge")
	// 400.00 open over 100.00 issued in (1 Apr, 30 Jun], × 90
	if c.DSO != Some(360) || c.CreditNoteCount != 2 || c.CreditNotes != 300 {
		t.Errorf("DSO %v, %d credit notes for %d", c.DSO, c.CreditNoteCount, c.CreditNotes)
	}
	// Worst: E-1 and E-2 are both open, 60 and 59 days late; make them
	// equal and the earlier issue date is the worst.
	d.Invoices[1].Due = day("2026-05-01")
	c, _ = clientOf(t, d, testRules(), "Edge")
	if got := c.Flags[0].Evidence; c.Flags[0].Code != FlagLatePayer || !strings.HasSuffix(got, "worst E-1 (60 days, still open)") {
		t.Errorf("flags %+v", c.Flags)
	}
	// Issued the same day: the lower row is the worst, wherever it is in the input.
	d = &Data{Invoices: []Invoice{
		invoice("Tie", "T-2", "2026-04-01", "2026-05-01", 30000),
		invoice("Tie", "T-1", "2026-04-01", "2026-05-01", 10000),
	}}
	d.Invoices[0].Row, d.Invoices[1].Row = 9, 3
	res := analyzeChecked(t, d, testRules())
	if c := clientNamed(res, "Tie"); !strings.HasSuffix(c.Flags[0].Evidence, "worst T-1 (60 days, still open)") {
		t.Errorf("flags %+v", c.Flags)
	}
	// A window of no months has no contacts a month.
	r := testRules()
	r.WindowMonths = 0
	res = analyzeChecked(t, numbered(&Data{Clients: []Client{{Name: "None"}}, Contacts: []Contact{contact("None", "2026-06-30", NoTime)}}), r)
	if c := clientNamed(res, "None"); c.Contacts != 0 || c.ContactsPerMonth != 0 {
		t.Errorf("contacts %d, a month %v", c.Contacts, c.ContactsPerMonth)
	}
}
