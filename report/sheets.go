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
	cols := []clientColumn{
		col("Client", st.text, widthText, func(c *analysis.ClientResult) cell { return text(c.Name) }),
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
		money("Delivery cost", func(c *analysis.ClientResult) analysis.Money { return c.DeliveryCost }),
		money("Late-payment cost", func(c *analysis.ClientResult) analysis.Money { return c.LatePaymentCost }),
		ratio("Revenue share", func(c *analysis.ClientResult) analysis.Maybe { return c.RevenueShare }),
		count("Invoices", func(c *analysis.ClientResult) int { return c.Invoices }),
		col("Max days late", st.whole, widthWhole, func(c *analysis.ClientResult) cell { return maybe(c.MaxDaysLate) }),
		days("Avg days to pay", func(c *analysis.ClientResult) analysis.Maybe { return c.AvgDaysToPay }),
		count("Paid late", func(c *analysis.ClientResult) int { return c.LateInvoices }),
		count("Severely late", func(c *analysis.ClientResult) int { return c.SeverelyLate }),
		money("Outstanding", func(c *analysis.ClientResult) analysis.Money { return c.Outstanding }),
		money("Overdue", func(c *analysis.ClientResult) analysis.Money { return c.Overdue }),
		days("DSO", func(c *analysis.ClientResult) analysis.Maybe { return c.DSO }),
		ratio("Dispute rate", func(c *analysis.ClientResult) analysis.Maybe { return c.DisputeRate }),
		count("Contacts", func(c *analysis.ClientResult) int { return c.Contacts }),
		col("Support hours", st.decimal2, widthDecimal, func(c *analysis.ClientResult) cell { return number(c.SupportHours) }),
		count("After-hours contacts", func(c *analysis.ClientResult) int { return c.AfterHours }),
		col("Contacts per month", st.decimal2, widthDecimal, func(c *analysis.ClientResult) cell { return number(c.ContactsPerMonth) }),
		ratio("Price change needed", func(c *analysis.ClientResult) analysis.Maybe { return c.PriceChange }),

		col("Evidence", st.wrap, widthText, func(c *analysis.ClientResult) cell { return text(flagEvidence(c.Flags)) }),
		col("Renewal date", st.date, widthDate, func(c *analysis.ClientResult) cell { return date(c.RenewalDate) }),
		col("Owner", st.text, widthText, func(c *analysis.ClientResult) cell { return text(c.Owner) }),
	}
	cols[0].max = 40                       // Client
	cols[2].max, cols[2].wrap = 40, true   // Flags
	cols[30].max, cols[30].wrap = 80, true // Evidence
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
	return w.writeTable([]string{sheetClients}, table{
		cols: cols, freezeCols: 1, rows: rows, pagesWide: 2,
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

func (w *writer) writeAging() error {
	buckets := agingHeaders(w.res.Rules.Aging)
	cols := []column{{header: "Client", style: w.st.text, max: 40}}
	for _, b := range buckets {
		cols = append(cols, column{header: b, style: w.st.money, kind: widthMoney})
	}
	cols = append(cols, column{header: "Outstanding", style: w.st.money, kind: widthMoney})

	// Clients that owe or are owed, the biggest balance first; ties keep the
	// Clients sheet's order.
	var list []*analysis.ClientResult
	for i := range w.res.Clients {
		if c := &w.res.Clients[i]; c.Outstanding != 0 {
			list = append(list, c)
		}
	}
	slices.SortStableFunc(list, func(a, b *analysis.ClientResult) int { return cmp.Compare(b.Outstanding, a.Outstanding) })

	sums := make([]analysis.Money, len(buckets)+1)
	for _, c := range list {
		for k := range buckets {
			if k < len(c.Aging) {
				sums[k] += c.Aging[k]
			}
		}
		sums[len(buckets)] += c.Outstanding
	}
	rows := func(yield func([]cell) bool) {
		row := make([]cell, len(cols))
		for _, c := range list {
			row = append(row[:0], text(c.Name))
			for k := range buckets {
				if k < len(c.Aging) {
					row = append(row, w.money(c.Aging[k]))
				} else {
					row = append(row, cell{})
				}
			}
			row = append(row, w.money(c.Outstanding))
			if !yield(row) {
				return
			}
		}
	}
	total := []cell{{kind: textCell, text: "Total", style: w.st.bold}}
	for _, s := range sums {
		total = append(total, w.money(s).styled(w.st.moneyBold))
	}
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

func (w *writer) writeInvoices(names []string) error {
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
	return w.writeTable(names, table{cols: cols, freezeCols: 1, rows: rows, emptyNote: note, maxRows: w.maxRows})
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
