package report

import (
	"testing"
	"time"

	"clientscore/analysis"
)

// The dossier tests write a Result made here by hand, as analysis would
// give it; the figures are worked out in these comments.
//
// As of Sat 31 Oct 2026, default rules (EUR, 12 months, min margin 20%,
// costs.hour 60.00, ticket 15.00, business hours Mon–Fri 08:00–18:00,
// capital rate 0): the window is (31 Oct 2025, 31 Oct 2026], Nov 2025 to
// Oct 2026.
//
// Acme Ltd (id A-1, alias "Acme Limited", renews 15 Dec 2026, owner Anna de
// Vries):
//
//	INV-1  issued  5 Jan 2026, due  4 Feb,  1,000.00, paid  4 Feb by P1: 0 days late
//	INV-2  issued  2 Mar 2026, due  1 Apr,  2,000.00, paid 30 Jun by P2: 90 days late
//	INV-3  issued  3 Aug 2026, due  2 Sep,  1,500.00, open: 59 days late at as-of
//
//	Revenue 4,500.00; Collected P1 1,000.00 + P2 2,500.00 = 3,500.00, of which
//	500.00 is unapplied. Avg days late (0 + 90 + 59) / 3 = 49.67; weighted
//	(2,000×90 + 1,500×59) / 4,500 = 59.67; avg days to pay (30 + 120) / 2 =
//	75. Outstanding and overdue 1,500.00, 59 days past due: the 31–60
//	bucket. DSO 1,500 / 1,500 (INV-3, issued in the last 90 days) × 90 = 90.
//
//	Support (5 contacts, 25.5 hours):
//	Tue  6 Jan 10:00  email   20 h  Sam Roe, costs.hour 60.00   → 1,200.00 support
//	Sat  7 Mar 11:00  phone    3 h  Sam Roe, costs.hour 60.00   →   180.00 support, after hours
//	Mon 15 Jun 21:30  chat   1.5 h  cost given                  →   655.00 support, after hours
//	Thu 10 Sep  (no time), no hours: a ticket                   →    15.00 support
//	Sat  3 Oct  (no time), 1 h, billable, Anna de Vries at 85.00 →    85.00 delivery, after hours
//	Time: 12 Feb Anna de Vries 8 h billable at 85.00 = 680.00; 20 Aug Bram
//	Jansen (Developer) 10 h billable at the role's 55.00 = 550.00.
//	Expenses: 15 Apr copywriting 300.00; 10 Sep stock photos 100.00 USD =
//	92.00 EUR.
//
//	Support cost 1,200 + 180 + 655 + 15 = 2,050.00; delivery cost
//	85 + 680 + 550 = 1,315.00; expenses 392.00. Profit 4,500 − 1,315 −
//	2,050 − 392 = 743.00; margin 743 / 4,500 = 16.5%: LOW_MARGIN. Price
//	change needed: (1,315 + 2,050 + 392) / 0.8 = 4,696.25 of revenue,
//	4,696.25 / 4,500 − 1 = 0.0436. Hours 25.5 + 18 = 43.5; revenue per hour
//	4,500 / 43.5 = 103.45.
//
// Bolt GmbH: one invoice of 4,500.00 paid on time, nothing else. Each has
// half of all revenue: CONCENTRATION for both. Acme's verdict: LOW_MARGIN,
// LATE_PAYER and DISPUTES are three flags: Review.
var (
	dossierAsOf = analysis.NewDate(2026, time.October, 31)
	dossierGen  = time.Date(2026, time.November, 1, 7, 15, 0, 0, time.FixedZone("CET", 3600))
)

func dossierDay(m time.Month, d int) analysis.Date { return analysis.NewDate(2026, m, d) }

// acmeClient is Acme Ltd as worked out above.
func acmeClient() analysis.ClientResult {
	hours := func(h float64) time.Duration { return time.Duration(h * float64(time.Hour)) }
	contact := func(row int, on analysis.Date, at analysis.TimeOfDay, channel, tags string) analysis.Contact {
		return analysis.Contact{Ref: analysis.At(analysis.InputSupport, "tickets.csv", "", row),
			ClientName: "Acme Ltd", Date: on, Time: at, Channel: channel, Tags: tags}
	}
	withHours := func(c analysis.Contact, h float64, person string) analysis.Contact {
		c.Hours, c.HasHours, c.Person = hours(h), true, person
		return c
	}
	chat := withHours(contact(4, dossierDay(time.June, 15), analysis.Clock(21, 30), "chat", "outage"), 1.5, "Sam Roe")
	chat.Cost, chat.HasCost = 65500, true
	onSite := withHours(contact(6, dossierDay(time.October, 3), analysis.NoTime, "on-site", "training"), 1, "Anna de Vries")
	onSite.Billable = true
	work := func(on analysis.Date, person, role, project, task string, h float64, cost, rate analysis.Money, from analysis.CostSource) analysis.WorkLine {
		return analysis.WorkLine{TimeEntry: analysis.TimeEntry{Ref: analysis.At(analysis.InputTime, "harvest.csv", "", 2),
			ClientName: "Acme Ltd", Date: on, Hours: hours(h), HasHours: true, Person: person, Role: role, Billable: true,
			Project: project, Task: task}, Cost: cost, Rate: rate, CostFrom: from}
	}
	month := func(m time.Month, year int) analysis.Month {
		return analysis.Month{Start: analysis.NewDate(year, m, 1)}
	}
	months := []analysis.Month{month(time.November, 2025), month(time.December, 2025)}
	for m := time.January; m <= time.October; m++ {
		months = append(months, month(m, 2026))
	}
	// Months by index: Nov 0, Dec 1, Jan 2, … Oct 11.
	months[2].Revenue, months[2].SupportCost, months[2].Profit, months[2].Contacts = 100000, 120000, -20000, 1
	months[2].AvgDaysLate = analysis.Some(0)
	months[3].Collected, months[3].DeliveryCost, months[3].Profit = 100000, 68000, -68000
	months[4].Revenue, months[4].SupportCost, months[4].Profit, months[4].Contacts, months[4].AfterHours = 200000, 18000, 182000, 1, 1
	months[4].AvgDaysLate = analysis.Some(90)
	months[5].Expenses, months[5].Profit = 30000, -30000
	months[7].Collected, months[7].SupportCost, months[7].Profit, months[7].Contacts, months[7].AfterHours = 250000, 65500, -65500, 1, 1
	months[8].Disputes = 1
	months[9].Revenue, months[9].DeliveryCost, months[9].Profit = 150000, 55000, 95000
	months[9].AvgDaysLate = analysis.Some(59)
	months[10].SupportCost, months[10].Expenses, months[10].Profit, months[10].Contacts = 1500, 9200, -10700, 1
	months[11].DeliveryCost, months[11].Profit, months[11].Contacts, months[11].AfterHours = 8500, -8500, 1, 1

	return analysis.ClientResult{
		Key: "id:a-1", Name: "Acme Ltd", ID: "A-1", Aliases: []string{"Acme Limited"},
		Verdict: analysis.Review,
		Flags: []analysis.Flag{
			{Code: analysis.FlagLowMargin, Evidence: "margin 16.5% is under the 20% minimum: profit 743.00 EUR on revenue 4,500.00 EUR"},
			{Code: analysis.FlagLatePayer, Evidence: "weighted 59.7 days late (limit 30), worst INV-2 (90 days)"},
			{Code: analysis.FlagDisputes, Evidence: "1 dispute on 3 invoices (33.3%), latest 2026-07-01 on INV-2"},
			{Code: analysis.FlagConcentration, Evidence: "50% of all revenue (threshold 25%)"},
		},
		Invoiced: 450000, Revenue: 450000, Collected: 350000,
		SupportCost: 205000, DeliveryCost: 131500, Expenses: 39200, Profit: 74300,
		Margin: analysis.Some(743.0 / 4500), RevenueShare: analysis.Some(0.5),
		Hours: 43.5, RevenuePerHour: analysis.Some(4500 / 43.5),
		Invoices: 3, AvgDaysLate: analysis.Some(149.0 / 3), WeightedDaysLate: analysis.Some(268500.0 / 4500),
		WeightedDaysLate90: analysis.Some(59), MaxDaysLate: analysis.Some(90), AvgDaysToPay: analysis.Some(75),
		LateInvoices: 2, OpenOverdue: 1,
		Outstanding: 150000, Overdue: 150000, Aging: []analysis.Money{0, 0, 150000, 0, 0, 0}, Unapplied: 50000,
		DSO: analysis.Some(90),
		OpenInvoices: []analysis.OpenInvoice{{Number: "INV-3", Issued: dossierDay(time.August, 3), Due: dossierDay(time.September, 2),
			Amount: 150000, Balance: 150000, Currency: "EUR", DaysOverdue: 59, Bucket: 2}},
		Disputes: 1, DisputeRate: analysis.Some(1.0 / 3),
		Contacts: 5, SupportHours: 25.5, AfterHours: 3, ContactsPerMonth: 5.0 / 12,
		PriceChange: analysis.Some(4696.25/4500 - 1),
		RenewalDate: dossierDay(time.December, 15), Owner: "Anna de Vries",
		InvoiceLines: []analysis.InvoiceLine{
			{Number: "INV-1", Issued: dossierDay(time.January, 5), Due: dossierDay(time.February, 4), Amount: 100000, Currency: "EUR",
				Paid: 100000, Settled: dossierDay(time.February, 4), Status: "Paid"},
			{Number: "INV-2", Issued: dossierDay(time.March, 2), Due: dossierDay(time.April, 1), Amount: 200000, Currency: "EUR",
				Paid: 200000, Settled: dossierDay(time.June, 30), DaysLate: 90, Status: "Paid late", Disputed: true},
			{Number: "INV-3", Issued: dossierDay(time.August, 3), Due: dossierDay(time.September, 2), Amount: 150000, Currency: "EUR",
				Balance: 150000, DaysLate: 59, Status: "Overdue"},
		},
		PaymentLines: []analysis.PaymentLine{
			{Date: dossierDay(time.February, 4), Amount: 100000, Currency: "EUR", Invoice: "INV-1", Reference: "BANK-001",
				Applied: []analysis.Application{{Invoice: "INV-1", Amount: 100000}}},
			{Date: dossierDay(time.June, 30), Amount: 250000, Currency: "EUR", Invoice: "INV-2", Reference: "BANK-002",
				Applied: []analysis.Application{{Invoice: "INV-2", Amount: 200000}}, Unapplied: 50000},
		},
		DisputeLines: []analysis.DisputeLine{{Date: dossierDay(time.July, 1), Invoice: "INV-2", Amount: 50000, HasAmount: true,
			Reason: "hours not agreed", Status: "closed"}},
		ContactLines: []analysis.ContactLine{
			{Contact: withHours(contact(2, dossierDay(time.January, 6), analysis.Clock(10, 0), "email", "billing"), 20, "Sam Roe"),
				Cost: 120000, Rate: 6000, CostFrom: analysis.CostHour},
			{Contact: withHours(contact(3, dossierDay(time.March, 7), analysis.Clock(11, 0), "phone", "urgent; scope change"), 3, "Sam Roe"),
				Cost: 18000, Rate: 6000, CostFrom: analysis.CostHour, AfterHours: true, Signals: []string{"scope_change"}},
			{Contact: chat, Cost: 65500, CostFrom: analysis.CostGiven, AfterHours: true, Signals: []string{"abuse"}},
			{Contact: contact(5, dossierDay(time.September, 10), analysis.NoTime, "email", ""), Cost: 1500, CostFrom: analysis.CostTicket},
			{Contact: onSite, Cost: 8500, Rate: 8500, CostFrom: analysis.CostPerson, AfterHours: true},
		},
		WorkLines: []analysis.WorkLine{
			work(dossierDay(time.February, 12), "Anna de Vries", "Consultant", "Website", "Design", 8, 68000, 8500, analysis.CostPerson),
			work(dossierDay(time.August, 20), "Bram Jansen", "Developer", "Website", "Build", 10, 55000, 5500, analysis.CostRole),
		},
		ExpenseLines: []analysis.ExpenseLine{
			{Expense: analysis.Expense{Ref: analysis.At(analysis.InputExpenses, "expenses.csv", "", 2), ClientName: "Acme Ltd",
				Date: dossierDay(time.April, 15), Amount: 30000, Currency: "EUR", Category: "Subcontractor", Description: "Copywriting"}, AmountR: 30000},
			{Expense: analysis.Expense{Ref: analysis.At(analysis.InputExpenses, "expenses.csv", "", 3), ClientName: "Acme Ltd",
				Date: dossierDay(time.September, 10), Amount: 10000, Currency: "USD", Category: "Licences", Description: "Stock photos"}, AmountR: 9200},
		},
		Months: months,
	}
}

// dossierResult is Acme Ltd and Bolt GmbH, with the portfolio's figures.
func dossierResult() *analysis.Result {
	r := analysis.DefaultRules(dossierAsOf, "EUR")
	bolt := analysis.ClientResult{Key: "bolt gmbh", Name: "Bolt GmbH", Verdict: analysis.Healthy,
		Flags:    []analysis.Flag{{Code: analysis.FlagConcentration, Evidence: "50% of all revenue (threshold 25%)"}},
		Invoiced: 450000, Revenue: 450000, Collected: 450000, Profit: 450000, Margin: analysis.Some(1), RevenueShare: analysis.Some(0.5),
		Invoices: 1, AvgDaysLate: analysis.Some(0), WeightedDaysLate: analysis.Some(0), MaxDaysLate: analysis.Some(0)}
	res := &analysis.Result{Rules: r, From: r.From(), Clients: []analysis.ClientResult{acmeClient(), bolt}}
	res.Portfolio = analysis.Portfolio{Clients: 2, Revenue: 900000, SupportCost: 205000, DeliveryCost: 131500, Expenses: 39200,
		Profit: 524300, Outstanding: 150000, Overdue: 150000}
	res.Portfolio.Verdicts[analysis.Review], res.Portfolio.Verdicts[analysis.Healthy] = 1, 1
	return res
}

// oddResult is one client called name with one support ticket (15.00)
// and nothing else: a loss of 15.00.
func oddResult(name string) *analysis.Result {
	r := analysis.DefaultRules(dossierAsOf, "EUR")
	c := analysis.ClientResult{Key: name, Name: name, Verdict: analysis.Unprofitable,
		Flags:       []analysis.Flag{{Code: analysis.FlagUnprofitable, Evidence: "loss of 15.00 EUR"}},
		SupportCost: 1500, Profit: -1500, Contacts: 1, ContactsPerMonth: 1.0 / 12,
		ContactLines: []analysis.ContactLine{{Contact: analysis.Contact{ClientName: name, Date: dossierDay(time.September, 10),
			Time: analysis.Clock(10, 0), Channel: "email"}, Cost: 1500, CostFrom: analysis.CostTicket}},
	}
	return &analysis.Result{Rules: r, From: r.From(), Clients: []analysis.ClientResult{c}}
}

// clientIndex returns the index of the client named name.
func clientIndex(t testing.TB, res *analysis.Result, name string) int {
	t.Helper()
	for i := range res.Clients {
		if res.Clients[i].Name == name {
			return i
		}
	}
	t.Fatalf("no client %q in the result", name)
	return -1
}

// dossierSources are the input files the fixture's dossier lists.
var dossierSources = []analysis.SourceFile{
	{Input: analysis.InputInvoices, Path: "exports/invoices.csv", Rows: 4, SHA256: "9f2c4d8e0b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d"},
	{Input: analysis.InputSupport, Path: "exports/tickets.xlsx", Sheet: "Tickets", Rows: 5, SHA256: "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"},
}
