package report

import (
	"strings"

	"clientscore/analysis"
)

// The Dossier sheet is one block of six columns: label in A, value in B,
// a note from C on; prose and evidence spread over all six.
const dossierCols = 6

// writeDossierSheet writes the Dossier sheet: the summary in words, then
// the renewal figures, the flags with their evidence, and every figure of
// the client, label in A and value in B.
func (dw *dossierWriter) writeDossierSheet() error {
	g := newGrid(dw.writer, sheetDossier, dossierCols)
	g.caps = [gridCols + 1]float64{0, 34, 22, 30, 14, 14, 34}
	if err := dw.setPrint(sheetDossier, printSetup{}); err != nil {
		return err
	}
	g.set(1, text(dw.title), dw.st.title, false)
	g.row++
	g.set(1, text(dw.windowWords()+", amounts in "+dw.res.Rules.Currency), dw.st.note, false)
	g.row += 2
	g.prose(dossierWords(dw.c, dw.res), false)
	dw.renewal(g)
	dw.flags(g)
	dw.revenueAndCost(g)
	dw.payment(g)
	dw.aging(g)
	dw.support(g)
	dw.about(g)
	dw.inputs(g)
	return g.fit()
}

// renewal writes what the renewal talk needs at a glance.
func (dw *dossierWriter) renewal(g *grid) {
	st := dw.st
	c, r := dw.c, dw.res.Rules
	g.section("Renewal", false)
	flags := "None"
	if len(c.Flags) > 0 {
		flags = flagCodes(c.Flags)
	}
	price, priceNote := dw.priceChange()
	renewal, renewalNote := date(c.RenewalDate), daysToRenewal(c.RenewalDate, r.AsOf)
	if c.RenewalDate.IsZero() {
		renewal = cell{kind: textCell, text: "not on record", style: st.note}
	}
	owner := text(c.Owner)
	if c.Owner == "" {
		owner = cell{kind: textCell, text: "not on record", style: st.note}
	}
	g.pair("Verdict", text(c.Verdict.String()), dw.verdictStyle(c.Verdict), "")
	g.pair("Flags", text(flags), st.text, "")
	g.pair("Price change needed", price, st.percentBold, priceNote)
	g.pair("Target margin", number(r.MinMargin), st.percent, "rules.min_margin: the margin the price change aims for")
	g.pair("Renewal date", renewal, st.dateLeft, renewalNote)
	g.pair("Owner", owner, st.text, "")
	if c.HasFee {
		g.pair("Monthly fee", dw.money(c.MonthlyFee), st.money, "from the clients input")
	}
}

// flags writes each flag with its evidence, the evidence spread over B–F.
func (dw *dossierWriter) flags(g *grid) {
	st := dw.st
	g.section("Flags and evidence", false)
	if len(dw.c.Flags) == 0 {
		g.prose("No flags: nothing in the window crossed a threshold (see Definitions).", true)
		return
	}
	g.header("Flag", "Evidence", "", "", "", "")
	for _, fl := range dw.c.Flags {
		g.set(1, text(string(fl.Code)), st.label, true)
		g.block(2, dossierCols-1, g.row)
		g.prose(fl.Evidence, false)
		g.block(1, dossierCols, g.row)
	}
}

// revenueAndCost writes revenue, each cost and what is left.
func (dw *dossierWriter) revenueAndCost(g *grid) {
	st := dw.st
	c := dw.c
	g.section("Revenue and cost", false)
	for _, m := range []struct {
		label string
		m     analysis.Money
	}{
		{"Invoiced", c.Invoiced}, {"Credit notes", c.CreditNotes}, {"Revenue", c.Revenue},
		{"Delivery cost", c.DeliveryCost}, {"Support cost", c.SupportCost}, {"Expenses", c.Expenses},
		{"Late-payment cost", c.LatePaymentCost},
	} {
		g.pair(m.label, dw.money(m.m), st.money, "")
	}
	g.pair("Profit", dw.money(c.Profit), st.moneyBold, "")
	g.pair("Margin", maybe(c.Margin), st.percent, "")
	shareNote := ""
	if c.RevenueShare.Valid {
		shareNote = "of the revenue of all clients"
	}
	g.pair("Revenue share", maybe(c.RevenueShare), st.percent, shareNote)
	g.pair("Hours", number(c.Hours), st.decimal2, "support and time logged for this client")
	g.pair("Revenue per hour", maybe(c.RevenuePerHour), st.money, "what an hour of the team earns on this client")
}

// payment writes how the client pays.
func (dw *dossierWriter) payment(g *grid) {
	st := dw.st
	c := dw.c
	g.section("Payment", false)
	g.pair("Collected", dw.money(c.Collected), st.money, "")
	if c.Refunds != 0 {
		g.pair("Refunds", dw.money(c.Refunds), st.money, "")
	}
	for _, n := range []struct {
		label string
		n     int
	}{
		{"Invoices", c.Invoices}, {"Late invoices", c.LateInvoices}, {"Open overdue", c.OpenOverdue}, {"Severely late", c.SeverelyLate},
	} {
		g.pair(n.label, number(float64(n.n)), st.count, "")
	}
	for _, d := range []struct {
		label string
		v     analysis.Maybe
		style int
	}{
		{"Avg days late", c.AvgDaysLate, st.days},
		{"Weighted days late", c.WeightedDaysLate, st.days},
		{"Weighted days late, last 90 days", c.WeightedDaysLate90, st.days},
		{"Max days late", c.MaxDaysLate, st.whole},
		{"Avg days to pay", c.AvgDaysToPay, st.days},
		{"DSO", c.DSO, st.days},
	} {
		g.pair(d.label, maybe(d.v), d.style, "")
	}
	if c.UnknownLateness > 0 {
		g.pair("Invoices of unknown lateness", number(float64(c.UnknownLateness)), st.count,
			"paid on an unknown date: in no lateness figure above")
	}
	g.pair("Outstanding", dw.money(c.Outstanding), st.money, "")
	g.pair("Overdue", dw.money(c.Overdue), st.money, "")
	if c.Unapplied != 0 {
		g.pair("Unapplied payments", dw.money(c.Unapplied), st.money, "credit on account, not revenue")
	}
}

// aging writes the client's Outstanding by days past due.
func (dw *dossierWriter) aging(g *grid) {
	c := dw.c
	g.section("Outstanding by days past due", false)
	if c.Outstanding == 0 {
		g.prose("Nothing outstanding at the as-of date.", true)
		return
	}
	for k, h := range agingHeaders(dw.res.Rules.Aging) {
		label := h
		if k > 0 {
			label += " days"
		}
		var m analysis.Money
		if k < len(c.Aging) {
			m = c.Aging[k]
		}
		g.pair(label, dw.money(m), dw.st.money, "")
	}
}

// support writes the client's disputes and contacts.
func (dw *dossierWriter) support(g *grid) {
	st := dw.st
	c := dw.c
	g.section("Disputes and support", false)
	g.pair("Disputes", number(float64(c.Disputes)), st.count, "")
	g.pair("Dispute rate", maybe(c.DisputeRate), st.percent, "")
	g.pair("Contacts", number(float64(c.Contacts)), st.count, "")
	g.pair("After-hours contacts", number(float64(c.AfterHours)), st.count, "")
	g.pair("Support hours", number(c.SupportHours), st.decimal2, "")
	g.pair("Contacts per month", number(c.ContactsPerMonth), st.decimal2, "")
}

// about writes what the dossier is of and when it was made.
func (dw *dossierWriter) about(g *grid) {
	st := dw.st
	c, r := dw.c, dw.res.Rules
	g.section("This dossier", false)
	g.pair("Client", text(c.Name), st.text, "")
	if c.ID != "" {
		g.pair("Client id", text(c.ID), st.text, "")
	}
	if len(c.Aliases) > 0 {
		g.pair("Aliases", text(strings.Join(c.Aliases, "; ")), st.text, "")
	}
	g.pair("As of", date(r.AsOf), st.dateLeft, "")
	g.pair("Currency", text(r.Currency), st.text, "")
	g.pair("Generated", dateTimeCell(dw.sc.Generated), st.dateTime, "")
	g.pair("clientscore version", text(versionText(dw.sc.Version)), st.text, "")
}

// inputs lists the input files the figures come from, with their SHA-256.
func (dw *dossierWriter) inputs(g *grid) {
	st := dw.st
	g.section("Input files", false)
	if len(dw.sc.Sources) == 0 {
		g.prose("No input files were recorded.", true)
		return
	}
	g.header("File", "Input", "Sheet", ">Rows read", ">Rejected", "SHA-256")
	for _, src := range dw.sc.Sources {
		g.wrapped(6, 1, src.SHA256)
		g.line([]int{st.text, st.text, st.text, st.count, st.count, st.wrapIndent},
			text(src.Path), text(string(src.Input)), text(src.Sheet),
			number(float64(src.Rows)), number(float64(src.Rejected)), text(src.SHA256))
	}
}

// priceChange returns the Price change needed cell and a note saying what
// it assumes, or why it is blank.
func (dw *dossierWriter) priceChange() (cell, string) {
	c, r := dw.c, dw.res.Rules
	target := percentText(r.MinMargin)
	switch {
	case c.PriceChange.Valid:
		return maybe(c.PriceChange), "prices must rise this much to reach a " + target + " margin"
	case c.Revenue <= 0:
		return cell{}, "none can be worked out: no revenue in the window"
	case c.Margin.Valid && c.Margin.Value >= r.MinMargin:
		return cell{}, "none: the margin meets the " + target + " target"
	default:
		return cell{}, "no price reaches a " + target + " margin with a delivery ratio of " + percentText(r.DeliveryRatio)
	}
}

// daysToRenewal says how far the renewal is from the as-of date.
func daysToRenewal(renewal, asOf analysis.Date) string {
	if renewal.IsZero() {
		return ""
	}
	switch n := analysis.Days(asOf, renewal); {
	case n > 0:
		return "in " + plural(n, "day")
	case n == 0:
		return "on the as-of date"
	default:
		return plural(-n, "day") + " before the as-of date"
	}
}
