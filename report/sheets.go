package report

import (
	"cmp"
	"iter"
	"slices"
	"strconv"
	"strings"

	"clientscore/analysis"
)

// verdictStyle returns the coloured style of v.
func (w *writer) verdictStyle(v analysis.Verdict) int {
	if v < 0 || int(v) >= len(w.st.verdict) {
		v = analysis.Healthy
	}
	return w.st.verdict[v]
}

// flagCodes joins c's flag codes: "UNPROFITABLE, LATE_PAYER".
func flagCodes(flags []analysis.Flag) string {
	var b strings.Builder
	for i, f := range flags {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(f.Code))
	}
	return b.String()
}

// flagEvidence writes one line per flag: "CODE: evidence".
func flagEvidence(flags []analysis.Flag) string {
	var b strings.Builder
	for i, f := range flags {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(string(f.Code))
		if f.Evidence != "" {
			b.WriteString(": ")
			b.WriteString(f.Evidence)
		}
	}
	return b.String()
}

// clientColumn is one column of the Clients sheet and how a client fills
// it.
type clientColumn struct {
	column
	value func(c *analysis.ClientResult) cell
}

// The Clients sheet's first ten columns, with the spec's exact headers,
// are always in view; the other metrics after them form a column group
// that opens collapsed, so that the sheet prints its first ten columns and
// Evidence on one page width in a legible size. One click on the group's
// + shows them.
const clientsFixedCols = 10

// clientColumns are the Clients sheet's columns, in order: the ten the spec
// fixes, the other metrics in the spec's order, then Evidence, Renewal date
// and Owner.
func (w *writer) clientColumns() []clientColumn {
	st := w.st
	col := func(header string, style int, kind widthKind, value func(c *analysis.ClientResult) cell) clientColumn {
		return clientColumn{column{header: header, style: style, kind: kind}, value}
	}
	money := func(header string, m func(c *analysis.ClientResult) analysis.Money) clientColumn {
		return col(header, st.money, widthMoney, func(c *analysis.ClientResult) cell { return w.money(m(c)) })
	}
	count := func(header string, n func(c *analysis.ClientResult) int) clientColumn {
		return col(header, st.count, widthCount, func(c *analysis.ClientResult) cell { return number(float64(n(c))) })
	}
	ratio := func(header string, m func(c *analysis.ClientResult) analysis.Maybe) clientColumn {
		return col(header, st.percent, widthPercent, func(c *analysis.ClientResult) cell { return maybe(m(c)) })
	}
	days := func(header string, m func(c *analysis.ClientResult) analysis.Maybe) clientColumn {
		return col(header, st.days, widthDays, func(c *analysis.ClientResult) cell { return maybe(m(c)) })
	}
	hours := func(header string, h func(c *analysis.ClientResult) float64) clientColumn {
		return col(header, st.decimal2, widthDecimal, func(c *analysis.ClientResult) cell { return number(h(c)) })
	}
	cols := []clientColumn{
		col("Client", st.wrap, widthText, func(c *analysis.ClientResult) cell { return text(c.Name) }),
		col("Verdict", st.text, widthText, func(c *analysis.ClientResult) cell {
			return cell{kind: textCell, text: c.Verdict.String(), style: w.verdictStyle(c.Verdict)}
		}),
		col("Flags", st.wrap, widthText, func(c *analysis.ClientResult) cell { return text(flagCodes(c.Flags)) }),
		money("Revenue", func(c *analysis.ClientResult) analysis.Money { return c.Revenue }),
		money("Support cost", func(c *analysis.ClientResult) analysis.Money { return c.SupportCost }),
		money("Profit", func(c *analysis.ClientResult) analysis.Money { return c.Profit }),
		ratio("Margin", func(c *analysis.ClientResult) analysis.Maybe { return c.Margin }),
		days("Avg days late", func(c *analysis.ClientResult) analysis.Maybe { return c.AvgDaysLate }),
		days("Weighted days late", func(c *analysis.ClientResult) analysis.Maybe { return c.WeightedDaysLate }),
		count("Disputes", func(c *analysis.ClientResult) int { return c.Disputes }),

		money("Invoiced", func(c *analysis.ClientResult) analysis.Money { return c.Invoiced }),
		money("Credit notes", func(c *analysis.ClientResult) analysis.Money { return c.CreditNotes }),
		money("Collected", func(c *analysis.ClientResult) analysis.Money { return c.Collected }),
		money("Refunds", func(c *analysis.ClientResult) analysis.Money { return c.Refunds }),
		money("Delivery cost", func(c *analysis.ClientResult) analysis.Money { return c.DeliveryCost }),
		money("Expenses", func(c *analysis.ClientResult) analysis.Money { return c.Expenses }),
		hours("Hours", func(c *analysis.ClientResult) float64 { return c.Hours }),
		// Revenue per hour is in major units already.
		col("Revenue per hour", st.money, widthMoney, func(c *analysis.ClientResult) cell { return maybe(c.RevenuePerHour) }),
		money("Late-payment cost", func(c *analysis.ClientResult) analysis.Money { return c.LatePaymentCost }),
		ratio("Revenue share", func(c *analysis.ClientResult) analysis.Maybe { return c.RevenueShare }),
		count("Invoices", func(c *analysis.ClientResult) int { return c.Invoices }),
		days("Weighted days late, last 90 days", func(c *analysis.ClientResult) analysis.Maybe { return c.WeightedDaysLate90 }),
		col("Max days late", st.whole, widthWhole, func(c *analysis.ClientResult) cell { return maybe(c.MaxDaysLate) }),
		days("Avg days to pay", func(c *analysis.ClientResult) analysis.Maybe { return c.AvgDaysToPay }),
		count("Late invoices", func(c *analysis.ClientResult) int { return c.LateInvoices }),
		count("Open overdue", func(c *analysis.ClientResult) int { return c.OpenOverdue }),
		count("Severely late", func(c *analysis.ClientResult) int { return c.SeverelyLate }),
		money("Outstanding", func(c *analysis.ClientResult) analysis.Money { return c.Outstanding }),
		money("Overdue", func(c *analysis.ClientResult) analysis.Money { return c.Overdue }),
		days("DSO", func(c *analysis.ClientResult) analysis.Maybe { return c.DSO }),
		ratio("Dispute rate", func(c *analysis.ClientResult) analysis.Maybe { return c.DisputeRate }),
		count("Contacts", func(c *analysis.ClientResult) int { return c.Contacts }),
		hours("Support hours", func(c *analysis.ClientResult) float64 { return c.SupportHours }),
		count("After-hours contacts", func(c *analysis.ClientResult) int { return c.AfterHours }),
		hours("Contacts per month", func(c *analysis.ClientResult) float64 { return c.ContactsPerMonth }),
		ratio("Price change needed", func(c *analysis.ClientResult) analysis.Maybe { return c.PriceChange }),

		col("Evidence", st.wrap, widthText, func(c *analysis.ClientResult) cell { return text(flagEvidence(c.Flags)) }),
		col("Renewal date", st.date, widthDate, func(c *analysis.ClientResult) cell { return date(c.RenewalDate) }),
		col("Owner", st.text, widthText, func(c *analysis.ClientResult) cell { return text(c.Owner) }),
	}
	cols[0].max, cols[0].wrap = 28, true // Client
	cols[2].max, cols[2].wrap = 15, true // Flags: one code a line
	ev := &cols[len(cols)-3]
	ev.max, ev.wrap = 48, true
	return cols
}

func (w *writer) writeClients() error {
	ccols := w.clientColumns()
	cols := make([]column, len(ccols))
	for j, c := range ccols {
		cols[j] = c.column
	}
	rows := func(yield func([]cell) bool) {
		row := make([]cell, len(cols))
		for i := range w.res.Clients {
			c := &w.res.Clients[i]
			for j, col := range ccols {
				row[j] = col.value(c)
			}
			if !yield(row) {
				return
			}
		}
	}
	evidence := len(cols) - 2 // 1-based column of Evidence
	return w.writeTable([]string{sheetClients}, table{
		cols: cols, freezeCols: 1, rows: rows,
		group:     [2]int{clientsFixedCols + 1, evidence - 1},
		printCols: evidence,
		emptyNote: "No clients: no invoices, payments or contacts were read.",
	})
}

// agingHeaders names the aging buckets of bounds: [30 60 90 120] gives
// Current, 1–30, 31–60, 61–90, 91–120, Over 120.
func agingHeaders(bounds []int) []string {
	h := []string{"Current"}
	lo := 1
	for _, b := range bounds {
		if b == lo {
			h = append(h, strconv.Itoa(b))
		} else {
			h = append(h, strconv.Itoa(lo)+"–"+strconv.Itoa(b))
		}
		lo = b + 1
	}
	if len(bounds) == 0 {
		return append(h, "Overdue")
	}
	return append(h, "Over "+strconv.Itoa(bounds[len(bounds)-1]))
}

// overdueShare is the part of outstanding that is overdue, as a fraction;
// blank when nothing is outstanding.
func overdueShare(overdue, outstanding analysis.Money) cell {
	if outstanding <= 0 {
		return cell{}
	}
	return number(float64(overdue) / float64(outstanding))
}

// writeAging writes the Aging sheet: every client that owes or is owed,
// the biggest balance first, by days past due, with a total row whose
// Outstanding is the Summary's.
func (w *writer) writeAging() error {
	st := w.st
	buckets := agingHeaders(w.res.Rules.Aging)
	cols := []column{{header: "Client", style: st.wrap, max: 28, wrap: true}, {header: "Owner", style: st.text, max: 20}}
	for _, b := range buckets {
		cols = append(cols, column{header: b, style: st.money, kind: widthMoney})
	}
	cols = append(cols,
		column{header: "Outstanding", style: st.money, kind: widthMoney},
		column{header: "% overdue", style: st.percent, kind: widthPercent})

	// Ties keep the Clients sheet's order.
	var list []*analysis.ClientResult
	for i := range w.res.Clients {
		if c := &w.res.Clients[i]; c.Outstanding != 0 {
			list = append(list, c)
		}
	}
	slices.SortStableFunc(list, func(a, b *analysis.ClientResult) int { return cmp.Compare(b.Outstanding, a.Outstanding) })

	bucketOf := func(c *analysis.ClientResult, k int) analysis.Money {
		if k < len(c.Aging) {
			return c.Aging[k]
		}
		return 0
	}
	rows := func(yield func([]cell) bool) {
		row := make([]cell, len(cols))
		for _, c := range list {
			row = append(row[:0], text(c.Name), text(c.Owner))
			for k := range buckets {
				row = append(row, w.money(bucketOf(c, k)))
			}
			row = append(row, w.money(c.Outstanding), overdueShare(c.Overdue, c.Outstanding))
			if !yield(row) {
				return
			}
		}
	}
	p := &w.res.Portfolio
	total := []cell{{kind: textCell, text: "Total", style: st.bold}, {kind: textCell, style: st.bold}}
	for k := range buckets {
		var sum analysis.Money
		for _, c := range list {
			sum += bucketOf(c, k)
		}
		total = append(total, w.money(sum).styled(st.moneyBold))
	}
	total = append(total, w.money(p.Outstanding).styled(st.moneyBold), overdueShare(p.Overdue, p.Outstanding).styled(st.percentTotal))
	return w.writeTable([]string{sheetAging}, table{
		cols: cols, freezeCols: 1, rows: rows, total: total,
		emptyNote: "Nothing outstanding at the as-of date.",
	})
}

// invoiceLines yields the invoice lines the Invoices sheet lists with their
// client: clients in the Clients sheet's order, each client's lines by issue
// date.
func (w *writer) invoiceLines() iter.Seq2[*analysis.ClientResult, *analysis.InvoiceLine] {
	return func(yield func(*analysis.ClientResult, *analysis.InvoiceLine) bool) {
		for i := range w.res.Clients {
			c := &w.res.Clients[i]
			if !w.listsInvoices(c) {
				continue
			}
			lines := c.InvoiceLines
			byIssue := func(a, b analysis.InvoiceLine) int { return cmp.Compare(a.Issued, b.Issued) }
			if !slices.IsSortedFunc(lines, byIssue) {
				lines = slices.Clone(lines)
				slices.SortStableFunc(lines, byIssue)
			}
			for k := range lines {
				if !yield(c, &lines[k]) {
					return
				}
			}
		}
	}
}

// invoicesTable is the Invoices sheet: one row per invoice line of each
// client it lists.
func (w *writer) invoicesTable() table {
	st := w.st
	cols := []column{
		{header: "Client", style: st.text, max: 40},
		{header: "Invoice", style: st.text, max: 30},
		{header: "Issue date", style: st.date, kind: widthDate},
		{header: "Due date", style: st.date, kind: widthDate},
		{header: "Amount", style: st.money, kind: widthMoney},
		{header: "Paid", style: st.money, kind: widthMoney},
		{header: "Balance", style: st.money, kind: widthMoney},
		{header: "Settled", style: st.date, kind: widthDate},
		{header: "Days late", style: st.whole, kind: widthWhole},
		{header: "Status", style: st.text, max: 20},
		{header: "Disputed", style: st.text},
	}
	rows := func(yield func([]cell) bool) {
		row := make([]cell, len(cols))
		for c, l := range w.invoiceLines() {
			disputed := "No"
			if l.Disputed {
				disputed = "Yes"
			}
			daysLate := number(float64(l.DaysLate))
			if l.Credit {
				daysLate = cell{}
			}
			row = append(row[:0],
				text(c.Name),
				text(l.Number),
				date(l.Issued),
				date(l.Due),
				w.money(l.Amount),
				w.money(l.Paid),
				w.money(l.Balance),
				date(l.Settled),
				daysLate,
				text(l.Status),
				text(disputed),
			)
			if !yield(row) {
				return
			}
		}
	}
	note := "No invoices to list: every client is Healthy."
	if w.sc.AllInvoices {
		note = "No invoices were issued in the window."
	}
	return table{cols: cols, freezeCols: 1, rows: rows, emptyNote: note, maxRows: w.maxRows}
}

func (w *writer) writeIssues() error {
	st := w.st
	cols := []column{
		{header: "Severity", style: st.text},
		{header: "File", style: st.text, max: 40},
		{header: "Sheet", style: st.text, max: 25},
		{header: "Row", style: st.whole, kind: widthWhole},
		{header: "Column", style: st.text, max: 30},
		{header: "Value", style: st.text, max: 40},
		{header: "Problem", style: st.wrap, max: 80, wrap: true},
	}
	issues := slices.Clone(w.sc.Issues)
	slices.SortStableFunc(issues, func(a, b analysis.Issue) int {
		return cmp.Or(
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Sheet, b.Sheet),
			cmp.Compare(a.Row, b.Row),
		)
	})
	rows := func(yield func([]cell) bool) {
		row := make([]cell, len(cols))
		for i := range issues {
			is := &issues[i]
			rowNum := cell{}
			if is.Row > 0 {
				rowNum = number(float64(is.Row))
			}
			row = append(row[:0],
				text(is.Severity.String()),
				text(is.File),
				text(is.Sheet),
				rowNum,
				text(is.Column),
				text(is.Value),
				text(is.Problem),
			)
			if !yield(row) {
				return
			}
		}
	}
	return w.writeTable([]string{sheetIssues}, table{
		cols: cols, rows: rows,
		emptyNote: "No data issues: every row of every input was read and used.",
	})
}
