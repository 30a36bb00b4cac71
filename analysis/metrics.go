package analysis

import (
	"cmp"
	"math/big"
	"slices"
	"sync"
	"time"
)

// results computes each client's figures from the ledger and records, on
// two cores: each client's figures read only that client's records. It
// fills a.facts for the flags and lists no records: evidence does, for
// the clients Rules.Evidence accepts, once the flags are raised.
func (a *analyzer) results() []ClientResult {
	a.months = newMonthTable(a.from, a.r.AsOf)
	a.ratios()
	// Work out every conversion the figures make before they are shared.
	for _, acc := range a.reg.accounts {
		if m := acc.master; m != nil && m.HasFee {
			a.cur.of(m.Currency)
		}
	}
	for i := range a.cur.codes {
		a.cur.has(int32(i))
	}

	n := len(a.reg.accounts)
	na := len(a.r.Aging) + 2
	work := make([]int, n+1) // records of clients before i
	for i := range n {
		c, contacts := a.acc(i)
		work[i+1] = work[i] + len(c.entries) + len(c.payments) + len(contacts)
	}
	aging := make([]Money, n*na)
	out := make([]ClientResult, n)
	a.facts = make([]flagFacts, n)
	var touched [2]int // what touchEntries read, kept so that the reads stay
	splitWork(work, func(half, lo, hi int) {
		block, t := aging[lo*na:hi*na], 0
		for i := lo; i < hi; i++ {
			c, contacts := a.acc(i)
			t += a.touchEntries(c.entries)
			out[i] = a.clientResult(a.reg.accounts[i], c, contacts, &block, &a.facts[i])
		}
		touched[half] = t
	})
	return out
}

// acc returns client i's records: its ledger entries, payments and
// disputes, and its contacts.
func (a *analyzer) acc(i int) (*clientAcc, []contactRec) {
	c := &noRecords
	if i < len(a.clients) {
		c = &a.clients[i]
	}
	var contacts []contactRec
	if i < len(a.contacts) {
		contacts = a.contacts[i]
	}
	return c, contacts
}

// noRecords are the records of a client that has none (one named only
// by the clients input).
var noRecords clientAcc

// splitWork runs run(0, 0, mid) and run(1, mid, n) on two goroutines,
// where work[i] is the work of the items before i (len(work) is n+1):
// mid splits the work in halves.
func splitWork(work []int, run func(half, lo, hi int)) {
	n := len(work) - 1
	mid, _ := slices.BinarySearch(work, work[n]/2)
	mid = min(mid, n)
	var wg sync.WaitGroup
	wg.Go(func() { run(1, mid, n) })
	run(0, 0, mid)
	wg.Wait()
}

// cut returns the next n elements of *block, capped at n.
func cut[T any](block *[]T, n int) []T {
	s := (*block)[:n:n]
	*block = (*block)[n:]
	return s
}

// lateCost prices moneyDays (minor units × days late) at the capital rate:
// moneyDays × rate / 365, rounded half away from zero.
func lateCost(moneyDays int64, rate float64) Money {
	return lateRateOf(rate).cost(moneyDays)
}

// lateRate is the capital rate per day, rate / 365, exactly.
type lateRate struct {
	zero  bool
	x     exact
	valid bool // rate has a decimal form
	rate  float64
}

func lateRateOf(rate float64) lateRate {
	if rate == 0 {
		return lateRate{zero: true}
	}
	q := ratOf(rate)
	if q == nil {
		return lateRate{rate: rate}
	}
	return lateRate{x: exactOf(q.Quo(q, big.NewRat(365, 1))), valid: true, rate: rate}
}

func (l lateRate) cost(moneyDays int64) Money {
	switch {
	case l.zero || moneyDays == 0:
		return 0
	case !l.valid:
		return RoundHalfAway(float64(moneyDays) * l.rate / 365)
	}
	return l.x.mul(Money(moneyDays))
}

// monthTable maps the days of the window to the calendar months it
// touches.
type monthTable struct {
	from   Date
	starts []Date  // first day of each month, oldest first
	of     []int32 // by day of the window (from+1 is 0): its month's index
}

func newMonthTable(from, asOf Date) monthTable {
	t := monthTable{from: from}
	y, m, _ := from.AddDays(1).YMD()
	first := y*12 + int(m) - 1
	for d := from + 1; d <= asOf; d++ {
		y, m, _ := d.YMD()
		k := y*12 + int(m) - 1 - first
		t.of = append(t.of, int32(k))
	}
	y, m, _ = asOf.YMD()
	for k := range max(0, y*12+int(m)-1-first+1) {
		t.starts = append(t.starts, NewDate((first+k)/12, time.Month((first+k)%12+1), 1))
	}
	return t
}

// index returns the slot of d, a date in the window, in the window's
// months.
func (t *monthTable) index(d Date) int { return int(t.of[d-t.from-1]) }

// invoiceAt is an invoice's state at AsOf.
type invoiceAt struct {
	balR    Money // open balance, reporting currency
	pastDue int   // days from its due date to AsOf
	late    int   // days late: to AsOf while open, to its settlement once settled
	// moneyDays is Σ money (reporting minor units) × days late: the
	// late-payment cost's base.
	moneyDays int64
}

// at returns the state at AsOf of li, an invoice (not a credit note).
func (a *analyzer) at(li *ledgerInvoice) invoiceAt {
	balR, _ := a.cur.toReporting(li.balance, li.cur)
	s := invoiceAt{balR: balR, pastDue: Days(li.due, a.r.AsOf), moneyDays: li.lateMoneyDays}
	if li.balance > 0 {
		s.late = max(0, s.pastDue)
		s.moneyDays += int64(balR) * int64(max(0, s.pastDue))
	} else {
		s.late = max(0, Days(li.due, li.settled))
	}
	return s
}

// clientResult computes one client's figures, and the facts its flags
// tell, from its records. It sorts the client's disputes and contacts.
func (a *analyzer) clientResult(acc *account, c *clientAcc, contacts []contactRec, aging *[]Money, f *flagFacts) ClientResult {
	r := a.r
	res := ClientResult{Key: acc.key, Name: acc.name, ID: acc.id, Aliases: acc.aliases}
	if m := acc.master; m != nil {
		res.RenewalDate, res.Owner = m.RenewalDate, m.Owner
		if m.HasFee {
			if fee, ok := a.cur.toReporting(m.MonthlyFee, a.cur.of(m.Currency)); ok {
				res.MonthlyFee, res.HasFee = fee, true
			}
		}
	}

	res.Aging = cut(aging, len(r.Aging)+2)
	dsoFrom := r.AsOf.AddDays(-90)
	var (
		sumLate, settledCount, sumToPay int
		weighted, weightBase            int64
		lateMoneyDays                   int64
		dsoBase                         Money
		maxLate                         = -1
		worst                           = int32(-1) // the ledger index of the invoice most days late
	)
	for _, idx := range c.entries {
		li := &a.ledger[idx]
		in := a.inWindow(li.issued)
		if li.credit {
			if in {
				res.CreditNotes += li.amountR
				res.CreditNoteCount++
			}
			continue
		}
		s := a.at(li)
		if li.balance > 0 {
			res.Outstanding += s.balR
			res.Aging[agingBucket(s.pastDue, r.Aging)] += s.balR
			if s.pastDue > 0 {
				res.Overdue += s.balR
			}
		}
		if li.issued > dsoFrom {
			dsoBase += li.amountR
		}
		if !in {
			continue
		}
		late := s.late
		if li.balance <= 0 {
			sumToPay += Days(li.issued, li.settled)
			settledCount++
		}
		res.Invoices++
		res.Invoiced += li.amountR
		sumLate += late
		weighted += int64(li.amountR) * int64(late)
		weightBase += int64(li.amountR)
		maxLate = max(maxLate, late)
		if late > r.GraceDays {
			res.LateInvoices++
		}
		if late > r.SevereLateDays {
			res.SeverelyLate++
		}
		lateMoneyDays += s.moneyDays
		// The worst is the earliest in the invoice lines' order (issue
		// date, row, input order) of those most days late.
		if late > 0 && (worst < 0 || late > f.worstLate || late == f.worstLate && a.linesBefore(idx, worst)) {
			worst, f.worstLate = idx, late
		}
	}
	if worst >= 0 {
		li := &a.ledger[worst]
		f.hasWorst, f.worstNumber, f.worstOpen = true, a.d.Invoices[li.inv].Number, li.settled.IsZero()
	}
	res.Revenue = res.Invoiced - res.CreditNotes
	res.Collected = c.collected
	res.Unapplied = c.unapplied
	if res.Invoices > 0 {
		res.AvgDaysLate = Some(float64(sumLate) / float64(res.Invoices))
		res.MaxDaysLate = Some(float64(maxLate))
	}
	if weightBase > 0 {
		res.WeightedDaysLate = Some(float64(weighted) / float64(weightBase))
	}
	if settledCount > 0 {
		res.AvgDaysToPay = Some(float64(sumToPay) / float64(settledCount))
	}
	if dsoBase != 0 {
		res.DSO = Some(float64(res.Outstanding) / float64(dsoBase) * 90)
	}

	// Disputes and contacts in the window, in the order their lines list
	// them.
	slices.SortStableFunc(c.disputes, func(x, y disputeRec) int { return cmp.Compare(x.date, y.date) })
	res.Disputes = len(c.disputes)
	if n := len(c.disputes); n > 0 {
		last := &c.disputes[n-1]
		f.hasDispute, f.lastDispute, f.lastDisputeInvoice = true, last.date, a.disputeInvoice(last)
	}
	if res.Invoices > 0 {
		res.DisputeRate = Some(float64(res.Disputes) / float64(res.Invoices))
	}
	slices.SortStableFunc(contacts, func(x, y contactRec) int {
		return cmp.Or(cmp.Compare(x.date, y.date), cmp.Compare(x.time, y.time))
	})
	var hours time.Duration
	for k := range contacts {
		ct := &contacts[k]
		res.Contacts++
		res.SupportCost += ct.cost
		hours += ct.hours
		if ct.bits&contactAfterHours != 0 {
			res.AfterHours++
			f.afterHours(ct.date, ct.time, r)
		}
		f.signals(ct.bits, ct.date)
	}
	res.SupportHours = hours.Hours()
	if r.WindowMonths > 0 {
		res.ContactsPerMonth = float64(res.Contacts) / float64(r.WindowMonths)
	}

	// Profit.
	delivery, capital := a.ratios()
	res.DeliveryCost = delivery.mul(res.Revenue)
	res.LatePaymentCost = capital.cost(lateMoneyDays)
	res.Profit = res.Revenue - res.SupportCost - res.DeliveryCost - res.LatePaymentCost
	if res.Revenue > 0 {
		res.Margin = Some(float64(res.Profit) / float64(res.Revenue))
		if res.Margin.Value < r.MinMargin {
			if denom := 1 - r.DeliveryRatio - r.MinMargin; denom > 0 {
				need := float64(res.SupportCost+res.LatePaymentCost) / denom
				res.PriceChange = Some(need/float64(res.Revenue) - 1)
			}
		}
	}
	return res
}

// linesBefore reports whether ledger entry x comes before y in the order
// InvoiceLines lists them: by issue date, then row, then input order.
func (a *analyzer) linesBefore(x, y int32) bool {
	lx, ly := &a.ledger[x], &a.ledger[y]
	if lx.issued != ly.issued {
		return lx.issued < ly.issued
	}
	rx, ry := a.d.Invoices[lx.inv].Row, a.d.Invoices[ly.inv].Row
	if rx != ry {
		return rx < ry
	}
	return x < y
}

// disputeInvoice is the invoice number a dispute names, as its line
// gives it.
func (a *analyzer) disputeInvoice(d *disputeRec) string {
	if d.src >= 0 {
		return a.d.Disputes[d.src].Invoice
	}
	return a.d.Invoices[a.ledger[^d.src].inv].Number
}

// touchEntries reads a word of each ledger entry in idx and of its
// invoice. A client's entries lie far apart in the ledger and in the
// invoices, and memory answers in hundreds of nanoseconds; reading them
// here, in a loop whose loads do not wait on each other, lets the
// processor fetch them all at once before the loop that uses them.
func (a *analyzer) touchEntries(idx []int32) int {
	var sum int
	for _, k := range idx {
		li := &a.ledger[k]
		sum += int(li.issued) + a.d.Invoices[li.inv].Row
	}
	return sum
}

// ratios returns the delivery ratio and the capital rate ready for
// arithmetic, worked out on first use.
func (a *analyzer) ratios() (ratio, lateRate) {
	if !a.ratiosReady {
		a.delivery, a.capital, a.ratiosReady = ratioOf(a.r.DeliveryRatio), lateRateOf(a.r.CapitalRate), true
	}
	return a.delivery, a.capital
}

// agingBucket returns the Aging slot of an open balance pastDue days past
// its due date: 0 for not yet due, then one per bound, then over the last.
func agingBucket(pastDue int, bounds []int) int {
	if pastDue <= 0 {
		return 0
	}
	for i, b := range bounds {
		if pastDue <= b {
			return i + 1
		}
	}
	return len(bounds) + 1
}
