package analysis

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Analyze computes every client's figures, flags and verdict, and the
// portfolio figures, from d under r. It does not modify d. Records dated
// after r.AsOf are not known yet and are left out.
func Analyze(d *Data, r Rules) *Result {
	a := &analyzer{d: d, r: r, from: r.From(), reg: newRegistry(d)}
	a.readInvoices()
	a.readDisputes()
	a.allocate()
	a.readContacts()
	a.reg.finish()
	res := &Result{Rules: r, From: a.from}
	res.Clients = a.results()
	res.Portfolio = portfolio(res.Clients, r)
	raiseFlags(res)
	sortClients(res.Clients)
	res.Issues = append(a.reg.issues, a.issues...)
	return res
}

// ledgerInvoice is an invoice or credit note and its state as payments and
// credits are applied in date order.
type ledgerInvoice struct {
	inv     *Invoice
	client  int
	credit  bool
	number  string // folded
	amount  Money  // invoice currency, positive
	amountR Money  // reporting currency, positive
	balance Money  // invoice currency, open
	paidR   Money  // payments applied, reporting currency
	credR   Money  // credit notes applied, reporting currency
	settled Date
	// lateMoneyDays is Σ applied (reporting minor units) × days after due,
	// over payments applied to this invoice: the late-payment cost's base.
	lateMoneyDays int64
}

// clientAcc gathers one client's records.
type clientAcc struct {
	invoices  []int32 // ledger indices, invoices and credit notes
	fifo      []int32 // ledger indices of invoices, oldest due first
	fifoStart int     // fifo[:fifoStart] are all settled
	collected Money
	unapplied Money
	payments  []PaymentLine
	disputes  []DisputeLine
	contacts  []ContactLine
}

type analyzer struct {
	d       *Data
	r       Rules
	from    Date
	reg     *registry
	ledger  []ledgerInvoice
	clients []clientAcc
	// byNumber finds invoices (not credit notes) by folded number.
	byNumber map[string][]int32
	voided   map[string]bool
	// disputed holds the folded numbers some disputes row names.
	disputed map[string]bool
	issues   []Issue
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

func sameInvoice(x, y *Invoice) bool {
	return x.Number == y.Number && x.Issued == y.Issued && x.Due == y.Due && x.Amount == y.Amount &&
		strings.EqualFold(x.Currency, y.Currency) && x.Status == y.Status && x.Type == y.Type &&
		x.AppliesTo == y.AppliesTo && x.PaidOn == y.PaidOn && x.HasBalance == y.HasBalance &&
		x.Balance == y.Balance && x.Disputed == y.Disputed
}

func (a *analyzer) readInvoices() {
	type dupKey struct {
		client int
		number string
		credit bool
	}
	seen := map[dupKey]int{}
	a.byNumber = make(map[string][]int32, len(a.d.Invoices))
	a.voided = map[string]bool{}
	for i := range a.d.Invoices {
		inv := &a.d.Invoices[i]
		if isVoid(inv.Status) {
			a.voided[foldNumber(inv.Number)] = true
			a.issue(SeverityInfo, inv.Ref, "status", inv.Status, "invoice "+inv.Number+" is "+strings.ToLower(strings.TrimSpace(inv.Status))+": ignored")
			continue
		}
		if inv.Issued > a.r.AsOf {
			continue
		}
		ci, ok := a.reg.resolve(inv.ClientID, inv.ClientName, inv.Ref)
		if !ok {
			a.issue(SeverityError, inv.Ref, "client", "", "the row names no client")
			continue
		}
		credit := isCreditType(inv.Type) || inv.Amount < 0
		amount := inv.Amount
		if amount < 0 {
			amount = -amount
		}
		amountR, ok := a.r.Rates.ToReporting(amount, inv.Currency)
		if !ok {
			a.issue(SeverityError, inv.Ref, "currency", inv.Currency, "no fx rate for "+inv.Currency)
			continue
		}
		num := foldNumber(inv.Number)
		dk := dupKey{ci, num, credit}
		if first, ok := seen[dk]; ok {
			prev := &a.d.Invoices[first]
			if sameInvoice(prev, inv) {
				a.issue(SeverityWarning, inv.Ref, "number", inv.Number, "repeats row "+itoa(prev.Row)+" exactly: duplicate ignored")
			} else {
				a.issue(SeverityError, inv.Ref, "number", inv.Number, "invoice number already used for this client at row "+itoa(prev.Row)+" with different values: this row is rejected")
			}
			continue
		}
		seen[dk] = i
		li := ledgerInvoice{inv: inv, client: ci, credit: credit, number: num, amount: amount, amountR: amountR}
		if !credit {
			li.balance = amount
			if amount == 0 {
				li.settled = inv.Issued
			}
		}
		idx := int32(len(a.ledger))
		a.ledger = append(a.ledger, li)
		c := a.client(ci)
		c.invoices = append(c.invoices, idx)
		if !credit {
			c.fifo = append(c.fifo, idx)
			a.byNumber[num] = append(a.byNumber[num], idx)
		}
	}
	for i := range a.clients {
		c := &a.clients[i]
		slices.SortStableFunc(c.fifo, func(x, y int32) int {
			lx, ly := a.ledger[x].inv, a.ledger[y].inv
			return cmp.Or(cmp.Compare(lx.Due, ly.Due), cmp.Compare(lx.Issued, ly.Issued))
		})
	}
}

// findInvoice returns the ledger index of the invoice numbered num, of
// client ci when ci >= 0; -1 when there is none (or, with no client,
// when several clients have that number).
func (a *analyzer) findInvoice(ci int, num string) int {
	found := -1
	for _, idx := range a.byNumber[foldNumber(num)] {
		if ci >= 0 {
			if a.ledger[idx].client == ci {
				return int(idx)
			}
			continue
		}
		if found >= 0 && a.ledger[found].client != a.ledger[idx].client {
			return -1
		}
		if found < 0 {
			found = int(idx)
		}
	}
	return found
}

// unknownInvoice explains why a named invoice was not found for client ci.
func (a *analyzer) unknownInvoice(ci int, num string) string {
	switch {
	case a.voided[foldNumber(num)]:
		return "names invoice " + num + ", which is void"
	case ci >= 0 && a.findInvoice(-1, num) >= 0:
		return "names invoice " + num + ", which belongs to another client"
	case ci < 0 && len(a.byNumber[foldNumber(num)]) > 1:
		return "names invoice " + num + ", which several clients have"
	default:
		return "names invoice " + num + ", which is not in the invoices input"
	}
}

func (a *analyzer) readDisputes() {
	a.disputed = map[string]bool{}
	for i := range a.d.Disputes {
		if n := foldNumber(a.d.Disputes[i].Invoice); n != "" {
			a.disputed[n] = true
		}
	}
	for i := range a.d.Disputes {
		ds := &a.d.Disputes[i]
		if !a.r.InWindow(ds.Date) {
			continue
		}
		ci := -1
		if ds.ClientID != "" || ds.ClientName != "" {
			ci, _ = a.reg.resolve(ds.ClientID, ds.ClientName, ds.Ref)
		} else if idx := a.findInvoice(-1, ds.Invoice); idx >= 0 {
			ci = a.ledger[idx].client
		} else {
			a.issue(SeverityError, ds.Ref, "invoice", ds.Invoice, a.unknownInvoice(-1, ds.Invoice)+" and the row names no client: the dispute cannot be placed")
			continue
		}
		line := DisputeLine{Ref: ds.Ref, Date: ds.Date, Invoice: ds.Invoice, Reason: ds.Reason, Status: ds.Status}
		if ds.HasAmount {
			m, ok := a.r.Rates.ToReporting(ds.Amount, ds.Currency)
			if !ok {
				a.issue(SeverityError, ds.Ref, "currency", ds.Currency, "no fx rate for "+ds.Currency)
				continue
			}
			line.Amount, line.HasAmount = m, true
		}
		c := a.client(ci)
		c.disputes = append(c.disputes, line)
	}
	// An invoice marked disputed that no disputes row names is one dispute,
	// dated its issue date.
	for i := range a.ledger {
		li := &a.ledger[i]
		inv := li.inv
		if li.credit || !(inv.Disputed || isDisputedStatus(inv.Status)) || a.disputed[li.number] || !a.r.InWindow(inv.Issued) {
			continue
		}
		c := a.client(li.client)
		c.disputes = append(c.disputes, DisputeLine{Ref: inv.Ref, Date: inv.Issued, Invoice: inv.Number,
			Amount: li.amountR, HasAmount: true, Status: inv.Status, Reason: "invoice marked disputed", FromInvoice: true})
	}
}

// event is a dated change to balances: a credit note applied, or a payment.
type event struct {
	date Date
	kind uint8 // 0 credit note, 1 payment (credit notes first on the same day)
	seq  int32 // ledger index (credit) or payment index
	// for payments:
	client    int
	named     int // ledger index of the named invoice, -1 for none
	amount    Money
	currency  string
	synthetic bool
	pay       *Payment
}

func (a *analyzer) allocate() {
	var evs []event
	for i := range a.ledger {
		li := &a.ledger[i]
		if li.credit && li.inv.AppliesTo != "" {
			evs = append(evs, event{date: li.inv.Issued, kind: 0, seq: int32(i)})
		}
	}
	named := map[string]bool{}
	for i := range a.d.Payments {
		if n := foldNumber(a.d.Payments[i].Invoice); n != "" {
			named[n] = true
		}
	}
	for i := range a.d.Payments {
		p := &a.d.Payments[i]
		if p.Date > a.r.AsOf {
			continue
		}
		if !a.r.Rates.Has(p.Currency) {
			a.issue(SeverityError, p.Ref, "currency", p.Currency, "no fx rate for "+p.Currency)
			continue
		}
		ev := event{date: p.Date, kind: 1, seq: int32(i), named: -1, amount: p.Amount, currency: p.Currency, pay: p}
		switch {
		case p.ClientID != "" || p.ClientName != "":
			ev.client, _ = a.reg.resolve(p.ClientID, p.ClientName, p.Ref)
			if p.Invoice != "" {
				ev.named = a.findInvoice(ev.client, p.Invoice)
				if ev.named < 0 {
					a.issue(SeverityWarning, p.Ref, "invoice", p.Invoice, a.unknownInvoice(ev.client, p.Invoice)+": applied to the client's open invoices, oldest due first")
				}
			}
		case p.Invoice != "":
			ev.named = a.findInvoice(-1, p.Invoice)
			if ev.named < 0 {
				a.issue(SeverityError, p.Ref, "invoice", p.Invoice, a.unknownInvoice(-1, p.Invoice)+" and the row names no client: the payment cannot be placed")
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
		inv := li.inv
		if li.credit || named[li.number] || (inv.PaidOn.IsZero() && !inv.HasBalance) {
			continue
		}
		paid := li.amount
		if inv.HasBalance {
			paid = li.amount - inv.Balance
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
		evs = append(evs, event{date: when, kind: 1, seq: int32(len(a.d.Payments) + i), client: li.client, named: i,
			amount: paid, currency: inv.Currency, synthetic: true})
	}
	slices.SortFunc(evs, func(x, y event) int {
		return cmp.Or(cmp.Compare(x.date, y.date), cmp.Compare(x.kind, y.kind), cmp.Compare(x.seq, y.seq))
	})
	for i := range evs {
		if evs[i].kind == 0 {
			a.applyCredit(&evs[i])
		} else {
			a.applyPayment(&evs[i])
		}
	}
}

func (a *analyzer) applyCredit(ev *event) {
	cn := &a.ledger[ev.seq]
	target := a.findInvoice(cn.client, cn.inv.AppliesTo)
	if target < 0 {
		a.issue(SeverityWarning, cn.inv.Ref, "applies_to", cn.inv.AppliesTo, "credit note "+cn.inv.Number+" "+a.unknownInvoice(cn.client, cn.inv.AppliesTo)+": it reduces revenue only")
		return
	}
	t := &a.ledger[target]
	if t.balance <= 0 {
		return
	}
	avail, _ := a.r.Rates.Convert(cn.amount, cn.inv.Currency, t.inv.Currency)
	take := min(avail, t.balance)
	t.balance -= take
	m, _ := a.r.Rates.ToReporting(take, t.inv.Currency)
	t.credR += m
	if t.balance == 0 {
		t.settled = max(ev.date, t.inv.Issued)
	}
}

func (a *analyzer) applyPayment(ev *event) {
	c := a.client(ev.client)
	amountR, _ := a.r.Rates.ToReporting(ev.amount, ev.currency)
	var line *PaymentLine
	if a.r.InWindow(ev.date) {
		c.collected += amountR
		pl := PaymentLine{Date: ev.date, Amount: amountR, Currency: ev.currency, Synthetic: ev.synthetic}
		if ev.pay != nil {
			pl.Ref, pl.Invoice, pl.Reference = ev.pay.Ref, ev.pay.Invoice, ev.pay.Reference
		} else {
			inv := a.ledger[ev.named].inv
			pl.Ref, pl.Invoice, pl.Reference = inv.Ref, inv.Number, "paid date on the invoice"
		}
		c.payments = append(c.payments, pl)
		line = &c.payments[len(c.payments)-1]
	}
	if ev.amount <= 0 {
		// A refund pays money back: it lowers the credit on account.
		c.unapplied = max(0, c.unapplied+amountR)
		return
	}
	left := ev.amount
	if ev.named >= 0 {
		left = a.applyTo(ev.named, left, ev, line)
	}
	for k := c.fifoStart; left > 0 && k < len(c.fifo); k++ {
		idx := c.fifo[k]
		if a.ledger[idx].balance <= 0 {
			if k == c.fifoStart {
				c.fifoStart++
			}
			continue
		}
		if a.ledger[idx].inv.Issued > ev.date {
			continue
		}
		left = a.applyTo(int(idx), left, ev, line)
	}
	if left > 0 {
		m, _ := a.r.Rates.ToReporting(left, ev.currency)
		c.unapplied += m
		if line != nil {
			line.Unapplied = m
		}
	}
}

// applyTo applies up to left (in the payment's currency) to invoice idx and
// returns what is left.
func (a *analyzer) applyTo(idx int, left Money, ev *event, line *PaymentLine) Money {
	t := &a.ledger[idx]
	if t.balance <= 0 {
		return left
	}
	avail, _ := a.r.Rates.Convert(left, ev.currency, t.inv.Currency)
	take := min(avail, t.balance)
	t.balance -= take
	m, _ := a.r.Rates.ToReporting(take, t.inv.Currency)
	t.paidR += m
	t.lateMoneyDays += int64(m) * int64(max(0, Days(t.inv.Due, ev.date)))
	if t.balance == 0 {
		t.settled = max(ev.date, t.inv.Issued)
	}
	if line != nil {
		line.Applied = append(line.Applied, Application{Invoice: t.inv.Number, Amount: m})
	}
	if take == avail {
		return 0
	}
	back, _ := a.r.Rates.Convert(take, t.inv.Currency, ev.currency)
	return max(0, left-back)
}

func (a *analyzer) readContacts() {
	signals := [...]struct {
		name  string
		words []string
	}{
		{"abuse", lowerAll(a.r.Signals.Abuse)},
		{"scope_change", lowerAll(a.r.Signals.ScopeChange)},
		{"discount_request", lowerAll(a.r.Signals.DiscountRequest)},
	}
	for i := range a.d.Contacts {
		ct := &a.d.Contacts[i]
		if !a.r.InWindow(ct.Date) {
			continue
		}
		ci, ok := a.reg.resolve(ct.ClientID, ct.ClientName, ct.Ref)
		if !ok {
			a.issue(SeverityError, ct.Ref, "client", "", "the row names no client")
			continue
		}
		line := ContactLine{Contact: *ct, AfterHours: a.afterHours(ct.Date, ct.Time)}
		switch {
		case ct.Billable:
		case ct.HasCost:
			m, ok := a.r.Rates.ToReporting(ct.Cost, ct.Currency)
			if !ok {
				a.issue(SeverityError, ct.Ref, "currency", ct.Currency, "no fx rate for "+ct.Currency)
				continue
			}
			line.Cost = m
		case ct.HasHours:
			line.Cost = Money(mulDivRound(int64(a.r.SupportHour), int64(ct.Hours), int64(time.Hour)))
		default:
			line.Cost = a.r.SupportTicket
		}
		if ct.Tags != "" {
			tags := strings.ToLower(ct.Tags)
			for _, s := range signals {
				for _, w := range s.words {
					if w != "" && strings.Contains(tags, w) {
						line.Signals = append(line.Signals, s.name)
						break
					}
				}
			}
		}
		c := a.client(ci)
		c.contacts = append(c.contacts, line)
	}
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
