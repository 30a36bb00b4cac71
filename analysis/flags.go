package analysis

import (
	"strconv"
	"strings"
)

// raiseFlags raises each client's flags with their evidence, gives the
// verdict and counts the verdicts into the portfolio.
func raiseFlags(res *Result) {
	r := res.Rules
	median := res.Portfolio.MedianContactsPerMonth
	for i := range res.Clients {
		c := &res.Clients[i]
		c.Flags = flagsOf(c, r, median)
		c.Verdict = verdictOf(c.Flags)
		res.Portfolio.Verdicts[c.Verdict]++
	}
}

// verdictOf: Unprofitable when UNPROFITABLE; Review when ABUSE or two or
// more flags other than CONCENTRATION; Watch with one; else Healthy.
func verdictOf(flags []Flag) Verdict {
	n, abuse := 0, false
	for _, f := range flags {
		switch f.Code {
		case FlagUnprofitable:
			return Unprofitable
		case FlagConcentration:
			continue
		case FlagAbuse:
			abuse = true
		}
		n++
	}
	switch {
	case abuse || n >= 2:
		return Review
	case n == 1:
		return Watch
	}
	return Healthy
}

func flagsOf(c *ClientResult, r Rules, median float64) []Flag {
	var flags []Flag
	raise := func(code FlagCode, evidence string) {
		flags = append(flags, Flag{Code: code, Evidence: evidence})
	}
	cur := r.Currency
	money := func(m Money) string { return FormatMoney(m, cur) }

	if c.Profit < 0 {
		raise(FlagUnprofitable, "loses "+money(-c.Profit)+": revenue "+money(c.Revenue)+" against "+costsInWords(c, money))
	}
	if c.Profit >= 0 && c.Margin.Valid && c.Margin.Value < r.MinMargin {
		raise(FlagLowMargin, "margin "+pct(c.Margin.Value)+" is under the "+pct(r.MinMargin)+" minimum: profit "+
			money(c.Profit)+" on revenue "+money(c.Revenue)+", after "+costsInWords(c, money))
	}
	weighted := c.WeightedDaysLate.Valid && c.WeightedDaysLate.Value > r.LateWeightedDays
	if weighted || (c.SeverelyLate >= r.SevereLateCount && c.SeverelyLate > 0) {
		var parts []string
		if weighted {
			parts = append(parts, "weighted "+num1(c.WeightedDaysLate.Value)+" days late (limit "+num1(r.LateWeightedDays)+")")
		}
		if c.SeverelyLate > 0 {
			parts = append(parts, itoa(c.SeverelyLate)+" of "+itoa(c.Invoices)+" invoices over "+itoa(r.SevereLateDays)+" days late")
		}
		if w := worstLate(c.InvoiceLines); w != nil {
			open := ""
			if w.Settled.IsZero() {
				open = ", still open"
			}
			parts[len(parts)-1] += ", worst " + w.Number + " (" + itoa(w.DaysLate) + " days" + open + ")"
		}
		raise(FlagLatePayer, strings.Join(parts, "; "))
	}
	if c.Disputes > 0 && (c.Disputes >= r.DisputesCount || (c.DisputeRate.Valid && c.DisputeRate.Value >= r.DisputesRate)) {
		e := plural(c.Disputes, "dispute") + " on " + plural(c.Invoices, "invoice")
		if c.DisputeRate.Valid {
			e += " (" + pct(c.DisputeRate.Value) + ")"
		}
		if n := len(c.DisputeLines); n > 0 {
			last := c.DisputeLines[n-1]
			e += ", latest " + last.Date.String()
			if last.Invoice != "" {
				e += " on " + last.Invoice
			}
		}
		raise(FlagDisputes, e)
	}
	if c.AfterHours > 0 && c.AfterHours >= r.AfterHoursMin && float64(c.AfterHours) >= r.AfterHoursShare*float64(c.Contacts) {
		night, weekend := 0, 0
		var last *ContactLine
		for k := range c.ContactLines {
			ct := &c.ContactLines[k]
			if !ct.AfterHours {
				continue
			}
			if r.BusinessDays[ct.Date.Weekday()] {
				night++
			} else {
				weekend++
			}
			last = ct
		}
		e := itoa(c.AfterHours) + " of " + plural(c.Contacts, "contact") + " after hours (" +
			pct(float64(c.AfterHours)/float64(c.Contacts)) + "): " + itoa(night) + " outside business hours, " +
			itoa(weekend) + " on days off"
		if last != nil {
			e += "; latest " + last.Date.Weekday().String()[:3] + " " + last.Date.String()
			if last.Time != NoTime {
				e += " " + last.Time.String()
			}
		}
		raise(FlagAfterHours, e)
	}
	if c.Contacts > 0 && median > 0 && c.ContactsPerMonth >= r.ContactRatio*median {
		raise(FlagHighContact, num1(c.ContactsPerMonth)+" contacts a month, "+num1(c.ContactsPerMonth/median)+
			"× the median of "+num1(median)+" (limit "+num1(r.ContactRatio)+"×)")
	}
	asked := countSignal(c.ContactLines, "discount_request")
	credits := c.CreditNotes > 0 && float64(c.CreditNotes) >= r.CreditShare*float64(c.Invoiced)
	if credits || asked > 0 {
		var parts []string
		if credits {
			p := plural(c.CreditNoteCount, "credit note") + " for " + money(c.CreditNotes)
			if c.Invoiced > 0 {
				p += ", " + pct(float64(c.CreditNotes)/float64(c.Invoiced)) + " of " + money(c.Invoiced) + " invoiced"
			}
			parts = append(parts, p)
		}
		if asked > 0 {
			parts = append(parts, plural(asked, "contact")+" asking for a discount")
		}
		raise(FlagDiscounts, strings.Join(parts, "; "))
	}
	if dates := signalDates(c.ContactLines, "abuse"); len(dates) > 0 {
		raise(FlagAbuse, plural(len(dates), "contact")+" tagged as abusive: "+listDates(dates))
	}
	if dates := signalDates(c.ContactLines, "scope_change"); len(dates) >= 3 {
		raise(FlagScopeChange, plural(len(dates), "contact")+" about scope changes or rework: "+listDates(dates))
	}
	if c.RevenueShare.Valid && c.RevenueShare.Value >= r.ConcentrationShare {
		raise(FlagConcentration, pct(c.RevenueShare.Value)+" of all revenue (threshold "+pct(r.ConcentrationShare)+")")
	}
	return flags
}

func costsInWords(c *ClientResult, money func(Money) string) string {
	parts := []string{"support " + money(c.SupportCost) + " (" + plural(c.Contacts, "contact") + ")"}
	if c.DeliveryCost != 0 {
		parts = append(parts, "delivery "+money(c.DeliveryCost))
	}
	if c.LatePaymentCost != 0 {
		parts = append(parts, "late-payment cost "+money(c.LatePaymentCost))
	}
	return strings.Join(parts, ", ")
}

// worstLate returns the invoice with the most days late (the earliest on a
// tie), or nil when none is late.
func worstLate(lines []InvoiceLine) *InvoiceLine {
	var w *InvoiceLine
	for k := range lines {
		l := &lines[k]
		if !l.Credit && l.DaysLate > 0 && (w == nil || l.DaysLate > w.DaysLate) {
			w = l
		}
	}
	return w
}

func countSignal(lines []ContactLine, signal string) int {
	return len(signalDates(lines, signal))
}

func signalDates(lines []ContactLine, signal string) []Date {
	var ds []Date
	for k := range lines {
		for _, s := range lines[k].Signals {
			if s == signal {
				ds = append(ds, lines[k].Date)
				break
			}
		}
	}
	return ds
}

// listDates lists up to three dates, the latest last, and how many more.
func listDates(ds []Date) string {
	const most = 3
	var parts []string
	start := max(0, len(ds)-most)
	for _, d := range ds[start:] {
		parts = append(parts, d.String())
	}
	s := strings.Join(parts, ", ")
	if start > 0 {
		s = "… " + s
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return itoa(n) + " " + noun + "s"
}

// pct writes a fraction as a percentage with at most one decimal: 0.2 is
// "20%", 0.1234 is "12.3%".
func pct(f float64) string {
	return num1(f*100) + "%"
}

// num1 writes x with at most one decimal, dropping a trailing ".0".
func num1(x float64) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s
}

// FormatMoney writes m, in minor units of currency, as plain text for
// sentences and email: "-1,234.56 EUR", "1,200 JPY".
func FormatMoney(m Money, currency string) string {
	digits := MinorDigits(currency)
	neg := m < 0
	u := uint64(m)
	if neg {
		u = uint64(-m)
	}
	scale := uint64(Scale(digits))
	whole, frac := u/scale, u%scale
	ws := strconv.FormatUint(whole, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, ch := range ws {
		if i > 0 && (len(ws)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	if digits > 0 {
		fs := strconv.FormatUint(frac, 10)
		b.WriteByte('.')
		b.WriteString(strings.Repeat("0", digits-len(fs)))
		b.WriteString(fs)
	}
	if currency != "" {
		b.WriteByte(' ')
		b.WriteString(currency)
	}
	return b.String()
}
