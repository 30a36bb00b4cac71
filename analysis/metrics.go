package analysis

import (
	"cmp"
	"slices"
	"sync"
	"time"
)

// results computes each client's figures from the ledger and records, on
// two cores: each client's figures read only that client's records. It
// fills a.facts for the flags and lists no records (evidence does, for
// the clients Rules.Evidence accepts, once the flags are raised), except
// each client's open invoices, which every client gets.
func (a *analyzer) results() []ClientResult {
	a.months = newMonthTable(a.from, a.r.AsOf)
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
	work := make([]int, n+1)  // records of clients before i
	opens := make([]int, n+1) // open invoices of clients before i
	for i := range n {
		r := a.recs(i)
		work[i+1] = work[i] + r.size()
		opens[i+1] = opens[i]
		for _, idx := range r.acc.fifo[r.acc.fifoStart:] {
			if a.ledger[idx].open() {
				opens[i+1]++
			}
		}
	}
	aging := make([]Money, n*na)
	openBlock := make([]OpenInvoice, opens[n])
	out := make([]ClientResult, n)
	a.facts = make([]flagFacts, n)
	var touched [2]int // what touchEntries read, kept so that the reads stay
	splitWork(work, func(half, lo, hi int) {
		block, open, t := aging[lo*na:hi*na], openBlock[opens[lo]:opens[hi]], 0
		for i := lo; i < hi; i++ {
			r := a.recs(i)
			t += a.touchEntries(r.acc.entries)
			out[i] = a.clientResult(a.reg.accounts[i], r, &block, &open, &a.facts[i])
		}
		touched[half] = t
	})
	return out
}

// clientRecs are one client's records.
type clientRecs struct {
	acc      *clientAcc
	contacts []int32 // in a.contacts.t.cts, in input order until clientResult puts them in date order
	work     []int32 // in a.work.t.sums
	expenses []int32 // in a.expenses.t.sums
	// workRows and expenseRows are its rows in date order, in
	// a.work.t.rows and a.expenses.t.rows, when the tallies keep them.
	workRows, expenseRows []int32
}

// size is how many records the client has: the work of its figures and
// of its lines, by which splitWork shares the clients between two cores.
func (r clientRecs) size() int {
	return len(r.acc.entries) + len(r.acc.payments) + len(r.contacts) + len(r.work) + len(r.expenses) + len(r.workRows) + len(r.expenseRows)
}

// recs returns client i's records.
func (a *analyzer) recs(i int) clientRecs {
	r := clientRecs{acc: &a.clients[i], contacts: a.contacts.of[i], work: a.work.of[i], expenses: a.expenses.of[i]}
	if a.work.lines != nil {
		r.workRows = a.work.lines[i]
	}
	if a.expenses.lines != nil {
		r.expenseRows = a.expenses.lines[i]
	}
	return r
}

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

// clientResult computes one client's figures, and the facts its flags
// tell, from its records. It sorts the client's disputes, contacts, time
// and expense rows, and cuts its aging buckets and open invoices from
// the blocks given.
func (a *analyzer) clientResult(acc *account, recs clientRecs, aging *[]Money, open *[]OpenInvoice, f *flagFacts) ClientResult {
	r := &a.r
	c := recs.acc
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
	dsoFrom, recentFrom := r.AsOf.AddDays(-90), r.AsOf.AddDays(-90)
	var (
		sums     moneySums
		late     = newLateness()
		recent   = newLateness() // invoices due in the last 90 days
		dsoBase  Money
		nOpen    int
		openFrom = *open
		worst    = noEntry // the ledger index of the invoice most days late
	)
	for _, idx := range c.entries {
		li := &a.ledger[idx]
		in := a.inWindow(li.issued)
		if li.credit {
			if in {
				sums.credits += li.netR
				res.CreditNoteCount++
			}
			continue
		}
		s := a.at(li)
		if li.open() {
			res.Outstanding += s.balR
			b := agingBucket(s.pastDue, r.Aging)
			res.Aging[b] += s.balR
			if s.pastDue > 0 {
				res.Overdue += s.balR
			}
			if s.pastDue > r.GraceDays {
				res.OpenOverdue++
			}
			inv := a.invs.Invoice(int(li.inv))
			openFrom[nOpen] = OpenInvoice{Ref: inv.Ref, Number: inv.Number, Issued: li.issued, Due: li.due, Amount: li.amountR,
				Balance: s.balR, Currency: inv.Currency, DaysOverdue: s.pastDue, Bucket: b, LastPayment: li.paidOn}
			nOpen++
		}
		if li.issued > dsoFrom {
			dsoBase += li.amountR
		}
		if li.due > recentFrom && li.due <= r.AsOf {
			recent.add(li, &s, r)
		}
		if !in {
			continue
		}
		sums.invoiced += li.netR
		sums.lateMoneyDays = sums.lateMoneyDays.add(s.moneyDays)
		late.add(li, &s, r)
		// The worst is the earliest in the invoice lines' order (issue
		// date, row, input order) of those most days late.
		if !li.lateUnknown && s.late > 0 && (worst == noEntry || s.late > f.worstLate || s.late == f.worstLate && a.linesBefore(idx, worst)) {
			worst, f.worstLate = idx, s.late
		}
	}
	if worst != noEntry {
		li := &a.ledger[worst]
		f.hasWorst, f.worstNumber, f.worstOpen = true, a.invs.invoiceNumber(int(li.inv)), li.settled.IsZero()
	}
	if nOpen > 0 {
		res.OpenInvoices = cut(open, nOpen)
		slices.SortStableFunc(res.OpenInvoices, func(x, y OpenInvoice) int {
			return cmp.Or(cmp.Compare(x.Due, y.Due), cmp.Compare(x.Issued, y.Issued), cmp.Compare(x.Row, y.Row))
		})
	}
	res.Invoiced, res.CreditNotes, res.Invoices = sums.invoiced, sums.credits, late.n
	res.UnknownLateness = late.unknown
	res.AvgDaysLate, res.WeightedDaysLate, res.MaxDaysLate, res.AvgDaysToPay = late.avg(), late.weightedAvg(), late.max(), late.toPay()
	res.WeightedDaysLate90 = recent.weightedAvg()
	res.LateInvoices, res.SeverelyLate = late.late, late.severe
	res.Collected, res.Refunds, res.Unapplied = c.collected, c.refunds, c.unapplied
	if dsoBase != 0 {
		res.DSO = Some(float64(res.Outstanding) / float64(dsoBase) * 90)
	}

	// Disputes, contacts, time and expenses in the window, in the order
	// their lines list them.
	slices.SortStableFunc(c.disputes, func(x, y disputeRec) int { return cmp.Compare(x.date, y.date) })
	res.Disputes = len(c.disputes)
	if n := len(c.disputes); n > 0 {
		last := &c.disputes[n-1]
		f.hasDispute, f.lastDispute, f.lastDisputeInvoice = true, last.date, a.disputeInvoice(last)
	}
	if res.Invoices > 0 {
		res.DisputeRate = Some(float64(res.Disputes) / float64(res.Invoices))
	}
	// The contacts in date and time order, each moment's in input order:
	// the order of their lines too.
	cts := &a.contacts.t.cts
	slices.SortFunc(recs.contacts, func(x, y int32) int {
		cx, cy := cts.at(int(x)), cts.at(int(y))
		return cmp.Or(cmp.Compare(cx.date, cy.date), cmp.Compare(cx.time, cy.time), cmp.Compare(x, y))
	})
	for _, k := range recs.contacts {
		ct := cts.at(int(k))
		res.Contacts++
		res.SupportHours += ct.hours.Hours()
		sums.addCost(ct.cost, ct.bits)
		if ct.bits&rowAfterHours != 0 {
			res.AfterHours++
			f.afterHours(ct.date, ct.time, a.r)
		}
		f.signals(ct.bits, ct.date)
	}
	var worked wide
	for _, k := range recs.work {
		w := a.work.t.sums.at(int(k))
		worked = worked.add(w.hours)
		sums.addCost(w.cost, w.meta)
	}
	res.Hours = res.SupportHours + hoursOf(worked)
	for _, k := range recs.expenses {
		sums.expenses += a.expenses.t.sums.at(int(k)).cost
	}
	if r.WindowMonths > 0 {
		res.ContactsPerMonth = float64(res.Contacts) / float64(r.WindowMonths)
	}

	mf := a.moneyOf(&sums)
	f.held = mf.held
	res.Revenue, res.DeliveryCost, res.LatePaymentCost, res.Profit = mf.revenue, mf.delivery, mf.late, mf.profit
	res.SupportCost, res.Expenses = sums.support, sums.expenses
	res.Margin = marginOf(mf)
	res.PriceChange = priceChangeOf(&sums, mf, r)
	res.RevenuePerHour = perHour(res.Revenue, res.Hours, r.Currency)
	f.inactive = c.inWindow == 0 && len(c.payments) == 0 && len(recs.contacts) == 0 && len(recs.work) == 0 && len(recs.expenses) == 0
	return res
}

// addCost adds the cost of a support or time row whose bits are given:
// Delivery cost when it is billable (rowBillable), else Support cost.
func (s *moneySums) addCost(cost Money, bits uint8) {
	if bits&rowBillable != 0 {
		s.billable += cost
	} else {
		s.support += cost
	}
}

// linesBefore reports whether ledger entry x comes before y in the order
// InvoiceLines lists them: by issue date, then row, then input order.
func (a *analyzer) linesBefore(x, y int32) bool {
	lx, ly := &a.ledger[x], &a.ledger[y]
	return cmp.Or(cmp.Compare(lx.issued, ly.issued), cmp.Compare(a.invs.invoiceRow(int(lx.inv)), a.invs.invoiceRow(int(ly.inv))), cmp.Compare(x, y)) == -1
}

// disputeInvoice is the invoice number a dispute names, as its line
// gives it.
func (a *analyzer) disputeInvoice(d *disputeRec) string {
	if d.src >= 0 {
		return a.d.Disputes[d.src].Invoice
	}
	return a.invs.invoiceNumber(int(a.ledger[^d.src].inv))
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
		sum += int(li.issued) + a.invs.invoiceRow(int(li.inv))
	}
	return sum
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
