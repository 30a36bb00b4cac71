package analysis

import (
	"math"
	"strconv"
	"strings"
)

// raiseFlags raises each client's flags with their evidence, gives the
// verdict and counts the verdicts into the portfolio. facts[i] are the
// facts of res.Clients[i]'s records.
func raiseFlags(res *Result, facts []flagFacts) {
	r := res.Rules
	median := res.Portfolio.MedianContactsPerMonth
	for i := range res.Clients {
		c := &res.Clients[i]
		c.Flags = flagsWith(c, &facts[i], r, median)
		c.Verdict = verdictOf(c.Flags)
		if facts[i].inactive {
			c.Verdict = Inactive
		}
		res.Portfolio.Verdicts[c.Verdict]++
	}
}

// flagFacts are what the flags' evidence in words tells of a client's
// records beyond its figures. Analyze works them out from the records
// while it computes the figures, so that no flag needs the lines.
type flagFacts struct {
	// The invoice with the most days late, the earliest in InvoiceLines
	// order on a tie.
	hasWorst    bool
	worstNumber string
	worstLate   int
	worstOpen   bool // still open at AsOf

	// The latest dispute (the last of DisputeLines).
	hasDispute         bool
	lastDispute        Date
	lastDisputeInvoice string

	// After-hours contacts on business days and on days off, and the last
	// of them in ContactLines order.
	night, weekend int
	hasLastAfter   bool
	lastAfter      Date
	lastAfterTime  TimeOfDay

	discounts    int      // contacts asking for a discount
	abuse, scope dateTail // dates of contacts tagged abusive, about scope changes

	// inactive: no invoice, payment, contact, time or expense in the
	// window (SPEC §5): no flags, verdict Inactive.
	inactive bool
	// held: a figure was too large and was held at maxFigure.
	held bool
}

// afterHours counts an after-hours contact at date d and time t, the
// contacts taken in ContactLines order.
func (f *flagFacts) afterHours(d Date, t TimeOfDay, r Rules) {
	if r.BusinessDays[d.Weekday()] {
		f.night++
	} else {
		f.weekend++
	}
	f.hasLastAfter, f.lastAfter, f.lastAfterTime = true, d, t
}

// signals counts a contact on date d carrying the signal bits bits, the
// contacts taken in ContactLines order.
func (f *flagFacts) signals(bits uint8, d Date) {
	if bits&signalAbuse != 0 {
		f.abuse.add(d)
	}
	if bits&signalScopeChange != 0 {
		f.scope.add(d)
	}
	if bits&signalDiscount != 0 {
		f.discounts++
	}
}

// dateTail counts dates and keeps the last few of them, as many as the
// evidence lists.
type dateTail struct {
	n    int
	last [listedDates]Date // the last min(n, listedDates) dates end it
}

func (t *dateTail) add(d Date) {
	copy(t.last[:], t.last[1:])
	t.last[len(t.last)-1] = d
	t.n++
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

// flagsWith raises the flags of c, whose records tell the facts f. An
// inactive client has none.
func flagsWith(c *ClientResult, f *flagFacts, r Rules, median float64) []Flag {
	if f.inactive {
		return nil
	}
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
		raise(FlagLowMargin, "margin "+pctUnder(c.Margin.Value, r.MinMargin)+" is under the "+pct(r.MinMargin)+" minimum: profit "+
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
		if f.hasWorst {
			open := ""
			if f.worstOpen {
				open = ", still open"
			}
			parts[len(parts)-1] += ", worst " + f.worstNumber + " (" + itoa(f.worstLate) + " days" + open + ")"
		}
		raise(FlagLatePayer, strings.Join(parts, "; "))
	}
	if c.Disputes > 0 && (c.Disputes >= r.DisputesCount || (c.DisputeRate.Valid && c.DisputeRate.Value >= r.DisputesRate)) {
		e := plural(c.Disputes, "dispute") + " on " + plural(c.Invoices, "invoice")
		if c.DisputeRate.Valid {
			e += " (" + pct(c.DisputeRate.Value) + ")"
		}
		if f.hasDispute {
			e += ", latest " + f.lastDispute.Words()
			if f.lastDisputeInvoice != "" {
				e += " on " + f.lastDisputeInvoice
			}
		}
		raise(FlagDisputes, e)
	}
	if c.AfterHours > 0 && c.AfterHours >= r.AfterHoursMin && float64(c.AfterHours) >= r.AfterHoursShare*float64(c.Contacts) {
		e := itoa(c.AfterHours) + " of " + plural(c.Contacts, "contact") + " after hours (" +
			pct(float64(c.AfterHours)/float64(c.Contacts)) + "): " + itoa(f.night) + " outside business hours, " +
			itoa(f.weekend) + " on days off"
		if f.hasLastAfter {
			e += "; latest " + f.lastAfter.Weekday().String()[:3] + " " + f.lastAfter.Words()
			if f.lastAfterTime != NoTime {
				e += " " + f.lastAfterTime.String()
			}
		}
		raise(FlagAfterHours, e)
	}
	if c.Contacts > 0 && median > 0 && c.ContactsPerMonth >= r.ContactMin && c.ContactsPerMonth >= r.ContactRatio*median {
		raise(FlagHighContact, highContactWords(c.Contacts, c.ContactsPerMonth, median, r))
	}
	asked := f.discounts
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
	if f.abuse.n > 0 {
		raise(FlagAbuse, plural(f.abuse.n, "contact")+" tagged as abusive: "+listDates(f.abuse))
	}
	if f.scope.n >= 3 {
		raise(FlagScopeChange, plural(f.scope.n, "contact")+" about scope changes or rework: "+listDates(f.scope))
	}
	if c.RevenueShare.Valid && c.RevenueShare.Value >= r.ConcentrationShare {
		raise(FlagConcentration, pct(c.RevenueShare.Value)+" of all revenue (threshold "+pct(r.ConcentrationShare)+")")
	}
	return flags
}

// costsInWords lists a client's costs: support always, the others when
// they are not zero.
func costsInWords(c *ClientResult, money func(Money) string) string {
	parts := []string{"support " + money(c.SupportCost) + " (" + plural(c.Contacts, "contact") + ")"}
	if c.DeliveryCost != 0 {
		parts = append(parts, "delivery "+money(c.DeliveryCost))
	}
	if c.Expenses != 0 {
		parts = append(parts, "expenses "+money(c.Expenses))
	}
	if c.LatePaymentCost != 0 {
		parts = append(parts, "late-payment cost "+money(c.LatePaymentCost))
	}
	return strings.Join(parts, ", ")
}

// highContactWords is HIGH_CONTACT's evidence in counts over the window,
// which every client shares, so that the ratio it prints is exactly the
// ratio of the two counts it prints: "59 contacts in 12 months (4.9 a
// month), 29.5× the median client's 2 (limit 3× and 4 a month)". A
// median of per-month rates over one window is a count, or half the sum
// of two, over the window's months: a whole or half number once
// multiplied back.
func highContactWords(contacts int, perMonth, median float64, r Rules) string {
	months := r.WindowMonths
	medianCount := math.Round(median*float64(months)*2) / 2
	return plural(contacts, "contact") + " in " + plural(months, "month") + " (" + num1(perMonth) + " a month), " +
		num1(float64(contacts)/medianCount) + "× the median client's " + num1(medianCount) +
		" (limit " + num1(r.ContactRatio) + "× and " + num1(r.ContactMin) + " a month)"
}

// listedDates is how many dates the evidence of a flag lists.
const listedDates = 3

// listDates lists the last listedDates of the dates t counted, the latest
// last, after "…" when there are more.
func listDates(t dateTail) string {
	var parts []string
	for _, d := range t.last[len(t.last)-min(t.n, len(t.last)):] {
		parts = append(parts, d.Words())
	}
	s := strings.Join(parts, ", ")
	if t.n > len(t.last) {
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

// pctUnder writes fraction f, which is under limit, as a percentage with
// as many decimals as it takes to read as under it (one at most, unless
// more are needed; four at most): 0.1996 under 0.20 is "19.96%", not the
// "20%" of pct.
func pctUnder(f, limit float64) string {
	for d := 1; d < 4; d++ {
		s := numN(f*100, d)
		if v, err := strconv.ParseFloat(s, 64); err == nil && v < limit*100 {
			return s + "%"
		}
	}
	return numN(f*100, 4) + "%"
}

// num1 writes x with at most one decimal, dropping a trailing ".0".
func num1(x float64) string { return numN(x, 1) }

// numN writes x with at most d decimals (d ≥ 1), dropping trailing zeros.
func numN(x float64, d int) string {
	s := strconv.FormatFloat(x, 'f', d, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
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
