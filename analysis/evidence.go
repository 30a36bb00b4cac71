package analysis

import (
	"cmp"
	"slices"
)

// NotHealthy is an Evidence predicate: the clients whose verdict is not
// Healthy, whose invoices the scorecard's Invoices sheet lists by default.
// Inactive clients have no records in the window to list.
func NotHealthy(c *ClientResult) bool { return c.Verdict != Healthy && c.Verdict != Inactive }

// lineCounts are how many of each kind of line the clients before one
// have, and so where its lines start in the blocks they are cut from.
type lineCounts struct {
	invoices, payments, applied, disputes, contacts, work, expenses, months int
}

// lineBlocks are the blocks the lines are cut from, and scratch space for
// one client's monthly sums.
type lineBlocks struct {
	invoices []InvoiceLine
	payments []PaymentLine
	applied  []Application
	disputes []DisputeLine
	contacts []ContactLine
	work     []WorkLine
	expenses []ExpenseLine
	months   []Month
	sums     []moneySums // of each month
	late     []lateness  // of the invoices issued in each month
	touched  int         // what touchEntries read
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
		r := a.recs(i)
		k := &at[i+1]
		k.invoices += r.acc.inWindow
		work[i+1] += r.size()
		if a.r.InvoiceLinesOnly {
			continue
		}
		k.payments += len(r.acc.payments)
		for j := range r.acc.payments {
			k.applied += int(r.acc.payments[j].nApps)
		}
		k.disputes += len(r.acc.disputes)
		if a.contacts.t.kept {
			k.contacts += len(r.contacts)
		}
		k.work += len(r.workRows)
		k.expenses += len(r.expenseRows)
		k.months += nm
	}
	total := at[n]
	invoices, payments, applied := make([]InvoiceLine, total.invoices), make([]PaymentLine, total.payments), make([]Application, total.applied)
	disputes, contacts, months := make([]DisputeLine, total.disputes), make([]ContactLine, total.contacts), make([]Month, total.months)
	works, expenses := make([]WorkLine, total.work), make([]ExpenseLine, total.expenses)
	var touched [2]int // what touchEntries read, kept so that the reads stay
	splitWork(work, func(half, lo, hi int) {
		b := lineBlocks{
			invoices: invoices[at[lo].invoices:at[hi].invoices],
			payments: payments[at[lo].payments:at[hi].payments],
			applied:  applied[at[lo].applied:at[hi].applied],
			disputes: disputes[at[lo].disputes:at[hi].disputes],
			contacts: contacts[at[lo].contacts:at[hi].contacts],
			work:     works[at[lo].work:at[hi].work],
			expenses: expenses[at[lo].expenses:at[hi].expenses],
			months:   months[at[lo].months:at[hi].months],
			sums:     make([]moneySums, nm),
			late:     make([]lateness, nm),
		}
		for i := lo; i < hi; i++ {
			if keep[i] {
				a.listRecords(&out[i], a.recs(i), &b)
			}
		}
		touched[half] = b.touched
	})
}

// invoiceStatus is an invoice line's Status at AsOf.
func invoiceStatus(li *ledgerInvoice, s *invoiceAt) string {
	switch {
	case li.open() && s.pastDue > 0:
		return "Overdue"
	case li.open():
		return "Open"
	case li.lateUnknown:
		return "Paid, date unknown"
	case s.late > 0:
		return "Paid late"
	}
	return "Paid"
}

// listRecords fills res's lines and months from the client's records,
// cut from b.
func (a *analyzer) listRecords(res *ClientResult, recs clientRecs, b *lineBlocks) {
	mt := &a.months
	c := recs.acc
	only := a.r.InvoiceLinesOnly
	if !only {
		res.Months = cut(&b.months, len(mt.starts))
		for k := range res.Months {
			res.Months[k].Start = mt.starts[k]
		}
	}
	sums, late := b.sums, b.late
	clear(sums)
	for k := range late {
		late[k] = newLateness()
	}

	b.touched += a.touchEntries(c.entries)
	res.InvoiceLines = cut(&b.invoices, c.inWindow)[:0]
	for _, idx := range c.entries {
		li := &a.ledger[idx]
		if !a.inWindow(li.issued) {
			continue
		}
		inv := a.invs.Invoice(int(li.inv))
		k := mt.index(li.issued)
		if li.credit {
			sums[k].credits += li.netR
			res.InvoiceLines = append(res.InvoiceLines, InvoiceLine{Ref: inv.Ref, Number: inv.Number, Issued: inv.Issued, Due: inv.Due,
				Amount: -li.amountR, Tax: li.netR - li.amountR, Currency: inv.Currency, Credit: true, Status: "Credit note"})
			continue
		}
		s := a.at(li)
		sums[k].invoiced += li.netR
		sums[k].lateMoneyDays = sums[k].lateMoneyDays.add(s.moneyDays)
		late[k].add(li, &s, &a.r)
		res.InvoiceLines = append(res.InvoiceLines, InvoiceLine{Ref: inv.Ref, Number: inv.Number, Issued: inv.Issued, Due: inv.Due,
			Amount: li.amountR, Tax: li.amountR - li.netR, Currency: inv.Currency, Paid: li.paidR, Credited: li.credR, Balance: s.balR,
			Settled: li.settled, DaysLate: s.late, LateUnknown: li.lateUnknown, Status: invoiceStatus(li, &s), Disputed: li.disputed})
	}
	if len(res.InvoiceLines) == 0 {
		res.InvoiceLines = nil
	}
	slices.SortStableFunc(res.InvoiceLines, func(x, y InvoiceLine) int {
		return cmp.Or(cmp.Compare(x.Issued, y.Issued), cmp.Compare(x.Row, y.Row))
	})
	if only {
		return
	}

	if len(c.payments) > 0 {
		res.PaymentLines = cut(&b.payments, len(c.payments))
		for k := range c.payments {
			p, pl := &c.payments[k], &res.PaymentLines[k]
			*pl = PaymentLine{Date: p.date, Amount: p.amountR, Unapplied: p.unapplied, Refund: p.refund}
			if int(p.seq) < a.payRows {
				row := a.pays.Payment(int(p.seq))
				pl.Ref, pl.Currency, pl.Invoice, pl.Reference = row.Ref, row.Currency, row.Invoice, row.Reference
			} else {
				inv := a.invs.Invoice(int(a.ledger[int(p.seq)-a.payRows].inv))
				pl.Ref, pl.Currency, pl.Invoice, pl.Reference, pl.Synthetic = inv.Ref, inv.Currency, inv.Number, "paid date on the invoice", true
			}
			if p.nApps > 0 {
				pl.Applied = cut(&b.applied, int(p.nApps))
				for j, ap := range a.apps[p.apps : p.apps+p.nApps] {
					pl.Applied[j] = Application{Invoice: a.invs.invoiceNumber(int(a.ledger[ap.ledger].inv)), Amount: ap.amount}
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
				inv := a.invs.Invoice(int(a.ledger[^d.src].inv))
				res.DisputeLines[k] = DisputeLine{Ref: inv.Ref, Date: inv.Issued, Invoice: inv.Number, Amount: d.amount, HasAmount: true,
					Status: inv.Status, Reason: "invoice marked disputed", FromInvoice: true}
			}
			res.Months[mt.index(d.date)].Disputes++
		}
	}

	// Support, time and expense rows have lines when Data holds the rows.
	if len(recs.contacts) > 0 && a.contacts.t.kept {
		res.ContactLines = cut(&b.contacts, len(recs.contacts))
	}
	for k, i := range recs.contacts {
		ct := a.contacts.t.cts.at(int(i))
		after := ct.bits&rowAfterHours != 0
		if a.contacts.t.kept {
			res.ContactLines[k] = ContactLine{Contact: a.d.Contacts[ct.idx], Cost: ct.cost, Rate: ct.rate, CostFrom: ct.from,
				AfterHours: after, Signals: a.signalSets[ct.bits&signalBits]}
		}
		m := mt.index(ct.date)
		res.Months[m].Contacts++
		if after {
			res.Months[m].AfterHours++
		}
		sums[m].addCost(ct.cost, ct.bits)
	}
	wt, et := a.work.t, a.expenses.t
	for _, k := range recs.work {
		w := wt.sums.at(int(k))
		sums[w.month].addCost(w.cost, w.meta)
	}
	if len(recs.workRows) > 0 {
		res.WorkLines = cut(&b.work, len(recs.workRows))
	}
	for j, k := range recs.workRows {
		w := wt.rows.at(int(k))
		res.WorkLines[j] = WorkLine{TimeEntry: a.d.Time[*wt.idx.at(int(k))], Cost: w.cost, Rate: *wt.rate.at(int(k)), CostFrom: CostSource(*wt.meta.at(int(k)) & costBits)}
	}
	for _, k := range recs.expenses {
		e := et.sums.at(int(k))
		sums[e.month].expenses += e.cost
	}
	if len(recs.expenseRows) > 0 {
		res.ExpenseLines = cut(&b.expenses, len(recs.expenseRows))
	}
	for j, k := range recs.expenseRows {
		res.ExpenseLines[j] = ExpenseLine{Expense: a.d.Expenses[*et.idx.at(int(k))], AmountR: et.rows.at(int(k)).cost}
	}

	for k := range res.Months {
		m := &res.Months[k]
		f := a.moneyOf(&sums[k])
		m.Revenue, m.DeliveryCost, m.LateCost, m.Profit = f.revenue, f.delivery, f.late, f.profit
		m.SupportCost, m.Expenses = sums[k].support, sums[k].expenses
		m.AvgDaysLate = late[k].avg()
	}
}
