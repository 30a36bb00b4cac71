package analysis

import (
	"cmp"
	"slices"
	"strings"
)

// ledgerInvoice is an invoice or credit note and its state as payments and
// credits are applied in date order. It holds no pointers: the invoice is
// an index into analyzer.invs, the number and currency are interned.
type ledgerInvoice struct {
	inv     int32 // index into analyzer.invs
	client  int32
	number  int32 // id of the folded number in analyzer.nums
	next    int32 // the next ledger entry of the same number and kind, -1 at the end
	cur     int32 // the invoice's currency, an index into analyzer.cur
	issued  Date
	due     Date
	settled Date // zero while open, and when settled on an unknown date
	paidOn  Date // the latest payment applied by AsOf; zero for none
	credit  bool
	// disputed: marked disputed by its status or disputed column.
	disputed bool
	// lateUnknown: settled, but on an unknown date (a balance and no paid
	// date): its lateness is unknown.
	lateUnknown bool
	dropped     bool  // replaced by a void row of a newer file
	amountR     Money // reporting currency, positive (the invoice's own is |Invoice.Amount|)
	netR        Money // amountR less its tax: what counts as revenue
	balance     Money // invoice currency, open
	paidR       Money // payments applied, reporting currency
	credR       Money // credit notes applied, reporting currency
	// lateMoneyDays is Σ applied (reporting minor units) × days after due,
	// over payments applied to this invoice: the late-payment cost's base.
	lateMoneyDays wide
}

// noEntry is the ledger index, or the number id, of nothing.
const noEntry int32 = -1

// open reports whether an invoice has a balance left.
func (li *ledgerInvoice) open() bool { return li.balance > 0 }

// numberInfo is what the analysis knows of one folded invoice number.
type numberInfo struct {
	invoices, credits   int32 // first ledger entry of each kind with the number, -1 for none
	nInvoices, nCredits int32
	voided              bool // a void, voided, deleted or draft row has it
	disputed            bool // a disputes row names it
}

// longChain is how many ledger entries of one number and kind are
// searched one by one; past it they are found through analyzer.pairs
// (exports that number invoices per client repeat every number).
const longChain = 8

// clientAcc gathers one client's records. The slices share blocks
// allocated once for all clients, each sized to its count.
type clientAcc struct {
	entries   []int32 // ledger indices, invoices and credit notes, in input order
	fifo      []int32 // ledger indices of invoices, oldest due first
	fifoStart int     // fifo[:fifoStart] are all settled
	inWindow  int     // entries issued in the window
	collected Money
	refunds   Money
	unapplied Money
	payments  []payRec     // payments in the window, in the order they were applied
	disputes  []disputeRec // disputes in the window
	// paysRows: the client has rows in the payments input (money, dated
	// by AsOf), so its invoices' own payment state does not settle them.
	paysRows bool
}

// Classes of an invoice's status or type word, as bits.
const (
	wordVoid     = 1 << iota // the status says void, voided, deleted or draft
	wordDisputed             // the status says disputed
	wordCredit               // the type says credit note
)

func classifyStatus(s string) uint8 {
	var c uint8
	f := foldWord(s)
	switch f {
	case "void", "voided", "deleted", "draft":
		c |= wordVoid
	}
	if strings.Contains(f, "disput") {
		c |= wordDisputed
	}
	return c
}

func classifyType(s string) uint8 {
	if strings.Contains(foldWord(s), "credit") {
		return wordCredit
	}
	return 0
}

func sameInvoice(x, y *Invoice) bool {
	return x.Number == y.Number && x.Issued == y.Issued && x.Due == y.Due && x.Amount == y.Amount &&
		x.Tax == y.Tax && x.HasTax == y.HasTax &&
		strings.EqualFold(x.Currency, y.Currency) && x.Status == y.Status && x.Type == y.Type &&
		x.AppliesTo == y.AppliesTo && x.PaidOn == y.PaidOn && x.HasBalance == y.HasBalance &&
		x.Balance == y.Balance && x.Disputed == y.Disputed
}

// isCredit reports whether an invoices row is a credit note: its type
// says so, or its amount is negative.
func (a *analyzer) isCredit(inv *Invoice) bool {
	return a.types.of(inv.Type)&wordCredit != 0 || inv.Amount < 0
}

// sameFile reports whether two rows come from one file (and sheet).
func sameFile(x, y *Ref) bool { return x.File == y.File && x.Sheet == y.Sheet }

// numbers interns the n numbers number(0), …, number(n-1) and returns
// their ids, with room made for their numberInfo.
func (a *analyzer) numbers(n int, number func(i int) string) []int32 {
	ids := make([]int32, n)
	a.nums.internAll(ids, number)
	old := len(a.info)
	a.info = slices.Grow(a.info, a.nums.len()-old)[:a.nums.len()]
	for k := old; k < len(a.info); k++ {
		a.info[k] = numberInfo{invoices: noEntry, credits: noEntry}
	}
	return ids
}

func pairKey(num, client int32, credit bool) uint64 {
	k := uint64(uint32(num))<<33 | uint64(uint32(client))<<1
	if credit {
		k |= 1
	}
	return k
}

// entry returns the ledger entry of number num for client ci, a credit
// note or an invoice, or -1.
func (a *analyzer) entry(num, ci int32, credit bool) int32 {
	ni := &a.info[num]
	head, n := ni.invoices, ni.nInvoices
	if credit {
		head, n = ni.credits, ni.nCredits
	}
	if n > longChain {
		if idx, ok := a.pairs[pairKey(num, ci, credit)]; ok {
			return idx
		}
		return noEntry
	}
	for idx := head; idx != noEntry; idx = a.ledger[idx].next {
		if a.ledger[idx].client == ci {
			return idx
		}
	}
	return noEntry
}

// link adds ledger entry idx to its number's entries.
func (a *analyzer) link(idx int32) {
	li := &a.ledger[idx]
	ni := &a.info[li.number]
	head, n := &ni.invoices, &ni.nInvoices
	if li.credit {
		head, n = &ni.credits, &ni.nCredits
	}
	li.next, *head = *head, idx
	*n++
	switch {
	case *n == longChain+1:
		if a.pairs == nil {
			a.pairs = map[uint64]int32{}
		}
		for k := idx; k != noEntry; k = a.ledger[k].next {
			a.pairs[pairKey(li.number, a.ledger[k].client, li.credit)] = k
		}
	case *n > longChain+1:
		a.pairs[pairKey(li.number, li.client, li.credit)] = idx
	}
}

// Why readInvoices leaves a row out of the ledger, before its client is
// known.
const (
	rowUsed    = iota
	rowIgnored // void, voided, deleted or draft, or of amount 0
	rowLater   // issued after as_of
)

func (a *analyzer) invoiceRow(inv *Invoice) int {
	switch {
	case inv.Issued > a.r.AsOf:
		return rowLater
	case a.statuses.of(inv.Status)&wordVoid != 0, inv.Amount == 0:
		return rowIgnored
	}
	return rowUsed
}

// readInvoices learns the clients and puts the invoices and credit notes
// in the ledger. The invoice numbers are interned on a second core while
// the clients are learnt and each invoice's client is found. Rows of one
// input come oldest file first: an invoice a newer file repeats with
// other values replaces the older row.
func (a *analyzer) readInvoices() {
	n := a.invs.Len()
	nums := make(chan []int32, 1)
	go func() { nums <- a.numbers(n, a.invs.invoiceNumber) }()
	a.reg = newRegistry(a.d)
	// The rows that give a name come first, so that an id-only row takes
	// the client any row of the input taught its id to.
	clients := make([]int32, n)
	idOnly := false
	for i := range n {
		inv := a.invs.Invoice(i)
		clients[i] = noClient
		if a.invoiceRow(&inv) != rowUsed {
			continue
		}
		if inv.ClientName != "" {
			clients[i] = a.reg.invoiceClient(inv.ClientID, inv.ClientName, inv.Ref)
		}
		a.ownState = a.ownState || inv.HasBalance || !inv.PaidOn.IsZero()
		idOnly = idOnly || inv.ClientName == "" && inv.ClientID != ""
	}
	for i := range n {
		if !idOnly {
			break
		}
		if inv := a.invs.Invoice(i); inv.ClientName == "" && inv.ClientID != "" && a.invoiceRow(&inv) == rowUsed {
			clients[i] = a.reg.invoiceClient(inv.ClientID, "", inv.Ref)
		}
	}
	ids := <-nums
	a.ledger = make([]ledgerInvoice, 0, n)
	repeats := newRepeatCounts()
	dropped := false
	for i := range n {
		inv := a.invs.Invoice(i)
		num := ids[i]
		switch a.invoiceRow(&inv) {
		case rowLater:
			continue
		case rowIgnored:
			dropped = a.ignoreInvoice(&inv, num) || dropped
			continue
		}
		ci := clients[i]
		if ci == noClient {
			a.issue(SeverityError, inv.Ref, "client", "", "the row names no client")
			continue
		}
		li, ok := a.ledgerEntry(i, &inv, ci, num)
		if !ok {
			continue
		}
		first := a.entry(num, ci, li.credit)
		if first == noEntry {
			a.ledger = append(a.ledger, li)
			a.link(int32(len(a.ledger) - 1))
			continue
		}
		prev := a.invs.Invoice(int(a.ledger[first].inv))
		switch {
		case sameFile(&prev.Ref, &inv.Ref) && sameInvoice(&prev, &inv):
			a.issue(SeverityWarning, inv.Ref, "number", inv.Number, "repeats row "+itoa(prev.Row)+" exactly: duplicate ignored")
		case sameFile(&prev.Ref, &inv.Ref):
			a.issue(SeverityError, inv.Ref, "number", inv.Number, "invoice number already used for this client at row "+itoa(prev.Row)+" with different values: this row is rejected")
		default:
			// A newer export: it wins.
			if sameInvoice(&prev, &inv) {
				repeats.add(prev.Ref, inv.Ref)
			} else {
				a.issue(SeverityInfo, inv.Ref, "number", inv.Number, "replaces invoice "+prev.Number+" of "+prev.File+" row "+itoa(prev.Row)+": the newer export wins")
			}
			li.next = a.ledger[first].next
			a.ledger[first] = li
		}
	}
	a.issues = append(a.issues, repeats.issues()...)
	if dropped {
		a.relink()
	}
	a.reg.finish()
	a.groupLedger()
}

// ledgerEntry returns the ledger entry of invoice row i, inv, of client
// ci and number id num, or false when the row is rejected (no fx rate,
// too large).
func (a *analyzer) ledgerEntry(i int, inv *Invoice, ci, num int32) (ledgerInvoice, bool) {
	credit := a.isCredit(inv)
	amount := abs(inv.Amount)
	amountR, ok := a.reporting(InputInvoices, amount, inv.Currency, inv.Ref, "amount")
	if !ok {
		return ledgerInvoice{}, false
	}
	cur := a.cur.of(inv.Currency)
	netR := amountR
	if inv.HasTax && inv.Tax != 0 {
		tax := abs(inv.Tax)
		if tax > amount {
			a.issue(SeverityWarning, inv.Ref, "tax", FormatMoney(inv.Tax, inv.Currency), "the tax is more than the invoice's amount: taken as 0")
		} else {
			netR, _ = a.cur.toReporting(amount-tax, cur) // no larger than amountR
		}
	}
	li := ledgerInvoice{inv: int32(i), client: ci, number: num, cur: cur, issued: inv.Issued, due: inv.Due,
		credit: credit, disputed: inv.Disputed || a.statuses.of(inv.Status)&wordDisputed != 0, amountR: amountR, netR: netR}
	if !credit {
		li.balance = amount
	}
	return li, true
}

// ignoreInvoice says that a void, draft or zero invoice is ignored. When a
// newer file voids an invoice an older file has, the older row is
// dropped too: it reports whether it dropped one.
func (a *analyzer) ignoreInvoice(inv *Invoice, num int32) bool {
	a.info[num].voided = true
	why := "is " + strings.ToLower(strings.TrimSpace(inv.Status))
	column, value := "status", inv.Status
	if a.statuses.of(inv.Status)&wordVoid == 0 {
		why, column, value = "has amount 0", "amount", "0"
	}
	ci := a.reg.find(inv.ClientID, inv.ClientName, inv.Ref)
	if ci != noClient {
		credit := a.isCredit(inv)
		if k := a.entry(num, ci, credit); k != noEntry && !a.ledger[k].dropped {
			prev := a.invs.Invoice(int(a.ledger[k].inv))
			if !sameFile(&prev.Ref, &inv.Ref) {
				a.ledger[k].dropped = true
				a.issue(SeverityInfo, inv.Ref, column, value, "invoice "+inv.Number+" "+why+" in this newer export: "+prev.File+" row "+itoa(prev.Row)+" is dropped")
				return true
			}
		}
	}
	a.issue(SeverityInfo, inv.Ref, column, value, "invoice "+inv.Number+" "+why+": ignored")
	return false
}

// relink removes the dropped entries from the ledger and links the rest
// again.
func (a *analyzer) relink() {
	a.ledger = slices.DeleteFunc(a.ledger, func(li ledgerInvoice) bool { return li.dropped })
	for k := range a.info {
		ni := &a.info[k]
		ni.invoices, ni.credits, ni.nInvoices, ni.nCredits = noEntry, noEntry, 0, 0
	}
	a.pairs = nil
	for k := range a.ledger {
		a.link(int32(k))
	}
}

// repeatCounts counts the invoices a newer file repeats exactly, per pair
// of files, so that a drop folder of nightly exports gives one line per
// file, not one per invoice.
type repeatCounts struct {
	order []repeat
	index map[[2]string]int
}

type repeat struct {
	older, newer Ref // the first repeated row in each file
	n            int
}

func newRepeatCounts() *repeatCounts { return &repeatCounts{index: map[[2]string]int{}} }

func (r *repeatCounts) add(older, newer Ref) {
	k := [2]string{older.File + "\x00" + older.Sheet, newer.File + "\x00" + newer.Sheet}
	i, ok := r.index[k]
	if !ok {
		r.order = append(r.order, repeat{older: older, newer: newer})
		i = len(r.order) - 1
		r.index[k] = i
	}
	r.order[i].n++
}

func (r *repeatCounts) issues() []Issue {
	var out []Issue
	for _, p := range r.order {
		problem := plural(p.n, "invoice") + " of this newer export repeat rows of " + p.older.File + " exactly: each is taken once"
		if p.n == 1 {
			problem = "1 invoice of this newer export repeats a row of " + p.older.File + " exactly: it is taken once"
		}
		out = append(out, Issue{Severity: SeverityInfo, Ref: p.newer, Column: "number", Problem: problem})
	}
	return out
}

// groupLedger gives each client its ledger entries, in input order, and
// its invoices oldest due first, cut from two blocks.
func (a *analyzer) groupLedger() {
	a.clients = make([]clientAcc, len(a.reg.accounts))
	entries, invoices := make([]int, len(a.clients)), make([]int, len(a.clients))
	nInvoices := 0
	for i := range a.ledger {
		li := &a.ledger[i]
		entries[li.client]++
		if !li.credit {
			invoices[li.client]++
			nInvoices++
		}
		if a.inWindow(li.issued) {
			a.clients[li.client].inWindow++
		}
	}
	entryBlock, fifoBlock := make([]int32, len(a.ledger)), make([]int32, nInvoices)
	for i := range a.clients {
		c := &a.clients[i]
		c.entries = cut(&entryBlock, entries[i])[:0]
		c.fifo = cut(&fifoBlock, invoices[i])[:0]
	}
	for i := range a.ledger {
		li := &a.ledger[i]
		c := &a.clients[li.client]
		c.entries = append(c.entries, int32(i))
		if !li.credit {
			c.fifo = append(c.fifo, int32(i))
		}
	}
	for i := range a.clients {
		slices.SortStableFunc(a.clients[i].fifo, func(x, y int32) int {
			lx, ly := &a.ledger[x], &a.ledger[y]
			return cmp.Or(cmp.Compare(lx.due, ly.due), cmp.Compare(lx.issued, ly.issued))
		})
	}
}

// findInvoice returns the ledger index of the invoice with number id num,
// of client ci unless ci is noClient; noEntry when there is none (or, with
// no client, when several clients have that number). num is noEntry for a
// number no record has.
func (a *analyzer) findInvoice(ci int32, num int32) int32 {
	if num == noEntry {
		return noEntry
	}
	if ci != noClient {
		return a.entry(num, ci, false)
	}
	// A client has a number once (a second row is a duplicate), so two
	// invoices with one number are two clients'.
	if ni := &a.info[num]; ni.nInvoices == 1 {
		return ni.invoices
	}
	return noEntry
}

// unknownInvoice explains why the invoice a record names (text, its
// number id num) was not found for client ci.
func (a *analyzer) unknownInvoice(ci int32, num int32, text string) string {
	switch {
	case num != noEntry && a.info[num].voided:
		return "names invoice " + text + ", which is void"
	case ci != noClient && a.findInvoice(noClient, num) != noEntry:
		return "names invoice " + text + ", which belongs to another client"
	case ci == noClient && num != noEntry && a.info[num].nInvoices > 1:
		return "names invoice " + text + ", which several clients have"
	default:
		return "names invoice " + text + ", which is not in the invoices input"
	}
}

// names reports whether number id names an invoice at all (its folded
// form is not empty).
func (a *analyzer) names(id int32) bool { return len(a.nums.key(id)) != 0 }

// disputeRec is a dispute in the window: a disputes row, or an invoice
// marked disputed that no disputes row names.
type disputeRec struct {
	date      Date
	src       int32 // index into Data.Disputes; ^ledger index for an invoice marked disputed
	amount    Money // reporting currency, when hasAmount
	hasAmount bool
}

func (a *analyzer) readDisputes() {
	ds := a.d.Disputes
	nums := a.numbers(len(ds), func(i int) string { return ds[i].Invoice })
	for _, id := range nums {
		if a.names(id) {
			a.info[id].disputed = true
		}
	}
	a.reg.learn(InputDisputes, len(ds), func(i int) (string, string, Ref) { return ds[i].ClientID, ds[i].ClientName, ds[i].Ref })
	for i := range ds {
		dp := &ds[i]
		if !a.inWindow(dp.Date) {
			continue
		}
		ci, pair := a.reg.resolve(InputDisputes, dp.ClientID, dp.ClientName, dp.Ref)
		if ci == noClient {
			if idx := a.findInvoice(noClient, nums[i]); idx != noEntry {
				ci = a.ledger[idx].client
			}
		}
		var rec disputeRec
		if dp.HasAmount {
			m, ok := a.reporting(InputDisputes, dp.Amount, dp.Currency, dp.Ref, "amount")
			if !ok {
				continue
			}
			rec.amount, rec.hasAmount = m, true
		}
		if ci == noClient {
			if dp.ClientID == "" && dp.ClientName == "" {
				a.issue(SeverityError, dp.Ref, "invoice", dp.Invoice, a.unknownInvoice(noClient, nums[i], dp.Invoice)+" and the row names no client: the dispute cannot be placed")
				continue
			}
			a.reg.unmatched(InputDisputes, pair, dp.ClientID, dp.ClientName, dp.Ref, 1)
			a.tallyUnmatched(InputDisputes, rec.amount, 1)
			continue
		}
		rec.date, rec.src = dp.Date, int32(i)
		c := &a.clients[ci]
		c.disputes = append(c.disputes, rec)
	}
	// An invoice marked disputed that no disputes row names is one dispute,
	// dated its issue date.
	for i := range a.ledger {
		li := &a.ledger[i]
		if li.credit || !li.disputed || a.info[li.number].disputed || !a.inWindow(li.issued) {
			continue
		}
		c := &a.clients[li.client]
		c.disputes = append(c.disputes, disputeRec{date: li.issued, src: ^int32(i), amount: li.amountR, hasAmount: true})
	}
}

// tallyUnmatched counts a row of input in that resolves to no client, of
// amount (or cost) m in the reporting currency.
func (a *analyzer) tallyUnmatched(in Input, m Money, rows int) {
	u := &a.unmatched[inputIndex(in)]
	u.Input = in
	u.Rows += rows
	u.Amount += m
}
