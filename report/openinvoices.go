package report

import (
	"cmp"
	"iter"
	"slices"
	"strings"

	"clientscore/analysis"
)

// openClients returns the clients the Open invoices sheet lists (those
// with an open invoice or an unapplied credit), by name.
func (w *writer) openClients() []*analysis.ClientResult {
	var list []*analysis.ClientResult
	for i := range w.res.Clients {
		if c := &w.res.Clients[i]; len(c.OpenInvoices) > 0 || c.Unapplied != 0 {
			list = append(list, c)
		}
	}
	slices.SortStableFunc(list, func(a, b *analysis.ClientResult) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Name, b.Name))
	})
	return list
}

// openInvoicesTable is the Open invoices sheet: the receivables in detail,
// as an A/R aging detail shows them. Every open invoice of every client at
// the as-of date (any issue date), by client then due date, a total per
// client, and the total of all, which is the Summary's Outstanding. A
// client's unapplied credit follows its total as a negative line; the
// credits' total and the net receivable close the sheet.
func (w *writer) openInvoicesTable() table {
	st := w.st
	cols := []column{
		{header: "Client", style: st.wrap, max: 28, wrap: true},
		{header: "Owner", style: st.text, max: 20},
		{header: "Invoice", style: st.text, max: 24},
		{header: "Issue date", style: st.date, kind: widthDate},
		{header: "Due date", style: st.date, kind: widthDate},
		{header: "Amount", style: st.money, kind: widthMoney},
		{header: "Open balance", style: st.money, kind: widthMoney},
		{header: "Days overdue", style: st.count, kind: widthCount},
		{header: "Bucket", style: st.text},
		{header: "Last payment", style: st.date, kind: widthDate},
	}
	return table{
		cols: cols, freezeCols: 1, rows: w.openInvoiceRows(len(cols)), maxRows: w.maxRows,
		emptyNote: "No invoice is open at the as-of date.",
	}
}

// openInvoiceRows yields the Open invoices sheet's rows, ncols cells
// wide: each client's open invoices, its total and its unapplied credit,
// then the totals of all.
func (w *writer) openInvoiceRows(ncols int) iter.Seq[[]cell] {
	st := w.st
	buckets := agingHeaders(w.res.Rules.Aging)
	bucket := func(k int) cell {
		if k < 0 || k >= len(buckets) {
			return cell{}
		}
		return text(buckets[k])
	}
	bold := cell{kind: textCell, style: st.bold} // an empty cell with the total's border
	list := w.openClients()
	outstanding := w.res.Portfolio.Outstanding
	// Never a silent difference from the Summary.
	differs := func(open analysis.Money) []cell {
		return []cell{text("The open invoices add up to " + w.moneyWords(open) + ", but Outstanding is " +
			w.moneyWords(outstanding) + ": please report this as a bug.").styled(st.note)}
	}
	return func(yield func([]cell) bool) {
		if len(list) == 0 {
			if outstanding != 0 {
				yield(differs(0))
			}
			return
		}
		row := make([]cell, ncols)
		var open, credits analysis.Money
		for _, c := range list {
			var amount, balance analysis.Money
			for _, o := range byDue(c.OpenInvoices) {
				amount += o.Amount
				balance += o.Balance
				row = append(row[:0], text(c.Name), text(c.Owner), text(o.Number), date(o.Issued), date(o.Due),
					w.money(o.Amount), w.money(o.Balance), number(float64(o.DaysOverdue)), bucket(o.Bucket), date(o.LastPayment))
				if !yield(row) {
					return
				}
			}
			open += balance
			if len(c.OpenInvoices) > 0 {
				row = append(row[:0], text(c.Name).styled(st.bold), text(c.Owner).styled(st.bold), text("Total").styled(st.bold),
					bold, bold, w.money(amount).styled(st.moneyBold), w.money(balance).styled(st.moneyBold), bold, bold, bold)
				if !yield(row) {
					return
				}
			}
			if c.Unapplied != 0 {
				credits += c.Unapplied
				row = append(row[:0], text(c.Name), text(c.Owner), text("Unapplied credit"), cell{}, cell{},
					cell{}, w.money(-c.Unapplied), cell{}, text("Credit"))
				if !yield(row) {
					return
				}
			}
		}
		grand := func(label string, m analysis.Money) []cell {
			return append(row[:0], text(label).styled(st.bold), bold, bold, bold, bold, bold, w.money(m).styled(st.moneyBold), bold, bold, bold)
		}
		if !yield(grand("Total open invoices", open)) {
			return
		}
		if open != outstanding && !yield(differs(open)) {
			return
		}
		if credits != 0 && yield(grand("Unapplied credits", -credits)) {
			yield(grand("Net receivable", open-credits))
		}
	}
}

// byDue returns open invoices by due date, then number: the order
// analysis gives them in, which it makes sure of.
func byDue(open []analysis.OpenInvoice) []analysis.OpenInvoice {
	order := func(a, b analysis.OpenInvoice) int {
		return cmp.Or(cmp.Compare(a.Due, b.Due), cmp.Compare(a.Number, b.Number))
	}
	if slices.IsSortedFunc(open, order) {
		return open
	}
	open = slices.Clone(open)
	slices.SortStableFunc(open, order)
	return open
}
