package analysis

import (
	"cmp"
	"slices"
)

// NotHealthy is an Evidence predicate: the clients whose verdict is not
// Healthy, whose invoices the scorecard's Invoices sheet lists by default.
func NotHealthy(c *ClientResult) bool { return c.Verdict != Healthy }

// lineCounts are how many of each kind of line the clients before one
// have, and so where its lines start in the blocks they are cut from.
type lineCounts struct {
	invoices, payments, applied, disputes, contacts, months int
}

// lineBlocks are the blocks the lines are cut from, and scratch space for
// one client's monthly sums.
type lineBlocks struct {
	invoices []InvoiceLine
	payments []PaymentLine
	applied  []Application
	disputes []DisputeLine
	contacts []ContactLine
	months   []Month
	late     []int64 // Σ money × days late of the invoices issued in each month
	daysLate []int   // Σ days late of the invoices issued in each month
	count    []int   // invoices issued in each month
	touched  int     // what touchEntries read
}

// evidence lists the records and months of the clients Rules.Evidence
// accepts, out[i] being client i's figures, flags and verdict. The others
// get no lines, and none is made for them.
func (a *analyzer) evidence(out []ClientResult) {
	n, nm := len(out), len(a.months.starts)
	at := make([]lineCounts, n+1)
	work := make([]int, n+1)
	keep := make([]bool, n)
	for i := range n {
		at[i+1], work[i+1] = at[i], work[i]
		if keep[i] = a.r.Evidence == nil || a.r.Evidence(&out[i]); !keep[i] {
			continue
		}
		c, contacts := a.acc(i)
		k := &at[i+1]
		k.invoices += c.inWindow
		k.payments += len(c.payments)
		for j := range c.payments {
			k.applied += int(c.payments[j].nApps)
		}
		k.disputes += len(c.disputes)
		k.contacts += len(contacts)
		k.months += nm
		work[i+1] += len(c.entries) + len(c.payments) + len(contacts)
	}
	total := at[n]
	invoices, payments, applied := make([]InvoiceLine, total.invoices), make([]PaymentLine, total.payments), make([]Application, total.applied)
	disputes, contacts, months := make([]DisputeLine, total.disputes), make([]ContactLine, total.contacts), make([]Month, total.months)
	var touched [2]int // what touchEntries read, kept so that the reads stay
	splitWork(work, func(half, lo, hi int) {
		b := lineBlocks{
			invoices: invoices[at[lo].invoices:at[hi].invoices],
			payments: payments[at[lo].payments:at[hi].payments],
			applied:  applied[at[lo].applied:at[hi].applied],
			disputes: disputes[at[lo].disputes:at[hi].disputes],
			contacts: contacts[at[lo].contacts:at[hi].contacts],
			months:   months[at[lo].months:at[hi].months],
			late:     make([]int64, nm),
			daysLate: make([]int, nm),
			count:    make([]int, nm),
		}
		for i := lo; i < hi; i++ {
			if keep[i] {
				c, contacts := a.acc(i)
				a.listRecords(&out[i], c, contacts, &b)
			}
		}
		touched[half] = b.touched
	})
}

// listRecords fills res's lines and months from the client's records,
// cut from b.
func (a *analyzer) listRecords(res *ClientResult, c *clientAcc, contacts []contactRec, b *lineBlocks) {
	mt := &a.months
	res.Months = cut(&b.months, len(mt.starts))
	for k := range res.Months {
		res.Months[k].Start = mt.starts[k]
	}
	monthLate, monthDaysLate, monthInvoices := b.late, b.daysLate, b.count
	clear(monthLate)
	clear(monthDaysLate)
	clear(monthInvoices)

	b.touched += a.touchEntries(c.entries)
	res.InvoiceLines = cut(&b.invoices, c.inWindow)[:0]
	for _, idx := range c.entries {
		li := &a.ledger[idx]
		if !a.inWindow(li.issued) {
			continue
		}
		inv := &a.d.Invoices[li.inv]
		k := mt.index(li.issued)
		if li.credit {
			res.Months[k].Revenue -= li.amountR
			res.InvoiceLines = append(res.InvoiceLines, InvoiceLine{Ref: inv.Ref, Number: inv.Number, Issued: inv.Issued, Due: inv.Due,
				Amount: -li.amountR, Currency: inv.Currency, Credit: true, Status: "Credit note"})
			continue
		}
		s := a.at(li)
		res.Months[k].Revenue += li.amountR
		monthLate[k] += s.moneyDays
		monthDaysLate[k] += s.late
		monthInvoices[k]++
		status := "Paid"
		switch {
		case li.balance > 0 && s.pastDue > 0:
			status = "Overdue"
		case li.balance > 0:
			status = "Open"
		case s.late > 0:
			status = "Paid late"
		}
		res.InvoiceLines = append(res.InvoiceLines, InvoiceLine{Ref: inv.Ref, Number: inv.Number, Issued: inv.Issued, Due: inv.Due,
			Amount: li.amountR, Currency: inv.Currency, Paid: li.paidR, Credited: li.credR, Balance: s.balR,
			Settled: li.settled, DaysLate: s.late, Status: status, Disputed: li.disputed})
	}
	if len(res.InvoiceLines) == 0 {
		res.InvoiceLines = nil
	}
	slices.SortStableFunc(res.InvoiceLines, func(x, y InvoiceLine) int {
		return cmp.Or(cmp.Compare(x.Issued, y.Issued), cmp.Compare(x.Row, y.Row))
	})

	if len(c.payments) > 0 {
		res.PaymentLines = cut(&b.payments, len(c.payments))
		for k := range c.payments {
			p, pl := &c.payments[k], &res.PaymentLines[k]
			// The payment's currency is the code it spells, as currencies
			// numbers codes.
			*pl = PaymentLine{Date: p.date, Amount: p.amountR, Unapplied: p.unapplied}
			if int(p.seq) < len(a.d.Payments) {
				row := &a.d.Payments[p.seq]
				pl.Ref, pl.Currency, pl.Invoice, pl.Reference = row.Ref, row.Currency, row.Invoice, row.Reference
			} else {
				inv := &a.d.Invoices[a.ledger[int(p.seq)-len(a.d.Payments)].inv]
				pl.Ref, pl.Currency, pl.Invoice, pl.Reference, pl.Synthetic = inv.Ref, inv.Currency, inv.Number, "paid date on the invoice", true
			}
			if p.nApps > 0 {
				pl.Applied = cut(&b.applied, int(p.nApps))
				for j, ap := range a.apps[p.apps : p.apps+p.nApps] {
					pl.Applied[j] = Application{Invoice: a.d.Invoices[a.ledger[ap.ledger].inv].Number, Amount: ap.amount}
				}
			}
			res.Months[mt.index(p.date)].Collected += p.amountR
		}
	}

	if len(c.disputes) > 0 {
		res.DisputeLines = cut(&b.disputes, len(c.disputes))
		for k := range c.disputes {
			d := &c.disputes[k]
			if d.src >= 0 {
				ds := &a.d.Disputes[d.src]
				res.DisputeLines[k] = DisputeLine{Ref: ds.Ref, Date: ds.Date, Invoice: ds.Invoice, Amount: d.amount, HasAmount: d.hasAmount,
					Reason: ds.Reason, Status: ds.Status}
			} else {
				inv := &a.d.Invoices[a.ledger[^d.src].inv]
				res.DisputeLines[k] = DisputeLine{Ref: inv.Ref, Date: inv.Issued, Invoice: inv.Number, Amount: d.amount, HasAmount: true,
					Status: inv.Status, Reason: "invoice marked disputed", FromInvoice: true}
			}
			res.Months[mt.index(d.date)].Disputes++
		}
	}

	if len(contacts) > 0 {
		res.ContactLines = cut(&b.contacts, len(contacts))
		for k := range contacts {
			ct := &contacts[k]
			after := ct.bits&contactAfterHours != 0
			res.ContactLines[k] = ContactLine{Contact: a.d.Contacts[ct.idx], Cost: ct.cost, AfterHours: after,
				Signals: a.signalSets[ct.bits&^contactAfterHours]}
			m := &res.Months[mt.index(ct.date)]
			m.Contacts++
			m.SupportCost += ct.cost
			if after {
				m.AfterHours++
			}
		}
	}

	delivery, capital := a.ratios()
	for k := range res.Months {
		m := &res.Months[k]
		m.Profit = m.Revenue - m.SupportCost - delivery.mul(m.Revenue) - capital.cost(monthLate[k])
		if monthInvoices[k] > 0 {
			m.AvgDaysLate = Some(float64(monthDaysLate[k]) / float64(monthInvoices[k]))
		}
	}
}
