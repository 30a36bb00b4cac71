package analysis

import (
	"cmp"
	"math/big"
	"slices"
	"time"
)

// results computes each client's figures from the ledger and records.
func (a *analyzer) results() []ClientResult {
	out := make([]ClientResult, len(a.reg.accounts))
	for i, acc := range a.reg.accounts {
		var c *clientAcc
		if i < len(a.clients) {
			c = &a.clients[i]
		} else {
			c = &clientAcc{}
		}
		out[i] = a.clientResult(acc, c)
	}
	return out
}

// lateCost prices moneyDays (minor units × days late) at the capital rate:
// moneyDays × rate / 365, rounded half away from zero.
func lateCost(moneyDays int64, rate float64) Money {
	if rate == 0 || moneyDays == 0 {
		return 0
	}
	q := new(big.Rat).SetInt64(moneyDays)
	q.Mul(q, ratOf(rate))
	q.Quo(q, big.NewRat(365, 1))
	return roundRat(q)
}

// monthIndex maps a date to its slot in the window's months.
type monthIndex struct{ first int }

func newMonthIndex(from Date) monthIndex {
	y, m, _ := from.AddDays(1).YMD()
	return monthIndex{first: y*12 + int(m) - 1}
}

func (mi monthIndex) of(d Date) int {
	y, m, _ := d.YMD()
	return y*12 + int(m) - 1 - mi.first
}

func (a *analyzer) clientResult(acc *account, c *clientAcc) ClientResult {
	r := a.r
	res := ClientResult{Key: acc.key, Name: acc.name, ID: acc.id, Aliases: acc.aliases}
	if m := acc.master; m != nil {
		res.RenewalDate, res.Owner = m.RenewalDate, m.Owner
		if m.HasFee {
			if fee, ok := r.Rates.ToReporting(m.MonthlyFee, m.Currency); ok {
				res.MonthlyFee, res.HasFee = fee, true
			}
		}
	}
	mi := newMonthIndex(a.from)
	res.Months = make([]Month, mi.of(r.AsOf)+1)
	for k := range res.Months {
		y, m := (mi.first+k)/12, time.Month((mi.first+k)%12+1)
		res.Months[k].Start = NewDate(y, m, 1)
	}
	monthLate := make([]int64, len(res.Months))
	monthDaysLate := make([]int, len(res.Months))
	monthInvoices := make([]int, len(res.Months))

	res.Aging = make([]Money, len(r.Aging)+2)
	dsoFrom := r.AsOf.AddDays(-90)
	var (
		sumLate, settledCount, sumToPay int
		weighted, weightBase            int64
		lateMoneyDays                   int64
		dsoBase                         Money
		maxLate                         = -1
	)
	for _, idx := range c.invoices {
		li := &a.ledger[idx]
		inv := li.inv
		in := r.InWindow(inv.Issued)
		if li.credit {
			if in {
				res.CreditNotes += li.amountR
				res.CreditNoteCount++
				res.Months[mi.of(inv.Issued)].Revenue -= li.amountR
				res.InvoiceLines = append(res.InvoiceLines, InvoiceLine{Ref: inv.Ref, Number: inv.Number, Issued: inv.Issued, Due: inv.Due,
					Amount: -li.amountR, Currency: inv.Currency, Credit: true, Status: "Credit note"})
			}
			continue
		}
		balR, _ := r.Rates.ToReporting(li.balance, inv.Currency)
		pastDue := Days(inv.Due, r.AsOf)
		if li.balance > 0 {
			res.Outstanding += balR
			res.Aging[agingBucket(pastDue, r.Aging)] += balR
			if pastDue > 0 {
				res.Overdue += balR
			}
		}
		if inv.Issued > dsoFrom {
			dsoBase += li.amountR
		}
		if !in {
			continue
		}
		late := 0
		if li.balance > 0 {
			late = max(0, pastDue)
		} else {
			late = max(0, Days(inv.Due, li.settled))
			sumToPay += Days(inv.Issued, li.settled)
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
		k := mi.of(inv.Issued)
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
		res.InvoiceLines = append(res.InvoiceLines, InvoiceLine{Ref: inv.Ref, Number: inv.Number, Issued: inv.Issued, Due: inv.Due,
			Amount: li.amountR, Currency: inv.Currency, Paid: li.paidR, Credited: li.credR, Balance: balR,
			Settled: li.settled, DaysLate: late, Status: status, Disputed: inv.Disputed || isDisputedStatus(inv.Status)})
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
	for _, p := range c.payments {
		res.Months[mi.of(p.Date)].Collected += p.Amount
	}
	res.DisputeLines = c.disputes
	slices.SortStableFunc(res.DisputeLines, func(x, y DisputeLine) int { return cmp.Compare(x.Date, y.Date) })
	res.Disputes = len(c.disputes)
	for _, d := range c.disputes {
		res.Months[mi.of(d.Date)].Disputes++
	}
	if res.Invoices > 0 {
		res.DisputeRate = Some(float64(res.Disputes) / float64(res.Invoices))
	}
	res.ContactLines = c.contacts
	slices.SortStableFunc(res.ContactLines, func(x, y ContactLine) int {
		return cmp.Or(cmp.Compare(x.Date, y.Date), cmp.Compare(x.Time, y.Time))
	})
	var hours time.Duration
	for _, ct := range c.contacts {
		res.Contacts++
		res.SupportCost += ct.Cost
		if ct.HasHours {
			hours += ct.Hours
		}
		m := &res.Months[mi.of(ct.Date)]
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
	res.DeliveryCost = MulRatio(res.Revenue, r.DeliveryRatio)
	res.LatePaymentCost = lateCost(lateMoneyDays, r.CapitalRate)
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
		m.Profit = m.Revenue - m.SupportCost - MulRatio(m.Revenue, r.DeliveryRatio) - lateCost(monthLate[k], r.CapitalRate)
		if monthInvoices[k] > 0 {
			m.AvgDaysLate = Some(float64(monthDaysLate[k]) / float64(monthInvoices[k]))
		}
	}
	return res
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
