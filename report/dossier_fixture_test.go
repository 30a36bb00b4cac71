package report

import (
	"testing"
	"time"

	"clientscore/analysis"
)

// The dossier tests run analysis.Analyze on these hand-made records; the
// figures they expect are worked out here by hand.
//
// As of Sat 31 Oct 2026, default rules (EUR, 12 months, min margin 20%,
// support hour 60.00, ticket 15.00, business hours Mon–Fri 08:00–18:00):
// the window is (31 Oct 2025, 31 Oct 2026], Nov 2025 to Oct 2026.
//
// Acme Ltd (id A-1, alias "Acme Limited", renews 15 Dec 2026, owner Anna de
// Vries):
//
//	INV-1  issued  5 Jan 2026, due  4 Feb,  1,000.00, paid  4 Feb by P1: 0 days late
//	INV-2  issued  2 Mar 2026, due  1 Apr,  2,000.00, paid 30 Jun by P2: 90 days late
//	INV-3  issued  3 Aug 2026, due  2 Sep,  1,500.00, open: 59 days late at as-of
//
//	Revenue 4,500.00; Collected P1 1,000.00 + P2 2,500.00 = 3,500.00, of which
//	500.00 is unapplied (INV-3 was not issued yet on 30 Jun).
//	Avg days late (0 + 90 + 59) / 3 = 49.67; weighted (2,000×90 + 1,500×59) /
//	4,500 = 59.67 > 30: LATE_PAYER. Outstanding and overdue 1,500.00, 59 days
//	past due: the 31–60 bucket.
//
//	Contacts (5, SupportHours 20 + 3 + 1.5 + 1 = 25.5):
//	Tue  6 Jan 10:00  email  20 h                → 1,200.00
//	Sat  7 Mar 11:00  phone   3 h                →   180.00  after hours (Saturday)
//	Mon 15 Jun 21:30  chat  1.5 h, cost 2,655.00 → 2,655.00  after hours (21:30)
//	Thu 10 Sep  (no time), no hours              →    15.00  a ticket
//	Sat  3 Oct  (no time), 1 h, billable         →     0.00  after hours (not a business day)
//	Support cost 4,050.00; Profit 450.00; Margin 10%: LOW_MARGIN.
//	Price change needed: 4,050.00 / (1 − 0.2) = 5,062.50 of revenue needed,
//	5,062.50 / 4,500.00 − 1 = 0.125.
//	One dispute on INV-2 of 3 invoices, rate 33.3% ≥ 20%: DISPUTES.
//	After hours 3 of 5, under the minimum of 5: no AFTER_HOURS.
//
// Bolt GmbH: one invoice of 4,500.00 paid on time, nothing else. Each of
// the two has half of all revenue: CONCENTRATION for both. Acme's verdict:
// LOW_MARGIN, LATE_PAYER and DISPUTES are three flags: Review.
var (
	dossierAsOf = analysis.NewDate(2026, time.October, 31)
	dossierGen  = time.Date(2026, time.November, 1, 7, 15, 0, 0, time.FixedZone("CET", 3600))
)

func dossierDay(y int, m time.Month, d int) analysis.Date { return analysis.NewDate(y, m, d) }

// dossierData returns the records above, plus any extra clients' records.
func dossierData() *analysis.Data {
	ref := func(in analysis.Input, file string, row int) analysis.Ref {
		return analysis.Ref{Input: in, File: file, Row: row}
	}
	inv := func(row int, client, number string, issued, due analysis.Date, amount analysis.Money) analysis.Invoice {
		return analysis.Invoice{Ref: ref(analysis.InputInvoices, "invoices.csv", row), ClientName: client, Number: number,
			Issued: issued, Due: due, Amount: amount}
	}
	pay := func(row int, client, number string, on analysis.Date, amount analysis.Money, reference string) analysis.Payment {
		return analysis.Payment{Ref: ref(analysis.InputPayments, "payments.csv", row), ClientName: client, Invoice: number,
			Date: on, Amount: amount, Reference: reference}
	}
	contact := func(row int, client string, on analysis.Date, at analysis.TimeOfDay, channel, tags string) analysis.Contact {
		return analysis.Contact{Ref: ref(analysis.InputSupport, "tickets.csv", row), ClientName: client, Date: on, Time: at,
			Channel: channel, Tags: tags}
	}
	hours := func(c analysis.Contact, h float64) analysis.Contact {
		c.Hours, c.HasHours = time.Duration(h*float64(time.Hour)), true
		return c
	}
	c3 := hours(contact(4, "Acme Ltd", dossierDay(2026, time.June, 15), analysis.Clock(21, 30), "chat", "outage"), 1.5)
	c3.Cost, c3.HasCost = 265500, true
	c5 := hours(contact(6, "Acme Ltd", dossierDay(2026, time.October, 3), analysis.NoTime, "on-site", "training"), 1)
	c5.Billable = true
	return &analysis.Data{
		Clients: []analysis.Client{{Ref: ref(analysis.InputClients, "clients.csv", 2), ID: "A-1", Name: "Acme Ltd",
			Aliases: []string{"Acme Limited"}, RenewalDate: dossierDay(2026, time.December, 15), Owner: "Anna de Vries"}},
		Invoices: []analysis.Invoice{
			inv(2, "Acme Ltd", "INV-1", dossierDay(2026, time.January, 5), dossierDay(2026, time.February, 4), 100000),
			inv(3, "Acme Ltd", "INV-2", dossierDay(2026, time.March, 2), dossierDay(2026, time.April, 1), 200000),
			inv(4, "Acme Ltd", "INV-3", dossierDay(2026, time.August, 3), dossierDay(2026, time.September, 2), 150000),
			inv(5, "Bolt GmbH", "B-1", dossierDay(2026, time.May, 4), dossierDay(2026, time.June, 3), 450000),
		},
		HasPayments: true,
		Payments: []analysis.Payment{
			pay(2, "Acme Ltd", "INV-1", dossierDay(2026, time.February, 4), 100000, "BANK-001"),
			pay(3, "Acme Ltd", "INV-2", dossierDay(2026, time.June, 30), 250000, "BANK-002"),
			pay(4, "Bolt GmbH", "B-1", dossierDay(2026, time.June, 3), 450000, "BANK-003"),
		},
		Disputes: []analysis.Dispute{{Ref: ref(analysis.InputDisputes, "disputes.csv", 2), ClientName: "Acme Ltd", Invoice: "INV-2",
			Date: dossierDay(2026, time.July, 1), Amount: 50000, HasAmount: true, Reason: "hours not agreed", Status: "closed"}},
		Contacts: []analysis.Contact{
			hours(contact(2, "Acme Ltd", dossierDay(2026, time.January, 6), analysis.Clock(10, 0), "email", "billing"), 20),
			hours(contact(3, "Acme Ltd", dossierDay(2026, time.March, 7), analysis.Clock(11, 0), "phone", "urgent; scope change"), 3),
			c3,
			contact(5, "Acme Ltd", dossierDay(2026, time.September, 10), analysis.NoTime, "email", ""),
			c5,
		},
	}
}

// dossierResult analyses d under the default rules as of 31 Oct 2026.
func dossierResult(d *analysis.Data) *analysis.Result {
	return analysis.Analyze(d, analysis.DefaultRules(dossierAsOf, "EUR"))
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
