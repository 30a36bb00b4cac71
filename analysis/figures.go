package analysis

import (
	"math"
	"math/big"
)

// The money figures of SPEC §4 are each worked out here, once: a client's
// row (clientResult) and each of its months (listRecords) add up the same
// sums and call moneyOf, marginOf and priceChangeOf.

// moneySums are what a client's, or one month's, money figures are made
// of, in the reporting currency.
type moneySums struct {
	invoiced Money // Σ amount less tax of the invoices issued
	credits  Money // Σ |amount| less tax of the credit notes issued
	billable Money // Σ cost of billable support and time rows
	support  Money // Σ cost of non-billable support and time rows
	expenses Money // Σ expenses
	// lateMoneyDays is Σ money × days late (reporting minor units × days)
	// of the invoices issued: applied × days(due, paid) for each payment,
	// and the open balance × days(due, as_of).
	lateMoneyDays wide
}

// moneyFigures are the money figures that follow from moneySums.
type moneyFigures struct {
	revenue  Money // Invoiced − Credit notes
	delivery Money // billable costs + Revenue × delivery_ratio
	late     Money // Late-payment cost
	profit   Money // Revenue − Delivery − Support − Expenses − Late-payment cost
	// held is set when a figure was too large to hold and was held at
	// maxFigure.
	held bool
}

// moneyOf works out Revenue, Delivery cost, Late-payment cost and Profit
// from s.
func (a *analyzer) moneyOf(s *moneySums) moneyFigures {
	f := moneyFigures{revenue: s.invoiced - s.credits}
	share, ok := a.delivery.mul(f.revenue)
	if !ok {
		share = math.MaxInt64 ^ f.revenue>>63 // of the revenue's sign: ratios are not negative
	}
	if held := min(max(share, -maxFigure), maxFigure); held != share {
		share, f.held = held, true
	}
	f.delivery = s.billable + share
	f.late, ok = a.capital.cost(s.lateMoneyDays)
	if !ok {
		f.late, f.held = maxFigure, true
	}
	f.profit = f.revenue - f.delivery - s.support - s.expenses - f.late
	return f
}

// marginOf is Margin: Profit / Revenue, blank when Revenue ≤ 0.
func marginOf(f moneyFigures) Maybe {
	if f.revenue <= 0 {
		return Maybe{}
	}
	return Some(float64(f.profit) / float64(f.revenue))
}

// priceChangeOf is Price change needed: when Margin < min_margin and
// Revenue > 0, R / Revenue − 1 where R = (Delivery cost − Revenue ×
// delivery_ratio + Support cost + Expenses + Late-payment cost) /
// (1 − delivery_ratio − min_margin), the revenue that meets min_margin
// with the costs held; else blank. Delivery cost − Revenue ×
// delivery_ratio is the billable work's cost.
func priceChangeOf(s *moneySums, f moneyFigures, r *Rules) Maybe {
	m := marginOf(f)
	if !m.Valid || m.Value >= r.MinMargin {
		return Maybe{}
	}
	denom := 1 - r.DeliveryRatio - r.MinMargin
	if denom <= 0 {
		return Maybe{}
	}
	fixed := float64(s.billable) + float64(s.support) + float64(s.expenses) + float64(f.late)
	return Some(fixed/denom/float64(f.revenue) - 1)
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

// cost prices moneyDays (minor units × days late) at the capital rate:
// moneyDays × rate / 365, rounded half away from zero; ok is false when
// that is more than maxFigure.
func (l lateRate) cost(moneyDays wide) (Money, bool) {
	if l.zero || moneyDays.isZero() {
		return 0, true
	}
	var m Money
	var ok bool
	switch md, fits := moneyDays.int64(); {
	case !l.valid:
		x := math.Round(moneyDays.float() * l.rate / 365)
		m, ok = Money(x), math.Abs(x) <= float64(maxFigure)
	case fits:
		m, ok = l.x.mul(Money(md))
	default:
		q := new(big.Rat).SetInt(moneyDays.big())
		if l.x.big != nil {
			q.Mul(q, l.x.big)
		} else {
			q.Mul(q, big.NewRat(l.x.num, l.x.den))
		}
		m, ok = roundRat(q)
	}
	if !ok || abs(m) > maxFigure {
		return maxFigure, false
	}
	return m, true
}

// invoiceAt is an invoice's state at AsOf.
type invoiceAt struct {
	balR    Money // open balance, reporting currency
	pastDue int   // days from its due date to AsOf
	late    int   // days late: to AsOf while open, to its settlement once settled
	// moneyDays is Σ money (reporting minor units) × days late: the
	// late-payment cost's base.
	moneyDays wide
}

// at returns the state at AsOf of li, an invoice (not a credit note):
// the one place an invoice's days late are worked out. They mean nothing
// when li.lateUnknown.
func (a *analyzer) at(li *ledgerInvoice) invoiceAt {
	balR, _ := a.cur.toReporting(li.balance, li.cur) // no more than its amount
	s := invoiceAt{balR: balR, pastDue: Days(li.due, a.r.AsOf), moneyDays: li.lateMoneyDays}
	if li.open() {
		s.late = max(0, s.pastDue)
		s.moneyDays = s.moneyDays.addMul(int64(balR), int64(s.late))
	} else {
		s.late = max(0, Days(li.due, li.settled))
	}
	return s
}

// lateness gathers the lateness figures of a set of invoices (SPEC §4):
// those settled on an unknown date are left out.
type lateness struct {
	n, unknown          int // invoices, and those of unknown lateness
	sumLate             int // Σ days late
	weighted, weightSum wide
	maxLate             int // -1 for none
	late, severe        int // over grace_days, over severe_late_days
	settled, sumToPay   int // settled invoices and Σ days from issue to settlement
}

func newLateness() lateness { return lateness{maxLate: -1} }

// add counts an invoice of amountR (reporting currency) with state s.
func (l *lateness) add(li *ledgerInvoice, s *invoiceAt, r *Rules) {
	l.n++
	if li.lateUnknown {
		l.unknown++
		return
	}
	l.sumLate += s.late
	l.weighted = l.weighted.addMul(int64(li.amountR), int64(s.late))
	l.weightSum = l.weightSum.add(wideOf(int64(li.amountR)))
	l.maxLate = max(l.maxLate, s.late)
	if s.late > r.GraceDays {
		l.late++
	}
	if s.late > r.SevereLateDays {
		l.severe++
	}
	if !li.open() {
		l.settled++
		l.sumToPay += Days(li.issued, li.settled)
	}
}

// avg is Avg days late: the mean of Days late over the invoices of known
// lateness.
func (l *lateness) avg() Maybe {
	if known := l.n - l.unknown; known > 0 {
		return Some(float64(l.sumLate) / float64(known))
	}
	return Maybe{}
}

// weightedAvg is Weighted days late: Σ(amount × days late) / Σ amount.
func (l *lateness) weightedAvg() Maybe {
	if l.weightSum.hi < 0 || l.weightSum.isZero() {
		return Maybe{}
	}
	return Some(l.weighted.float() / l.weightSum.float())
}

// max is Max days late.
func (l *lateness) max() Maybe {
	if l.maxLate < 0 {
		return Maybe{}
	}
	return Some(float64(l.maxLate))
}

// toPay is Avg days to pay: the mean of days(issue, settled) over the
// settled invoices.
func (l *lateness) toPay() Maybe {
	if l.settled == 0 {
		return Maybe{}
	}
	return Some(float64(l.sumToPay) / float64(l.settled))
}

// perHour is Revenue per hour: Revenue in major units over hours, blank
// when there are no hours.
func perHour(revenue Money, hours float64, currency string) Maybe {
	if hours <= 0 {
		return Maybe{}
	}
	return Some(float64(revenue) / float64(Scale(MinorDigits(currency))) / hours)
}
