package analysis

import (
	"fmt"
	"math"
	"reflect"
	"testing"
)

// bookRows are invoices and payments spread over three files, the first
// with two sheets whose rows alternate, with what a book must keep apart:
// empty texts, a text that spells a word (a number "EUR", a reference
// "Paid"), the same word in different fields, rows 0 and 2³²-1, negative
// amounts, every flag.
func bookRows() ([]Invoice, []Payment) {
	a1 := &Source{Input: InputInvoices, File: "invoices-1.xlsx", Sheet: "2025"}
	a2 := &Source{Input: InputInvoices, File: "invoices-1.xlsx", Sheet: "2026"}
	b := &Source{Input: InputInvoices, File: "invoices-2.csv"}
	c := &Source{Input: InputInvoices, File: "invoices-3.csv"}
	invs := []Invoice{
		{Ref: Ref{a1, 0}, ClientName: "Acme", Number: "INV-1", Issued: day("2024-02-29"), Due: day("2024-03-31"), Amount: 120000, Currency: "EUR", Status: "Paid", Type: "Invoice"},
		{Ref: Ref{a2, 2}, ClientID: "C-2", ClientName: "Bolt", Number: "EUR", Issued: day("2025-01-31"), Due: day("2025-02-28"), PaidOn: day("2025-03-01"),
			Amount: 99, Tax: 17, HasTax: true, Currency: "USD", Status: "Open", Type: "Invoice"},
		{Ref: Ref{a1, 3}, ClientID: "C-2", Number: "INV-3", Issued: day("2025-12-31"), Amount: -5000, Currency: "USD", Type: "Credit Note", AppliesTo: "EUR"},
		{Ref: Ref{a2, 4}, ClientName: "Acme", Number: "INV-4", Issued: day("2026-01-01"), Due: day("2026-01-31"), Amount: 700, Balance: 300, HasBalance: true,
			Disputed: true, Currency: "EUR", Status: "Disputed"},
		{Ref: Ref{b, 2}, ClientName: "Bolt", Number: "Paid", Issued: day("2026-02-01"), Due: day("2026-03-03"), Amount: 1, Currency: "GBP", Status: "EUR", Type: "Invoice"},
		{Ref: Ref{b, math.MaxUint32}, ClientName: "Cedar", ClientID: "Acme", Number: "INV-6", Issued: day("2026-03-01"), Due: day("2026-03-31"), Amount: 250075},
		{Ref: Ref{c, 9}, ClientName: "Acme", Number: "INV-1", Issued: day("2024-02-29"), Due: day("2024-03-31"), Amount: 130000, Currency: "EUR", Status: "Void", Type: "Invoice"},
	}
	pa := &Source{Input: InputPayments, File: "payments-1.csv"}
	pb := &Source{Input: InputPayments, File: "payments-2.xlsx", Sheet: "Payments"}
	pays := []Payment{
		{Ref: Ref{pa, 2}, ClientName: "Acme", Invoice: "INV-1", Amount: 120000, Currency: "EUR", Reference: "Paid", Status: "succeeded", Type: "charge", Date: day("2024-03-31")},
		{Ref: Ref{pa, 3}, ClientID: "C-2", Invoice: "EUR", Amount: -40, Currency: "USD", Status: "refunded", Type: "refund", Date: day("2025-03-01"),
			Refunded: 40, HasRefunded: true},
		{Ref: Ref{pb, 2}, ClientName: "Bolt", Amount: 1, Currency: "GBP", Reference: "ch_1", Status: "Paid", Date: day("2026-02-28")},
		{Ref: Ref{pb, 0}, ClientName: "Cedar", ClientID: "Acme", Invoice: "INV-6", Amount: 250075, Date: day("2026-03-31")},
	}
	return invs, pays
}

// booksOf puts rows in one book per file (a run of rows whose file is the
// same) and merges them in order, as a reader does.
func booksOf[T any](in Input, rows []T, ref func(*T) *Ref, add func(*Book, *T)) *Book {
	var books []*Book
	for i := range rows {
		if i == 0 || ref(&rows[i]).File != ref(&rows[i-1]).File {
			books = append(books, NewBook(in))
		}
		add(books[len(books)-1], &rows[i])
	}
	for _, b := range books[1:] {
		books[0].Merge(b)
	}
	return books[0]
}

func invoiceBook(invs []Invoice) *Book {
	return booksOf(InputInvoices, invs, func(inv *Invoice) *Ref { return &inv.Ref }, (*Book).AddInvoice)
}

func paymentBook(pays []Payment) *Book {
	return booksOf(InputPayments, pays, func(p *Payment) *Ref { return &p.Ref }, (*Book).AddPayment)
}

func TestBookGivesRowsBack(t *testing.T) {
	invs, pays := bookRows()
	for _, merged := range []bool{false, true} {
		t.Run(fmt.Sprint("merged=", merged), func(t *testing.T) {
			ib, pb := bookOf(InputInvoices, invs, nil), bookOf(InputPayments, nil, pays)
			if merged {
				ib, pb = invoiceBook(invs), paymentBook(pays)
			}
			if ib.Len() != len(invs) || pb.Len() != len(pays) {
				t.Fatalf("books of %d invoices and %d payments, want %d and %d", ib.Len(), pb.Len(), len(invs), len(pays))
			}
			for i := range invs {
				got := ib.Invoice(i)
				if !reflect.DeepEqual(got, invs[i]) || got.Source != invs[i].Source {
					t.Errorf("invoice %d:\n got %+v %p\nwant %+v %p", i, got, got.Source, invs[i], invs[i].Source)
				}
				if ib.invoiceNumber(i) != invs[i].Number || ib.invoiceRow(i) != invs[i].Row || ib.invoiceAppliesTo(i) != invs[i].AppliesTo {
					t.Errorf("invoice %d: number %q, row %d, applies to %q", i, ib.invoiceNumber(i), ib.invoiceRow(i), ib.invoiceAppliesTo(i))
				}
			}
			for i := range pays {
				got := pb.Payment(i)
				if !reflect.DeepEqual(got, pays[i]) || got.Source != pays[i].Source {
					t.Errorf("payment %d:\n got %+v\nwant %+v", i, got, pays[i])
				}
				id, name, ref := pb.paymentClient(i)
				if id != pays[i].ClientID || name != pays[i].ClientName || ref != pays[i].Ref || pb.paymentInvoice(i) != pays[i].Invoice {
					t.Errorf("payment %d: client %q %q at %v, invoice %q", i, id, name, ref, pb.paymentInvoice(i))
				}
			}
			// Each word once, each text of its own: the invoices' strings
			// are "", 13 words (Acme, EUR, Paid, Invoice, C-2, Bolt, USD,
			// Open, Credit Note, Disputed, GBP, Cedar, Void) and 8
			// texts (INV-1, EUR, INV-3, EUR, INV-4, Paid, INV-6, INV-1).
			if got := ib.strs.len(); got != 1+13+8 {
				t.Errorf("the invoices' book keeps %d strings, want 22", got)
			}
			// Two sheets of the first file, and the other two files.
			if len(ib.sources) != 4 || len(pb.sources) != 2 {
				t.Errorf("books of %d and %d sources, want 4 and 2", len(ib.sources), len(pb.sources))
			}
		})
	}
	if n := (*Book)(nil).Len(); n != 0 {
		t.Errorf("a nil book holds %d rows", n)
	}
}

func TestBookRefuses(t *testing.T) {
	for name, f := range map[string]func(){
		"a book of contacts":     func() { NewBook(InputSupport) },
		"a payment in invoices":  func() { NewBook(InputInvoices).AddPayment(&Payment{Ref: At(InputPayments, "p.csv", "", 2)}) },
		"an invoice in payments": func() { NewBook(InputPayments).AddInvoice(&Invoice{Ref: At(InputInvoices, "i.csv", "", 2)}) },
		"a negative row":         func() { NewBook(InputInvoices).AddInvoice(&Invoice{Ref: At(InputInvoices, "i.csv", "", -1)}) },
		"a row past 2³²-1": func() {
			NewBook(InputPayments).AddPayment(&Payment{Ref: At(InputPayments, "p.csv", "", math.MaxUint32+1)})
		},
		"invoices merged into pays": func() { NewBook(InputPayments).Merge(NewBook(InputInvoices)) },
		"payments merged into invs": func() { NewBook(InputInvoices).Merge(NewBook(InputPayments)) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("no panic")
				}
			}()
			f()
		})
	}
}

// TestAnalyzeBooks: the invoices and payments handed over in books of
// several files give the Result the rows give, evidence, issues and all.
// A newer file repeats an invoice with another amount and voids another,
// so that the rows of different files meet.
func TestAnalyzeBooks(t *testing.T) {
	d := benchBooks(6000, 120)
	r := benchRules(t)
	r.Evidence = func(*ClientResult) bool { return true }
	files := []*Source{
		{Input: InputInvoices, File: "invoices-2025.xlsx", Sheet: "Invoices"},
		{Input: InputInvoices, File: "invoices-2026.xlsx", Sheet: "Invoices"},
		{Input: InputInvoices, File: "invoices-update.csv"},
	}
	n := len(d.Invoices)
	for i := range d.Invoices {
		d.Invoices[i].Source = files[i*2/n]
	}
	changed, voided := d.Invoices[10], d.Invoices[n-10]
	changed.Ref, changed.Amount = Ref{files[2], 2}, changed.Amount+1234
	voided.Ref, voided.Status = Ref{files[2], 3}, "Voided"
	d.Invoices = append(d.Invoices, changed, voided)
	pfiles := []*Source{{Input: InputPayments, File: "stripe-1.csv"}, {Input: InputPayments, File: "stripe-2.csv"}}
	for i := range d.Payments {
		d.Payments[i].Source = pfiles[i*2/len(d.Payments)]
	}
	for _, only := range []bool{false, true} {
		t.Run(fmt.Sprint("InvoiceLinesOnly=", only), func(t *testing.T) {
			r.InvoiceLinesOnly = only
			want := Analyze(d, r)
			booked := *d
			booked.InvoiceBook, booked.PaymentBook = invoiceBook(d.Invoices), paymentBook(d.Payments)
			booked.Invoices, booked.Payments = nil, nil
			got := Analyze(&booked, r)
			if len(issuesSaying(want, "replaces invoice")) == 0 || len(issuesSaying(want, "is dropped")) == 0 {
				t.Fatalf("the newer file neither replaces nor voids an invoice: the books meet no other file")
			}
			sameResult(t, got, want)
			// A scorecard's analysis lets go of the payment rows; a
			// dossier's lists them, and the invoices are read to the end.
			want0 := len(d.Payments)
			if only {
				want0 = 0
			}
			if n, m := booked.PaymentBook.Len(), booked.InvoiceBook.Len(); n != want0 || m != len(d.Invoices) {
				t.Errorf("after the analysis the books hold %d payments and %d invoices, want %d and %d", n, m, want0, len(d.Invoices))
			}
		})
	}
}

// sameResult requires got's clients, portfolio and issues to be want's.
func sameResult(t *testing.T, got, want *Result) {
	t.Helper()
	if !reflect.DeepEqual(got.Clients, want.Clients) {
		for i := range want.Clients {
			if i < len(got.Clients) && !reflect.DeepEqual(got.Clients[i], want.Clients[i]) {
				t.Errorf("client %s:\n got %+v\nwant %+v", want.Clients[i].Name, got.Clients[i], want.Clients[i])
				break
			}
		}
		t.Fatalf("clients differ")
	}
	if !reflect.DeepEqual(got.Portfolio, want.Portfolio) {
		t.Errorf("portfolio:\n got %+v\nwant %+v", got.Portfolio, want.Portfolio)
	}
	if !reflect.DeepEqual(got.Issues, want.Issues) {
		t.Errorf("issues:\n got %d %+v\nwant %d %+v", len(got.Issues), got.Issues, len(want.Issues), want.Issues)
	}
}
