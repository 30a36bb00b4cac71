package report

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"clientscore/analysis"
)

// The fixtures below are inputs built by hand; the expected numbers the
// tests check are worked out in the tests' comments, not read from here.

var (
	asOf      = analysis.NewDate(2026, time.November, 22)
	generated = time.Date(2026, time.November, 22, 6, 30, 0, 0, time.FixedZone("CET", 3600))
)

// clientNames are realistic names of an agency's clients, plus the
// awkward ones real exports contain.
var clientNames = []string{
	"Acme Logistics B.V.", "Brightside Dental", "Northwind Traders", "Kessler & Sons GmbH",
	"Blue Harbor Hotels", "Cobalt Fintech Ltd", "Dunmore Bakery", "Evergreen Clinics",
	"Foxglove Fashion", "Granite Law LLP", "Helios Solar s.r.o.", "Ironbridge Capital",
	"Juniper Schools", "Kite Aviation", "Lumen Opticians", "Maple Insurance Co.",
	"Nimbus Cloud Inc", "Orchid Spa", "Pioneer Farms", "Quartz Jewellers",
	"Riverside Council", "Sable Motors", "Tidewater Ports", "Umbra Films",
	"Vantage Realty", "Willow Care Homes", "Xeno Labs", "Yardley Garden Centre",
	"Zephyr Airlines", "Alder Architects", "Birchwood Golf Club", "Cedar Dental Group",
	"Delta Marine", "Ember Restaurants", "Fjord Seafood AS", "Gull Wing Cars",
	"Hazel Nursery", "Indigo Print", "Jasper Breweries", "Kelvin HVAC",
	"Linden Opera", "Mosaic Museum", "Nova Pharmacy", "Onyx Security",
	"=HYPERLINK(\"http://evil.example\",\"click\")", "+31 Media", "-Minus Studio", "@Home Interiors",
}

// fixtureClient builds one client of verdict v from a seed: consistent
// figures (Profit = Revenue − Support cost − Late-payment cost, Margin =
// Profit / Revenue) and nInvoices invoice lines in the window.
func fixtureClient(name string, v analysis.Verdict, seed, nInvoices int) analysis.ClientResult {
	h := func(k int) int { // a cheap deterministic spread of seed
		x := uint32(seed*2654435761 + k*40503)
		x ^= x >> 13
		x *= 0x5bd1e995
		x ^= x >> 15
		return int(x % 1000)
	}
	c := analysis.ClientResult{Key: strings.ToLower(name), Name: name, Verdict: v}
	if v == analysis.Inactive {
		// Nothing in the window: no figures, no flags.
		if seed%2 == 0 {
			c.Owner = "Tom Bakker"
		}
		return c
	}
	c.Invoices = nInvoices
	amount := analysis.Money(100000 + h(1)*500) // 1,000.00 to 5,995.00 EUR per invoice
	c.Invoiced = amount * analysis.Money(nInvoices)
	// The cost of serving the client, split 60% delivery, 25% support and
	// the rest expenses.
	var cost analysis.Money
	switch v {
	case analysis.Unprofitable:
		cost = c.Invoiced + analysis.Money(h(2)*1000)
	case analysis.Review:
		cost = c.Invoiced * 85 / 100
	case analysis.Watch:
		cost = c.Invoiced * analysis.Money(40+h(3)%30) / 100
	default:
		cost = c.Invoiced * analysis.Money(10+h(3)%40) / 100
	}
	c.DeliveryCost = cost * 60 / 100
	c.SupportCost = cost * 25 / 100
	c.Expenses = cost - c.DeliveryCost - c.SupportCost
	if seed%5 == 0 {
		c.CreditNotes = amount / 4
		c.CreditNoteCount = 1
	}
	c.Revenue = c.Invoiced - c.CreditNotes
	c.LatePaymentCost = analysis.Money(h(4) * 3)
	c.Profit = c.Revenue - c.DeliveryCost - c.SupportCost - c.Expenses - c.LatePaymentCost
	if c.Revenue > 0 {
		c.Margin = analysis.Some(float64(c.Profit) / float64(c.Revenue))
	}
	c.Collected = c.Revenue * 9 / 10
	late := []int{0, 5, 12, 35, 95, 130}
	issued := asOf.AddDays(-330)
	total, weighted, maxLate, paidLate, severe := 0, 0.0, 0, 0, 0
	for k := range nInvoices {
		d := late[(seed+k)%len(late)]
		if v == analysis.Healthy {
			d = late[(seed+k)%2]
		}
		l := analysis.InvoiceLine{
			Number: fmt.Sprintf("INV-%05d", seed*100+k), Issued: issued.AddDays(k * 300 / max(nInvoices, 1)),
			Amount: amount, Currency: "EUR", DaysLate: d,
		}
		l.Due = l.Issued.AddDays(30)
		if k == nInvoices-1 && v != analysis.Healthy {
			// Open: paid in part for every other client.
			l.Balance = amount
			if seed%2 == 0 {
				l.Paid = amount / 4
				l.Balance = amount - l.Paid
			}
			l.Status = "Overdue"
			c.Outstanding += l.Balance
			c.Overdue += l.Balance
			o := analysis.OpenInvoice{Number: l.Number, Issued: l.Issued, Due: l.Due, Amount: amount, Balance: l.Balance,
				Currency: "EUR", DaysOverdue: analysis.Days(l.Due, asOf)}
			o.Bucket = fixtureBucket(o.DaysOverdue)
			if l.Paid > 0 {
				o.LastPayment = l.Due.AddDays(3)
			}
			c.OpenInvoices = append(c.OpenInvoices, o)
			c.OpenOverdue++
		} else {
			l.Paid = amount
			l.Settled = l.Due.AddDays(d)
			l.Status = "Paid"
			if d > 0 {
				l.Status = "Paid late"
			}
		}
		l.Disputed = v == analysis.Review && k == 0
		c.InvoiceLines = append(c.InvoiceLines, l)
		total += d
		weighted += float64(amount) * float64(d)
		maxLate = max(maxLate, d)
		if d > 0 {
			paidLate++
		}
		if d > 90 {
			severe++
		}
	}
	if c.CreditNoteCount > 0 {
		c.InvoiceLines = append(c.InvoiceLines, analysis.InvoiceLine{
			Number: fmt.Sprintf("CN-%05d", seed), Issued: asOf.AddDays(-20), Amount: -c.CreditNotes,
			Currency: "EUR", Credit: true, Credited: c.CreditNotes, Status: "Credit note",
		})
		slices.SortStableFunc(c.InvoiceLines, func(a, b analysis.InvoiceLine) int { return cmp.Compare(a.Issued, b.Issued) })
	}
	if nInvoices > 0 {
		c.AvgDaysLate = analysis.Some(float64(total) / float64(nInvoices))
		c.WeightedDaysLate = analysis.Some(weighted / float64(c.Invoiced))
		c.MaxDaysLate = analysis.Some(float64(maxLate))
		c.AvgDaysToPay = analysis.Some(30 + float64(total)/float64(nInvoices))
		c.DSO = analysis.Some(float64(c.Outstanding) / float64(amount) * 90 / 3)
	}
	c.LateInvoices, c.SeverelyLate = paidLate, severe
	if nInvoices > 0 {
		c.WeightedDaysLate90 = analysis.Some(float64(late[(seed+nInvoices-1)%len(late)]))
	}
	if c.Outstanding > 0 {
		c.Aging = []analysis.Money{0, 0, 0, 0, 0, 0}
		for _, o := range c.OpenInvoices {
			c.Aging[o.Bucket] += o.Balance
		}
	}
	if seed%7 == 3 {
		c.Unapplied = 12550 // 125.50 EUR of credit on account
	}
	c.Contacts = 5 + h(5)%40
	c.SupportHours = float64(c.Contacts) * 1.25
	c.Hours = c.SupportHours + float64(nInvoices)*12.5
	c.RevenuePerHour = analysis.Some(float64(c.Revenue) / 100 / c.Hours)
	c.AfterHours = c.Contacts * (h(6) % 50) / 100
	c.ContactsPerMonth = float64(c.Contacts) / 12
	if v == analysis.Review {
		c.Disputes = 1 + seed%4
	}
	if c.Invoices > 0 {
		c.DisputeRate = analysis.Some(float64(c.Disputes) / float64(c.Invoices))
	}
	if c.Margin.Valid && c.Margin.Value < 0.2 && c.Revenue > 0 {
		needed := float64(c.DeliveryCost+c.SupportCost+c.Expenses+c.LatePaymentCost) / 0.8
		c.PriceChange = analysis.Some(needed/float64(c.Revenue) - 1)
	}
	if seed%3 == 0 {
		c.RenewalDate = asOf.AddDays(15 + seed)
		c.Owner = []string{"Anna de Vries", "Tom Bakker", "Sofia Rossi"}[seed%3]
	}
	c.Flags = fixtureFlags(&c, seed)
	return c
}

// fixtureBucket is the aging bucket of an invoice pastDue days past due
// under the default bounds 30, 60, 90, 120.
func fixtureBucket(pastDue int) int {
	for k, b := range []int{0, 30, 60, 90, 120} {
		if pastDue <= b {
			return k
		}
	}
	return 5
}

// fixtureFlags gives c flags that fit its verdict, with evidence in words.
func fixtureFlags(c *analysis.ClientResult, seed int) []analysis.Flag {
	late := analysis.Flag{Code: analysis.FlagLatePayer, Evidence: fmt.Sprintf("%d of %d invoices over 90 days late, worst %s (%d days)",
		c.SeverelyLate, c.Invoices, c.InvoiceLines[0].Number, int(c.MaxDaysLate.Value))}
	switch c.Verdict {
	case analysis.Unprofitable:
		return []analysis.Flag{
			{Code: analysis.FlagUnprofitable, Evidence: fmt.Sprintf("loss of %s: delivery %s, support %s and expenses %s against revenue %s",
				analysis.FormatMoney(-c.Profit, "EUR"), analysis.FormatMoney(c.DeliveryCost, "EUR"), analysis.FormatMoney(c.SupportCost, "EUR"),
				analysis.FormatMoney(c.Expenses, "EUR"), analysis.FormatMoney(c.Revenue, "EUR"))},
			late,
		}
	case analysis.Review:
		return []analysis.Flag{
			{Code: analysis.FlagLowMargin, Evidence: fmt.Sprintf("margin %s, below 20%%", percentText(c.Margin.Value))},
			{Code: analysis.FlagDisputes, Evidence: fmt.Sprintf("%d disputes on %d invoices", c.Disputes, c.Invoices)},
		}
	case analysis.Watch:
		if seed%2 == 0 {
			return []analysis.Flag{{Code: analysis.FlagAfterHours, Evidence: fmt.Sprintf("%d of %d contacts after hours", c.AfterHours, c.Contacts)}}
		}
		return []analysis.Flag{late}
	}
	return nil
}

// fixtureResult builds a Result of perVerdict clients of each verdict, each
// with nInvoices invoices, ordered as the Clients sheet wants (verdict, then
// Profit ascending), with its portfolio figures.
func fixtureResult(perVerdict, nInvoices int) *analysis.Result {
	rules := analysis.DefaultRules(asOf, "EUR")
	rules.CapitalRate = 0.08
	res := &analysis.Result{Rules: rules, From: rules.From()}
	seed := 0
	for _, v := range analysis.Verdicts {
		for range perVerdict {
			name := fmt.Sprintf("Client %05d", seed)
			if seed < len(clientNames) {
				name = clientNames[seed]
			}
			seed++
			res.Clients = append(res.Clients, fixtureClient(name, v, seed, nInvoices))
		}
	}
	finishResult(res)
	return res
}

// finishResult sorts the clients and fills in the portfolio figures.
func finishResult(res *analysis.Result) {
	slices.SortStableFunc(res.Clients, func(a, b analysis.ClientResult) int {
		return cmp.Or(cmp.Compare(a.Verdict, b.Verdict), cmp.Compare(a.Profit, b.Profit))
	})
	p := &res.Portfolio
	*p = analysis.Portfolio{Clients: len(res.Clients)}
	var revenues []analysis.Money
	for i := range res.Clients {
		c := &res.Clients[i]
		p.Verdicts[c.Verdict]++
		p.Revenue += c.Revenue
		p.DeliveryCost += c.DeliveryCost
		p.SupportCost += c.SupportCost
		p.Expenses += c.Expenses
		p.Profit += c.Profit
		p.Outstanding += c.Outstanding
		p.Overdue += c.Overdue
		revenues = append(revenues, c.Revenue)
	}
	slices.SortFunc(revenues, func(a, b analysis.Money) int { return cmp.Compare(b, a) })
	top := func(n int) analysis.Maybe {
		var s analysis.Money
		for _, r := range revenues[:min(n, len(revenues))] {
			s += r
		}
		return analysis.Some(float64(s) / float64(p.Revenue))
	}
	hhi := 0.0
	for i := range res.Clients {
		c := &res.Clients[i]
		share := float64(c.Revenue) / float64(p.Revenue)
		c.RevenueShare = analysis.Some(share)
		hhi += (share * 100) * (share * 100)
	}
	if p.Revenue > 0 {
		p.Top1Share, p.Top5Share, p.Top10Share, p.HHI = top(1), top(5), top(10), analysis.Some(hhi)
	}
	p.MedianContactsPerMonth = 2.5
	ranked := slices.Clone(res.Clients)
	slices.SortStableFunc(ranked, func(a, b analysis.ClientResult) int { return cmp.Compare(b.Profit, a.Profit) })
	var cum analysis.Money
	for i, c := range ranked {
		cum += c.Profit
		wp := analysis.WhalePoint{Client: c.Name, Profit: c.Profit, Cumulative: cum, ClientsShare: float64(i+1) / float64(len(ranked))}
		if p.Profit != 0 {
			wp.ProfitShare = analysis.Some(float64(cum) / float64(p.Profit))
		}
		p.Whale = append(p.Whale, wp)
	}
}

// fixtureScorecard is the golden test's scorecard: a dozen clients of each
// verdict, two hand-made clients the tests check cell by cell, sources,
// issues and changes.
func fixtureScorecard() *Scorecard {
	res := fixtureResult(12, 4)

	// Acme Ltd: Revenue 10,000.00, Support cost 6,200.00, no other cost, so
	// Profit 3,800.00 and Margin 3,800 / 10,000 = 0.38.
	acme := analysis.ClientResult{
		Key: "acme ltd", Name: "Acme Ltd", Verdict: analysis.Watch,
		Flags:    []analysis.Flag{{Code: analysis.FlagLatePayer, Evidence: "1 of 2 invoices over 90 days late, worst INV-1042 (117 days)"}},
		Invoiced: 1000000, Revenue: 1000000, SupportCost: 620000, Profit: 380000, Hours: 103.33,
		RevenuePerHour: analysis.Some(10000 / 103.33), WeightedDaysLate90: analysis.Some(0),
		Margin: analysis.Some(0.38), Invoices: 2, AvgDaysLate: analysis.Some(58.5),
		WeightedDaysLate: analysis.Some(58.5), MaxDaysLate: analysis.Some(117),
		AvgDaysToPay: analysis.Some(88.5), LateInvoices: 1, SeverelyLate: 1,
		Collected: 1000000, Contacts: 12, SupportHours: 103.33, ContactsPerMonth: 1,
		DisputeRate: analysis.Some(0), RenewalDate: analysis.NewDate(2027, time.January, 31), Owner: "Anna de Vries",
		InvoiceLines: []analysis.InvoiceLine{
			{Number: "INV-1042", Issued: analysis.NewDate(2026, time.February, 1), Due: analysis.NewDate(2026, time.March, 3),
				Amount: 500000, Paid: 500000, Settled: analysis.NewDate(2026, time.June, 28), DaysLate: 117, Status: "Paid late"},
			{Number: "INV-1043", Issued: analysis.NewDate(2026, time.January, 5), Due: analysis.NewDate(2026, time.February, 4),
				Amount: 500000, Paid: 500000, Settled: analysis.NewDate(2026, time.February, 4), Status: "Paid"},
		},
	}
	// Zero Revenue Co: support but no invoices, so Margin and the day
	// figures are blank.
	zero := analysis.ClientResult{
		Key: "zero revenue co", Name: "Zero Revenue Co", Verdict: analysis.Unprofitable,
		Flags:       []analysis.Flag{{Code: analysis.FlagUnprofitable, Evidence: "loss of 450.00 EUR: support cost 450.00 EUR against no revenue"}},
		SupportCost: 45000, Profit: -45000, Contacts: 30, SupportHours: 7.5, ContactsPerMonth: 2.5,
	}
	// Names and evidence that must not break the file.
	odd := analysis.ClientResult{
		Key: "odd", Name: "Bad\x01Name Caf\xe9\r\nNoir", Verdict: analysis.Watch,
		Flags:    []analysis.Flag{{Code: analysis.FlagAfterHours, Evidence: strings.Repeat("after hours ", 4000)}},
		Invoiced: 100000, Revenue: 100000, SupportCost: 30000, Profit: 70000, Margin: analysis.Some(0.7),
	}
	res.Clients = append(res.Clients, acme, zero, odd)
	finishResult(res)
	p := &res.Portfolio
	p.Unmatched = []analysis.Unmatched{
		{Input: analysis.InputPayments, Rows: 3, Amount: 420050, Names: 2},
		{Input: analysis.InputTime, Rows: 14, Amount: 126000, Names: 1},
	}
	p.UnknownLateness = 2
	p.Costing[analysis.CostPerson] = analysis.CostCount{Rows: 1204, Hours: 3120.5, Cost: 26524250}
	p.Costing[analysis.CostHour] = analysis.CostCount{Rows: 37, Hours: 52.25, Cost: 313500}
	p.Costing[analysis.CostTicket] = analysis.CostCount{Rows: 12, Cost: 18000}
	res.Rules.HourlyRates = map[string]analysis.Money{"anna de vries": 8500, "designer": 5500}

	sum := func(s string) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(s))) }
	return &Scorecard{
		Result: res,
		Sources: []analysis.SourceFile{
			{Input: analysis.InputInvoices, Path: "exports/invoices-2026.xlsx", Sheet: "Invoices", Rows: 1840, Rejected: 3, SHA256: sum("invoices")},
			{Input: analysis.InputPayments, Path: "exports/payments.csv", Rows: 1702, Rejected: 1, SHA256: sum("payments")},
			{Input: analysis.InputDisputes, Path: "exports/disputes.csv", Rows: 41, SHA256: sum("disputes")},
			{Input: analysis.InputSupport, Path: "exports/tickets.xlsx", Sheet: "Tickets", Rows: 5210, Rejected: 2, SHA256: sum("support")},
		},
		Issues: []analysis.Issue{
			{Severity: analysis.SeverityWarning, Ref: analysis.At(analysis.InputPayments, "payments.csv", "", 88), Column: "Invoice (C)", Value: "INV-9999", Problem: "names an unknown invoice; applied to the client's open invoices"},
			{Severity: analysis.SeverityError, Ref: analysis.At(analysis.InputInvoices, "invoices-2026.xlsx", "Invoices", 214), Column: "Due Date (D)", Value: "31/02/2026", Problem: "is not a date in DMY order"},
			{Severity: analysis.SeverityInfo, Ref: analysis.At(analysis.InputInvoices, "invoices-2026.xlsx", "Invoices", 12), Column: "Status (F)", Value: "Void", Problem: "void invoice ignored"},
			{Severity: analysis.SeverityError, Ref: analysis.At(analysis.InputInvoices, "invoices-2026.xlsx", "Invoices", 9), Column: "Amount (E)", Value: "=1+2", Problem: "is not an amount"},
			{Severity: analysis.SeverityError, Ref: analysis.At(analysis.InputSupport, "tickets.xlsx", "Tickets", 1501), Column: "Client (B)", Value: "@SUM(A1:A9)", Problem: "is empty after trimming"},
			{Severity: analysis.SeverityWarning, Ref: analysis.At(analysis.InputInvoices, "invoices-2026.xlsx", "Invoices", 77), Column: "Client (A)", Value: "Acme Ltd.", Problem: `differs from "Acme Ltd" only by punctuation or a legal suffix; not merged`},
			{Severity: analysis.SeverityError, Ref: analysis.At(analysis.InputPayments, "payments.csv", "", 301), Column: "Amount (D)", Value: "-", Problem: "is not an amount"},
		},
		Changes: analysis.Changes{
			Previous: analysis.NewDate(2026, time.November, 15),
			Verdicts: []analysis.VerdictChange{
				{Client: "Acme Ltd", From: analysis.Healthy, To: analysis.Watch},
				{Client: "Northwind Traders", From: analysis.Watch, To: analysis.Unprofitable},
			},
			NewFlags: []analysis.FlagChange{
				{Client: "Acme Ltd", Flag: acme.Flags[0]},
				{Client: "Northwind Traders", Flag: analysis.Flag{Code: analysis.FlagUnprofitable, Evidence: "loss of 1,200.00 EUR"}},
			},
			NewClients: []string{"Zero Revenue Co"},
			Moved: []analysis.MoneyChange{
				// Overdue +4,200.00: from 1,000.00 to 5,200.00.
				{Client: "Acme Ltd", OutstandingFrom: 520000, OutstandingTo: 520000, OverdueFrom: 100000, OverdueTo: 520000},
				// Paid off 2,500.00.
				{Client: "Northwind Traders", OutstandingFrom: 250000, OverdueFrom: 250000},
			},
			HasTotals:   true,
			Outstanding: res.Portfolio.Outstanding - 420000,
			Overdue:     res.Portfolio.Overdue + 15000,
		},
		Generated: generated,
		Version:   "1.4.0",
	}
}

// mustFixture is fixtureScorecard for tests and benchmarks alike.
func mustFixture(tb testing.TB) *Scorecard {
	tb.Helper()
	sc := fixtureScorecard()
	if math.IsNaN(sc.Result.Portfolio.HHI.Value) {
		tb.Fatal("fixture has no HHI")
	}
	return sc
}
