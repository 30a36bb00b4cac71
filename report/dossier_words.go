package report

import (
	"math"
	"strconv"
	"strings"

	"clientscore/analysis"
)

// dossierWords is the Dossier sheet's summary in words: one paragraph of
// what the figures say about c, for someone walking into the renewal talk.
// It says only what the figures support: nothing of payment without
// invoices, no margin without revenue, no renewal date it does not have.
func dossierWords(c *analysis.ClientResult, res *analysis.Result) string {
	p := &paragraph{c: c, r: res.Rules}
	p.revenue()
	p.payment()
	p.owed()
	p.support()
	p.verdict()
	p.renewal()
	return strings.Join(p.out, " ")
}

// paragraph builds dossierWords' sentences about c, in order.
type paragraph struct {
	c   *analysis.ClientResult
	r   analysis.Rules
	out []string
}

func (p *paragraph) say(s string) { p.out = append(p.out, s) }

func (p *paragraph) money(m analysis.Money) string { return analysis.FormatMoney(m, p.r.Currency) }

// costs names what the client cost, each kind that is not zero.
func (p *paragraph) costs() []string {
	c := p.c
	var costs []string
	for _, k := range []struct {
		m    analysis.Money
		what string
	}{
		{c.DeliveryCost, " to deliver"}, {c.SupportCost, " to support"}, {c.Expenses, " in expenses"},
		{c.LatePaymentCost, " waiting for late payment"},
	} {
		if k.m > 0 {
			costs = append(costs, p.money(k.m)+k.what)
		}
	}
	return costs
}

// revenue says what the client brought against what it cost.
func (p *paragraph) revenue() {
	c, r := p.c, p.r
	window := "in the " + plural(r.WindowMonths, "month") + " to " + dateWords(r.AsOf)
	costs := p.costs()
	cost := "cost nothing to serve"
	if len(costs) > 0 {
		cost = "cost " + joinWords(costs)
	}
	var result string
	switch {
	case c.Profit > 0:
		result = "a profit of " + p.money(c.Profit)
	case c.Profit < 0:
		result = "a loss of " + p.money(-c.Profit)
	default:
		result = "it broke even"
	}
	switch {
	case c.Revenue > 0:
		p.say(c.Name + " brought " + p.money(c.Revenue) + " of revenue " + window + " and " + cost + ": " +
			result + " (" + percentWords(c.Margin.Value) + " margin).")
	case c.Invoices == 0 && c.CreditNoteCount == 0:
		s := c.Name + " was not invoiced " + window
		if len(costs) > 0 {
			s += " but " + cost + ": " + result
		}
		p.say(s + ".")
	default:
		s := c.Name + " brought no revenue " + window + " (invoiced " + p.money(c.Invoiced) + ", credit notes " + p.money(c.CreditNotes) + ")"
		if len(costs) > 0 || c.Profit != 0 {
			s += " and " + cost + ": " + result
		}
		p.say(s + ".")
	}
}

// payment says how many invoices were paid late or are still open past
// their due date.
func (p *paragraph) payment() {
	c, r := p.c, p.r
	if c.Invoices == 0 {
		return
	}
	var paidLate, openLate int
	for _, l := range c.InvoiceLines {
		if l.Credit || l.LateUnknown || l.DaysLate <= r.GraceDays {
			continue
		}
		if l.Settled.IsZero() {
			openLate++
		} else {
			paidLate++
		}
	}
	late := "late"
	if r.GraceDays > 0 {
		late = "more than " + plural(r.GraceDays, "day") + " late"
	}
	avg := ""
	if c.AvgDaysLate.Valid && c.Invoices > 1 {
		avg = "; its invoices were " + daysWords(c.AvgDaysLate.Value) + " late on average"
		if c.MaxDaysLate.Valid {
			avg += " (worst " + plural(int(c.MaxDaysLate.Value), "day") + ")"
		}
	}
	n := strconv.Itoa(c.Invoices)
	switch {
	case paidLate+openLate == 0 && c.Invoices == 1:
		p.say("Its only invoice was not " + late + ".")
	case paidLate+openLate == 0:
		p.say("None of its " + n + " invoices was " + late + ".")
	case c.Invoices == 1 && paidLate == 1:
		p.say("It paid its only invoice " + plural(int(c.MaxDaysLate.Value), "day") + " late.")
	case c.Invoices == 1:
		p.say("Its only invoice is still open, " + plural(int(c.MaxDaysLate.Value), "day") + " past its due date.")
	case openLate == 0:
		p.say("It paid " + strconv.Itoa(paidLate) + " of " + n + " invoices " + late + avg + ".")
	case paidLate == 0:
		p.say("It has " + strconv.Itoa(openLate) + " of " + n + " invoices still open past their due date" + avg + ".")
	default:
		p.say("It paid " + strconv.Itoa(paidLate) + " of " + n + " invoices " + late + " and has " +
			strconv.Itoa(openLate) + " more still open past their due date" + avg + ".")
	}
}

// owed says what the client owes, and what it paid that went to no
// invoice.
func (p *paragraph) owed() {
	c := p.c
	switch {
	case c.Outstanding > 0 && c.Overdue == c.Outstanding:
		p.say("It owes " + p.money(c.Outstanding) + ", all of it overdue.")
	case c.Outstanding > 0 && c.Overdue > 0:
		p.say("It owes " + p.money(c.Outstanding) + ", " + p.money(c.Overdue) + " of it overdue.")
	case c.Outstanding > 0:
		p.say("It owes " + p.money(c.Outstanding) + ", none of it overdue yet.")
	}
	if c.Unapplied > 0 {
		p.say("It has " + p.money(c.Unapplied) + " of payments not applied to any invoice (credit on account).")
	}
}

// support says how often the client disputed and asked for support.
func (p *paragraph) support() {
	c := p.c
	if c.Disputes > 0 {
		s := "It raised " + plural(c.Disputes, "dispute")
		if c.DisputeRate.Valid {
			s += " (" + percentWords(c.DisputeRate.Value) + " of its invoices)"
		}
		p.say(s + ".")
	}
	if c.Contacts == 0 {
		p.say("It made no support contacts.")
		return
	}
	s := "It made " + plural(c.Contacts, "support contact")
	if c.SupportHours > 0 {
		s += " taking " + numberText(c.SupportHours) + " hours"
	}
	if c.AfterHours > 0 {
		s += ", " + strconv.Itoa(c.AfterHours) + " of them after hours"
	}
	p.say(s + ".")
}

// verdict gives the verdict and the price change the renewal needs.
func (p *paragraph) verdict() {
	c, r := p.c, p.r
	v := "Verdict: " + c.Verdict.String()
	if len(c.Flags) > 0 {
		v += " (" + flagCodes(c.Flags) + ")"
	}
	p.say(v + ".")
	target := percentWords(r.MinMargin)
	switch {
	case c.PriceChange.Valid:
		p.say("To reach the " + target + " target margin prices must rise " + percentWords(c.PriceChange.Value) + ".")
	case c.Revenue <= 0:
		if len(p.costs()) > 0 {
			p.say("With no revenue, no price change can be worked out.")
		}
	case c.Margin.Valid && c.Margin.Value >= r.MinMargin:
		p.say("Its margin meets the " + target + " target, so no price rise is needed.")
	default:
		p.say("No price reaches the " + target + " target margin with a delivery ratio of " + percentWords(r.DeliveryRatio) + ".")
	}
}

// renewal says when the contract renews and who owns the account.
func (p *paragraph) renewal() {
	c, r := p.c, p.r
	switch n := analysis.Days(r.AsOf, c.RenewalDate); {
	case c.RenewalDate.IsZero():
		p.say("No renewal date is on record.")
	case n > 0:
		p.say("Renewal is due " + dateWords(c.RenewalDate) + ", in " + plural(n, "day") + ".")
	case n == 0:
		p.say("Renewal is due " + dateWords(c.RenewalDate) + ", the as-of date.")
	default:
		p.say("Renewal was due " + dateWords(c.RenewalDate) + ", " + plural(-n, "day") + " before the as-of date.")
	}
	if c.Owner != "" {
		p.say("Account owner: " + c.Owner + ".")
	}
}

// joinWords joins a list as prose: "a", "a and b", "a, b and c".
func joinWords(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// percentWords writes a fraction as a percentage for prose, with at most
// one decimal and a true minus sign: 0.375 is "37.5%", −0.27 is "−27%".
func percentWords(f float64) string {
	v := math.Round(f*1000) / 10
	if v == 0 {
		v = 0 // no "-0"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', -1, 64) + "%"
	if v < 0 {
		s = "−" + s
	}
	return s
}

// daysWords writes a number of days for prose with at most one decimal:
// "1 day", "63.6 days".
func daysWords(d float64) string {
	v := math.Round(d*10) / 10
	if v == 1 {
		return "1 day"
	}
	return strconv.FormatFloat(v, 'f', -1, 64) + " days"
}
