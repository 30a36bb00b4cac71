package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"clientscore/analysis"
)

// yesNo is a Yes or No cell.
func yesNo(b bool) cell {
	if b {
		return text("Yes")
	}
	return text("No")
}

// writeMonthly writes the Monthly sheet, one row per calendar month of the
// window and a total, with a chart of revenue against what the client
// cost under the table.
func (dw *dossierWriter) writeMonthly() error {
	st := dw.st
	c := dw.c
	cols := []column{
		{header: "Month", style: dw.ds.month, kind: widthDate, left: true},
		{header: "Revenue", style: st.money, kind: widthMoney},
		{header: "Collected", style: st.money, kind: widthMoney},
		{header: "Delivery cost", style: st.money, kind: widthMoney},
		{header: "Support cost", style: st.money, kind: widthMoney},
		{header: "Expenses", style: st.money, kind: widthMoney},
		{header: "Late-payment cost", style: st.money, kind: widthMoney},
		{header: "Profit", style: st.money, kind: widthMoney},
		{header: "Avg days late", style: st.days, kind: widthDays},
		{header: "Disputes", style: st.count, kind: widthCount},
		{header: "Contacts", style: st.count, kind: widthCount},
		{header: "After-hours contacts", style: st.count, kind: widthCount},
	}
	rows := func(yield func([]cell) bool) {
		row := make([]cell, len(cols))
		for _, m := range c.Months {
			row = append(row[:0],
				date(m.Start),
				dw.money(m.Revenue),
				dw.money(m.Collected),
				dw.money(m.DeliveryCost),
				dw.money(m.SupportCost),
				dw.money(m.Expenses),
				dw.money(m.LateCost),
				dw.money(m.Profit),
				maybe(m.AvgDaysLate),
				number(float64(m.Disputes)),
				number(float64(m.Contacts)),
				number(float64(m.AfterHours)),
			)
			if !yield(row) {
				return
			}
		}
	}
	m := func(v analysis.Money) cell { return dw.money(v).styled(st.moneyBold) }
	total := []cell{
		{kind: textCell, text: "Total", style: st.bold},
		m(c.Revenue), m(c.Collected), m(c.DeliveryCost), m(c.SupportCost), m(c.Expenses), m(c.LatePaymentCost), m(c.Profit),
		maybe(c.AvgDaysLate).styled(dw.ds.daysBold),
		number(float64(c.Disputes)).styled(st.countBold),
		number(float64(c.Contacts)).styled(st.countBold),
		number(float64(c.AfterHours)).styled(st.countBold),
	}
	t := table{cols: cols, rows: rows, total: total, emptyNote: "The window has no months."}

	// The chart goes under the table. excelize sizes a chart by the cells
	// it spans, so the columns get their widths before it is added, and it
	// is added before the sheet streams.
	if n := len(c.Months); n > 0 {
		widths := dw.fitWidths(t)
		tableWidth := 0
		for j, wd := range widths {
			wd = math.Round(wd*10) / 10
			if err := dw.f.SetColWidth(sheetMonthly, colName(j+1), colName(j+1), wd); err != nil {
				return err
			}
			tableWidth += int(wd*8 + 0.5)
		}
		costs, revenue := dw.monthlyChart(n, max(chartWidth, tableWidth))
		if err := dw.f.AddChart(sheetMonthly, fmt.Sprintf("A%d", n+4), costs, revenue); err != nil {
			return err
		}
	}
	return dw.writeTable([]string{sheetMonthly}, t)
}

// monthlyChart is each month's costs (delivery, support, expenses,
// late-payment) stacked, so a column's height is what the client cost
// that month, with its revenue as a line over them: from the Monthly
// sheet's rows 2 to months+1.
func (dw *dossierWriter) monthlyChart(months, width int) (costs, revenue *excelize.Chart) {
	quoted := "'" + sheetMonthly + "'"
	series := func(col, colour string) excelize.ChartSeries {
		return excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$1", quoted, col),
			Categories: fmt.Sprintf("%s!$A$2:$A$%d", quoted, months+1),
			Values:     fmt.Sprintf("%s!$%s$2:$%s$%d", quoted, col, col, months+1),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
		}
	}
	gap := uint(60)
	overlap := 100
	// A combo chart takes its axes from its last part: both carry them.
	xAxis := excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "mmm yy"}, Font: axisFont}
	yAxis := excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}, MajorGridLines: true, Font: axisFont}
	costs = &excelize.Chart{
		Type: excelize.ColStacked,
		Series: []excelize.ChartSeries{
			series("D", "ED7D31"), series("E", "FFC000"), series("F", "A5A5A5"), series("G", "7F6000"),
		},
		Title:     chartTitle("Revenue against cost by month (" + dw.code + ")"),
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: uint(width), Height: 340},
		GapWidth:  &gap,
		Overlap:   &overlap,
		XAxis:     xAxis,
		YAxis:     yAxis,
	}
	line := series("B", "2F5597")
	line.Line = excelize.LineOptions{Type: excelize.LineSolid, Width: 2.5}
	line.Marker = excelize.ChartMarker{Symbol: "circle", Size: 5}
	revenue = &excelize.Chart{Type: excelize.Line, Series: []excelize.ChartSeries{line}, XAxis: xAxis, YAxis: yAxis}
	return costs, revenue
}

// writeClientInvoices writes the client's invoices and credit notes issued
// in the window, by issue date.
func (dw *dossierWriter) writeClientInvoices() error {
	st := dw.st
	c := dw.c
	cols := []column{
		{header: "Invoice", style: st.text, max: 30},
		{header: "Issue date", style: st.date, kind: widthDate},
		{header: "Due date", style: st.date, kind: widthDate},
		{header: "Settled", style: st.date, kind: widthDate},
		{header: "Amount", style: st.money, kind: widthMoney},
		{header: "Paid", style: st.money, kind: widthMoney},
		{header: "Credited", style: st.money, kind: widthMoney},
		{header: "Balance", style: st.money, kind: widthMoney},
		{header: "Days late", style: st.whole, kind: widthWhole},
		{header: "Status", style: st.text, max: 20},
		{header: "Disputed", style: st.text},
		{header: "Invoice currency", style: st.text},
	}
	var amount, paid, credited, balance analysis.Money
	for _, l := range c.InvoiceLines {
		amount += l.Amount
		paid += l.Paid
		credited += l.Credited
		balance += l.Balance
	}
	rows := func(yield func([]cell) bool) {
		row := make([]cell, len(cols))
		for i := range c.InvoiceLines {
			l := &c.InvoiceLines[i]
			daysLate := number(float64(l.DaysLate))
			disputed := yesNo(l.Disputed)
			if l.Credit {
				daysLate, disputed = cell{}, cell{}
			}
			currency := l.Currency
			if currency == "" {
				currency = dw.res.Rules.Currency
			}
			row = append(row[:0],
				text(l.Number),
				date(l.Issued),
				date(l.Due),
				date(l.Settled),
				dw.money(l.Amount),
				dw.money(l.Paid),
				dw.money(l.Credited),
				dw.money(l.Balance),
				daysLate,
				text(l.Status),
				disputed,
				text(strings.ToUpper(currency)),
			)
			if !yield(row) {
				return
			}
		}
	}
	var total []cell
	if len(c.InvoiceLines) > 0 {
		m := func(v analysis.Money) cell { return dw.money(v).styled(st.moneyBold) }
		total = []cell{{kind: textCell, text: "Total", style: st.bold}, {}, {}, {}, m(amount), m(paid), m(credited), m(balance)}
	}
	return dw.writeTable([]string{sheetInvoices}, table{
		cols: cols, freezeCols: 1, rows: rows, total: total,
		emptyNote: "No invoices were issued to this client in the window.",
	})
}

// writePayments writes the client's payments dated in the window and what
// each was applied to.
func (dw *dossierWriter) writePayments() error {
	st := dw.st
	c := dw.c
	cols := []column{
		{header: "Date", style: st.date, kind: widthDate},
		{header: "Amount", style: st.money, kind: widthMoney},
		{header: "Invoice named", style: st.text, max: 30},
		{header: "Reference", style: st.text, max: 30},
		{header: "Applied to", style: st.wrap, max: 50, wrap: true},
		{header: "Unapplied", style: st.money, kind: widthMoney},
		{header: "Payment currency", style: st.text},
		{header: "Note", style: st.wrap, max: 50, wrap: true},
	}
	var amount, unapplied analysis.Money
	for _, p := range c.PaymentLines {
		amount += p.Amount
		unapplied += p.Unapplied
	}
	rows := func(yield func([]cell) bool) {
		row := make([]cell, len(cols))
		for i := range c.PaymentLines {
			p := &c.PaymentLines[i]
			var applied []string
			for _, a := range p.Applied {
				applied = append(applied, a.Invoice+": "+dw.moneyWords(a.Amount))
			}
			var notes []string
			if p.Synthetic {
				notes = append(notes, "from the invoice's own paid date (no payments row names it)")
			}
			if p.Refund || p.Amount < 0 {
				notes = append(notes, "a refund")
			}
			if p.Unapplied > 0 {
				notes = append(notes, "the unapplied part is credit on account, not revenue")
			}
			currency := p.Currency
			if currency == "" {
				currency = dw.res.Rules.Currency
			}
			row = append(row[:0],
				date(p.Date),
				dw.money(p.Amount),
				text(p.Invoice),
				text(p.Reference),
				text(strings.Join(applied, "\n")),
				dw.money(p.Unapplied),
				text(strings.ToUpper(currency)),
				text(strings.Join(notes, "; ")),
			)
			if !yield(row) {
				return
			}
		}
	}
	var total []cell
	if len(c.PaymentLines) > 0 {
		m := func(v analysis.Money) cell { return dw.money(v).styled(st.moneyBold) }
		total = []cell{{kind: textCell, text: "Total", style: st.bold}, m(amount), {}, {}, {}, m(unapplied)}
	}
	return dw.writeTable([]string{sheetPayments}, table{
		cols: cols, rows: rows, total: total,
		emptyNote: "No payments from this client are dated in the window.",
	})
}

// writeDisputes writes the client's disputes dated in the window.
func (dw *dossierWriter) writeDisputes() error {
	st := dw.st
	c := dw.c
	cols := []column{
		{header: "Date", style: st.date, kind: widthDate},
		{header: "Invoice", style: st.text, max: 30},
		{header: "Amount", style: st.money, kind: widthMoney},
		{header: "Reason", style: st.wrap, max: 60, wrap: true},
		{header: "Status", style: st.text, max: 20},
		{header: "Counted from", style: st.text},
	}
	rows := func(yield func([]cell) bool) {
		row := make([]cell, len(cols))
		for i := range c.DisputeLines {
			d := &c.DisputeLines[i]
			amount := cell{}
			if d.HasAmount {
				amount = dw.money(d.Amount)
			}
			from := "disputes input"
			if d.FromInvoice {
				from = "invoice marked disputed"
			}
			row = append(row[:0], date(d.Date), text(d.Invoice), amount, text(d.Reason), text(d.Status), text(from))
			if !yield(row) {
				return
			}
		}
	}
	return dw.writeTable([]string{sheetDisputes}, table{
		cols: cols, rows: rows,
		emptyNote: "No disputes from this client are dated in the window.",
	})
}

// writeContacts writes the contact log of the window as it can be sent to
// the client: when, over which channel and for how long, after-hours
// contacts highlighted. No cost, no tags, no names of the team: those are
// on Work and costs.
func (dw *dossierWriter) writeContacts() error {
	st := dw.st
	c := dw.c
	// The text columns after number columns are indented here rather than
	// by writeTable, so the highlighted styles match them.
	cols := []column{
		{header: "Date", style: st.date, kind: widthDate},
		{header: "Day", style: st.textIndent},
		{header: "Time", style: dw.ds.clock, kind: widthWhole},
		{header: "Channel", style: st.textIndent, max: 24},
		{header: "Hours", style: st.decimal2, kind: widthDecimal},
		{header: "After hours", style: st.textIndent},
	}
	rows := func(yield func([]cell) bool) {
		row := make([]cell, len(cols))
		for i := range c.ContactLines {
			l := &c.ContactLines[i]
			at, hrs := cell{}, cell{}
			if l.Time != analysis.NoTime {
				at = number(float64(l.Time) / (24 * 60))
			}
			if l.HasHours {
				hrs = number(l.Hours.Hours())
			}
			row = append(row[:0],
				date(l.Date),
				text(l.Date.Weekday().String()[:3]),
				at,
				text(l.Channel),
				hrs,
				yesNo(l.AfterHours),
			)
			if l.AfterHours {
				for j := range row {
					if row[j].kind == blankCell {
						// An empty string, so the fill runs across the row.
						row[j] = cell{kind: textCell}
					}
					row[j].style = dw.ds.highlight[cols[j].style]
				}
			}
			if !yield(row) {
				return
			}
		}
	}
	var total []cell
	if len(c.ContactLines) > 0 {
		total = []cell{{kind: textCell, text: "Total", style: st.bold},
			{kind: textCell, text: plural(c.Contacts, "contact"), style: st.bold}, {kind: textCell, style: st.bold}, {kind: textCell, style: st.bold},
			number(c.SupportHours).styled(dw.ds.decimalBold),
			{kind: textCell, text: fmt.Sprintf("%d after hours", c.AfterHours), style: st.bold}}
	}
	return dw.writeTable([]string{sheetContacts}, table{
		cols: cols, rows: rows, total: total,
		emptyNote: "No support contacts from this client are dated in the window.",
	})
}

// workRow is one row of the Work and costs sheet: a support contact, a
// time entry or an expense.
type workRow struct {
	date         analysis.Date
	kind, person string
	role, what   string
	hours        cell
	billable     cell
	cost, rate   analysis.Money
	costedFrom   string
	tags         string
}

// workRows gathers the client's support, time and expense rows of the
// window, by date (support, then time, then expenses on one day).
func (dw *dossierWriter) workRows() []workRow {
	c := dw.c
	var out []workRow
	hours := func(has bool, d time.Duration) cell {
		if !has {
			return cell{}
		}
		return number(d.Hours())
	}
	for i := range c.ContactLines {
		l := &c.ContactLines[i]
		out = append(out, workRow{date: l.Date, kind: "Support", person: l.Person, role: l.Role, what: l.Channel,
			hours: hours(l.HasHours, l.Hours), billable: yesNo(l.Billable), cost: l.Cost, rate: l.Rate,
			costedFrom: costedFrom(l.CostFrom, l.Person, l.Role), tags: l.Tags})
	}
	for i := range c.WorkLines {
		l := &c.WorkLines[i]
		out = append(out, workRow{date: l.Date, kind: "Time", person: l.Person, role: l.Role, what: joinNonEmpty(" – ", l.Project, l.Task),
			hours: hours(l.HasHours, l.Hours), billable: yesNo(l.Billable), cost: l.Cost, rate: l.Rate,
			costedFrom: costedFrom(l.CostFrom, l.Person, l.Role)})
	}
	for i := range c.ExpenseLines {
		l := &c.ExpenseLines[i]
		from := "the expenses input"
		if l.Currency != "" && l.Currency != dw.res.Rules.Currency {
			from = "the expenses input, " + analysis.FormatMoney(l.Amount, l.Currency) + " converted"
		}
		out = append(out, workRow{date: l.Date, kind: "Expense", what: joinNonEmpty(" – ", l.Category, l.Description),
			cost: l.AmountR, costedFrom: from})
	}
	slices.SortStableFunc(out, func(a, b workRow) int { return cmp.Compare(a.date, b.date) })
	return out
}

// costedFrom says in words how a support or time row's cost was found.
func costedFrom(src analysis.CostSource, person, role string) string {
	switch src {
	case analysis.CostGiven:
		return "the export's cost"
	case analysis.CostPerson:
		return "costs.rates of " + person
	case analysis.CostRole:
		return "costs.rates of the role " + role
	case analysis.CostHour:
		return "costs.hour"
	case analysis.CostTicket:
		return "costs.support_ticket (no hours, no cost)"
	}
	return ""
}

// joinNonEmpty joins the parts that are not empty with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

// writeWork writes the internal Work and costs sheet: every support, time
// and expense row of the client in the window, with who did it, the
// hours, whether the client is billed for it, what it cost and how that
// cost was found, and the support tags.
func (dw *dossierWriter) writeWork() error {
	st := dw.st
	c := dw.c
	cols := []column{
		{header: "Date", style: st.date, kind: widthDate},
		{header: "Kind", style: st.textIndent},
		{header: "Person", style: st.text, max: 24},
		{header: "Role", style: st.text, max: 18},
		{header: "What", style: st.wrap, max: 36, wrap: true},
		{header: "Hours", style: st.decimal2, kind: widthDecimal},
		{header: "Billable", style: st.textIndent},
		{header: "Cost", style: st.money, kind: widthMoney},
		{header: "Rate per hour", style: st.money, kind: widthMoney},
		{header: "Costed from", style: st.wrapIndent, max: 44, wrap: true},
		{header: "Tags", style: st.wrap, max: 30, wrap: true},
	}
	work := dw.workRows()
	var cost analysis.Money
	for _, r := range work {
		cost += r.cost
	}
	rows := func(yield func([]cell) bool) {
		row := make([]cell, len(cols))
		for _, r := range work {
			rate := cell{}
			if r.rate != 0 {
				rate = dw.money(r.rate)
			}
			row = append(row[:0], date(r.date), text(r.kind), text(r.person), text(r.role), text(r.what),
				r.hours, r.billable, dw.money(r.cost), rate, text(r.costedFrom), text(r.tags))
			if !yield(row) {
				return
			}
		}
	}
	var total []cell
	if len(work) > 0 {
		bold := cell{kind: textCell, style: st.bold}
		total = []cell{{kind: textCell, text: "Total", style: st.bold}, bold, bold, bold, bold,
			number(c.Hours).styled(dw.ds.decimalBold), bold, dw.money(cost).styled(st.moneyBold)}
	}
	return dw.writeTable([]string{sheetWork}, table{
		cols: cols, rows: rows, total: total,
		emptyNote: "No support, time or expense rows of this client are dated in the window.",
	})
}

// writeDossierDefinitions writes the Definitions sheet: the scorecard's
// definitions of every metric, flag and verdict with this run's numbers,
// without the portfolio and scorecard-sheet notes, and with the dossier's
// own sheets explained.
func (dw *dossierWriter) writeDossierDefinitions() error {
	var defs []definition
	for _, d := range dw.definitions() {
		if d.term == "Portfolio" && d.meaning == "" {
			break // portfolio figures and the scorecard's sheets follow
		}
		defs = append(defs, d)
	}
	r := dw.res.Rules
	defs = append(defs,
		definition{"This dossier", ""},
		definition{"Target margin", fmt.Sprintf("The margin Price change needed aims for: %s (rules.min_margin). The formula is under Money above.", percentText(r.MinMargin))},
		definition{"Monthly sheet", "Each calendar month the window touches. Revenue and Avg days late count invoices by issue date; Collected, costs, Disputes and Contacts count by their own date; Late-payment cost by the invoice's issue month. A month's Profit is its Revenue less its four costs, each rounded, so the months can differ from the total by a cent. The total row holds the client's figures for the whole window. The chart stacks the four costs, so a column's height is what the client cost that month, against a line of its revenue."},
		definition{"Invoices sheet", "Every invoice and credit note of this client issued in the window, by issue date, in " + r.Currency + ". Invoice currency is the currency the invoice was issued in."},
		definition{"Payments sheet", "Every payment of this client dated in the window, and the invoices each was applied to: the invoice it names first, the rest to the client's open invoices, oldest due date first. What is left is Unapplied: credit on account, not revenue."},
		definition{"Disputes sheet", "Every dispute of this client dated in the window: a disputes row, or an invoice marked disputed that no disputes row names (dated its issue date)."},
		definition{"Contacts sheet", "The support contact log of the window, by date and time, as it can be sent to the client: no cost, no tags, no names of the team. After-hours contacts (" + businessHours(r) + ") are highlighted. Time is blank when the export gives a date only."},
		definition{"Work and costs sheet", "Internal: every support, time and expense row of this client in the window, with the person, the hours, whether the client is billed for it, what it cost, the hourly rate applied and how the cost was found, and the support tags. Billable rows are Delivery cost, the others Support cost; expenses are Expenses."},
		definition{"Blank cells", "A blank figure has no value (a mean of nothing, a ratio over zero); it is not zero."},
	)
	return dw.writeDefinitionsSheet(defs)
}
