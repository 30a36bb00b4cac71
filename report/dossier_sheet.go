package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"clientscore/analysis"
)

// spreadLine is a wrapped text merged over columns B–F, whose height is
// set once the widths are known.
type spreadLine struct {
	row  int
	text string
}

// writeDossierSheet writes the Dossier sheet: the summary in words, then
// the renewal figures, the flags with their evidence, and every figure of
// the client, label in A and value in B.
func (dw *dossierWriter) writeDossierSheet() error {
	s := &summary{w: dw.writer, sheet: sheetDossier, row: 1}
	s.caps = [summaryCols + 1]float64{0, 36, 24, 30, 14, 14, 68}
	st := dw.st
	c := dw.c
	r := dw.res.Rules
	if err := dw.prepareSheet(sheetDossier, 0, 0, 1); err != nil {
		return err
	}
	var spread []spreadLine

	if err := s.set(1, text("Renewal dossier: "+c.Name), st.title, false); err != nil {
		return err
	}
	s.row++
	if err := s.set(1, text(dw.windowWords()), st.note, false); err != nil {
		return err
	}
	s.row += 2
	if err := s.prose(dossierWords(c, dw.res, dw.digits, dw.code), false); err != nil {
		return err
	}

	// pair writes a label and its value; long text values are not fitted
	// and run on over the empty columns to their right.
	pair := func(label string, value cell, style int, note string) error {
		if err := s.set(1, text(label), st.label, true); err != nil {
			return err
		}
		fit := value.kind != textCell || displayWidth(value.text) <= 20
		if err := s.set(2, value, style, fit); err != nil {
			return err
		}
		if note != "" {
			if err := s.set(3, text(note), dw.ds.noteIndent, false); err != nil {
				return err
			}
		}
		s.row++
		return nil
	}
	money := func(label string, m analysis.Money) error { return pair(label, dw.money(m), st.money, "") }
	count := func(label string, n int) error { return pair(label, number(float64(n)), st.count, "") }

	// The renewal at a glance.
	if err := s.section("Renewal"); err != nil {
		return err
	}
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
	rows := []struct {
		label string
		value cell
		style int
		note  string
	}{
		{"Verdict", text(c.Verdict.String()), dw.verdictStyle(c.Verdict), ""},
		{"Flags", text(flags), st.text, ""},
		{"Price change needed", price, st.percentBold, priceNote},
		{"Target margin", number(r.MinMargin), st.percent, "rules.min_margin: the margin the price change aims for"},
		{"Renewal date", renewal, st.dateLong, renewalNote},
		{"Owner", owner, st.text, ""},
	}
	if c.HasFee {
		rows = append(rows, struct {
			label string
			value cell
			style int
			note  string
		}{"Monthly fee", dw.money(c.MonthlyFee), st.money, "from the clients input"})
	}
	for _, p := range rows {
		if err := pair(p.label, p.value, p.style, p.note); err != nil {
			return err
		}
	}

	// Flags with their evidence, the evidence spread over B–F.
	if err := s.section("Flags and evidence"); err != nil {
		return err
	}
	if len(c.Flags) == 0 {
		if err := s.prose("No flags: nothing in the window crossed a threshold (see Definitions).", true); err != nil {
			return err
		}
	} else {
		if err := s.set(1, text("Flag"), st.header, false); err != nil {
			return err
		}
		if err := s.set(2, text("Evidence"), st.header, false); err != nil {
			return err
		}
		if err := dw.f.MergeCell(sheetDossier, s.cellName(2), s.cellName(summaryCols)); err != nil {
			return err
		}
		s.row++
		for _, fl := range c.Flags {
			if err := s.set(1, text(string(fl.Code)), st.label, true); err != nil {
				return err
			}
			ev := text(fl.Evidence)
			if err := s.set(2, ev, st.wrap, false); err != nil {
				return err
			}
			if err := dw.f.MergeCell(sheetDossier, s.cellName(2), s.cellName(summaryCols)); err != nil {
				return err
			}
			spread = append(spread, spreadLine{s.row, ev.text})
			s.row++
		}
	}

	if err := s.section("Revenue and cost"); err != nil {
		return err
	}
	for _, m := range []struct {
		label string
		m     analysis.Money
	}{
		{"Invoiced", c.Invoiced}, {"Credit notes", c.CreditNotes}, {"Revenue", c.Revenue},
		{"Support cost", c.SupportCost}, {"Delivery cost", c.DeliveryCost}, {"Late-payment cost", c.LatePaymentCost},
	} {
		if err := money(m.label, m.m); err != nil {
			return err
		}
	}
	if err := pair("Profit", dw.money(c.Profit), st.moneyBold, ""); err != nil {
		return err
	}
	if err := pair("Margin", maybe(c.Margin), st.percent, ""); err != nil {
		return err
	}
	shareNote := ""
	if c.RevenueShare.Valid {
		shareNote = "of the revenue of all clients"
	}
	if err := pair("Revenue share", maybe(c.RevenueShare), st.percent, shareNote); err != nil {
		return err
	}

	if err := s.section("Payment"); err != nil {
		return err
	}
	if err := money("Collected", c.Collected); err != nil {
		return err
	}
	if err := count("Invoices", c.Invoices); err != nil {
		return err
	}
	if err := count("Paid late", c.LateInvoices); err != nil {
		return err
	}
	if err := count("Severely late", c.SeverelyLate); err != nil {
		return err
	}
	for _, d := range []struct {
		label string
		v     analysis.Maybe
		style int
	}{
		{"Avg days late", c.AvgDaysLate, st.days},
		{"Weighted days late", c.WeightedDaysLate, st.days},
		{"Max days late", c.MaxDaysLate, st.whole},
		{"Avg days to pay", c.AvgDaysToPay, st.days},
		{"DSO", c.DSO, st.days},
	} {
		if err := pair(d.label, maybe(d.v), d.style, ""); err != nil {
			return err
		}
	}
	for _, m := range []struct {
		label string
		m     analysis.Money
	}{
		{"Outstanding", c.Outstanding}, {"Overdue", c.Overdue},
	} {
		if err := money(m.label, m.m); err != nil {
			return err
		}
	}
	if c.Unapplied != 0 {
		if err := pair("Unapplied payments", dw.money(c.Unapplied), st.money, "credit on account, not revenue"); err != nil {
			return err
		}
	}

	if err := s.section("Outstanding by days past due"); err != nil {
		return err
	}
	if c.Outstanding == 0 {
		if err := s.prose("Nothing outstanding at the as-of date.", true); err != nil {
			return err
		}
	} else {
		for k, h := range agingHeaders(r.Aging) {
			label := h
			if k > 0 {
				label += " days"
			}
			var m analysis.Money
			if k < len(c.Aging) {
				m = c.Aging[k]
			}
			if err := money(label, m); err != nil {
				return err
			}
		}
	}

	if err := s.section("Disputes and support"); err != nil {
		return err
	}
	if err := count("Disputes", c.Disputes); err != nil {
		return err
	}
	if err := pair("Dispute rate", maybe(c.DisputeRate), st.percent, ""); err != nil {
		return err
	}
	if err := count("Contacts", c.Contacts); err != nil {
		return err
	}
	if err := count("After-hours contacts", c.AfterHours); err != nil {
		return err
	}
	if err := pair("Support hours", number(c.SupportHours), st.decimal2, ""); err != nil {
		return err
	}
	if err := pair("Contacts per month", number(c.ContactsPerMonth), st.decimal2, ""); err != nil {
		return err
	}

	if err := s.section("This dossier"); err != nil {
		return err
	}
	version := versionText(dw.sc.Version)
	about := []struct {
		label string
		value cell
		style int
	}{
		{"Client", text(c.Name), st.text},
		{"Client id", text(c.ID), st.text},
		{"Aliases", text(strings.Join(c.Aliases, "; ")), st.text},
		{"As of", date(r.AsOf), st.dateLong},
		{"Currency", text(r.Currency), st.text},
		{"Generated", dateTimeCell(dw.sc.Generated), st.dateTime},
		{"clientscore version", text(version), st.text},
	}
	for _, a := range about {
		if a.value.kind == blankCell && a.style == st.text {
			continue // no id, no aliases
		}
		if err := pair(a.label, a.value, a.style, ""); err != nil {
			return err
		}
	}

	if err := s.section("Input files"); err != nil {
		return err
	}
	if len(dw.sc.Sources) == 0 {
		if err := s.prose("No input files were recorded.", true); err != nil {
			return err
		}
	} else {
		if err := s.header("File", "Input", "Sheet", ">Rows read", ">Rejected", "SHA-256"); err != nil {
			return err
		}
		for _, src := range dw.sc.Sources {
			if err := s.line([]int{st.text, st.text, st.text, st.count, st.count, st.textIndent},
				text(src.Path), text(string(src.Input)), text(src.Sheet),
				number(float64(src.Rows)), number(float64(src.Rejected)), text(src.SHA256)); err != nil {
				return err
			}
		}
	}

	if err := s.fit(); err != nil {
		return err
	}
	spreadWidth := 0.0
	for col := 2; col <= summaryCols; col++ {
		spreadWidth += s.widths[col]
	}
	for _, l := range spread {
		if n := wrappedLines(l.text, spreadWidth); n > 1 {
			if err := dw.f.SetRowHeight(sheetDossier, l.row, math.Min(float64(n)*15, excelize.MaxRowHeight)); err != nil {
				return err
			}
		}
	}
	return nil
}

// windowWords says what the dossier covers: "12 months: 1 Nov 2025 – 31
// Oct 2026, amounts in EUR".
func (dw *dossierWriter) windowWords() string {
	r := dw.res.Rules
	from := dw.res.From
	if from.IsZero() {
		from = r.From()
	}
	return fmt.Sprintf("%s: %s – %s, amounts in %s", plural(r.WindowMonths, "month"), dateWords(from.AddDays(1)), dateWords(r.AsOf), r.Currency)
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
