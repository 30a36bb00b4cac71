package analysis

import (
	"math"
	"slices"
)

// Book holds the rows of the invoices or the payments input as records
// without pointers. An Invoice is 168 bytes and a Payment 152, mostly the
// headers of strings that repeat from row to row (client, currency,
// status, type) and a pointer to the row's Source; a book keeps each row
// as 80 (invoice) or 64 (payment) bytes of codes, dates and amounts, plus
// a string header for each of its own texts (the number, the invoice a
// credit note or payment names, a payment's reference). So the million
// invoices and 0.93 million payments of the 1M sample take 187 MB
// instead of 339 MB, and the collector scans of a row only the headers
// of its own texts, 16 or 32 bytes instead of 168 or 152.
//
// A reader makes one Book per file (NewBook), adds each row as it reads it
// (AddInvoice or AddPayment) and merges the files' books in reading order
// (Merge); Data.InvoiceBook and Data.PaymentBook hand them to Analyze,
// which reads the rows of Data.Invoices and Data.Payments through a book
// too, so that there is one way in. Invoice and Payment give a row back
// exactly as it was added.
//
// A Book is not safe for concurrent use; books of different files can be
// filled concurrently.
type Book struct {
	in   Input
	invs blocks[invoiceRec]
	pays blocks[paymentRec]
	// strs are the strings the rows hold, by code; strs[0] is "". Words
	// (client ids and names, currencies, statuses, types), which repeat,
	// are kept once each (wordOf); a row's own texts are kept as they come.
	strs    blocks[string]
	wordOf  map[string]uint32
	last    [nWordFields]lastWord
	sources []*Source // the rows' Sources, in the order they came
	lastSrc uint32    // the index of the Source of the row added last
}

// The fields whose values a book keeps once each.
const (
	wordID = iota
	wordName
	wordCurrency
	wordStatus
	wordType
	nWordFields
)

// lastWord is the value a word field had in the row added last and its
// code: rows mostly repeat it, and a reader hands the same string each
// time, which compares without reading its bytes.
type lastWord struct {
	s    string
	code uint32
}

// invoiceRec is an Invoice in a book: its strings are codes into
// Book.strs and its Source an index into Book.sources.
type invoiceRec struct {
	amount, tax, balance        Money
	issued, due, paidOn         Date
	row, src                    uint32
	id, name, currency, status  uint32
	typ, number, appliesTo      uint32
	hasTax, hasBalance, dispute bool
}

// paymentRec is a Payment in a book.
type paymentRec struct {
	amount, refunded                Money
	date                            Date
	row, src                        uint32
	id, name, currency, status, typ uint32
	invoice, reference              uint32
	hasRefunded                     bool
}

// NewBook returns an empty book of the rows of input in (InputInvoices or
// InputPayments).
func NewBook(in Input) *Book {
	if in != InputInvoices && in != InputPayments {
		panic("analysis: a book is of the invoices or payments input, not " + string(in))
	}
	b := &Book{in: in, wordOf: map[string]uint32{"": 0}}
	b.strs.add("")
	return b
}

// Input is the input whose rows b holds.
func (b *Book) Input() Input { return b.in }

// Len is the number of rows added to b; 0 for a nil book.
func (b *Book) Len() int {
	switch {
	case b == nil:
		return 0
	case b.in == InputInvoices:
		return b.invs.len()
	default:
		return b.pays.len()
	}
}

// AddInvoice adds a row of the invoices input.
func (b *Book) AddInvoice(inv *Invoice) {
	b.must(InputInvoices)
	b.invs.add(invoiceRec{
		amount: inv.Amount, tax: inv.Tax, balance: inv.Balance,
		issued: inv.Issued, due: inv.Due, paidOn: inv.PaidOn,
		row: b.row(inv.Row), src: b.source(inv.Source),
		id: b.word(wordID, inv.ClientID), name: b.word(wordName, inv.ClientName),
		currency: b.word(wordCurrency, inv.Currency), status: b.word(wordStatus, inv.Status), typ: b.word(wordType, inv.Type),
		number: b.text(inv.Number), appliesTo: b.text(inv.AppliesTo),
		hasTax: inv.HasTax, hasBalance: inv.HasBalance, dispute: inv.Disputed,
	})
}

// AddPayment adds a row of the payments input.
func (b *Book) AddPayment(p *Payment) {
	b.must(InputPayments)
	b.pays.add(paymentRec{
		amount: p.Amount, refunded: p.Refunded, date: p.Date,
		row: b.row(p.Row), src: b.source(p.Source),
		id: b.word(wordID, p.ClientID), name: b.word(wordName, p.ClientName),
		currency: b.word(wordCurrency, p.Currency), status: b.word(wordStatus, p.Status), typ: b.word(wordType, p.Type),
		invoice: b.text(p.Invoice), reference: b.text(p.Reference),
		hasRefunded: p.HasRefunded,
	})
}

func (b *Book) must(in Input) {
	if b.in != in {
		panic("analysis: adding a row of " + string(in) + " to a book of " + string(b.in))
	}
}

// Invoice is the i-th row added to a book of invoices, from 0.
func (b *Book) Invoice(i int) Invoice {
	r := b.invs.at(i)
	return Invoice{
		Ref:      Ref{Source: b.sources[r.src], Row: int(r.row)},
		ClientID: b.str(r.id), ClientName: b.str(r.name), Number: b.str(r.number),
		Issued: r.issued, Due: r.due, PaidOn: r.paidOn,
		HasTax: r.hasTax, HasBalance: r.hasBalance, Disputed: r.dispute,
		Amount: r.amount, Tax: r.tax, Balance: r.balance,
		Currency: b.str(r.currency), Status: b.str(r.status), Type: b.str(r.typ), AppliesTo: b.str(r.appliesTo),
	}
}

// Payment is the i-th row added to a book of payments, from 0.
func (b *Book) Payment(i int) Payment {
	r := b.pays.at(i)
	return Payment{
		Ref:      Ref{Source: b.sources[r.src], Row: int(r.row)},
		ClientID: b.str(r.id), ClientName: b.str(r.name), Invoice: b.str(r.invoice),
		Amount: r.amount, Currency: b.str(r.currency), Reference: b.str(r.reference),
		Status: b.str(r.status), Type: b.str(r.typ),
		Refunded: r.refunded, Date: r.date, HasRefunded: r.hasRefunded,
	}
}

// invoiceNumber, invoiceRow and paymentInvoice read one field of a row,
// for the loops that need no more of it.
func (b *Book) invoiceNumber(i int) string    { return b.str(b.invs.at(i).number) }
func (b *Book) invoiceRow(i int) int          { return int(b.invs.at(i).row) }
func (b *Book) invoiceAppliesTo(i int) string { return b.str(b.invs.at(i).appliesTo) }
func (b *Book) paymentInvoice(i int) string   { return b.str(b.pays.at(i).invoice) }

// paymentClient is how the i-th payment names its client, and where.
func (b *Book) paymentClient(i int) (id, name string, ref Ref) {
	r := b.pays.at(i)
	return b.str(r.id), b.str(r.name), Ref{Source: b.sources[r.src], Row: int(r.row)}
}

func (b *Book) str(code uint32) string { return *b.strs.at(int(code)) }

// word is the code of s, a value of word field f.
func (b *Book) word(f int, s string) uint32 {
	if l := &b.last[f]; l.s == s {
		return l.code
	}
	code := b.intern(s)
	b.last[f] = lastWord{s, code}
	return code
}

// intern is the code of the word s, kept once.
func (b *Book) intern(s string) uint32 {
	code, ok := b.wordOf[s]
	if !ok {
		code = b.newStr(s)
		b.wordOf[s] = code
	}
	return code
}

// text is the code of s, a row's own text.
func (b *Book) text(s string) uint32 {
	if s == "" {
		return 0
	}
	return b.newStr(s)
}

func (b *Book) newStr(s string) uint32 {
	n := b.strs.len()
	if uint64(n) > math.MaxUint32 {
		panic("analysis: a book holds at most 2³² strings")
	}
	b.strs.add(s)
	return uint32(n)
}

func (b *Book) row(row int) uint32 {
	if row < 0 || uint64(row) > math.MaxUint32 {
		panic("analysis: row " + itoa(row) + " is out of a book's range")
	}
	return uint32(row)
}

// source is the index of s in b.sources. A reader makes a Source per
// sheet and adds its rows one after the other, so a book holds few and
// looks for one only when the sheet changes.
func (b *Book) source(s *Source) uint32 {
	if int(b.lastSrc) < len(b.sources) && b.sources[b.lastSrc] == s {
		return b.lastSrc
	}
	k := slices.Index(b.sources, s)
	if k < 0 {
		k = len(b.sources)
		b.sources = append(b.sources, s)
	}
	b.lastSrc = uint32(k)
	return b.lastSrc
}

// Merge adds the rows of next, a book of the file read after b's, as if
// they had been added to b.
func (b *Book) Merge(next *Book) {
	if next.in != b.in {
		panic("analysis: merging a book of " + string(next.in) + " into one of " + string(b.in))
	}
	remap := make([]uint32, next.strs.len())
	word := make([]bool, len(remap))
	for _, c := range next.wordOf {
		word[c] = true
	}
	for c := range remap {
		if s := *next.strs.at(c); word[c] {
			remap[c] = b.intern(s)
		} else {
			remap[c] = b.newStr(s)
		}
	}
	srcs := make([]uint32, len(next.sources))
	for k, s := range next.sources {
		srcs[k] = b.source(s)
	}
	for i := range next.invs.len() {
		r := *next.invs.at(i)
		r.src = srcs[r.src]
		r.id, r.name, r.currency, r.status = remap[r.id], remap[r.name], remap[r.currency], remap[r.status]
		r.typ, r.number, r.appliesTo = remap[r.typ], remap[r.number], remap[r.appliesTo]
		b.invs.add(r)
	}
	for i := range next.pays.len() {
		r := *next.pays.at(i)
		r.src = srcs[r.src]
		r.id, r.name, r.currency, r.status, r.typ = remap[r.id], remap[r.name], remap[r.currency], remap[r.status], remap[r.typ]
		r.invoice, r.reference = remap[r.invoice], remap[r.reference]
		b.pays.add(r)
	}
}

// release empties b, letting go of its rows: Len is 0 after.
func (b *Book) release() { *b = Book{in: b.in} }

// bookOf returns a book of the rows invs or pays hold (one of them), in
// their order: how Analyze reads rows handed to it in Data.Invoices or
// Data.Payments.
func bookOf(in Input, invs []Invoice, pays []Payment) *Book {
	b := NewBook(in)
	for i := range invs {
		b.AddInvoice(&invs[i])
	}
	for i := range pays {
		b.AddPayment(&pays[i])
	}
	return b
}
