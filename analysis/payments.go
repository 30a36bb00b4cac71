package analysis

import (
	"cmp"
	"slices"
	"strings"
)

// payRec is a payment in the window as the allocation left it: what its
// PaymentLine needs beyond the record, which stays in Data.
type payRec struct {
	date      Date
	seq       int32 // the event's seq: a payment index, or len(Payments) + the ledger index of an invoice's own paid date
	apps      int32 // its applications are analyzer.apps[apps : apps+nApps]
	nApps     int32
	refund    bool
	amountR   Money // reporting currency; negative for a refund
	unapplied Money // reporting currency
}

// appRec is part of a payment applied to the invoice at a ledger index.
type appRec struct {
	ledger int32
	amount Money // reporting currency
}

// event is a dated change to balances: a credit note applied, or a payment.
type event struct {
	date    Date
	kind    uint8 // 0 credit note, 1 payment (credit notes first on the same day)
	refund  bool  // a payment paid back: amount is negative
	seq     int32 // ledger index (credit) or payment index; past the payments, a paid date on ledger entry seq − len(Payments)
	client  int32
	named   int32 // ledger index of the named invoice, -1 for none
	cur     int32 // the payment's currency
	amount  Money // the payment's currency; negative for a refund
	amountR Money // reporting currency
}

// Classes of a payment's status or type, as bits.
const (
	payNotMoney = 1 << iota // failed, declined, pending, … (SPEC §3)
	payRefunded             // the status says refunded
	payRefund               // the type says refund
)

func classifyPayStatus(s string) uint8 {
	switch f := foldWord(s); f {
	case "failed", "declined", "canceled", "cancelled", "pending", "incomplete", "voided", "expired":
		return payNotMoney
	case "refunded":
		return payRefunded
	default:
		if strings.HasPrefix(f, "requires ") || f == "requires" {
			return payNotMoney
		}
	}
	return 0
}

func classifyPayType(s string) uint8 {
	if strings.Contains(foldWord(s), "refund") {
		return payRefund
	}
	return 0
}

// statusGroups counts the payments left out for their status, one group
// per status (as foldWord writes it), for one Info line each.
type statusGroups struct {
	order []statusGroup
	index map[string]int
}

type statusGroup struct {
	ref      Ref    // the first row
	value    string // its status as spelt
	n        int
	refunded bool // refunded in full, not a status that is never money
}

func (s *statusGroups) add(p *Payment, refunded bool) {
	key := foldWord(p.Status)
	if refunded {
		key = "\x00refunded"
	}
	if s.index == nil {
		s.index = map[string]int{}
	}
	i, ok := s.index[key]
	if !ok {
		s.order = append(s.order, statusGroup{ref: p.Ref, value: p.Status, refunded: refunded})
		i = len(s.order) - 1
		s.index[key] = i
	}
	s.order[i].n++
}

func (s *statusGroups) issues() []Issue {
	var out []Issue
	for _, g := range s.order {
		problem := plural(g.n, "payment") + " with status " + foldWord(g.value) + " are not money received: ignored"
		column := "status"
		if g.refunded {
			problem = plural(g.n, "payment") + " refunded in full are not money received: ignored"
			column = "refunded"
		}
		if g.n == 1 {
			problem = strings.Replace(problem, " are ", " is ", 1)
		}
		out = append(out, Issue{Severity: SeverityInfo, Ref: g.ref, Column: column, Value: g.value, Problem: problem})
	}
	return out
}

// What a payments row is.
const (
	payMoney        = iota // money received, or paid back (a refund)
	payNothing             // an amount of 0: nothing to say
	payStatus              // a status that is never money
	payRefundedFull        // refunded in full
)

// paymentAmount returns what payment p brings, in its currency, and what
// kind of row it is: its amount less what was refunded of it, negative for
// a refund.
func (a *analyzer) paymentAmount(p *Payment) (Money, int) {
	st := a.payStatuses.of(p.Status)
	switch {
	case p.Amount == 0:
		return 0, payNothing
	case st&payNotMoney != 0:
		return 0, payStatus
	case a.payTypes.of(p.Type)&payRefund != 0 || p.Amount < 0:
		return -abs(p.Amount), payMoney
	}
	amount := p.Amount
	switch {
	case p.HasRefunded:
		amount -= abs(p.Refunded)
	case st&payRefunded != 0:
		amount = 0
	}
	if amount <= 0 {
		return 0, payRefundedFull
	}
	return amount, payMoney
}

// refundOnly counts under Refunds the refund of a charge refunded in full
// (back, in its currency), which brings no money: of its client when that
// is a known one, and when it is dated in the window.
func (a *analyzer) refundOnly(p *Payment, back Money) {
	if !a.inWindow(p.Date) {
		return
	}
	ci, _ := a.reg.resolve(InputPayments, p.ClientID, p.ClientName, p.Ref)
	if ci == noClient {
		return
	}
	if backR, ok := a.reporting(InputPayments, back, p.Currency, p.Ref, "refunded"); ok {
		a.clients[ci].refunds += backR
	}
}

// events returns the payments and credit notes to apply, resolving the
// payments' clients, and notes the invoices that settle themselves.
func (a *analyzer) events() []event {
	n := a.pays.Len()
	var evs []event
	for i := range a.ledger {
		li := &a.ledger[i]
		if li.credit && a.invs.invoiceAppliesTo(int(li.inv)) != "" {
			evs = append(evs, event{date: li.issued, kind: 0, seq: int32(i)})
		}
	}
	nCredits := len(evs)
	nums := a.numbers(n, a.pays.paymentInvoice)
	a.reg.learn(InputPayments, n, a.pays.paymentClient)
	evs = slices.Grow(evs, n)
	var left statusGroups
	for i := range n {
		pay := a.pays.Payment(i)
		p := &pay
		if p.Date > a.r.AsOf {
			continue
		}
		amount, kind := a.paymentAmount(p)
		switch kind {
		case payStatus:
			left.add(p, false)
			continue
		case payRefundedFull:
			left.add(p, true)
			a.refundOnly(p, p.Amount)
			continue
		case payNothing:
			continue
		}
		amountR, ok := a.reporting(InputPayments, amount, p.Currency, p.Ref, "amount")
		if !ok {
			continue
		}
		ev := event{date: p.Date, kind: 1, seq: int32(i), named: noEntry, amount: amount, amountR: amountR, cur: a.cur.of(p.Currency),
			refund: amount < 0}
		ci, pair := a.reg.resolve(InputPayments, p.ClientID, p.ClientName, p.Ref)
		if back := p.Amount - amount; ci != noClient && amount > 0 && back > 0 && a.inWindow(p.Date) {
			// A charge partly refunded: the refunded part is shown under
			// Refunds (Collected has only what was kept).
			backR, _ := a.cur.toReporting(back, ev.cur) // less than the amount, which converted
			a.clients[ci].refunds += backR
		}
		switch {
		case ci != noClient:
			ev.client = ci
			if p.Invoice != "" {
				ev.named = a.findInvoice(ci, nums[i])
				if ev.named == noEntry {
					a.issue(SeverityWarning, p.Ref, "invoice", p.Invoice, a.unknownInvoice(ci, nums[i], p.Invoice)+": applied to the client's open invoices, oldest due first")
				}
			}
		case p.Invoice != "" && a.findInvoice(noClient, nums[i]) != noEntry:
			ev.named = a.findInvoice(noClient, nums[i])
			ev.client = a.ledger[ev.named].client
		case p.ClientID != "" || p.ClientName != "":
			a.reg.unmatched(InputPayments, pair, p.ClientID, p.ClientName, p.Ref, 1)
			a.tallyUnmatched(InputPayments, amountR, 1)
			continue
		case p.Invoice != "":
			a.issue(SeverityError, p.Ref, "invoice", p.Invoice, a.unknownInvoice(noClient, nums[i], p.Invoice)+" and the row names no client: the payment cannot be placed")
			continue
		default:
			a.issue(SeverityError, p.Ref, "client", "", "the row names neither a client nor an invoice")
			continue
		}
		a.clients[ev.client].paysRows = true
		evs = append(evs, ev)
	}
	a.issues = append(a.issues, left.issues()...)
	return a.selfSettled(evs, nCredits)
}

// selfSettled adds to evs the payments that invoices carrying their own
// payment state make (SPEC §3), for the clients with no rows in the
// payments input: a paid date settles the invoice on that date, for its
// amount less its balance when it has one; a balance and no paid date
// settles the paid part on an unknown date (a.unknownPaid). evs[:nCredits]
// are the credit notes.
func (a *analyzer) selfSettled(evs []event, nCredits int) []event {
	if !a.ownState {
		return evs
	}
	var credited map[int32]Money // credit notes applied to an invoice, in its currency
	for i := range a.ledger {
		li := &a.ledger[i]
		if li.credit || a.clients[li.client].paysRows {
			continue
		}
		inv := a.invs.Invoice(int(li.inv))
		if inv.PaidOn.IsZero() && !inv.HasBalance {
			continue
		}
		amount := abs(inv.Amount)
		paid := amount
		if inv.HasBalance {
			// The balance is net of the credit notes applied to the
			// invoice too: they are applied on their own dates.
			if credited == nil {
				credited = a.creditedTo(evs[:nCredits])
			}
			paid = amount - inv.Balance - credited[int32(i)]
		}
		if paid <= 0 {
			continue
		}
		if inv.PaidOn.IsZero() {
			a.unknownPaid = append(a.unknownPaid, appRec{ledger: int32(i), amount: paid})
			continue
		}
		if inv.PaidOn > a.r.AsOf {
			continue
		}
		paidR, _ := a.cur.toReporting(paid, li.cur) // no more than the invoice's amount
		evs = append(evs, event{date: inv.PaidOn, kind: 1, seq: int32(a.payRows + i), client: li.client, named: int32(i),
			amount: paid, amountR: paidR, cur: li.cur})
	}
	return evs
}

// creditedTo returns, by ledger index, what the credit notes among evs
// that apply to an invoice by AsOf take off it, in its currency.
func (a *analyzer) creditedTo(evs []event) map[int32]Money {
	out := map[int32]Money{}
	for k := range evs {
		cn := &a.ledger[evs[k].seq]
		inv := a.invs.Invoice(int(cn.inv))
		t := a.findInvoice(cn.client, a.nums.find(inv.AppliesTo))
		if t == noEntry {
			continue
		}
		m, ok := a.cur.convert(abs(inv.Amount), cn.cur, a.ledger[t].cur)
		if ok {
			out[t] += m
		}
	}
	return out
}

// apply applies the invoices' own paid parts of unknown date, then the
// events in date order. It uses neither the registry nor any client it
// does not already know.
func (a *analyzer) apply(evs []event) {
	for _, u := range a.unknownPaid {
		t := &a.ledger[u.ledger]
		take := min(u.amount, t.balance)
		t.balance -= take
		m, _ := a.cur.toReporting(take, t.cur)
		t.paidR += m
		t.lateUnknown = t.balance == 0
		// Paid on a date the export does not give, but after the issue
		// date and by the export's: in the window when the invoice is.
		if a.inWindow(t.issued) {
			a.clients[t.client].collected += m
		}
	}
	a.makePaymentRecs(evs)
	for _, k := range eventOrder(evs) {
		if ev := &evs[k]; ev.kind == 0 {
			a.applyCredit(ev)
		} else {
			a.applyPayment(ev)
		}
	}
}

// allocate applies the payments and credit notes to the ledger.
func (a *analyzer) allocate() { a.apply(a.events()) }

// makePaymentRecs gives each client room for its payments in the window,
// cut from one block, and makes room for their applications.
func (a *analyzer) makePaymentRecs(evs []event) {
	counts := make([]int, len(a.clients))
	total := 0
	for i := range evs {
		ev := &evs[i]
		if ev.kind == 0 || !a.inWindow(ev.date) {
			continue
		}
		counts[ev.client]++
		total++
	}
	block := make([]payRec, total)
	for i, n := range counts {
		a.clients[i].payments = cut(&block, n)[:0]
	}
	// Most payments settle one invoice.
	a.apps = make([]appRec, 0, total)
}

// countable reports whether n events over span days are put in order by
// counting (a slot per day): when the days are not many more than the
// events.
func countable(span int64, n int) bool { return span <= int64(n)+1<<16 }

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
	if !countable(int64(hi)-int64(lo)+1, len(evs)) {
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
	inv := a.invs.Invoice(int(cn.inv))
	num := a.nums.find(inv.AppliesTo)
	target := a.findInvoice(cn.client, num)
	if target == noEntry {
		a.issue(SeverityWarning, inv.Ref, "applies_to", inv.AppliesTo, "credit note "+inv.Number+" "+a.unknownInvoice(cn.client, num, inv.AppliesTo)+": it reduces revenue only")
		return
	}
	t := &a.ledger[target]
	if !t.open() {
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
	c := &a.clients[ev.client]
	var line *payRec
	if a.inWindow(ev.date) {
		c.collected += ev.amountR
		c.payments = append(c.payments, payRec{date: ev.date, seq: ev.seq, amountR: ev.amountR, refund: ev.refund})
		line = &c.payments[len(c.payments)-1]
		if ev.refund {
			c.refunds -= ev.amountR
		}
	}
	if ev.refund {
		// A refund pays money back: it lowers the credit on account and
		// re-opens no invoice.
		c.unapplied = max(0, c.unapplied+ev.amountR)
		return
	}
	a.scratch = a.scratch[:0]
	left := ev.amount
	if ev.named != noEntry {
		left = a.applyTo(ev.named, left, ev)
	}
	// The client's invoices oldest due first, past those all settled.
	for c.fifoStart < len(c.fifo) && !a.ledger[c.fifo[c.fifoStart]].open() {
		c.fifoStart++
	}
	for k := c.fifoStart; left > 0 && k < len(c.fifo); k++ {
		if idx := c.fifo[k]; a.ledger[idx].issued <= ev.date {
			left = a.applyTo(idx, left, ev)
		}
	}
	var m Money
	if left != 0 {
		m, _ = a.cur.toReporting(left, ev.cur) // no more than the payment
		c.unapplied += m
	}
	if line != nil {
		line.apps, line.nApps, line.unapplied = int32(len(a.apps)), int32(len(a.scratch)), m
		a.apps = append(a.apps, a.scratch...)
	}
}

// applyTo applies up to left (in the payment's currency) to invoice idx and
// returns what is left. What it applies is added to a.scratch.
func (a *analyzer) applyTo(idx int32, left Money, ev *event) Money {
	t := &a.ledger[idx]
	if !t.open() {
		return left
	}
	avail, _ := a.cur.convert(left, ev.cur, t.cur)
	take := min(avail, t.balance)
	t.balance -= take
	m, _ := a.cur.toReporting(take, t.cur)
	t.paidR += m
	t.paidOn = max(t.paidOn, ev.date)
	t.lateMoneyDays = t.lateMoneyDays.addMul(int64(m), int64(max(0, Days(t.due, ev.date))))
	if t.balance == 0 {
		t.settled = max(ev.date, t.issued)
	}
	a.scratch = append(a.scratch, appRec{ledger: idx, amount: m})
	if take == avail {
		return 0
	}
	back, _ := a.cur.convert(take, t.cur, ev.cur)
	return max(0, left-back)
}

// crossCheck compares, for each client whose payments settle its
// invoices, the balance each invoice carries with what the payments leave
// open at AsOf: one warning per client with a difference.
func (a *analyzer) crossCheck() {
	type diff struct {
		n     int
		first int32 // ledger index
	}
	if !a.ownState {
		return
	}
	var diffs map[int32]*diff
	var order []int32
	for i := range a.ledger {
		li := &a.ledger[i]
		if li.credit || !a.clients[li.client].paysRows {
			continue
		}
		inv := a.invs.Invoice(int(li.inv))
		if !inv.HasBalance || li.balance == inv.Balance {
			continue
		}
		if diffs == nil {
			diffs = map[int32]*diff{}
		}
		d, ok := diffs[li.client]
		if !ok {
			d = &diff{first: int32(i)}
			diffs[li.client] = d
			order = append(order, li.client)
		}
		d.n++
	}
	for _, ci := range order {
		d := diffs[ci]
		li := &a.ledger[d.first]
		inv := a.invs.Invoice(int(li.inv))
		verb := " carry"
		if d.n == 1 {
			verb = " carries"
		}
		a.issue(SeverityWarning, inv.Ref, "balance", FormatMoney(inv.Balance, inv.Currency),
			plural(d.n, "invoice")+" of "+a.reg.accounts[ci].name+verb+" a balance other than what the payments leave open at "+a.r.AsOf.Words()+
				" (first "+inv.Number+": "+FormatMoney(inv.Balance, inv.Currency)+" in the export, "+FormatMoney(li.balance, inv.Currency)+
				" after the payments): the payments input settles this client's invoices, the balance column is not used")
	}
}
