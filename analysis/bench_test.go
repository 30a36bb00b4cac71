package analysis

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"
)

// The benchmarks run on generated books of the shape `clientscore sample`
// writes and a firm's exports have: 50 invoices a client over 13 months,
// about as many payments (most naming their invoice, some late, some
// partial, a few unnamed), half as many support contacts, a few credit
// notes, void rows and disputes, client names as the books write them
// and a client master with ids and aliases.
//
// The default is 100,000 invoices for 2,000 clients. For the size of the
// issue (1,000,000 invoices, about 930,000 payments and 500,000 contacts
// for 20,000 clients):
//
//	CLIENTSCORE_BIG=1 go test -run '^$' -bench . -benchmem -benchtime 3x ./analysis

// benchSize returns the number of invoices and clients of the benchmark
// books.
func benchSize() (invoices, clients int) {
	if os.Getenv("CLIENTSCORE_BIG") == "1" {
		return 1_000_000, 20_000
	}
	return 100_000, 2_000
}

// benchAsOf is the as-of date of the generated books; they span the 13
// months before it, so a month of records falls before the window.
var benchAsOf = NewDate(2026, 10, 31)

// benchRules are the defaults with a USD rate and both costs that need
// arithmetic switched on (late payment and delivery).
func benchRules(tb testing.TB) Rules {
	r := DefaultRules(benchAsOf, "EUR")
	rates, err := NewRates("EUR", map[string]float64{"USD": 0.92})
	if err != nil {
		tb.Fatal(err)
	}
	r.Rates, r.CapitalRate, r.DeliveryRatio = rates, 0.08, 0.35
	return r
}

// benchBooks generates the records of n invoices over c clients,
// deterministically.
func benchBooks(n, c int) *Data {
	r := DefaultRules(benchAsOf, "EUR")
	rng := rand.New(rand.NewPCG(1, 2))
	start := benchAsOf.AddMonths(-13)
	span := Days(start, benchAsOf)
	d := &Data{HasPayments: true}
	type clientInfo struct {
		name, payName string
		currency      string
		late          int // typical days late
	}
	// The rows of a file share its Source, as a reader's do.
	clientsSrc := &Source{Input: InputClients, File: "clients.xlsx", Sheet: "Clients"}
	invoicesSrc := &Source{Input: InputInvoices, File: "invoices.xlsx", Sheet: "Invoice List"}
	paymentsSrc := &Source{Input: InputPayments, File: "payments.csv"}
	disputesSrc := &Source{Input: InputDisputes, File: "disputes.csv"}
	ticketsSrc := &Source{Input: InputSupport, File: "tickets.csv"}
	clients := make([]clientInfo, c)
	for i := range clients {
		ci := clientInfo{name: fmt.Sprintf("Client %05d Ltd", i), late: rng.IntN(20)}
		ci.payName = ci.name
		if i%50 == 7 {
			ci.currency = "USD"
		}
		if i%100 == 3 {
			ci.late = 90 + rng.IntN(30)
		}
		m := Client{Ref: Ref{Source: clientsSrc, Row: i + 2},
			ID: fmt.Sprintf("C-%05d", i), Name: ci.name, RenewalDate: benchAsOf.AddDays(rng.IntN(365)),
			Owner: "Owner " + strconv.Itoa(i%12), MonthlyFee: Money(100000 + rng.IntN(500000)), HasFee: i%3 == 0}
		if i%100 == 11 {
			ci.payName = fmt.Sprintf("Client %05d Holdings", i)
			m.Aliases = []string{ci.payName}
		}
		clients[i] = ci
		d.Clients = append(d.Clients, m)
	}

	d.Invoices = make([]Invoice, 0, n)
	d.Payments = make([]Payment, 0, n)
	// Exports list rows by date, as the sample's do.
	issuedOn := make([]Date, n)
	for i := range issuedOn {
		issuedOn[i] = start.AddDays(1 + rng.IntN(span))
	}
	slices.Sort(issuedOn)
	for i := 0; i < n; i++ {
		ci := &clients[rng.IntN(c)]
		issued := issuedOn[i]
		inv := Invoice{Ref: Ref{Source: invoicesSrc, Row: i + 6},
			ClientName: ci.name, Number: fmt.Sprintf("INV-%07d", 1001+i), Issued: issued, Due: issued.AddDays(30),
			Amount: Money(10000 + rng.IntN(490000)), Currency: ci.currency, Status: "Open", Type: "Invoice"}
		switch k := rng.IntN(1000); {
		case k < 30: // a credit memo, half of them against an earlier invoice
			inv.Type, inv.Amount, inv.Due = "Credit Memo", -inv.Amount/4, 0
			inv.Number = fmt.Sprintf("CM-%07d", 1001+i)
			if k < 15 && i > 0 {
				inv.AppliesTo = fmt.Sprintf("INV-%07d", 1001+rng.IntN(i))
			}
		case k < 31:
			inv.Status = "Voided"
		case k < 34:
			inv.Status = "Disputed"
		}
		d.Invoices = append(d.Invoices, inv)
		if inv.Amount <= 0 || inv.Status == "Voided" || rng.IntN(1000) < 5 {
			continue
		}
		paid := inv.Due.AddDays(ci.late + rng.IntN(15) - 10)
		if paid > benchAsOf {
			continue
		}
		p := Payment{Ref: Ref{Source: paymentsSrc, Row: len(d.Payments) + 2},
			ClientName: ci.payName, Invoice: inv.Number, Date: paid, Amount: inv.Amount, Currency: ci.currency,
			Reference: "SEPA " + strconv.Itoa(40001+i)}
		switch k := rng.IntN(100); {
		case k < 4: // paid in two parts
			p.Amount = inv.Amount / 2
			d.Payments = append(d.Payments, p)
			p.Row++
			p.Date = min(p.Date.AddDays(20), benchAsOf)
			p.Amount = inv.Amount - inv.Amount/2
		case k < 8: // names no invoice: applied oldest due first
			p.Invoice = ""
		}
		d.Payments = append(d.Payments, p)
	}
	for i := 0; i < n/500; i++ {
		inv := &d.Invoices[rng.IntN(n)]
		d.Disputes = append(d.Disputes, Dispute{Ref: Ref{Source: disputesSrc, Row: i + 2},
			ClientName: inv.ClientName, Invoice: inv.Number, Date: inv.Issued.AddDays(10), Reason: "Work not as agreed", Status: "Open"})
	}
	tags := []string{"billing", "question, how-to", "bug", "", "", ""}
	d.Contacts = make([]Contact, 0, n/2)
	for i := 0; i < n/2; i++ {
		ci := &clients[rng.IntN(c)]
		ct := Contact{Ref: Ref{Source: ticketsSrc, Row: i + 2}, ClientName: ci.name,
			Date: start.AddDays(1 + rng.IntN(span)), Time: Clock(8+rng.IntN(10), rng.IntN(60)), Channel: "Email",
			Tags: tags[rng.IntN(len(tags))]}
		switch k := rng.IntN(1000); {
		case k < 2:
			ct.Tags = "discount request"
		case k < 4:
			ct.Tags = "change request, rework"
		case k < 50: // after hours, any day
			ct.Time = TimeOfDay(rng.IntN(24 * 60))
		default: // a working day
			for !r.BusinessDays[ct.Date.Weekday()] {
				ct.Date--
			}
		}
		if rng.IntN(10) < 8 {
			ct.Hours, ct.HasHours = time.Duration(15+5*rng.IntN(22))*time.Minute, true
		}
		d.Contacts = append(d.Contacts, ct)
	}
	slices.SortStableFunc(d.Payments, func(x, y Payment) int { return cmp.Compare(x.Date, y.Date) })
	for i := range d.Payments {
		d.Payments[i].Row = i + 2
	}
	slices.SortStableFunc(d.Contacts, func(x, y Contact) int {
		return cmp.Or(cmp.Compare(x.Date, y.Date), cmp.Compare(x.Time, y.Time))
	})
	for i := range d.Contacts {
		d.Contacts[i].Row = i + 2
	}
	return d
}

// TestBenchBooks checks the generated books are what the benchmarks claim
// to measure: every row is used and the stages see realistic work.
func TestBenchBooks(t *testing.T) {
	d := benchBooks(20_000, 400)
	res := Analyze(d, benchRules(t))
	if got := len(res.Clients); got != 400 {
		t.Errorf("%d clients, want 400", got)
	}
	invoices, payments, contacts, flagged := 0, 0, 0, 0
	for i := range res.Clients {
		c := &res.Clients[i]
		invoices += len(c.InvoiceLines)
		payments += len(c.PaymentLines)
		contacts += c.Contacts
		if c.Verdict != Healthy {
			flagged++
		}
	}
	// 13 months generated, 12 in the window: about 12/13 of each.
	for _, x := range []struct {
		what      string
		got, want int
	}{{"invoice lines", invoices, 20_000 * 12 / 13}, {"payment lines", payments, 18_000 * 12 / 13}, {"contacts", contacts, 10_000 * 12 / 13}} {
		if x.got < x.want*9/10 || x.got > x.want*11/10 {
			t.Errorf("%d %s, want about %d", x.got, x.what, x.want)
		}
	}
	if flagged == 0 || flagged == len(res.Clients) {
		t.Errorf("%d of %d clients flagged, want some", flagged, len(res.Clients))
	}
	errors := 0
	for _, is := range res.Issues {
		if is.Severity == SeverityError {
			errors++
		}
	}
	if errors > 0 {
		t.Errorf("%d rows rejected, want none (first: %+v)", errors, res.Issues[0])
	}
}

// BenchmarkAnalyze is the whole analysis: clients, ledger, allocation,
// contacts, figures, flags and portfolio, with every client's records
// listed in its lines.
func BenchmarkAnalyze(b *testing.B) { benchAnalyze(b, nil) }

// BenchmarkAnalyzeNotHealthy is the analysis as a scorecard run makes it:
// lines only for the clients that are not Healthy.
func BenchmarkAnalyzeNotHealthy(b *testing.B) { benchAnalyze(b, NotHealthy) }

func benchAnalyze(b *testing.B, evidence func(*ClientResult) bool) {
	n, c := benchSize()
	d, r := benchBooks(n, c), benchRules(b)
	r.Evidence = evidence
	b.ReportAllocs()
	b.ResetTimer()
	var res *Result
	for i := 0; i < b.N; i++ {
		res = Analyze(d, r)
	}
	b.ReportMetric(float64(len(d.Invoices)+len(d.Payments)+len(d.Contacts))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	listed := 0
	for i := range res.Clients {
		if res.Clients[i].Months != nil {
			listed++
		}
	}
	b.ReportMetric(float64(listed)/float64(len(res.Clients)), "listed/client")
}

// BenchmarkAllocate is the payments allocation alone: payments and
// credit notes applied to the ledger in date order.
func BenchmarkAllocate(b *testing.B) {
	n, c := benchSize()
	d, r := benchBooks(n, c), benchRules(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		a := newAnalyzer(d, r)
		a.readInvoices()
		a.readDisputes()
		b.StartTimer()
		a.allocate()
	}
	b.ReportMetric(float64(len(d.Payments))*float64(b.N)/b.Elapsed().Seconds(), "payments/s")
}
