package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"clientscore/analysis"
)

// Limits that keep the Summary on one printed page.
const (
	summaryListMax = 5  // lines of each list of changes before "… and N more"
	renewalsShown  = 8  // clients renewing soon
	lossesShown    = 10 // the ten biggest losses
)

// The Summary is laid out in two blocks side by side, the charts under
// both, so that it prints on one landscape page in a size that can be
// read: on the left what the run covers and its totals; on the right what
// changed, who renews soon and who loses most. Blocks share their rows, so
// no line in them wraps.
const (
	summaryLeft     = 1 // A–D
	summaryLeftCols = 4
	summaryMid      = 6 // F–J, after a narrow E
	summaryMidCols  = 5
	summaryTop      = 3
	summaryGapWidth = 2
)

func (w *writer) writeSummary() error {
	g := newGrid(w, sheetSummary, summaryLeftCols)
	g.oneLine = true
	g.caps = [gridCols + 1]float64{0, 32, 16, 17, 17, summaryGapWidth, 26, 17, 17, 17, 24}
	if err := w.setPrint(sheetSummary, printSetup{onePage: true}); err != nil {
		return err
	}
	g.set(1, text("Client scorecard"), w.st.title, false)

	g.block(summaryLeft, summaryLeftCols, summaryTop)
	w.summaryAbout(g)
	w.summaryVerdicts(g)
	w.summaryTotals(g)
	w.summaryConcentration(g)
	w.summaryLeftOut(g)
	end := g.row

	g.block(summaryMid, summaryMidCols, summaryTop)
	w.summaryChanges(g)
	w.summaryRenewals(g)
	w.summaryLosses(g)
	end = max(end, g.row)

	g.widths[summaryMid-1] = summaryGapWidth
	if err := g.fit(); err != nil {
		return err
	}
	// Charts last: excelize anchors them to cells, so the columns must
	// have their final widths first. The whale curve starts in column A,
	// the profit chart in the right block's first column.
	return w.addSummaryCharts(end+1, summaryMid)
}

// summaryAbout writes what the run covers: as-of date, window, currency,
// when it was made and by which version.
func (w *writer) summaryAbout(g *grid) {
	st := w.st
	r := w.res.Rules
	g.section("This scorecard", true)
	rows := []struct {
		label string
		value cell
		style int
	}{
		{"As of", date(r.AsOf), st.dateLeft},
		{"Window", text(w.windowWords()), st.text},
		{"Currency", text(r.Currency), st.text},
		{"Generated", dateTimeCell(w.sc.Generated), st.dateTime},
		{"clientscore version", text(versionText(w.sc.Version)), st.text},
	}
	for _, a := range rows {
		g.pair(a.label, a.value, a.style, "")
	}
}

// windowWords says what the window covers: "12 months: 1 Nov 2025 – 31
// Oct 2026".
func (w *writer) windowWords() string {
	r := w.res.Rules
	from := w.res.From
	if from.IsZero() {
		from = r.From()
	}
	return fmt.Sprintf("%s: %s – %s", plural(r.WindowMonths, "month"), dateWords(from.AddDays(1)), dateWords(r.AsOf))
}

// summaryVerdicts writes the count of clients per verdict (the portfolio's
// count), with their revenue and profit, coloured like the verdicts.
func (w *writer) summaryVerdicts(g *grid) {
	st := w.st
	p := &w.res.Portfolio
	g.section("Clients by verdict", false)
	g.header("Verdict", ">Clients", ">Revenue", ">Profit")
	var rev, prof [len(analysis.Verdicts)]analysis.Money
	for i := range w.res.Clients {
		c := &w.res.Clients[i]
		if v := c.Verdict; v >= 0 && int(v) < len(rev) {
			rev[v] += c.Revenue
			prof[v] += c.Profit
		}
	}
	for _, v := range analysis.Verdicts {
		g.line([]int{w.verdictStyle(v), st.count, st.money, st.money},
			text(v.String()), number(float64(p.Verdicts[v])), w.money(rev[v]), w.money(prof[v]))
	}
	g.line([]int{st.bold, st.countBold, st.moneyBold, st.moneyBold},
		text("All clients"), number(float64(p.Clients)), w.money(p.Revenue), w.money(p.Profit))
}

// summaryTotals writes the portfolio's totals, with the change in
// receivables since the previous scorecard when it had them.
func (w *writer) summaryTotals(g *grid) {
	st := w.st
	p := &w.res.Portfolio
	ch := &w.sc.Changes
	if ch.HasTotals {
		g.section("Totals, and their change since "+dateWords(ch.Previous), false)
		g.header("", ">Amount", ">Change")
	} else {
		g.section("Totals", false)
	}
	for _, t := range []struct {
		label  string
		m      analysis.Money
		then   analysis.Money
		change bool
	}{
		{"Revenue", p.Revenue, 0, false},
		{"Delivery cost", p.DeliveryCost, 0, false},
		{"Support cost", p.SupportCost, 0, false},
		{"Expenses", p.Expenses, 0, false},
		{"Profit", p.Profit, 0, false},
		{"Outstanding", p.Outstanding, ch.Outstanding, true},
		{"Overdue", p.Overdue, ch.Overdue, true},
	} {
		styles := []int{st.label, st.money, st.moneyChange}
		cells := []cell{text(t.label), w.money(t.m)}
		if t.label == "Profit" {
			styles[1] = st.moneyBold
		}
		if t.change && ch.HasTotals {
			cells = append(cells, w.money(t.m-t.then))
		}
		g.line(styles, cells...)
	}
}

// summaryConcentration writes how much of the revenue the biggest clients
// bring, and the HHI with what it means.
func (w *writer) summaryConcentration(g *grid) {
	st := w.st
	p := &w.res.Portfolio
	g.section("Concentration", false)
	for _, t := range []struct {
		label string
		v     analysis.Maybe
	}{
		{"Biggest client's share of revenue", p.Top1Share},
		{"Top 5 clients' share of revenue", p.Top5Share},
		{"Top 10 clients' share of revenue", p.Top10Share},
	} {
		g.line([]int{st.label, st.percent}, text(t.label), maybe(t.v))
	}
	g.set(1, text("HHI (Herfindahl–Hirschman index)"), st.label, true)
	g.set(2, maybe(p.HHI), st.count, true)
	g.set(3, text(hhiReading(p.HHI)), st.textIndent, false)
	g.row++
}

// summaryLeftOut says what no client's figures hold: rows of each input
// whose client is unknown, and invoices whose lateness is unknown. It
// writes nothing when there are none.
func (w *writer) summaryLeftOut(g *grid) {
	st := w.st
	p := &w.res.Portfolio
	if len(p.Unmatched) == 0 && p.UnknownLateness == 0 {
		return
	}
	g.section("Left out of the figures", false)
	if len(p.Unmatched) > 0 {
		g.header("Rows with no known client", ">Rows", ">Amount or cost", ">Names")
		for _, u := range p.Unmatched {
			g.line([]int{st.text, st.count, st.money, st.count},
				text(string(u.Input)), number(float64(u.Rows)), w.money(u.Amount), number(float64(u.Names)))
		}
		g.prose("They name no client of the clients or invoices input: Data issues lists each name.", true)
	}
	if n := p.UnknownLateness; n > 0 {
		g.prose(fmt.Sprintf("%s paid on an unknown date: no lateness figure counts %s.", plural(n, "invoice")+" "+wasWere(n), itThem(n)), false)
		g.prose("A payments export would date the payments and fix this.", false)
	}
}

// wasWere is "was" for one and "were" for any other number.
func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

// itThem is "it" for one and "them" for any other number.
func itThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// hhiReading says what an HHI means: under 1,500 unconcentrated,
// 1,500–2,500 moderately, above 2,500 highly concentrated.
func hhiReading(h analysis.Maybe) string {
	switch {
	case !h.Valid:
		return ""
	case h.Value < 1500:
		return "unconcentrated (under 1,500)"
	case h.Value <= 2500:
		return "moderately concentrated (1,500–2,500)"
	default:
		return "highly concentrated (above 2,500)"
	}
}

// dateTimeCell returns t's wall-clock time, on its own zone, as an Excel
// date-time serial.
func dateTimeCell(t time.Time) cell {
	if t.IsZero() {
		return cell{}
	}
	d := analysis.DateOf(t)
	secs := t.Hour()*3600 + t.Minute()*60 + t.Second()
	// One division, so the serial is the double nearest the exact time.
	return number(float64(int64(dateSerial(d))*86400+int64(secs)) / 86400)
}

// summaryChanges lists what changed since the previous scorecard: verdicts,
// new flags, receivables that moved by more than 10% (in money), new
// clients.
func (w *writer) summaryChanges(g *grid) {
	ch := &w.sc.Changes
	if ch.Previous.IsZero() {
		g.section("Changes since the previous scorecard", true)
		g.prose("No previous scorecard in this folder: the next run will say what changed since this one.", true)
		return
	}
	g.section("Changes since the previous scorecard, as of "+dateWords(ch.Previous), true)
	var verdicts, flags []string
	for _, v := range ch.Verdicts {
		verdicts = append(verdicts, fmt.Sprintf("%s: %s → %s", v.Client, v.From, v.To))
	}
	for _, f := range ch.NewFlags {
		l := f.Client + ": " + string(f.Flag.Code)
		if f.Flag.Evidence != "" {
			l += " — " + f.Flag.Evidence
		}
		flags = append(flags, l)
	}
	list := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		g.label(title)
		for i, l := range lines {
			if i == summaryListMax {
				g.more(len(lines)-i, "see the Clients sheet")
				return
			}
			g.prose(l, false)
		}
	}
	if len(verdicts)+len(flags)+len(ch.Moved)+len(ch.NewClients) == 0 {
		g.prose("Nothing changed: no verdict, no new flag, no receivable that moved by more than 10%.", true)
		return
	}
	list("Verdicts changed", verdicts)
	list("New flags", flags)
	w.summaryMoved(g)
	if n := len(ch.NewClients); n > 0 {
		names := ch.NewClients[:min(n, summaryListMax)]
		more := ""
		if n > len(names) {
			more = fmt.Sprintf(" and %s more", thousands(int64(n-len(names))))
		}
		g.label("New clients")
		g.prose(strings.Join(names, ", ")+more, false)
	}
}

// summaryMoved lists the clients whose Outstanding or Overdue moved by
// more than 10% since the previous scorecard: each figure now, and its
// change in money.
func (w *writer) summaryMoved(g *grid) {
	st := w.st
	moved := w.sc.Changes.Moved
	if len(moved) == 0 {
		return
	}
	g.label("Receivables that moved by more than 10%")
	g.header("Client", ">Outstanding", ">Change", ">Overdue", ">Change")
	for i, m := range moved {
		if i == summaryListMax {
			g.more(len(moved)-i, "see Outstanding and Overdue on the Clients sheet")
			return
		}
		g.line([]int{st.text, st.money, st.moneyChange, st.money, st.moneyChange},
			text(m.Client), w.money(m.OutstandingTo), w.money(m.OutstandingTo-m.OutstandingFrom),
			w.money(m.OverdueTo), w.money(m.OverdueTo-m.OverdueFrom))
	}
}

// renewalDays is how far ahead the Summary's "Renewing soon" block looks.
const renewalDays = 90

// summaryRenewals lists the clients renewing in the next renewalDays days,
// soonest first, with what the renewal talk needs: verdict and the price
// change needed.
func (w *writer) summaryRenewals(g *grid) {
	st := w.st
	r := w.res.Rules
	g.section(fmt.Sprintf("Renewing soon: %s – %s", dateWords(r.AsOf.AddDays(1)), dateWords(r.AsOf.AddDays(renewalDays))), false)
	renewing := w.res.RenewingWithin(renewalDays)
	if len(renewing) == 0 {
		note := fmt.Sprintf("No client renews in the next %d days.", renewalDays)
		if !slices.ContainsFunc(w.res.Clients, func(c analysis.ClientResult) bool { return !c.RenewalDate.IsZero() }) {
			note = "No renewal dates are known: add a renewal_date column to the clients input."
		}
		g.prose(note, true)
		return
	}
	g.header("Client", "Renewal", "Verdict", ">Price change", "Owner")
	for k, i := range renewing {
		if k == renewalsShown {
			g.more(len(renewing)-k, "see Renewal date on the Clients sheet")
			return
		}
		c := &w.res.Clients[i]
		g.line([]int{st.text, st.dateLeft, w.verdictStyle(c.Verdict), st.percent, st.textIndent},
			text(c.Name), date(c.RenewalDate), text(c.Verdict.String()), maybe(c.PriceChange), text(c.Owner))
	}
}

// biggestLosses returns up to n clients with a loss, the biggest first.
func biggestLosses(clients []analysis.ClientResult, n int) []*analysis.ClientResult {
	var losses []*analysis.ClientResult
	for i := range clients {
		if clients[i].Profit < 0 {
			losses = append(losses, &clients[i])
		}
	}
	slices.SortStableFunc(losses, func(a, b *analysis.ClientResult) int { return cmp.Compare(a.Profit, b.Profit) })
	return losses[:min(n, len(losses))]
}

// summaryLosses lists the ten biggest losses: client, verdict, profit,
// margin and flags (the evidence is on the Clients sheet).
func (w *writer) summaryLosses(g *grid) {
	st := w.st
	g.section("The ten biggest losses", false)
	losses := biggestLosses(w.res.Clients, lossesShown)
	if len(losses) == 0 {
		g.prose("No client made a loss.", true)
		return
	}
	g.header("Client", "Verdict", ">Profit", ">Margin", "Flags")
	for _, c := range losses {
		g.line([]int{st.text, w.verdictStyle(c.Verdict), st.money, st.percent, st.textIndent},
			text(c.Name), text(c.Verdict.String()), w.money(c.Profit), maybe(c.Margin), text(flagCodes(c.Flags)))
	}
}
