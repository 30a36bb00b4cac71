package analysis

import (
	"strings"
	"testing"
	"time"
)

// day parses an ISO date for tests; "" is the zero Date.
func day(s string) Date {
	if s == "" {
		return 0
	}
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// testRules are the spec's defaults at as-of 2026-06-30 in EUR, so the
// window is (2025-06-30, 2026-06-30].
func testRules() Rules {
	r := DefaultRules(day("2026-06-30"), "EUR")
	rates, err := NewRates("EUR", map[string]float64{"USD": 0.92, "JPY": 0.0061})
	if err != nil {
		panic(err)
	}
	r.Rates = rates
	return r
}

func invoice(client, number, issued, due string, amount Money) Invoice {
	return Invoice{Ref: At(InputInvoices, "invoices.csv", "", 2), ClientName: client, Number: number,
		Issued: day(issued), Due: day(due), Amount: amount}
}

func credit(client, number, issued string, amount Money, appliesTo string) Invoice {
	return Invoice{Ref: At(InputInvoices, "invoices.csv", "", 2), ClientName: client, Number: number,
		Issued: day(issued), Amount: -amount, Type: "Credit Note", AppliesTo: appliesTo}
}

func payment(client, number, date string, amount Money) Payment {
	return Payment{Ref: At(InputPayments, "payments.csv", "", 2), ClientName: client, Invoice: number,
		Date: day(date), Amount: amount}
}

func contact(client, date string, at TimeOfDay) Contact {
	return Contact{Ref: At(InputSupport, "tickets.csv", "", 2), ClientName: client, Date: day(date), Time: at}
}

// timeEntry is a time row of hours h.
func timeEntry(client, date string, h time.Duration) TimeEntry {
	return TimeEntry{Ref: At(InputTime, "harvest.csv", "", 2), ClientName: client, Date: day(date), Hours: h, HasHours: h != 0}
}

func expense(client, date string, amount Money, currency string) Expense {
	return Expense{Ref: At(InputExpenses, "expenses.csv", "", 2), ClientName: client, Date: day(date), Amount: amount, Currency: currency}
}

// issuesSaying returns the issues of res whose problem holds text.
func issuesSaying(res *Result, text string) []Issue {
	var out []Issue
	for _, is := range res.Issues {
		if strings.Contains(is.Problem, text) {
			out = append(out, is)
		}
	}
	return out
}

// clientNamed returns the client of res named name, or nil.
func clientNamed(res *Result, name string) *ClientResult {
	for i := range res.Clients {
		if res.Clients[i].Name == name {
			return &res.Clients[i]
		}
	}
	return nil
}

// numbered gives each record a distinct row so issues can be told apart.
func numbered(d *Data) *Data {
	for i := range d.Invoices {
		d.Invoices[i].Row = i + 2
	}
	for i := range d.Payments {
		d.Payments[i].Row = i + 2
	}
	for i := range d.Disputes {
		d.Disputes[i].Row = i + 2
	}
	for i := range d.Contacts {
		d.Contacts[i].Row = i + 2
	}
	for i := range d.Time {
		d.Time[i].Row = i + 2
	}
	for i := range d.Expenses {
		d.Expenses[i].Row = i + 2
	}
	for i := range d.Clients {
		d.Clients[i].Row = i + 2
	}
	return d
}

// clientOf runs the analysis and returns the client named name.
func clientOf(t *testing.T, d *Data, r Rules, name string) (*ClientResult, *Result) {
	t.Helper()
	res := analyzeChecked(t, numbered(d), r)
	for i := range res.Clients {
		if res.Clients[i].Name == name {
			return &res.Clients[i], res
		}
	}
	t.Fatalf("no client %q in result (have %d clients)", name, len(res.Clients))
	return nil, nil
}

func lineOf(t *testing.T, c *ClientResult, number string) InvoiceLine {
	t.Helper()
	for _, l := range c.InvoiceLines {
		if l.Number == number {
			return l
		}
	}
	t.Fatalf("client %s has no invoice line %s", c.Name, number)
	return InvoiceLine{}
}

func near(a, b float64) bool {
	d := a - b
	return d < 1e-9 && d > -1e-9
}
