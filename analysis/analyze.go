package analysis

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Analyze computes every client's figures, flags and verdict, and the
// portfolio figures, from d under r. It does not modify d. Records dated
// after r.AsOf are not known yet and are left out. The clients' records
// are listed in their lines only for the clients r.Evidence accepts;
// nothing else depends on it.
//
// It is linear in the records: each is read a fixed number of times, the
// payments are put in date order by counting, and no client's figures
// look at another client's records. It runs on two goroutines where the
// work splits; the Result does not depend on how they interleave.
func Analyze(d *Data, r Rules) *Result {
	a := newAnalyzer(d, r)
	a.readInvoices()
	a.readDisputes()
	evs := a.events()
	// The contacts only add clients and lines of their own: they are read
	// on a second core while the payments are applied.
	contacts := make(chan contactLines)
	go func() { contacts <- a.readContacts() }()
	a.apply(evs)
	ct := <-contacts
	a.contacts = ct.byClient
	a.issues = append(a.issues, ct.issues...)
	a.reg.finish()
	res := &Result{Rules: r, From: a.from}
	res.Clients = a.results()
	res.Portfolio = portfolio(res.Clients, r)
	raiseFlags(res, a.facts)
	a.evidence(res.Clients)
	sortClients(res.Clients)
	res.Issues = append(a.reg.issues, a.issues...)
	return res
}

func newAnalyzer(d *Data, r Rules) *analyzer {
	a := &analyzer{d: d, r: r, from: r.From(), cur: newCurrencies(r.Rates),
		nums: newNumberTable(len(d.Invoices)), signalSets: signalSets()}
	a.statuses.classify = classifyStatus
	a.types.classify = classifyType
	return a
}

// ledgerInvoice is an invoice or credit note and its state as payments and
// credits are applied in date order. It holds no pointers: the invoice is
// an index into Data.Invoices, the number and currency are interned.
type ledgerInvoice struct {
	inv      int32 // index into Data.Invoices
	client   int32
	number   int32 // id of the folded number in analyzer.nums
	next     int32 // the next ledger entry of the same number and kind, -1 at the end
	cur      int32 // the invoice's currency, an index into analyzer.cur
	issued   Date
	due      Date
	settled  Date
	credit   bool
	disputed bool  // marked disputed by its status or disputed column
	amountR  Money // reporting currency, positive (the invoice's own is |Invoice.Amount|)
	balance  Money // invoice currency, open
	paidR    Money // payments applied, reporting currency
	credR    Money // credit notes applied, reporting currency
	// lateMoneyDays is Σ applied (reporting minor units) × days after due,
	// over payments applied to this invoice: the late-payment cost's base.
	lateMoneyDays int64
}

// numberInfo is what the analysis knows of one folded invoice number.
type numberInfo struct {
	invoices, credits   int32 // first ledger entry of each kind with the number, -1 for none
	nInvoices, nCredits int32
	voided              bool // a void, voided, deleted or draft row has it
	disputed            bool // a disputes row names it
	named               bool // a payments row names it
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
	unapplied Money
	payments  []payRec     // payments in the window, in the order they were applied
	disputes  []disputeRec // disputes in the window
}

// payRec is a payment in the window as the allocation left it: what its
// PaymentLine needs beyond the record, which stays in Data.
type payRec struct {
	date      Date
	seq       int32 // the event's seq: a payment index, or len(Payments) + the ledger index of an invoice's own paid date
	apps      int32 // its applications are analyzer.apps[apps : apps+nApps]
	nApps     int32
	amountR   Money // reporting currency
	unapplied Money // reporting currency
}

// appRec is part of a payment applied to the invoice at a ledger index.
type appRec struct {
	ledger int32
	amount Money // reporting currency
}

// disputeRec is a dispute in the window: a disputes row, or an invoice
// marked disputed that no disputes row names.
type disputeRec struct {
	date      Date
	src       int32 // index into Data.Disputes; ^ledger index for an invoice marked disputed
	amount    Money // reporting currency, when hasAmount
	hasAmount bool
}

// contactRec is a support contact in the window with what the analysis
// made of it; the rest of it stays in Data.Contacts.
type contactRec struct {
	idx   int32 // index into Data.Contacts
	date  Date
	time  TimeOfDay
	bits  uint8         // its signals (bits of signalNames), and contactAfterHours
	cost  Money         // reporting currency; 0 when billable
	hours time.Duration // 0 without hours
}

// contactAfterHours is the bit of contactRec.bits that says the contact
// fell outside business hours.
const contactAfterHours = 1 << len(signalNames)

type analyzer struct {
	d    *Data
	r    Rules
	from Date
	reg  *registry
	cur  *currencies
	nums *numberTable
	info []numberInfo // by number id
	// pairs finds the ledger entry of a (number, client, kind) whose
	// number has more than longChain entries of that kind.
	pairs   map[uint64]int32
	ledger  []ledgerInvoice
	clients []clientAcc
	// contacts are each client's contacts in the window, by client index.
	contacts [][]contactRec
	// facts are what each client's flags tell of its records, by client
	// index.
	facts []flagFacts
	// signalSets are the ContactLine.Signals of each combination of
	// signal bits, shared by the lines.
	signalSets [1 << len(signalNames)][]string

	statuses, types wordMemo
	apps            []appRec // the applications of the payments in the window
	scratch         []appRec // the applications of the payment being allocated
	months          monthTable
	delivery        ratio
	capital         lateRate
	ratiosReady     bool
	issues          []Issue
}

func (a *analyzer) client(i int) *clientAcc {
	for len(a.clients) <= i {
		a.clients = append(a.clients, clientAcc{})
	}
	return &a.clients[i]
}

func (a *analyzer) issue(sev Severity, ref Ref, column, value, problem string) {
	a.issues = append(a.issues, Issue{Severity: sev, Ref: ref, Column: column, Value: value, Problem: problem})
}

// inWindow is Rules.InWindow with the window start worked out once.
func (a *analyzer) inWindow(d Date) bool { return d > a.from && d <= a.r.AsOf }

// foldNumber is the matching form of an invoice number: folded like a
// name, without a leading '#'.
func foldNumber(s string) string {
	return foldName(strings.TrimPrefix(strings.TrimSpace(s), "#"))
}

func isVoid(status string) bool {
	switch foldName(status) {
	case "void", "voided", "deleted", "draft":
		return true
	}
	return false
}

func isCreditType(typ string) bool {
	t := foldName(typ)
	return strings.Contains(t, "credit")
}

func isDisputedStatus(status string) bool {
	return strings.Contains(foldName(status), "disput")
}

// Classes of a status or type word, as bits.
const (
	wordVoid     = 1 << iota // the status says void, voided, deleted or draft
	wordDisputed             // the status says disputed
	wordCredit               // the type says credit note
)

func classifyStatus(s string) uint8 {
	var c uint8
	if isVoid(s) {
		c |= wordVoid
	}
	if isDisputedStatus(s) {
		c |= wordDisputed
	}
	return c
}

func classifyType(s string) uint8 {
	if isCreditType(s) {
		return wordCredit
	}
	return 0
}

// wordMemo remembers the class of the few words a column holds (Paid,
// Open, Invoice, Credit Memo, …) so each is folded once, not once a row.
type wordMemo struct {
	classify func(string) uint8
	words    []string
	classes  []uint8
	more     map[string]uint8
}

func (m *wordMemo) of(s string) uint8 {
	for i, w := range m.words {
		if w == s {
			return m.classes[i]
		}
	}
	if c, ok := m.more[s]; ok {
		return c
	}
	c := m.classify(s)
	if len(m.words) < 8 {
		m.words, m.classes = append(m.words, s), append(m.classes, c)
	} else {
		if m.more == nil {
			m.more = map[string]uint8{}
		}
		m.more[s] = c
	}
	return c
}

func abs(m Money) Money {
	if m < 0 {
		return -m
	}
	return m
}

func sameInvoice(x, y *Invoice) bool {
	return x.Number == y.Number && x.Issued == y.Issued && x.Due == y.Due && x.Amount == y.Amount &&
		strings.EqualFold(x.Currency, y.Currency) && x.Status == y.Status && x.Type == y.Type &&
		x.AppliesTo == y.AppliesTo && x.PaidOn == y.PaidOn && x.HasBalance == y.HasBalance &&
		x.Balance == y.Balance && x.Disputed == y.Disputed
}

// numbers interns the n numbers number(0), …, number(n-1) and returns
// their ids, with room made for their numberInfo.
func (a *analyzer) numbers(n int, number func(i int) string) []int32 {
	ids := make([]int32, n)
	a.nums.internAll(ids, number)
	if cap(a.info) < a.nums.len() {
		a.info = slices.Grow(a.info, a.nums.len()+a.nums.len()/4-len(a.info))
	}
	for len(a.info) < a.nums.len() {
		a.info = append(a.info, numberInfo{invoices: -1, credits: -1})
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
		return -1
	}
	for idx := head; idx >= 0; idx = a.ledger[idx].next {
		if a.ledger[idx].client == ci {
			return idx
		}
	}
	return -1
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
		for k := idx; k >= 0; k = a.ledger[k].next {
			a.pairs[pairKey(li.number, a.ledger[k].client, li.credit)] = k
		}
	case *n > longChain+1:
		a.pairs[pairKey(li.number, li.client, li.credit)] = idx
	}
}

// What invoiceClient says of an invoice the ledger leaves out.
const (
	invoiceVoid     = -1 // void, voided, deleted or draft
	invoiceLater    = -2 // issued after as_of
	invoiceNoClient = -3 // names no client
)

// invoiceClient returns the client of inv, or why it is left out.
func (a *analyzer) invoiceClient(inv *Invoice) int32 {
	if a.statuses.of(inv.Status)&wordVoid != 0 {
		return invoiceVoid
	}
	if inv.Issued > a.r.AsOf {
		return invoiceLater
	}
	ci, ok := a.reg.resolve(inv.ClientID, inv.ClientName, inv.Ref)
	if !ok {
		return invoiceNoClient
	}
	return int32(ci)
}

// readInvoices learns the clients and puts the invoices and credit notes
// in the ledger. The invoice numbers are interned on a second core while
// the clients are learnt and each invoice's client is found.
func (a *analyzer) readInvoices() {
	invs := a.d.Invoices
	nums := make(chan []int32, 1)
	go func() { nums <- a.numbers(len(invs), func(i int) string { return invs[i].Number }) }()
	a.reg = newRegistry(a.d)
	clients := make([]int32, len(invs))
	for i := range invs {
		clients[i] = a.invoiceClient(&invs[i])
	}
	ids := <-nums
	a.ledger = make([]ledgerInvoice, 0, len(invs))
	for i := range invs {
		inv := &invs[i]
		ci := clients[i]
		switch ci {
		case invoiceVoid:
			a.info[ids[i]].voided = true
			a.issue(SeverityInfo, inv.Ref, "status", inv.Status, "invoice "+inv.Number+" is "+strings.ToLower(strings.TrimSpace(inv.Status))+": ignored")
			continue
		case invoiceLater:
			continue
		case invoiceNoClient:
			a.issue(SeverityError, inv.Ref, "client", "", "the row names no client")
			continue
		}
		credit := a.types.of(inv.Type)&wordCredit != 0 || inv.Amount < 0
		amount := abs(inv.Amount)
		cur := a.cur.of(inv.Currency)
		amountR, ok := a.cur.toReporting(amount, cur)
		if !ok {
			a.issue(SeverityError, inv.Ref, "currency", inv.Currency, "no fx rate for "+inv.Currency)
			continue
		}
		num := ids[i]
		if first := a.entry(num, ci, credit); first >= 0 {
			prev := &invs[a.ledger[first].inv]
			if sameInvoice(prev, inv) {
				a.issue(SeverityWarning, inv.Ref, "number", inv.Number, "repeats row "+itoa(prev.Row)+" exactly: duplicate ignored")
			} else {
				a.issue(SeverityError, inv.Ref, "number", inv.Number, "invoice number already used for this client at row "+itoa(prev.Row)+" with different values: this row is rejected")
			}
			continue
		}
		li := ledgerInvoice{inv: int32(i), client: ci, number: num, cur: cur, issued: inv.Issued, due: inv.Due,
			credit: credit, disputed: inv.Disputed || a.statuses.of(inv.Status)&wordDisputed != 0, amountR: amountR}
		if !credit {
			li.balance = amount
			if amount == 0 {
				li.settled = inv.Issued
			}
		}
		a.ledger = append(a.ledger, li)
		a.link(int32(len(a.ledger) - 1))
	}
	a.groupLedger()
}

// groupLedger gives each client its ledger entries, in input order, and
// its invoices oldest due first, cut from two blocks.
func (a *analyzer) groupLedger() {
	if n := len(a.reg.accounts); n > 0 {
		a.clients = slices.Grow(a.clients, n+n/8-len(a.clients))
		a.client(n - 1)
	}
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
// of client ci when ci >= 0; -1 when there is none (or, with no client,
// when several clients have that number). num is -1 for a number no
// record has.
func (a *analyzer) findInvoice(ci int, num int32) int {
	if num < 0 {
		return -1
	}
	if ci >= 0 {
		return int(a.entry(num, int32(ci), false))
	}
	// A client has a number once (a second row is a duplicate), so two
	// invoices with one number are two clients'.
	if ni := &a.info[num]; ni.nInvoices == 1 {
		return int(ni.invoices)
	}
	return -1
}

// unknownInvoice explains why the invoice a record names (text, its
// number id num) was not found for client ci.
func (a *analyzer) unknownInvoice(ci int, num int32, text string) string {
	switch {
	case num >= 0 && a.info[num].voided:
		return "names invoice " + text + ", which is void"
	case ci >= 0 && a.findInvoice(-1, num) >= 0:
		return "names invoice " + text + ", which belongs to another client"
	case ci < 0 && num >= 0 && a.info[num].nInvoices > 1:
		return "names invoice " + text + ", which several clients have"
	default:
		return "names invoice " + text + ", which is not in the invoices input"
	}
}

// names reports whether number id names an invoice at all (its folded
// form is not empty).
func (a *analyzer) names(id int32) bool { return len(a.nums.key(id)) > 0 }

func (a *analyzer) readDisputes() {
	ds := a.d.Disputes
	nums := a.numbers(len(ds), func(i int) string { return ds[i].Invoice })
	for _, id := range nums {
		if a.names(id) {
			a.info[id].disputed = true
		}
	}
	for i := range a.d.Disputes {
		ds := &a.d.Disputes[i]
		if !a.inWindow(ds.Date) {
			continue
		}
		ci := -1
		if ds.ClientID != "" || ds.ClientName != "" {
			ci, _ = a.reg.resolve(ds.ClientID, ds.ClientName, ds.Ref)
		} else if idx := a.findInvoice(-1, nums[i]); idx >= 0 {
			ci = int(a.ledger[idx].client)
		} else {
			a.issue(SeverityError, ds.Ref, "invoice", ds.Invoice, a.unknownInvoice(-1, nums[i], ds.Invoice)+" and the row names no client: the dispute cannot be placed")
			continue
		}
		rec := disputeRec{date: ds.Date, src: int32(i)}
		if ds.HasAmount {
			m, ok := a.cur.toReporting(ds.Amount, a.cur.of(ds.Currency))
			if !ok {
				a.issue(SeverityError, ds.Ref, "currency", ds.Currency, "no fx rate for "+ds.Currency)
				continue
			}
			rec.amount, rec.hasAmount = m, true
		}
		c := a.client(ci)
		c.disputes = append(c.disputes, rec)
	}
	// An invoice marked disputed that no disputes row names is one dispute,
	// dated its issue date.
	for i := range a.ledger {
		li := &a.ledger[i]
		if li.credit || !li.disputed || a.info[li.number].disputed || !a.inWindow(li.issued) {
			continue
		}
		c := a.client(int(li.client))
		c.disputes = append(c.disputes, disputeRec{date: li.issued, src: ^int32(i), amount: li.amountR, hasAmount: true})
	}
}

// event is a dated change to balances: a credit note applied, or a payment.
type event struct {
	date   Date
	kind   uint8 // 0 credit note, 1 payment (credit notes first on the same day)
	seq    int32 // ledger index (credit) or payment index; past the payments, a paid date on ledger entry seq − len(Payments)
	client int32
	named  int32 // ledger index of the named invoice, -1 for none
	cur    int32 // the payment's currency
	amount Money
}

// allocate applies the payments and credit notes to the ledger.
func (a *analyzer) allocate() { a.apply(a.events()) }

// events returns the payments and credit notes to apply, resolving the
// payments' clients.
func (a *analyzer) events() []event {
	pays := a.d.Payments
	var evs []event
	for i := range a.ledger {
		li := &a.ledger[i]
		if li.credit && a.d.Invoices[li.inv].AppliesTo != "" {
			evs = append(evs, event{date: li.issued, kind: 0, seq: int32(i)})
		}
	}
	nums := a.numbers(len(pays), func(i int) string { return pays[i].Invoice })
	for _, id := range nums {
		if a.names(id) {
			a.info[id].named = true
		}
	}
	if cap(evs)-len(evs) < len(pays) {
		evs = slices.Grow(evs, len(pays)+len(pays)/16)
	}
	for i := range pays {
		p := &pays[i]
		if p.Date > a.r.AsOf {
			continue
		}
		cur := a.cur.of(p.Currency)
		if !a.cur.has(cur) {
			a.issue(SeverityError, p.Ref, "currency", p.Currency, "no fx rate for "+p.Currency)
			continue
		}
		ev := event{date: p.Date, kind: 1, seq: int32(i), named: -1, amount: p.Amount, cur: cur}
		switch {
		case p.ClientID != "" || p.ClientName != "":
			ci, _ := a.reg.resolve(p.ClientID, p.ClientName, p.Ref)
			ev.client = int32(ci)
			if p.Invoice != "" {
				ev.named = int32(a.findInvoice(ci, nums[i]))
				if ev.named < 0 {
					a.issue(SeverityWarning, p.Ref, "invoice", p.Invoice, a.unknownInvoice(ci, nums[i], p.Invoice)+": applied to the client's open invoices, oldest due first")
				}
			}
		case p.Invoice != "":
			ev.named = int32(a.findInvoice(-1, nums[i]))
			if ev.named < 0 {
				a.issue(SeverityError, p.Ref, "invoice", p.Invoice, a.unknownInvoice(-1, nums[i], p.Invoice)+" and the row names no client: the payment cannot be placed")
				continue
			}
			ev.client = a.ledger[ev.named].client
		default:
			a.issue(SeverityError, p.Ref, "client", "", "the row names neither a client nor an invoice")
			continue
		}
		evs = append(evs, ev)
	}
	// Invoices that carry their own paid date or balance settle themselves
	// when no payments row names them.
	for i := range a.ledger {
		li := &a.ledger[i]
		if li.credit || a.info[li.number].named {
			continue
		}
		inv := &a.d.Invoices[li.inv]
		if inv.PaidOn.IsZero() && !inv.HasBalance {
			continue
		}
		amount := abs(inv.Amount)
		paid := amount
		if inv.HasBalance {
			paid = amount - inv.Balance
		}
		if paid <= 0 {
			continue
		}
		when := inv.PaidOn
		if when.IsZero() {
			when = min(max(inv.Due, inv.Issued), a.r.AsOf)
			a.issue(SeverityWarning, inv.Ref, "balance", "", "invoice "+inv.Number+" has a balance below its amount but no paid date: the paid part is taken as paid on "+when.String())
		}
		if when > a.r.AsOf {
			continue
		}
		evs = append(evs, event{date: when, kind: 1, seq: int32(len(pays) + i), client: li.client, named: int32(i),
			amount: paid, cur: li.cur})
	}
	return evs
}

// apply applies the events in date order. It uses neither the registry
// nor any client it does not already know.
func (a *analyzer) apply(evs []event) {
	a.makePaymentRecs(evs)
	for _, k := range eventOrder(evs) {
		if ev := &evs[k]; ev.kind == 0 {
			a.applyCredit(ev)
		} else {
			a.applyPayment(ev)
		}
	}
}

// makePaymentRecs gives each client room for its payments in the window,
// cut from one block, and makes room for their applications.
func (a *analyzer) makePaymentRecs(evs []event) {
	var counts []int
	total := 0
	for i := range evs {
		ev := &evs[i]
		if ev.kind == 0 || !a.inWindow(ev.date) {
			continue
		}
		for len(counts) <= int(ev.client) {
			counts = append(counts, 0)
		}
		counts[ev.client]++
		total++
	}
	if len(counts) > 0 {
		a.client(len(counts) - 1)
	}
	block := make([]payRec, total)
	for i, n := range counts {
		if n > 0 {
			a.clients[i].payments = cut(&block, n)[:0]
		}
	}
	// Most payments settle one invoice.
	a.apps = make([]appRec, 0, total+total/8)
}

// eventOrder returns the indices of evs in the order they happen: by date,
// credit notes before payments on the same day, then in input order (the
// order evs holds each kind in). It sorts by counting when the dates span
// no more days than there are events, as a year of payments does.
func eventOrder(evs []event) []int32 {
	order := make([]int32, len(evs))
	if len(evs) == 0 {
		return order
	}
	lo, hi := evs[0].date, evs[0].date
	for i := range evs {
		lo, hi = min(lo, evs[i].date), max(hi, evs[i].date)
	}
	if span := int64(hi) - int64(lo) + 1; span > int64(len(evs))+1<<16 {
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortStableFunc(order, func(x, y int32) int {
			ex, ey := &evs[x], &evs[y]
			return cmp.Or(cmp.Compare(ex.date, ey.date), cmp.Compare(ex.kind, ey.kind))
		})
		return order
	}
	slot := func(ev *event) int { return 2*int(ev.date-lo) + int(ev.kind) }
	start := make([]int32, 2*(int(hi-lo)+1)+1)
	for i := range evs {
		start[slot(&evs[i])+1]++
	}
	for k := 1; k < len(start); k++ {
		start[k] += start[k-1]
	}
	for i := range evs {
		s := slot(&evs[i])
		order[start[s]] = int32(i)
		start[s]++
	}
	return order
}

func (a *analyzer) applyCredit(ev *event) {
	cn := &a.ledger[ev.seq]
	inv := &a.d.Invoices[cn.inv]
	num := a.nums.find(inv.AppliesTo)
	target := a.findInvoice(int(cn.client), num)
	if target < 0 {
		a.issue(SeverityWarning, inv.Ref, "applies_to", inv.AppliesTo, "credit note "+inv.Number+" "+a.unknownInvoice(int(cn.client), num, inv.AppliesTo)+": it reduces revenue only")
		return
	}
	t := &a.ledger[target]
	if t.balance <= 0 {
		return
	}
	avail, _ := a.cur.convert(abs(inv.Amount), cn.cur, t.cur)
	take := min(avail, t.balance)
	t.balance -= take
	m, _ := a.cur.toReporting(take, t.cur)
	t.credR += m
	if t.balance == 0 {
		t.settled = max(ev.date, t.issued)
	}
}

func (a *analyzer) applyPayment(ev *event) {
	c := a.client(int(ev.client))
	amountR, _ := a.cur.toReporting(ev.amount, ev.cur)
	var line *payRec
	if a.inWindow(ev.date) {
		c.collected += amountR
		c.payments = append(c.payments, payRec{date: ev.date, seq: ev.seq, amountR: amountR})
		line = &c.payments[len(c.payments)-1]
	}
	if ev.amount <= 0 {
		// A refund pays money back: it lowers the credit on account.
		c.unapplied = max(0, c.unapplied+amountR)
		return
	}
	a.scratch = a.scratch[:0]
	left := ev.amount
	if ev.named >= 0 {
		left = a.applyTo(int(ev.named), left, ev)
	}
	for k := c.fifoStart; left > 0 && k < len(c.fifo); k++ {
		idx := c.fifo[k]
		if a.ledger[idx].balance <= 0 {
			if k == c.fifoStart {
				c.fifoStart++
			}
			continue
		}
		if a.ledger[idx].issued > ev.date {
			continue
		}
		left = a.applyTo(int(idx), left, ev)
	}
	if line != nil && len(a.scratch) > 0 {
		line.apps, line.nApps = int32(len(a.apps)), int32(len(a.scratch))
		a.apps = append(a.apps, a.scratch...)
	}
	if left > 0 {
		m, _ := a.cur.toReporting(left, ev.cur)
		c.unapplied += m
		if line != nil {
			line.unapplied = m
		}
	}
}

// applyTo applies up to left (in the payment's currency) to invoice idx and
// returns what is left. What it applies is added to a.scratch.
func (a *analyzer) applyTo(idx int, left Money, ev *event) Money {
	t := &a.ledger[idx]
	if t.balance <= 0 {
		return left
	}
	avail, _ := a.cur.convert(left, ev.cur, t.cur)
	take := min(avail, t.balance)
	t.balance -= take
	m, _ := a.cur.toReporting(take, t.cur)
	t.paidR += m
	t.lateMoneyDays += int64(m) * int64(max(0, Days(t.due, ev.date)))
	if t.balance == 0 {
		t.settled = max(ev.date, t.issued)
	}
	a.scratch = append(a.scratch, appRec{ledger: int32(idx), amount: m})
	if take == avail {
		return 0
	}
	back, _ := a.cur.convert(take, t.cur, ev.cur)
	return max(0, left-back)
}

// The signals a contact's tags can carry, as bits, in the order
// ContactLine.Signals lists them.
var signalNames = [...]string{"abuse", "scope_change", "discount_request"}

// contactLines are the contacts in the window, each client's in input
// order, and the issues reading them raised.
type contactLines struct {
	byClient [][]contactRec // by client index
	issues   []Issue
}

// signalSets returns the ContactLine.Signals of each combination of
// signal bits, for every line of a Result to share.
func signalSets() (sets [1 << len(signalNames)][]string) {
	for mask := range sets {
		for k, name := range signalNames {
			if mask&(1<<k) != 0 {
				sets[mask] = append(sets[mask], name)
			}
		}
		sets[mask] = slices.Clip(sets[mask])
	}
	return sets
}

// readContacts resolves each contact in the window to its client and
// works out its cost, signals and whether it fell after hours. It uses only the registry and currencies of its own,
// so that it can run beside the allocation, which uses neither.
func (a *analyzer) readContacts() contactLines {
	var out contactLines
	cur := newCurrencies(a.r.Rates)
	cts := a.d.Contacts
	words := [len(signalNames)][]string{lowerAll(a.r.Signals.Abuse), lowerAll(a.r.Signals.ScopeChange), lowerAll(a.r.Signals.DiscountRequest)}
	// Each client's contacts are counted first, so that they can be cut
	// from one block.
	owner := make([]int32, len(cts))
	var counts []int
	total := 0
	for i := range cts {
		ct := &cts[i]
		owner[i] = -1
		if !a.inWindow(ct.Date) {
			continue
		}
		ci, ok := a.reg.resolve(ct.ClientID, ct.ClientName, ct.Ref)
		if !ok {
			out.issues = append(out.issues, Issue{Severity: SeverityError, Ref: ct.Ref, Column: "client", Problem: "the row names no client"})
			continue
		}
		if !ct.Billable && ct.HasCost && !cur.has(cur.of(ct.Currency)) {
			out.issues = append(out.issues, Issue{Severity: SeverityError, Ref: ct.Ref, Column: "currency", Value: ct.Currency, Problem: "no fx rate for " + ct.Currency})
			continue
		}
		owner[i] = int32(ci)
		for len(counts) <= ci {
			counts = append(counts, 0)
		}
		counts[ci]++
		total++
	}
	block := make([]contactRec, total)
	out.byClient = make([][]contactRec, len(counts))
	for i, n := range counts {
		if n > 0 {
			out.byClient[i] = cut(&block, n)[:0]
		}
	}

	tagSignals := map[string]int{}
	for i := range cts {
		if owner[i] < 0 {
			continue
		}
		ct := &cts[i]
		rec := contactRec{idx: int32(i), date: ct.Date, time: ct.Time}
		if a.afterHours(ct.Date, ct.Time) {
			rec.bits |= contactAfterHours
		}
		if ct.HasHours {
			rec.hours = ct.Hours
		}
		switch {
		case ct.Billable:
		case ct.HasCost:
			rec.cost, _ = cur.toReporting(ct.Cost, cur.of(ct.Currency))
		case ct.HasHours:
			rec.cost = Money(mulDivRound(int64(a.r.Hour), int64(ct.Hours), int64(time.Hour)))
		default:
			rec.cost = a.r.SupportTicket
		}
		if ct.Tags != "" {
			mask, ok := tagSignals[ct.Tags]
			if !ok {
				mask = signalsIn(strings.ToLower(ct.Tags), &words)
				if len(tagSignals) < 1<<16 {
					tagSignals[ct.Tags] = mask
				}
			}
			rec.bits |= uint8(mask)
		}
		out.byClient[owner[i]] = append(out.byClient[owner[i]], rec)
	}
	return out
}

// signalsIn returns the signals lower-cased tags carry, as bits.
func signalsIn(tags string, words *[len(signalNames)][]string) int {
	mask := 0
	for k, ws := range words {
		for _, w := range ws {
			if w != "" && strings.Contains(tags, w) {
				mask |= 1 << k
				break
			}
		}
	}
	return mask
}

func lowerAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(strings.TrimSpace(s))
	}
	return out
}

// afterHours reports whether a contact at local date d and time t falls
// outside business hours: [start, end) on business days. A contact with no
// time is after hours only on a day that is not a business day.
func (a *analyzer) afterHours(d Date, t TimeOfDay) bool {
	if !a.r.BusinessDays[d.Weekday()] {
		return true
	}
	if t == NoTime {
		return false
	}
	return t < a.r.BusinessStart || t >= a.r.BusinessEnd
}
