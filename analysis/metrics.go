package analysis

import (
	"cmp"
	"math/big"
	"slices"
	"sync"
	"time"
)

// results computes each client's figures from the ledger and records, on
// two cores: each client's figures read only that client's records.
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
	nm, na := len(a.months.starts), len(a.r.Aging)+2
	lineStart := make([]int, n+1) // client i's invoice lines start at lineStart[i]
	work := make([]int, n+1)      // records of clients before i
	for i := range n {
		lines, records := 0, 0
		if i < len(a.clients) {
			c := &a.clients[i]
			lines, records = c.inWindow, len(c.entries)+len(c.payments)
		}
		if i < len(a.contacts) {
			records += len(a.contacts[i])
		}
		lineStart[i+1], work[i+1] = lineStart[i]+lines, work[i]+records
	}
	months, aging, invoices := make([]Month, n*nm), make([]Money, n*na), make([]InvoiceLine, lineStart[n])
	out := make([]ClientResult, n)
	run := func(lo, hi int) {
		b := resultBlocks{
			months:   months[lo*nm : hi*nm],
			aging:    aging[lo*na : hi*na],
			invoices: invoices[lineStart[lo]:lineStart[hi]],
			late:     make([]int64, nm),
			daysLate: make([]int, nm),
			count:    make([]int, nm),
		}
		var none clientAcc
		for i := lo; i < hi; i++ {
			c := &none
			if i < len(a.clients) {
				c = &a.clients[i]
			}
			var contacts []ContactLine
			if i < len(a.contacts) {
				contacts = a.contacts[i]
			}
			out[i] = a.clientResult(a.reg.accounts[i], c, contacts, &b)
		}
	}
	// Split where half the records are on each side.
	mid, _ := slices.BinarySearch(work, work[n]/2)
	mid = min(mid, n)
	var wg sync.WaitGroup
	wg.Go(func() { run(mid, n) })
	run(0, mid)
	wg.Wait()
	return out
}

// resultBlocks are the blocks every client's slices are cut from, and
// scratch space for one client's monthly sums.
type resultBlocks struct {
	months   []Month
	aging    []Money
	invoices []InvoiceLine
	late     []int64 // Σ money × days late of the invoices issued in each month
	daysLate []int   // Σ days late of the invoices issued in each month
	count    []int   // invoices issued in each month
	touched  int     // what touchEntries read, kept so the reads stay
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

func (a *analyzer) clientResult(acc *account, c *clientAcc, contacts []ContactLine, b *resultBlocks) ClientResult {
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
	mt := &a.months
	res.Months = cut(&b.months, len(mt.starts))
	for k := range res.Months {
		res.Months[k].Start = mt.starts[k]
	}
	monthLate, monthDaysLate, monthInvoices := b.late, b.daysLate, b.count
	clear(monthLate)
	clear(monthDaysLate)
	clear(monthInvoices)

	res.Aging = cut(&b.aging, len(r.Aging)+2)
	res.InvoiceLines = cut(&b.invoices, c.inWindow)[:0]
	dsoFrom := r.AsOf.AddDays(-90)
	var (
		sumLate, settledCount, sumToPay int
		weighted, weightBase            int64
		lateMoneyDays                   int64
		dsoBase                         Money
		maxLate                         = -1
	)
	b.touched += a.touchEntries(c.entries)
	for _, idx := range c.entries {
		li := &a.ledger[idx]
		in := a.inWindow(li.issued)
		if li.credit {
			if in {
				inv := &a.d.Invoices[li.inv]
				res.CreditNotes += li.amountR
				res.CreditNoteCount++
				res.Months[mt.index(li.issued)].Revenue -= li.amountR
				res.InvoiceLines = append(res.InvoiceLines, InvoiceLine{Ref: inv.Ref, Number: inv.Number, Issued: inv.Issued, Due: inv.Due,
					Amount: -li.amountR, Currency: inv.Currency, Credit: true, Status: "Credit note"})
			}
			continue
		}
		balR, _ := a.cur.toReporting(li.balance, li.cur)
		pastDue := Days(li.due, r.AsOf)
		if li.balance > 0 {
			res.Outstanding += balR
			res.Aging[agingBucket(pastDue, r.Aging)] += balR
			if pastDue > 0 {
				res.Overdue += balR
			}
		}
		if li.issued > dsoFrom {
			dsoBase += li.amountR
		}
		if !in {
			continue
		}
		late := 0
		if li.balance > 0 {
			late = max(0, pastDue)
		} else {
			late = max(0, Days(li.due, li.settled))
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
			res.PaidLate++
		}
		if late > r.SevereLateDays {
			res.SeverelyLate++
		}
		md := li.lateMoneyDays
		if li.balance > 0 {
			md += int64(balR) * int64(max(0, pastDue))
		}
		lateMoneyDays += md
		k := mt.index(li.issued)
		res.Months[k].Revenue += li.amountR
		monthLate[k] += md
		monthDaysLate[k] += late
		monthInvoices[k]++

		status := "Paid"
		switch {
		case li.balance > 0 && pastDue > 0:
			status = "Overdue"
		case li.balance > 0:
			status = "Open"
		case late > 0:
			status = "Paid late"
		}
		inv := &a.d.Invoices[li.inv]
		res.InvoiceLines = append(res.InvoiceLines, InvoiceLine{Ref: inv.Ref, Number: inv.Number, Issued: inv.Issued, Due: inv.Due,
			Amount: li.amountR, Currency: inv.Currency, Paid: li.paidR, Credited: li.credR, Balance: balR,
			Settled: li.settled, DaysLate: late, Status: status, Disputed: li.disputed})
	}
	if len(res.InvoiceLines) == 0 {
		res.InvoiceLines = nil
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

	// Payments, disputes and contacts in the window.
	res.PaymentLines = c.payments
	for k := range c.payments {
		p := &c.payments[k]
		res.Months[mt.index(p.Date)].Collected += p.Amount
	}
	res.DisputeLines = c.disputes
	slices.SortStableFunc(res.DisputeLines, func(x, y DisputeLine) int { return cmp.Compare(x.Date, y.Date) })
	res.Disputes = len(c.disputes)
	for k := range c.disputes {
		res.Months[mt.index(c.disputes[k].Date)].Disputes++
	}
	if res.Invoices > 0 {
		res.DisputeRate = Some(float64(res.Disputes) / float64(res.Invoices))
	}
	res.ContactLines = contacts
	slices.SortStableFunc(res.ContactLines, func(x, y ContactLine) int {
		return cmp.Or(cmp.Compare(x.Date, y.Date), cmp.Compare(x.Time, y.Time))
	})
	var hours time.Duration
	for k := range contacts {
		ct := &contacts[k]
		res.Contacts++
		res.SupportCost += ct.Cost
		if ct.HasHours {
			hours += ct.Hours
		}
		m := &res.Months[mt.index(ct.Date)]
		m.Contacts++
		m.SupportCost += ct.Cost
		if ct.AfterHours {
			res.AfterHours++
			m.AfterHours++
		}
	}
	res.SupportHours = hours.Hours()
	if r.WindowMonths > 0 {
		res.ContactsPerMonth = float64(res.Contacts) / float64(r.WindowMonths)
	}
	slices.SortStableFunc(res.InvoiceLines, func(x, y InvoiceLine) int {
		return cmp.Or(cmp.Compare(x.Issued, y.Issued), cmp.Compare(x.Row, y.Row))
	})

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
	for k := range res.Months {
		m := &res.Months[k]
		m.Profit = m.Revenue - m.SupportCost - delivery.mul(m.Revenue) - capital.cost(monthLate[k])
		if monthInvoices[k] > 0 {
			m.AvgDaysLate = Some(float64(monthDaysLate[k]) / float64(monthInvoices[k]))
		}
	}
	return res
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
